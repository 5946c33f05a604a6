"""Extraction benchmark: events on the gold pages and speed against spaCy alone, in one run.

    .venv/bin/python bench/extract.py [--rounds N]

Accuracy: every gold page (../shared/data/gold/*.jsonl) goes through the whole
pipeline in-process (`read_page`), and the output is scored by the project's
scorer (../shared/eval/score.py, loaded with importlib). The baseline, run on
the same pages, is the naive reading: one event per sentence holding an event
word, typed by that word alone, dated by the publication date, no merge.
Because the scorer needs coordinates, a second line scores events on type and
date only (places ignored), which shows the extraction apart from geocoding.

Real reports: `bench/notes.py` runs the ACLED-coded notes (split 80/20 dev/test by a
hash of id) through `sitrep extract` and prints test beside dev (skip with --no-notes).

Speed: words per second of the whole pipeline (reading to events) beside the
words per second of the spaCy model alone on the same texts, and the peak
memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from langdetect import detect

import notes
from common import Row, gold_documents, load_scorer, print_rows
from sitrep.clean import clean_page
from sitrep.extract import extract_mentions, lexicon, triggers
from sitrep.geo import locate_mentions
from sitrep.model import RawPage
from sitrep.nlp import language, parse_body
from sitrep.pipeline import read_page

TARGETS = {"event_f1": 0.75, "matched_sub_event_type_acc": 0.80, "matched_fatalities_acc": 0.85,
           "matched_actor1_acc": 0.80, "matched_certainty_acc": 0.80, "matched_date_exact_acc": 0.85}


def raw_page(gold: dict[str, Any]) -> RawPage:
    return RawPage(id=gold["id"], text=gold["text"], published=date.fromisoformat(gold["published"]))


def sitrep_output(golds: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {g["id"]: read_page(raw_page(g)).to_json() for g in golds}


def naive_output(golds: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One event per sentence with an event word, its default type, the publication date."""
    cues = lexicon.cues()
    out: dict[str, dict[str, Any]] = {}
    for gold in golds:
        page = clean_page(raw_page(gold))
        doc = parse_body(page)
        events = []
        for hit in triggers.find_hits(doc):
            cue = cues[min(hit.labels, key=lambda label: cues[label].rank)]
            events.append({"event_type": cue.event_type, "sub_event_type": cue.sub_event_type,
                           "event_date": gold["published"], "fatalities": 0, "actor1": None,
                           "certainty": "reported", "latitude": None, "longitude": None,
                           "country": None})
        out[gold["id"]] = {"events": _one_per_sentence(events, doc, hits=triggers.find_hits(doc))}
    return out


def _one_per_sentence(events: list[dict[str, Any]], doc: Any, hits: list[triggers.Hit]) -> list[Any]:
    seen, kept = set(), []
    for event, hit in zip(events, hits, strict=True):
        sentence = doc[hit.start].sent.start
        if sentence not in seen:
            seen.add(sentence)
            kept.append(event)
    return kept


def without_places(output: dict[str, dict[str, Any]], golds: list[dict[str, Any]]) -> tuple[
        list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Gold and output with places blanked, so events match on type and date only."""
    blank = {"latitude": None, "longitude": None, "country": None}
    golds2 = [{**g, "gold": {**g["gold"], "events": [{**e, **blank} for e in g["gold"]["events"]]}}
              for g in golds]
    out2 = {k: {**v, "events": [{**e, **blank} for e in v.get("events", [])]} for k, v in output.items()}
    return golds2, out2


def accuracy_rows(scorer: ModuleType, golds: list[dict[str, Any]]) -> list[Row]:
    ours, naive = sitrep_output(golds), naive_output(golds)
    real, real_naive = scorer.score(golds, ours), scorer.score(golds, naive)
    loose = scorer.score(*without_places(ours, golds))
    loose_naive = scorer.score(*without_places(naive, golds))
    rows = [Row("events gold / predicted / matched",
                f"{real['events_gold']} / {real['events_pred']} / {real['events_matched']}",
                f"{real_naive['events_gold']} / {real_naive['events_pred']} / {real_naive['events_matched']}",
                "")]
    for key, target in TARGETS.items():
        rows.append(Row(key, f"{real[key]:.3f}", f"{real_naive[key]:.3f}", f">= {target}",
                        real[key] >= target))
    rows.append(Row("place within 25 km (matched)", f"{real['matched_place_25km_acc']:.3f}",
                    f"{real_naive['matched_place_25km_acc']:.3f}", ""))
    for key, target in TARGETS.items():
        rows.append(Row(f"{key} (type+date only, no places)", f"{loose[key]:.3f}",
                        f"{loose_naive[key]:.3f}", f">= {target}", loose[key] >= target))
    return rows


def speed_rows(golds: list[dict[str, Any]], rounds: int) -> list[Row]:
    """Both sides are charged the words of the bodies: spaCy alone parses each body, the
    pipeline reads each raw page (clean, parse, extract, geocode), one page at a time as
    `read_page` does. The two alternate page by page, so a busy machine slows both alike."""
    raws = [raw_page(g) for g in golds]
    bodies = [clean_page(raw).body for raw in raws]
    words = sum(len(body.split()) for body in bodies)
    nlp = language()
    read_page(raws[0])  # warm up: model, matchers, lexicons, and langdetect's profiles
    detect("Des hommes armés ont enlevé quinze agriculteurs dans le village mardi.")
    model_seconds = pipeline_seconds = 0.0
    for _ in range(rounds):
        for raw, body in zip(raws, bodies, strict=True):
            start = time.perf_counter()
            nlp(body)
            middle = time.perf_counter()
            read_page(raw)
            pipeline_seconds += time.perf_counter() - middle
            model_seconds += middle - start
    model_rate = words * rounds / model_seconds
    pipeline_rate = words * rounds / pipeline_seconds
    stages = _stage_seconds(raws)
    without_geo = words / (stages["clean"] + stages["nlp"] + stages["extract"])
    spacy_once = words / stages["spacy alone"]
    ratio = pipeline_rate / model_rate
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [Row("words/s, reading to events", f"{pipeline_rate:,.0f}",
                f"{model_rate:,.0f} (spaCy alone)", ""),
            Row("speed ratio pipeline / spaCy alone", f"{ratio:.2f}", "1.00", ">= 0.70", ratio >= 0.70),
            Row("speed ratio without geocoding (clean, nlp, extract)",
                f"{without_geo / spacy_once:.2f}", "1.00", ""),
            Row("seconds by stage: clean / nlp / extract / geocode",
                " / ".join(f"{stages[k]:.1f}" for k in ("clean", "nlp", "extract", "geocode")),
                f"{stages['spacy alone']:.1f} (spaCy alone)", ""),
            Row("peak memory (MB)", f"{peak_mb:,.0f}", "", "< 1536", peak_mb < 1536)]


def _stage_seconds(raws: list[RawPage]) -> dict[str, float]:
    """Seconds each stage of `read_page` takes over the pages, and spaCy alone on the bodies."""
    seconds = dict.fromkeys(("clean", "nlp", "extract", "geocode", "spacy alone"), 0.0)
    nlp = language()
    for raw in raws:
        start = time.perf_counter()
        page = clean_page(raw)
        cleaned = time.perf_counter()
        nlp(page.body)
        alone = time.perf_counter()
        doc = parse_body(page)
        parsed = time.perf_counter()
        mentions = extract_mentions(page, doc)
        extracted = time.perf_counter()
        locate_mentions(page, doc, mentions)
        located = time.perf_counter()
        for stage, took in (("clean", cleaned - start), ("spacy alone", alone - cleaned),
                            ("nlp", parsed - alone), ("extract", extracted - parsed),
                            ("geocode", located - extracted)):
            seconds[stage] += took
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2, help="passes over the pages for the speed figures")
    parser.add_argument("--no-notes", action="store_true", help="skip the real ACLED notes (about 3 minutes)")
    args = parser.parse_args()
    if not args.no_notes:
        parts = notes.score_parts()
        sizes = f"dev {parts['dev'].rows} rows, test {parts['test'].rows} rows"
        print_rows(f"Real ACLED notes, all rows, a miss counted wrong ({sizes}; test beside dev; "
                   "baseline: the commonest dev value)", notes.extraction_rows(parts))
        print_rows("Real ACLED notes, places (rows with an event)", notes.place_rows(parts))
    golds = gold_documents()
    scorer = load_scorer()
    print_rows(f"Events on {len(golds)} gold pages (scored by ../shared/eval/score.py; "
               "baseline: one event per sentence with an event word)", accuracy_rows(scorer, golds))
    print_rows("Speed and memory (same pages)", speed_rows(golds, args.rounds))


if __name__ == "__main__":
    main()
