"""Text-page cleaning benchmark: Sitrep's line classifier beside C4's line rules, in one run.

    .venv/bin/python bench/clean_text.py [--quick]     (or through bench/clean.py)

Figures:
- on the gold pages (`../shared/data/gold/*.jsonl`), scored by `../shared/eval/score.py`:
  boilerplate F1, comment-author F1, title accuracy, first/last body paragraph;
- on the AEB pages (`../shared/data/aeb/`) turned into plain text (all visible text,
  resiliparse with `main_content=False`): token F1 and 4-word-shingle F1 of the
  body against the ground-truth `articleBody`, averaged over pages;
- pages per second on one core: on the gold pages (text pages as a scraper
  hands them over, the target) and on the AEB whole-page texts (navigation,
  teasers and footers included, about ten times longer).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from c4_rules import c4_clean
from common import REPO, SHARED, Row, gold_documents, load_scorer, print_rows

sys.path.insert(0, str(REPO / "src"))

from sitrep.clean.text import clean_text
from sitrep.model import RawPage

GOLD = SHARED / "data" / "gold"
AEB = SHARED / "data" / "aeb"
_TOKEN = re.compile(r"\w+")
Prediction = dict[str, Any]


def ours(text: str) -> Prediction:
    """Sitrep's cleaning of one text, in the JSON shape the scorer reads."""
    page = clean_text(RawPage(id="bench", text=text))
    return {"title": page.title, "body": page.body, "boilerplate": [b.text for b in page.boilerplate],
            "comments": [c.to_json() for c in page.comments]}


def c4(text: str) -> Prediction:
    """C4's line rules as a cleaner: kept lines are the body, the other lines boilerplate."""
    kept = c4_clean(text)
    remaining = Counter(kept)
    dropped = []
    for line in (raw.strip() for raw in text.split("\n")):
        if line and remaining[line] > 0:
            remaining[line] -= 1
        elif line:
            dropped.append(line)
    return {"title": None, "body": "\n\n".join(kept), "boilerplate": dropped, "comments": []}


def aeb_texts(limit: int | None = None) -> list[tuple[str, str]]:
    """(plain text of the whole page, ground-truth article body) for each AEB page."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    pairs = []
    for path in sorted((AEB / "html").glob("*.html.gz"))[:limit]:
        key = path.name.removesuffix(".html.gz")
        if key not in truth:
            continue
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        text = extract_plain_text(HTMLTree.parse(html), main_content=False, alt_texts=False, links=False,
                                  form_fields=False, noscript=False)
        pairs.append((text, truth[key]["articleBody"] or ""))
    return pairs


def overlap_f1(predicted: list[str], expected: list[str]) -> float:
    """F1 of two multisets of tokens (or shingles)."""
    common = sum((Counter(predicted) & Counter(expected)).values())
    if not predicted and not expected:
        return 1.0
    if not common:
        return 0.0
    precision, recall = common / len(predicted), common / len(expected)
    return 2 * precision * recall / (precision + recall)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def shingles(text: str, size: int = 4) -> list[str]:
    words = tokens(text)
    return [" ".join(words[i:i + size]) for i in range(max(0, len(words) - size + 1))]


def pages_per_second(clean: Callable[[str], object], texts: list[str], seconds: float) -> float:
    """How many texts a cleaner gets through per CPU second (this process, one core), timed over at
    least `seconds` of CPU time: CPU time, unlike wall time, is not inflated by other jobs on a
    shared machine."""
    done, started = 0, time.process_time()
    while True:
        for text in texts:
            clean(text)
        done += len(texts)
        elapsed = time.process_time() - started
        if elapsed >= seconds:
            return done / elapsed


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def gold_rows(scorer: ModuleType) -> list[Row]:
    documents = gold_documents()
    figures = {}
    for name, cleaner in (("ours", ours), ("c4", c4)):
        predictions = {doc["id"]: {"id": doc["id"], **cleaner(doc["text"])} for doc in documents}
        figures[name] = scorer.score(documents, predictions)
    targets = (("boilerplate_f1", "boilerplate F1", 0.95), ("comment_author_f1", "comment-author F1", 0.95),
               ("title_acc", "title accuracy", 0.95), ("body_first_acc", "body first paragraph", 0.9),
               ("body_last_acc", "body last paragraph", 0.9))
    label = f"gold ({len(documents)} pages): "
    return [Row(label + text, _fmt(figures["ours"][key]), _fmt(figures["c4"][key]) + " (C4 rules)",
                f">= {target}", figures["ours"][key] >= target) for key, text, target in targets]


def aeb_rows(pairs: list[tuple[str, str]]) -> list[Row]:
    rows = []
    for label, split in (("token F1", tokens), ("4-word-shingle F1", shingles)):
        ours_f1 = sum(overlap_f1(split(ours(text)["body"]), split(truth)) for text, truth in pairs)
        ours_f1 /= len(pairs)
        c4_f1 = sum(overlap_f1(split("\n".join(c4_clean(text))), split(truth)) for text, truth in pairs)
        c4_f1 /= len(pairs)
        met = ours_f1 >= c4_f1 + 0.05 if label == "token F1" else None
        rows.append(Row(f"AEB as plain text ({len(pairs)} pages): body {label}", _fmt(ours_f1),
                        _fmt(c4_f1) + " (C4 rules)", "clearly above C4 (+0.05)" if met is not None else "",
                        met))
    return rows


def speed_rows(label: str, texts: list[str], seconds: float, target: bool) -> list[Row]:
    """Pages per second of our cleaner and of C4's rules on the same texts, one process (one core)."""
    ours_speed = pages_per_second(lambda text: clean_text(RawPage(id="bench", text=text)), texts, seconds)
    c4_speed = pages_per_second(c4_clean, texts, seconds)
    size = sum(len(text) for text in texts) / len(texts) / 1000
    return [Row(f"speed, one core, {label} (mean {size:.1f} k chars): pages per CPU s", f"{ours_speed:,.0f}",
                f"{c4_speed:,.0f} (C4 rules; ours x{ours_speed / c4_speed:.2f})",
                ">= 1,000" if target else "", ours_speed >= 1000 if target else None)]


def measure(quick: bool = False) -> list[Row]:
    """All text-cleaning figures, ours beside C4's line rules."""
    scorer = load_scorer()
    pairs = aeb_texts(limit=40 if quick else None)
    seconds = 1.0 if quick else 3.0
    return (gold_rows(scorer) + aeb_rows(pairs)
            + speed_rows("gold text pages", [doc["text"] for doc in gold_documents()], seconds, target=True)
            + speed_rows("AEB whole-page text", [text for text, _ in pairs], seconds, target=False))


if __name__ == "__main__":
    print_rows("Text pages (gold pages, AEB as plain text)", measure(quick="--quick" in sys.argv))
