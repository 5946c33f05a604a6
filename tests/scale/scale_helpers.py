"""Helpers of the scale tests: the cluster's address, and a database's content to compare two."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sitrep.store.db import open_database
from sitrep.store.schema import comments, events, mentions, pages


@dataclass
class Cluster:
    address: str  # HOST:PORT of the head's GCS
    env: dict[str, str]  # the environment a driver needs to join


def content(db_path: Path) -> dict[str, Any]:
    """A database's pages, comments and mentions keyed by page content hash, and its events (no ids)."""
    db = open_database(str(db_path))
    try:
        with db.read() as connection:
            by_id = {row.id: row.content_hash for row in connection.execute(select(pages))}
            page_rows = {row.content_hash: _without(row._asdict(), "id", "ingested_at")
                         for row in connection.execute(select(pages))}
            comment_rows = sorted((by_id[row.page_id], row.position, row.text)
                                  for row in connection.execute(select(comments)))
            mention_rows = {(by_id[row.page_id], row.position): _without(row._asdict(), "id", "page_id")
                            for row in connection.execute(select(mentions))}
            event_rows = sorted(repr(sorted(_without(row._asdict(), "id", "updated_at").items()))
                                for row in connection.execute(select(events)))
    finally:
        db.close()
    return {"pages": page_rows, "comments": comment_rows, "mentions": mention_rows, "events": event_rows}


def _without(row: dict[str, Any], *names: str) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in names}
