"""The schema is made by Alembic migrations and matches the models on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from polon.ledger import Ledger, LedgerError
from polon.ledger import schema as ledger_schema
from polon.ledger.models import Base


def test_migrations_build_exactly_the_models(ledger: Ledger):
    with ledger.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert ledger_schema.is_current(ledger.engine)


def test_init_twice_changes_nothing(ledger: Ledger):
    before = sorted(inspect(ledger.engine).get_table_names())
    ledger.init()
    assert sorted(inspect(ledger.engine).get_table_names()) == before
    assert {"sources", "claims", "audit_log", "exchanges", "figures"} <= set(before)


def test_ensure_ready_asks_for_init(db_url: str):
    with Ledger(db_url) as fresh:
        try:
            fresh.ensure_ready()
        except LedgerError as error:
            assert "polon init" in str(error)
        else:
            raise AssertionError("an empty database must not pass as a ledger")


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path):
    with Ledger.open(str(tmp_path / "x.db")) as ledger:
        ledger.init()
        with ledger.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_resolve_url_forms(tmp_path, monkeypatch):
    from polon.ledger.db import resolve_url

    monkeypatch.delenv("POLON_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'polon.db'}"
    assert resolve_url("a/b.db") == f"sqlite:///{tmp_path / 'a' / 'b.db'}"
    assert resolve_url("postgresql://u@h/db").startswith("postgresql+psycopg://u@h/db")
    monkeypatch.setenv("POLON_DB", "env.db")
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.db'}"


def test_sqlite_readers_do_not_wait_for_a_writer(tmp_path):
    """WAL lets the web app and `polon exchanges` read while an ingest holds the write lock."""
    import threading

    from polon.ledger.db import transaction

    with Ledger.open(str(tmp_path / "busy.db")) as ledger:
        ledger.init()
        results: list[list] = []
        with transaction(ledger._sessions) as writing:
            writing.execute(text("INSERT INTO users (name, role, disabled, created_at) "
                                 "VALUES ('w', 'admin', false, CURRENT_TIMESTAMP)"))  # fmt: skip
            reader = threading.Thread(target=lambda: results.append(ledger.read("sources")))
            reader.start()
            reader.join(timeout=10)  # a blocked reader would wait for the 30 s busy timeout
            assert not reader.is_alive() and results == [[]]
