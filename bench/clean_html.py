"""HTML cleaning benchmark: Sitrep's `clean_html` beside plain trafilatura, in one run.

    .venv/bin/python bench/clean_html.py [--quick]

1. Body F1 on the article-extraction-benchmark pages (`../shared/data/aeb/`), over
   4-word shingles as that benchmark defines it (per-page TP/FP/FN normalised by
   their sum, precision and recall averaged over pages, F1 from the two means).
2. Pages a second, ours and trafilatura's, timed page by page alternately in CPU
   time of this process (`time.process_time`), so that other work on a shared
   machine neither slows one side more than the other nor counts against it.
3. Comments on trafilatura's comment set (`../shared/data/comments/`): how many of
   the comment snippets are in our comments, how many in trafilatura's, and the
   share of article snippets (`with`) found in the comments; then, for the body,
   the article snippets kept and the comment snippets that leaked into it. The
   baseline is `bare_extraction(include_comments=True)`, body and comments.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SHARED, Row, print_rows
from sitrep.clean.html import clean_html
from sitrep.model import Page, RawPage

AEB = SHARED / "data" / "aeb"
COMMENTS = SHARED / "data" / "comments"
_TOKEN = re.compile(r"\w+")
Counts = tuple[float, float, float]


# --- the AEB metric -------------------------------------------------------------------

def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    """Word n-grams of a text (one short shingle for texts under `size` words)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + size]) for i in range(max(1, len(tokens) - size + 1))
                   if tokens[i:i + size])


def shingle_counts(true: str, pred: str) -> Counts:
    """TP, FP, FN over shingles (with multiplicity), normalised to sum to 1."""
    gold, guess = shingles(true), shingles(pred)
    tp = sum((gold & guess).values())
    fp = sum((guess - gold).values())
    fn = sum((gold - guess).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def aeb_f1(counts: list[Counts]) -> tuple[float, float, float]:
    """F1, precision, recall as the benchmark's evaluate.py computes them."""
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    return 2 * precision * recall / (precision + recall), precision, recall


# --- running both -----------------------------------------------------------------------

def _ours(page_id: str, html: str) -> Page:
    return clean_html(RawPage(id=page_id, html=html, origin=page_id))


def _timed(run: Callable[[], object]) -> tuple[object, float]:
    start = time.process_time()
    result = run()
    return result, time.process_time() - start


def measure_aeb(quick: bool) -> list[Row]:
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:: 3 if quick else 1]
    ours: list[Counts] = []
    theirs: list[Counts] = []
    our_seconds = their_seconds = 0.0
    for page_id in ids:
        with gzip.open(AEB / "html" / f"{page_id}.html.gz", "rt", encoding="utf8") as handle:
            html = handle.read()
        gold = truth[page_id].get("articleBody", "")
        page, seconds = _timed(lambda html=html, page_id=page_id: _ours(page_id, html))
        our_seconds += seconds
        text, seconds = _timed(lambda html=html: trafilatura.extract(html, include_comments=False))
        their_seconds += seconds
        ours.append(shingle_counts(gold, page.body if isinstance(page, Page) else ""))
        theirs.append(shingle_counts(gold, text if isinstance(text, str) else ""))
    f1, precision, recall = aeb_f1(ours)
    base_f1, base_precision, base_recall = aeb_f1(theirs)
    our_rate, their_rate = len(ids) / our_seconds, len(ids) / their_seconds
    return [
        Row(f"AEB body F1, 4-word shingles ({len(ids)} pages)", f"{f1:.3f}",
            f"{base_f1:.3f} trafilatura.extract", ">= trafilatura", f1 >= base_f1 - 0.0005),
        Row("AEB body precision / recall", f"{precision:.3f} / {recall:.3f}",
            f"{base_precision:.3f} / {base_recall:.3f}", "", None),
        Row("AEB pages per CPU second (ours with metadata and comments)", f"{our_rate:.1f}",
            f"{their_rate:.1f} trafilatura.extract", ">= 80% of baseline",
            our_rate >= 0.8 * their_rate),
        Row("AEB speed ratio ours / trafilatura", f"{our_rate / their_rate:.2f}", "1.00", ">= 0.80",
            our_rate >= 0.8 * their_rate),
    ]


def _norm(text: str) -> str:
    return " ".join(text.split())


def measure_comments(quick: bool) -> list[Row]:
    cases = json.loads((COMMENTS / "evaldata.json").read_text(encoding="utf-8"))
    pages = [case for case in cases.values() if (COMMENTS / case["file"]).exists()]
    pages = pages[:: 3 if quick else 1]
    found = their_found = total = moved = their_moved = articles = 0
    kept = their_kept = leaked = their_leaked = 0
    for case in pages:
        html = (COMMENTS / case["file"]).read_bytes().decode("utf-8", errors="replace")
        page = _ours(case["file"], html)
        ours = _norm(" ".join(f"{c.author or ''} {c.text}" for c in page.comments))
        extracted = trafilatura.bare_extraction(html, include_comments=True)
        theirs = _norm(extracted.comments or "") if extracted is not None else ""
        our_body = _norm(page.body)
        their_body = _norm(extracted.text or "") if extracted is not None else ""
        snippets = [_norm(s) for s in case.get("comments", [])]
        total += len(snippets)
        found += sum(1 for s in snippets if s in ours)
        their_found += sum(1 for s in snippets if s in theirs)
        leaked += sum(1 for s in snippets if s in our_body)
        their_leaked += sum(1 for s in snippets if s in their_body)
        article = [_norm(s) for s in case.get("with", [])]
        articles += len(article)
        moved += sum(1 for s in article if s in ours)
        their_moved += sum(1 for s in article if s in theirs)
        kept += sum(1 for s in article if s in our_body)
        their_kept += sum(1 for s in article if s in their_body)
    return [
        Row(f"comment snippets in comments (of {total}, {len(pages)} pages)", str(found),
            f"{their_found} trafilatura", "> trafilatura", found > their_found),
        Row(f"article snippets moved into comments (of {articles})",
            f"{moved} ({100 * moved / max(1, articles):.1f}%)",
            f"{their_moved} ({100 * their_moved / max(1, articles):.1f}%)", "< 2%",
            moved < 0.02 * articles),
        Row(f"article snippets kept in the body (of {articles})", str(kept), f"{their_kept}",
            "", None),
        Row(f"comment snippets leaked into the body (of {total})", str(leaked), f"{their_leaked}",
            "", None),
    ]


def measure(quick: bool = False) -> list[Row]:
    """All HTML figures, ours beside trafilatura's, measured in this run."""
    return measure_aeb(quick) + measure_comments(quick)


if __name__ == "__main__":
    print_rows("HTML pages (AEB, trafilatura comments set)", measure(quick="--quick" in sys.argv))
