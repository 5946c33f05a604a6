"""The hostile corpus through the real command line: one clear line a bad file, the good page still
read and stored, exit status 1, no traceback, bounded memory and time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_corpus import GOOD_PAGE, Case, build

SITREP = [sys.executable, "-m", "sitrep"]
MAX_RSS_MB = 1000
MAX_SECONDS = 120  # the whole batch, on a loaded 2-core machine
# A smaller body cap than the default (100,000) keeps the module quick; the cap works the same.
ENV = {**os.environ, "SITREP_MAX_BODY_CHARS": "30000"}


@dataclass(frozen=True)
class Run:
    """What one `sitrep` run printed and cost."""

    status: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


def run_sitrep(args: list[str], folder: Path) -> Run:
    """`sitrep ARGS`, its exit status, output, wall time and peak memory (its own rusage)."""
    out, err = folder / "stdout.txt", folder / "stderr.txt"
    started = time.perf_counter()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen([*SITREP, *args], stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
                                   env=ENV)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(process.returncode, out.read_text("utf-8"), err.read_text("utf-8"),
               time.perf_counter() - started, usage.ru_maxrss / 1024)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    folder = tmp_path_factory.mktemp("hostile")
    cases = build(folder / "in")
    (folder / "in" / "zz-good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    return folder, cases


@pytest.fixture(scope="module")
def extracted(corpus: tuple[Path, list[Case]]) -> Run:
    """`sitrep extract` on the whole corpus folder and a good page, once."""
    folder, _ = corpus
    return run_sitrep(["extract", str(folder / "in"), "--format", "jsonl"], folder)


def lines_naming(stderr: str, path: Path) -> list[str]:
    return [line for line in stderr.splitlines() if f"{path}:" in line]


def test_extract_reads_the_good_page_and_says_one_line_a_bad_file(corpus: tuple[Path, list[Case]],
                                                                  extracted: Run) -> None:
    folder, cases = corpus
    run = extracted
    assert run.status == 1
    assert "Traceback" not in run.stderr
    pages = {page["id"]: page for page in map(json.loads, run.stdout.splitlines())}
    assert str(folder / "in" / "zz-good.txt") in pages
    for case in cases:
        said = lines_naming(run.stderr, case.path)
        if case.kind == "note":
            assert said == [], case.name
            notes = " ".join(pages[str(case.path)]["notes"])
            assert case.says in notes, (case.name, notes)
        else:
            assert len(said) == 1 and case.says in said[0], (case.name, said)
            assert said[0].startswith(case.kind), (case.name, said)
    assert run.peak_mb < MAX_RSS_MB and run.seconds < MAX_SECONDS, (run.peak_mb, run.seconds)


def test_capped_pages_stay_sane(corpus: tuple[Path, list[Case]], extracted: Run) -> None:
    folder, _ = corpus
    pages = {page["id"]: page for page in map(json.loads, extracted.stdout.splitlines())}
    places = pages[str(folder / "in" / "place-list.txt")]
    bad_byte = pages[str(folder / "in" / "bad-byte.txt")]
    assert 0 < len(places["events"]) <= 100  # a list of 5,000 places is not thousands of events
    assert "“peacefully”" in bad_byte["body"] and "â€œ" not in bad_byte["body"]  # nothing garbled


def test_ingest_stores_the_good_page_and_goes_past_every_bad_file(corpus: tuple[Path, list[Case]]) -> None:
    folder, cases = corpus
    light = [case for case in cases if case.kind != "note"]
    good = folder / "in" / "zz-good.txt"
    run = run_sitrep(["ingest", *(str(case.path) for case in light), str(good), "--db",
                      str(folder / "sitrep.db")], folder)
    assert run.status == 1 and "Traceback" not in run.stderr
    for case in light:
        assert len(lines_naming(run.stderr, case.path)) == 1, case.name
    assert "2 pages stored" in run.stderr  # the good page, and the page with a bad date
    assert run.peak_mb < MAX_RSS_MB and run.seconds < MAX_SECONDS, (run.peak_mb, run.seconds)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_is_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "in" / "locked"
    locked.mkdir(parents=True)
    (locked / "page.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (tmp_path / "in" / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    locked.chmod(0)
    try:
        run = run_sitrep(["extract", str(tmp_path / "in"), "--format", "jsonl"], tmp_path)
    finally:
        locked.chmod(0o755)
    assert run.status == 1 and "Traceback" not in run.stderr
    assert len(lines_naming(run.stderr, locked)) == 1 and "permission denied" in run.stderr
    assert str(tmp_path / "in" / "good.txt") in run.stdout
