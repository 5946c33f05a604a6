"""The REST API's request and response bodies, as Pydantic models.

The models of stored records (events, their sources and mentions, pages,
comments, counts) are derived from the one set of records in `sitrep.model`
(and the counts of `sitrep.store.query`) by `derive`, field for field with
their descriptions, so the OpenAPI document describes exactly what the
endpoints return and cannot drift from it. The others (the map, the
statistics, ingest) are the API's own.
"""

from __future__ import annotations

import dataclasses
import operator
from datetime import date
from functools import reduce
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, Field, create_model, model_validator

from sitrep.model import (
    CommentRecord,
    EventDetail,
    EventRecord,
    MentionRecord,
    PageDetail,
    SourceRecord,
    SpanRecord,
)
from sitrep.store.query import CountryCount, TypeCount, WeekCount

MAX_PAGE_CHARS = 2_000_000


def derive(record: type, name: str, *, base: type[BaseModel] = BaseModel,
           exclude: frozenset[str] = frozenset(), **extra: Any) -> type[BaseModel]:
    """A Pydantic model of a record of `sitrep.model`, field for field (and description),
    with records inside it replaced by their models; `extra` adds fields (name=(type, Field))."""
    hints = get_type_hints(record)
    fields: dict[str, Any] = {f.name: (_swap(hints[f.name]), _field(f))
                              for f in dataclasses.fields(record) if f.name not in exclude}
    model = create_model(name, __base__=base, __doc__=record.__doc__, **fields, **extra)
    _DERIVED[record] = model
    return model


_DERIVED: dict[Any, type[BaseModel]] = {}  # record -> its model, for records inside records


def _swap(hint: Any) -> Any:
    """The type hint with every record replaced by its model (inside `X | None`, `list[X]`)."""
    if hint in _DERIVED:
        return _DERIVED[hint]
    args = get_args(hint)
    if not args:
        return hint
    swapped = tuple(_swap(arg) for arg in args)
    if isinstance(hint, UnionType) or get_origin(hint) is Union:
        return reduce(operator.or_, swapped)
    return get_origin(hint)[swapped]


def _field(spec: dataclasses.Field[Any]) -> Any:
    description = spec.metadata.get("description")
    if spec.default is not dataclasses.MISSING:
        return Field(spec.default, description=description)
    if spec.default_factory is not dataclasses.MISSING:
        return Field(default_factory=spec.default_factory, description=description)
    return Field(description=description)


SpanOut = derive(SpanRecord, "SpanOut")
EventOut = derive(EventRecord, "EventOut")
EventList = create_model(
    "EventList", __doc__="One page of events; pass `next_cursor` back as `cursor` for the next page.",
    items=(list[EventOut], ...), next_cursor=(str | None, ...), limit=(int, ...))  # type: ignore[valid-type]
MentionOut = derive(MentionRecord, "MentionOut")
ReportOut = derive(SourceRecord, "ReportOut")
EventDetailOut = derive(
    EventDetail, "EventDetailOut", base=EventOut, exclude=frozenset({"event", "sources"}),
    claim_chain=(str, Field(description='e.g. "Hezbollah media wing says so, without evidence; '
                                        'reported by 1 outlet"')),
    reports=(list[ReportOut], ...))  # type: ignore[valid-type]
CommentOut = derive(CommentRecord, "CommentOut")


class ReadSpanOut(BaseModel):
    """A span of the page that an event was read from."""

    start: int
    end: int
    text: str
    event_id: int | None
    mention_id: int


PageOut = derive(  # the file the page came from (`origin`) stays on the server
    PageDetail, "PageOut", exclude=frozenset({"origin"}),
    spans=(list[ReadSpanOut], Field(description="every evidence span read, in text order")))
TypeStat = derive(TypeCount, "TypeStat")
WeekStat = derive(WeekCount, "WeekStat")
CountryStat = derive(CountryCount, "CountryStat")


class PointsOut(BaseModel):
    """Events as parallel arrays, for drawing many on a map at once."""

    count: int = Field(description="events matching the filters")
    truncated: bool = Field(description="true when fewer than `count` are listed")
    types: list[str] = Field(description="event types; `type` holds indexes into this list")
    id: list[int]
    lat: list[float | None]
    lon: list[float | None]
    type: list[int]
    fatalities: list[int]
    date: list[str | None]


class TimelineOut(BaseModel):
    """Events and deaths per bin (`start` is each bin's first day), and the undated events apart."""

    interval: Literal["day", "week"]
    start: list[date]
    events: list[int]
    fatalities: list[int]
    undated: int = Field(description="matching events whose date is not known")
    undated_fatalities: int


class StatsOut(BaseModel):
    total: int = Field(description="events matching the filters")
    fatalities: int = Field(description="their deaths (the lowest figure of each)")
    undated: int = Field(description="of them, events whose date is not known")
    unplaced: int = Field(description="of them, events without coordinates (never on the map)")
    by_type: list[TypeStat]  # type: ignore[valid-type]
    by_week: list[WeekStat]  # type: ignore[valid-type]
    by_country: list[CountryStat]  # type: ignore[valid-type]
    timeline: TimelineOut


class MapCellOut(BaseModel):
    """A grid cell of the map: where its events are on average, its corner and size, what they are."""

    lat: float
    lon: float
    south: float
    west: float
    size: float = Field(description="side in degrees")
    events: int
    fatalities: int
    by_type: dict[str, int]


class MapEventsOut(BaseModel):
    """Events as parallel arrays; `type` holds indexes into `MapOut.types`."""

    id: list[int]
    lat: list[float]
    lon: list[float]
    type: list[int]
    fatalities: list[int]
    date: list[str | None]


class MapOut(BaseModel):
    """What the map shows of a box at a zoom: events one by one where few, else cells of counts."""

    zoom: int
    total: int = Field(description="placed events in the box matching the filters")
    fatalities: int
    unplaced: int = Field(description="matching events without coordinates, in no box")
    cell_size: float | None = Field(description="cell side in degrees; null when every event is listed")
    types: list[str]
    events: MapEventsOut
    cells: list[MapCellOut]


class PageIn(BaseModel):
    """A page to ingest: its text or its HTML (exactly one), and what is known about it."""

    id: str | None = Field(default=None, max_length=2000, description="defaults to the URL or a hash")
    url: str | None = Field(default=None, max_length=2000)
    published: date | None = None
    text: str | None = Field(default=None, max_length=MAX_PAGE_CHARS)
    html: str | None = Field(default=None, max_length=MAX_PAGE_CHARS)

    @model_validator(mode="after")
    def _one_body(self) -> PageIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of `text` and `html`")
        return self


class IngestOut(BaseModel):
    """What became of an ingested page."""

    status: Literal["stored", "duplicate", "failed"]
    page_id: int | None
    events: list[int] = Field(description="ids of the events the page's mentions joined or made")
    mentions: int
    error: str | None


class ErrorOut(BaseModel):
    detail: str
