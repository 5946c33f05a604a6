"""Event location: each mention's place, with the precision the text supports.

All place names of the page body (the recognised toponyms and the mentions'
own place names) are resolved together, so that they inform each other, with
the dateline's country and the mentions' country hints as context. Then each
mention takes:

1. its own `place_name`, resolved; precision 1 for a town, 2 when the text says
   "near" / "outskirts" / a direction ("southern Idlib"), or when the name is a
   district; 3 for a province or larger, at the province's capital (EVENTS.md);
2. else (no name, or a name the gazetteer does not know: "the al-Tanf area")
   the nearest level the text supports: a place named in the evidence
   sentence, then in its paragraph, then the dateline, each at precision 2 for
   a town and 3 for larger; then the country hint or the page's main country
   at its capital, precision 3.

Before either, the units the text puts the place in ("<village> (<district>,
<province>)", "<X> LGA, <Y> state": see `hierarchy`) choose among its namesakes,
or stand in for a village the gazetteer lacks. A nationality ("Russian
forces"), a people or a country used as a modifier ("the US dollar") is never
an event's place, and says little of the page's country: the places it names
say more.

A mention whose place cannot be found keeps `place = None`; the others are
unaffected.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc

from sitrep.geo.context import dateline_names, find_dateline, page_context
from sitrep.geo.gazetteer import Gazetteer, GazetteerEntry, gazetteer
from sitrep.geo.hierarchy import (
    ChainPlace,
    contains,
    is_generic,
    locate_in_chain,
    part_of_longer_name,
    place_in_units,
    sentence_units,
)
from sitrep.geo.normalize import fold_key
from sitrep.geo.recognize import toponyms_in_doc
from sitrep.geo.resolve import PageHints, Resolution, qualified_names, resolve_names
from sitrep.model import BODY_JOINER, Mention, Page, Place
from sitrep.placewords import across_border, leading

log = logging.getLogger(__name__)
TOWN, NEAR_TOWN, WIDE = 1, 2, 3
WIDE_KINDS = frozenset({"adm1", "country", "continent", "region"})
MAX_PAGE_TOPONYMS = 3_000
SENTENCE_CHARS = 300  # around a place name when the mention has no evidence sentence around it
CHAIN_VOTE, UNIT_VOTE, PLACE_VOTE, HINT_VOTE = 3.0, 2.0, 1.0, 0.25
HINT_WEIGHT = 0.5  # an extraction's country hint, for the resolver (a dateline's country weighs 2)
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})


@dataclass(frozen=True)
class PagePlace:
    """A toponym of the page (offsets into page.text) and what it resolved to."""

    start: int
    end: int
    name: str
    resolution: Resolution | None
    modifier: bool = False  # a nationality, or a country naming what a noun is of ("US dollar")


@dataclass(frozen=True)
class PageFacts:
    """What the page gives every mention's location: its text, its places, its country."""

    text: str
    by_span: dict[tuple[int, int], PagePlace]
    places: list[PagePlace]
    dateline: GazetteerEntry | None
    main_country: str | None
    countries: dict[str, GazetteerEntry]
    modifier_countries: frozenset[str]  # named only as modifiers ("the US dollar"): no evidence


def locate_mentions(page: Page, doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Mentions with `place` filled where the text supports a place."""
    if not mentions:
        return mentions
    gaz = gazetteer()
    places = _page_places(page, doc, mentions, gaz)
    by_span = {(p.start, p.end): p for p in places}
    dateline = _dateline_place(page, places)
    chains = [_chain_place(gaz, page, mention) for mention in mentions]
    modifier_countries = _modifier_countries(gaz, places)
    facts = PageFacts(page.text, by_span, places, dateline,
                      _main_country(places, mentions, chains, modifier_countries), gaz.countries(),
                      modifier_countries)
    for mention, chain in zip(mentions, chains, strict=True):
        try:
            mention.place = _chain_result(chain, mention) if chain is not None else _locate(mention, facts)
        except Exception as error:  # one mention's place never costs the page's others
            log.warning("%s: geocode: %s: %s", page.id, type(error).__name__, error)
            mention.place = None
    return mentions


def _modifier_countries(gaz: Gazetteer, places: list[PagePlace]) -> frozenset[str]:
    """Countries the page names only as modifiers of a noun ("the US dollar"), never as a place
    or a nationality: a country hint drawn from such a name is no evidence of where things are."""
    named = {p.resolution.place.iso3 for p in places if p.resolution is not None}
    modifiers = {c.iso3 for p in places if p.modifier and p.resolution is None
                 for c in gaz.lookup(p.name) if c.kind == "country"}
    return frozenset(iso3 for iso3 in modifiers - named if iso3)


def _chain_place(gaz: Gazetteer, page: Page, mention: Mention) -> ChainPlace | None:
    """The mention's place read with the units the text puts it in (see `hierarchy`)."""
    if mention.place_name is None:
        return None
    start, end = mention.place_name.start, mention.place_name.end
    low, high = max(0, start - SENTENCE_CHARS), end + SENTENCE_CHARS
    for span in mention.evidence:
        if span.start <= start and end <= span.end:
            low, high = span.start, span.end
            break
    try:
        return locate_in_chain(gaz, page.text, start, end, low, high)
    except Exception as error:  # reading the hierarchy never costs the mention its place
        log.warning("%s: geocode hierarchy: %s: %s", page.id, type(error).__name__, error)
        return None


def _chain_result(chain: ChainPlace, mention: Mention) -> Place:
    if not chain.stand_in:
        return _own_place(chain.place, mention.place_qualifier if mention.place_qualifier == "near" else None)
    return _fallback_place(chain.place)


def _page_places(page: Page, doc: Doc, mentions: list[Mention], gaz: Gazetteer) -> list[PagePlace]:
    """Every toponym of the body and every mention's place name, resolved together."""
    spans = _page_spans(page, doc, mentions, gaz)
    modifiers = {span for span in spans if _is_modifier(page, doc, gaz, *span)}
    demonyms = {span for span in modifiers if gaz.is_demonym(spans[span])}  # weak evidence, still read
    ordered = sorted(item for item in spans.items() if item[0] not in modifiers - demonyms)
    head = page.body[:400] if find_dateline(page.body) else page.text[:400]
    names = qualified_names(page.text, [(start, end, name) for (start, end), name in ordered])
    resolutions = resolve_names(gaz, names + dateline_names(head), _page_hints(gaz, head, mentions))
    resolutions = resolutions[:len(names)]
    found = [PagePlace(start, end, name, resolution, modifier=(start, end) in demonyms)
             for ((start, end), name), resolution in zip(ordered, resolutions, strict=True)]
    found.extend(PagePlace(start, end, spans[(start, end)], None, modifier=True)
                 for start, end in modifiers - demonyms)
    return sorted(found, key=lambda p: (p.start, p.end))


def _page_spans(page: Page, doc: Doc, mentions: list[Mention], gaz: Gazetteer) -> dict[tuple[int, int], str]:
    """The body's toponyms and the mentions' place names, by offsets into page.text."""
    spans: dict[tuple[int, int], str] = {}
    for toponym in toponyms_in_doc(doc, gaz)[:MAX_PAGE_TOPONYMS]:
        start, end = page.body_offset_to_text(toponym.start), page.body_offset_to_text(toponym.end)
        spans[(start, end)] = toponym.name
    for mention in mentions:
        if mention.place_name is not None:
            spans[(mention.place_name.start, mention.place_name.end)] = mention.place_name.text
    return spans


def _page_hints(gaz: Gazetteer, head: str, mentions: list[Mention]) -> PageHints:
    """The extraction's country hints (each weighs little: often an actor's) and the dateline's."""
    hints = PageHints()
    for mention in mentions:
        cc = _iso2(gaz, mention.country_hint)
        if cc:
            hints.countries[cc] += HINT_WEIGHT
    hints.countries.update(page_context(gaz, head).countries)
    return hints


def _is_modifier(page: Page, doc: Doc, gaz: Gazetteer, start: int, end: int) -> bool:
    """A nationality or people ("Russian forces", "Kurds"), a country's name describing a
    noun after it ("the US dollar", "Syrian army"), or the country across a border ("near the
    border with Somalia"): not where anything happened, and left out
    of the page's names (a country's name so used), so that it pulls no other name toward its
    country; a nationality still says a little of where the page is (see `resolve`)."""
    name = page.text[start:end]
    if gaz.is_demonym(name) or is_generic(name):
        return True
    if not any(c.kind == "country" and c.quality >= 0 for c in gaz.lookup(name)):
        return False
    offset = _body_offset(page, start)
    if offset is None:
        return False
    span = doc.char_span(offset, offset + (end - start), alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    return (root.dep_ in MODIFIER_DEPS and root.head.i > root.i and root.head.pos_ == "NOUN") \
        or across_border(root)


def _body_offset(page: Page, offset: int) -> int | None:
    """An offset into page.text as an offset into page.body (None outside the body)."""
    position = 0
    for paragraph in page.paragraphs:
        if paragraph.start <= offset <= paragraph.end:
            return position + offset - paragraph.start
        position += len(paragraph.text) + len(BODY_JOINER)
    return None


def _iso2(gaz: Gazetteer, iso3: str | None) -> str | None:
    if not iso3:
        return None
    for cc, country in gaz.countries().items():
        if country.iso3 == iso3:
            return cc
    return None


def _dateline_place(page: Page, places: list[PagePlace]) -> GazetteerEntry | None:
    """The dateline's place as resolved with the page's other names."""
    dateline = find_dateline(page.body) or find_dateline(page.text)
    if dateline is None:
        return None
    key = fold_key(dateline.place)
    for place in places:
        if place.resolution is not None and fold_key(place.name) == key:
            return place.resolution.place
    found = resolve_names(gazetteer(), [dateline.place, *(p.name for p in places)], fuzzy=False)[0]
    return found.place if found is not None else None


def _main_country(places: list[PagePlace], mentions: list[Mention], chains: list[ChainPlace | None],
                  modifier_countries: frozenset[str]) -> str | None:
    """The page's country by the strongest evidence: the units the text puts its places in, then
    the places it names; nationalities and the extraction's hints (often an actor's) weigh little.
    The extraction's `page_country` (the source of those hints) reads only country words, before
    any place is resolved; both take the leader of their votes by `placewords.leading`."""
    votes: defaultdict[str, float] = defaultdict(float)
    for mention in mentions:
        if mention.country_hint and mention.country_hint not in modifier_countries:
            votes[mention.country_hint] += HINT_VOTE
    for chain in chains:
        if chain is not None and chain.place.iso3:
            votes[chain.place.iso3] += CHAIN_VOTE
    for place in places:
        if place.resolution is not None and place.resolution.place.iso3 and not place.modifier:
            found = place.resolution.place
            unit = found.kind in ("adm1", "adm2") and found.quality >= 1  # a province named says more
            votes[place.resolution.place.iso3] += UNIT_VOTE if unit else PLACE_VOTE
    return leading(votes)


def _locate(mention: Mention, facts: PageFacts) -> Place | None:
    places, dateline, main_country = facts.places, facts.dateline, facts.main_country
    own = _own_resolution(mention, facts)
    steered = _steered_by_sentence(mention, own, facts.text)
    if steered is not None:
        return steered
    if own is not None:
        place = _own_place(own.place, mention.place_qualifier)
        if not _doubtful(own, main_country):
            return place
        in_main_country = _fallback(mention, places, dateline, main_country, facts.text)
        return in_main_country or place
    found = _fallback(mention, places, dateline, None, facts.text)
    if found is not None:
        return found
    hint = mention.country_hint if mention.country_hint not in facts.modifier_countries else None
    iso3 = main_country or hint
    country = next((c for c in facts.countries.values() if c.iso3 == iso3), None)
    return _as_place(country, WIDE, at_seat=True) if country is not None else None


def _own_resolution(mention: Mention, facts: PageFacts) -> Resolution | None:
    """The resolution of the mention's place name, or of a longer page toponym that contains it
    ("Galeana" inside "Tecpan de Galeana"); none for a word that only stands inside a longer
    name ("Colonia" of "Colonia <Y>", "Alliance" of "<X> Students Alliance")."""
    if mention.place_name is None:
        return None
    start, end = mention.place_name.start, mention.place_name.end
    containing = [p for p in facts.places if p.start <= start and end <= p.end and p.resolution is not None
                  and (p.end - p.start) > (end - start)]
    if containing:
        return max(containing, key=lambda p: p.end - p.start).resolution
    own = facts.by_span.get((start, end))
    if own is None or own.modifier or part_of_longer_name(facts.text, start, end):
        return None
    return own.resolution


def _steered_by_sentence(mention: Mention, own: Resolution | None, text: str) -> Place | None:
    """The mention's place among the units the sentence's hierarchies name ("in A and in B
    (<district>, <province>)"): its namesake inside them, else, for a name the gazetteer lacks
    or places elsewhere, the narrowest of them."""
    if mention.place_name is None or not mention.evidence:
        return None
    start, end = mention.place_name.start, mention.place_name.end
    sentence = next((s for s in mention.evidence if s.start <= start and end <= s.end), None)
    if sentence is None:
        return None
    gaz = gazetteer()
    units = sentence_units(gaz, text, sentence.start, sentence.end)
    if not units:
        return None
    inside = place_in_units(gaz, mention.place_name.text, units) if own is not None or \
        not part_of_longer_name(text, start, end) else None
    if inside is not None:
        return _own_place(inside, mention.place_qualifier)
    if own is None or not any(contains(unit, own.place) or unit.id == own.place.id for unit in units):
        return _fallback_place(units[0])
    return None


def _doubtful(resolution: Resolution, main_country: str | None) -> bool:
    """A weak reading (a small place, a loose match) outside the country the page is about, or a
    region across borders ("in the Sahel") on a page about one country."""
    place = resolution.place
    if main_country and not place.iso3 and place.kind == "region":
        return True
    if not main_country or not place.iso3 or place.iso3 == main_country:
        return False
    weak = place.quality <= 1 or place.kind == "adm2" or (place.kind == "city" and place.population < 50_000)
    return weak


def _fallback(mention: Mention, places: list[PagePlace], dateline: GazetteerEntry | None,
              only_in: str | None, text: str) -> Place | None:
    """A place of the evidence sentence, then of the paragraph, then the dateline
    (with `only_in`, only places of that country, ISO3)."""
    for window in _evidence_windows(mention):
        nearby = [p for p in places if window[0] <= p.start < window[1] and _usable_fallback(p, text)]
        best = _most_specific(nearby, mention.country_hint)
        if only_in:
            best = _most_specific([p for p in nearby if p.resolution and p.resolution.place.iso3 == only_in],
                                  None)
        if best is not None:
            return _fallback_place(best)
    if dateline is None:
        return None
    fits = dateline.iso3 == only_in if only_in else mention.country_hint in (None, dateline.iso3)
    return _fallback_place(dateline) if fits else None


def _usable_fallback(place: PagePlace, text: str) -> bool:
    """A place of the page resolved on its own merit: not the page's focus standing in, not a
    nationality, not a word inside a longer name ("Alliance" of "<X> Democratic Alliance")."""
    resolution = place.resolution
    return resolution is not None and not resolution.fallback and not place.modifier \
        and not part_of_longer_name(text, place.start, place.end)


def _evidence_windows(mention: Mention) -> list[tuple[int, int]]:
    """The evidence sentences, then a wider stretch around them (the paragraph, roughly)."""
    if not mention.evidence:
        return []
    start = min(span.start for span in mention.evidence)
    end = max(span.end for span in mention.evidence)
    return [(start, end), (max(0, start - 600), end + 600)]


def _most_specific(places: list[PagePlace], country_hint: str | None) -> GazetteerEntry | None:
    """The town among the places (else the smallest area), in the hinted country if any."""
    candidates = [p.resolution.place for p in places if p.resolution is not None]
    if country_hint:
        candidates = [c for c in candidates if c.iso3 == country_hint] or candidates
    order = {"city": 0, "adm2": 1, "adm1": 2, "region": 3, "country": 4, "continent": 5}
    candidates.sort(key=lambda c: order.get(c.kind, 9))
    return candidates[0] if candidates else None


def _own_place(place: GazetteerEntry, qualifier: str | None) -> Place:
    if place.kind in WIDE_KINDS:
        return _as_place(place, WIDE, at_seat=True)
    if place.kind == "adm2" or qualifier in ("near", "outskirts", "countryside") or place.quality <= 0:
        precision = WIDE if qualifier in ("region", "province") else NEAR_TOWN
        return _as_place(place, precision, at_seat=place.kind == "adm2")  # a district at its seat
    if qualifier in ("region", "province"):
        return _as_place(place, NEAR_TOWN)  # "Homs province" resolved to the town: part of a region
    return _as_place(place, TOWN)


def _fallback_place(place: GazetteerEntry) -> Place:
    if place.kind in WIDE_KINDS:
        return _as_place(place, WIDE, at_seat=True)
    return _as_place(place, NEAR_TOWN, at_seat=place.kind == "adm2")


def _as_place(place: GazetteerEntry, precision: int, at_seat: bool = False) -> Place:
    """A gazetteer place as the model's Place; provinces and countries at their capital."""
    gaz = gazetteer()
    lat, lon = place.lat, place.lon
    if at_seat and place.seat_lat is not None and place.seat_lon is not None:
        lat, lon = place.seat_lat, place.seat_lon
    admin1 = _admin1_name(gaz, place)
    country = gaz.countries().get(place.cc)
    return Place(name=_display_name(gaz, place), latitude=round(lat, 5), longitude=round(lon, 5),
                 precision=precision, geonameid=place.id if place.id > 0 else None, admin1=admin1,
                 country=country.name if country else None, iso3=place.iso3,
                 feature=_feature(place))


def _admin1_name(gaz: Gazetteer, place: GazetteerEntry) -> str | None:
    if place.kind == "adm1":
        return _display_name(gaz, place)
    if place.adm1 is None:
        return None
    admin = gaz.place(place.adm1)
    return _display_name(gaz, admin) if admin is not None else None


def _display_name(gaz: Gazetteer, place: GazetteerEntry) -> str:
    """The place's name as the gazetteer gives it, in ASCII; for a province, its plain English form."""
    return gaz.plain_name(place.id) or place.name


def _feature(place: GazetteerEntry) -> str:
    return {"city": "P.PPL", "adm1": "A.ADM1", "adm2": "A.ADM2", "country": "A.PCLI",
            "continent": "L.CONT", "region": "L.RGN"}.get(place.kind, place.kind)
