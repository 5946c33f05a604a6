"""`sitrep geoparse`: given spans and own recognition, bad lines reported, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

from sitrep.geo.geoparse import geoparse_lines


def _run(records: list[object], given: bool) -> tuple[list[dict], list[str]]:  # type: ignore[type-arg]
    errors: list[str] = []
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    return list(geoparse_lines(lines, given, errors.append)), errors


def test_given_spans_are_resolved_in_order() -> None:
    text = "Rockets hit Erbil and Kirkuk; Iraqi officials condemned the attack."
    spans = [{"start": text.index(n), "end": text.index(n) + len(n)} for n in ("Erbil", "Kirkuk")]
    [out], errors = _run([{"id": "a", "text": text, "toponyms": spans}], given=True)
    assert not errors
    assert [t["name"] for t in out["toponyms"]] == ["Erbil", "Kirkuk"]
    assert all(t["country"] == "IRQ" and t["lat"] is not None for t in out["toponyms"])


def test_own_recognition_finds_places_and_demonyms() -> None:
    text = "Turkish drones struck villages near Kobani in northern Syria on Tuesday, residents said."
    [out], _ = _run([{"id": "b", "text": text}], given=False)
    found = {t["text"] for t in out["toponyms"]}
    assert {"Syria", "Kobani"} <= found
    assert "Tuesday" not in found


def test_bad_lines_are_reported_and_the_rest_goes_on() -> None:
    records: list[object] = ["{not json", {"id": "c", "text": "Shelling hit Horlivka.",
                                          "toponyms": [{"start": 13, "end": 21}, {"start": 5, "end": 999}]}]
    outs, errors = _run(records, given=True)
    assert len(outs) == 2 and len(errors) == 1
    assert outs[0]["toponyms"] == []
    assert [t["text"] for t in outs[1]["toponyms"]] == ["Horlivka"]


def test_cli_geoparse_given_spans(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sitrep.cli import app

    text = "Shelling hit Horlivka overnight."
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "d", "text": text, "toponyms": [{"start": 13, "end": 21}]}) + "\n",
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["geoparse", str(path), "--given-spans", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    [line] = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert line["id"] == "d" and line["toponyms"][0]["country"] == "UKR"
