"""Engines and sessions; every SQLite/PostgreSQL difference lives here.

The same ledger code runs on an embedded SQLite file and on a PostgreSQL server. SQLite needs
foreign keys switched on and WAL journaling for one writer beside many readers; a busy timeout
keeps a second writer waiting instead of failing with "database is locked".
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB = "polon.db"
ENV_VAR = "POLON_DB"


def resolve_url(db: str | None = None) -> str:
    """Turn ``--db``/``POLON_DB`` (a file path or an SQLAlchemy URL) into a URL.

    A bare path is an SQLite file; ``postgresql://`` URLs are pinned to psycopg 3 so a
    newcomer does not need to know the driver name.
    """
    value = db or os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    url = make_url(value)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI types
    cursor = dbapi_connection.cursor()
    # The busy timeout first: switching to WAL may wait for another process's lock too.
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


WRITE = "polon_write"


def _sqlite_begin(conn) -> None:  # noqa: ANN001
    # A write transaction takes the write lock up front (BEGIN IMMEDIATE), so two writers
    # queue on busy_timeout instead of one failing when it upgrades a read lock. Readers
    # begin deferred and read their WAL snapshot without waiting for any writer.
    write = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    """Create an engine configured for the dialect behind ``url``."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"isolation_level": None})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that flush when the ledger code says so, not before every query.

    Builders flush after each claim (and wherever they need an id), so a query never misses
    an entity written earlier in the same transaction; autoflush on every lookup cost more
    than half of ingest time for nothing.
    """
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)


_WRITERS: WeakKeyDictionary[Engine, threading.Lock] = WeakKeyDictionary()


def _writer_lock(factory: sessionmaker[Session]) -> AbstractContextManager:
    """SQLite has one writer at a time. Threads of one process (the web server's) queue on a
    lock here and each starts the moment the last one commits; left to SQLite's busy handler
    they would sleep and poll, which put 0.5–1 s tails on audited page views under load.
    Other processes still queue on busy_timeout."""
    engine = factory.kw.get("bind")
    if engine is None or not is_sqlite(engine):
        return nullcontext()
    return _WRITERS.setdefault(engine, threading.Lock())


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work that writes: everything inside commits together or not at all."""
    with _writer_lock(factory), factory() as session, session.begin():
        session.connection(execution_options={WRITE: True})
        yield session
