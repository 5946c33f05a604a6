"""A real Ray cluster on loopback (a head node and one worker node, one CPU each).

Each node is a `ray start --block` process in its own session, so the fixture
stops exactly the processes it started (by process group) and nothing else
on the machine. Nodes share a fresh authentication token and a temp dir under
/tmp; the driver (`sitrep ingest --address`) gets the same environment.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the tests' helpers: scale_helpers

from scale_helpers import Cluster

RAY = str(Path(sys.executable).with_name("ray"))
START_TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([RAY, "start", *args, "--block"], env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def _stop(nodes: list[subprocess.Popen[bytes]]) -> None:
    """End each node's whole process group (raylet, GCS, the workers it started): asked, then forced."""
    for process in nodes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 8
    for process in nodes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
    for process in nodes:  # whatever of the group is left
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _wait_for_port(port: int, logs: list[Path]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.5)
    raise RuntimeError("the Ray head did not start: " + logs[0].read_text()[-500:])


def _wait_for_nodes(address: str, env: dict[str, str], count: int, logs: list[Path]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    probe = (f"import ray; ray.init(address={address!r}, logging_level='ERROR'); "
             "print(sum(1 for n in ray.nodes() if n['Alive']))")
    while time.monotonic() < deadline:
        done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                              timeout=60, check=False)
        if done.returncode == 0 and done.stdout.strip().splitlines()[-1:] == [str(count)]:
            return
        time.sleep(2)
    raise RuntimeError("the Ray cluster did not start: " + " | ".join(p.read_text()[-500:] for p in logs))


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[Cluster]:
    folder = Path(tempfile.mkdtemp(prefix="sitrep-ray-", dir="/tmp"))
    port = _free_port()
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token",
           "RAY_AUTH_TOKEN": secrets.token_hex(32)}
    address = f"127.0.0.1:{port}"
    node = ["--node-ip-address", "127.0.0.1", "--num-cpus", "1", "--disable-usage-stats"]
    logs = [folder / "head.log", folder / "worker.log"]
    head = _start(["--head", "--port", str(port), "--include-dashboard", "false",
                   "--temp-dir", str(folder / "ray"), *node], env, logs[0])
    nodes = [head]
    try:
        _wait_for_port(port, logs)
        nodes.append(_start(["--address", address, *node], env, logs[1]))
        _wait_for_nodes(address, env, 2, logs)
        yield Cluster(address=address, env=env)
    finally:
        _stop(nodes)
        shutil.rmtree(folder, ignore_errors=True)
