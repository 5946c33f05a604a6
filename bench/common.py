"""Shared helpers for the benchmarks: result rows and a side-by-side table, the scorer, the gold pages.

Importing it also puts `tests/` on sys.path, for `sitrep_testkit` (synthetic pages,
a loopback Ray cluster): helpers the tests and the benchmarks share, outside the product.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
if str(REPO / "tests") not in sys.path:
    sys.path.append(str(REPO / "tests"))  # sitrep_testkit


@dataclass(frozen=True)
class Row:
    """One figure: ours beside the baseline measured in the same run, and the target."""

    figure: str
    ours: str
    baseline: str
    target: str
    met: bool | None = None  # None when the figure has no pass/fail target


def print_rows(title: str, rows: list[Row]) -> None:
    """Print rows as an aligned table (also readable as Markdown)."""
    print(f"\n## {title}\n")
    header = ("figure", "Sitrep", "baseline (same run)", "target", "met")
    table = [header] + [(r.figure, r.ours, r.baseline, r.target,
                         "" if r.met is None else ("yes" if r.met else "NO")) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for index, line in enumerate(table):
        print("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    sys.stdout.flush()


def load_eval_module(name: str, as_name: str | None = None) -> ModuleType:
    """A module of `../shared/eval/` (`score`, `score_notes`...), imported from its file."""
    spec = importlib.util.spec_from_file_location(as_name or name, SHARED / "eval" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_scorer() -> ModuleType:
    """The project's scorer, `../shared/eval/score.py`."""
    return load_eval_module("score", "sitrep_score")


def gold_documents() -> list[dict[str, Any]]:
    """Every annotated page of `../shared/data/gold/*.jsonl`, in file order."""
    return [json.loads(line) for path in sorted((SHARED / "data" / "gold").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
