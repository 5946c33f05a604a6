"""The Rich progress bar of `sitrep ingest`: pages, pages/s, events, failures.

Failures are printed above the bar, one line each, as they happen.
"""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from sitrep.store.page_writer import IngestStats


class IngestProgress:
    """A live line: pages done, rate, events made or updated, failures."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
            console=console, transient=False, disable=not console.is_terminal,
        )
        self.task = self.progress.add_task("starting", total=None)
        self.started = time.perf_counter()
        self.last = 0.0
        self.stats: IngestStats | None = None

    def __enter__(self) -> IngestProgress:
        self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.stats is not None:
            self.update(self.stats, force=True)
        self.progress.stop()

    def update(self, stats: IngestStats, force: bool = False) -> None:
        self.stats = stats
        now = time.perf_counter()
        if now - self.last < 0.1 and not force:  # a redraw per page would cost more than the page
            return
        self.last = now
        rate = stats.pages / max(now - self.started, 1e-9)
        self.progress.update(self.task, description=(
            f"{stats.pages} pages ({rate:.1f}/s) · {stats.stored} stored, {stats.skipped} known · "
            f"{stats.events_created} new events, {stats.events_updated} merged · "
            f"[{'red' if stats.failed else 'default'}]{stats.failed} failed[/]"))

    def error(self, message: str) -> None:
        self.progress.console.print(f"[red]error[/red]: {message}", markup=True, highlight=False)

    def warning(self, message: str) -> None:
        self.progress.console.print(f"[yellow]warning[/yellow]: {message}", markup=True, highlight=False)
