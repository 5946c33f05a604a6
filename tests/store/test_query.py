"""The query API: filters, sorting, cursor pagination, details of events and pages, statistics."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.ingest import ingest
from sitrep.store.db import Database
from sitrep.store.query import (
    EventFilter,
    QueryError,
    count_events,
    get_event,
    get_page,
    iter_events,
    list_events,
    map_points,
    stats_by_country,
    stats_by_type,
    stats_by_week,
)
from sitrep_testkit.synthetic import SyntheticPage, SyntheticReader, page, place

NORTH = place("Northtown", 40.0, 10.0, iso3="XNL", country="Northland", admin1="Upper")
SOUTH = place("Southport", -20.0, 30.0, iso3="XSL", country="Southland", admin1="Coast")
EAST = place("Far East Post", 10.0, 179.5, iso3="XEL", country="Eastland")
NOWHERE = place("Nowhere Bay", -40.0, -60.0, iso3="XUL", country="Undatedland")


def pages() -> list[SyntheticPage]:
    clash = {"event_type": "Battles", "sub_event_type": "Armed clash", "where": NORTH,
             "actor1": "Northern Front", "actor2": "Coastal Guard", "day": date(2024, 1, 10), "fatalities": 5}
    strike = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
              "where": SOUTH, "actor1": "Federal Army of Westland", "day": date(2024, 2, 20),
              "fatalities": 12, "certainty": "claimed", "source": "the ministry"}
    protest = {"event_type": "Protests", "sub_event_type": "Peaceful protest", "where": SOUTH,
               "actor1": "Dock workers", "day": date(2024, 2, 21)}
    undated = {"event_type": "Strategic developments", "sub_event_type": "Arrests", "where": NOWHERE,
               "actor1": "Police of Nowhere", "day": None}
    raid = {"event_type": "Violence against civilians", "sub_event_type": "Attack", "where": EAST,
            "actor1": "Red Valley Brigade", "day": date(2024, 3, 2), "fatalities": 3}
    return [
        page("p1", ["Fighting erupted in Northtown between the two sides.", "Background."], [clash],
             url="https://a.example/1", comments=("Terrible news.", "Indeed.")),
        page("p2", ["Northtown clashes left five dead."], [clash], url="https://b.example/2"),
        page("p3", ["A drone strike hit a depot in Southport, the ministry said."], [strike],
             url="https://a.example/3"),
        page("p4", ["Dockers marched through Southport.", "A warehouse burned overnight."], [protest],
             url="https://c.example/4"),
        page("p5", ["Gunmen raided Far East Post killing three."], [raid], url="https://c.example/5"),
        page("p6", ["Nothing of note happened."], [], url="https://d.example/6"),
        page("p7", ["Police detained two traders in Nowhere Bay on a day not given."], [undated],
             url="https://e.example/7", published=None),
        page("p8", ["Police detained a bus driver in Nowhere Bay; the day is not known."], [undated],
             url="https://e.example/8", published=None),
    ]


@pytest.fixture
def db(any_db: Database) -> Database:
    items = pages()
    ingest(any_db, [p.raw for p in items], reader=SyntheticReader(items))
    return any_db


def types(db: Database, **filters: object) -> list[str]:
    return sorted(e.event_type for e in list_events(db, EventFilter(**filters)).events)  # type: ignore[arg-type]


def test_filters(db: Database) -> None:
    assert count_events(db) == 6
    assert types(db, country="xsl") == ["Explosions/Remote violence", "Protests"]
    assert types(db, country="Northland") == ["Battles"]
    assert types(db, event_type="protests") == ["Protests"]
    assert types(db, sub_event_type="Air/drone strike") == ["Explosions/Remote violence"]
    assert types(db, actor="coastal") == ["Battles"]  # actor2 counts too
    assert types(db, text="depot") == ["Explosions/Remote violence"]  # found in the evidence sentence
    assert types(db, text="southport") == ["Explosions/Remote violence", "Protests"]
    assert types(db, since=date(2024, 2, 21)) == ["Protests", "Violence against civilians"]  # no undated
    assert types(db, until=date(2024, 1, 31)) == ["Battles"]
    assert types(db, min_fatalities=5) == ["Battles", "Explosions/Remote violence"]
    assert types(db, certainty="claimed") == ["Explosions/Remote violence"]
    assert types(db, text="100%_") == []  # LIKE wildcards are matched literally


def test_bounding_boxes(db: Database) -> None:
    assert types(db, bbox=(0.0, 30.0, 20.0, 50.0)) == ["Battles"]
    assert types(db, bbox=(25.0, -25.0, 35.0, -15.0), since=date(2024, 2, 1), until=date(2024, 2, 20)) \
        == ["Explosions/Remote violence"]
    assert types(db, bbox=(170.0, 0.0, -170.0, 20.0)) == ["Violence against civilians"]  # across 180°
    assert types(db, bbox=(-180.0, -90.0, 180.0, 90.0), country="XNL") == ["Battles"]
    with pytest.raises(QueryError):
        list_events(db, EventFilter(bbox=(0.0, 50.0, 10.0, 40.0)))


def test_sorting_and_cursor_pagination_visit_every_event_once(db: Database) -> None:
    for sort in ("-date", "date", "-fatalities", "fatalities", "-reports", "id"):
        seen: list[int] = []
        cursor = None
        while True:
            result = list_events(db, sort=sort, limit=1, cursor=cursor)  # type: ignore[arg-type]
            seen += [e.id for e in result.events]
            cursor = result.next_cursor
            if cursor is None:
                break
        assert sorted(seen) == sorted(e.id for e in iter_events(db)) and len(seen) == 6
    for sort in ("date", "-date"):
        by_date = [e.event_date for e in list_events(db, sort=sort).events]  # type: ignore[arg-type]
        assert by_date[-2:] == [None, None]  # undated events come last either way
        assert by_date[:-2] == sorted(by_date[:-2], reverse=sort == "-date")  # type: ignore[type-var]
    with pytest.raises(QueryError):
        list_events(db, sort="-date", cursor="not-a-cursor")


def test_event_detail_has_sources_and_evidence(db: Database) -> None:
    [battle] = list_events(db, EventFilter(event_type="Battles")).events
    assert (battle.n_reports, battle.n_outlets) == (2, 2)
    detail = get_event(db, battle.id)
    assert detail is not None
    assert [s.url for s in detail.sources] == ["https://a.example/1", "https://b.example/2"]
    first = detail.sources[0].mention
    assert first.evidence[0].text == "Fighting erupted in Northtown between the two sides."
    assert first.place_name is not None and first.place_name.text == "Northtown"
    second = detail.to_json()["reports"][1]["mention"]
    assert second["evidence"][0]["text"] == "Northtown clashes left five dead."
    assert get_event(db, 10_000) is None


def test_page_detail_has_body_comments_and_spans(db: Database) -> None:
    [battle] = list_events(db, EventFilter(event_type="Battles")).events
    detail = get_event(db, battle.id)
    assert detail is not None
    stored = get_page(db, detail.sources[0].page_id)
    assert stored is not None
    assert stored.body.startswith("Fighting erupted") and stored.title == "Report p1"
    assert [c.text for c in stored.comments] == ["Terrible news.", "Indeed."]
    assert stored.comments[1].parent == 0
    [read] = stored.mentions
    assert read.event_id == battle.id
    assert stored.text[read.evidence[0].start:read.evidence[0].end] == read.evidence[0].text
    assert stored.text[read.trigger.start:read.trigger.end] == read.trigger.text
    assert get_page(db, 10_000) is None


def test_statistics(db: Database) -> None:
    by_type = {t.event_type: (t.events, t.fatalities) for t in stats_by_type(db)}
    assert by_type["Battles"] == (1, 5) and by_type["Explosions/Remote violence"] == (1, 12)
    weeks = stats_by_week(db)
    assert [w.week.weekday() for w in weeks] == [0] * len(weeks)
    assert sum(w.events for w in weeks) == 4
    assert [w.week for w in stats_by_week(db, EventFilter(country="XSL"))] == [date(2024, 2, 19)]
    countries = stats_by_country(db)
    assert countries[0].iso3 == "XSL" and countries[0].events == 2


def test_map_points_are_lean_rows_newest_first(db: Database) -> None:
    points = map_points(db, EventFilter(bbox=(-180.0, -90.0, 180.0, 90.0)), limit=3)
    assert [p.event_date for p in points] == sorted((p.event_date for p in points), reverse=True)
    assert len(points) == 3 and all(p.latitude is not None for p in points)
    assert len(map_points(db)) == count_events(db)


@pytest.mark.parametrize("filters", [EventFilter(), EventFilter(country="XSL"), EventFilter(text="a"),
                                     EventFilter(bbox=(-180.0, -90.0, 180.0, 90.0), min_fatalities=1)])
def test_summary_and_map_window_agree_with_the_plain_queries(db: Database, filters: EventFilter) -> None:
    from sitrep.store.query import map_window, summary

    found = summary(db, filters)
    assert found.total == count_events(db, filters)
    assert [(t.event_type, t.events, t.fatalities) for t in found.by_type] == \
        [(t.event_type, t.events, t.fatalities) for t in stats_by_type(db, filters)]
    weeks = summary(db, filters, "week").timeline
    plain = stats_by_week(db, filters)
    assert [(d, n) for d, n in zip(weeks.starts, weeks.events, strict=True) if n] == \
        [(w.week, w.events) for w in plain]
    assert weeks.undated == found.total - sum(w.events for w in plain)
    shown = map_window(db, filters, zoom=4)
    placed = [p for p in map_points(db, filters) if p.latitude is not None]
    assert shown.events["id"] == [p.id for p in placed]
    assert shown.total == len(placed) and shown.unplaced == found.total - len(placed)
