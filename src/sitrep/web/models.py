"""The REST API's request and response bodies, as Pydantic models.

They mirror the records of `sitrep.store.query` field for field, so the
OpenAPI document describes exactly what the endpoints return.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

MAX_PAGE_CHARS = 2_000_000


class SpanOut(BaseModel):
    """A stretch of a page's text: offsets into `PageOut.text` and the text itself."""

    start: int
    end: int
    text: str


class EventOut(BaseModel):
    """One merged event (EVENTS.md section 3), with how many pages report it."""

    id: int
    event_type: str
    sub_event_type: str
    event_date: date | None
    time_precision: int
    actor1: str | None
    actor2: str | None
    assoc_actors: list[str]
    location: str | None
    admin1: str | None
    country: str | None
    iso3: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int = Field(description="the lowest figure reported")
    fatalities_min: int
    fatalities_max: int
    certainty: str
    sources: list[str] = Field(description="parties the event is attributed to")
    disagreements: list[str] = Field(description="where the sources disagree, in words")
    notes: str
    first_reported: date | None
    last_reported: date | None
    n_reports: int
    n_outlets: int
    outlets: list[str] = Field(default_factory=list, description="sites of the reporting pages")
    updated_at: datetime | None = None


class EventList(BaseModel):
    """One page of events; pass `next_cursor` back as `cursor` for the next page."""

    items: list[EventOut]
    next_cursor: str | None
    limit: int


class MentionOut(BaseModel):
    """One occurrence as read from one page, with the spans it was read from."""

    id: int
    page_id: int
    event_id: int | None
    event_type: str
    sub_event_type: str
    event_date: date | None
    time_precision: int
    actor1: str | None
    actor2: str | None
    assoc_actors: list[str]
    location: str | None
    place_name: SpanOut | None
    admin1: str | None
    country: str | None
    iso3: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int
    fatalities_span: SpanOut | None
    source: str | None
    certainty: str
    trigger: SpanOut
    evidence: list[SpanOut]


class ReportOut(BaseModel):
    """A page that reports the event, and what it said."""

    page_id: int
    page_key: str
    url: str | None
    outlet: str | None
    title: str | None
    published: date | None
    mention: MentionOut


class EventDetailOut(EventOut):
    """An event with every source page, its evidence, and the claim chain in words."""

    claim_chain: str = Field(description='e.g. "Hezbollah media wing says so, without evidence; '
                                         'reported by 1 outlet"')
    reports: list[ReportOut]


class CommentOut(BaseModel):
    """A reader comment: never part of the article, never read for events."""

    position: int
    parent: int | None
    author: str | None
    posted: str | None
    text: str
    start: int
    end: int


class ReadSpanOut(BaseModel):
    """A span of the page that an event was read from."""

    start: int
    end: int
    text: str
    event_id: int | None
    mention_id: int


class PageOut(BaseModel):
    """A stored page: the text as read, the clean body's paragraphs, comments apart."""

    id: int
    page_key: str
    url: str | None
    outlet: str | None
    title: str | None
    byline: str | None
    published: date | None
    language: str | None
    source_format: str
    text: str
    body: str
    paragraphs: list[tuple[int, int]] = Field(description="[start, end] offsets into text")
    boilerplate: list[tuple[int, int]]
    comments: list[CommentOut]
    mentions: list[MentionOut]
    spans: list[ReadSpanOut] = Field(description="every evidence span read, in text order")


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


class TypeStat(BaseModel):
    event_type: str
    events: int
    fatalities: int
    sub_types: dict[str, int]


class WeekStat(BaseModel):
    week: date = Field(description="the Monday")
    events: int
    fatalities: int


class CountryStat(BaseModel):
    country: str | None
    iso3: str | None
    events: int
    fatalities: int


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
    by_type: list[TypeStat]
    by_week: list[WeekStat]
    by_country: list[CountryStat]
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
