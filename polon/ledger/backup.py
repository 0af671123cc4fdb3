"""Backups that are consistent while the ledger is being written, and restores that check first.

A backup is one snapshot: SQLite's online backup API copies the file's pages in one read
transaction (under WAL, writers carry on beside it), and ``pg_dump`` reads every table in one
repeatable-read snapshot. Either way the copy holds each transaction whole or not at all. The
copy is written beside its destination and renamed into place only once it has been checked,
so a failed backup never leaves a half file under the name asked for.

A restore refuses what it cannot do safely: a ledger that already has data (unless forced), a
file that is not a Polon backup of the same backend, a schema newer than this code knows.
An older schema is migrated forward after restoring.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import URL, make_url

import polon.ledger.accounts  # noqa: F401 - its tables are part of the ledger
import polon.ledger.logins  # noqa: F401 - and so are these
from polon.ledger import schema
from polon.ledger.db import is_sqlite, transaction
from polon.ledger.ledger import Ledger
from polon.ledger.models import AuditEntry, Base
from polon.ledger.users import find_user

SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(RuntimeError):
    """A backup or restore that did not happen; the message says why, without secrets."""


@dataclass(frozen=True)
class Written:
    path: Path
    backend: str
    revision: str
    size: int
    seconds: float
    checked: str  # what was verified before the copy took its name


@dataclass(frozen=True)
class Restored:
    path: Path
    backend: str
    revision: str  # the backup's schema
    migrated_to: str | None  # the schema after upgrading an older backup, if it was older
    seconds: float


def backup(ledger: Ledger, path: Path) -> Written:
    """Write a consistent copy of the ledger to ``path`` (replacing a file already there)."""
    started = time.perf_counter()
    revision = schema.current_revision(ledger.engine)
    if revision is None:
        raise BackupError(f"{ledger.display_url} has no Polon schema to back up")
    path = Path(path)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    partial = Path(name)
    try:
        if is_sqlite(ledger.engine):
            _sqlite_backup(_sqlite_file(ledger), partial)
            backend, checked = "sqlite", "integrity_check ok"
        else:
            _pg_dump(ledger, partial)
            backend, checked = "postgresql", "pg_restore reads the archive back"
        _sync(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    return Written(path, backend, revision, path.stat().st_size, seconds, checked)


def _sqlite_file(ledger: Ledger) -> Path:
    return Path(make_url(ledger.url).database or "")


def _sqlite_backup(source_file: Path, target: Path) -> None:
    source = sqlite3.connect(f"file:{source_file}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # every page in one step: one read snapshot of the ledger
        # one self-contained file, with no -wal beside it to lose
        copy.execute("PRAGMA journal_mode=DELETE")
        _check_integrity(copy, "the copy")
    except sqlite3.Error as error:
        raise BackupError(f"cannot back up {source_file}: {error}") from error
    finally:
        copy.close()
        source.close()


def _check_integrity(connection: sqlite3.Connection, what: str) -> None:
    problems = connection.execute("PRAGMA integrity_check").fetchall()
    if problems != [("ok",)]:
        raise BackupError(f"{what} failed its integrity check: {problems[:5]}")


def _sync(path: Path) -> None:
    with open(path, "rb") as written:
        os.fsync(written.fileno())


def restore(ledger: Ledger, path: Path, actor: str, force: bool = False) -> Restored:
    """Replace the ledger's contents with the backup at ``path``; see the module docstring
    for what is refused. The restore is recorded in the restored ledger's audit log."""
    started = time.perf_counter()
    path = Path(path)
    kind = identify(path)
    backend = "sqlite" if is_sqlite(ledger.engine) else "postgresql"
    if kind != backend:
        raise BackupError(
            f"{path} is {_describe(kind)}, not a backup of this ledger's backend ({backend})"
        )
    revision = _sqlite_revision(path) if backend == "sqlite" else _pg_revision(path)
    _check_known(ledger, path, revision)
    if not force and has_data(ledger):
        raise BackupError(
            f"{ledger.display_url} already holds data; restoring would replace it "
            "(use --force to replace it)"
        )
    ledger.engine.dispose()  # no pooled connection of ours holds the old ledger open
    if backend == "sqlite":
        _sqlite_restore(path, _sqlite_file(ledger))
    else:
        _pg_restore(ledger, path)
    ledger.engine.dispose()
    migrated = None
    if not schema.is_current(ledger.engine):
        ledger.init()
        migrated = schema.current_revision(ledger.engine)
    _audit(ledger, path, revision, migrated, actor)
    return Restored(path, backend, revision, migrated, time.perf_counter() - started)


def identify(path: Path) -> str:
    """ "sqlite" or "postgresql" by the file's first bytes, or a BackupError saying what it is."""
    try:
        with open(path, "rb") as backup_file:
            head = backup_file.read(16)
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror}") from error
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(b"PGDMP"):
        return "postgresql"
    what = "an empty file" if not head else "neither an SQLite file nor a pg_dump archive"
    raise BackupError(f"{path} is not a Polon backup: it is {what}")


def _describe(backend: str) -> str:
    return {
        "sqlite": "an SQLite database",
        "postgresql": "a PostgreSQL dump (pg_dump custom format)",
    }[backend]


def _sqlite_revision(path: Path) -> str:
    try:
        backed_up = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"cannot open {path}: {error}") from error
    try:
        tables = {
            row[0]
            for row in backed_up.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not {"alembic_version", "sources"} <= tables:
            raise BackupError(f"{path} is an SQLite database but not a Polon ledger")
        problems = backed_up.execute("PRAGMA integrity_check").fetchall()
        if problems != [("ok",)]:
            raise BackupError(f"{path} is damaged: integrity check says {problems[:5]}")
        row = backed_up.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as a ledger: {error}") from error
    finally:
        backed_up.close()
    if row is None:
        raise BackupError(f"{path} is a Polon ledger without a schema revision")
    return row[0]


def _check_known(ledger: Ledger, path: Path, revision: str) -> None:
    scripts = ScriptDirectory.from_config(schema.alembic_config(ledger.engine))
    try:
        known = scripts.get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise BackupError(
            f"{path} was made by a newer Polon (schema {revision}; this version knows up to "
            f"{scripts.get_current_head()}): upgrade Polon, then restore"
        )


def has_data(ledger: Ledger) -> bool:
    """Whether any table of the ledger holds a row (an initialised, empty ledger does not)."""
    existing = set(inspect(ledger.engine).get_table_names())
    with ledger.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            filled = select(text("1")).select_from(table).limit(1)
            if table.name in existing and connection.execute(filled).first():
                return True
    return False


def _sqlite_restore(path: Path, target: Path) -> None:
    """Page by page through the backup API into the open target, never a file copy over it:
    a copy would leave the target's -wal file to be replayed over the restored pages."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    into = sqlite3.connect(target, timeout=30)
    try:
        into.execute("PRAGMA busy_timeout=30000")
        into.execute("PRAGMA journal_mode=WAL")
        source.backup(into)
        into.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _check_integrity(into, "the restored ledger")
    except sqlite3.Error as error:
        raise BackupError(f"cannot restore {path} into {target}: {error}") from error
    finally:
        into.close()
        source.close()


def _audit(ledger: Ledger, path: Path, revision: str, migrated: str | None, actor: str) -> None:
    """The restored ledger's log says it was restored, by whom, from which file. The entry
    goes into the restored data (the log that was there before is what the restore replaced);
    an actor unknown to the backup is named in the entry rather than added as a user."""
    with transaction(ledger._sessions) as session:
        user = find_user(session, actor)
        after = {
            "backup": path.name,
            "revision": revision,
            "migrated_to": migrated,
            "restored_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        if user is None:
            after["by"] = actor
        session.add(
            AuditEntry(
                user_id=user.id if user else None,
                action="restore",
                entity_type="ledger",
                entity_id=None,
                after=after,
            )
        )


# PostgreSQL: pg_dump and pg_restore, with the URL's credentials ------------------------------
def _pg_connection(ledger: Ledger) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password (which goes in the environment, never in an
    argument that ``ps`` shows or an error message repeats)."""
    url = make_url(ledger.url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    # built afresh: URL.set(password=None) leaves the password as it was
    plain = URL.create(
        "postgresql", url.username, None, url.host, url.port, url.database, url.query
    )
    return plain.render_as_string(hide_password=False), env


def _tool(ledger: Ledger | None, *args: str, stdin: bytes | None = None) -> bytes:
    url, env = _pg_connection(ledger) if ledger else ("", dict(os.environ))
    command = [*args, f"--dbname={url}"] if url else list(args)
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, env=env, check=False)
    except FileNotFoundError as error:
        raise BackupError(
            f"{args[0]} not found: install the PostgreSQL client tools (the same major "
            "version as the server or newer) and put them on PATH"
        ) from error
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()
        secret = env.get("PGPASSWORD")
        if secret:
            message = message.replace(secret, "***")
        raise BackupError(f"{args[0]} failed (exit {done.returncode}): {message}")
    return done.stdout


def _pg_schema(ledger: Ledger) -> str:
    with ledger.engine.connect() as connection:
        return connection.execute(text("SELECT current_schema()")).scalar_one()


def _pg_dump(ledger: Ledger, partial: Path) -> None:
    """One repeatable-read snapshot of the ledger's schema, in pg_dump's custom format."""
    _tool(ledger, "pg_dump", "--format=custom", "--no-owner",
          f"--schema={_pg_schema(ledger)}", f"--file={partial}")  # fmt: skip
    _pg_contents(partial)  # the archive reads back and holds a ledger


_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ")


def _pg_contents(path: Path) -> tuple[str, list[str]]:
    """The schema the dump was taken from, and its table of contents."""
    toc = _tool(None, "pg_restore", "--list", str(path)).decode().splitlines()
    tables = {m.group(2): m.group(1) for line in toc if (m := _TOC_TABLE.match(line))}
    if not {"alembic_version", "sources"} <= tables.keys():
        raise BackupError(f"{path} is a PostgreSQL dump but not of a Polon ledger")
    return tables["alembic_version"], toc


def _pg_revision(path: Path) -> str:
    _pg_contents(path)
    data = _tool(None, "pg_restore", "--data-only", "--table=alembic_version", "--file=-",
                 str(path)).decode()  # fmt: skip
    lines = data.splitlines()
    for index, line in enumerate(lines[:-1]):
        if line.startswith("COPY ") and "alembic_version" in line and lines[index + 1] != "\\.":
            return lines[index + 1].strip()
    raise BackupError(f"{path} is a Polon dump without a schema revision")


def _pg_restore(ledger: Ledger, path: Path) -> None:
    """pg_restore (--clean --if-exists --no-owner) writes the SQL, and psql applies it in a
    single transaction after dropping the tables the ledger has now: a ledger at a newer
    schema than the backup has tables the backup's --clean knows nothing of. Anything
    failing rolls the whole restore back and leaves the ledger as it was."""
    dumped, toc = _pg_contents(path)
    current = _pg_schema(ledger)
    if dumped != current:
        raise BackupError(
            f"{path} holds a ledger in schema {dumped!r}, this ledger is in schema "
            f"{current!r}: restore into a database whose search_path is {dumped!r}"
        )
    objects = [line for line in toc if not re.match(r"^\d+; \d+ \d+ SCHEMA ", line)]
    with tempfile.NamedTemporaryFile("w", suffix=".list") as listing:
        listing.write("\n".join(objects) + "\n")
        listing.flush()
        script = _tool(None, "pg_restore", "--clean", "--if-exists", "--no-owner",
                       f"--use-list={listing.name}", "--file=-", str(path))  # fmt: skip
    drops = "".join(
        f'DROP TABLE IF EXISTS "{current}"."{table}" CASCADE;\n'
        for table in inspect(ledger.engine).get_table_names()
    )
    _tool(ledger, "psql", "--no-psqlrc", "--quiet", "--single-transaction",
          "--set=ON_ERROR_STOP=1", stdin=drops.encode() + script)  # fmt: skip
