"""The map's endpoints: /api/map (events or cells of a box at a zoom) and /api/stats' totals and timeline."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_map_lists_events_of_the_box_with_totals(client: TestClient) -> None:
    world = client.get("/api/map", params={"zoom": 2}).json()
    stats = client.get("/api/stats").json()
    assert world["total"] == stats["total"] - stats["unplaced"] == len(world["events"]["id"]) > 5
    assert world["cells"] == [] and world["cell_size"] is None
    assert world["fatalities"] == stats["fatalities"]
    sahel = client.get("/api/map", params={"zoom": 5, "bbox": "-5,10,5,25"}).json()
    assert {world["types"][t] for t in world["events"]["type"]} >= {"Battles", "Protests"}
    listed = client.get("/api/events", params={"bbox": "-5,10,5,25"}).json()["items"]
    assert sahel["total"] == len(listed) == 3  # the Gao bombing (two reports), the arrests, Tessalit
    assert all(10 <= lat <= 25 for lat in sahel["events"]["lat"])


def test_map_counts_cells_above_the_limit(client: TestClient) -> None:
    cells = client.get("/api/map", params={"zoom": 1, "max_events": 1}).json()
    assert cells["cell_size"] == 30
    in_cells = sum(cell["events"] for cell in cells["cells"])
    assert in_cells + len(cells["events"]["id"]) == cells["total"]
    for cell in cells["cells"]:
        assert sum(cell["by_type"].values()) == cell["events"]


def test_stats_give_totals_and_a_timeline(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    timeline = stats["timeline"]
    assert timeline["interval"] == "week"  # 2017 to 2025
    assert sum(timeline["events"]) + timeline["undated"] == stats["total"]
    assert len(timeline["start"]) == len(timeline["events"]) == len(timeline["fatalities"])
    narrow = client.get("/api/stats", params={"since": "2024-07-01", "until": "2024-07-31"}).json()
    assert narrow["timeline"]["interval"] == "day"
    assert narrow["timeline"]["start"][0] == "2024-07-01"
    assert narrow["total"] == sum(narrow["timeline"]["events"]) == 3  # Gao bombing and arrests, Dhaka


def test_reversed_dates_are_refused_in_words(client: TestClient) -> None:
    for path in ("/api/events", "/api/map", "/api/stats"):
        response = client.get(path, params={"since": "2024-08-01", "until": "2024-07-01"})
        assert response.status_code == 400
        assert "reversed" in response.json()["detail"]
