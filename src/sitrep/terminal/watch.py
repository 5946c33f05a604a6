"""What `sitrep watch` does behind cli.py's argument parsing: run the watcher, or print --status.

Output: a Rich live table of the sources when stdout is a terminal, plain
time-stamped log lines otherwise. Exit status of `--once`: 0 when every poll
and article went well, 1 when some failed (the others were done); without
`--once`, 0 once stopped (SIGTERM, Ctrl-C); 2 when the sources or the
database could not be used.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import IO

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from sitrep.store.db import Database, StoreError, open_database
from sitrep.watch import state
from sitrep.watch.loop import Totals, Watcher, WatchOptions
from sitrep.watch.sources import Source, SourceError, gather_sources
from sitrep.watch.state import SourceRow


def run_watch(arguments: list[str], sources_file: str | None, db_url: str | None, options: WatchOptions,
              err: Console, interval_s: float | None = None) -> int:
    """Watch the sources (once, or until stopped); returns the exit status."""
    try:
        listed = gather_sources(arguments, sources_file, interval_s)
    except SourceError as error:
        err.print(f"[red]error[/red]: {error}", markup=True, highlight=False)
        return 2
    if not listed.sources:
        err.print("[red]error[/red]: no sources: name feeds, sitemaps, URL files or folders, "
                  "or --sources FILE", markup=True, highlight=False)
        return 2
    if listed.contact and not options.fetch.contact:
        options = replace(options, fetch=replace(options.fetch, contact=listed.contact))
    try:
        db = open_database(db_url)
        try:
            totals = _run(db, listed.sources, options, err)
        finally:
            db.close()
    except StoreError as error:
        err.print(f"[red]error[/red]: {error}", markup=True, highlight=False)
        return 2
    err.print(f"{totals.polls} polls ({totals.unchanged} unchanged, {totals.poll_errors} failed), "
              f"{totals.new_urls} new URLs, {totals.stored} articles stored, {totals.failed} failed, "
              f"{totals.events} events{' (stopped)' if totals.stopped else ''}", highlight=False)
    return totals.exit_code if options.once else 0  # a watch stopped on purpose ends well


def _run(db: Database, sources: list[Source], options: WatchOptions, err: Console) -> Totals:
    if sys.stdout.isatty():
        return _run_live(db, sources, options)
    watcher = Watcher(db, sources, options, log=_log_line(sys.stdout))
    return asyncio.run(watcher.run())


def _run_live(db: Database, sources: list[Source], options: WatchOptions) -> Totals:
    console = Console()
    recent: list[str] = []

    def draw() -> Group:
        table = status_table(state.load_sources(db), state.count_pending(db))
        return Group(table, Text("\n".join(recent[-8:]), style="dim"))

    with Live(draw(), console=console, refresh_per_second=2, transient=False) as live:
        def log(message: str) -> None:
            recent.append(f"{datetime.now(UTC):%H:%M:%S} {message}")
            del recent[:-8]

        watcher = Watcher(db, sources, options, log=log, on_change=lambda: live.update(draw()))
        totals = asyncio.run(watcher.run())
        live.update(draw())
    return totals


def _log_line(out: IO[str]) -> Callable[[str], None]:
    def log(message: str) -> None:
        out.write(f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} {message}\n")
        out.flush()
    return log


def print_status(db_url: str | None, out: Console) -> int:
    """`sitrep watch --status`: per source, last poll, new articles, errors, events found."""
    try:
        db = open_database(db_url)
        try:
            rows, pending = state.load_sources(db), state.count_pending(db)
        finally:
            db.close()
    except StoreError as error:
        out.print(f"[red]error[/red]: {error}", markup=True, highlight=False)
        return 2
    if not rows:
        out.print("no sources watched yet (run `sitrep watch SOURCE...`)", highlight=False)
        return 0
    out.print(status_table(rows, pending))
    return 0


def status_table(rows: list[SourceRow], pending: int) -> Table:
    """The sources as a table (the --status output and the live display)."""
    table = Table(title=f"Sources · articles waiting: {pending}", title_justify="left")
    for column in ("source", "kind", "last poll (UTC)", "new articles", "errors", "events found", "health"):
        table.add_column(column, justify="right" if column in ("new articles", "errors", "events found")
                         else "left", overflow="fold")
    for row in rows:
        table.add_row(row.name or row.key, row.kind, _when(row.last_poll), str(row.new_articles),
                      str(row.errors), str(row.events_found), _health(row))
    return table


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}" if moment else "never"


def _health(row: SourceRow) -> str:
    if row.failures:
        return f"failing ({row.failures}x): {row.last_error or ''}"
    if row.last_status == 304:
        return "ok (unchanged)"
    return "ok" if row.last_poll else "not polled yet"
