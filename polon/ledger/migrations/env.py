"""Alembic environment: the connection comes from ``polon.ledger.schema``, never from a file."""

from alembic import context

from polon.ledger import accounts, logins  # noqa: F401 - their tables belong to the schema
from polon.ledger.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
