"""What the CLI calls: `sitrep ingest --engine ray` and `sitrep load-shards DIR`.

Both report progress (`report`, with the counts so far) and every page that
failed (`fail`, one line with its error) through callbacks, and return the
counts; `sitrep.terminal.commands` shows them and turns them into the exit
status, as for a local ingest. Ray or the database failing raises ScaleError
or StoreError (one clear line, nothing half-written).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sitrep.ingest import BATCH_SIZE, IngestStats
from sitrep.model import PageResult
from sitrep.scale.codec import Row, row_to_result
from sitrep.scale.engine import Plan, ScaleError, connect, disconnect, run
from sitrep.scale.shards import read_shards, shard_folder
from sitrep.scale.sink import Sink
from sitrep.store.db import open_database

__all__ = ["RayOptions", "ScaleError", "ingest_with_ray", "load_shards"]

Fail = Callable[[str], None]
Report = Callable[[IngestStats], None]


@dataclass(frozen=True)
class RayOptions:
    """How `sitrep ingest --engine ray` runs."""

    address: str | None = None  # None: start Ray here; "auto", "HOST:PORT" or "ray://HOST:PORT"
    workers: int | None = None  # actor pool size; default: this machine's CPUs, or the cluster's
    batch_size: int = 8  # pages a worker reads per call
    published: date | None = None
    out: str | None = None  # write Parquet shards here (`sitrep load-shards` later) instead of the database
    db: str | None = None  # the database URL or file (see sitrep.store.db)
    store_batch: int = BATCH_SIZE  # pages per transaction on the driver


def ingest_with_ray(paths: list[str], options: RayOptions, report: Report, fail: Fail) -> IngestStats:
    """Read, extract and geocode every page on Ray; store the results (or write shards)."""
    local_cpus = options.workers or os.cpu_count() or 1
    cluster_cpus = connect(options.address, local_cpus)
    try:
        workers = min(options.workers or cluster_cpus, cluster_cpus)  # an actor needs most of a CPU
        plan = Plan(paths=tuple(paths), workers=workers,
                    batch_size=options.batch_size, published=options.published,
                    out=str(Path(options.out).resolve()) if options.out else None)
        if options.out is not None:
            return _count(run(plan), report, fail)
        database = open_database(options.db)
        try:
            sink = Sink(database, fail, batch_size=options.store_batch)
            return _store(((row, row_to_result(row)) for row in run(plan)), sink, report)
        finally:
            database.close()
    finally:
        disconnect()


def load_shards(folder: Path, db: str | None, report: Report, fail: Fail) -> IngestStats:
    """Store the pages and mentions of the Parquet shards in `folder` (idempotent, in input order)."""
    shard_folder(folder)  # a clear message before any database is opened
    database = open_database(db)
    try:
        return _store(read_shards(folder), Sink(database, fail), report)
    finally:
        database.close()


def _store(results: Iterator[tuple[Row, PageResult]], sink: Sink, report: Report) -> IngestStats:
    for row, result in results:
        sink.add(row, result)
        report(sink.stats)
    sink.flush()
    report(sink.stats)
    return sink.stats


def _count(rows: Iterator[Row], report: Report, fail: Fail) -> IngestStats:
    """With --out the workers wrote the shards: count the pages and report the failures."""
    stats = IngestStats()
    for row in rows:
        stats.pages += 1
        if row.get("error"):
            stats.failed += 1
            fail(str(row["error"]))
        else:
            stats.stored += 1
            stats.mentions += int(row.get("n_mentions") or 0)
        report(stats)
    return stats
