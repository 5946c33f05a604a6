"""The REST API on a real SQLite database built from examples/ through the store's ingest."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from sitrep.web.app import create_app


def events(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_lists_every_example_event_newest_first(client: TestClient) -> None:
    items = events(client)
    assert len(items) >= 8
    dates = [e["event_date"] for e in items]
    assert dates == sorted(dates, reverse=True)
    assert {"Kharkiv", "Gao", "Dhaka", "Al Qaryatayn"} <= {e["location"] for e in items}


@pytest.mark.parametrize(("params", "expected"), [
    ({"country": "Mali"}, {"Gao", "Tessalit"}),
    ({"country": "ukr"}, {"Kharkiv", "Krasnopillia"}),
    ({"event_type": "Protests"}, {"Dhaka"}),
    ({"sub_event_type": "Suicide bomb"}, {"Gao"}),
    ({"actor": "isis"}, {"Al Qaryatayn"}),
    ({"text": "livestock market"}, {"Gao"}),
    ({"since": "2025-01-01"}, {"Kharkiv", "Krasnopillia"}),
    ({"until": "2017-12-31"}, {"Al Qaryatayn"}),
    ({"bbox": "30,45,40,55"}, {"Kharkiv", "Krasnopillia"}),
    ({"bbox": "-5,10,5,25", "since": "2024-07-01", "until": "2024-07-31"}, {"Gao"}),
    ({"min_fatalities": 30}, {"Al Qaryatayn"}),
    ({"certainty": "disputed"}, {"Al Qaryatayn"}),
])
def test_each_filter_narrows(client: TestClient, params: dict[str, Any], expected: set[str]) -> None:
    assert {e["location"] for e in events(client, **params)} == expected


def test_cursor_pagination_visits_every_event_once(client: TestClient) -> None:
    everything = [e["id"] for e in events(client, sort="id")]
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"sort": "id", "limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/events", params=params).json()
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything


def test_sorting_by_fatalities(client: TestClient) -> None:
    tolls = [e["fatalities"] for e in events(client, sort="-fatalities")]
    assert tolls == sorted(tolls, reverse=True) and tolls[0] == 39


def test_event_detail_has_every_source_evidence_and_disagreement(client: TestClient) -> None:
    gao = events(client, sub_event_type="Suicide bomb")[0]
    detail = client.get(f"/api/events/{gao['id']}").json()
    assert len(detail["reports"]) == 2
    assert (detail["fatalities"], detail["fatalities_min"], detail["fatalities_max"]) == (12, 12, 20)
    assert any("12" in d and "20" in d for d in detail["disagreements"])
    for report in detail["reports"]:
        evidence = report["mention"]["evidence"]
        page = client.get(f"/api/pages/{report['page_id']}").json()
        assert page["text"][evidence[0]["start"]:evidence[0]["end"]] == evidence[0]["text"]
    assert detail["claim_chain"].endswith("reported by 2 outlets")
    assert detail["updated_at"].endswith("Z"), "times carry their zone (RFC 3339)"


def test_claim_chain_in_plain_words(client: TestClient) -> None:
    taken = events(client, sub_event_type="Non-state actor overtakes territory")[0]
    chain = client.get(f"/api/events/{taken['id']}").json()["claim_chain"]
    assert chain == "Hezbollah media wing says so, without evidence or against a denial; reported by 1 outlet"


def test_page_has_body_comments_apart_and_spans(client: TestClient) -> None:
    kharkiv = events(client, country="Ukraine", sub_event_type="Air/drone strike")[0]
    page_id = client.get(f"/api/events/{kharkiv['id']}").json()["reports"][0]["page_id"]
    page = client.get(f"/api/pages/{page_id}").json()
    assert page["title"].startswith("Drone strike on Kharkiv bus depot")
    body = " ".join(page["text"][a:b] for a, b in page["paragraphs"])
    assert "A Russian drone struck" in body
    assert [c["author"] for c in page["comments"]][:2] == ["Taras_K", "Marta"]
    assert page["comments"][1]["parent"] == 0
    assert all("uncle" not in page["text"][a:b] for a, b in page["paragraphs"]), "comments are not body"
    assert {s["text"] for s in page["spans"]} >= {"A Russian drone struck a municipal bus depot"}


def test_stats_by_type_and_week(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["total"] == sum(t["events"] for t in stats["by_type"])
    assert stats["total"] == sum(w["events"] for w in stats["by_week"])
    assert all(date.fromisoformat(w["week"]).weekday() == 0 for w in stats["by_week"])
    mali = client.get("/api/stats", params={"country": "MLI"}).json()
    assert mali["total"] == 3


def test_exports_follow_the_filters(client: TestClient, tmp_path: Path) -> None:
    response = client.get("/api/events.csv", params={"country": "Mali"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 3 and rows[0]["event_id_cnty"].startswith("MLI")
    assert {"event_date", "event_type", "sub_event_type", "actor1", "fatalities", "latitude"} <= set(rows[0])
    geo = client.get("/api/events.geojson", params={"event_type": "Protests"}).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 1
    assert geo["features"][0]["geometry"]["coordinates"] == pytest.approx([90.4074, 23.7104])
    parquet = tmp_path / "events.parquet"
    parquet.write_bytes(client.get("/api/events.parquet", params={"min_fatalities": 1}).content)
    assert pq.read_table(parquet).num_rows == len(events(client, min_fatalities=1))


def test_points_are_parallel_arrays(client: TestClient) -> None:
    points = client.get("/api/points").json()
    n = points["count"]
    assert all(len(points[k]) == n for k in ("id", "lat", "lon", "type", "fatalities", "date"))
    assert not points["truncated"]
    capped = client.get("/api/points", params={"limit": 2}).json()
    assert capped["truncated"] and capped["count"] == n and len(capped["id"]) == 2


@pytest.mark.parametrize("missing", ["/api/events/999999", "/api/pages/999999"])
def test_unknown_ids_are_404(client: TestClient, missing: str) -> None:
    assert client.get(missing).status_code == 404


INJECTIONS = ["' OR '1'='1", "1; DROP TABLE events; --", "\" OR 1=1 --", "%' UNION SELECT * FROM pages --",
              "Mali') OR ('a'='a", "1 OR 1=1", "*/ SELECT 1 /*", "_%", "\\"]
FILTERS = ["country", "event_type", "sub_event_type", "actor", "text", "since", "until", "bbox",
           "min_fatalities", "certainty", "sort", "cursor", "limit"]


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("path", ["/api/events", "/api/points", "/api/stats", "/api/events.csv"])
def test_sql_injection_in_every_filter(client: TestClient, name: str, path: str) -> None:
    total = len(events(client))
    for attempt in INJECTIONS:
        response = client.get(path, params={name: attempt})
        assert response.status_code < 500, (name, attempt, response.text)
        if response.status_code == 200 and path == "/api/events":
            assert response.json()["items"] == [], (name, attempt)
    assert len(events(client)) == total  # nothing dropped, nothing changed


def test_writes_need_the_token(client: TestClient, token: str) -> None:
    page = {"id": "token-test", "text": "Title\n\nBody sentence about nothing at all.\n"}
    assert client.post("/api/pages", json=page).status_code == 401
    wrong = client.post("/api/pages", json=page, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    basic = client.post("/api/pages", json=page, headers={"Authorization": f"Basic {token}"})
    assert basic.status_code == 401


def test_post_page_ingests_once(client: TestClient, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    page = {"id": "hostile-page-2", "url": "https://other.example.org/b", "published": "2024-08-07",
            "text": "Army post attacked\n\nGunmen attacked an army post near Tessalit on Monday, "
                    "killing four soldiers, officials said.\n"}
    first = client.post("/api/pages", json=page, headers=headers)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["status"] == "stored" and body["page_id"] and body["events"]
    again = client.post("/api/pages", json=page, headers=headers)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert again.json()["page_id"] == body["page_id"]
    stored = client.get(f"/api/pages/{body['page_id']}").json()
    assert "Gunmen attacked an army post" in stored["body"]


def test_post_needs_exactly_one_of_text_and_html(client: TestClient, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/pages", json={"id": "x"}, headers=headers).status_code == 422
    both = {"id": "x", "text": "a", "html": "<p>a</p>"}
    assert client.post("/api/pages", json=both, headers=headers).status_code == 422


def test_writes_disabled_without_a_token_and_reads_guarded_on_request(db_url: str, token: str) -> None:
    with TestClient(create_app(db_url)) as open_app:
        assert open_app.post("/api/pages", json={"text": "x"}).status_code == 403
        assert open_app.get("/api/events").status_code == 200
    with TestClient(create_app(db_url, token=token, token_read=True)) as guarded:
        assert guarded.get("/api/events").status_code == 401
        assert guarded.get("/api/events", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert guarded.get("/").status_code == 200  # the page itself; its API calls need the token


def test_front_end_is_served_with_a_strict_policy(client: TestClient) -> None:
    index = client.get("/")
    assert index.status_code == 200 and "static/app.js" in index.text
    assert "script-src 'self'" in index.headers["content-security-policy"]
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/countries.json").json()["type"] == "Topology"
