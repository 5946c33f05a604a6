"""What to select: `EventFilter`, the filters every query of the store takes, and the box parser.

A module of its own so that `query` and `mapgrid` (which judges the same filters
on its in-memory snapshot) both import it without importing each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

BBox = tuple[float, float, float, float]  # west, south, east, north


class QueryError(ValueError):
    """A filter, sort or cursor that cannot be used (bad cursor, unknown sort...)."""


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


def parse_bbox(value: str | None) -> BBox | None:
    """"west,south,east,north" in degrees (the CLI's --bbox, the API's bbox=), checked; blank is None."""
    if value is None or not value.strip():
        return None
    parts = value.replace(" ", "").split(",")
    if len(parts) != 4:
        raise QueryError(f"a bounding box is four numbers west,south,east,north, not {value!r}")
    return checked_bbox(parts)


def checked_bbox(bbox: Sequence[Any]) -> BBox:
    """Four numbers in range (west > east crosses the antimeridian), or QueryError."""
    try:
        west, south, east, north = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise QueryError(f"a bounding box is four numbers west,south,east,north, not {bbox!r}") from None
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise QueryError(f"bounding box {bbox!r} is out of range (west,south,east,north in degrees)")
    return west, south, east, north
