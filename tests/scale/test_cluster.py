"""`sitrep ingest --engine ray --address` on a real two-node Ray cluster equals a local ingest."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scale_helpers import Cluster, content

from sitrep.ingest import ingest
from sitrep.read import read_inputs
from sitrep.store.db import open_database

REPO = Path(__file__).resolve().parents[2]
SITREP = str(Path(sys.executable).with_name("sitrep"))


@pytest.mark.timeout(300)
def test_a_cluster_ingest_equals_a_local_ingest(ray_cluster: Cluster, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "examples", inputs)
    (inputs / "zz-empty.txt").write_bytes(b"")  # a page that fails: listed, never dropped

    local_db = tmp_path / "local.db"
    errors: list[str] = []
    database = open_database(str(local_db))
    try:
        local = ingest(database, read_inputs([str(inputs)]), on_error=errors.append)
    finally:
        database.close()

    ray_db = tmp_path / "ray.db"
    done = subprocess.run([SITREP, "ingest", str(inputs), "--engine", "ray", "--address", ray_cluster.address,
                           "--db", str(ray_db)], env=ray_cluster.env, capture_output=True, text=True,
                          timeout=280, check=False)

    assert done.returncode == 1, done.stderr  # 1: a page failed, the others are stored
    assert f"{inputs / 'zz-empty.txt'}: read: empty file" in done.stderr
    assert f"{local.pages} pages in" in done.stderr and f"{local.stored} stored" in done.stderr
    assert errors == [f"{inputs / 'zz-empty.txt'}: read: empty file"]
    expected, got = content(local_db), content(ray_db)
    assert expected["pages"] and expected["mentions"]
    assert got == expected
