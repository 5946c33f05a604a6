"""Toponym recognition: which stretches of a text name places.

Three sources, merged without overlaps (longest first):
1. spaCy's entities GPE, LOC and FAC, trimmed ("the Gaza Strip's" -> "Gaza Strip");
2. NORP entities that are a country's or region's demonym ("Syrian" -> Syria);
3. place names inside other names and capitalised proper nouns the model missed,
   kept only when the gazetteer knows them as a prominent place (a country, a
   province, a region or a town of 15,000 people under its main name), never
   inside a person's name and never a common word at a sentence's start.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

from sitrep.geo.gazetteer import Gazetteer, GazetteerEntry, gazetteer
from sitrep.geo.types import Toponym

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
BLOCKING_LABELS = frozenset({"PERSON", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL",
                             "ORDINAL", "LANGUAGE"})
MAX_NGRAM = 4
PROMINENT_TOWN = 15_000
MAX_TEXT = 1_000_000


def recognize_toponyms(text: str) -> list[Toponym]:
    """The place names of a plain text, by character offsets."""
    from sitrep.nlp import parse_text

    if not text.strip():
        return []
    return toponyms_in_doc(parse_text(text[:MAX_TEXT]), gazetteer())


def toponyms_in_doc(doc: Doc, gaz: Gazetteer) -> list[Toponym]:
    """Place names of a parsed text; offsets are character offsets into `doc.text`."""
    found: list[Toponym] = []
    for span in _entity_places(doc, gaz):
        found.append(Toponym(span.start_char, span.end_char, span.text))
    for span in _gazetteer_names(doc, gaz):
        found.append(Toponym(span.start_char, span.end_char, span.text))
    return _without_overlaps(found)


def _entity_places(doc: Doc, gaz: Gazetteer) -> Iterator[Span]:
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            span = _trim(ent)
            if span is not None and (ent.label_ != "FAC" or gaz.lookup(span.text)):
                yield span
        elif ent.label_ == "NORP":
            span = _trim(ent)
            if span is not None and any(c.quality == 0 for c in gaz.lookup(span.text)):
                yield span


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or (doc[end - 1].is_punct
                           and doc[end - 1].text != ".")):
        end -= 1
    if end <= start or not any(t.text[:1].isupper() for t in doc[start:end]):
        return None
    return doc[start:end]


def _gazetteer_names(doc: Doc, gaz: Gazetteer) -> Iterator[Span]:
    """Capitalised n-grams outside place entities that name a prominent place."""
    placed = PLACE_LABELS | {"NORP"}
    covered = {i for ent in doc.ents if ent.label_ in placed for i in range(ent.start, ent.end)}
    blocked = {i for ent in doc.ents if ent.label_ in BLOCKING_LABELS for i in range(ent.start, ent.end)}
    i = 0
    while i < len(doc):
        if i in covered or i in blocked or not _capitalised(doc, i):
            i += 1
            continue
        match = _longest_place(doc, i, covered | blocked, gaz)
        if match is None:
            i += 1
            continue
        yield match
        i = match.end


def _capitalised(doc: Doc, i: int) -> bool:
    token = doc[i]
    return token.text[:1].isupper() and token.is_alpha and not token.is_stop


def _longest_place(doc: Doc, start: int, excluded: set[int], gaz: Gazetteer) -> Span | None:
    for size in range(MAX_NGRAM, 0, -1):
        end = start + size
        if end > len(doc) or any(i in excluded or not _capitalised(doc, i) for i in range(start, end)):
            continue
        span = doc[start:end]
        if size == 1 and (doc[start].is_sent_start or doc[start].pos_ != "PROPN"):
            continue
        if any(_prominent(c) for c in gaz.lookup(span.text)):
            return span
    return None


def _prominent(candidate: GazetteerEntry) -> bool:
    if candidate.quality < 2 and candidate.quality != 0:
        return False
    if candidate.kind in ("country", "continent", "region", "adm1"):
        return True
    return candidate.kind == "city" and candidate.population >= PROMINENT_TOWN


def _without_overlaps(toponyms: list[Toponym]) -> list[Toponym]:
    kept: list[Toponym] = []
    for toponym in sorted(toponyms, key=lambda t: (-(t.end - t.start), t.start)):
        if all(toponym.end <= other.start or toponym.start >= other.end for other in kept):
            kept.append(toponym)
    return sorted(kept, key=lambda t: t.start)
