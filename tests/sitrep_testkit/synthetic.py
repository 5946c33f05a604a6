"""Synthetic pages, mentions and events for the store's tests and benchmark (bench/store.py).

Everything is deterministic (seeded) and made up: invented towns at invented
coordinates, invented actors. `SyntheticReader` stands in for
`pipeline.read_page`, so ingest and merge can be tested whatever the
extraction stages read today.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sitrep.model import Certainty, Comment, Mention, Page, PageResult, Place, RawPage, Span

TYPES = (
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Mob violence"),
    ("Strategic developments", "Arrests"),
)
ACTORS = ("Northern Front", "Red Valley Brigade", "Coastal Guard", "Hill Tribes Militia",
          "Federal Army of Westland", "Eastland Liberation Army")


def place(name: str, latitude: float, longitude: float, precision: int = 1,
          iso3: str = "XWL", country: str = "Westland", admin1: str = "Central") -> Place:
    return Place(name=name, latitude=latitude, longitude=longitude, precision=precision,
                 admin1=admin1, country=country, iso3=iso3)


def mention(sentence: str, offset: int = 0, *, event_type: str = "Battles",
            sub_event_type: str = "Armed clash",
            day: date | None = date(2024, 3, 5), time_precision: int = 1, actor1: str | None = None,
            actor2: str | None = None, where: Place | None = None, fatalities: int = 0,
            source: str | None = None, certainty: Certainty = "reported") -> Mention:
    """A mention read from `sentence`, which starts at `offset` in the page's text."""
    evidence = Span(offset, offset + len(sentence), sentence)
    trigger_word = sentence.split()[1] if len(sentence.split()) > 1 else sentence
    start = offset + sentence.find(trigger_word)
    place_span = None
    if where is not None and where.name in sentence:
        at = offset + sentence.find(where.name)
        place_span = Span(at, at + len(where.name), where.name)
    return Mention(event_type=event_type, sub_event_type=sub_event_type, event_date=day,
                   time_precision=time_precision, evidence=[evidence],
                   trigger=Span(start, start + len(trigger_word), trigger_word), actor1=actor1, actor2=actor2,
                   place_name=place_span, place=where, fatalities=fatalities, source=source,
                   certainty=certainty)


@dataclass(frozen=True)
class SyntheticPage:
    """A raw page and what reading it gives."""

    raw: RawPage
    result: PageResult


def page(page_id: str, sentences: list[str], mentions_of: list[dict[str, Any]] | None = None, *,
         url: str | None = None, published: date | None = date(2024, 3, 6),
         comments: tuple[str, ...] = ()) -> SyntheticPage:
    """A page whose body is `sentences` (one paragraph each); `mentions_of[i]` are mention() keywords
    for sentence i (`None` or missing: no mention)."""
    title = f"Report {page_id}"
    text = title + "\n\n"
    paragraphs: list[Span] = []
    found: list[Mention] = []
    for index, sentence in enumerate(sentences):
        paragraphs.append(Span(len(text), len(text) + len(sentence), sentence))
        keywords = (mentions_of or [])[index] if index < len(mentions_of or []) else None
        if keywords is not None:
            found.append(mention(sentence, len(text), **keywords))
        text += sentence + "\n\n"
    thread: list[Comment] = []
    for index, remark in enumerate(comments):
        thread.append(Comment(author=f"reader{index}", text=remark, parent=index - 1 if index else None,
                              start=len(text), end=len(text) + len(remark)))
        text += remark + "\n"
    cleaned = Page(id=page_id, text=text, url=url, published=published, title=title,
                   paragraphs=paragraphs, comments=thread, language="en")
    raw = RawPage(id=page_id, text=text, url=url, published=published, origin=page_id)
    return SyntheticPage(raw=raw, result=PageResult(page=cleaned, mentions=found, origin=page_id))


class SyntheticReader:
    """Stands in for `read_page`: the prepared result of each page, by id; unknown ids fail."""

    def __init__(self, pages: list[SyntheticPage], delay_s: float = 0.0) -> None:
        self.results = {p.raw.id: p.result for p in pages}
        self.delay_s = delay_s
        self.calls = 0

    def __call__(self, raw: RawPage) -> PageResult:
        self.calls += 1
        if self.delay_s:
            time.sleep(self.delay_s)
        result = self.results.get(raw.id)
        if result is None:
            return PageResult(page=None, error=f"{raw.id}: extract: synthetic failure", origin=raw.id)
        return result


def corpus(occurrences: int, seed: int = 7, start: date = date(2024, 1, 1)) -> list[SyntheticPage]:
    """Pages reporting `occurrences` distinct occurrences, each written up by 1 to 3 outlets.

    Occurrences are spread over invented towns far apart (so none should merge
    with another), and the pages of one occurrence agree on type, day and town
    but word things their own way, with fatality figures that may differ.
    """
    rng = random.Random(seed)
    towns = [place(f"Town{n}", 10.0 + (n % 20) * 1.5, 20.0 + (n // 20) * 1.5) for n in range(200)]
    pages: list[SyntheticPage] = []
    for number in range(occurrences):
        event_type, sub_type = TYPES[number % len(TYPES)]
        town = towns[number % len(towns)]
        day = start + timedelta(days=number // len(towns) * 3 + rng.randrange(2))
        actor = ACTORS[number % len(ACTORS)]
        deaths = rng.choice((0, 3, 12, 40))
        for outlet in range(rng.randint(1, 3)):
            sentence = (f"Fighting by {actor} near {town.name} killed {deaths + outlet} people, "
                        f"outlet {outlet} reported about occurrence {number}.")
            keywords = {"event_type": event_type, "sub_event_type": sub_type, "day": day,
                        "actor1": actor, "where": town, "fatalities": deaths + outlet}
            pages.append(page(f"occ{number}-{outlet}", [sentence, "Background paragraph."], [keywords],
                              url=f"https://news{outlet}.example/{number}",
                              published=day + timedelta(days=1), comments=("First!",)))
    return pages


def event_rows(count: int, seed: int = 11, first_day: date = date(2015, 1, 1),
               days: int = 3650) -> Iterator[dict[str, Any]]:
    """`count` rows for the `events` table, uniformly over the world's land-ish latitudes and 10 years."""
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(tzinfo=None)
    for number in range(count):
        event_type, sub_type = TYPES[number % len(TYPES)]
        day = first_day + timedelta(days=rng.randrange(days))
        yield {
            "event_type": event_type, "sub_event_type": sub_type, "event_date": day, "time_precision": 1,
            "date_start": day, "date_end": day, "actor1": ACTORS[number % len(ACTORS)], "actor2": None,
            "assoc_actors": [], "location": f"Town{number % 5000}", "latitude": rng.uniform(-55, 70),
            "longitude": rng.uniform(-180, 180), "geo_precision": 1, "geonameid": None, "admin1": None,
            "country": "Westland", "iso3": "XWL", "fatalities": rng.choice((0, 0, 1, 3, 10)),
            "fatalities_min": 0, "fatalities_max": 0, "certainty": "reported", "sources": [],
            "disagreements": [], "notes": "", "first_reported": day, "last_reported": day,
            "n_reports": 1, "n_outlets": 1, "outlets": [], "updated_at": now,
        }
