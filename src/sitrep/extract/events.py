"""Sentence by sentence: each occurrence a clause tells becomes a draft event.

A page is read in order. For each sentence, `SentenceFacts` gathers its named
actors, entities, place names, dates and the cues that name occurrences; each
cue is read into a `frame.Frame`, which `codebook.classify` types; `place_of`,
`date_of` and `tolls_of` then say where, when and how many died, with what
earlier sentences told as context (a paragraph's entry header or last place,
the last date, the last armed actor). A second cue of a sentence makes a
second draft only where it tells a second occurrence. `occurrences` then makes
one event of the drafts that tell of the same occurrence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from spacy.tokens import Doc, Span, Token

from sitrep.extract import actors as actor_reading
from sitrep.extract import agents, attribution, casualties, codebook, dates, lexicon, places, triggers
from sitrep.extract.casualties import Toll
from sitrep.extract.frame import (
    Frame,
    PageContext,
    SentenceFacts,
    crowd_patient,
    gathering_as_protest,
    read_frame,
    retyped_by_object,
)
from sitrep.extract.places import PlaceChoice

__all__ = ["UNIDENTIFIED", "Draft", "PageContext", "read_drafts"]

UNIDENTIFIED = agents.UNIDENTIFIED
_BACKGROUND_YEAR = re.compile(r"\b(?:in|since|during|of) ((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
Item = TypeVar("Item")


@dataclass
class Draft:
    """An occurrence as one sentence tells it (offsets into page.body)."""

    paragraph: int
    sentence: int
    event_type: str
    sub_event_type: str
    trigger: tuple[int, int]
    evidence: list[tuple[int, int]]
    when: dates.When
    own_date: bool
    place: PlaceChoice | None
    own_place: bool
    actor1: str | None = None
    actor2: str | None = None
    assoc: list[str] = field(default_factory=list)
    country: str | None = None
    tolls: list[Toll] = field(default_factory=list)  # character ranges in the body
    source: str | None = None
    certainty: str = "reported"
    weak: bool = False
    labels: frozenset[str] = frozenset()
    actor_kind: str | None = None
    patient_crowd: bool = False  # who it was done to are the people of a crowd ("arrested them")
    last_paragraph: int = -1  # the last paragraph that told of it, once others merged in


@dataclass(frozen=True)
class PlaceOptions:
    """The places a sentence's events may take: those it names, the paragraph's (its entry
    header's, else the last named), and the entry header's own."""

    named: list[Span]
    fallback: list[Span]
    header: list[Span]


def read_drafts(doc: Doc, context: PageContext) -> list[Draft]:
    """Draft events of every sentence of the body."""
    hits = triggers.find_hits(doc)
    context.protest_page = any("PROTEST" in hit.labels and triggers.is_occurrence(hit, doc) for hit in hits)
    reader = _PageReader(doc, context, hits)
    for index, sentence in enumerate(reader.sentences):
        reader.read(index, sentence)
    return reader.drafts


def _by_sentence(items: Iterable[Item], starts: list[int],
                 start_of: Callable[[Item], int]) -> dict[int, list[Item]]:
    grouped: dict[int, list[Item]] = {}
    for item in items:
        grouped.setdefault(index_of(starts, start_of(item)), []).append(item)
    return grouped


class _PageReader:
    """Reads a page sentence by sentence, keeping what earlier sentences told."""

    def __init__(self, doc: Doc, context: PageContext, hits: list[triggers.Hit]) -> None:
        self.doc, self.context = doc, context
        self.sentences = list(doc.sents)
        starts = [s.start for s in self.sentences]
        self.hits_of = _by_sentence(hits, starts, lambda hit: hit.start)
        self.ents_of = _by_sentence(doc.ents, starts, lambda ent: ent.start)
        self.actors_of = _by_sentence(actor_reading.named_actors(doc), starts, lambda actor: actor.start)
        self.drafts: list[Draft] = []
        self.paragraph_date: dict[int, dates.When] = {}
        self.paragraph_header: dict[int, list[Span]] = {}
        self.paragraph_place: dict[int, Span] = {}
        self.last_actor: str | None = None
        self.last_date: dates.When | None = None

    def read(self, index: int, sentence: Span) -> None:
        paragraph = index_of(self.context.paragraph_starts, sentence.start_char)
        if paragraph not in self.paragraph_header:
            self.paragraph_header[paragraph] = self._header_places(paragraph)
        facts = self._facts(index, sentence, paragraph)
        earlier_place = self.paragraph_place.get(paragraph)
        if facts.places:
            self.paragraph_place[paragraph] = facts.places[-1]
        if not facts.hits and not facts.places and self.drafts and self.drafts[-1].paragraph == paragraph:
            self.drafts[-1].tolls.extend(tolls_of(sentence))  # "1 fatality.", "Nobody was hurt."
        if not facts.hits or _not_an_occurrence(sentence, facts.own_dates, self.context.published):
            return
        header = self.paragraph_header[paragraph][:1]
        fallback = header or ([earlier_place] if earlier_place else [])
        self._read_cues(facts, PlaceOptions(facts.places, fallback, header))

    def _facts(self, index: int, sentence: Span, paragraph: int) -> SentenceFacts:
        named = self.actors_of.get(index, [])
        ents = self.ents_of.get(index, [])
        countries = places.countries_in(sentence, ents=ents)
        facts = SentenceFacts(
            sentence=sentence, index=index, paragraph=paragraph, named=named, ents=ents,
            places=places.candidates(sentence, named, self.context.people, ents),
            hits=self._hits(index, sentence),
            own_dates=dates.find(sentence.text, self.context.published),
            country=countries[0] if countries else self.context.country)
        for when in facts.own_dates:
            if when.precision == 1 and not _statement_date(sentence, when):
                self.paragraph_date.setdefault(paragraph, when)
        return facts

    def _hits(self, index: int, sentence: Span) -> list[triggers.Hit]:
        """The sentence's cues that name occurrences, each retyped by what the sentence says
        (a gathering with a demand is a protest; taking goods is theft)."""
        kept = [gathering_as_protest(h, sentence) for h in self.hits_of.get(index, [])
                if triggers.is_occurrence(h, self.doc) and not self._of_an_earlier_year(h)]
        return [retyped_by_object(h, self.doc) for h in kept if h is not None]

    def _of_an_earlier_year(self, hit: triggers.Hit) -> bool:
        """Whether the cue's own clause dates it to a year before publication ("activists who
        had been executed in 1972"): background, not the occurrence reported."""
        head = triggers.head_of(hit, self.doc)
        verb = triggers.clause_verb(head) or head
        published = self.context.published.year
        return any(t.like_num and len(t.text) == 4 and t.text.isdigit() and int(t.text) < published
                   and t.head.lower_ in ("in", "since", "during", "of")
                   and (triggers.clause_verb(t) or t) == verb for t in verb.subtree)

    def _read_cues(self, facts: SentenceFacts, options: PlaceOptions) -> None:
        used_places: set[str] = set()
        primary_verb: Token | None = None
        for hit in triggers.ranked(facts.hits):
            frame = read_frame(hit, facts, self.context, self.last_actor)
            paragraph_when = self.paragraph_date.get(facts.paragraph) or self.last_date
            made = drafts_of(frame, facts, self.context, paragraph_when, options)
            if made is None:
                continue
            verb = triggers.clause_verb(frame.head)
            if primary_verb is not None and not _second_event(made, verb, primary_verb, used_places):
                continue
            self._keep(made, facts, bool(options.header), used_places)
            if primary_verb is None:
                primary_verb = verb or frame.head

    def _keep(self, made: list[Draft], facts: SentenceFacts, has_header: bool, used_places: set[str]) -> None:
        for draft in made:
            draft.own_place = draft.own_place or has_header  # a report entry's place is its own
            draft.paragraph, draft.sentence = facts.paragraph, facts.index
            if draft.place is not None:
                used_places.add(draft.place.text)
            self.drafts.append(draft)
            if draft.own_date and draft.when.precision == 1:
                self.last_date = draft.when
        armed = [d for d in made if d.actor_kind not in codebook.UNARMED_KINDS]
        if armed and armed[0].actor1:
            self.last_actor = armed[0].actor1

    def _header_places(self, paragraph: int) -> list[Span]:
        """The places of a report entry's header opening the paragraph ("5 October – Idlib,
        Sarmin:"); its date becomes the paragraph's."""
        body, starts = self.context.body, self.context.paragraph_starts
        start = starts[paragraph]
        end = starts[paragraph + 1] if paragraph + 1 < len(starts) else len(body)
        when, names, length = dates.header(body[start:end], self.context.published)
        if when is None:
            return []
        self.paragraph_date[paragraph] = dates.When(when.day, when.precision, header=True)
        spans: list[Span] = []
        search_from = start
        for name in names:
            at = body.find(name, search_from, start + length)
            if at < 0:
                continue
            span = self.doc.char_span(at, at + len(name), alignment_mode="expand")
            if span is not None:
                spans.append(span)
            search_from = at + len(name)
        return spans


def drafts_of(frame: Frame, facts: SentenceFacts, page: PageContext, paragraph_when: dates.When | None,
              options: PlaceOptions) -> list[Draft] | None:
    """The drafts a frame makes: one for each place its clause names (or one without a place);
    None when the clause tells of no event."""
    choice = codebook.classify(frame)
    if choice is None:
        return None
    when, own_date = date_of(frame, facts.own_dates, paragraph_when, page.published)
    found, own_place = place_of(frame, options, page)
    tolls = tolls_of(frame.sentence)
    doc = frame.sentence.doc
    trigger = frame.hit.span(doc)
    drafts = [Draft(
        paragraph=0, sentence=0, event_type=choice.event_type, sub_event_type=choice.sub_event_type,
        trigger=(trigger.start_char, trigger.end_char),
        evidence=[(frame.sentence.start_char, frame.sentence.end_char)], when=when, own_date=own_date,
        place=_place_choice(place, frame.country), own_place=own_place,
        actor1=agents.actor1_name(frame.agent, choice),
        actor2=agents.actor2_name(choice.event_type, list(frame.victims), facts.named,
                                  frame.victims_civilian),
        assoc=actor_reading.assoc_of(frame.verb, facts.named), country=frame.country, tolls=list(tolls),
        source=frame.said.source, certainty=_certainty(frame),
        weak=triggers.is_weak(frame.hit, doc), labels=frame.sentence_labels, actor_kind=frame.actor_kind,
        patient_crowd=crowd_patient(frame.victims)) for place in _slots(found)]
    _split_tolls(drafts, options.named)
    return drafts


def _slots(found: list[Span]) -> list[Span | None]:
    """One draft a place; one without a place where none is found."""
    return [*found] or [None]


def _place_choice(place: Span | None, country: str | None) -> PlaceChoice | None:
    if place is None:
        return None
    return PlaceChoice(place.start_char, place.end_char, place.text, places.qualifier(place), country)


def place_of(frame: Frame, options: PlaceOptions, page: PageContext) -> tuple[list[Span], bool]:
    """The places of the frame's event and whether the sentence names them itself: those its
    clause names, else the paragraph's (its own only when the clause acts on "the city" just
    named), else the page's dateline."""
    found = places.choose(frame.head, options.named)
    if options.header and found and all(places.town_part(p) for p in found):
        return options.header, True  # "Kherson, 12 January: shelling of the city's Dniprovskyi district"
    if found:
        return found, True
    if options.fallback:
        return options.fallback, _names_a_place(frame.objects)  # "entered the city": the one just named
    return ([page.dateline] if page.dateline is not None else []), False


def date_of(frame: Frame, own_dates: list[dates.When], paragraph_when: dates.When | None,
            published: date) -> tuple[dates.When, bool]:
    """The event's date and whether the sentence gives it: the nearest date of its own clause,
    else the statement's, else a report entry's header (its own), else the context's."""
    when, own_date = _date_for(frame.sentence, frame.head, own_dates, paragraph_when, published)
    if own_dates or paragraph_when is None or not paragraph_when.header:
        return when, own_date
    if frame.said.verb is not None and (frame.head != frame.verb or any(
            c.dep_ == "aux" and c.lower_ == "had" for c in frame.verb.children)):
        return dates.When(when.day, 2), True  # "the SBU said it had detained ...": some day before
    return when, True  # a report entry's date is its own


def _date_for(sentence: Span, head: Token, own_dates: list[dates.When],
              paragraph_when: dates.When | None, published: date) -> tuple[dates.When, bool]:
    event_dates = [w for w in own_dates if not _statement_date(sentence, w)]
    trigger_char = head.idx - sentence.start_char
    if event_dates:
        return min(event_dates, key=lambda w: abs(w.start - trigger_char)), True
    if own_dates:
        statement = own_dates[0]  # dated only by the statement that reports it (EVENTS.md 3a)
        return dates.When(statement.day, 2 if statement.precision == 1 else statement.precision), False
    if paragraph_when is not None:
        return paragraph_when, False
    return dates.When(published, 2), False


def tolls_of(sentence: Span) -> list[Toll]:
    """The death figures a sentence gives, with their character ranges in the body."""
    doc = sentence.doc
    tolls = [Toll(t.value, t.explicit, doc[t.start].idx, doc[t.end - 1].idx + len(doc[t.end - 1]))
             for t in casualties.tolls(sentence)]
    if casualties.no_casualties(sentence):
        tolls.append(Toll(0, True, sentence.start_char, sentence.end_char))
    return tolls


def _split_tolls(drafts: list[Draft], named: list[Span]) -> None:
    """A toll belongs to the event whose place is the nearest of the events' places to it in the
    sentence ("killed one militant" on the road "from Djibo to Inata" stays with the one event)."""
    used = {d.place.start_char for d in drafts if d.place is not None}
    own = [p for p in named if p.start_char in used]
    if len(own) < 2:
        return
    for draft in drafts:
        if draft.place is not None:
            start = draft.place.start_char
            draft.tolls = [t for t in draft.tolls if _nearest(own, t).start_char == start]


def _nearest(spans: list[Span], toll: Toll) -> Span:
    return min(spans, key=lambda p: min(abs(p.start_char - toll.start), abs(p.end_char - toll.end)))


def _not_an_occurrence(sentence: Span, own_dates: list[dates.When], published: date) -> bool:
    """A question, a running count or background ("since October", "so far this year")."""
    if sentence.text.rstrip().endswith("?"):
        return True
    if any(when.since and when.precision == 3 for when in own_dates):
        return True
    text = sentence.text.lower()
    if any(phrase in text for phrase in lexicon.words("nonevent")):
        return True
    background = [int(y) for y in _BACKGROUND_YEAR.findall(sentence.text)]
    years = [int(y) for y in _YEAR.findall(sentence.text)]
    # "a truck bombing in 2017 that killed", but not "On 6 May 2020, ... executed in 1972"
    return bool(background) and max(years) < published.year


def _second_event(made: list[Draft], verb: Token | None, primary_verb: Token,
                  used_places: set[str]) -> bool:
    """Whether another cue of a sentence names a second occurrence: its own clause, its own
    place ("... in San Bernardo, and five bodies were found in a factory in Renca that had
    been looted")."""
    if verb is None or verb == primary_verb or verb in primary_verb.subtree \
            or not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    return all(not draft.weak and draft.own_place and draft.place is not None
               and draft.place.qualifier is None and draft.place.text not in used_places
               for draft in made)


def index_of(starts: list[int], position: int) -> int:
    """The index of the last start at or before a position (starts sorted; 0 before the first)."""
    return max(bisect.bisect_right(starts, position) - 1, 0)


def _statement_date(sentence: Span, when: dates.When) -> bool:
    """Whether a date dates the report ("said on Monday"), not the occurrence."""
    span = sentence.doc.char_span(sentence.start_char + when.start, sentence.start_char + when.end,
                                  alignment_mode="expand")
    if span is None:
        return False
    report = lexicon.words("report")
    for token in [span.root, *span.root.ancestors]:
        if token.pos_ == "VERB":
            return token.lemma_.lower() in report
    return False


def _names_a_place(objects: tuple[Token, ...]) -> bool:
    """Whether the cue acts on "the city", "the town": a place the text has just named."""
    return any(o.lemma_.lower() in lexicon.words("place") and any(c.lower_ == "the" for c in o.children)
               for o in objects)


def _certainty(frame: Frame) -> str:
    if attribution.doubted(frame.sentence):
        return "disputed"
    return "claimed" if frame.said.source else "reported"
