"""The values that flow through Sitrep's pipeline, as plain dataclasses.

A page goes RawPage -> Page -> [Mention] -> PageResult (see ARCHITECTURE.md).
Offsets (`start`, `end`) are always character offsets into `Page.text`, the
page's text as read: decoded, repaired and Unicode-normalised, but otherwise
untouched, so evidence can be highlighted in it. Nothing here holds logic
beyond small conversions to the JSON of EVENTS.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Certainty = Literal["reported", "claimed", "disputed"]


@dataclass(frozen=True)
class RawPage:
    """One page as found in an input file, before any cleaning."""

    id: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    published: date | None = None
    fetched: date | None = None  # when a crawler fetched it (WARC-Date), a fallback base date
    origin: str = ""  # file (and line or record) the page came from, for messages
    notes: tuple[str, ...] = ()  # what reading repaired (bad bytes replaced), kept in the page's notes
    warnings: tuple[str, ...] = ()  # what reading refused (a bad date): a line each, and a note

    def __post_init__(self) -> None:
        if self.text is None and self.html is None:
            raise ValueError(f"page {self.id!r} has neither text nor html")


@dataclass(frozen=True)
class Span:
    """A stretch of `Page.text`, with the text it covers."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Comment:
    """A reader comment; `parent` is the index of the comment it answers."""

    author: str | None
    text: str
    parent: int | None = None
    posted: str | None = None
    start: int = 0
    end: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"author": self.author, "parent": self.parent, "text": self.text,
                "posted": self.posted, "start": self.start, "end": self.end}


@dataclass
class Page:
    """A cleaned page: title, body paragraphs, boilerplate and comment thread."""

    id: str
    text: str
    url: str | None = None
    published: date | None = None
    title: str | None = None
    byline: str | None = None
    paragraphs: list[Span] = field(default_factory=list)
    boilerplate: list[Span] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    language: str | None = None
    notes: list[str] = field(default_factory=list)
    source_format: str = "text"  # text, html, jsonl or warc
    title_span: Span | None = None  # where the title stands in `text`, when it was found there

    @property
    def body(self) -> str:
        """The body as EVENTS.md prints it: paragraphs joined by blank lines."""
        return BODY_JOINER.join(p.text for p in self.paragraphs)

    def body_offset_to_text(self, offset: int) -> int:
        """Map an offset into `body` back to an offset into `text`."""
        position = 0
        for paragraph in self.paragraphs:
            length = len(paragraph.text)
            if offset <= position + length:
                return paragraph.start + max(0, offset - position)
            position += length + len(BODY_JOINER)
        return self.paragraphs[-1].end if self.paragraphs else 0


BODY_JOINER = "\n\n"


@dataclass(frozen=True)
class Place:
    """A resolved location from the gazetteer."""

    name: str
    latitude: float
    longitude: float
    precision: int  # 1 the town, 2 near a town or part of a region, 3 province or larger
    geonameid: int | None = None
    admin1: str | None = None
    country: str | None = None
    iso3: str | None = None
    feature: str | None = None  # GeoNames feature class/code, e.g. "P.PPL", "A.ADM1"


@dataclass
class Mention:
    """One occurrence as read from one page, with the evidence for each field."""

    event_type: str
    sub_event_type: str
    event_date: date | None
    time_precision: int
    evidence: list[Span]
    trigger: Span
    actor1: str | None = None
    actor2: str | None = None
    assoc_actors: list[str] = field(default_factory=list)
    place_name: Span | None = None  # the toponym as written
    place: Place | None = None  # filled by geocoding
    country_hint: str | None = None  # ISO3 the text points at, for the geocoder
    # How the text places the event relative to `place_name`, for the geocoder's precision:
    # None = at the place itself (precision 1); "near" = near it, its outskirts, countryside
    # or a district of it (precision 2); "region" = the name is a province, region or larger
    # area (precision 3, the province capital's coordinates).
    place_qualifier: str | None = None
    fatalities: int = 0
    fatalities_span: Span | None = None
    source: str | None = None
    certainty: Certainty = "reported"
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        place = self.place
        return {
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "time_precision": self.time_precision,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "assoc_actors": list(self.assoc_actors),
            "location": place.name if place else (self.place_name.text if self.place_name else None),
            "admin1": place.admin1 if place else None,
            "country": place.country if place else None,
            "iso3": place.iso3 if place else self.country_hint,
            "latitude": place.latitude if place else None,
            "longitude": place.longitude if place else None,
            "geo_precision": place.precision if place else None,
            "geonameid": place.geonameid if place else None,
            "fatalities": self.fatalities,
            "source": self.source,
            "certainty": self.certainty,
            "trigger": self.trigger.to_json(),
            "evidence": [span.to_json() for span in self.evidence],
        }


@dataclass
class PageResult:
    """Everything Sitrep read from one page; `error` is set when the page failed."""

    page: Page | None
    mentions: list[Mention] = field(default_factory=list)
    error: str | None = None
    origin: str = ""

    def to_json(self) -> dict[str, Any]:
        page = self.page
        if page is None:
            return {"id": self.origin, "error": self.error, "events": []}
        return {
            "id": page.id,
            "url": page.url,
            "title": page.title,
            "byline": page.byline,
            "published": page.published.isoformat() if page.published else None,
            "language": page.language,
            "body": page.body,
            "paragraphs": [[p.start, p.end] for p in page.paragraphs],
            "boilerplate": [b.text for b in page.boilerplate],
            "comments": [c.to_json() for c in page.comments],
            "events": [m.to_json() for m in self.mentions],
            "notes": list(page.notes),
        }


class PageError(Exception):
    """A page that cannot be read; the message names the page and the stage."""

    def __init__(self, origin: str, stage: str, reason: str) -> None:
        super().__init__(f"{origin}: {stage}: {reason}")
        self.origin = origin
        self.stage = stage
        self.reason = reason


# ---------------------------------------------------------------- what the database holds and serves
# The one set of records of stored events, their sources and pages: `sitrep.store.query`
# returns them, `sitrep.merge` summarizes into EventFields, and the API's schemas
# (`sitrep.web.models`) are derived from them field for field. A field's `description`
# (its metadata) is the OpenAPI document's.


def described(text: str) -> dict[str, str]:
    """A field's metadata: its description in the API's schema."""
    return {"description": text}


@dataclass(frozen=True)
class EventFields:
    """The fields of a merged event (EVENTS.md section 3), as stored and as served."""

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
    fatalities: int = field(metadata=described("the lowest figure reported"))
    fatalities_min: int
    fatalities_max: int
    certainty: str
    sources: list[str] = field(metadata=described("parties the event is attributed to"))
    disagreements: list[str] = field(metadata=described("where the sources disagree, in words"))
    notes: str
    first_reported: date | None
    last_reported: date | None
    n_reports: int
    n_outlets: int
    outlets: list[str] = field(metadata=described("sites of the reporting pages"))


@dataclass(frozen=True)
class EventRecord(EventFields):
    """One merged event, as stored."""

    id: int
    updated_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return _json_dict({"id": data.pop("id"), **data})


@dataclass(frozen=True)
class SpanRecord:
    """A stretch of a page's text: offsets into `PageDetail.text` and the text itself."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class MentionRecord:
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
    place_name: SpanRecord | None
    admin1: str | None
    country: str | None
    iso3: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int
    fatalities_span: SpanRecord | None
    source: str | None
    certainty: str
    trigger: SpanRecord
    evidence: list[SpanRecord]

    def to_json(self) -> dict[str, Any]:
        return _json_dict(asdict(self))


@dataclass(frozen=True)
class SourceRecord:
    """A page reporting an event, and what it said (its mention)."""

    page_id: int
    page_key: str
    url: str | None
    outlet: str | None
    title: str | None
    published: date | None
    mention: MentionRecord

    def to_json(self) -> dict[str, Any]:
        return _json_dict(asdict(self))


@dataclass(frozen=True)
class EventDetail:
    """An event with every source page and its evidence."""

    event: EventRecord
    sources: list[SourceRecord]

    def to_json(self) -> dict[str, Any]:
        return {**self.event.to_json(), "reports": [s.to_json() for s in self.sources]}


@dataclass(frozen=True)
class CommentRecord:
    """A reader comment: never part of the article, never read for events."""

    position: int
    parent: int | None
    author: str | None
    posted: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class PageDetail:
    """A stored page with everything read from it; offsets point into `text`."""

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
    paragraphs: list[tuple[int, int]] = field(metadata=described("[start, end] offsets into text"))
    boilerplate: list[tuple[int, int]]
    comments: list[CommentRecord]
    mentions: list[MentionRecord]
    origin: str

    def to_json(self) -> dict[str, Any]:
        return _json_dict(asdict(self))


def _json_dict(value: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO strings, tuples as lists, all the way down."""
    return {key: _jsonable(item) for key, item in value.items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
