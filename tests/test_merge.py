"""Merging reports into events: which reports are one occurrence, and what the event says."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sitrep.geometry import great_circle_km
from sitrep.merge import Candidate, Report, actors_match, choose_event, summarize

DAY = date(2024, 3, 5)


def report(mention_id: int, page_id: int, **changes: object) -> Report:
    base = Report(mention_id=mention_id, page_id=page_id, event_type="Explosions/Remote violence",
                  sub_event_type="Air/drone strike", event_date=DAY, time_precision=1,
                  outlet=f"site{page_id}.example", published=date(2024, 3, 6), actor1="Northern Front",
                  location="Town7", latitude=12.0, longitude=25.0, geo_precision=1, iso3="XWL",
                  fatalities=10, evidence=f"Sentence of page {page_id}.")
    return replace(base, **changes)  # type: ignore[arg-type]


def merged(reports: list[Report]) -> list[list[int]]:
    """Feed reports one by one, as ingest does; the mention ids of each resulting event."""
    events: dict[int, list[Report]] = {}
    for item in reports:
        chosen = choose_event(item, [Candidate(event_id, rs) for event_id, rs in events.items()])
        events.setdefault(chosen if chosen is not None else len(events) + 1, []).append(item)
    return [[r.mention_id for r in rs] for rs in events.values()]


def test_three_pages_on_one_occurrence_make_one_event() -> None:
    reports = [report(1, 1), report(2, 2, latitude=12.03, fatalities=12, actor1="the Northern Front"),
               report(3, 3, actor1=None, fatalities=0, geo_precision=2, latitude=12.1)]
    assert merged(reports) == [[1, 2, 3]]


def test_two_attacks_same_day_same_city_by_different_actors_stay_two() -> None:
    reports = [report(1, 1), report(2, 2, actor1="Red Valley Brigade"),
               report(3, 3), report(4, 4, actor1="Red Valley Brigade")]
    assert merged(reports) == [[1, 3], [2, 4]]


def test_a_pages_own_mentions_are_never_merged() -> None:
    assert merged([report(1, 1), report(2, 1)]) == [[1], [2]]


def test_different_type_day_or_place_makes_a_new_event() -> None:
    other_type = report(2, 2, event_type="Battles", sub_event_type="Armed clash")
    two_days_on = report(3, 3, event_date=date(2024, 3, 7))
    far = report(4, 4, latitude=13.0)  # about 110 km away
    assert merged([report(1, 1), other_type, two_days_on, far]) == [[1], [2], [3], [4]]


def test_a_day_apart_is_the_same_occurrence_with_the_same_actor_and_no_chain_grows() -> None:
    days = [report(n, n, event_date=date(2024, 3, 4 + n)) for n in (1, 2, 3)]  # 5, 6 and 7 March
    assert merged(days) == [[1, 2], [3]]
    unnamed = report(2, 2, event_date=date(2024, 3, 6), actor1="Unidentified armed group")
    assert merged([report(1, 1), unnamed]) == [[1], [2]]


def test_coarse_date_or_place_joins_a_precise_one() -> None:
    week = report(2, 2, event_date=date(2024, 3, 9), time_precision=2)
    province = report(3, 3, geo_precision=3, latitude=12.8, longitude=25.5, location="Central")
    assert merged([report(1, 1), week, province]) == [[1, 2, 3]]


def test_a_different_sub_type_merges_unless_the_actors_conflict() -> None:
    shelling = {"sub_event_type": "Shelling/artillery/missile attack"}
    assert merged([report(1, 1), report(2, 2, **shelling)]) == [[1, 2]]
    assert merged([report(1, 1), report(2, 2, actor1=None, **shelling)]) == [[1, 2]]
    assert merged([report(1, 1), report(2, 2, actor1="Coastal Guard", **shelling)]) == [[1], [2]]


def test_an_unidentified_actor_neither_matches_nor_conflicts() -> None:
    unknown = report(2, 2, actor1="Unidentified armed group")
    assert merged([unknown, report(1, 1)]) == [[2, 1]]
    summary = summarize([unknown, report(1, 1)])
    assert summary.actor1 == "Northern Front" and not summary.disagreements
    named = [report(1, 1), report(2, 2, actor1="Red Valley Brigade"), report(3, 3, actor1="Unknown")]
    assert merged(named) == [[1, 3], [2]]  # the oldest event wins a tie


def test_reports_without_coordinates_merge_on_the_place_name() -> None:
    no_coordinates = {"latitude": None, "longitude": None, "geo_precision": None}
    same = report(2, 2, **no_coordinates)
    other = report(3, 3, location="Town8", **no_coordinates)
    assert merged([report(1, 1), same, other]) == [[1, 2], [3]]


def test_battles_match_actors_on_either_side() -> None:
    first = report(1, 1, event_type="Battles", sub_event_type="Armed clash", actor1="Northern Front",
                   actor2="Coastal Guard")
    second = report(2, 2, event_type="Battles", sub_event_type="Armed clash", actor1="Coastal Guard",
                    actor2="Northern Front")
    assert merged([first, second]) == [[1, 2]]


def test_summary_lists_sources_and_disagreements() -> None:
    reports = [
        report(1, 1, fatalities=39, certainty="claimed", source="the regional governor"),
        report(2, 2, fatalities=128, certainty="disputed", source="the Northern Front",
               outlet="site2.example"),
        report(3, 3, fatalities=0, outlet="site2.example", published=date(2024, 3, 9)),
    ]
    summary = summarize(reports)
    assert summary.fatalities == 39
    assert (summary.fatalities_min, summary.fatalities_max) == (39, 128)
    assert summary.certainty == "disputed"
    assert summary.n_reports == 3 and summary.n_outlets == 2
    assert summary.first_reported == date(2024, 3, 6) and summary.last_reported == date(2024, 3, 9)
    assert summary.sources == ["the regional governor", "the Northern Front"]
    assert any("fatalities from 39 to 128" in note for note in summary.disagreements)
    assert any("claimed by the regional governor" in note and "the Northern Front" in note
               for note in summary.disagreements)
    assert summary.notes.startswith("Sentence of page 1.")


def test_summary_prefers_the_most_precise_date_and_place() -> None:
    coarse = report(1, 1, event_date=date(2024, 3, 9), time_precision=2, geo_precision=3, location="Central",
                    latitude=12.5, longitude=25.2)
    precise = report(2, 2)
    summary = summarize([coarse, precise])
    assert (summary.event_date, summary.time_precision) == (DAY, 1)
    assert (summary.location, summary.geo_precision) == ("Town7", 1)
    assert summary.date_start == summary.date_end == DAY


def test_actor_names_match_like_the_scorer() -> None:
    assert actors_match("ISIS", "isis fighters")
    assert actors_match("Northern Front", "the Northern Front")
    assert actors_match("Hezbollah media wing", "Hezbollah")
    assert not actors_match("Russian forces", "Ukrainian forces")
    assert not actors_match("Red Valley Brigade", "Northern Front")


def test_haversine_distance() -> None:
    assert abs(great_circle_km(0.0, 0.0, 1.0, 0.0) - 111.2) < 0.5
    assert great_circle_km(12.0, 25.0, 12.0, 25.0) == 0.0
