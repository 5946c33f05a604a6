"""The query parameters shared by every event endpoint, read into the store's `EventFilter`.

Every text parameter is bounded in length and refuses control characters;
numbers and dates are typed, so a malformed value is a 422 before any SQL
is built, and every value reaches the database as a bound parameter.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Query

from sitrep.store.filters import EventFilter, QueryError, parse_bbox

PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
NUMBER = r"-?[0-9]{1,3}(\.[0-9]{1,12})?"
BBOX_PATTERN = rf"^{NUMBER},{NUMBER},{NUMBER},{NUMBER}$"
MAX_FATALITIES = 2**31 - 1

Certainty = Literal["reported", "claimed", "disputed"]
SortOrder = Literal["-date", "date", "-fatalities", "fatalities", "-reports", "reports", "-id", "id"]

TextParam = Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)]


async def event_filter(
    country: Annotated[str | None, Query(max_length=100, pattern=PRINTABLE,
                                         description="country name or ISO 3166 alpha-3 code")] = None,
    event_type: Annotated[str | None, Query(max_length=64, pattern=PRINTABLE,
                                            description="ACLED event type, e.g. Battles")] = None,
    sub_event_type: Annotated[str | None, Query(max_length=64, pattern=PRINTABLE,
                                                description="ACLED sub-event type, e.g. Armed clash")] = None,
    actor: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE,
                                       description="words inside an actor's name")] = None,
    text: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE,
                                      description="words in names, places or evidence sentences")] = None,
    since: Annotated[date | None, Query(description="first day, inclusive (YYYY-MM-DD)")] = None,
    until: Annotated[date | None, Query(description="last day, inclusive (YYYY-MM-DD)")] = None,
    bbox: Annotated[str | None, Query(pattern=BBOX_PATTERN,
                                      description="west,south,east,north in degrees; "
                                                  "west > east crosses the antimeridian")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=MAX_FATALITIES)] = None,
    certainty: Annotated[Certainty | None, Query()] = None,
) -> EventFilter:
    """The filters of a request (a FastAPI dependency; async, so called without a thread hop)."""
    if since is not None and until is not None and since > until:
        raise QueryError(f"the dates are reversed: from {since.isoformat()} is after to {until.isoformat()}; "
                         "give the earlier date first")
    return EventFilter(country=_blank_to_none(country), event_type=_blank_to_none(event_type),
                       sub_event_type=_blank_to_none(sub_event_type), actor=_blank_to_none(actor),
                       text=_blank_to_none(text), since=since, until=until, bbox=parse_bbox(bbox),
                       min_fatalities=min_fatalities, certainty=certainty)


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None
