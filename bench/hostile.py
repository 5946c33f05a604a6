"""Hostile input, case by case: what `sitrep extract` says, its exit status, time and peak memory.

Builds the corpus of `tests/read/hostile_corpus.py` in a temporary folder and
runs `sitrep extract CASE --format jsonl` on each case alone, with the default
limits, beside the same command on one good page (the baseline: what any run
costs here, mostly loading the language model). Then one request of each
hostile kind against a real `sitrep serve`-like server: an anonymous 100 MB
POST, an oversized body, and GETs while a GIL-holding page is being read.

    python bench/hostile.py [--api-only]

Targets (issue 13): every case a result or one clear line, exit status 1 for
refused input, no traceback, peak memory under 1 GB, no case over 30 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "read"))
sys.path.insert(0, str(REPO / "tests" / "web"))
from hostile_corpus import GOOD_PAGE, Case, build  # noqa: E402
from test_guard import TOKEN, gil_holding_reader, post_head, raw_request, serving  # noqa: E402

SITREP = [sys.executable, "-m", "sitrep"]
MAX_MB, MAX_S = 1000, 30


@dataclass(frozen=True)
class Outcome:
    """One case's run."""

    case: str
    result: str
    status: int
    seconds: float
    cpu_s: float
    peak_mb: float
    traceback: bool


def run_case(name: str, path: Path, work: Path) -> Outcome:
    """`sitrep extract PATH` alone; what it said, its status, wall time and peak RSS."""
    out, err = work / "out.txt", work / "err.txt"
    started = time.perf_counter()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen([*SITREP, "extract", str(path), "--format", "jsonl"],
                                   stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    said = err.read_text("utf-8", errors="replace")
    return Outcome(name, _result(said, out.read_text("utf-8", errors="replace"), path),
                   os.waitstatus_to_exitcode(status), seconds, usage.ru_utime + usage.ru_stime,
                   usage.ru_maxrss / 1024, "Traceback" in said)


def _result(stderr: str, stdout: str, path: Path) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    if lines:
        shown = lines[0].replace(str(path.parent) + "/", "")
        more = f" (+{len(lines) - 1} lines)" if len(lines) > 1 else ""
        return (shown if len(shown) <= 110 else shown[:107] + "...") + more
    pages = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    if not pages:
        return "nothing printed"
    page = pages[0]
    notes = "; ".join(note.split(":")[0] for note in page["notes"] if "SITREP_" in note or "UTF-8" in note)
    return f"read: {len(page['events'])} events" + (f"; {notes}" if notes else "")


def print_table(outcomes: list[Outcome]) -> None:
    print("| case | result | exit | seconds | CPU seconds | peak MB |")
    print("| --- | --- | --- | --- | --- | --- |")
    for o in outcomes:
        flag = " **TRACEBACK**" if o.traceback else ""
        print(f"| {o.case} | {o.result}{flag} | {o.status} | {o.seconds:.1f} | {o.cpu_s:.1f} "
              f"| {o.peak_mb:.0f} |")
    sys.stdout.flush()


def server_rows(folder: Path) -> list[str]:
    """The server against hostile requests: refusals before the body, GETs during a slow read."""
    import httpx

    from sitrep.web.app import create_app

    app = create_app(f"sqlite:///{folder / 'api.db'}", token=TOKEN, reader=gil_holding_reader)
    rows = []
    with serving(app) as url:
        answer, delay = raw_request(url, post_head(100_000_000), b"{" * 65536)
        rows.append(f"| anonymous POST announcing 100 MB (64 KB sent) | {answer[9:12].decode()} | "
                    f"{delay * 1000:.0f} ms |")
        answer, delay = raw_request(url, post_head(100_000_000, TOKEN), b"{" * 65536)
        rows.append(f"| POST with the token announcing 100 MB | {answer[9:12].decode()} | "
                    f"{delay * 1000:.0f} ms |")
        rows.append(_gets_during_a_hostile_post(url, httpx, "read in a worker process"))
    baseline = create_app(f"sqlite:///{folder / 'api.db'}", token=TOKEN)
    baseline.state.reader = gil_holding_reader  # the baseline: read in the request's own thread
    with serving(baseline) as url:
        rows.append(_gets_during_a_hostile_post(url, httpx, "read in the request's own thread (baseline)"))
    return rows


def _gets_during_a_hostile_post(url: str, httpx: Any, how: str) -> str:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=url, timeout=60) as client:
        client.get("/api/events")
        client.post("/api/pages", json={"id": "warm-up", "text": "Calm."}, headers=headers)
        poster = threading.Thread(target=lambda: httpx.post(
            f"{url}/api/pages", json={"id": "hostile-1", "text": "a"}, headers=headers, timeout=60))
        poster.start()
        time.sleep(0.3)
        delays = []
        while poster.is_alive():
            started = time.perf_counter()
            client.get("/api/events", params={"limit": 5})
            delays.append(time.perf_counter() - started)
            time.sleep(0.05)
        poster.join()
    return (f"| {len(delays)} GETs while a page holding the GIL for 2 s is {how} | all 200 | "
            f"max {max(delays) * 1000:.0f} ms (target < 200 ms) |")


def main() -> None:
    if "--api-only" not in sys.argv:
        read_cases()
    with tempfile.TemporaryDirectory(prefix="sitrep-hostile-api-") as temp:
        rows = server_rows(Path(temp))
    print("\n## The server against hostile requests\n")
    print("| request | status | time |")
    print("| --- | --- | --- |")
    print("\n".join(rows))


def read_cases() -> None:
    """Each case of the corpus through `sitrep extract`, and its table."""
    with tempfile.TemporaryDirectory(prefix="sitrep-hostile-") as temp:
        folder = Path(temp)
        cases: list[Case] = build(folder / "in")
        good = folder / "in" / "good.txt"
        good.write_text(GOOD_PAGE, encoding="utf-8")
        outcomes = [run_case("baseline: one good page", good, folder)]
        for case in cases:
            outcomes.append(run_case(case.name, case.path, folder))
            print(f"  {case.name}: {outcomes[-1].seconds:.1f} s", file=sys.stderr, flush=True)
    print("\n## Hostile input, one `sitrep extract` a case (default limits)\n")
    print_table(outcomes)
    worst_s = max(o.seconds for o in outcomes)
    worst_cpu = max(o.cpu_s for o in outcomes)
    worst_mb = max(o.peak_mb for o in outcomes)
    clean = not any(o.traceback for o in outcomes)
    print(f"\nworst: {worst_s:.1f} s wall, {worst_cpu:.1f} s CPU (target < {MAX_S}), {worst_mb:.0f} MB "
          f"(target < {MAX_MB}); tracebacks: {'none' if clean else 'SOME'}")


if __name__ == "__main__":
    main()
