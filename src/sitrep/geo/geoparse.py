"""`sitrep geoparse`: find and resolve the place names of plain texts (JSONL in, JSONL out).

Each input line has `id`, `text` and optionally `toponyms` (`start`, `end`).
With `given_spans` only those spans are resolved (the resolution-only task of
the geoparsing benchmarks); otherwise Sitrep finds the names itself. A line
that cannot be read or resolved is reported and yields an empty answer; it
never stops the file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sitrep.geo.context import dateline_names, page_context
from sitrep.geo.gazetteer import Gazetteer, gazetteer
from sitrep.geo.recognize import recognize_toponyms
from sitrep.geo.resolve import PageHints, Resolution, qualified_names, resolve_names
from sitrep.geo.types import Toponym

ReportError = Callable[[str], None]
__all__ = ["Toponym", "geoparse_lines", "given_toponyms", "page_context", "resolve_toponyms", "write_results"]


def resolve_toponyms(text: str, toponyms: list[Toponym], gaz: Gazetteer | None = None,
                     context: PageHints | None = None) -> list[Resolution | None]:
    """The place of each toponym of a text, in context (None where unresolved)."""
    gaz = gaz or gazetteer()
    context = context if context is not None else page_context(gaz, text)
    names = qualified_names(text, [(t.start, t.end, t.name) for t in toponyms])
    found = resolve_names(gaz, names + dateline_names(text), context, focus_fallback=True)
    return found[:len(names)]


def given_toponyms(record: dict[str, Any]) -> list[Toponym]:
    """The spans an input line gives, clipped to its text; bad spans are skipped."""
    text = str(record.get("text") or "")
    spans = []
    for item in record.get("toponyms") or []:
        try:
            start, end = int(item["start"]), int(item["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= start < end <= len(text):
            spans.append(Toponym(start, end, text[start:end]))
    return spans


def geoparse_record(record: dict[str, Any], given_spans: bool) -> dict[str, Any]:
    """One output line for one input line."""
    text = str(record.get("text") or "")
    toponyms = given_toponyms(record) if given_spans else recognize_toponyms(text)
    resolutions = resolve_toponyms(text, toponyms)
    return {"id": record.get("id"), "toponyms": [_toponym_json(t, r) for t, r in
                                                 zip(toponyms, resolutions, strict=True)]}


def _toponym_json(toponym: Toponym, resolution: Resolution | None) -> dict[str, Any]:
    place = resolution.place if resolution else None
    return {"start": toponym.start, "end": toponym.end, "text": toponym.name,
            "name": place.name if place else None,
            "lat": round(place.lat, 5) if place else None, "lon": round(place.lon, 5) if place else None,
            "geonameid": place.id if place and place.id > 0 else None,
            "country": place.iso3 if place else None,
            "feature": place.kind if place else None,
            "resolved": place is not None and not (resolution and resolution.fallback),
            "fallback": bool(resolution and resolution.fallback)}


def geoparse_lines(lines: Iterable[str], given_spans: bool, report: ReportError) -> Iterator[dict[str, Any]]:
    """Geoparse JSONL lines; a bad line is reported and answered with no toponyms."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record: dict[str, Any] = {}
        try:
            loaded = json.loads(line)
            record = loaded if isinstance(loaded, dict) else {}
            if not record:
                raise ValueError("not a JSON object")
            yield geoparse_record(record, given_spans)
        except Exception as error:  # one bad line never stops the file
            report(f"line {number} ({record.get('id', '?')}): geoparse: {type(error).__name__}: {error}")
            yield {"id": record.get("id"), "toponyms": [], "error": str(error)}


def write_results(results: Iterable[dict[str, Any]], format: str = "jsonl") -> None:
    """JSON lines, or (format "table") one readable line a toponym."""
    for result in results:
        if format == "jsonl":
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            continue
        for toponym in result["toponyms"]:
            where = (f"{toponym['name']}, {toponym['country']} ({toponym['lat']}, {toponym['lon']})"
                     if toponym["lat"] is not None else "unresolved")
            note = " [page focus]" if toponym.get("fallback") else ""
            sys.stdout.write(f"{result['id']}\t{toponym['start']}-{toponym['end']}\t{toponym['text']}"
                             f"\t{where}{note}\n")
