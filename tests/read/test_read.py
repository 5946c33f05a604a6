"""Reading files, folders, JSONL and bad input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from sitrep.model import PageError, RawPage
from sitrep.read import read_inputs


def _read(*paths: Path) -> list[RawPage | PageError]:
    return list(read_inputs([str(p) for p in paths]))


def test_text_file_in_latin1_is_decoded(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_bytes("Les combats à Alep ont repris, a déclaré l'armée.".encode("latin-1"))
    (item,) = _read(page)
    assert isinstance(item, RawPage)
    assert item.text is not None and "à Alep" in item.text and "déclaré" in item.text


def test_mojibake_is_repaired(tmp_path: Path) -> None:
    page = tmp_path / "m.txt"
    page.write_text("The army’s retreat from the city", encoding="utf-8")
    broken = page.read_text(encoding="utf-8").encode("utf-8").decode("latin-1")
    page.write_text(broken, encoding="utf-8")
    (item,) = _read(page)
    assert isinstance(item, RawPage)
    assert item.text == "The army’s retreat from the city"


def test_bad_inputs_each_give_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "1-empty.txt").write_bytes(b"")
    (tmp_path / "2-binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "3-truncated.txt.gz").write_bytes(gzip.compress(b"hello world " * 500)[:60])
    (tmp_path / "4-good.txt").write_text("Gunmen killed two people in Kano.", encoding="utf-8")
    lines = [json.dumps({"id": "x", "text": "Shelling hit Kherson."}), "{not json", "[1, 2]",
             json.dumps({"id": "y", "html": "<p>Protest in Lagos</p>"})]
    (tmp_path / "5-pages.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = _read(tmp_path)
    errors = [i for i in items if isinstance(i, PageError)]
    pages = [i for i in items if isinstance(i, RawPage)]
    assert [p.id for p in pages] == [str(tmp_path / "4-good.txt"), "x", "y"]
    assert len(errors) == 5
    assert "1-empty.txt" in str(errors[0]) and "empty" in str(errors[0])
    assert "2-binary.txt" in str(errors[1]) and "binary" in str(errors[1])
    assert "3-truncated.txt.gz" in str(errors[2]) and "gzip" in str(errors[2])
    assert "5-pages.jsonl:2" in str(errors[3]) and "malformed JSON" in str(errors[3])
    assert "5-pages.jsonl:3" in str(errors[4])


def test_jsonl_published_wins_over_default(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x y z", "published": "2023-05-01T10:00:00Z"})
                    + "\n" + json.dumps({"id": "b", "text": "x y z"}) + "\n", encoding="utf-8")
    from datetime import date
    items = list(read_inputs([str(path)], published=date(2020, 1, 1)))
    assert [i.published for i in items if isinstance(i, RawPage)] == [date(2023, 5, 1),
                                                                       date(2020, 1, 1)]
