"""Extraction: the body of a cleaned page to mentions of events (EVENTS.md).

One concern per module: `gate` (pages that yield nothing: no body, not
English, opinion), `triggers` (what happened), `actors` (who, on whom),
`places` (where), `dates` (when), `casualties` (how many died),
`attribution` (who says so), `frame` (what one clause says), `codebook`
(ACLED's type rules), `agents` (who acted), `events` (a draft per clause),
`occurrences` (one event per occurrence), `page_claims` (blame and denials
in other sentences) and `naming` (actors as ACLED names them). Only the body is read, so
comments and boilerplate never yield events.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from sitrep.extract import casualties, gate, places
from sitrep.extract.events import Draft, PageContext, read_drafts
from sitrep.extract.occurrences import occurrences
from sitrep.extract.page_claims import blame_actors, dispute
from sitrep.model import Certainty, Mention, Page, Span

__all__ = ["extract_mentions"]


def extract_mentions(page: Page, doc: Doc) -> list[Mention]:
    """Events read from the page's body, one per occurrence, each with its evidence."""
    if not page.paragraphs or len(doc) == 0 or not page.body.strip():
        page.notes.append("no body: no events extracted")
        return []
    page.language = gate.language_of(page, doc)
    if page.language != "en":
        page.notes.append(f"language {page.language or 'unknown'}: no events extracted")
        return []
    if gate.is_opinion(page):
        page.notes.append("opinion or analysis page: no events extracted")
        return []
    if page.published is None:
        page.notes.append("no publication date: events kept undated")
    context = PageContext(
        published=page.published or _fallback_date(),
        country=places.page_country(doc, page.title),
        dateline=places.dateline(doc),
        paragraph_starts=_paragraph_starts(page),
        body=doc.text,
        people=places.person_names(doc),
    )
    events = occurrences(read_drafts(doc, context))
    blame_actors(doc, events)
    dispute(doc, events, context)
    return [_mention(page, event, has_date=page.published is not None) for event in events]


def _fallback_date() -> date:
    return date.today()


def _paragraph_starts(page: Page) -> list[int]:
    starts, position = [], 0
    for paragraph in page.paragraphs:
        starts.append(position)
        position += len(paragraph.text) + 2
    return starts


def _span(page: Page, start: int, end: int) -> Span:
    text_start, text_end = page.body_offset_to_text(start), page.body_offset_to_text(end)
    return Span(text_start, text_end, page.text[text_start:text_end])


def _same_actor(actor1: str | None, actor2: str | None) -> bool:
    """"Russian forces" against "Russian forces": a side is never its own target."""
    if not actor1 or not actor2:
        return False
    first, second = actor1.casefold(), actor2.casefold()
    return first in second or second in first


def _mention(page: Page, event: Draft, has_date: bool) -> Mention:
    toll = casualties.best(event.tolls)
    certainty: Certainty = "disputed" if event.certainty == "disputed" else \
        "claimed" if event.certainty == "claimed" else "reported"
    place = event.place
    return Mention(
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        event_date=event.when.day if has_date else None,
        time_precision=event.when.precision,
        evidence=[_span(page, start, end) for start, end in event.evidence],
        trigger=_span(page, *event.trigger),
        actor1=event.actor1,
        actor2=None if _same_actor(event.actor1, event.actor2) else event.actor2,
        assoc_actors=list(dict.fromkeys(event.assoc)),
        place_name=_span(page, place.start_char, place.end_char) if place else None,
        place_qualifier=place.qualifier if place else None,
        country_hint=(place.country if place else None) or event.country,
        fatalities=toll.value if toll else 0,
        fatalities_span=_span(page, toll.start, toll.end) if toll else None,
        source=event.source,
        certainty=certainty,
    )
