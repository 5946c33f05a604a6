"""What to select: `EventFilter`, the filters every query of the store takes.

A module of its own so that `query` and `mapgrid` (which judges the same filters
on its in-memory snapshot) both import it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

BBox = tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True)
class EventFilter:
    """What to select; every field None means everything."""

    country: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    text: str | None = None
    since: date | None = None
    until: date | None = None
    bbox: BBox | None = None
    min_fatalities: int | None = None
    certainty: str | None = None
