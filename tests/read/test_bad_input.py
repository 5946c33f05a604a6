"""Bad input: every failure is one clear line naming the file, and the batch goes on."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.model import PageError, RawPage
from sitrep.read import read_bytes, read_inputs

runner = CliRunner()


def test_fifty_megabyte_file_is_refused_with_its_name(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.write(b"Shelling was reported in the east. " * (50_000_000 // 35 + 1))
    (item,) = list(read_inputs([str(big)]))
    assert isinstance(item, PageError)
    assert "huge.txt" in str(item) and "too large" in str(item)


def test_invalid_utf8_is_read_not_refused(tmp_path: Path) -> None:
    page = tmp_path / "cp1252.txt"
    page.write_bytes("Protesters gathered in Kyiv – “peacefully”, police said.".encode("cp1252"))
    (item,) = list(read_inputs([str(page)]))
    assert isinstance(item, RawPage)
    assert item.text is not None and "“peacefully”" in item.text


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    (item,) = list(read_inputs([str(tmp_path / "nope.html")]))
    assert isinstance(item, PageError) and "nope.html" in str(item)


def test_truncated_gzipped_jsonl_keeps_the_pages_before_the_break(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": f"p{i}", "text": f"Clashes in town {i}. " * 200}) + "\n"
                    for i in range(50))
    data = gzip.compress(lines.encode())
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(read_inputs([str(path)]))
    pages = [i for i in items if isinstance(i, RawPage)]
    errors = [i for i in items if isinstance(i, PageError)]
    assert pages and pages[0].id == "p0"
    assert len(errors) >= 1 and "batch.jsonl.gz" in str(errors[-1])


def test_cli_reports_each_bad_file_on_one_line_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-binary.bin").write_bytes(b"\x00\x01\x02\xff" * 1000)
    (tmp_path / "c-good.txt").write_text("Title\n\nGunmen attacked a police post.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 1
    outputs = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [o["id"] for o in outputs] == [str(tmp_path / "c-good.txt")]
    error_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(error_lines) == 2
    assert "a-empty.txt" in error_lines[0] and "b-binary.bin" in error_lines[1]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["x.txt", "x.html", "x.jsonl", "x.warc", "x"]))
def test_any_bytes_give_pages_or_errors_never_an_exception(data: bytes, name: str) -> None:
    for item in read_bytes(data, name):
        assert isinstance(item, RawPage | PageError)


def test_a_json_file_is_one_document_not_lines(tmp_path: Path) -> None:
    pages = [{"id": "a", "text": "Clashes in the north."}, {"id": "b", "html": "<p>Riot</p>"}, 7]
    (tmp_path / "pages.json").write_text(json.dumps(pages, indent=2), encoding="utf-8")
    (tmp_path / "other.json").write_text(json.dumps({"results": [1, 2, 3]}, indent=2), encoding="utf-8")
    items = list(read_inputs([str(tmp_path / "pages.json"), str(tmp_path / "other.json")]))
    assert [i.id for i in items if isinstance(i, RawPage)] == ["a", "b"]
    errors = [str(i) for i in items if isinstance(i, PageError)]
    assert len(errors) == 2
    assert "pages.json[2]" in errors[0] and "other.json" in errors[1]


def test_truncated_gzipped_warc_on_stdin_keeps_the_records_before_the_cut() -> None:
    path = Path(__file__).resolve().parents[2] / "examples" / "warc" / "sample.warc.gz"
    data = path.read_bytes()
    items = list(read_bytes(data[: int(len(data) * 0.7)], "<stdin>"))
    assert any(isinstance(i, RawPage) for i in items)
    assert isinstance(items[-1], PageError) and "<stdin>" in str(items[-1])


def test_special_files_in_a_folder_are_named_never_opened(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "page.txt").write_text("Clashes in the north.", encoding="utf-8")
    (tmp_path / "top").mkdir()
    (tmp_path / "top" / "link").symlink_to(tmp_path / "real")
    os.mkfifo(tmp_path / "top" / "pipe.txt")  # opening it would block: it must not be opened
    said = [str(item) for item in read_inputs([str(tmp_path / "top"), str(tmp_path / "top" / "pipe.txt")])]
    assert said[0].startswith(f"{tmp_path / 'top' / 'link'}: read: a link to a folder, not followed")
    assert all("not a regular file (a FIFO)" in line and "pipe.txt" in line for line in said[1:])
    assert len(said) == 3


def test_one_bad_byte_keeps_the_page_utf8(tmp_path: Path) -> None:
    text = "Protesters “peacefully” marched in Kyiv — police said.\n" * 10
    data = text.encode()
    (tmp_path / "page.txt").write_bytes(data[:100] + b"\x96" + data[100:])
    (item,) = list(read_inputs([str(tmp_path / "page.txt")]))
    assert isinstance(item, RawPage) and item.text is not None
    assert item.text.count("“peacefully”") == 10 and "\ufffd" in item.text
    assert item.notes == ("1 invalid UTF-8 byte sequence replaced by U+FFFD",)


def test_a_folder_that_cannot_be_listed_is_one_line_and_the_rest_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a-locked").mkdir()
    (tmp_path / "b-good.txt").write_text("Clashes in the north.", encoding="utf-8")
    listing = os.scandir

    def scandir(path: str) -> Any:  # as for a folder without read permission (root reads them all)
        if str(path).endswith("a-locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(read_inputs([str(tmp_path)]))
    assert [str(i) for i in items if isinstance(i, PageError)] == [
        f"{tmp_path / 'a-locked'}: read: folder not read: permission denied"]
    assert [i.id for i in items if isinstance(i, RawPage)] == [str(tmp_path / "b-good.txt")]
