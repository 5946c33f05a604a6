"""What one clause says about an occurrence: a `Frame`.

A frame is read around one cue (a `triggers.Hit`) from the parse of its
sentence: the cue's head word and the verb of its clause; who acted (the
subject, "by X", the side that fired the weapon); whom it was done to (the
verb's objects and the victims); whether those are armed, civilians, a place
or a person; whether the sentence states a crowd's demand; and who says so.
`codebook.classify` decides the type from a frame, and `events` turns it into
drafts with their places, dates and tolls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from sitrep.extract import actors as actor_reading
from sitrep.extract import agents, attribution, dates, lexicon, triggers
from sitrep.extract.actors import Actor
from sitrep.extract.triggers import Hit

TARGET_WINDOW = 8  # tokens after a cue where its target stands when the parse misses it


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


@dataclass
class SentenceFacts:
    """What is found in one sentence before its cues are read: its actors, entities, place
    names, dates and the cues that name occurrences."""

    sentence: Span
    index: int
    paragraph: int
    named: list[Actor] = field(default_factory=list)
    ents: list[Span] = field(default_factory=list)
    places: list[Span] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    own_dates: list[dates.When] = field(default_factory=list)
    country: str | None = None  # the first country the sentence names, else the page's


@dataclass(frozen=True)
class Frame:
    """One clause around one cue: who did what to whom, as the parse tells it."""

    hit: Hit
    sentence: Span
    head: Token  # the cue's head word
    verb: Token  # the verb of the cue's clause (the head itself where there is none)
    cue_labels: frozenset[str]
    sentence_labels: frozenset[str]
    said: attribution.Attribution
    agent: Actor | None
    actor_kind: str | None
    victims: tuple[Token, ...]
    objects: tuple[Token, ...]
    victims_civilian: bool
    victims_armed: bool
    object_person: bool
    object_place: bool
    demand: bool
    country: str | None
    approach: bool = False  # the cue is a word of coming into a place ("entered", "advanced into")
    object_goods: bool = False  # what the clause acts on are goods or vehicles ("intercepted two trucks")
    ends_in_killing: bool = False  # a killing is told as the next step ("arrested and executed them")


def read_frame(hit: Hit, facts: SentenceFacts, page: PageContext, last_actor: str | None) -> Frame:
    """The frame of one cue of a sentence."""
    doc = facts.sentence.doc
    head = triggers.head_of(hit, doc)
    verb = triggers.clause_verb(head) or head
    said = attribution.attribute(head, facts.sentence)
    agent = _agent(head, verb, facts, page, said, last_actor)
    kind = agents.actor_kind(agent, verb) or _unarmed_sides(head, verb)
    if kind == "state" and agent is not None and agents.foreign(agent, doc, facts.country):
        kind = "external"
    victims = actor_reading.objects_of(verb) + ([head] if head != verb else [])
    objects = _objects(head, verb)
    return Frame(
        hit=hit, sentence=facts.sentence, head=head, verb=verb, cue_labels=hit.labels,
        sentence_labels=sentence_labels(facts.hits), said=said, agent=agent, actor_kind=kind,
        victims=tuple(victims), objects=tuple(objects),
        victims_civilian=any(actor_reading.is_civilian(v) for v in victims),
        victims_armed=_victims_armed(head, victims, facts, agent),
        object_person=_object_person(verb, objects), object_place=_object_place(objects),
        demand=page.protest_page or states_a_demand(facts.sentence), country=facts.country,
        approach=head.lemma_.lower() in lexicon.words("approach"),
        object_goods=any(o.lemma_.lower() in lexicon.words("goods") for o in objects),
        ends_in_killing=_ends_in_killing(verb, facts.hits))


def gathering_as_protest(hit: Hit, sentence: Span) -> Hit | None:
    """A crowd coming together or blocking a road ("farmers gathered at the factory,
    demanding ...", "villagers blocked the road") is a protest where the sentence states a
    demand, else no occurrence."""
    if "GATHER" not in hit.labels:
        return hit
    if not states_a_demand(sentence):
        return None if hit.labels == {"GATHER"} else Hit(hit.start, hit.end, hit.labels - {"GATHER"})
    return Hit(hit.start, hit.end, (hit.labels - {"GATHER"}) | {"PROTEST"})


def retyped_by_object(hit: Hit, doc: Doc) -> Hit:
    """A cue of taking whose object is goods, not ground or people ("seized livestock",
    "took five motorbikes"), tells of theft: a cue of looting; one whose object is weapons
    ("seized 20 kg of TNT", "seized a weapons cache") tells of weapons taken out of use."""
    if "CAPTURE" not in hit.labels:
        return hit
    head = triggers.head_of(hit, doc)
    verb = triggers.clause_verb(head) or head
    objects = [_measured(o) for o in actor_reading.objects_of(verb) if o.dep_ == "dobj"]
    if not objects:
        return hit
    for kind, label in (("weaponry", "INTERCEPT"), ("goods", "LOOT")):
        words = lexicon.words(kind)
        if all(o.lemma_.lower() in words for o in objects):
            return Hit(hit.start, hit.end, (hit.labels - {"CAPTURE"}) | {label})
    return hit


def _measured(token: Token) -> Token:
    """What a measure counts ("20 kg of TNT" -> TNT, "3 tons of marijuana" -> marijuana)."""
    if token.lemma_.lower() in lexicon.words("measure"):
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                return next((g for g in child.children if g.dep_ == "pobj"), token)
    return token


def _ends_in_killing(verb: Token, hits: list[Hit]) -> bool:
    """Whether a verb of killing is joined to the clause's verb as its next step ("abducted and
    killed", "arrested fifteen villagers and executed them")."""
    doc = verb.doc
    killings = [triggers.head_of(h, doc) for h in hits if "KILL" in h.labels]
    return any(k.pos_ == "VERB" and k != verb
               and (k in verb.conjuncts or (k.head == verb and k.dep_ == "advcl")) for k in killings)


def sentence_labels(hits: list[Hit]) -> frozenset[str]:
    """Every cue label of a sentence; CROWD_RIOT where a riot word tells of a crowd (not looting)."""
    labels = frozenset(label for hit in hits for label in hit.labels)
    crowd_riot = any("RIOT" in hit.labels and "LOOT" not in hit.labels for hit in hits)
    return labels | {"CROWD_RIOT"} if crowd_riot else labels


def _agent(head: Token, verb: Token, facts: SentenceFacts, page: PageContext,
           said: attribution.Attribution, last_actor: str | None) -> Actor | None:
    agent = agents.agent_of(head, verb, facts.named, said, last_actor)
    if agent is not None and agent.kind == "state" and page.country:
        return agents.with_nationality(agent, page.country)
    return agent


def _unarmed_sides(head: Token, verb: Token) -> str | None:
    """"crowd" for a fight between unarmed people ("a clash between two groups of the
    community", "clashes between vendors and police"): rioting, not an armed clash."""
    sides = [g for word in {head, verb} for c in word.children if c.dep_ == "prep" and c.lower_ == "between"
             for g in c.children if g.dep_ == "pobj"]
    sides += [conj for side in sides for conj in side.conjuncts]
    return "crowd" if any(agents.unarmed_people(side) for side in sides) else None


def _objects(head: Token, verb: Token) -> list[Token]:
    """What the clause acts on; after "entered" or "took", only what it takes directly."""
    objects = actor_reading.objects_of(verb) + (actor_reading.objects_of(head) if head != verb else [])
    if verb.lemma_.lower() in lexicon.words("movement"):
        objects = [o for o in objects if (o.dep_ in ("dobj", "pobj") and o.head.dep_ != "prep")
                   or o.head.lower_ == "of"]
    return objects


def _victims_armed(head: Token, victims: list[Token], facts: SentenceFacts, agent: Actor | None) -> bool:
    return any(actor_reading.is_armed(v, facts.named) for v in victims if v != head) \
        or _dead_armed(facts.sentence, facts.named) or _armed_target_after(head, agent)


def _object_person(verb: Token, objects: list[Token]) -> bool:
    """Whether the clause acts on a person ("abducted the chief", "detained two men")."""
    if verb.lemma_.lower() == "enter":
        return False
    return any((v.ent_type_ == "PERSON" and v.pos_ == "PROPN" and len(actor_reading.noun_phrase(v)) > 1)
               or v.lemma_.lower() in lexicon.words("person") for v in objects)


def _object_place(objects: list[Token]) -> bool:
    """Whether the clause acts on a place ("seized the town", "took Bakhmut")."""
    return any(v.ent_type_ in ("GPE", "LOC", "FAC") or v.lemma_.lower() in lexicon.words("place")
               or (v.pos_ == "PROPN" and v.ent_type_ != "NORP" and len(actor_reading.noun_phrase(v)) == 1)
               for v in objects)


def states_a_demand(sentence: Span) -> bool:
    """Whether a sentence says what a crowd wants or opposes ("demanding", "against the fee")."""
    grievance = lexicon.words("grievance")
    return any((t.lemma_.lower() in grievance and t.ent_type_ not in ("DATE", "TIME"))  # "12 March"
               or t.lower_ == "against" for t in sentence)


def _armed_target_after(head: Token, agent: Actor | None) -> bool:
    """Whether armed people stand right after the cue as its target ("shot dead a
    policeman", "attacked the army camp"): the small model's parse often misses the object."""
    armed = lexicon.words("armed")
    skip = range(agent.start, agent.end) if agent is not None and agent.start >= 0 else range(0)
    for token in head.doc[head.i + 1:min(head.sent.end, head.i + 1 + TARGET_WINDOW)]:
        if token.lower_ in ("by", ";") or token.text in (".", ";"):
            return False  # "killed by gunmen": the agent, not the target
        if token.pos_ == "NOUN" and token.lemma_.lower() in armed and token.i not in skip:
            return not actor_reading.disarmed(token)
    return False


def _dead_armed(sentence: Span, named: list[Actor]) -> bool:
    """Whether the sentence tells of armed men killed ("two soldiers were killed")."""
    for token in sentence:
        if token.lemma_.lower() in ("kill", "die") and token.pos_ == "VERB":
            for child in token.children:
                if child.dep_ in ("nsubjpass", "dobj") and actor_reading.is_armed(child, named):
                    return True
    return False


def crowd_patient(victims: tuple[Token, ...]) -> bool:
    """Whether the people acted on are a crowd's ("arrested a dozen protesters", "detained
    some of them"), not one person the crowd spoke for ("He was arrested in May")."""
    words = lexicon.words("crowdpatient")
    for victim in victims:
        named = [victim, *(g for c in victim.children if c.lower_ == "of" for g in c.children)]
        if any(t.lemma_.lower() in words or t.lower_ in words for t in named):
            return True
    return False
