"""The map's queries: the fast first page of a box, the map window (events or cells), the summary.

Each gives exactly what the store's plain query gives for the same filters.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from sitrep.store import mapgrid, query
from sitrep.store.db import Database, open_database
from sitrep.store.query import EventFilter
from sitrep.web.responses import FastJSON


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """200 events on a grid of places and days, written through SQL like the benchmark's."""
    from sqlalchemy import insert

    from sitrep.store.schema import events

    database = open_database(str(tmp_path_factory.mktemp("window") / "w.db"))
    rows = []
    for i in range(200):
        day = date(2024, 1, 1) + timedelta(days=i % 45)
        rows.append({"id": i + 1, "event_type": ["Battles", "Protests"][i % 2], "sub_event_type": "x",
                     "event_date": day, "date_start": day, "date_end": day, "time_precision": 1,
                     "latitude": 10 + (i % 7), "longitude": 20 + (i % 11), "fatalities": i % 5,
                     "fatalities_min": i % 5, "fatalities_max": i % 5, "certainty": "reported",
                     "assoc_actors": [], "sources": [], "disagreements": [], "notes": "", "outlets": [],
                     "n_reports": 1, "n_outlets": 1, "updated_at": datetime(2026, 1, 1)})
    with database.write() as connection:
        connection.execute(insert(events), rows)
    yield database
    database.close()


WINDOWS = [
    EventFilter(bbox=(20, 10, 25, 13), since=date(2024, 1, 5), until=date(2024, 1, 31)),
    EventFilter(bbox=(19, 9, 31, 17), since=date(2024, 1, 1), until=date(2024, 2, 28), event_type="battles"),
    EventFilter(bbox=(22, 11, 26, 15), since=date(2024, 1, 10), until=date(2024, 1, 20), min_fatalities=2,
                certainty="reported"),
]


@pytest.mark.parametrize("sort", ["-date", "date"])
@pytest.mark.parametrize("filters", WINDOWS)
def test_same_page_and_cursor_as_the_store(db: Database, filters: EventFilter, sort: str) -> None:
    fast = query.window_page_json(db, filters, sort, 7)
    assert fast is not None
    store = query.list_events(db, filters, sort=sort, limit=7)  # type: ignore[arg-type]
    items = orjson.loads(FastJSON(fast["items"]).body)
    expected = orjson.loads(FastJSON([vars(e) for e in store.events]).body)
    assert [e["id"] for e in items] == [e["id"] for e in expected]
    for item, want in zip(items, expected, strict=True):
        assert parse_time(item.pop("updated_at")) == parse_time(want.pop("updated_at"))
        assert item == want
    assert fast["next_cursor"] == store.next_cursor
    following = query.list_events(db, filters, sort=sort, limit=500,  # type: ignore[arg-type]
                                  cursor=fast["next_cursor"])
    everything = query.list_events(db, filters, sort=sort, limit=500)  # type: ignore[arg-type]
    ids = [e["id"] for e in items] + [e.id for e in following.events]
    assert ids == [e.id for e in everything.events]


def test_other_queries_go_to_the_store(db: Database) -> None:
    window = WINDOWS[0]
    assert query.window_page_json(db, EventFilter(bbox=window.bbox), "-date", 5) is None
    assert query.window_page_json(db, window, "-fatalities", 5) is None
    assert query.window_page_json(db, window, "-date", 5, "abc") is None
    assert query.window_page_json(db, EventFilter(bbox=window.bbox, since=window.since, until=window.until,
                                                  text="x"), "-date", 5) is None


MAP_FILTERS = [
    EventFilter(),
    EventFilter(bbox=(20, 10, 25, 13)),
    EventFilter(bbox=(25, 9, 21, 14)),  # across the antimeridian: everything east of 25 or west of 21
    EventFilter(since=date(2024, 1, 10), until=date(2024, 1, 20), event_type="protests"),
    EventFilter(min_fatalities=3, certainty="reported"),
    EventFilter(sub_event_type="X", bbox=(19, 9, 31, 17)),
]


@pytest.mark.parametrize("filters", MAP_FILTERS)
def test_snapshot_selects_what_sql_selects(db: Database, filters: EventFilter) -> None:
    snapshot = mapgrid.Columns.of(db).select(filters)
    through_sql = mapgrid.fetch_columns(db, query._event_select(db, filters))
    assert sorted(snapshot.id.tolist()) == sorted(through_sql.id.tolist())
    assert len(snapshot) == query.count_events(db, filters) > 0


def test_map_window_lists_every_event_when_few(db: Database) -> None:
    window = query.map_window(db, EventFilter(bbox=(20, 10, 25, 13)), zoom=6)
    expected = query.list_events(db, EventFilter(bbox=(20, 10, 25, 13)), limit=500).events
    assert window.cells == [] and window.cell_size is None
    assert window.total == len(expected) == len(window.events["id"])
    assert window.events["id"] == [e.id for e in expected]  # newest first, as the list
    assert window.fatalities == sum(e.fatalities for e in expected)
    assert {window.types[t] for t in window.events["type"]} == {"Battles", "Protests"}


def test_map_window_counts_cells_by_type_when_many(db: Database) -> None:
    window = query.map_window(db, EventFilter(), zoom=3, max_events=50)
    assert window.cell_size == 60 / 8 and window.cells
    in_cells = sum(cell["events"] for cell in window.cells)
    assert in_cells + len(window.events["id"]) == window.total == 200
    assert sum(cell["fatalities"] for cell in window.cells) + sum(window.events["fatalities"]) == \
        window.fatalities
    for cell in window.cells:
        assert sum(cell["by_type"].values()) == cell["events"] > query.SMALL_CELL
        assert cell["south"] <= cell["lat"] < cell["south"] + cell["size"]
        assert cell["west"] <= cell["lon"] < cell["west"] + cell["size"]


def test_map_window_through_sql_for_text_filters(db: Database) -> None:
    assert query.map_window(db, EventFilter(text="no such words"), zoom=3).total == 0
    assert query.map_window(db, EventFilter(actor="nobody"), zoom=3, max_events=5).cells == []


def test_summary_counts_days_weeks_and_undated(db: Database) -> None:
    found = query.summary(db, EventFilter(event_type="battles"))
    assert found.total == 100 and found.undated == 0
    assert found.timeline.interval == "day"
    assert sum(found.timeline.events) == 100
    assert found.timeline.starts[0] == date(2024, 1, 1)
    weeks = query.summary(db, EventFilter(event_type="battles"), "week").timeline
    assert weeks.starts[0] == date(2024, 1, 1) and weeks.starts[1] == date(2024, 1, 8)  # Mondays
    assert sum(weeks.events) == 100
    assert [t.event_type for t in found.by_type] == ["Battles"]
    assert found.fatalities == sum(t.fatalities for t in found.by_type)


def test_snapshot_follows_new_and_undated_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import insert

    from sitrep.store.schema import events

    monkeypatch.setattr(mapgrid, "REFRESH_S", 0.0)
    monkeypatch.setattr(mapgrid, "COUNT_S", 0.0)
    database = open_database(str(tmp_path / "fresh.db"))
    try:
        assert query.summary(database).total == 0
        with database.write() as connection:
            connection.execute(insert(events), [_row(1, date(2024, 5, 1)), _row(2, None)])
        found = query.summary(database)
        assert (found.total, found.undated, found.timeline.undated) == (2, 1, 1)
        assert sum(found.timeline.events) == 1
        with database.write() as connection:
            connection.execute(events.update().where(events.c.id == 2).values(
                event_type="Protests", updated_at=datetime(2026, 2, 1)))
        assert {t.event_type for t in query.summary(database).by_type} == {"Battles", "Protests"}
        with database.write() as connection:
            connection.execute(events.delete().where(events.c.id == 1))
        assert query.summary(database).total == 1
    finally:
        database.close()


def _row(event_id: int, day: date | None) -> dict[str, object]:
    return {"id": event_id, "event_type": "Battles", "sub_event_type": "x", "event_date": day,
            "date_start": day, "date_end": day, "time_precision": 1, "latitude": 1.0, "longitude": 2.0,
            "fatalities": 1, "fatalities_min": 1, "fatalities_max": 1, "certainty": "reported",
            "assoc_actors": [], "sources": [], "disagreements": [], "notes": "", "outlets": [],
            "n_reports": 1, "n_outlets": 1, "updated_at": datetime(2026, 1, 1)}


@pytest.mark.parametrize("zoom", [1, 3, 5])
@pytest.mark.parametrize("base", [EventFilter(), EventFilter(bbox=(21.5, 9.5, 27.2, 14.1)),
                                  EventFilter(event_type="battles", bbox=(25, 9, 21, 14))])
def test_cells_counted_once_give_what_counting_afresh_gives(db: Database, base: EventFilter,
                                                            zoom: int) -> None:
    from dataclasses import replace

    cached = query.map_window(db, base, zoom, max_events=20)
    afresh = query.map_window(db, replace(base, min_fatalities=0), zoom, max_events=20)  # not from the table
    assert cached == afresh
    assert cached.total == query.count_events(db, replace(base, bbox=query._snap(base.bbox, 60 / 2**zoom)[2]))


def test_a_date_range_is_sliced_from_the_sorted_snapshot(db: Database) -> None:
    snapshot = mapgrid.Columns.of(db)
    assert snapshot.sorted_by_day and (snapshot.day[1:] >= snapshot.day[:-1]).all()
    for since, until in [(date(2024, 1, 3), date(2024, 1, 9)), (date(2023, 1, 1), date(2024, 1, 1)),
                         (date(2024, 2, 14), None), (None, date(2024, 1, 2))]:
        filters = EventFilter(since=since, until=until, event_type="protests")
        assert len(snapshot.select(filters)) == query.count_events(db, filters)
