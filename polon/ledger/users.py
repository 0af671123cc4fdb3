"""Who is acting. The CLI acts as a local user; the web app will act as its logged-in user."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ledger.models import Role, User


def find_user(session: Session, name: str) -> User | None:
    return session.scalar(select(User).where(User.name == name))


def ensure_user(session: Session, name: str, role: Role = Role.ADMIN) -> User:
    """Return the user called ``name``, creating it with ``role`` on first use.

    Whoever runs the CLI against a database already holds its file or its credentials, so
    the local operator is an admin; roles matter for the web app, where that is not so.
    """
    user = find_user(session, name)
    if user is None:
        user = User(name=name, role=role)
        session.add(user)
        session.flush()
    return user
