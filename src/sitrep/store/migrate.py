"""Bring a database's schema up to date with the Alembic revisions in `migrations/`.

Called by `open_database`; a database already at the newest revision costs one
small query. The upgrade runs in one transaction (IMMEDIATE on SQLite), so two
processes opening a new database at once do not both create it.

It needs of the database only its `read()` and `write()` transactions (the
`Transactions` protocol), so that it does not import `store.db`, which imports
it: the dependency runs one way, db -> migrate.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class Transactions(Protocol):
    """What migrating needs of a `store.db.Database`: a read and a write transaction."""

    def read(self) -> AbstractContextManager[Connection]: ...

    def write(self) -> AbstractContextManager[Connection]: ...


def alembic_config() -> Config:
    """An Alembic configuration pointing at the package's migrations (no alembic.ini)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(database: Transactions) -> str | None:
    with database.read() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Transactions) -> None:
    """Apply every pending revision; nothing to do when the schema is current."""
    head = head_revision()
    if current_revision(database) == head:
        return
    config = alembic_config()
    with database.write() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
