"""The fast first page of a map window gives exactly what the store's query gives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import orjson
import pytest

from sitrep.store import query
from sitrep.store.db import Database, open_database
from sitrep.store.query import EventFilter
from sitrep.web import mapwindow
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
    assert mapwindow.applies(db, filters, sort, None)
    fast = mapwindow.first_page(db, filters, sort, 7)
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
    assert not mapwindow.applies(db, EventFilter(bbox=window.bbox), "-date", None)
    assert not mapwindow.applies(db, window, "-fatalities", None)
    assert not mapwindow.applies(db, window, "-date", "abc")
    assert not mapwindow.applies(db, EventFilter(bbox=window.bbox, since=window.since, until=window.until,
                                                 text="x"), "-date", None)
