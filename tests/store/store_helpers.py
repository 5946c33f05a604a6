"""Helpers of the store's tests: a database's content as plain rows, a PostgreSQL server handle."""

from __future__ import annotations

import os
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text

from sitrep.store.db import Database
from sitrep.store.schema import comments, event_sources, events, mentions, pages

TIMESTAMPS = {"ingested_at", "updated_at"}


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order, without the wall-clock columns."""
    content: dict[str, list[tuple[Any, ...]]] = {}
    with db.read() as connection:
        for table in (pages, comments, mentions, events, event_sources):
            columns = [c for c in table.columns if c.name not in TIMESTAMPS]
            order = list(table.primary_key.columns)
            rows = connection.execute(select(*columns).order_by(*order))
            content[table.name] = [tuple(row) for row in rows]
    return content


def summary(db: Database) -> list[tuple[Any, ...]]:
    """Events as (type, date, place, reports, outlets, deaths range, page keys): ids left out."""
    with db.read() as connection:
        keys: dict[int, list[str]] = {}
        for event_id, key in connection.execute(
                select(event_sources.c.event_id, pages.c.page_key)
                .join(pages, pages.c.id == event_sources.c.page_id)):
            keys.setdefault(event_id, []).append(key)
        rows = connection.execute(select(events.c.id, events.c.event_type, events.c.event_date,
                                         events.c.location, events.c.n_reports, events.c.n_outlets,
                                         events.c.fatalities_min, events.c.fatalities_max)).all()
    return sorted((*row[1:], tuple(sorted(keys.get(row[0], [])))) for row in rows)


@dataclass
class PostgresServer:
    url: str
    folder: str | None  # None for a server we did not start

    def restart(self) -> None:
        """Stop and start the server (fast shutdown: open connections are cut)."""
        assert self.folder, "only a server started by the tests can be restarted"
        bin_dir = Path(self.folder, "bin").read_text().strip()
        prefix = ["runuser", "-u", Path(self.folder).owner(), "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, f"{bin_dir}/pg_ctl", "-D", f"{self.folder}/data", "-l",
                        f"{self.folder}/server.log", "-m", "fast", "-w", "restart"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)

    def fresh_database(self) -> str:
        """A new, empty database on the server; its URL."""
        name = "t_" + uuid.uuid4().hex[:12]
        admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return self.url.rsplit("/", 1)[0] + "/" + name
