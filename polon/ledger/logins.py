"""Login state that every server process must agree on: recent failed logins (the rate
limit) and logins waiting for their TOTP code.

It lives in the ledger, not in one process's memory, so that ``polon serve --workers N``, or
two servers over one ledger, count an account's failures together (an attacker cannot get
five guesses per process) and finish a login in whichever process its code reaches. Keys
and tickets are stored as SHA-256: a failure's key holds what was typed as a user name, and
people do type their password there by mistake.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, String, Text, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from polon.ledger.accounts import digest
from polon.ledger.db import transaction
from polon.ledger.models import Base, User, utcnow

Sessions = Callable[[], Session]


class LoginFailure(Base):
    """One failed login, counted against the address and against the name it tried."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class PendingLogin(Base):
    """A login whose password was right and whose TOTP code is still to come."""

    __tablename__ = "pending_logins"
    ticket_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    target: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


def _keys(address: str, name: str) -> list[str]:
    return [digest(f"ip:{address}"), _name_key(name)]


def _name_key(name: str) -> str:
    return digest(f"user:{name.lower()}")


class LoginLimiter:
    """At most ``attempts`` failed logins per ``window`` seconds, per address and per name.

    Counting per name stops one account being guessed from many addresses; per address stops
    one address trying many names. The check and the count are separate steps, so a burst of
    guesses sent at the same moment can get a few past the limit before the lock holds.
    """

    def __init__(self, sessions: Sessions, attempts: int = 5, window: float = 900.0) -> None:
        self.sessions, self.attempts = sessions, attempts
        self.window = dt.timedelta(seconds=window)

    def retry_after(self, address: str, name: str) -> int:
        """Seconds until another try is allowed; 0 when it is allowed now."""
        now = utcnow()
        with self.sessions() as session:
            rows = session.execute(
                select(LoginFailure.key_hash, LoginFailure.at)
                .where(LoginFailure.key_hash.in_(_keys(address, name)))
                .where(LoginFailure.at > now - self.window)
                .order_by(LoginFailure.at.desc())
            ).all()
        latest: dict[str, list[dt.datetime]] = {}
        for key, at in rows:
            latest.setdefault(key, []).append(at)
        # locked until the failure that made the count reach the limit leaves the window
        waits = [
            (times[self.attempts - 1] + self.window - now).total_seconds()
            for times in latest.values()
            if len(times) >= self.attempts
        ]
        return int(max(waits)) + 1 if waits else 0

    def failed(self, address: str, name: str) -> None:
        now = utcnow()
        with transaction(self.sessions) as session:
            session.execute(delete(LoginFailure).where(LoginFailure.at <= now - self.window))
            session.add_all(LoginFailure(key_hash=key, at=now) for key in _keys(address, name))

    def succeeded(self, name: str) -> None:
        with transaction(self.sessions) as session:
            session.execute(delete(LoginFailure).where(LoginFailure.key_hash == _name_key(name)))


@dataclass(frozen=True)
class Pending:
    user_id: int
    name: str
    target: str


class PendingLogins:
    """Logins half done: the browser holds a random ticket (a cookie), the ledger holds whose
    login it is and where it was going, for ``ttl`` seconds. Expired tickets are cleared
    whenever a new one starts."""

    def __init__(self, sessions: Sessions, ttl: float = 300.0) -> None:
        self.sessions, self.ttl = sessions, dt.timedelta(seconds=ttl)

    def start(self, user_id: int, target: str) -> str:
        ticket = secrets.token_urlsafe(32)
        now = utcnow()
        with transaction(self.sessions) as session:
            session.execute(delete(PendingLogin).where(PendingLogin.expires_at <= now))
            session.add(PendingLogin(ticket_hash=digest(ticket), user_id=user_id,
                                     target=target, expires_at=now + self.ttl))  # fmt: skip
        return ticket

    def get(self, ticket: str | None) -> Pending | None:
        if not ticket:
            return None
        with self.sessions() as session:
            row = session.execute(
                select(PendingLogin.user_id, User.name, PendingLogin.target)
                .join(User, User.id == PendingLogin.user_id)
                .where(PendingLogin.ticket_hash == digest(ticket))
                .where(PendingLogin.expires_at > utcnow())
            ).first()
        return Pending(*row) if row is not None else None

    def drop(self, ticket: str | None) -> None:
        if ticket:
            with transaction(self.sessions) as session:
                done = PendingLogin.ticket_hash == digest(ticket)
                session.execute(delete(PendingLogin).where(done))
