"""The events of `sitrep events` as a Rich table."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table

from sitrep.model import EventRecord

COLUMNS = ("id", "date", "type", "sub-type", "actors", "place", "deaths", "certainty", "reports")


def print_table(events: Iterable[EventRecord], console: Console, total: int | None = None) -> int:
    """A readable table of events; `total` (all matches) adds a line when more than shown."""
    table = Table(show_lines=False, header_style="bold")
    for name in COLUMNS:
        table.add_column(name, overflow="fold")
    count = 0
    for event in events:
        count += 1
        table.add_row(*_cells(event))
    if count:
        console.print(table)
    shown = f"{count} event{'s' if count != 1 else ''}"
    console.print(shown if total is None or total <= count else f"{shown} shown of {total}")
    return count


def _cells(event: EventRecord) -> tuple[str, ...]:
    deaths = str(event.fatalities) if event.fatalities_min == event.fatalities_max \
        else f"{event.fatalities_min}-{event.fatalities_max}"
    return (str(event.id), event.event_date.isoformat() if event.event_date else "?",
            event.event_type, event.sub_event_type,
            " vs ".join(a for a in (event.actor1, event.actor2) if a) or "-",
            ", ".join(p for p in (event.location, event.country) if p) or "-",
            deaths, event.certainty,
            f"{event.n_reports} ({event.n_outlets} outlet{'s' if event.n_outlets != 1 else ''})")
