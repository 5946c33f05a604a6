"""Where: the toponym an event happened at, and the country the text points to.

Candidates are the sentence's place entities (GPE, LOC, FAC) and capitalised
proper nouns after a locative preposition ("in", "near", "outskirts of"),
minus countries, nationalities, named actors, months and weekdays. The one
nearest the trigger in the parse tree wins; coordinated places ("Idlib city,
Sarmin and Ariha") each make their own event. Without a place in the
sentence: the paragraph's entry header ("Goma, 25 July:"), then the page's
dateline ("KRAMATORSK, Ukraine, April 8 -"). Words such as "near",
"outskirts", "countryside" or "province" become `place_qualifier` for the
geocoder (precision 2 or 3).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitrep.dateline import find_dateline
from sitrep.extract import lexicon
from sitrep.extract.actors import Actor
from sitrep.placewords import across_border, leading, organisation_words

_LOCATIVE = frozenset({"in", "at", "near", "outside", "around", "into", "of", "on", "across", "inside",
                       "towards", "toward", "from", "to", "between", "within", "throughout", "along",
                       "above", "below", "beyond", "off", "past", "through"})
_NEAR = frozenset({"near", "outside", "around", "outskirts", "close", "km", "kilometres", "kilometers",
                   "miles", "north", "south", "east", "west", "northeast", "northwest", "southeast",
                   "southwest", "north-east", "north-west", "south-east", "south-west", "edge",
                   "vicinity", "countryside", "nearby", "district", "suburb", "suburbs"})
_WIDE = frozenset({"province", "region", "governorate", "state", "oblast", "county", "territory",
                   "department", "prefecture", "regency", "lga", "raion", "rayon", "subdistrict",
                   "sub-district", "commune", "municipality", "division", "zone"})
_TAKING_VERBS = frozenset({"capture", "seize", "take", "enter", "overrun", "storm", "hit", "strike",
                           "shell", "retake", "recapture", "bomb", "leave", "reach", "besiege",
                           "surround", "encircle", "attack", "raid", "liberate", "pound"})
_WHERE = frozenset({"in", "at", "near", "inside", "within", "across", "throughout", "around", "outside"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "npadvmod", "nmod", "poss"})
_TOWN_PARTS = frozenset({"district", "neighbourhood", "neighborhood", "suburb", "quarter"})
_CONNECTORS = frozenset({"de", "del", "da", "do", "la", "el", "al", "ash", "as", "ad", "an", "ar",
                         "at", "az", "bin", "ibn", "abu", "di", "du", "des", "van", "von"})
_PEOPLE = frozenset().union(*(lexicon.words(kind) for kind in ("person", "civilian", "protester",
                                                               "mob", "rioter")))
_METONYMY_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})  # "Moscow announced", "Kyiv's troops"
_CALENDAR_WORDS = frozenset(  # month and day names and their abbreviations ("On 30 Apr 2020")
    word for names in (calendar.month_name, calendar.month_abbr, calendar.day_name, calendar.day_abbr)
    for word in names if word) | {"Sept"}
_NOT_PLACES = _CALENDAR_WORDS | frozenset({"God", "Allah", "UN", "EU", "The", "A", "An", "President",
                                           "Minister", "General"})


@dataclass(frozen=True)
class PlaceChoice:
    """A toponym in the body (token range), with its qualifier and country."""

    start_char: int  # offsets into page.body
    end_char: int
    text: str
    qualifier: str | None = None
    country: str | None = None


def candidates(sentence: Span, actors: list[Actor], people: frozenset[str] = frozenset(),
               ents: list[Span] | None = None) -> list[Span]:
    """Place names of a sentence, as token spans (never a surname in `people`).

    `ents` are the sentence's entities when the caller has them (Span.ents scans the
    whole Doc, which makes reading a long body quadratic)."""
    actor_tokens = {i for a in actors for i in range(a.start, a.end)}
    taken: set[int] = set()
    found = _entity_places(sentence.ents if ents is None else ents, actor_tokens, taken)
    for token in sentence:
        span = _proper_noun_place(token, taken)
        if span is not None and _usable(span, actor_tokens) \
                and not taken.intersection(range(span.start, span.end)):
            found.append(span)
            taken.update(range(span.start, span.end))
    found = [_bracketed_name(s) for s in found]
    return sorted((s for s in found if s.text not in people), key=lambda s: s.start)


def _entity_places(ents: Sequence[Span], actor_tokens: set[int], taken: set[int]) -> list[Span]:
    """The entities that name places (not a city standing for its government: "Moscow said",
    nor an agent: "by Kyiv"); their tokens join `taken`."""
    found: list[Span] = []
    for ent in ents:
        if ent.label_ not in ("GPE", "LOC", "FAC") or ent.root.dep_ in _METONYMY_DEPS \
                or (ent.root.dep_ == "pobj" and ent.root.head.lower_ == "by"):
            continue
        name = _trim(ent)
        if name is not None and _usable(name, actor_tokens):
            found.append(name)
            taken.update(range(ent.start, ent.end))
    return found


def _proper_noun_place(token: Token, taken: set[int]) -> Span | None:
    """The name a capitalised proper noun the model did not tag heads, where its place in the
    clause makes it a place: after a locative preposition, or naming a place noun after it."""
    if token.i in taken or token.pos_ != "PROPN" or not token.text[:1].isupper():
        return None
    if token.dep_ == "compound" and token.head.pos_ == "PROPN":
        return None  # the head of the name collects it
    if not (_names_place_noun(token) or _after_locative(token)):
        return None
    doc = token.doc
    name = _name_span(token)
    if name.start >= 2 and doc[name.start - 1].text == "(" and doc[name.start - 2].pos_ == "PROPN" \
            and not any(c.isdigit() for c in doc[name.start - 2].text):
        name = _name_span(doc[name.start - 2])  # "leaving Izium (Izyum)": the first spelling
    return _trim(name)


def _names_place_noun(token: Token) -> bool:
    """"in the Zakho district", "on the Kharkiv TEC-5 thermal power plant": a proper noun
    naming the place noun it qualifies."""
    head = token.head
    return token.dep_ == "compound" and head.text.islower() and _after_locative(head) \
        and (head.lemma_.lower() in lexicon.words("place") or _leads_phrase(token))


def _bracketed_name(span: Span) -> Span:
    """"the T4 (Tiyas) air base": a coded name gives way to the name in brackets after it."""
    doc = span.doc
    if not any(c.isdigit() for c in span.text) or span.end + 2 >= len(doc) or doc[span.end].text != "(":
        return span
    close = next((t.i for t in doc[span.end + 1:min(len(doc), span.end + 6)] if t.text == ")"), None)
    inner = doc[span.end + 1:close] if close is not None else None
    if inner is not None and len(inner) and all(t.pos_ == "PROPN" or t.text == "-" for t in inner):
        return inner
    return span


def _leads_phrase(token: Token) -> bool:
    """Whether a proper noun opens its noun phrase (after the article): "the Kasindi border post"."""
    first = token.head.left_edge
    if first.lower_ in ("the", "a", "an"):
        first = token.doc[first.i + 1]
    return first.i == token.i


def _trim(span: Span) -> Span | None:
    """The town part of a name: no leading article, no possessive, no facility words."""
    doc = span.doc
    start = span.start + 1 if doc[span.start].lower_ == "the" else span.start
    end = _before_facility_word(doc, start, span.end)
    while end > start and _trailing_noise(doc[end - 1], end - 1 > start):
        end -= 1  # "Pazigyi village" is Pazigyi
    if end <= start:
        return None
    if start > 0 and doc[start - 1].text == "(" and not (
            start > 1 and any(c.isdigit() for c in doc[start - 2].text)):
        return None  # an alternative spelling in brackets (but "T4 (Tiyas)" names the place)
    if any(t.lower_ in lexicon.words("notplace") for t in doc[start:end]):
        return None
    return doc[start:end]


def _before_facility_word(doc: Doc, start: int, end: int) -> int:
    """Where a facility word after the name's first word cuts it ("Homs Military Academy")."""
    facility = lexicon.words("facility")
    return next((t.i for t in doc[start + 1:end] if t.lower_ in facility), end)


def _trailing_noise(token: Token, not_first: bool) -> bool:
    """A possessive, punctuation, or a lower-case place noun ending a name."""
    if token.lower_ in ("'s", "’s", "'", "’") or token.is_punct:
        return True
    return not_first and token.text.islower() and token.lower_ in lexicon.words("place")


def person_names(doc: Doc) -> frozenset[str]:
    """Surnames of the people the page names in full ("Andrés Chadwick" gives "Chadwick")."""
    return frozenset(ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
                     and not any(t.lower_ in _LOCATIVE for t in ent))


def _usable(span: Span, actor_tokens: set[int]) -> bool:
    text = span.text.strip()
    if not text or text in _NOT_PLACES or text.isdigit() or span[0].ent_type_ in ("DATE", "TIME"):
        return False
    if is_country(text) or any(t.i in actor_tokens for t in span):
        return False
    if len(span) > 1 and span[-1].lower_ in organisation_words():
        return False  # "the Left Democratic Alliance", "the Popular Front": an organisation
    return not _origin_of_people(span.root) and _not_a_person_or_people(span)


def _not_a_person_or_people(span: Span) -> bool:
    """The small model takes many foreign towns for people, and some for nationalities
    ("Aleppo city" as NORP): a preposition before it, or a proper noun heading it, tells."""
    root = span.root
    if root.ent_type_ == "PERSON" and len(span) > 1:
        return root.dep_ == "pobj" and root.head.lower_ in ("in", "near", "at", "outside", "around", "into")
    return root.ent_type_ != "NORP" or (root.pos_ == "PROPN" and root.dep_ != "amod")


def _origin_of_people(root: Token) -> bool:
    """"many of them from the Hayaniya neighbourhood", "residents from Jenin": where people come
    from, not where the event is ("rockets fired from Gaza" hangs on a verb and stays a place)."""
    while root.dep_ in ("conj", "appos", "compound") and root.head != root:
        root = root.head
    preposition = root.head
    if root.dep_ != "pobj" or preposition.lower_ != "from":
        return False
    people = preposition.head
    return people.pos_ in ("PRON", "ADJ") or people.lemma_.lower() in _PEOPLE


def _after_locative(token: Token) -> bool:
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN") and (
            head.head.lower_ in lexicon.words("facility") | lexicon.words("notplace")
            or head.head.text[:1].isupper()):
        return False  # "Ministry of Health", "University of Nairobi"
    if token.dep_ == "pobj" and head.lower_ in _LOCATIVE:
        return True
    if token.dep_ in ("conj", "appos") and head != token:
        return _after_locative(head)
    return token.dep_ == "dobj" and head.lemma_.lower() in _TAKING_VERBS


def _name_span(token: Token) -> Span:
    """The whole name ending at a proper noun: its proper-noun compounds and hyphens."""
    doc, left = token.doc, token.i
    while left > token.sent.start:
        previous = doc[left - 1]
        joined = previous.text in ("-", "‑") and not previous.whitespace_
        connector = previous.lower_ in _CONNECTORS and left - 2 >= token.sent.start \
            and doc[left - 2].pos_ == "PROPN" and doc[left - 2].text[:1].isupper()
        if (previous.pos_ == "PROPN" and previous.dep_ in ("compound", "punct")) or joined:
            left -= 1
        elif connector:
            left -= 2
        else:
            break
    return doc[left:token.i + 1]


def named_places(places: list[Span]) -> list[Span]:
    """The places a sentence names, without the units they are said to lie in ("X, Y district",
    "X (Y, Z)"): those qualify a place, they are not places of their own."""
    return [p for p in places
            if not _bracketed_after(p) and not any(_hierarchy(other, p) for other in places)]


def choose(trigger: Token, places: list[Span]) -> list[Span]:
    """The places of the event at `trigger`: the nearest in the tree, with its conjuncts."""
    places = named_places(places)
    if not places:
        return []
    best = min(places, key=lambda place: (_tree_distance(trigger, place.root) + _penalty(place),
                                          abs(place.start - trigger.i)))
    group = [best]
    grown = True
    while grown:  # "Idlib city, Sarmin and Ariha": every item of the list, one after another
        grown = False
        for place in places:
            if place in group:
                continue
            if any(place.root.i in {t.i for t in member.root.conjuncts} or _listed_with(member, place)
                   for member in group):
                group.append(place)
                grown = True
    return sorted(group, key=lambda s: s.start)


def _penalty(place: Span) -> int:
    """Names after "city of", "town of" are towns (bonus); seas, regions, parts of a town
    ("the districts of al-Hamdaniyah") and the town a place is described against
    ("Nanterre, a suburb west of Paris") are not (malus)."""
    root = place.root
    if any(c.isdigit() for c in place.text):
        return 3  # "T4": a base's code, its name in brackets is better
    if root.dep_ == "pobj" and root.head.lower_ == "of" and \
            root.head.head.lemma_.lower() in _TOWN_PARTS:
        return 3
    for ancestor in list(root.ancestors)[:4]:
        if ancestor.dep_ == "appos" and ancestor.lemma_.lower() in _NEAR | {"suburb", "outskirts"}:
            return 3
    if root.dep_ == "pobj" and root.head.lower_ == "of" and \
            root.head.head.lemma_.lower() in ("city", "town", "village", "district", "neighbourhood"):
        return -2
    if place.root.ent_type_ == "LOC":
        return 1
    return 0


def _listed_with(first: Span, other: Span) -> bool:
    """Whether two places are items of one list ("Idlib city, Sarmin and Ariha")."""
    doc = first.doc
    low, high = (first, other) if first.start < other.start else (other, first)
    between = doc[low.end:high.start]
    return 0 < len(between) <= 3 and all(t.is_punct or t.lower_ in ("and", "city", "town") for t in between)


_LIST_CONJUNCTIONS = frozenset({"and", "or", "&"})


def _hierarchy(first: Span, other: Span) -> bool:
    """"Zemlianky, Kharkiv", "Bandung city, West Java province": a place and the larger units
    it lies in, named after it with commas only. A list closes with "and" or "or" ("Idlib
    city, Sarmin and Ariha"); a run of commas with no conjunction is a hierarchy, and its
    first name is the place (the geocoder reads the units after it)."""
    doc = first.doc
    if other.start <= first.start:
        return False
    between = doc[first.end:other.start]
    units = lexicon.words("place") | _WIDE
    if not between or not all(t.text == "," or t.lower_ in units for t in between):
        return False
    for token in doc[other.end:min(other.end + 8, other.sent.end)]:
        if token.lower_ in _LIST_CONJUNCTIONS:
            return False
        if not (token.text == "," or token.pos_ == "PROPN" or token.lower_ in units):
            break
    return True


def _bracketed_after(place: Span) -> bool:
    """"<village> (<district>, <province>)": names in brackets after a name qualify it."""
    doc = place.doc
    opening = next((t for t in reversed(doc[place.sent.start:place.start]) if t.text in "()"), None)
    return opening is not None and opening.text == "(" and opening.i > place.sent.start \
        and doc[opening.i - 1].pos_ in ("PROPN", "NOUN")


def _tree_distance(a: Token, b: Token) -> int:
    ancestors_a = {t.i: depth for depth, t in enumerate([a, *a.ancestors])}
    for depth, token in enumerate([b, *b.ancestors]):
        if token.i in ancestors_a:
            return depth + ancestors_a[token.i]
    return 99


def town_part(place: Span) -> bool:
    """Whether a name is a part of a town ("the city's Dniprovskyi district")."""
    root = place.root
    return root.dep_ == "compound" and root.head.lemma_.lower() in _TOWN_PARTS


def qualifier(place: Span) -> str | None:
    """"near" for a place near or part of a town, "region" for a province or larger."""
    doc = place.doc
    before = {t.lower_ for t in doc[max(place.sent.start, place.start - 4):place.start]}
    after = doc[place.end].lower_ if place.end < len(doc) else ""
    of_wide = place.start >= 2 and doc[place.start - 1].lower_ == "of" \
        and doc[place.start - 2].lower_ in _WIDE
    if after in _WIDE or of_wide:  # "Homs province", "the province of Homs"
        return "region"
    if before & _NEAR or after in ("countryside", "outskirts", "area", "district", "suburbs"):
        return "near"
    return None


def is_country(text: str) -> bool:
    """Whether a name is a country (or its demonym)."""
    return country_code(text) is not None


def country_code(text: str) -> str | None:
    """ISO3 of a country name or demonym ("US" only in capitals), else None."""
    return lexicon.country_code(text)


def countries_in(span: Span, names_only: bool = False, ents: list[Span] | None = None) -> list[str]:
    """ISO3 codes of the countries a span names (names, and demonyms unless `names_only`);
    `ents`: the span's entities where the caller has them.

    A country named as where something is ("in northern Yemen") comes first, then other names,
    then nationalities and names used as modifiers ("Saudi-led", "French forces"): the first is
    the likeliest country of the span's event. A country across a border ("near the border with
    Somalia") is where the event is not, and is left out."""
    found: list[tuple[int, int, str]] = []
    for token in span:
        if names_only and token.ent_type_ != "GPE":
            continue
        if token.pos_ in ("PROPN", "ADJ", "NOUN") and token.text[:1].isupper():
            code = country_code(token.text)
            if code and not across_border(token):
                found.append((_country_use(token), token.i, code))
    for ent in span.ents if ents is None else ents:
        if ent.label_ == "GPE" and len(ent) > 1:
            code = country_code(ent.text)
            if code and not across_border(ent.root):
                found.append((_country_use(ent.root), ent.start, code))
    return [code for _, _, code in sorted(found)]


def _country_use(token: Token) -> int:
    """0: a country standing as a place ("in Yemen", "northern Yemen"); 1: another use of its name;
    2: a nationality or a name describing a noun ("Saudi-led coalition", "French forces")."""
    root = token
    while root.dep_ in ("compound", "amod", "conj", "appos") and root.head.pos_ == "PROPN" \
            and root.head != root:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ in _WHERE and token.pos_ == "PROPN":
        return 0
    modifier = token.dep_ in _MODIFIER_DEPS and token.head.i > token.i
    if token.pos_ == "ADJ" or modifier or token.text in set(lexicon.demonyms().values()):
        return 2
    return 1


def page_country(doc: Doc, title: str | None) -> str | None:
    """The country the page speaks of most (names and nationalities; a country named as where
    something is, "in Mali", and the title's countries count thrice).

    `geo.locate._main_country` decides the page's country again, on purpose by other rules:
    this one, before geocoding, has only the words that name countries (`placewords`), and
    its answer becomes the events' country hint; the geocoder's counts the places it resolved
    (a province named weighs most) and takes these hints as weak votes. Both tally votes and
    take the leader the same way (`placewords.leading`)."""
    counts: Counter[str] = Counter(countries_in(doc[:]))
    words = re.findall(r"[A-Z][\w'’.-]*", title or "")
    for index, word in enumerate(words):
        for part in (word, " ".join(words[index:index + 2])):
            code = country_code(part)
            if code:
                counts[code] += 3
    return leading(counts)


def dateline(doc: Doc) -> Span | None:
    """The place of a dateline opening the body ("KRAMATORSK, Ukraine, April 8 -"; the pattern
    is `sitrep.dateline`'s), unless it names a country."""
    found = find_dateline(doc.text[:200])
    if found is None or is_country(found.place.title()) or len(found.place) < 3:
        return None
    return doc.char_span(found.start, found.end, alignment_mode="expand")
