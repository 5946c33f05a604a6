"""A Ray cluster on this machine's loopback, started and stopped as a unit.

For the scale tests and `bench/scale.py` (a deployment starts its own cluster
with `ray start`, as the README says). Each node is a `ray start --block` process in its own session, so
`stop` ends exactly the processes this cluster started (by process group) and
nothing else on the machine. The nodes share a fresh authentication token and a
temp dir under /tmp; a driver joins with `LocalCluster.env` and `.address`.
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
from pathlib import Path
from types import TracebackType

RAY = str(Path(sys.executable).with_name("ray"))
START_TIMEOUT_S = 120


class LocalCluster:
    """A head node and `workers` more nodes on 127.0.0.1, `cpus` CPUs each; a context manager."""

    def __init__(self, workers: int = 0, cpus: int = 1) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="sitrep-ray-", dir="/tmp"))
        self.port = _free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token",
                    "RAY_AUTH_TOKEN": secrets.token_hex(32)}
        self.workers, self.cpus = workers, cpus
        self.nodes: list[subprocess.Popen[bytes]] = []
        self.logs = [self.folder / f"node-{number}.log" for number in range(workers + 1)]

    def start(self) -> LocalCluster:
        """Start the nodes and wait until all of them have joined."""
        node = ["--node-ip-address", "127.0.0.1", "--num-cpus", str(self.cpus), "--disable-usage-stats"]
        try:
            self.nodes.append(self._node(["--head", "--port", str(self.port), "--include-dashboard", "false",
                                          "--temp-dir", str(self.folder / "ray"), *node], self.logs[0]))
            self._wait_for_port()
            for log in self.logs[1:]:
                self.nodes.append(self._node(["--address", self.address, *node], log))
            self._wait_for_nodes(len(self.logs))
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """End each node's whole process group (raylet, GCS, its workers): asked, then forced."""
        for process in self.nodes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 8
        for process in self.nodes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
        for process in self.nodes:  # whatever of the group is left
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        self.nodes = []
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> LocalCluster:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def _node(self, args: list[str], log: Path) -> subprocess.Popen[bytes]:
        with log.open("wb") as out:
            return subprocess.Popen([RAY, "start", *args, "--block"], env=self.env, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)

    def _wait_for_port(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.5)
        raise RuntimeError("the Ray head did not start: " + self.logs[0].read_text()[-500:])

    def _wait_for_nodes(self, count: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        probe = (f"import ray; ray.init(address={self.address!r}, logging_level='ERROR'); "
                 "print(sum(1 for n in ray.nodes() if n['Alive']))")
        while time.monotonic() < deadline:
            done = subprocess.run([sys.executable, "-c", probe], env=self.env, capture_output=True, text=True,
                                  timeout=60, check=False)
            if done.returncode == 0 and done.stdout.strip().splitlines()[-1:] == [str(count)]:
                return
            time.sleep(2)
        raise RuntimeError("the Ray cluster did not start: " +
                           " | ".join(log.read_text()[-500:] for log in self.logs if log.exists()))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
