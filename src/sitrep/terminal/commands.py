"""What `sitrep ingest`, `sitrep load-shards` and `sitrep events` do, behind cli.py's argument parsing.

Each runs its stage, shows progress and failures on stderr, and returns the
process's exit status: 0 when all went well, 1 when a page failed (the others
are stored), 2 when the database (or Ray) itself failed, with one clear line on
stderr and nothing half-written.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from rich.console import Console

from sitrep.ingest import BATCH_SIZE, IngestStats, ingest
from sitrep.read import read_inputs
from sitrep.store.db import Database, StoreError, open_database
from sitrep.store.export import EXPORTERS
from sitrep.store.query import EventFilter, QueryError, Sort, count_events, iter_events, list_events
from sitrep.terminal.progress import IngestProgress
from sitrep.terminal.table import print_table

if TYPE_CHECKING:
    from sitrep.scale.run import RayOptions

TABLE = "table"  # the terminal's own format; the others are the store's exporters
FORMATS = (TABLE, *EXPORTERS)


def run_ingest(paths: Sequence[str], db_url: str | None, published: date | None, err: Console,
               batch_size: int = BATCH_SIZE) -> int:
    """Ingest the named files and folders; prints a progress bar and a summary on stderr."""
    try:
        db = open_database(db_url)
        try:
            with IngestProgress(err) as progress:
                stats = ingest(db, read_inputs(paths, published=published), batch_size=batch_size,
                               on_error=progress.error, on_progress=progress.update,
                               on_warning=progress.warning)
        finally:
            db.close()
    except StoreError as error:
        fail(err, str(error))
        return 2
    err.print(f"{stats.stored} pages stored, {stats.skipped} already stored, {stats.failed} failed; "
              f"{stats.mentions} mentions: {stats.events_created} new events, "
              f"{stats.events_updated} merged into existing ones  ({db.url})", highlight=False)
    return 1 if stats.failed or stats.warnings else 0


def run_ray_ingest(paths: list[str], options: RayOptions, err: Console) -> int:
    """`sitrep ingest --engine ray`: progress and failures while it runs, a summary, the exit status."""
    from sitrep.scale.run import ScaleError, ingest_with_ray  # imported here: Ray is slow to load

    try:
        with IngestProgress(err) as progress:
            stats = ingest_with_ray(paths, options, progress.update, progress.error)
    except (ScaleError, StoreError) as error:
        fail(err, str(error))
        return 2
    where = f"shards in {options.out}" if options.out else "the database"
    err.print(f"{summary_line(stats)} ({where})", highlight=False)
    return 1 if stats.failed else 0


def run_load_shards(folder: str, db: str | None, err: Console) -> int:
    """`sitrep load-shards DIR`: store the shards of an `--out DIR` run; a summary, the exit status."""
    from sitrep.scale.run import load_shards

    try:
        with IngestProgress(err) as progress:
            stats = load_shards(Path(folder), db, progress.update, progress.error)
    except (StoreError, OSError) as error:
        fail(err, str(error))
        return 2
    err.print(summary_line(stats), highlight=False)
    return 1 if stats.failed else 0


def run_events(filters: EventFilter, db_url: str | None, output_format: str, output: str | None,
               sort: Sort, limit: int | None, err: Console) -> int:
    """Query events and print them as a table, or export them (any of the store's EXPORTERS)."""
    exporter = EXPORTERS.get(output_format)
    if exporter is not None and exporter.stream is None and not output:
        fail(err, f"--format {output_format} needs --output FILE")
        return 2
    try:
        db = open_database(db_url)
        try:
            _write_events(db, filters, output_format, output, sort, limit)
        finally:
            db.close()
    except BrokenPipeError:  # the reader went away (`| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second complaint at exit
    except (StoreError, QueryError, OSError) as error:
        fail(err, str(error))
        return 2
    return 0


def _write_events(db: Database, filters: EventFilter, output_format: str, output: str | None,
                  sort: Sort, limit: int | None) -> None:
    if output_format == TABLE:
        page = list_events(db, filters, sort=sort, limit=limit if limit is not None else 100)
        with _text_output(output) as out:
            wide = None if out.isatty() else 160  # a file or a pipe: no terminal to fit
            console = Console(file=out, highlight=False, soft_wrap=False, width=wide)
            print_table(page.events, console, total=count_events(db, filters))
        return
    exporter = EXPORTERS[output_format]
    events = iter_events(db, filters, sort=sort)
    if limit is not None:
        events = (event for index, event in enumerate(events) if index < limit)
    if output is not None and output != "-":
        exporter.write_file(events, output)
        return
    assert exporter.stream is not None  # checked by run_events
    exporter.stream(events, sys.stdout)


def summary_line(stats: IngestStats) -> str:
    """One line: pages, pages/s, stored, skipped, failed, mentions, events."""
    seconds = max(time.perf_counter() - stats.started, 1e-9)
    return (f"{stats.pages} pages in {seconds:.1f} s ({stats.pages / seconds:.1f} pages/s): "
            f"{stats.stored} stored, {stats.skipped} already stored, {stats.failed} failed; "
            f"{stats.mentions} mentions: {stats.events_created} new events, "
            f"{stats.events_updated} merged into existing ones")


@contextmanager
def _text_output(path: str | None) -> Iterator[IO[str]]:
    if path is None or path == "-":
        yield sys.stdout
        return
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        yield handle


def fail(err: Console, message: str) -> None:
    """One error line on stderr."""
    err.print(f"[red]error[/red]: {message}", markup=True, highlight=False)
