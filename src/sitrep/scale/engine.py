"""The Ray Data plan: list files, read them in tasks, map `read_page` on an actor pool.

    files (listed on the driver)
      └─ flat_map(read_file)           a task per file: sitrep.read, one row per page
          └─ map_batches(PageWorker)   actors: each loads the model and gazetteer once,
                                       runs pipeline.read_page on a batch of pages
              └─ rows streamed back    to the driver (which stores them), or, with an
                                       output folder, written there as Parquet shards
                                       by the workers (only a summary row comes back)

No stage is implemented twice: reading is `sitrep.read`, the work is
`sitrep.pipeline.read_page`, storing is `sitrep.store` (on the driver).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from sitrep.model import PageError, PageResult, RawPage
from sitrep.pipeline import read_page
from sitrep.read import walk
from sitrep.scale.codec import Row, result_to_row, row_to_raw
from sitrep.scale.reading import read_file
from sitrep.scale.shards import write_shard
from sitrep.scale.sink import content_hash, raw_fields

READ_CPUS = 0.1  # reading is light; a fraction lets it run beside workers that hold a whole CPU
WORKER_CPUS = 0.9  # so that a node's last CPU still has room for a reading task
BLOCK_BYTES = 1 << 16  # Ray Data's block size: some 20 news pages, so that work spreads evenly
RESULT_SCHEMA = pa.schema([
    ("seq", pa.string()), ("raw", pa.string()), ("content_hash", pa.string()),
    ("origin", pa.string()), ("error", pa.string()),
    ("page", pa.large_string()), ("mentions", pa.large_string()), ("n_mentions", pa.int64()),
])
_WARM_UP = RawPage(id="warm-up", text="Warm-up\n\nShelling hit the town on Monday, officials said.")


class ScaleError(Exception):
    """Ray cannot start or be reached, or the inputs cannot be listed (one line for the user)."""


@dataclass(frozen=True)
class Plan:
    """What to run: the inputs and how the work is spread."""

    paths: tuple[str, ...]
    workers: int  # size of the actor pool
    batch_size: int = 8  # pages a worker reads per call
    published: date | None = None
    out: str | None = None  # write Parquet shards here instead of returning full rows
    preserve_order: bool = True  # results in input order, so a run equals a local ingest


def list_files(paths: Iterable[str]) -> list[str]:
    """Every input file as an absolute path (folders expanded), as the workers will open them."""
    files: list[str] = []
    for name in walk(paths):
        if name == "-":
            raise ScaleError("--engine ray reads files, not stdin: save the input to a file first")
        files.append(str(Path(name).resolve()))
    return files


def process(row: Row) -> Row:
    """One page through the pipeline: the result as a row, keyed by the raw page's content hash."""
    raw = row_to_raw(row)
    if isinstance(raw, PageError):
        result = result_to_row(PageResult(page=None, error=str(raw), origin=raw.origin), None)
    else:
        result = {**result_to_row(read_page(raw), content_hash(raw)), "raw": raw_fields(raw)}
    return {"seq": row.get("seq"), "raw": None, **result}


class PageWorker:
    """A Ray actor: loads the language model and gazetteer once, then reads batches of pages."""

    def __init__(self) -> None:
        read_page(_WARM_UP)  # the model and gazetteer load here, once per worker process

    def __call__(self, batch: pa.Table, out: str | None = None) -> pa.Table:
        rows = [process(row) for row in batch.to_pylist()]
        if out is not None:
            write_shard(Path(out), rows)
            rows = [{**row, "page": None, "mentions": None} for row in rows]
        return pa.Table.from_pylist(rows, schema=RESULT_SCHEMA)


def run(plan: Plan) -> Iterator[Row]:
    """Run the plan on the connected Ray cluster; yield one result row per page, as they finish."""
    import ray.data

    files = list_files(plan.paths)
    if not files:
        return
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the driver prints its own progress
    context.execution_options.preserve_order = plan.preserve_order
    context.target_max_block_size = BLOCK_BYTES
    dataset = (
        ray.data.from_items([{"path": f, "index": i} for i, f in enumerate(files)],
                           override_num_blocks=len(files))
        .flat_map(read_file, fn_kwargs={"published": plan.published}, num_cpus=READ_CPUS)
        .map_batches(PageWorker, fn_kwargs={"out": plan.out}, batch_size=plan.batch_size,
                     batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=plan.workers),
                     num_cpus=WORKER_CPUS)
    )
    for batch in dataset.iter_batches(batch_size=None, batch_format="pyarrow", prefetch_batches=1):
        assert isinstance(batch, pa.Table)
        yield from batch.to_pylist()


def connect(address: str | None, num_cpus: int) -> int:
    """Join the cluster at `address` ("auto", "HOST:PORT", "ray://HOST:PORT") or start Ray here.

    Returns how many CPUs the cluster has. Started here, Ray has `num_cpus`,
    no dashboard and no usage statistics.
    """
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if not address and "ray" not in sys.modules:  # Ray reads it when imported, and only then
        os.environ.setdefault("RAY_AUTH_MODE", "token")  # Ray's default, said out loud (no warning)
        # A Ray started here serves this machine only: with this, its node address is the loopback
        # and every daemon (GCS, raylet, workers) listens on 127.0.0.1, not on all interfaces.
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    import ray  # after the environment: Ray reads it when imported

    if ray.is_initialized():
        return _cluster_cpus()
    options: dict[str, Any] = {"logging_level": "WARNING", "log_to_driver": False,
                               "configure_logging": True}
    try:
        if address:
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, _node_ip_address="127.0.0.1", **options)
    except (ConnectionError, RuntimeError, ValueError, TimeoutError) as error:
        where = address or "a local Ray instance"
        raise ScaleError(f"cannot start or join {where}: {str(error).splitlines()[0]}") from None
    _quiet_ray_data()
    return _cluster_cpus()


def disconnect() -> None:
    """Leave the cluster (and stop Ray if it was started here)."""
    import ray

    if ray.is_initialized():
        ray.shutdown()


def _quiet_ray_data() -> None:
    """Ray Data's console messages down to errors (its log files keep everything): we show progress."""
    import ray.data  # noqa: F401  (configures the "ray.data" logger on import)

    for handler in logging.getLogger("ray.data").handlers:
        if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
            handler.setLevel(logging.ERROR)


def _cluster_cpus() -> int:
    import ray

    resources: dict[str, float] = ray.cluster_resources()  # type: ignore[no-untyped-call]
    return max(1, int(resources.get("CPU", 1)))

