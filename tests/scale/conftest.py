"""A real Ray cluster on loopback for the scale tests: a head node and one worker
node, one CPU each (`sitrep_testkit.local_cluster`), shared by the session."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the tests' helpers: scale_helpers

from scale_helpers import Cluster

from sitrep_testkit.local_cluster import LocalCluster


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[Cluster]:
    with LocalCluster(workers=1, cpus=1) as cluster:
        yield Cluster(address=cluster.address, env=cluster.env)
