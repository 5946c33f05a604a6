"""The Ray engine's parts, run in this process (no cluster): rows, workers, shards, the sink.

A Ray worker runs exactly `PageWorker`; the driver exactly `Sink`; `sitrep
merge` exactly `read_shards` into `Sink`. Here they run without Ray, so the
same code is checked quickly, including what a retried task does.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from scale_helpers import content
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.ingest import ingest
from sitrep.model import Comment, Mention, Page, PageError, PageResult, Place, RawPage, Span
from sitrep.pipeline import read_page
from sitrep.read import read_inputs
from sitrep.scale.codec import raw_to_row, result_to_row, row_to_raw, row_to_result
from sitrep.scale.engine import RESULT_SCHEMA, PageWorker, ScaleError, list_files, read_file
from sitrep.scale.run import load_shards
from sitrep.scale.shards import MENTIONS, PAGES
from sitrep.scale.sink import Sink
from sitrep.store.db import open_database

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    shutil.copytree(REPO / "examples", folder / "examples")
    (folder / "examples" / "zz-empty.txt").write_bytes(b"")
    return folder / "examples"


@pytest.fixture(scope="module")
def local_db(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("local") / "local.db"
    database = open_database(str(path))
    try:
        ingest(database, read_inputs([str(inputs)]))
    finally:
        database.close()
    return path


def _raw_rows(inputs: Path) -> list[dict[str, object]]:
    return [row for index, path in enumerate(list_files([str(inputs)]))
            for row in read_file({"path": path, "index": index})]


def test_rows_carry_pages_and_results_exactly() -> None:
    raw = RawPage(id="p1", html="<p>x</p>", url="https://a.example/x", published=date(2024, 5, 1),
                  origin="f.jsonl:3")
    assert row_to_raw(raw_to_row(raw)) == raw
    failed = row_to_raw(raw_to_row(PageError("f.txt", "read", "empty file")))
    assert isinstance(failed, PageError) and str(failed) == "f.txt: read: empty file"
    mention = Mention("Battles", "Armed clash", date(2024, 5, 1), 1, [Span(0, 4, "Shel")], Span(0, 4, "Shel"),
                      actor1="A", assoc_actors=["B"], place_name=Span(5, 8, "Gao"),
                      place=Place("Gao", 16.27, -0.04, 1, 2457163, "Gao", "Mali", "MLI", "P.PPLA"),
                      fatalities=12, fatalities_span=Span(9, 11, "12"), certainty="claimed")
    page = Page(id="p1", text="Shel Gao 12", paragraphs=[Span(0, 11, "Shel Gao 12")],
                comments=[Comment("c", "text", None, "2024-05-01", 0, 4)], notes=["n"])
    result = PageResult(page=page, mentions=[mention], origin="f.jsonl:3")
    assert row_to_result(result_to_row(result, "h")) == result


def test_every_example_page_survives_the_trip(inputs: Path) -> None:
    for item in read_inputs([str(inputs)]):
        if isinstance(item, RawPage):
            result = read_page(item)
            assert row_to_result(result_to_row(result, "h")) == result


def test_files_are_read_in_tasks_with_their_input_position(inputs: Path) -> None:
    rows = _raw_rows(inputs)
    seqs = [str(row["seq"]) for row in rows]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert [row["error"] for row in rows if row["error"]] == [f"{inputs / 'zz-empty.txt'}: read: empty file"]
    assert len(rows) == sum(1 for _ in read_inputs([str(inputs)]))


def test_stdin_is_refused() -> None:
    with pytest.raises(ScaleError, match="stdin"):
        list_files(["-"])


def test_shards_loaded_twice_equal_a_local_ingest(inputs: Path, local_db: Path, tmp_path: Path) -> None:
    worker = PageWorker()
    rows = _raw_rows(inputs)
    out = tmp_path / "shards"
    first, second = rows[: len(rows) // 2], rows[len(rows) // 2:]
    for batch in (first, second, first):  # the first batch again: a retried task
        summary = worker(pa.Table.from_pylist(batch), out=str(out))
        assert summary.schema == RESULT_SCHEMA and summary.column("page").null_count == len(batch)
    assert len(list((out / PAGES).glob("*.parquet"))) == 2
    assert len(list((out / MENTIONS).glob("*.parquet"))) == 2

    errors: list[str] = []
    merged = tmp_path / "merged.db"
    stats = load_shards(out, str(merged), lambda stats: None, errors.append)
    again = load_shards(out, str(merged), lambda stats: None, errors.append)

    assert errors == [f"{inputs / 'zz-empty.txt'}: read: empty file"] * 2
    assert stats.failed == 1 and stats.stored == len(rows) - 1 and stats.skipped == 0
    assert again.stored == 0 and again.skipped == len(rows) - 1
    assert content(merged) == content(local_db)


def test_a_result_delivered_twice_is_stored_once(inputs: Path, local_db: Path, tmp_path: Path) -> None:
    worker = PageWorker()
    results = worker(pa.Table.from_pylist(_raw_rows(inputs))).to_pylist()
    path = tmp_path / "ray.db"
    database = open_database(str(path))
    errors: list[str] = []
    try:
        sink = Sink(database, on_error=errors.append, batch_size=3)
        delivered = [*results, *results[:4]]  # a retried task delivers its pages again
        for row in delivered:
            sink.add(row, row_to_result(row))
        sink.flush()
    finally:
        database.close()
    assert errors == [row["error"] for row in delivered if row["error"]]  # listed, never dropped
    assert sink.stats.pages == len(delivered) and sink.stats.failed == len(errors)
    assert sink.stats.stored == len(results) - 1
    assert sink.stats.skipped == sum(1 for row in results[:4] if not row["error"])
    assert content(path) == content(local_db)


def test_the_cli_refuses_ray_options_without_the_ray_engine(tmp_path: Path) -> None:
    runner = CliRunner()
    wrong_engine = runner.invoke(app, ["ingest", str(tmp_path), "--engine", "spark"])
    assert wrong_engine.exit_code == 2 and "use local or ray" in wrong_engine.output
    out_alone = runner.invoke(app, ["ingest", str(tmp_path), "--out", str(tmp_path / "shards")])
    assert out_alone.exit_code == 2 and "need --engine ray" in out_alone.output


def test_load_shards_of_a_folder_without_shards_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["load-shards", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "no pages/ folder of Parquet shards here" in result.output
