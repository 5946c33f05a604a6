"""Results into the store on the driver, in batches, through `sitrep.store.page_writer`.

This is the only module of the Ray engine that talks to the store. The store
does the storing exactly as for a local ingest (one transaction a batch,
merging, retries on a lost PostgreSQL connection); the workers have already
read the pages, so what arrives here is the PageResult with the page's
content hash and the few RawPage fields the store keeps (id, url, dates,
origin). Idempotent like the store: a page whose content hash is stored
already (an earlier run, a retried Ray task, the same page twice in the
input) is counted as skipped and stored once.

Batches are written by the store's own writer (`store_results`), the same
one a local ingest uses.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sitrep.model import PageResult, RawPage
from sitrep.scale.codec import Row, from_plain, plain
from sitrep.store.db import Database
from sitrep.store.page_writer import (
    BATCH_SIZE,
    RETRY_WAIT_S,
    IngestStats,
    content_hash,
    still_new,
    store_results,
)

__all__ = ["Sink", "content_hash", "raw_fields", "raw_from_fields"]

_KEPT = ("id", "url", "published", "fetched", "origin")  # what the store reads of a RawPage besides its hash
_STAND_IN_TEXT = ""  # a RawPage needs text or html; the store never reads it once the hash is known


def raw_fields(raw: RawPage) -> str:
    """The RawPage fields the store keeps (not its content), as JSON."""
    values = plain(raw)
    return json.dumps({name: values[name] for name in _KEPT}, ensure_ascii=False)


def raw_from_fields(fields: str | None, origin: str) -> RawPage:
    """A RawPage with those fields and no content (its content hash travels beside it)."""
    values: dict[str, Any] = json.loads(fields) if fields else {"id": origin, "origin": origin}
    raw: RawPage = from_plain(RawPage, {**values, "text": _STAND_IN_TEXT})
    return raw


@dataclass
class Sink:
    """Collects results and stores them a batch at a time; counts like a local ingest."""

    db: Database
    on_error: Callable[[str], None]
    batch_size: int = BATCH_SIZE
    stats: IngestStats = field(default_factory=IngestStats)
    _pending: list[tuple[RawPage, str, PageResult]] = field(default_factory=list)

    def add(self, row: Row, result: PageResult) -> None:
        """One page from a worker: a failure is reported at once, a page stored with its batch."""
        self.stats.pages += 1
        if result.error or result.page is None or not row.get("content_hash"):
            self.stats.failed += 1
            self.on_error(result.error or f"{result.origin}: read: no page")
            return
        raw = raw_from_fields(row.get("raw"), result.origin)
        self._pending.append((raw, str(row["content_hash"]), result))
        if len(self._pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Store what is pending (pages stored already are skipped), in one transaction."""
        if not self._pending:
            return
        fresh = still_new(self.db, self._pending)
        self.stats.skipped += len(self._pending) - len(fresh)
        self._pending = []
        if fresh:
            store_results(self.db, fresh, self.stats, self.on_error, RETRY_WAIT_S)
