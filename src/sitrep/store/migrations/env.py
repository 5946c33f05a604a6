"""Alembic's environment: run migrations on the connection `sitrep.store.migrate` hands over.

There is no alembic.ini and no URL here: the open connection (already in a
transaction) comes in `config.attributes["connection"]`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from sitrep.store.schema import metadata


def run_migrations(connection: Connection) -> None:
    """Apply the pending revisions inside the caller's transaction."""
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations(context.config.attributes["connection"])
