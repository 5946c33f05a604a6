"""Opening the database: URL handling, SQLite pragmas, migrations, clear errors.

`open_database(url)` accepts a SQLAlchemy URL (`sqlite:///x.db`,
`postgresql+psycopg://user@host:5432/db`; a bare `postgresql://` is read as
psycopg 3) or a plain file path (SQLite). It brings the schema up to date with
Alembic before returning, so nobody ever runs `alembic` by hand.

SQLite runs in WAL mode (readers never wait for the writer) with foreign keys
on, `synchronous=NORMAL` and a busy timeout; transactions are begun explicitly
(the pysqlite driver's own implicit BEGIN would break SAVEPOINTs), and
`Database.write()` begins them IMMEDIATE so that a locked database is noticed
at once, before any work is done, with a clear message.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.exc import SQLAlchemyError as _SQLAlchemyError

DEFAULT_DB = "sitrep.db"
SQLITE_BUSY_TIMEOUT_S = 5.0
_IMMEDIATE = "sitrep_immediate"

SQLAlchemyError = _SQLAlchemyError


class StoreError(Exception):
    """A database problem, with a message meant for the user (one line)."""


@dataclass(frozen=True)
class Database:
    """An open, migrated database: the engine and what kind it is."""

    engine: Engine
    url: str  # for messages, with any password hidden

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for queries.

        On SQLite a read transaction (one snapshot, rolled back at the end); on
        PostgreSQL autocommit, which spares the BEGIN and ROLLBACK round trips
        (each statement sees the latest committed data).
        """
        with self.engine.connect() as connection:
            if self.is_postgres:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            yield connection

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back on any error."""
        engine = self.engine.execution_options(**{_IMMEDIATE: True}) if self.is_sqlite else self.engine
        with engine.begin() as connection:
            yield connection

    def close(self) -> None:
        self.engine.dispose()


def database_url(value: str | None = None) -> URL:
    """The SQLAlchemy URL for a `--db` value: a URL, a file path, or None (SITREP_DB or sitrep.db)."""
    value = value or os.environ.get("SITREP_DB") or DEFAULT_DB
    if "://" not in value:
        return URL.create("sqlite", database=value)
    try:
        url = make_url(value)
    except ArgumentError as error:
        raise StoreError(f"{value!r} is not a database URL ({error})") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def open_database(value: str | None = None, *, migrate: bool = True) -> Database:
    """Connect (creating a SQLite file if needed) and bring the schema up to date."""
    url = database_url(value)
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        folder = Path(url.database or "").parent
        if not folder.is_dir():
            raise StoreError(f"{shown}: folder {str(folder)!r} does not exist")
    try:
        engine = _engine(url)
    except (ArgumentError, ImportError) as error:
        raise StoreError(f"{shown}: cannot use this database ({error})") from None
    database = Database(engine=engine, url=shown)
    if migrate:
        from sitrep.store.migrate import upgrade  # Alembic is imported only when opening

        try:
            upgrade(database)
        except SQLAlchemyError as error:
            engine.dispose()
            raise StoreError(describe_error(error, shown)) from None
    return database


def _engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S},
                               json_serializer=_json_dumps)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args=_postgres_args(url),
                         json_serializer=_json_dumps)


def _json_dumps(value: Any) -> str:
    """JSON columns keep non-ASCII text as is, so text search finds it."""
    return json.dumps(value, ensure_ascii=False)


def _postgres_args(url: URL) -> dict[str, Any]:
    return {"connect_timeout": 10} if url.get_backend_name() == "postgresql" else {}


def _configure_sqlite(engine: Engine) -> None:
    """Pragmas on every connection, and explicit BEGIN (DEFERRED, or IMMEDIATE for writes)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# What a driver's message says -> what to tell the user; the first rule whose words match wins.
_ERROR_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("database is locked", "database table is locked"),
     "the database is locked by another process (another `sitrep ingest`?); "
     "wait for it to finish and run again"),
    (("disk is full", "no space left", "disk full"),
     "the disk is full; nothing from the current batch was kept. Free space and run again"),
    (("readonly", "read-only"), "the database is read-only; check the file's permissions"),
    (("unable to open database",), "cannot open the database file"),
    (("not a database", "malformed"), "the file is not a Sitrep (SQLite) database or is damaged"),
)


def describe_error(error: BaseException, where: str = "") -> str:
    """One clear line for a database error: locked, full, read-only, unreachable..."""
    prefix = f"{where}: " if where else ""
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    text = lines[0] if lines else type(error).__name__
    lowered = text.lower()
    for words, message in _ERROR_RULES:
        if any(word in lowered for word in words):
            return prefix + message
    if is_disconnect(error):
        return f"{prefix}the database server cannot be reached ({text})"
    return f"{prefix}{type(getattr(error, 'orig', None) or error).__name__}: {text}"


def is_disconnect(error: BaseException) -> bool:
    """True for a lost or refused server connection (worth retrying the batch)."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError):
        return False
    text = str(error.orig).lower()
    return any(word in text for word in (
        "connection refused", "server closed the connection", "terminating connection",
        "connection is closed", "the database system is starting up", "the database system is shutting down",
        "could not connect", "connection timeout", "consuming input failed", "ssl syscall",
        "connection failed", "the connection is lost", "admin_shutdown",
    ))
