"""What `sitrep ingest` and `sitrep events` do, behind the thin argument parsing of cli.py.

Each returns the process's exit status: 0 when all went well, 1 when a page
failed (the others are stored), 2 when the database itself failed (with one
clear line on stderr and nothing half-written).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO

from rich.console import Console

from sitrep.read import read_inputs
from sitrep.store.db import Database, StoreError, open_database
from sitrep.store.export import print_table, write_csv, write_geojson, write_parquet
from sitrep.store.ingest import BATCH_SIZE, ingest
from sitrep.store.progress import IngestProgress
from sitrep.store.query import BBox, EventFilter, QueryError, Sort, count_events, iter_events, list_events

FORMATS = ("table", "csv", "geojson", "parquet")


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
        _fail(err, str(error))
        return 2
    err.print(f"{stats.stored} pages stored, {stats.skipped} already stored, {stats.failed} failed; "
              f"{stats.mentions} mentions: {stats.events_created} new events, "
              f"{stats.events_updated} merged into existing ones  ({db.url})", highlight=False)
    return 1 if stats.failed or stats.warnings else 0


def run_events(filters: EventFilter, db_url: str | None, output_format: str, output: str | None,
               sort: Sort, limit: int | None, err: Console) -> int:
    """Query events and print them as a table, or export them (CSV, GeoJSON, Parquet)."""
    if output_format == "parquet" and not output:
        _fail(err, "--format parquet needs --output FILE")
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
        _fail(err, str(error))
        return 2
    return 0


def _write_events(db: Database, filters: EventFilter, output_format: str, output: str | None,
                  sort: Sort, limit: int | None) -> None:
    if output_format == "table":
        shown = limit if limit is not None else 100
        page = list_events(db, filters, sort=sort, limit=shown)
        with _text_output(output) as out:
            wide = None if out.isatty() else 160  # a file or a pipe: no terminal to fit
            console = Console(file=out, highlight=False, soft_wrap=False, width=wide)
            print_table(page.events, console, total=count_events(db, filters))
        return
    events = iter_events(db, filters, sort=sort)
    if limit is not None:
        events = (event for index, event in enumerate(events) if index < limit)
    if output_format == "parquet":
        assert output is not None
        write_parquet(events, output)
        return
    with _text_output(output) as out:
        (write_csv if output_format == "csv" else write_geojson)(events, out)


@contextmanager
def _text_output(path: str | None) -> Iterator[IO[str]]:
    if path is None or path == "-":
        yield sys.stdout
        return
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        yield handle


def parse_bbox(value: str | None) -> BBox | None:
    """"west,south,east,north" in degrees."""
    if value is None:
        return None
    parts = value.replace(" ", "").split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise QueryError(f"--bbox wants west,south,east,north in degrees, not {value!r}") from None
    return west, south, east, north


def _fail(err: Console, message: str) -> None:
    err.print(f"[red]error[/red]: {message}", markup=True, highlight=False)
