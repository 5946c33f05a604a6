"""Watch benchmark: against a local news site (tests/watch/newsroom.py on 127.0.0.1), in one run.

    .venv/bin/python bench/watch.py [--articles 300] [--latency 15] [--feeds 200] [--idle-s 45]

Figures, each beside a baseline measured in the same run:
- latency: an article is added to the feed of a running `sitrep watch --interval 1`;
  the time until its event arrives on the event stream of a running `sitrep serve`
  (GET /api/events/stream, what the open map page listens to), p50 and p95;
- idle polling: `sitrep watch` following `--feeds` unchanged feeds (every request after
  the first a conditional one answered 304), its CPU time per round of polls, and the
  share of one core that makes at one round a minute; beside it, the requests per round;
- throughput: the same `--articles` pages fetched and ingested by `sitrep watch --once`,
  vs `sitrep ingest` reading them from disk (both as processes, start-up included),
  pages/s side by side, and the watch process's memory (RSS) at a quarter and at the end.

All on loopback: no network. All feeds are on one host, so per-host politeness is off
(`--host-delay 0`); the default (1 s between requests to a host) is for real sites.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, Row, print_rows

sys.path.insert(0, str(REPO / "tests" / "watch"))

import httpx
from newsroom import Site, serve_site
from stories import article_html, variant

SITREP = [sys.executable, "-m", "sitrep"]
CLOCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK  # utime + stime


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(predicate: object, limit_s: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(step)
    return False


# ---------------------------------------------------------------- latency

class StreamListener:
    """Reads the server's event stream in a thread; records when each "new" message came."""

    def __init__(self, url: str) -> None:
        self.arrivals: list[float] = []
        self.open = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(url,), daemon=True)
        self.thread.start()

    def _run(self, url: str) -> None:
        with httpx.stream("GET", url, timeout=None) as response:
            self.open.set()
            for line in response.iter_lines():
                if line.strip() == "event: new":
                    self.arrivals.append(time.monotonic())


def bench_latency(site: Site, work: Path, count: int) -> list[Row]:
    db = work / "latency.db"
    port = free_port()
    serve = subprocess.Popen([*SITREP, "serve", "--db", str(db), "--port", str(port)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watch = subprocess.Popen([*SITREP, "watch", site.base + "feed.xml", "--interval", "1", "--host-delay",
                              "0", "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/"
        assert wait_until(lambda: _answers(base), 60), "sitrep serve did not start"
        site.add(variant(900))  # warm-up: the watcher loads the language model on its first article
        listener = StreamListener(base + "api/events/stream")
        listener.open.wait(30)
        assert wait_until(lambda: len(listener.arrivals) >= 1, 120), "no event for the warm-up article"
        delays = []
        for number in range(count):
            time.sleep(random.uniform(0.0, 1.0))  # anywhere in the poll interval
            seen = len(listener.arrivals)
            published = time.monotonic()
            site.add(variant(1000 + number))
            if wait_until(lambda seen=seen: len(listener.arrivals) > seen, 60):
                delays.append(listener.arrivals[seen] - published)
    finally:
        for process in (watch, serve):
            process.terminate()
            process.wait(timeout=30)
    delays.sort()
    p95 = delays[min(len(delays) - 1, int(0.95 * len(delays)))] if delays else float("nan")
    return [Row("feed to event on the stream, p95 (p50), poll interval 1 s", f"{p95:.2f} s "
                f"({statistics.median(delays):.2f} s), {len(delays)}/{count} arrived",
                "poll interval 1 s + SSE poll 1 s", "< 5 s + interval", p95 < 6.0 and len(delays) == count)]


def _answers(base: str) -> bool:
    try:
        return httpx.get(base + "api/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


# ---------------------------------------------------------------- idle polling

def bench_idle(site: Site, work: Path, feeds: int, idle_s: float) -> list[Row]:
    interval = 10.0
    urls = [f"{site.base}many/{number}.xml" for number in range(feeds)]
    site.forget_requests()
    watch = subprocess.Popen([*SITREP, "watch", *urls, "--interval", str(interval), "--host-delay", "0",
                              "--db", str(work / "idle.db")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_until(lambda: len(site.asked("/many/")) >= feeds, 120), "the first round did not end"
        time.sleep(2.0)
        site.forget_requests()
        cpu_start, start = cpu_seconds(watch.pid), time.monotonic()
        time.sleep(idle_s)
        cpu, wall = cpu_seconds(watch.pid) - cpu_start, time.monotonic() - start
        asked = site.asked("/many/")
    finally:
        watch.terminate()
        watch.wait(timeout=30)
    rounds = len(asked) / feeds  # each round asks every feed once
    per_round = cpu / max(rounds, 1e-9)
    share = per_round / 60.0  # one round a minute
    answered_304 = sum(1 for r in asked if r.status == 304)
    return [
        Row(f"idle polling of {feeds} unchanged feeds: CPU per round / share of a core at 1 round a minute",
            f"{per_round:.2f} s / {100 * share:.1f}%", f"{rounds:.1f} rounds in {wall:.0f} s, "
            f"{100 * answered_304 / max(1, len(asked)):.0f}% answered 304", "< 10%", share < 0.10),
    ]


# ---------------------------------------------------------------- throughput

def bench_throughput(site: Site, work: Path, count: int) -> list[Row]:
    stories = [variant(number) for number in range(count)]
    folder = work / "pages"
    folder.mkdir()
    for story in stories:
        site.add(story)
        (folder / f"{story.slug}.html").write_bytes(article_html(story))
    watch_s, rss = _timed_watch(site, work / "watched.db", count)
    started = time.monotonic()
    subprocess.run([*SITREP, "ingest", str(folder), "--db", str(work / "ingested.db")], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ingest_s = time.monotonic() - started
    ratio = (count / watch_s) / (count / ingest_s)
    return [
        Row(f"{count} articles fetched and ingested: pages/s, watch vs ingest from disk",
            f"{count / watch_s:.1f} pages/s ({ratio:.2f}x)", f"sitrep ingest {count / ingest_s:.1f} pages/s",
            ">= 0.8x", ratio >= 0.8),
        Row("watch process memory (RSS) at a quarter / at the end", f"{rss[0]:.0f} MB / {rss[1]:.0f} MB",
            "", "steady", rss[1] <= rss[0] * 1.2),
    ]


def _timed_watch(site: Site, db: Path, count: int) -> tuple[float, tuple[float, float]]:
    started = time.monotonic()
    feeds = [f"{site.base}page/{number}.xml" for number in range((count + 999) // 1000)]
    watch = subprocess.Popen([*SITREP, "watch", "--once", *feeds, "--host-delay", "0", "--db", str(db)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    quarter = 0.0
    last = 0.0
    stored = 0
    assert watch.stdout is not None
    for line in watch.stdout:
        if ": stored," in line:
            stored += 1
            last = rss_mb(watch.pid)
            if stored == max(1, count // 4):
                quarter = last
    watch.wait()
    return time.monotonic() - started, (quarter, last)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--latency", type=int, default=15, help="articles timed from feed to stream")
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--idle-s", type=float, default=45.0)
    parser.add_argument("--only", choices=("idle", "latency", "throughput"), help="one part of the bench")
    args = parser.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder, serve_site() as site:
        work = Path(folder)
        if args.only in (None, "idle"):
            rows += bench_idle(site, work, args.feeds, args.idle_s)
        if args.only in (None, "latency"):
            rows += bench_latency(site, work, args.latency)
    if args.only in (None, "throughput"):
        with tempfile.TemporaryDirectory() as folder, serve_site() as site:
            rows += bench_throughput(site, Path(folder), args.articles)
    print_rows("sitrep watch (local site on 127.0.0.1)", rows)


if __name__ == "__main__":
    main()
