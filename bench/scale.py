"""Scale benchmark: Ray on 2 local worker processes vs the local single-process engine, one run.

    .venv/bin/python bench/scale.py [--pages 2000] [--workers 2]

Makes N distinct pages (the example and gold pages, repeated with a varying
dateline and closing line so that every content hash differs) as 20 JSONL
files, then ingests them into a fresh SQLite database twice, each engine in
its own process:
- local: `sitrep.ingest` over `sitrep.read` (what `sitrep ingest` does);
- ray: `sitrep.scale.run.ingest_with_ray` with a local Ray of --workers CPUs
  (what `sitrep ingest --engine ray` does).
Figures: pages/s end to end (start-up and model loading included), also with
Ray already running (a `ray start` cluster on loopback joined by `--address`,
as a deployment runs job after job: the workers and their model are still
started by the job), Ray's own fixed cost (the same plan with workers that do
nothing: what Ray and Ray Data take to start here), and in the steady state
(from page 10% to the last), the largest memory of each Ray worker, and the
driver's memory after 25% and after 100% of the pages.
Both databases must hold the same pages and mentions.

Honest note: this machine has 2 cores, shared with Ray's own processes
(raylet, GCS) and the driver, which stores and merges, and with whatever
else runs here (the load average is printed); the ratio is what 2 busy
cores give, not what 2 dedicated worker cores would. Ray's workers run at
the local engine's priority (nice 0, not Ray's default 15) so that other
work on the machine slows both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, SHARED, Row, print_rows

sys.path.insert(0, os.environ.get("SITREP_BENCH_SRC") or str(REPO / "src"))

from sqlalchemy import func, select

from sitrep.model import RawPage
from sitrep.read import read_inputs
from sitrep.store.db import open_database
from sitrep.store.schema import mentions, pages
from sitrep_testkit.local_cluster import LocalCluster

FILES = 20
# Ray runs its workers at nice 15 (so its own daemons stay responsive); on a machine shared with
# other work that starves them against the local engine at nice 0. Same priority for both:
SAME_PRIORITY = {"RAY_worker_niceness": "0"}
DESKS = ("Desk A", "Desk B", "Desk C", "Desk D", "Desk E", "Desk F", "Desk G")


# ---------------------------------------------------------------- the pages

def base_pages() -> list[RawPage]:
    paths = [str(REPO / "examples"), str(SHARED / "data" / "gold")]
    return [item for item in read_inputs(paths) if isinstance(item, RawPage)]


def make_pages(count: int, folder: Path) -> list[str]:
    """`count` distinct pages as JSONL files: the base pages with a varying first and last line."""
    bases = base_pages()
    files = [folder / f"wire-{index:02d}.jsonl" for index in range(FILES)]
    handles = [path.open("w", encoding="utf-8") for path in files]
    try:
        for number in range(count):
            base = bases[number % len(bases)]
            desk = DESKS[number % len(DESKS)]
            record: dict[str, Any] = {"id": f"{base.id}#{number}", "url": base.url,
                                      "published": base.published.isoformat() if base.published else None}
            if base.html is not None:
                closing = f"<p>Filed by {desk}, item {number}.</p></body>"
                record["html"] = base.html.replace("</body>", closing)
            else:
                record["text"] = f"{base.text}\n\nFiled by {desk}, item {number}."
            handles[number % FILES].write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        for handle in handles:
            handle.close()
    return [str(path) for path in files]


# ---------------------------------------------------------------- memory, from /proc

def rss_mb(pid: int | str = "self") -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def ray_workers() -> list[int]:
    """Pids of this machine's Ray workers running the page pipeline (title set by Ray)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"PageWorker" in command:
                found.append(int(entry.name))
    return found


class WorkerMemory(threading.Thread):
    """Samples every Ray worker's resident memory; keeps the largest seen per worker."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.largest: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            for pid in ray_workers():
                self.largest[pid] = max(self.largest.get(pid, 0.0), rss_mb(pid))


# ---------------------------------------------------------------- one engine, in a child process

def child(engine: str, files: list[str], db: str, workers: int, total: int,
          address: str | None = None) -> dict[str, Any]:
    """Ingest with one engine; timings and memory at 10%, 25% and 100% of the pages."""
    marks: dict[str, Any] = {}
    wanted = {"p10": max(1, total // 10), "p25": max(1, total // 4), "p100": total}
    started, cpu_started = time.perf_counter(), time.process_time()

    def report(stats: Any) -> None:
        for name, pages_done in wanted.items():
            if stats.pages >= pages_done and name not in marks:
                marks[name] = {"s": time.perf_counter() - started, "driver_mb": rss_mb()}

    if engine == "noop":
        return {"seconds": ray_floor(files, workers), "load": os.getloadavg()[0]}
    if engine == "local":
        from sitrep.ingest import ingest

        database = open_database(db)
        stats = ingest(database, read_inputs(files), on_progress=report)
        database.close()
        worker_mb: list[float] = []
    else:
        from sitrep.scale.run import RayOptions, ingest_with_ray

        sampler = WorkerMemory()
        sampler.start()
        stats = ingest_with_ray(files, RayOptions(db=db, workers=workers, address=address), report,
                                lambda message: None)
        sampler.stop.set()
        worker_mb = sorted(sampler.largest.values())
    report(stats)
    return {"seconds": time.perf_counter() - started, "load": os.getloadavg()[0], "pages": stats.pages,
            "stored": stats.stored, "store_s": stats.store_s, "cpu_s": time.process_time() - cpu_started,
            "failed": stats.failed, "marks": marks, "worker_mb": worker_mb}


class PassThrough:
    """A Ray Data worker that does nothing: what Ray costs before any page is read."""

    def __call__(self, batch: Any, out: str | None = None) -> Any:
        return batch


def ray_floor(files: list[str], workers: int) -> float:
    """Seconds for Ray alone: start it and run the engine's own plan (a reading task per file,
    an actor pool of `workers`) with actors that pass the pages through."""
    started = time.perf_counter()
    from sitrep.scale import engine

    # The engine's plan as it is, its actor class swapped in this benchmark process only:
    # the product keeps no hook for it (Ray pickles PassThrough by value from __main__).
    engine.PageWorker = PassThrough  # type: ignore[misc,assignment]
    engine.connect(None, workers)
    try:
        for _ in engine.run(engine.Plan(paths=tuple(files), workers=workers)):
            pass
    finally:
        engine.disconnect()
    return time.perf_counter() - started


def snapshot(folder: Path) -> str:
    """A copy of the code, so that both engines run the same code while the repository changes."""
    shutil.copytree(REPO / "src" / "sitrep", folder / "src" / "sitrep",
                    ignore=shutil.ignore_patterns("node_modules", "__pycache__", "frontend"))
    return str(folder / "src")


def run_child(engine: str, files: list[str], db: str, workers: int, total: int, src: str,
              cluster: LocalCluster | None = None) -> dict[str, Any]:
    environment = {**(cluster.env if cluster else os.environ), "RAY_USAGE_STATS_ENABLED": "0",
                   **SAME_PRIORITY, "PYTHONPATH": src, "SITREP_BENCH_SRC": src}  # Ray's workers inherit it
    joining = ["--address", cluster.address] if cluster else []
    done = subprocess.run([sys.executable, __file__, "--child", engine, "--db", db, "--workers", str(workers),
                           "--pages", str(total), *joining, *files], capture_output=True, text=True,
                          check=False, env=environment)
    if done.returncode != 0:
        raise SystemExit(f"{engine} run failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def running_cluster(cpus: int) -> LocalCluster:
    """A one-node Ray on loopback with `cpus` CPUs, its workers at the local engine's priority."""
    cluster = LocalCluster(workers=0, cpus=cpus)
    cluster.env.update(SAME_PRIORITY)
    return cluster


def counts(db: str) -> tuple[int, int, set[str]]:
    database = open_database(db)
    with database.read() as connection:
        hashes = set(connection.execute(select(pages.c.content_hash)).scalars())
        n_mentions = int(connection.execute(select(func.count()).select_from(mentions)).scalar_one())
    database.close()
    return len(hashes), n_mentions, hashes


# ---------------------------------------------------------------- the figures

def steady_rate(run: dict[str, Any], total: int) -> float:
    first = run["marks"]["p10"]
    return (total - max(1, total // 10)) / max(run["marks"]["p100"]["s"] - first["s"], 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", choices=["local", "ray", "noop"])
    parser.add_argument("--db")
    parser.add_argument("--address", help="(child) the running cluster to join")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.files, args.db, args.workers, args.pages, args.address)))
        return

    with tempfile.TemporaryDirectory(prefix="sitrep-bench-scale-", dir="/tmp") as tmp:
        folder = Path(tmp)
        files = make_pages(args.pages, folder)
        print(f"{args.pages} distinct pages in {len(files)} JSONL files; {os.cpu_count()} CPUs here, "
              f"load average {os.getloadavg()[0]:.1f} (other work on this machine slows both engines)",
              flush=True)
        src = snapshot(folder)
        runs: dict[str, dict[str, Any]] = {}
        for name in ("local", "ray", "ray running", "ray alone", "local again"):  # local before and after
            engine = name.split()[0]
            db = str(folder / f"{name.replace(' ', '-')}.db")
            if name == "ray alone":
                runs[name] = run_child("noop", files, db, args.workers, args.pages, src)
            elif name == "ray running":
                with running_cluster(args.workers) as cluster:
                    runs[name] = run_child(engine, files, db, args.workers, args.pages, src, cluster)
            else:
                runs[name] = run_child(engine, files, db, args.workers, args.pages, src)
            print(f"{name}: {runs[name]['seconds']:.0f} s (load average at the end {runs[name]['load']:.1f})",
                  flush=True)
            if name == "local":
                local_pages, local_mentions, local_hashes = counts(str(folder / "local.db"))
                for leftover in folder.glob("local.db*"):
                    leftover.unlink()
        ray_pages, ray_mentions, ray_hashes = counts(str(folder / "ray.db"))
        running_same = counts(str(folder / "ray-running.db"))[1:] == (local_mentions, local_hashes)

    n = args.pages
    local, ray, running, again = runs["local"], runs["ray"], runs["ray running"], runs["local again"]
    local_rate = (n / local["seconds"] + n / again["seconds"]) / 2
    local_steady = (steady_rate(local, n) + steady_rate(again, n)) / 2
    end_to_end = (n / ray["seconds"], local_rate)
    steady = (steady_rate(ray, n), local_steady)
    before_after = (f"{n / local['seconds']:.2f} / {n / again['seconds']:.2f}",
                    f"{steady_rate(local, n):.2f} / {steady_rate(again, n):.2f}")
    driver = ray["marks"]["p25"]["driver_mb"], ray["marks"]["p100"]["driver_mb"]
    worker_max = max(ray["worker_mb"], default=0.0)
    rows = [
        Row("pages/s end to end (start-up included)", f"{end_to_end[0]:.2f}",
            f"{end_to_end[1]:.2f} (local, mean of {before_after[0]})",
            ">= 1.7x", end_to_end[0] >= 1.7 * end_to_end[1]),
        Row("  ratio ray / local", f"{end_to_end[0] / end_to_end[1]:.2f}x", "1.00x", ">= 1.7x", None),
        Row("  of which Ray's own fixed cost: the same plan, workers that do nothing",
            f"{runs['ray alone']['seconds']:.0f} s", f"{ray['seconds']:.0f} s (the whole Ray run)", "", None),
        Row("pages/s end to end, Ray already running", f"{n / running['seconds']:.2f}",
            f"{local_rate:.2f} (local)", ">= 1.7x", n / running["seconds"] >= 1.7 * local_rate),
        Row("  ratio ray / local", f"{n / running['seconds'] / local_rate:.2f}x", "1.00x", ">= 1.7x", None),
        Row("pages/s steady (10% to 100% of pages)", f"{steady[0]:.2f}",
            f"{steady[1]:.2f} (local, mean of {before_after[1]})",
            ">= 1.7x", steady[0] >= 1.7 * steady[1]),
        Row("  ratio ray / local", f"{steady[0] / steady[1]:.2f}x", "1.00x", ">= 1.7x", None),
        Row("largest Ray worker memory (MB)", f"{worker_max:.0f} ({len(ray['worker_mb'])} workers)",
            f"{local['marks']['p100']['driver_mb']:.0f} (local process)", "< 1536", 0 < worker_max < 1536),
        Row(f"driver memory at {n // 4} / {n} pages (MB)", f"{driver[0]:.0f} / {driver[1]:.0f}",
            f"{local['marks']['p25']['driver_mb']:.0f} / {local['marks']['p100']['driver_mb']:.0f} (local)",
            "no growth (< +10%)", driver[1] <= 1.10 * driver[0]),
        Row("pages/s the driver stores and merges", f"{n / max(ray['store_s'], 1e-9):.1f}",
            f"{n / max(local['store_s'], 1e-9):.1f} (local)", "", None),
        Row("CPU per page, local engine (ms): pages/s a core does", "",
            f"{1000 * local['cpu_s'] / n:.0f} ms: {n / local['cpu_s']:.1f} pages/s", "", None),
        Row("pages / mentions stored", f"{ray_pages} / {ray_mentions}", f"{local_pages} / {local_mentions}",
            "equal (both Ray runs)", ray_hashes == local_hashes and ray_mentions == local_mentions
            and running_same),
    ]
    print_rows(f"Scale-out: Ray ({args.workers} local workers) vs local engine, {n} pages, "
               f"{os.cpu_count()} CPUs", rows)


if __name__ == "__main__":
    main()
