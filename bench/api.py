"""Benchmark of the web app: the map's queries under load, and the page's first view in Chromium.

1. The map window (`/api/map`: the box in view at its zoom, with filters) on
   1,000,000 synthetic events, 20 concurrent clients: pans and zooms from the
   whole world to a town, with and without dates and a type. Baseline, same
   run, same load: today's app before issue 14, whose map asked `/api/points`
   (the newest 20,000 events of the filters, dates left to the browser).
   Beside it: whether a month anywhere in the data shows its events on the map
   (the true count against what the newest 20,000 points hold), and the bytes
   of each first map response.
2. `/api/events` with a bounding box and a month on 1,000,000 synthetic events,
   20 concurrent clients on loopback against uvicorn started here: p50/p95
   latency and throughput. The load comes from `wrk` (Debian's package, a C
   client that costs the 2 shared cores little; installed with apt when
   missing) cycling through the same 400 map queries, else from httpx, whose
   own CPU use on a 2-core machine more than doubles the latencies it measures.
   Baseline, same run, same data, same load: the same app with the R*Tree
   switched off (the store then filters on the date index alone, as it does
   on PostgreSQL).
3. The page's first view in headless Chromium (Debian's /usr/bin/chromium,
   Playwright's driver) of 1,000,000 events and of 10,000: from navigation to
   the map, timeline and list drawn. Baseline, same run: the same page on an
   empty database.

The 1,000,000-event database is built once into .cache/bench/ (about a minute)
and reused. Usage: .venv/bin/python bench/api.py [--events N] [--requests N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, Row, print_rows
from sitrep.store.db import Database, open_database

CACHE = REPO / ".cache" / "bench"
CHROMIUM = Path("/usr/bin/chromium")
CLIENTS = 20
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Violence against civilians", "Attack"),
         ("Protests", "Peaceful protest"), ("Riots", "Mob violence"), ("Strategic developments", "Arrests")]
FIRST_DAY = date(2022, 1, 1)
DAYS = 3 * 365
SEED = 20261125


# ---------------------------------------------------------------- synthetic data

def hotspots(count: int, rng: random.Random) -> list[tuple[float, float]]:
    """Centres of activity on land-ish latitudes, where events cluster."""
    return [(rng.uniform(-30, 55), rng.uniform(-20, 110)) for _ in range(count)]


def synthetic_rows(n: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """Events clustered around 60 hot spots over three years, with ACLED-like types and tolls."""
    rng = random.Random(seed)
    centres = hotspots(60, rng)
    for i in range(1, n + 1):
        lat0, lon0 = centres[min(int(rng.expovariate(1 / 12)), len(centres) - 1)]
        day = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
        event_type, sub_type = TYPES[rng.randrange(len(TYPES))]
        deaths = int(rng.expovariate(1 / 3)) if event_type != "Protests" else 0
        yield {
            "id": i, "event_type": event_type, "sub_event_type": sub_type, "event_date": day,
            "time_precision": 1, "date_start": day, "date_end": day, "actor1": f"Group {i % 97}",
            "actor2": "civilians", "location": f"Place {i % 5000}",
            "latitude": max(-89.0, min(89.0, rng.gauss(lat0, 1.5))),
            "longitude": max(-179.0, min(179.0, rng.gauss(lon0, 1.5))), "geo_precision": 1,
            "admin1": f"Province {i % 300}", "country": "Country", "iso3": "XXX", "fatalities": deaths,
            "fatalities_min": deaths, "fatalities_max": deaths + rng.randrange(3), "certainty": "reported",
            "notes": "synthetic", "first_reported": day, "last_reported": day, "n_reports": 1, "n_outlets": 1,
            "updated_at": "2026-01-01 00:00:00.000000",
        }


def _insert_statement(connection: sqlite3.Connection) -> tuple[str, list[str], dict[str, Any]]:
    """INSERT for the events table as migrated now: other NOT NULL columns get empty values."""
    columns = connection.execute("PRAGMA table_info(events)").fetchall()
    names = [c[1] for c in columns]
    fillers = {c[1]: "[]" if c[2].upper() == "JSON" else "" if "TEXT" in c[2].upper() else 0
               for c in columns if c[3] and c[4] is None and not c[5]}
    sql = f"INSERT INTO events ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"
    return sql, names, fillers


def build_database(path: Path, n: int) -> Path:
    """A migrated Sitrep database holding `n` synthetic events (cached by size)."""
    if path.exists() and _count(path) == n:
        return path
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    open_database(str(path)).close()  # the real schema, R*Tree and triggers included
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    sql, names, fillers = _insert_statement(connection)
    blank = dict.fromkeys(names)
    rows = ({**blank, **fillers, **row} for row in synthetic_rows(n))
    with connection:
        while chunk := [row for _, row in zip(range(50_000), rows, strict=False)]:
            connection.executemany(sql, chunk)
    connection.execute("ANALYZE")
    connection.close()
    print(f"built {n:,} events in {time.perf_counter() - started:.0f} s: {path}", file=sys.stderr)
    return path


def _count(path: Path) -> int:
    try:
        with sqlite3.connect(path) as connection:
            return int(connection.execute("SELECT count(*) FROM events").fetchone()[0])
    except sqlite3.Error:
        return -1


# ---------------------------------------------------------------- servers

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """uvicorn in a child process, serving `factory` over the database at `db`."""

    def __init__(self, db: Path, factory: str, workers: int = 1) -> None:
        self.port = free_port()
        env = {**os.environ, "SITREP_DB": str(db), "SITREP_TOKEN": "", "SITREP_TOKEN_READ": "",
               "PYTHONPATH": str(REPO / "bench")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", factory, "--factory", "--host", "127.0.0.1",
             "--port", str(self.port), "--workers", str(workers), "--log-level", "warning"],
            env=env, cwd=REPO)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/openapi.json", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


class _NoSpatialIndex(Database):
    """The same database, seen as not SQLite by the query layer: no R*Tree, date index only."""

    @property
    def is_sqlite(self) -> bool:
        return False


def baseline_app() -> Any:
    """uvicorn factory for the baseline: the real app with the R*Tree switched off."""
    from sitrep.web.app import app_from_env

    app = app_from_env()
    db = app.state.database
    app.state.database = _NoSpatialIndex(engine=db.engine, url=db.url)
    return app


# ---------------------------------------------------------------- load

def map_queries(count: int, seed: int = SEED) -> list[dict[str, str]]:
    """A bounding box of 5 x 5 degrees around a hot spot, and one calendar month."""
    rng = random.Random(seed)
    centres = hotspots(60, random.Random(SEED))[:12]
    queries = []
    for _ in range(count):
        lat, lon = centres[rng.randrange(len(centres))]
        month = FIRST_DAY.replace(year=2022 + rng.randrange(3), month=1 + rng.randrange(12))
        last = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        queries.append({"bbox": f"{lon - 2.5:.2f},{lat - 2.5:.2f},{lon + 2.5:.2f},{lat + 2.5:.2f}",
                        "since": month.isoformat(), "until": last.isoformat(), "limit": "100"})
    return queries


def window_queries(count: int, seed: int = SEED) -> list[dict[str, str]]:
    """What a map asks as people pan and zoom: a box at a zoom (1 to 9), a third with dates, some a type."""
    rng = random.Random(seed)
    centres = hotspots(60, random.Random(SEED))
    queries = []
    for _ in range(count):
        zoom = rng.choice([1, 2, 2, 3, 4, 5, 6, 7, 8, 9])
        lat, lon = centres[rng.randrange(len(centres))]
        half_w, half_h = min(180.0, 360 * 600 / (256 * 2**zoom)), min(85.0, 360 * 350 / (256 * 2**zoom))
        query = {"zoom": str(zoom), "bbox": f"{max(-180, lon - half_w):.3f},{max(-85, lat - half_h):.3f},"
                                            f"{min(180, lon + half_w):.3f},{min(85, lat + half_h):.3f}"}
        if rng.random() < 0.35:
            first = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 90))
            last = first + timedelta(days=rng.choice([7, 30, 90]))
            query |= {"since": first.isoformat(), "until": last.isoformat()}
        if rng.random() < 0.25:
            query["event_type"] = TYPES[rng.randrange(len(TYPES))][0]
        queries.append(query)
    return queries


def points_query(window: dict[str, str]) -> dict[str, str]:
    """What today's app asked for the same view: the newest 20,000 points of the filters but the dates."""
    return {"limit": "20000", **({"event_type": window["event_type"]} if "event_type" in window else {})}


async def _load(base: str, queries: list[dict[str, str]], clients: int,
                path: str = "/api/events") -> tuple[list[float], float, float]:
    latencies: list[float] = []
    sampled: list[int] = []
    pending = list(queries)

    async def client(http: httpx.AsyncClient) -> None:
        while pending:
            params = pending.pop()
            started = time.perf_counter()
            response = await http.get(path, params=params)
            latencies.append(time.perf_counter() - started)
            response.raise_for_status()
            if len(latencies) % 10 == 1:  # parse a sample only: the client shares the machine's cores
                sampled.append(len(response.content))

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        for _ in range(3):  # warm: connections, caches, the map's columns in every worker
            await asyncio.gather(*(http.get(path, params=queries[0]) for _ in range(clients)))
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return latencies, elapsed, statistics.mean(sampled)


WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("WRK %%f %%f %%d %%f %%d %%d %%d\\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, summary.requests, summary.duration / 1e6,
    summary.errors.status, summary.errors.connect, summary.errors.timeout))
end
"""


def wrk_binary() -> str | None:
    """Debian's wrk, installed with apt-get when missing and possible."""
    found = shutil.which("wrk")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True, check=False)
        found = shutil.which("wrk")
    return found


def _load_wrk(wrk: str, base: str, queries: list[dict[str, str]], clients: int,
              seconds: int, path: str = "/api/events") -> dict[str, float]:
    paths = ",".join(json.dumps(path + "?" + urlencode(q)) for q in queries)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % paths)
    try:
        result = subprocess.run([wrk, "-t1", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
                                 "-s", script.name, base],
                                capture_output=True, text=True, check=True)
    finally:
        os.unlink(script.name)
    line = next(line for line in result.stdout.splitlines() if line.startswith("WRK "))
    p50, p95, count, duration, status, connect, timeout = line.split()[1:]
    if int(status) + int(connect) + int(timeout):
        raise RuntimeError(f"wrk saw failed requests: {status} not 2xx, {connect} connections refused, "
                           f"{timeout} past 10 s")
    return {"p50": float(p50), "p95": float(p95), "rps": int(count) / float(duration)}


def measure_load(db: Path, factory: str, requests: int, workers: int, path: str = "/api/events",
                 queries: list[dict[str, str]] | None = None) -> dict[str, Any]:
    server = Server(db, factory, workers)
    queries = queries or map_queries(requests)
    try:
        wrk = wrk_binary()
        # with wrk, one pass over every query first: the steady state of a running server (the map's
        # cells are counted once per zoom and type, then kept until the events change)
        latencies, elapsed, matched = asyncio.run(_load(server.base, queries, CLIENTS, path))
        if wrk:
            return {**_load_wrk(wrk, server.base, queries, CLIENTS, seconds=12, path=path),
                    "matched": matched, "client": "wrk"}
    finally:
        server.stop()
    ordered = sorted(latencies)
    return {"p50": statistics.median(ordered) * 1000, "p95": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
            "rps": len(latencies) / elapsed, "matched": matched, "client": "httpx"}


def single_query_ms(db_path: Path, requests: int) -> dict[str, float]:
    """One client, SQLite alone: the store's query (R*Tree), the date-index path, a full scan."""
    from sitrep.store import query
    from sitrep.store.filters import parse_bbox

    db = open_database(str(db_path))
    plain = _NoSpatialIndex(engine=db.engine, url=db.url)
    queries = map_queries(min(requests, 50))
    filters = [query.EventFilter(bbox=parse_bbox(q["bbox"]), since=date.fromisoformat(q["since"]),
                                 until=date.fromisoformat(q["until"])) for q in queries]
    timings: dict[str, float] = {}
    started = time.perf_counter()
    for f in filters:
        query.window_page_json(db, f, "-date", 100)
    timings["window"] = (time.perf_counter() - started) / len(filters) * 1000
    for name, database in (("rtree", db), ("date index", plain)):
        started = time.perf_counter()
        for f in filters:
            query.list_events(database, f, limit=100)
        timings[name] = (time.perf_counter() - started) / len(filters) * 1000
    scan = ("SELECT * FROM events NOT INDEXED WHERE event_date BETWEEN ? AND ? AND latitude BETWEEN ? AND ? "
            "AND longitude BETWEEN ? AND ? ORDER BY event_date DESC, id DESC LIMIT 101")
    with db.engine.connect() as connection:
        started = time.perf_counter()
        for f in filters[:5]:
            assert f.bbox is not None and f.since and f.until
            west, south, east, north = f.bbox
            connection.exec_driver_sql(scan, (f.since.isoformat(), f.until.isoformat(), south, north,
                                              west, east)).all()
        timings["full scan"] = (time.perf_counter() - started) / 5 * 1000
    db.close()
    return timings


# ---------------------------------------------------------------- first view in Chromium

def month_coverage(db: Path) -> dict[str, Any]:
    """A month at the start of the data: events the map shows now, and what the newest 20,000 points held.

    Also the bytes of the first view's map request, now (`/api/map` of the world) and before (`/api/points`).
    """
    server = Server(db, "sitrep.web.app:app_from_env")
    try:
        month = {"since": FIRST_DAY.isoformat(), "until": (FIRST_DAY + timedelta(days=30)).isoformat()}
        stats = httpx.get(server.base + "/api/stats", params=month, timeout=120).json()
        shown = httpx.get(server.base + "/api/map", params={**month, "zoom": "2"}, timeout=120).json()
        points = httpx.get(server.base + "/api/points", params={"limit": "20000"}, timeout=120)
        dates = points.json()["date"]
        held = sum(1 for day in dates if day and month["since"] <= day <= month["until"])
        world = httpx.get(server.base + "/api/map", params={"zoom": "2", "bbox": "-180,-85,180,85"},
                          timeout=120)
    finally:
        server.stop()
    return {"true": stats["total"] - stats["unplaced"], "map": shown["total"], "points": held,
            "map_bytes": len(world.content), "points_bytes": len(points.content)}


def first_view_ms(db: Path, runs: int = 3) -> float:
    """Median time from navigation start to the page's `sitrep:ready` mark (map, timeline, list drawn)."""
    from playwright.sync_api import sync_playwright

    server = Server(db, "sitrep.web.app:app_from_env")
    times = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            for _ in range(runs + 1):  # the first run warms the server's caches
                context = browser.new_context(viewport={"width": 1366, "height": 850})
                page = context.new_page()
                page.goto(server.base + "/")
                page.wait_for_selector("body[data-ready='1']", timeout=60_000)
                times.append(page.evaluate(
                    "performance.getEntriesByName('sitrep:ready')[0].startTime"))
                context.close()
            browser.close()
    finally:
        server.stop()
    return float(statistics.median(times[1:]))


# ---------------------------------------------------------------- main

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=400, help="map queries in the load test")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    args = parser.parse_args()

    big = build_database(CACHE / f"api-{args.events}.db", args.events)
    load_before = os.getloadavg()[0]
    windows = window_queries(args.requests)
    ours_map = measure_load(big, "sitrep.web.app:app_from_env", args.requests, args.workers, "/api/map",
                            windows)
    base_map = measure_load(big, "sitrep.web.app:app_from_env", args.requests, args.workers, "/api/points",
                            [points_query(w) for w in windows])
    months = month_coverage(big)
    rows = [
        Row(f"map window (/api/map, pans and zooms), {args.events:,} events, {CLIENTS} clients: p95",
            f"{ours_map['p95']:.0f} ms", f"{base_map['p95']:.0f} ms (/api/points, 20,000 newest)", "< 300 ms",
            ours_map["p95"] < 300),
        Row("  p50 | throughput", f"{ours_map['p50']:.0f} ms | {ours_map['rps']:.0f} req/s",
            f"{base_map['p50']:.0f} ms | {base_map['rps']:.0f} req/s", ""),
        Row("  bytes of the first view's map request", f"{months['map_bytes']:,}",
            f"{months['points_bytes']:,}", ""),
        Row("a month at the start of the data: events on the map",
            f"{months['map']:,} of {months['true']:,}", f"{months['points']:,} (in the newest 20,000)",
            "all", months["map"] == months["true"] > 0),
    ]
    ours = measure_load(big, "sitrep.web.app:app_from_env", args.requests, args.workers)
    base = measure_load(big, "api:baseline_app", args.requests, args.workers)
    single = single_query_ms(big, args.requests)
    rows += [
        Row(f"/api/events bbox+month, {args.events:,} events, {CLIENTS} clients: p95",
            f"{ours['p95']:.0f} ms", f"{base['p95']:.0f} ms (no R*Tree)", "< 150 ms", ours["p95"] < 150),
        Row("  load generator", str(ours["client"]), str(base["client"]), ""),
        Row("  p50", f"{ours['p50']:.0f} ms", f"{base['p50']:.0f} ms", ""),
        Row("  throughput", f"{ours['rps']:.0f} req/s", f"{base['rps']:.0f} req/s", ""),
        Row("  speed-up of p95", f"{base['p95'] / ours['p95']:.1f}x", "1.0x", ""),
        Row("query alone, 1 client: first page of a box | store (R*Tree)", f"{single['window']:.1f} ms",
            f"{single['rtree']:.1f} ms", ""),
        Row("  store without R*Tree (date index) | full scan", f"{single['date index']:.1f} ms",
            f"{single['full scan']:.0f} ms", ""),
        Row("  first page of a box vs full scan", f"{single['full scan'] / single['window']:.0f}x faster",
            "", ""),
        Row("machine load average (1 min) at the start", f"{load_before:.1f}", f"{os.cpu_count()} cores", ""),
    ]
    if CHROMIUM.exists():
        view = build_database(CACHE / "api-10000.db", 10_000)
        empty = build_database(CACHE / "api-0.db", 0)
        million, ten_k, nothing = first_view_ms(big), first_view_ms(view), first_view_ms(empty)
        rows.append(Row(f"first view of {args.events:,} events in Chromium", f"{million:.0f} ms",
                        f"{nothing:.0f} ms (empty database)", "< 1500 ms", million < 1500))
        rows.append(Row("first view of 10,000 events in Chromium", f"{ten_k:.0f} ms",
                        f"{nothing:.0f} ms (empty database)", "< 2000 ms", ten_k < 2000))
    else:
        rows.append(Row("first view in Chromium", "skipped", "/usr/bin/chromium missing", "< 1500 ms"))
    print_rows("Web app and REST API (bench/api.py)", rows)
    print(json.dumps({"map": ours_map, "points": base_map, "months": months, "load": ours, "baseline": base}),
          file=sys.stderr)


if __name__ == "__main__":
    main()
