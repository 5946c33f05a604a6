"""Sentence by sentence: each occurrence a sentence names becomes a draft event.

For every sentence with a trigger that names an occurrence, the draft gathers
its type (triggers), who acted and on whom (actors), where (places), when
(dates, with the paragraph's entry header and earlier dates as context), the
deaths (casualties) and who says so (attribution). `merge_in_page` then makes
one event of the drafts that tell of the same occurrence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from sitrep.extract import actors as actor_reading
from sitrep.extract import attribution, casualties, dates, lexicon, places, triggers
from sitrep.extract.actors import Actor
from sitrep.extract.places import PlaceChoice
from sitrep.extract.triggers import Context, Hit

DEFAULT_ACTORS = {
    "Protests": "Protesters",
    "Riots": "Rioters",
}
UNIDENTIFIED = "Unidentified armed group"
HEADER_MARK = -2  # the `start` of a date read from a report entry's header
BLAME_REACH = 2_000  # characters back from a blaming sentence to the events it may speak of


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
    tolls: list[tuple[int, bool, int, int]] = field(default_factory=list)  # value, explicit, start, end
    source: str | None = None
    certainty: str = "reported"
    weak: bool = False
    labels: frozenset[str] = frozenset()
    actor_kind: str | None = None
    patient_crowd: bool = False  # who it was done to are the people of a crowd ("arrested them")
    last_paragraph: int = -1  # the last paragraph that told of it, once others merged in


@dataclass
class PageContext:
    """What the page as a whole says: publication date, country, dateline, headers."""

    published: date
    country: str | None
    dateline: Span | None
    paragraph_starts: list[int]
    body: str = ""  # the Doc's text, built once (Doc.text joins every token each time)
    people: frozenset[str] = frozenset()  # surnames of people named in full, never places
    protest_page: bool = False  # the page tells of a protest: a violent crowd on it has demands


def read_drafts(doc: Doc, context: PageContext) -> list[Draft]:
    """Draft events of every sentence of the body."""
    hits = triggers.find_hits(doc)
    context.protest_page = any("PROTEST" in hit.labels and triggers.is_occurrence(hit, doc) for hit in hits)
    named = actor_reading.named_actors(doc)
    by_sentence: dict[int, list[Hit]] = {}
    sentences = list(doc.sents)
    starts = [s.start for s in sentences]
    for hit in hits:
        by_sentence.setdefault(_index_of(starts, hit.start), []).append(hit)
    ents_by_sentence: dict[int, list[Span]] = {}
    for ent in doc.ents:
        ents_by_sentence.setdefault(_index_of(starts, ent.start), []).append(ent)
    actors_by_sentence: dict[int, list[Actor]] = {}
    for actor in named:
        actors_by_sentence.setdefault(_index_of(starts, actor.start), []).append(actor)
    drafts: list[Draft] = []
    paragraph_date: dict[int, dates.When] = {}
    paragraph_header: dict[int, list[Span]] = {}
    last_actor: str | None = None
    last_date: dates.When | None = None
    paragraph_place: dict[int, Span] = {}
    for index, sentence in enumerate(sentences):
        paragraph = _index_of(context.paragraph_starts, sentence.start_char)
        if paragraph not in paragraph_header:
            paragraph_header[paragraph] = _header_places(doc, context, paragraph, paragraph_date)
        sentence_named = actors_by_sentence.get(index, [])
        sentence_ents = ents_by_sentence.get(index, [])
        sentence_places = places.candidates(sentence, sentence_named, context.people, sentence_ents)
        sentence_hits = [h for h in by_sentence.get(index, []) if triggers.is_occurrence(h, doc)]
        own_dates = dates.find(sentence.text, context.published)
        for when in own_dates:
            if when.precision == 1 and not _statement_date(sentence, when):
                paragraph_date.setdefault(paragraph, when)
        earlier_place = paragraph_place.get(paragraph)
        if sentence_places:
            paragraph_place[paragraph] = sentence_places[-1]
        if not sentence_hits and not sentence_places and drafts and drafts[-1].paragraph == paragraph:
            drafts[-1].tolls.extend(_sentence_tolls(sentence))  # "1 fatality.", "Nobody was hurt."
        if not sentence_hits or sentence.text.rstrip().endswith("?") \
                or _summary(sentence, own_dates, context.published):
            continue
        used_places: set[str] = set()
        primary_verb: Token | None = None
        for hit in triggers.ranked(sentence_hits):
            header = paragraph_header[paragraph][:1]
            fallback = header or ([earlier_place] if earlier_place else [])
            made = _drafts_of(doc, sentence, hit, sentence_hits, sentence_named, context, own_dates,
                              paragraph_date.get(paragraph) or last_date,
                              (sentence_places, fallback, header), last_actor, sentence_ents)
            if made is None:
                continue
            verb = triggers.clause_verb(triggers.head_of(hit, doc))
            if primary_verb is not None and not _second_event(made, verb, primary_verb, used_places):
                continue
            for draft in made:
                draft.own_place = draft.own_place or bool(header)  # a report entry's place is its own
                if draft.place is not None:
                    used_places.add(draft.place.text)
            for draft in made:
                draft.paragraph, draft.sentence = paragraph, index
                drafts.append(draft)
                if draft.own_date and draft.when.precision == 1:
                    last_date = draft.when
            armed = [a for a in made if a.actor_kind not in (None, "crowd", "civilian")]
            if armed and armed[0].actor1:
                last_actor = armed[0].actor1
            if primary_verb is None:
                primary_verb = verb or triggers.head_of(hit, doc)
    return drafts


def _summary(sentence: Span, own_dates: list[dates.When], published: date) -> bool:
    """A running count or background ("since October", "so far this year"), not an occurrence."""
    if any(when.since and when.precision == 3 for when in own_dates):
        return True
    text = sentence.text.lower()
    if any(phrase in text for phrase in lexicon.words("nonevent")):
        return True
    years = [int(y) for y in _YEAR.findall(sentence.text)]
    return bool(years) and max(years) < published.year  # "a truck bombing in 2017 that killed"


_YEAR = re.compile(r"\b(?:in|since|during|of) ((?:19|20)\d\d)\b")


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


def _index_of(starts: list[int], position: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= position:
            low = middle
        else:
            high = middle - 1
    return max(low, 0)


def _header_places(doc: Doc, context: PageContext, paragraph: int,
                   paragraph_date: dict[int, dates.When]) -> list[Span]:
    start = context.paragraph_starts[paragraph]
    end = context.paragraph_starts[paragraph + 1] if paragraph + 1 < len(context.paragraph_starts) \
        else len(context.body)
    when, names, length = dates.header(context.body[start:end], context.published)
    if when is None:
        return []
    paragraph_date[paragraph] = dates.When(when.day, when.precision, HEADER_MARK, HEADER_MARK)
    spans: list[Span] = []
    search_from = start
    for name in names:
        at = context.body.find(name, search_from, start + length)
        if at >= 0:
            span = doc.char_span(at, at + len(name), alignment_mode="expand")
            if span is not None:
                spans.append(span)
            search_from = at + len(name)
    return spans


def _statement_date(sentence: Span, when: dates.When) -> bool:
    """Whether a date dates the report ("said on Monday"), not the occurrence."""
    span = sentence.doc.char_span(sentence.start_char + when.start, sentence.start_char + when.end,
                                  alignment_mode="expand")
    if span is None:
        return False
    from sitrep.extract import lexicon

    report = lexicon.words("report")
    for token in [span.root, *span.root.ancestors]:
        if token.pos_ == "VERB":
            return token.lemma_.lower() in report
    return False


def _drafts_of(doc: Doc, sentence: Span, hit: Hit, sentence_hits: list[Hit], named: list[Actor],
               context: PageContext, own_dates: list[dates.When], paragraph_when: dates.When | None,
               place_sets: tuple[list[Span], list[Span], list[Span]], last_actor: str | None,
               sentence_ents: list[Span]) -> list[Draft] | None:
    head = triggers.head_of(hit, doc)
    verb = triggers.clause_verb(head) or head
    labels = frozenset(label for h in sentence_hits for label in h.labels) | (
        {"CROWD_RIOT"} if any("RIOT" in h.labels and "LOOT" not in h.labels for h in sentence_hits)
        else set())
    said = attribution.attribute(head, sentence)
    actor1 = _actor1(head, verb, named, said, last_actor)
    if actor1 is not None and actor1.kind == "state" and context.country:
        actor1 = _with_nationality(actor1, context.country)
    victims = actor_reading.objects_of(verb) + ([head] if head != verb else [])
    victims_armed = any(actor_reading.is_armed(v, named) for v in victims if v != head) \
        or _victims_of_death_armed(sentence, named) or _armed_target_after(head, actor1)
    victims_civilian = any(actor_reading.is_civilian(v) for v in victims)
    objects = actor_reading.objects_of(verb) + (actor_reading.objects_of(head) if head != verb else [])
    if verb.lemma_.lower() in ("enter", "take"):
        objects = [o for o in objects if (o.dep_ in ("dobj", "pobj") and o.head.dep_ != "prep")
                   or o.head.lower_ == "of"]
    object_person = verb.lemma_.lower() != "enter" and any(
        (v.ent_type_ == "PERSON" and v.pos_ == "PROPN" and len(actor_reading.noun_phrase(v)) > 1)
        or v.lemma_.lower() in _person_words() for v in objects)
    object_place = any(v.ent_type_ in ("GPE", "LOC", "FAC") or v.lemma_.lower() in _place_words()
                       or (v.pos_ == "PROPN" and v.ent_type_ != "NORP"
                           and len(actor_reading.noun_phrase(v)) == 1)
                       for v in objects)
    actor_kind = _kind_of(actor1) or _unarmed_agent(verb)
    crowd = actor_kind == "crowd"
    sentence_countries = places.countries_in(sentence, ents=sentence_ents)
    country = sentence_countries[0] if sentence_countries else context.country
    if actor_kind == "state" and actor1 is not None and _foreign(actor1, doc, country):
        actor_kind = "external"
    choice = triggers.classify(hit, labels, Context(
        actor_kind=actor_kind, victims_civilian=victims_civilian, victims_armed=victims_armed,
        object_person=object_person, object_place=object_place, crowd=crowd,
        demand=context.protest_page or _states_a_demand(sentence)))
    if choice is None:
        return None
    when, own_date = _date_for(sentence, head, own_dates, paragraph_when, context.published)
    if not own_dates and paragraph_when is not None and paragraph_when.start == HEADER_MARK:
        own_date = True  # a report entry's date is its own
        if said.verb is not None and (head != verb or any(
                c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)):
            when = dates.When(when.day, 2)  # "the SBU said it had detained ...": some day before
    all_places, fallback, header = place_sets
    found_places = places.choose(head, all_places)
    if header and found_places and all(places.town_part(p) for p in found_places):
        found_places = header  # "Kherson, 12 January: shelling of the city's Dniprovskyi district"
    own_place = bool(found_places)
    if not found_places:
        found_places = fallback or ([context.dateline] if context.dateline is not None else [])
        own_place = bool(fallback) and _names_a_place(objects)  # "entered the city": the one just named
    tolls = _sentence_tolls(sentence)
    name1 = actor1.name if actor1 else _default_actor(choice.event_type)
    if choice.event_type in ("Protests", "Riots"):
        name1 = _crowd_name(actor1, choice.sub_event_type)
    actor2 = _actor2(choice.event_type, victims, named, victims_civilian)
    drafts: list[Draft] = []
    slots: list[Span | None] = [*found_places] or [None]
    for place in slots:
        choice_place = None
        if place is not None:
            choice_place = PlaceChoice(place.start_char, place.end_char, place.text,
                                       places.qualifier(place), country)
        drafts.append(Draft(
            paragraph=0, sentence=0, event_type=choice.event_type, sub_event_type=choice.sub_event_type,
            trigger=(hit.span(doc).start_char, hit.span(doc).end_char),
            evidence=[(sentence.start_char, sentence.end_char)], when=when, own_date=own_date,
            place=choice_place, own_place=own_place, actor1=name1, actor2=actor2,
            assoc=actor_reading.assoc_of(verb, named), country=country, tolls=list(tolls),
            source=said.source, certainty=_certainty(sentence, said),
            weak=triggers.is_weak(hit, doc), labels=labels, actor_kind=actor_kind,
            patient_crowd=_crowd_patient(victims)))
    _split_tolls(drafts, all_places)
    return drafts


def _kind_of(actor: Actor | None) -> str | None:
    """The actor's kind; an unlisted group named by a word of armed men ("cartel members",
    "gunmen") is a militia."""
    if actor is None:
        return None
    if actor.kind is None and any(word.lower().rstrip("s") in lexicon.words("armed")
                                  for word in actor.name.split()):
        return "militia"
    return actor.kind


def _crowd_patient(victims: list[Token]) -> bool:
    """Whether the people acted on are a crowd's ("arrested a dozen protesters", "detained
    some of them"), not one person the crowd spoke for ("He was arrested in May")."""
    words = lexicon.words("crowdpatient")
    for victim in victims:
        named = [victim, *(g for c in victim.children if c.lower_ == "of" for g in c.children)]
        if any(t.lemma_.lower() in words or t.lower_ in words for t in named):
            return True
    return False


def _unarmed_agent(verb: Token) -> str | None:
    """"crowd" when unarmed people are who acted ("villagers beat a thief to death"): the text
    names no actor of the dictionary, but a crowd doing violence is a mob."""
    if verb.lemma_.lower() in lexicon.words("report"):
        return None  # "residents reported looting": who tells is not who did it
    subject, passive = actor_reading.subject_of(verb)
    if subject is None or passive:
        return None
    unarmed = lexicon.words("civilian") | lexicon.words("protester") | lexicon.words("mob")
    return "crowd" if subject.lemma_.lower() in unarmed and subject.tag_ in ("NNS", "NNPS") else None


def _states_a_demand(sentence: Span) -> bool:
    """Whether a sentence says what a crowd wants or opposes ("demanding", "against the fee")."""
    grievance = lexicon.words("grievance")
    return any((t.lemma_.lower() in grievance and t.ent_type_ not in ("DATE", "TIME"))  # "12 March"
               or t.lower_ == "against" for t in sentence)


def _sentence_tolls(sentence: Span) -> list[tuple[int, bool, int, int]]:
    """The death figures a sentence gives, as (value, explicit, start, end) in the body."""
    doc = sentence.doc
    tolls = [(t.value, t.explicit, doc[t.start].idx, doc[t.end - 1].idx + len(doc[t.end - 1]))
             for t in casualties.tolls(sentence)]
    if casualties.no_casualties(sentence):
        tolls.append((0, True, sentence.start_char, sentence.end_char))
    return tolls


def _split_tolls(drafts: list[Draft], all_places: list[Span]) -> None:
    """A toll belongs to the event whose place is the nearest of the events' places to it in the
    sentence ("killed one militant" on the road "from Djibo to Inata" stays with the one event)."""
    used = {d.place.start_char for d in drafts if d.place is not None}
    all_places = [p for p in all_places if p.start_char in used]
    if len(all_places) < 2:
        return
    for draft in drafts:
        if draft.place is None:
            continue
        kept = []
        for toll in draft.tolls:
            nearest = min(all_places, key=lambda p: min(abs(p.start_char - toll[2]),
                                                        abs(p.end_char - toll[3])))
            if nearest.start_char == draft.place.start_char:
                kept.append(toll)
        draft.tolls = kept


def _names_a_place(objects: list[Token]) -> bool:
    """Whether the trigger acts on "the city", "the town": a place the text has just named."""
    return any(o.lemma_.lower() in _place_words() and any(c.lower_ == "the" for c in o.children)
               for o in objects)


def _person_words() -> frozenset[str]:
    from sitrep.extract import lexicon
    return lexicon.words("person")


def _place_words() -> frozenset[str]:
    from sitrep.extract import lexicon
    return lexicon.words("place")


TARGET_WINDOW = 8  # tokens after a trigger where its target stands when the parse misses it


def _armed_target_after(head: Token, actor1: Actor | None) -> bool:
    """Whether armed people stand right after the trigger as its target ("shot dead a
    policeman", "attacked the army camp"): the small model's parse often misses the object."""
    armed = lexicon.words("armed")
    skip = range(actor1.start, actor1.end) if actor1 is not None and actor1.start >= 0 else range(0)
    for token in head.doc[head.i + 1:min(head.sent.end, head.i + 1 + TARGET_WINDOW)]:
        if token.lower_ in ("by", ";") or token.text in (".", ";"):
            return False  # "killed by gunmen": the agent, not the target
        if token.pos_ == "NOUN" and token.lemma_.lower() in armed and token.i not in skip:
            return not actor_reading.disarmed(token)
    return False


def _victims_of_death_armed(sentence: Span, named: list[Actor]) -> bool:
    for token in sentence:
        if token.lemma_.lower() in ("kill", "die") and token.pos_ == "VERB":
            for child in token.children:
                if child.dep_ in ("nsubjpass", "dobj") and actor_reading.is_armed(child, named):
                    return True
    return False


def _foreign(actor: Actor, doc: Doc, country: str | None) -> bool:
    """Whether a state actor's nationality differs from the country of the events."""
    if country is None or actor.start < 0:
        return False
    codes = places.countries_in(doc[actor.start:actor.end], ents=[])
    return bool(codes) and country not in codes


def _actor1(head: Token, verb: Token, named: list[Actor], said: attribution.Attribution,
            last_actor: str | None) -> Actor | None:
    subject: Token | None = None
    if head.pos_ in ("NOUN", "PROPN") and head != verb:
        weapon = actor_reading.agent_of_weapon(head, named)
        if weapon is None and head.dep_ == "compound":
            weapon = actor_reading.agent_of_weapon(head.head, named)
        if weapon is not None:
            return weapon
        between = _between(head, named)
        if between is not None:
            return between
    subject, _passive = actor_reading.subject_of(verb)
    if subject is not None and _generic_group(subject):
        return _resolve_pronoun(said, named, last_actor)  # "the group had executed a man"
    if subject is not None:
        described = actor_reading.describe(subject, named)
        if described is not None:
            return described
        if subject.lower_ in actor_reading.PRONOUNS:
            earlier = _named_before(subject, named)  # "freed by the army when it retook the town"
            return earlier or _resolve_pronoun(said, named, last_actor)
        if any(c.lower_ in actor_reading.PRONOUNS for c in subject.children if c.dep_ == "poss"):
            return _resolve_pronoun(said, named, last_actor)
    if head.pos_ in ("NOUN", "PROPN"):
        weapon = actor_reading.agent_of_weapon(head, named)
        if weapon is not None:
            return weapon
    if said.verb is not None and head != verb and said.verb == verb and said.source:
        # "the ministry announced the capture of X": who announces its own deed did it
        subject = actor_reading.nearest_subject(verb)
        if subject is not None:
            return actor_reading.describe(subject, named)
    return None


def _named_before(pronoun: Token, named: list[Actor]) -> Actor | None:
    """The armed or state actor named last before a pronoun in its own sentence."""
    sentence_start = pronoun.sent.start
    earlier = [a for a in named if sentence_start <= a.start and a.end <= pronoun.i
               and a.kind not in (None, "civilian", "crowd")]
    return max(earlier, key=lambda a: a.end) if earlier else None


def _between(noun: Token, named: list[Actor]) -> Actor | None:
    """The first side of "fighting between X and Y"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            first = next((g for g in child.children if g.dep_ == "pobj"), None)
            if first is not None:
                return actor_reading.describe(first, named)
    return None


def _generic_group(subject: Token) -> bool:
    """"the group", "the rebels": a group the text named before."""
    return subject.lemma_.lower() in ("group", "rebel", "militant", "insurgent", "jihadist", "militia") \
        and [c.lower_ for c in subject.children] == ["the"]


def _with_nationality(actor: Actor, country: str) -> Actor:
    """"Nigerian troops" for "troops" on a page about Nigeria (a state actor named without its state)."""
    words = actor.name.split()
    if any(word[:1].isupper() for word in words[1:]) or lexicon.country_code(words[0]) \
            or (words[0][:1].isupper() and words[0].lower().removesuffix("s") not in lexicon.words("state")
                and words[0].lower() not in ("security", "government", "the", "police")):
        return actor
    demonym = lexicon.demonyms().get(country)
    if demonym is None:
        return actor
    name = actor.name[0].lower() + actor.name[1:]
    return Actor(f"{demonym} {name}", actor.kind, actor.start, actor.end)


def _resolve_pronoun(said: attribution.Attribution, named: list[Actor],
                     last_actor: str | None) -> Actor | None:
    """"its fighters", "they": the party that says so, else the last actor read."""
    if said.source and not said.pronoun and said.verb is not None:
        subject = actor_reading.nearest_subject(said.verb)
        if subject is not None:
            described = actor_reading.describe(subject, named)
            if described is not None:
                return described
            return Actor(said.source, None)
    if last_actor:
        return Actor(last_actor, None)
    return None


def _default_actor(event_type: str) -> str:
    return DEFAULT_ACTORS.get(event_type, UNIDENTIFIED)


def _crowd_name(actor: Actor | None, sub_event_type: str) -> str:
    """Protesters, Rioters or Mob, or the named group ("PTI supporters") that took to the street."""
    if sub_event_type == "Mob violence":
        return "Mob"
    if actor is not None and actor.kind in ("political", "rebel", "militia"):
        return actor.name
    if actor is not None and actor.kind == "crowd":
        words = actor.name.split()
        if len(words) > 1 and words[0][:1].isupper() and words[0].lower() not in (
                "the", "hundreds", "thousands", "large", "several", "many", "groups", "crowds"):
            return actor.name
        if any(w.lower().rstrip("s") in lexicon.words("rioter") for w in words):
            return "Rioters"
        return "Protesters"
    return "Protesters"


def _actor2(event_type: str, victims: list[Token], named: list[Actor], civilian: bool) -> str | None:
    if event_type == "Violence against civilians" or (
            civilian and event_type == "Explosions/Remote violence"):
        return "civilians"
    for victim in victims:
        described = actor_reading.describe(victim, named)
        if described is not None and described.kind not in ("civilian", None):
            return described.name
    return None


def _certainty(sentence: Span, said: attribution.Attribution) -> str:
    if attribution.doubted(sentence):
        return "disputed"
    return "claimed" if said.source else "reported"


def _date_for(sentence: Span, head: Token, own_dates: list[dates.When],
              paragraph_when: dates.When | None, published: date) -> tuple[dates.When, bool]:
    """The event's date: the nearest date of its own clause, else the statement's, else context."""
    event_dates = [w for w in own_dates if not _statement_date(sentence, w)]
    trigger_char = head.idx - sentence.start_char
    if event_dates:
        nearest = min(event_dates, key=lambda w: abs(w.start - trigger_char))
        return nearest, True
    if own_dates:
        statement = own_dates[0]  # dated only by the statement that reports it (EVENTS.md 3a)
        return dates.When(statement.day, 2 if statement.precision == 1 else statement.precision), False
    if paragraph_when is not None:
        return paragraph_when, False
    return dates.When(published, 2), False


def blame_actors(doc: Doc, events: list[Draft]) -> None:
    """Give an event without a named actor the party a later sentence blames for it, or,
    among a page's explosions, the one side the page names as firing."""
    _one_side_fires(events)
    unnamed = [e for e in events if e.actor1 == UNIDENTIFIED]
    if not unnamed:
        return
    named = actor_reading.named_actors(doc)
    for sentence in doc.sents:
        if not any(t.lemma_.lower() in lexicon.words("blame") | {"hallmark", "carry", "responsibility"}
                   for t in sentence):
            continue
        local = [a for a in named if sentence.start <= a.start < sentence.end]
        culprit = actor_reading.blamed(sentence, local)
        if culprit is None:
            continue
        for event in unnamed:
            if event.evidence[0][0] < sentence.start_char and event.actor1 == UNIDENTIFIED \
                    and sentence.start_char - event.evidence[0][1] < BLAME_REACH:
                event.actor1 = culprit.name


DENIAL_BEFORE, DENIAL_AFTER = 1, 2  # paragraphs a denial may stand before or after its event


def dispute(doc: Doc, events: list[Draft], context: PageContext) -> None:
    """Mark `disputed` the events the page denies or doubts (EVENTS.md 3a).

    A denial ("denied that the city had fallen", "described the reports as propaganda")
    disputes the event of its paragraph or a neighbour's that it speaks of: one of the
    same kind when it names an event word, else one at the place it names, else the
    latest event before it. The outlet's doubt in the sentence right after an event's
    ("The claim could not be independently verified") disputes that event.
    """
    if not events:
        return
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    cue_table = lexicon.cues()
    for index, sentence in enumerate(sentences):
        paragraph = _index_of(context.paragraph_starts, sentence.start_char)
        if attribution.doubted(sentence) and index > 0:
            for event in events:
                if any(_index_of(starts, start) == index - 1 and event.paragraph == paragraph
                       for start, _ in event.evidence):
                    event.certainty = "disputed"
        word = attribution.denial(sentence)
        if word is None:
            continue
        scope = doc[word.left_edge.i:word.right_edge.i + 1] if word.pos_ == "VERB" else sentence
        kinds = {cue_table[label].sub_event_type if label in triggers.WEAPON_LABELS
                 else cue_table[label].event_type
                 for hit in triggers.find_hits(scope.as_doc()) for label in hit.labels}
        named = {place.text.lower() for place in places.candidates(scope, [])}
        near = [e for e in events
                if -DENIAL_AFTER <= e.paragraph - paragraph <= DENIAL_BEFORE
                and not (e.paragraph > paragraph and e.evidence[0][0] > sentence.end_char + 5000)]
        chosen = [e for e in near if kinds and (e.event_type in kinds or e.sub_event_type in kinds)]
        if named and chosen:
            chosen = [e for e in chosen if e.place is not None and e.place.text.lower() in named] or chosen
        if not kinds:
            chosen = [e for e in near if e.place is not None and e.place.text.lower() in named]
        if not kinds and not named:
            before = [e for e in near if e.evidence[0][0] < sentence.start_char]
            chosen = before[-1:]
        for event in chosen:
            event.certainty = "disputed"


def _one_side_fires(events: list[Draft]) -> None:
    """Strikes the page leaves unattributed, where every attributed strike is one side's."""
    blasts = [e for e in events if e.event_type == "Explosions/Remote violence"]
    sides = {e.actor1 for e in blasts if e.actor1 not in (None, UNIDENTIFIED)}
    if len(sides) == 1 and len(blasts) > 1:
        side = sides.pop()
        for event in blasts:
            if event.actor1 == UNIDENTIFIED and event.sub_event_type != "Remote explosive/landmine/IED":
                event.actor1 = side
