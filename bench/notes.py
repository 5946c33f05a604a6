"""Real ACLED-coded event notes: the dev/test split, a run of `sitrep extract`, the scores.

    .venv/bin/python bench/notes.py [--limit N] [--workers 2]

The notes (`../shared/data/real/acled_notes_dev.jsonl`, ACLED's coding beside it
in `acled_notes_dev_gold.jsonl`) are split once, by a hash of each row's `id`,
into 80% dev (read and studied) and 20% test (scored here only, never read).
Both parts go through `sitrep extract` exactly as a user would run it, and
`../shared/eval/score_notes.py` scores each part; the two columns are printed
side by side, so a gap between them (fitting the dev notes rather than the
language) shows at once. ACLED's terms forbid redistribution: the rows are
read from `../shared` into a temporary folder and never copied elsewhere.

`bench/extract.py` and `bench/geo.py` print these figures with their targets;
this module holds the split, the run and the scoring they share.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, SHARED, Row, print_rows

NOTES = SHARED / "data" / "real" / "acled_notes_dev.jsonl"
NOTES_GOLD = SHARED / "data" / "real" / "acled_notes_dev_gold.jsonl"
SCORER = SHARED / "eval" / "score_notes.py"
TEST_SHARE = 20  # percent of the rows, chosen by the hash of their id


def part_of(row_id: str) -> str:
    """'test' for one row in five, 'dev' for the others; fixed by the id alone."""
    bucket = int(hashlib.sha256(row_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "test" if bucket < TEST_SHARE else "dev"


@dataclass(frozen=True)
class Scores:
    """What score_notes.py says of one part, and how many events each note gave."""

    rows: int
    figures: dict[str, Any]
    one_event_share: float

    def all_rows(self, key: str) -> float:
        """A figure over all rows, a missed row counted wrong."""
        if key == "detected":
            return float(self.figures["detected"]) / self.rows
        return float(self.figures[f"{key}_all"] or 0.0)

    def on_detected(self, key: str) -> float:
        """A figure over the rows that gave an event."""
        return float(self.figures[f"{key}_cond"] or 0.0)


def split_rows(limit: int | None) -> dict[str, tuple[list[str], list[str]]]:
    """Each part's input lines and gold lines, in file order (the first `limit` of each)."""
    gold = {json.loads(line)["id"]: line for line in _lines(NOTES_GOLD)}
    parts: dict[str, tuple[list[str], list[str]]] = {"dev": ([], []), "test": ([], [])}
    for line in _lines(NOTES):
        row_id = json.loads(line)["id"]
        inputs, golds = parts[part_of(row_id)]
        if limit is None or len(inputs) < limit:
            inputs.append(line)
            golds.append(gold[row_id])
    return parts


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as handle:
        yield from (line.rstrip("\n") for line in handle if line.strip())


def run_sitrep(lines: list[str], folder: Path, workers: int) -> Path:
    """`sitrep extract --format jsonl` over the lines, in `workers` processes; the output's path."""
    chunks = [lines[i::workers] for i in range(workers)]
    procs = []
    for index, chunk in enumerate(chunks):
        source = folder / f"in_{index}.jsonl"
        source.write_text("\n".join(chunk) + "\n", encoding="utf-8")
        target = (folder / f"out_{index}.jsonl").open("w", encoding="utf-8")
        procs.append((subprocess.Popen(
            [str(REPO / ".venv" / "bin" / "sitrep"), "extract", str(source), "--format", "jsonl"],
            stdout=target, stderr=subprocess.DEVNULL), target))
    for proc, target in procs:
        proc.wait()
        target.close()
    merged = folder / "pred.jsonl"
    with merged.open("w", encoding="utf-8") as out:
        for index in range(workers):
            out.write((folder / f"out_{index}.jsonl").read_text(encoding="utf-8"))
    return merged


def score(input_lines: list[str], gold_lines: list[str], pred: Path, folder: Path) -> Scores:
    """score_notes.py on one part (its own files, so its figures are the part's alone; the
    scorer finds the notes' texts beside the gold file, named as in ../shared)."""
    gold_path, report = folder / "notes_gold.jsonl", folder / "score.json"
    gold_path.write_text("\n".join(gold_lines) + "\n", encoding="utf-8")
    (folder / "notes.jsonl").write_text("\n".join(input_lines) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, str(SCORER), str(gold_path), str(pred), "--examples", "0",
                    "--json", str(report)], check=True, stdout=subprocess.DEVNULL)
    figures = json.loads(report.read_text(encoding="utf-8"))["overall"]
    counts = [len(json.loads(line).get("events") or []) for line in _lines(pred)]
    one = sum(1 for n in counts if n == 1) / max(1, len(gold_lines))
    return Scores(rows=len(gold_lines), figures=figures, one_event_share=one)


def score_parts(limit: int | None = None, workers: int = 2,
                keep: Path | None = None) -> dict[str, Scores]:
    """Run and score both parts; with `keep`, the predictions stay in that folder."""
    result: dict[str, Scores] = {}
    with tempfile.TemporaryDirectory(prefix="sitrep-notes-") as tmp:
        for part, (inputs, golds) in split_rows(limit).items():
            folder = (keep or Path(tmp)) / part
            folder.mkdir(parents=True, exist_ok=True)
            pred = run_sitrep(inputs, folder, workers)
            result[part] = score(inputs, golds, pred, folder)
    return result


EXTRACTION_TARGETS = {"detected": 0.95, "event_type": 0.85, "sub_event_type": 0.75,
                      "fat_exact": 0.88, "actor1": 0.75}
PLACE_TARGETS = {"place25": 0.80, "place100": 0.92, "country": 0.97}
GAP = 0.03  # the most the dev and test figures may differ


def figure_row(name: str, dev: float, test: float, target: float | None, baseline: str = "") -> Row:
    """Test beside dev; met when test reaches the target and dev lies within GAP of it."""
    met = None if target is None else (test >= target and abs(dev - test) <= GAP)
    return Row(name, f"test {test:.3f} / dev {dev:.3f}", baseline,
               "" if target is None else f">= {target}", met)


TRIVIAL_FIELDS = {"event_type": "event_type", "sub_event_type": "sub_event_type",
                  "fat_exact": "fatalities", "actor1": "actor1"}


def trivial_baselines(limit: int | None) -> dict[str, str]:
    """Each field's commonest dev value, given to every test row: what knowing nothing scores."""
    parts = split_rows(limit)
    dev = [json.loads(line) for line in parts["dev"][1]]
    test = [json.loads(line) for line in parts["test"][1]]
    out = {"detected": "1.000 (an event for every note)"}
    for key, field in TRIVIAL_FIELDS.items():
        values = [str(row[field]) for row in dev]
        common = max(set(values), key=values.count)
        share = sum(1 for row in test if str(row[field]) == common) / max(1, len(test))
        out[key] = f"{share:.3f} (always {common!r})"
    return out


def extraction_rows(parts: dict[str, Scores], limit: int | None = None) -> list[Row]:
    """The figures of the issue on real reports: all rows, a miss counted wrong."""
    dev, test = parts["dev"], parts["test"]
    trivial = trivial_baselines(limit)
    rows = [figure_row(key, dev.all_rows(key), test.all_rows(key), target, trivial.get(key, ""))
            for key, target in EXTRACTION_TARGETS.items()]
    rows.append(figure_row("exactly one event per note", dev.one_event_share, test.one_event_share, 0.90))
    return rows


def place_rows(parts: dict[str, Scores]) -> list[Row]:
    """The place figures, on the rows that gave an event."""
    dev, test = parts["dev"], parts["test"]
    return [figure_row(f"{key} (rows with an event)", dev.on_detected(key), test.on_detected(key), target)
            for key, target in PLACE_TARGETS.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, help="only the first N rows of each part")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--keep", type=Path, help="keep the predictions in this folder")
    args = parser.parse_args()
    parts = score_parts(args.limit, args.workers, args.keep)
    sizes = f"dev {parts['dev'].rows} rows, test {parts['test'].rows} rows"
    print_rows(f"ACLED notes, all rows, a miss counted wrong ({sizes}; baseline: the commonest dev value)",
               extraction_rows(parts, args.limit))
    print_rows("ACLED notes, places", place_rows(parts))


if __name__ == "__main__":
    main()
