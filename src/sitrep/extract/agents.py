"""Who acted in a clause, and how the event's actors are written down.

`agent_of` reads the clause's acting side from the parse: the one who fired a
weapon named by the cue ("a Russian drone strike"), the first side of "fighting
between X and Y", the verb's subject or passive agent, a pronoun or "the group"
resolved to the side the page speaks of, or the party that announces its own
deed. `actor_kind` sorts it (state, rebel, militia, crowd, ...), and
`actor1_name`/`actor2_name` write the event's actors as the codebook's
defaults where the text names nobody.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from sitrep.extract import actors as actor_reading
from sitrep.extract import attribution, codebook, lexicon, places
from sitrep.extract.actors import Actor

UNIDENTIFIED = "Unidentified armed group"
DEFAULT_ACTORS = {codebook.PROTESTS: "Protesters", codebook.RIOTS: "Rioters"}
_NOUNS = ("NOUN", "PROPN")


def agent_of(head: Token, verb: Token, named: list[Actor], said: attribution.Attribution,
             last_actor: str | None) -> Actor | None:
    """The side that acted in the clause of a cue whose head word is `head`."""
    if head.pos_ in _NOUNS and head != verb:
        nominal = _nominal_agent(head, named)
        if nominal is not None:
            return nominal
    subject, _passive = actor_reading.subject_of(verb)
    if subject is not None:
        agent, decided = _subject_agent(subject, named, said, last_actor)
        if decided:
            return agent
    if head.pos_ in _NOUNS:
        weapon = actor_reading.agent_of_weapon(head, named)
        if weapon is not None:
            return weapon
    return _announcer(head, verb, named, said)


def _nominal_agent(head: Token, named: list[Actor]) -> Actor | None:
    """Who fired the weapon a noun names, or the first side of "fighting between X and Y"."""
    weapon = actor_reading.agent_of_weapon(head, named)
    if weapon is None and head.dep_ == "compound":
        weapon = actor_reading.agent_of_weapon(head.head, named)
    return weapon or _between(head, named)


def _subject_agent(subject: Token, named: list[Actor], said: attribution.Attribution,
                   last_actor: str | None) -> tuple[Actor | None, bool]:
    """The actor a subject names, and whether the subject settles it (a pronoun or "the
    group" does, even unresolved; a plain noun that names no actor does not)."""
    if _generic_group(subject):
        return resolve_pronoun(said, named, last_actor), True  # "the group had executed a man"
    described = actor_reading.describe(subject, named)
    if described is not None:
        return described, True
    if subject.lower_ in actor_reading.PRONOUNS:
        earlier = _named_before(subject, named)  # "freed by the army when it retook the town"
        return earlier or resolve_pronoun(said, named, last_actor), True
    if any(c.lower_ in actor_reading.PRONOUNS for c in subject.children if c.dep_ == "poss"):
        return resolve_pronoun(said, named, last_actor), True
    return None, False


def _announcer(head: Token, verb: Token, named: list[Actor], said: attribution.Attribution) -> Actor | None:
    """"the ministry announced the capture of X": who announces its own deed did it."""
    if said.verb is not None and head != verb and said.verb == verb and said.source:
        subject = actor_reading.nearest_subject(verb)
        if subject is not None:
            return actor_reading.describe(subject, named)
    return None


def _named_before(pronoun: Token, named: list[Actor]) -> Actor | None:
    """The armed or state actor named last before a pronoun in its own sentence."""
    sentence_start = pronoun.sent.start
    earlier = [a for a in named if sentence_start <= a.start and a.end <= pronoun.i
               and a.kind not in codebook.UNARMED_KINDS]
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
    return subject.lemma_.lower() in lexicon.words("backreference") \
        and [c.lower_ for c in subject.children] == ["the"]


def resolve_pronoun(said: attribution.Attribution, named: list[Actor],
                    last_actor: str | None) -> Actor | None:
    """"its fighters", "they": the party that says so, else the last actor read."""
    if said.source and not said.pronoun and said.verb is not None:
        subject = actor_reading.nearest_subject(said.verb)
        if subject is not None:
            described = actor_reading.describe(subject, named)
            return described if described is not None else Actor(said.source, None)
    return Actor(last_actor, None) if last_actor else None


def with_nationality(actor: Actor, country: str) -> Actor:
    """"Nigerian troops" for "troops" on a page about Nigeria (a state actor named without its state)."""
    words = actor.name.split()
    if _names_its_state(words):
        return actor
    demonym = lexicon.demonyms().get(country)
    if demonym is None:
        return actor
    name = actor.name[0].lower() + actor.name[1:]
    return Actor(f"{demonym} {name}", actor.kind, actor.start, actor.end)


def _names_its_state(words: list[str]) -> bool:
    """Whether a state actor's name already says whose it is ("Kenyan police", "the Army of X")."""
    first = words[0]
    return any(word[:1].isupper() for word in words[1:]) or bool(lexicon.country_code(first)) \
        or (first[:1].isupper() and first.lower().removesuffix("s") not in lexicon.words("state")
            and first.lower() not in lexicon.words("genericstate"))


def actor_kind(actor: Actor | None, verb: Token) -> str | None:
    """The actor's kind; an unlisted group named by a word of armed men ("cartel members",
    "gunmen") is a militia; unarmed people doing violence are a crowd."""
    if actor is None:
        return _unarmed_agent(verb)
    if actor.kind is None and any(word.lower().rstrip("s") in lexicon.words("armed")
                                  for word in actor.name.split()):
        return "militia"
    return actor.kind or _unarmed_agent(verb)


def _unarmed_agent(verb: Token) -> str | None:
    """"crowd" when unarmed people are who acted ("villagers beat a thief to death", "a thief
    was beaten by locals", "dozens of residents burned tires"): the text names no actor of the
    dictionary, but a crowd doing violence is a mob."""
    if verb.lemma_.lower() in lexicon.words("report"):
        return None  # "residents reported looting": who tells is not who did it
    subject, _passive = actor_reading.subject_of(verb)
    if subject is None:
        return None
    return "crowd" if unarmed_people(subject) else None


def unarmed_people(phrase_head: Token) -> bool:
    """Whether a noun names unarmed people as a crowd ("villagers", "dozens of residents",
    "a group of students", "two groups of the community")."""
    people = _counted(phrase_head)
    if _armed_modifier(people):
        return False
    modifiers = [c for c in people.children if c.dep_ in ("amod", "compound")]
    if any(c.lemma_.lower() in lexicon.words("mob") for c in modifiers):
        return True  # "a vigilante group"
    unarmed = lexicon.any_of("civilian", "protester", "mob", "collective")
    plural = people.tag_ in ("NNS", "NNPS") or people != phrase_head
    return people.lemma_.lower() in unarmed and plural


def _armed_modifier(token: Token) -> bool:
    armed = lexicon.any_of("armed", "forcesword")
    return any(c.lemma_.lower() in armed or c.lower_ == "armed" for c in token.children
               if c.dep_ in ("amod", "compound"))


def _counted(subject: Token) -> Token:
    """The people a quantity or a group stands for ("dozens of residents" -> residents, "a
    group of students" -> students)."""
    lemma = subject.lemma_.lower()
    if lemma in lexicon.quantities() or subject.like_num or lemma in lexicon.words("collective"):
        for child in subject.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                return next((g for g in child.children if g.dep_ == "pobj"), subject)
    return subject


def foreign(actor: Actor, doc: Doc, country: str | None) -> bool:
    """Whether a state actor's nationality differs from the country of the events."""
    if country is None or actor.start < 0:
        return False
    codes = places.countries_in(doc[actor.start:actor.end], ents=[])
    return bool(codes) and country not in codes


def actor1_name(actor: Actor | None, choice: codebook.Choice) -> str:
    """The event's actor1: the crowd's name for protests and riots, else the agent, else the
    codebook's default for the type."""
    if choice.event_type in codebook.CROWD_TYPES:
        return crowd_name(actor, choice.sub_event_type)
    if actor is not None:
        return actor.name
    return DEFAULT_ACTORS.get(choice.event_type, UNIDENTIFIED)


def crowd_name(actor: Actor | None, sub_event_type: str) -> str:
    """Protesters, Rioters or Mob, or the named group ("PTI supporters") that took to the street."""
    if sub_event_type == codebook.MOB.sub_event_type:
        return "Mob"
    if actor is not None and actor.kind in ("political", "rebel", "militia"):
        return actor.name
    if actor is not None and actor.kind == "crowd":
        words = actor.name.split()
        named = words[0][:1].isupper() and words[0].lower() not in lexicon.words("crowdquantifier")
        if len(words) > 1 and named:
            return actor.name
        if any(w.lower().rstrip("s") in lexicon.words("rioter") for w in words):
            return "Rioters"
    return "Protesters"


def actor2_name(event_type: str, victims: list[Token], named: list[Actor], civilian: bool) -> str | None:
    """Who the event was done to: civilians, or the armed side a victim phrase names."""
    if event_type == codebook.VIOLENCE or (civilian and event_type == codebook.EXPLOSIONS):
        return "civilians"
    for victim in victims:
        described = actor_reading.describe(victim, named)
        if described is not None and described.kind not in ("civilian", None):
            return described.name
    return None
