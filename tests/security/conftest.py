"""The security suite runs on the web tests' site, on SQLite and PostgreSQL: the same seeded
ledger (one accepted report, one waiting for review, a person list), four users with their
API tokens, and Argon2 at test costs."""

from tests.web.conftest import quick_hashes, site  # noqa: F401 - fixtures, used by name
