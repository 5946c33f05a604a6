"""Ingest: pages read (`sitrep.read`), through `pipeline.read_page`, into the store.

The one path from pages to the database that the CLI (`sitrep ingest`), the
API (`POST /api/pages`), `sitrep watch` and the Ray engine's sink share:
`ingest(db, items)` takes what `sitrep.read.read_inputs` yields (RawPage or
PageError), reads each new page with `pipeline.read_page` (no stage is
reimplemented here) and hands the results to `store.page_writer`, which stores
them with their comments and mentions, each mention merged into an event.

- Idempotent: a page is known by the sha256 of its raw text or HTML; a page
  already stored is skipped before it is read.
- Resumable: a batch is one transaction, so a process killed at any moment
  leaves whole batches only; a re-run skips them and does the rest in the same
  order, which ends in the same database as one clean run.
- A page that fails (to read, or to store) gets one message through `on_error`
  and the batch goes on; a database that fails raises StoreError (see
  `store.page_writer`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from sitrep.model import PageError, PageResult, RawPage
from sitrep.store.db import Database
from sitrep.store.page_writer import (
    BATCH_SIZE,
    RETRY_WAIT_S,
    IngestStats,
    content_hash,
    store_results,
    stored_hashes,
)

__all__ = ["BATCH_SIZE", "IngestStats", "Reader", "content_hash", "ingest"]

Reader = Callable[[RawPage], PageResult]
Report = Callable[[IngestStats], None]
Tell = Callable[[str], None]


def ingest(db: Database, items: Iterable[RawPage | PageError], *,
           reader: Reader | None = None, batch_size: int = BATCH_SIZE,
           on_error: Tell = lambda message: None,
           on_progress: Report = lambda stats: None,
           retry_wait_s: float = RETRY_WAIT_S,
           on_warning: Tell | None = None) -> IngestStats:
    """Read and store every page; raises StoreError when the database itself fails.

    `reader` is `pipeline.read_page` unless given (tests pass a stand-in). A page read
    despite a defect of its input (a bad date) is told to `on_warning` (else `on_error`).
    """
    if reader is None:
        from sitrep.pipeline import read_page  # imported here: loading the stages is slow

        reader = read_page
    stats = IngestStats()
    for batch in _batches(items, batch_size):
        _warn(batch, stats, on_warning or on_error)
        raws = _new_pages(db, batch, stats, on_error, on_progress)
        results = _read_all(raws, reader, stats, on_error, on_progress)
        if results:
            store_results(db, results, stats, on_error, retry_wait_s)
            on_progress(stats)
    return stats


def _batches(items: Iterable[RawPage | PageError], size: int) -> Iterator[list[RawPage | PageError]]:
    iterator = iter(items)
    while batch := list(islice(iterator, max(1, size))):
        yield batch


def _warn(batch: list[RawPage | PageError], stats: IngestStats, on_warning: Tell) -> None:
    """Pages read all the same despite a defect of their input: a line each (the exit status says so)."""
    for item in batch:
        if isinstance(item, PageError):
            continue
        for warning in item.warnings:
            stats.warnings += 1
            on_warning(f"{item.origin or item.id}: read: {warning}")


def _new_pages(db: Database, batch: list[RawPage | PageError], stats: IngestStats,
               on_error: Tell, on_progress: Report) -> list[tuple[RawPage, str]]:
    """The batch's pages not yet stored (nor repeated earlier in the batch), with their hashes."""
    wanted: list[tuple[RawPage, str]] = []
    for item in batch:
        if isinstance(item, PageError):
            stats.pages += 1
            stats.failed += 1
            on_error(str(item))
            continue
        wanted.append((item, content_hash(item)))
    stored = stored_hashes(db, [digest for _, digest in wanted])
    fresh: list[tuple[RawPage, str]] = []
    for raw, digest in wanted:
        if digest in stored:
            stats.pages += 1
            stats.skipped += 1
            on_progress(stats)
            continue
        stored.add(digest)
        fresh.append((raw, digest))
    return fresh


def _read_all(raws: list[tuple[RawPage, str]], reader: Reader, stats: IngestStats,
              on_error: Tell, on_progress: Report) -> list[tuple[RawPage, str, PageResult]]:
    results: list[tuple[RawPage, str, PageResult]] = []
    for raw, digest in raws:
        started = time.perf_counter()
        result = reader(raw)
        stats.read_s += time.perf_counter() - started
        stats.pages += 1
        if result.error or result.page is None:
            stats.failed += 1
            on_error(result.error or f"{raw.origin or raw.id}: read: no page")
        else:
            results.append((raw, digest, result))
        on_progress(stats)
    return results
