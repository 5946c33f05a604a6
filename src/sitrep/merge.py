"""Merging: mentions of one occurrence, read from many pages, become one event.

A `Report` is one mention with what merging needs of its page (outlet, date of
publication). `choose_event(report, candidates)` picks the existing event a new
report belongs to, or None for a new event; `summarize(reports)` computes the
event's fields from all its reports, including where the sources disagree.
Both are pure functions, so merging is incremental (a new page touches only
the few events near it in type, time and space) and deterministic (the same
reports in the same order give the same events). `sitrep.store.event_writer` applies
them to the database.

A report joins an event when all of these hold:
- same event type; the page has no other report in the event (a page's own
  mentions are distinct occurrences: the extractor already merged its repeats);
- dates: the report's window of days (one day at precision 1, the week up to
  the date at 2, the month up to the date at 3) overlaps the event's window, or
  misses it by a day at most (DATE_SLACK_DAYS) when a named actor matches too;
- places: both geocoded and within a radius that grows with the coarser of the
  two precisions (town 10 km, near a town or region 30 km, province 150 km), or,
  where either is not geocoded, the same place name;
- actors: no conflict (an actor named by both sides must match one of the
  event's actors, on either side for battles; "Unidentified armed group" and
  the like name no one, so they neither match nor conflict).
The sub-type is not required to agree: pages often label one occurrence
differently (a car bomb, a suicide car bombing); it only counts in the choice.
Among several such events the closest wins (matching actor, same sub-type,
distance), ties going to the oldest event.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources

from sitrep.geometry import great_circle_km
from sitrep.model import EventFields

# Search radius (km) by the coarser geo_precision of the two places.
RADIUS_KM = {1: 10.0, 2: 30.0, 3: 150.0}
UNKNOWN_PRECISION_RADIUS_KM = 30.0
MAX_RADIUS_KM = max(RADIUS_KM.values())
WINDOW_DAYS = {1: 0, 2: 6, 3: 30}  # days before the stated date that the occurrence may lie in
# Pages resolve "on Tuesday" or "last night" a day apart (time zones, datelines, late
# publication): windows a day apart may still be one occurrence, as in the scorer's
# matching, when the same named actor corroborates it. A chain cannot grow: the
# event's window is the intersection (or the tightest) of its reports' windows.
DATE_SLACK_DAYS = 1
PAGE_OUTLET_PREFIX = "page:"  # a page without a URL counts as an outlet of its own
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Report:
    """One mention of an occurrence on one page: the fields merging compares and summarizes."""

    mention_id: int
    page_id: int
    event_type: str
    sub_event_type: str
    event_date: date | None
    time_precision: int
    outlet: str  # the site, or PAGE_OUTLET_PREFIX + page id when the page's site is unknown
    published: date | None = None
    actor1: str | None = None
    actor2: str | None = None
    assoc_actors: tuple[str, ...] = ()
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    admin1: str | None = None
    country: str | None = None
    iso3: str | None = None
    fatalities: int = 0
    source: str | None = None
    certainty: str = "reported"
    evidence: str = ""  # the first evidence sentence

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def window(self) -> tuple[date, date] | None:
        """The days the occurrence may lie in; None when the report has no date at all."""
        day = self.event_date or self.published
        if day is None:
            return None
        precision = self.time_precision if self.event_date else 3
        return day - timedelta(days=WINDOW_DAYS.get(precision, 30)), day


@dataclass(frozen=True)
class Candidate:
    """An existing event and its reports, oldest first."""

    event_id: int
    reports: Sequence[Report]


@dataclass(frozen=True)
class Summary(EventFields):
    """An event's fields as its reports give them, with what only the merge uses."""

    date_start: date | None
    date_end: date | None
    geonameid: int | None


# ---------------------------------------------------------------- choosing an event

def choose_event(report: Report, candidates: Iterable[Candidate]) -> int | None:
    """The id of the event `report` belongs to, or None when it is a new occurrence."""
    best: tuple[float, int] | None = None
    for candidate in candidates:
        score = match_score(report, candidate.reports)
        if score is None:
            continue
        key = (score, -candidate.event_id)
        if best is None or key > (best[0], -best[1]):
            best = (score, candidate.event_id)
    return None if best is None else best[1]


def match_score(report: Report, reports: Sequence[Report]) -> float | None:
    """How well a report fits an event's reports (higher is closer), or None if it cannot be the same."""
    if not reports or any(r.page_id == report.page_id for r in reports):
        return None
    if any(r.event_type != report.event_type for r in reports):
        return None
    dates = _date_fit(report, reports)
    if dates is None:
        return None
    distance = _place_distance(report, reports)
    if distance is None:
        return None
    actors = _actor_agreement(report, reports)
    if actors is None or (dates == "a day apart" and not actors):
        return None
    same_sub_type = any(r.sub_event_type == report.sub_event_type for r in reports)
    return 1.0 * same_sub_type + 2.0 * actors - distance


def _date_fit(report: Report, reports: Sequence[Report]) -> str | None:
    """"overlap", "a day apart" (within DATE_SLACK_DAYS), or None when the dates cannot agree."""
    window = report.window()
    event_window = intersect_windows(reports)
    if window is None or event_window is None:
        return None
    if window[0] <= event_window[1] and event_window[0] <= window[1]:
        return "overlap"
    slack = timedelta(days=DATE_SLACK_DAYS)
    if window[0] <= event_window[1] + slack and event_window[0] <= window[1] + slack:
        return "a day apart"
    return None


def intersect_windows(reports: Iterable[Report]) -> tuple[date, date] | None:
    """The days every report allows (their windows' intersection); None if none is dated."""
    windows = [w for w in (r.window() for r in reports) if w is not None]
    if not windows:
        return None
    start, end = max(w[0] for w in windows), min(w[1] for w in windows)
    if start > end:  # cannot happen for reports merged here; keep the tightest window then
        return min(windows, key=lambda w: (w[1] - w[0], w[1]))
    return start, end


def _place_distance(report: Report, reports: Sequence[Report]) -> float | None:
    """Distance to the event's best place as a share of the allowed radius (0..1), or None."""
    anchor = best_place(reports)
    if report.has_coordinates and anchor is not None and anchor.has_coordinates:
        km = great_circle_km(report.latitude or 0.0, report.longitude or 0.0,
                          anchor.latitude or 0.0, anchor.longitude or 0.0)
        radius = search_radius_km(report.geo_precision, anchor.geo_precision)
        return km / radius if km <= radius else None
    name = _norm(report.location)
    if name and any(_norm(r.location) == name for r in reports):
        return 0.5  # same name, no coordinates to compare: a middling fit
    return None


def search_radius_km(first: int | None, second: int | None) -> float:
    """How far apart two places of these precisions may be and still be one place."""
    if first is None or second is None:
        return UNKNOWN_PRECISION_RADIUS_KM
    return RADIUS_KM.get(max(first, second), MAX_RADIUS_KM)


def _actor_agreement(report: Report, reports: Sequence[Report]) -> bool | None:
    """True: actor1 matches one of the event's; False: nothing to compare; None: they conflict."""
    if not is_known_actor(report.actor1):
        return False
    if not any(is_known_actor(r.actor1) for r in reports):
        return False
    known = [r.actor1 for r in reports if r.actor1]
    if report.event_type == "Battles":  # either side may be written first
        known += [r.actor2 for r in reports if r.actor2]
    known += [a for r in reports for a in r.assoc_actors]
    actor = report.actor1 or ""
    return True if any(actors_match(actor, other) for other in known if is_known_actor(other)) else None


def is_known_actor(name: str | None) -> bool:
    """A named actor, not a placeholder such as "Unidentified armed group" or "Unidentified
    Armed Group (Mali)" (data/merge/unknown_actors.txt; a country in brackets is not a name)."""
    return bool(name) and _COUNTRY_SUFFIX.sub("", _norm(name)) not in unknown_actors()


_COUNTRY_SUFFIX = re.compile(r"\s*\([^()]*\)$")


def actors_match(first: str, second: str) -> bool:
    """The scorer's rule: case-insensitive containment, or a shared word of 4+ letters not generic."""
    a, b = first.casefold().strip(), second.casefold().strip()
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    return bool(_significant_words(a) & _significant_words(b))


def _significant_words(name: str) -> set[str]:
    return {w for w in _WORD.findall(name) if len(w) >= 4 and w not in actor_stopwords()}


@cache
def actor_stopwords() -> frozenset[str]:
    """Generic words of actor names (data/merge/actor_stopwords.txt)."""
    return _word_list("actor_stopwords.txt")


@cache
def unknown_actors() -> frozenset[str]:
    """Names that stand for an unknown actor (data/merge/unknown_actors.txt)."""
    return _word_list("unknown_actors.txt")


def _word_list(name: str) -> frozenset[str]:
    text = resources.files("sitrep").joinpath(f"data/merge/{name}").read_text("utf-8")
    return frozenset(" ".join(line.casefold().split()) for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def _norm(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


# ---------------------------------------------------------------- summarizing an event

def best_place(reports: Sequence[Report]) -> Report | None:
    """The report with the most precise geocoded place (earliest among equals), else any named one."""
    located = [r for r in reports if r.has_coordinates]
    if located:
        return min(located, key=lambda r: r.geo_precision or 9)
    named = [r for r in reports if r.location]
    return named[0] if named else None


def summarize(reports: Sequence[Report]) -> Summary:
    """An event's fields from all its reports (oldest first), with where they disagree."""
    if not reports:
        raise ValueError("an event needs at least one report")
    first = reports[0]
    event_date, time_precision = _event_date(reports)
    date_start, date_end = intersect_windows(reports) or (None, None)
    place = best_place(reports) or first
    country, iso3 = _country(place, reports)
    actor1, actor2, assoc_actors = _actors(reports)
    figures = _fatality_figures(reports)
    fewest, most = (figures[0], figures[-1]) if figures else (0, 0)
    first_reported, last_reported = _reported_between(reports)
    disagreements = _disagreements(reports, figures)
    return Summary(
        event_type=first.event_type, sub_event_type=_sub_event_type(reports),
        event_date=event_date, time_precision=time_precision,
        date_start=date_start, date_end=date_end,
        actor1=actor1, actor2=actor2, assoc_actors=assoc_actors,
        location=place.location, latitude=place.latitude, longitude=place.longitude,
        geo_precision=place.geo_precision, geonameid=place.geonameid, admin1=place.admin1,
        country=country, iso3=iso3,
        fatalities=fewest, fatalities_min=fewest, fatalities_max=most,
        certainty=_certainty(reports),
        sources=_unique([r.source for r in reports if r.source]),
        disagreements=disagreements,
        notes=_notes(first, disagreements),
        first_reported=first_reported, last_reported=last_reported,
        n_reports=len(reports),
        n_outlets=len({r.outlet for r in reports}),
        outlets=_named_outlets(reports),
    )


def _event_date(reports: Sequence[Report]) -> tuple[date | None, int]:
    """The date the reports best support, with its precision: the most precise, then the most
    often given, then the earliest; (None, 3) when no report is dated."""
    dated = [r for r in reports if r.event_date is not None]
    if not dated:
        return None, 3
    best = min(dated, key=lambda r: (r.time_precision, -_count(dated, r.event_date), r.event_date))
    return best.event_date, best.time_precision


def _sub_event_type(reports: Sequence[Report]) -> str:
    """The sub-type most reports give (the first report's when none is given)."""
    return _most_common([r.sub_event_type for r in reports]) or reports[0].sub_event_type


def _country(place: Report, reports: Sequence[Report]) -> tuple[str | None, str | None]:
    """Country name and ISO3: the chosen place's, else the ones most reports give."""
    country = place.country or _most_common([r.country for r in reports])
    iso3 = place.iso3 or _most_common([r.iso3 for r in reports])
    return country, iso3


def _actors(reports: Sequence[Report]) -> tuple[str | None, str | None, list[str]]:
    """Actor 1 (the most often named known actor, else the most often given), actor 2, and the
    associated actors that are neither."""
    actor1 = _most_common([r.actor1 for r in reports if is_known_actor(r.actor1)]) \
        or _most_common([r.actor1 for r in reports])
    actor2 = _most_common([r.actor2 for r in reports])
    assoc = _unique([a for r in reports for a in r.assoc_actors], exclude=(actor1, actor2))
    return actor1, actor2, assoc


def _fatality_figures(reports: Sequence[Report]) -> list[int]:
    """The fatality figures the reports give (zero is no figure), lowest first."""
    return sorted(r.fatalities for r in reports if r.fatalities > 0)


def _reported_between(reports: Sequence[Report]) -> tuple[date | None, date | None]:
    """The first and last publication dates among the reports (None when no page is dated)."""
    published = [r.published for r in reports if r.published is not None]
    return min(published, default=None), max(published, default=None)


def _named_outlets(reports: Sequence[Report]) -> list[str]:
    """The outlets (sites) of the reports, leaving out pages without a known site."""
    return _unique([r.outlet for r in reports if not r.outlet.startswith(PAGE_OUTLET_PREFIX)])


def _notes(first: Report, disagreements: list[str]) -> str:
    """The first report's evidence sentence, then the disagreements in brackets."""
    parts = [first.evidence.strip(), f"[{'; '.join(disagreements)}]" if disagreements else ""]
    return " ".join(part for part in parts if part)


def _certainty(reports: Sequence[Report]) -> str:
    """Disputed if any source disputes it; reported if any outlet states it itself; else claimed."""
    kinds = {r.certainty for r in reports}
    for kind in ("disputed", "reported", "claimed"):
        if kind in kinds:
            return kind
    return "reported"


def _disagreements(reports: Sequence[Report], figures: list[int]) -> list[str]:
    """Where the sources disagree: fatality figures, claims and denials, sub-types, actor 1."""
    notes = [_fatality_spread(figures), _claims_and_denials(reports)]
    notes += _value_spreads(reports)
    return [note for note in notes if note]


def _fatality_spread(figures: list[int]) -> str | None:
    """The range of fatality figures (lowest first), when they differ."""
    if not figures or figures[0] == figures[-1]:
        return None
    return f"fatalities from {figures[0]} to {figures[-1]} ({len(figures)} reports give a figure)"


def _claims_and_denials(reports: Sequence[Report]) -> str | None:
    """Who claims the event and who disputes or denies it, when that is worth a note."""
    claimed = _unique([r.source or r.outlet for r in reports if r.certainty == "claimed"])
    disputed = _unique([r.source or r.outlet for r in reports if r.certainty == "disputed"])
    if claimed and disputed:
        return f"claimed by {', '.join(claimed)}; disputed or denied per {', '.join(disputed)}"
    if disputed:
        return f"disputed per {', '.join(disputed)}"
    if len(claimed) > 1:
        return f"claimed by {', '.join(claimed)}"
    return None


def _value_spreads(reports: Sequence[Report]) -> list[str]:
    """The sub-types and the known actors 1 given, with how often, when they differ."""
    notes: list[str] = []
    for label, values in (("sub-type", [r.sub_event_type for r in reports]),
                          ("actor1", [r.actor1 for r in reports if is_known_actor(r.actor1)])):
        counts = Counter(values)
        if len(counts) > 1:
            notes.append(f"{label}: " + ", ".join(f"{v} ({n})" for v, n in counts.most_common()))
    return notes


def _most_common(values: Sequence[str | None]) -> str | None:
    """The most frequent value (case-insensitive), spelled as first seen; ties to the earliest."""
    present = [v for v in values if v]
    if not present:
        return None
    counts = Counter(v.casefold() for v in present)
    top = max(counts.values())
    return next(v for v in present if counts[v.casefold()] == top)


def _unique(values: Iterable[str], exclude: Iterable[str | None] = ()) -> list[str]:
    skip = {v.casefold() for v in exclude if v}
    seen: list[str] = []
    for value in values:
        if value.casefold() not in skip and value.casefold() not in {s.casefold() for s in seen}:
            seen.append(value)
    return seen


def _count(reports: Sequence[Report], day: date | None) -> int:
    return sum(1 for r in reports if r.event_date == day)
