"""Who may log in, and how: passwords, browser sessions and API tokens.

Secrets are never stored as given. Passwords are Argon2 hashes (slow on purpose, so a stolen
database does not give the passwords back); session ids and API tokens are long random
strings, stored as their SHA-256, so the table alone cannot be replayed against the server.
The CLI and the web app both manage users through these functions, so an account made with
``polon users add`` is the same account the login page checks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import DateTime, ForeignKey, String, delete, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from polon.ledger import audit
from polon.ledger.models import Base, Role, User, utcnow
from polon.ledger.users import find_user

SESSION_HOURS = 12
TOKEN_PREFIX = "polon_"
_hasher = PasswordHasher()


class AccountError(ValueError):
    """A user operation that cannot be done (unknown user, bad role, weak password)."""


class ApiToken(Base):
    """A token for scripts; a user may hold several, each revocable on its own."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class WebSession(Base):
    """A logged-in browser. The cookie holds the id; the row holds its CSRF token."""

    __tablename__ = "web_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


@dataclass(frozen=True)
class Principal:
    """The user a request acts as; ``user_id`` is None for an anonymous public visitor."""

    user_id: int | None
    name: str
    role: str
    csrf: str | None = None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def add_user(session: Session, name: str, role: str, password: str, actor_id: int | None) -> User:
    if role not in set(Role):
        raise AccountError(f"unknown role {role!r}: admin, editor, analyst or viewer")
    name = name.strip()
    if not name or len(name) > 120:
        raise AccountError("a user name must have 1 to 120 characters")
    if len(password) < 10:
        raise AccountError("a password must have at least 10 characters")
    user = find_user(session, name)
    if user is not None and user.password_hash:
        raise AccountError(f"user {name!r} exists already")
    before = audit.snapshot(user) if user is not None else None
    if user is None:  # the CLI may have acted under this name already, without a password
        user = User(name=name, role=role)
        session.add(user)
    user.role, user.password_hash, user.disabled = role, _hasher.hash(password), False
    session.flush()
    audit.record(
        session, actor_id, "user_add", user, _redacted(before), _redacted(audit.snapshot(user))
    )
    return user


def _redacted(snapshot: dict | None) -> dict | None:
    """Audit entries say that a password or a second factor changed, never what it is (not
    even a password's hash: the TOTP secret is a key, and a hash is a guessing target)."""
    if snapshot is None:
        return None
    hidden = ("password_hash", "totp_secret")
    return {**snapshot, **{key: "<set>" if snapshot.get(key) else None for key in hidden}}


def get_user(session: Session, name: str) -> User:
    user = find_user(session, name)
    if user is None:
        raise AccountError(f"no user called {name!r}")
    return user


def list_users(session: Session) -> list[dict]:
    users = session.scalars(select(User).order_by(User.name))
    return [
        {
            "id": u.id,
            "name": u.name,
            "role": u.role,
            "disabled": u.disabled,
            "can_log_in": bool(u.password_hash) and not u.disabled,
            "totp": u.totp_secret is not None,
            "created_at": u.created_at.isoformat(timespec="seconds"),
        }
        for u in users
    ]


def disable_user(session: Session, name: str, actor_id: int | None) -> User:
    """Disable the account and end its sessions and tokens at once, not at their expiry."""
    user = get_user(session, name)
    before = _redacted(audit.snapshot(user))
    user.disabled = True
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    now = utcnow()
    for token in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)):
        token.revoked_at = token.revoked_at or now
    session.flush()
    audit.record(session, actor_id, "user_disable", user, before, _redacted(audit.snapshot(user)))
    return user


def issue_token(session: Session, name: str, actor_id: int | None) -> str:
    """A new API token for ``name``; it is shown once and only its hash is kept."""
    user = get_user(session, name)
    if user.disabled:
        raise AccountError(f"user {name!r} is disabled")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=digest(token))
    session.add(row)
    session.flush()
    audit.record(session, actor_id, "token_issue", row)
    return token


def check_password(session: Session, name: str, password: str) -> User | None:
    """The user if ``password`` is theirs and they may log in; None otherwise.

    An unknown name costs one hash too, so response time does not tell which names exist.
    """
    user = find_user(session, name)
    stored = user.password_hash if user is not None else None
    try:
        _hasher.verify(stored or _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or stored is None or user.disabled:
        return None
    return user


_DUMMY = _hasher.hash("not a password of anyone")


def open_session(session: Session, user: User) -> tuple[str, str]:
    """A fresh session id (never one the browser brought: no fixation) and its CSRF token."""
    session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = utcnow() + dt.timedelta(hours=SESSION_HOURS)
    session.add(WebSession(id_hash=digest(session_id), user_id=user.id, csrf=csrf,
                           expires_at=expires))  # fmt: skip
    session.execute(delete(WebSession).where(WebSession.expires_at < utcnow()))
    return session_id, csrf


def close_session(session: Session, session_id: str) -> None:
    session.execute(delete(WebSession).where(WebSession.id_hash == digest(session_id)))


def by_session(session: Session, session_id: str) -> Principal | None:
    row = session.execute(
        select(User.id, User.name, User.role, WebSession.csrf)
        .join(WebSession, WebSession.user_id == User.id)
        .where(WebSession.id_hash == digest(session_id), WebSession.expires_at > utcnow())
        .where(User.disabled.is_(False))
    ).first()
    return Principal(*row) if row is not None else None


def by_token(session: Session, token: str) -> Principal | None:
    """Columns, not a ``User`` object: every API request asks this, and loading an entity
    into the session costs more than the indexed lookup itself."""
    row = session.execute(
        select(User.id, User.name, User.role)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == digest(token), ApiToken.revoked_at.is_(None))
        .where(User.disabled.is_(False))
    ).first()
    return Principal(*row) if row is not None else None


# --- the second factor (RFC 6238) ------------------------------------------------------------
TOTP_ROLES = frozenset({Role.ADMIN, Role.EDITOR})
TOTP_ISSUER = "Polon"


def enrol_totp(session: Session, name: str, actor_id: int | None) -> tuple[str, str]:
    """Give ``name`` a new TOTP secret; returns it and the ``otpauth://`` URI for an app.

    Only roles that change the ledger or its accounts: their passwords are what an attacker
    wants most. A user who has one already keeps it until it is removed, so a slip of the
    keyboard cannot lock someone out of their authenticator app.
    """
    user = get_user(session, name)
    if user.role not in TOTP_ROLES:
        raise AccountError(
            f"user {name!r} is {user.role}: a second factor is for admin and editor accounts"
        )
    if user.totp_secret is not None:
        raise AccountError(f"user {name!r} has a second factor already: remove it with --off first")
    before = _redacted(audit.snapshot(user))
    user.totp_secret, user.totp_step = pyotp.random_base32(), None
    session.flush()
    audit.record(session, actor_id, "totp_enrol", user, before, _redacted(audit.snapshot(user)))
    uri = pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.name, issuer_name=TOTP_ISSUER)
    return user.totp_secret, uri


def remove_totp(session: Session, name: str, actor_id: int | None) -> User:
    user = get_user(session, name)
    if user.totp_secret is None:
        raise AccountError(f"user {name!r} has no second factor")
    before = _redacted(audit.snapshot(user))
    user.totp_secret, user.totp_step = None, None
    session.flush()
    audit.record(session, actor_id, "totp_remove", user, before, _redacted(audit.snapshot(user)))
    return user


def check_code(session: Session, user: User, code: str) -> bool:
    """Is ``code`` the user's current TOTP code (one 30 s step of clock drift either way),
    never accepted before? The step is claimed with one conditional UPDATE, so two requests
    racing with the same code cannot both win."""
    code = code.replace(" ", "")
    if user.totp_secret is None or len(code) != 6 or not code.isdigit():
        return False
    try:
        step = pyotp.TOTP(user.totp_secret).verify_and_get_timecode(code, valid_window=1)
    except pyotp.OTPVerificationError:
        return False
    claimed = session.execute(
        update(User)
        .where(User.id == user.id, or_(User.totp_step.is_(None), User.totp_step < step))
        .values(totp_step=step)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1
