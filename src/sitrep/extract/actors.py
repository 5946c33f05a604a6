"""Actors: who acted (actor1), on whom (actor2), and who acted with them.

Named actors come from a curated dictionary of armed groups, state forces and
their aliases (data/extract/actors.tsv), marked by the `SpanRuler`s of `rulers`
(short all-capital aliases such as "IS" match only in capitals). The rest is
read from the parse: the subject of the trigger's verb, the agent of a
passive ("were killed by X fighters"), the nationality adjective or the
"by" phrase of a nominal trigger ("Russian air strikes", "an air strike by
the coalition"), the one who fired a weapon ("a missile fired by ...").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitrep.extract import lexicon, rulers

PRONOUNS = frozenset({"it", "they", "its", "their", "them", "he", "she", "his", "her", "we", "our"})
_SKIP_MODIFIERS = frozenset({"det", "punct", "predet", "case", "cc", "nummod", "quantmod"})


@dataclass(frozen=True)
class Actor:
    """An actor as named in the text, with its kind when known."""

    name: str
    kind: str | None  # state, rebel, militia, external, political, crowd, civilian, None
    start: int = -1  # token range in the Doc
    end: int = -1


def named_actors(doc: Doc) -> list[Actor]:
    """Every dictionary actor in the Doc (as `rulers.mark_actors` marks them), as written,
    longest first where they overlap."""
    if rulers.ACTORS not in doc.spans:
        rulers.mark_actors(doc)
    kinds = {entry.name: entry.kind for entry in lexicon.actors()}
    found = sorted({(span.start, span.end, span.label_) for span in doc.spans[rulers.ACTORS]},
                   key=lambda f: (f[0] - f[1], f[0], f[2]))
    taken: set[int] = set()
    actors: list[Actor] = []
    for start, end, name in found:
        if taken.intersection(range(start, end)):
            continue
        taken.update(range(start, end))
        written = doc[start:end].text
        label = name if written.lower() == name.lower() else f"{name} ({written})"
        actors.append(Actor(label, kinds[name], start, end))
    return sorted(actors, key=lambda actor: actor.start)


def actor_at(phrase: Span | None, actors: list[Actor]) -> Actor | None:
    """The dictionary actor inside a phrase, if any."""
    if phrase is None:
        return None
    for actor in actors:
        if actor.start >= phrase.start and actor.end <= phrase.end:
            return actor
    return None


def _overlapping(token: Token, actors: list[Actor]) -> Actor | None:
    """The dictionary actor a token is part of (the parse may split a name: "Jaish al-Islam")."""
    return next((a for a in actors if a.start <= token.i < a.end), None)


def noun_phrase(token: Token) -> Span:
    """The token's noun phrase without determiners, numbers or trailing clauses."""
    doc = token.doc
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod") and child.i < left:
            left = min(left, child.left_edge.i if child.dep_ != "poss" else child.i)
    while left < token.i and (doc[left].dep_ in _SKIP_MODIFIERS or doc[left].is_punct
                              or doc[left].like_num):
        left += 1
    right = token.i + 1
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == right:
            right = child.right_edge.i + 1
            break
    return doc[left:right]


def nearest_subject(verb: Token) -> Token | None:
    """The verb's subject nearest to it (a dateline before the real subject is often a second one)."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return min(subjects, key=lambda s: abs(verb.i - s.i), default=None)


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The verb's acting subject and whether the clause is passive (the agent, if any, acts)."""
    passive = any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children)
    if passive:
        for child in verb.children:
            if child.dep_ == "agent":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild, True
        return None, True
    current = verb
    for _ in range(3):
        subject = nearest_subject(current)
        if subject is not None:
            return subject, False
        if current.dep_ in ("conj", "xcomp", "advcl", "acl") and current.head != current:
            if current.dep_ == "acl":
                return current.head, False
            current = current.head
        else:
            break
    return None, False


def objects_of(verb: Token) -> list[Token]:
    """What the verb acted on: direct objects, passive subjects, and targets after on/at/against."""
    found: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            found.append(child)
            found.extend(c for c in child.conjuncts)
            for prep in child.children:  # "took control of X"
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    found.extend(g for g in prep.children if g.dep_ == "pobj")
        elif child.dep_ == "prep" and child.lower_ in ("on", "at", "against", "into", "of"):
            found.extend(g for g in child.children if g.dep_ == "pobj")
    return found


def agent_of_weapon(noun: Token, actors: list[Actor], nested: bool = False) -> Actor | None:
    """Who fired a weapon or carried out a strike named by a noun: modifiers and by-phrases."""
    for token in noun.subtree:
        if token.dep_ == "pobj" and token.head.lower_ == "by" and token != noun and not nested:
            return describe(token, actors, nested=True)
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head == noun:
            named = actor_at(noun_phrase(token), actors)
            if named:
                return named
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            found = _modifier_agent(noun, child, actors)
            if found is not None:
                return found
    return None


def _modifier_agent(noun: Token, child: Token, actors: list[Actor]) -> Actor | None:
    """The side a weapon noun's modifier names: an actor, a country ("Russian drones"), or
    state forces ("army shelling")."""
    named = actor_at(noun.doc[child.left_edge.i:child.i + 1], actors)
    if named:
        return named
    country = lexicon.country_code(child.text)
    if country and child.text[:1].isupper():
        return Actor(state_forces(country, child.text), "state", child.i, child.i + 1)
    if child.lemma_.lower() in lexicon.words("forcesword"):
        return Actor(f"{child.text} forces".capitalize(), "state", child.i, child.i + 1)
    return None


def state_forces(country: str, written: str) -> str:
    """"Russian forces" for a country's forces named by its name or demonym."""
    adjective = lexicon.demonyms().get(country, written.removesuffix("'s").removesuffix("’s"))
    return f"{adjective} forces"


def describe(token: Token, actors: list[Actor], nested: bool = False) -> Actor | None:
    """An actor named by a noun: the dictionary actor in its phrase, else the phrase itself."""
    if token.lower_ in PRONOUNS:
        return None
    phrase = noun_phrase(token)
    named = actor_at(phrase, actors) or actor_at(token.doc[token.left_edge.i:token.right_edge.i + 1],
                                                 actors) or _overlapping(token, actors)
    if named:
        return named
    if any(c.dep_ == "poss" and c.lower_ in PRONOUNS for c in token.children):
        return None  # "its fighters": the caller resolves the pronoun
    if token.lemma_.lower() in lexicon.words("weaponword"):
        return agent_of_weapon(token, actors, nested=True)
    if token.ent_type_ in ("GPE", "PERSON", "FAC", "LOC", "DATE") or (
            token.text.isupper() and len(token) > 5):  # a dateline's town
        return None
    return _phrase_actor(token, phrase)


def _phrase_actor(token: Token, phrase: Span) -> Actor | None:
    """An actor the dictionary lacks, from the words of its phrase: a country's forces, a
    state body ("Russia's defence ministry"), an armed group or a crowd; None for civilians."""
    country = lexicon.country_code(token.text)
    if country and len(phrase) == 1:
        return Actor(state_forces(country, token.text), "state", phrase.start, phrase.end)
    kind = kind_of_phrase(phrase)
    if kind == "civilian" or (kind is None and token.ent_type_ not in ("ORG", "NORP")):
        return None
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    owner_country = lexicon.country_code(owner.text) if owner is not None else None
    if kind == "state" and owner is not None and owner_country:  # "Russia's defence ministry"
        return Actor(state_forces(owner_country, owner.text), kind, phrase.start, phrase.end)
    return Actor(phrase.text.strip(), kind, phrase.start, phrase.end)


def kind_of_phrase(phrase: Span) -> str | None:
    """state, rebel, crowd or civilian, from the words of an undictionaried phrase."""
    text = " " + " ".join(t.lemma_.lower() for t in phrase) + " "
    lemmas = {t.lemma_.lower() for t in phrase}
    if any(f" {w} " in text for w in lexicon.words("state")):
        return "state"
    if lemmas & (lexicon.words("rioter") | {"protester", "protestor", "demonstrator", "crowd",
                                             "supporter", "marcher"}):
        return "crowd"
    if lemmas & lexicon.words("armed"):
        return "rebel"
    if lemmas & lexicon.words("civilian"):
        return "civilian"
    return None


def is_armed(token: Token, actors: list[Actor]) -> bool:
    """Whether a noun names armed people or an armed target, itself or through the group it
    counts or belongs to ("two of the bandits", "a member of the 4th Division", "militia
    members")."""
    named = actor_at(noun_phrase(token), actors)
    if named is None and disarmed(token):
        return False
    if named is not None or _armed_word(token) or _forces_site(token):
        return True
    return any(actor_at(noun_phrase(group), actors) is not None or _armed_word(group)
               or kind_of_phrase(noun_phrase(group)) == "state" for group in _groups_of(token))


def _forces_site(token: Token) -> bool:
    """A place of armed forces named by its modifier ("a military camp", "an army post",
    "the police station")."""
    forces = lexicon.any_of("forcesword", "armed")
    return token.pos_ == "NOUN" and any(
        c.dep_ in ("amod", "compound") and c.lemma_.lower() in forces for c in token.children)


def _armed_word(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in lexicon.words("armed") or lemma == "headquarters"


def _groups_of(token: Token) -> list[Token]:
    """The group a number or a word of membership stands for: the object of its "of" ("two of
    the bandits", "members of the militia") and, for membership, its modifiers ("gang member")."""
    counting = token.like_num or token.pos_ == "NUM" or token.lemma_.lower() in lexicon.quantities()
    membership = token.lemma_.lower() in lexicon.words("membership")
    if not (counting or membership):
        return []
    groups = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"]
    if membership:
        groups += [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
    return groups


def disarmed(token: Token) -> bool:
    """Whether a modifier makes armed words name civilians ("a retired policeman", "an
    off-duty soldier", "a mining company convoy")."""
    marks = lexicon.words("unarmedmark")
    return any(t.lower_ in marks or t.lemma_.lower() in marks
               for t in token.doc[token.left_edge.i:token.i])


def is_civilian(token: Token) -> bool:
    """Whether a noun names unarmed people."""
    return token.lemma_.lower() in lexicon.words("civilian") or token.ent_type_ == "PERSON" \
        or token.lower_.endswith("-old")


def blamed(sentence: Span, actors: list[Actor]) -> Actor | None:
    """The party a sentence puts an occurrence on: "blamed Russian forces for the strike",
    "bore the hallmarks of Boko Haram", "Al-Shabaab said it had carried out the attack",
    "X claimed responsibility"."""
    for token in sentence:
        target = _blame_target(token) or _hallmark_of(token) or _owner(token)
        if target is not None:
            return describe(target, actors)
    return None


def _blame_target(token: Token) -> Token | None:
    """X of "blamed X for ..."."""
    if token.lemma_.lower() not in lexicon.words("blame") or token.pos_ != "VERB" \
            or not any(c.lower_ == "for" for c in token.children):
        return None
    return next((c for c in token.children if c.dep_ == "dobj"), None)


def _hallmark_of(token: Token) -> Token | None:
    """X of "bore the hallmarks of X"."""
    if token.lemma_.lower() != "hallmark":
        return None
    for child in token.children:
        if child.lower_ == "of":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _owner(token: Token) -> Token | None:
    """Who owns up to an occurrence ("X claimed responsibility", "X said it had carried out")."""
    if not _owns_up(token):
        return None
    subject = nearest_subject(token)
    if subject is not None and subject.lower_ in PRONOUNS:
        subject = nearest_subject(token.head) if token.dep_ == "ccomp" else None
    return subject


def _owns_up(token: Token) -> bool:
    """"carried out the attack", "claimed responsibility": a party owning an occurrence."""
    lemma = token.lemma_.lower()
    objects = [c for c in token.children if c.dep_ == "dobj"]
    if lemma == "carry" and any(c.lower_ == "out" for c in token.children):
        return any(o.lemma_.lower() in lexicon.words("weaknoun") or o.lower_ == "it" for o in objects)
    return lemma in ("claim", "admit") and any(o.lemma_.lower() == "responsibility" for o in objects)


def assoc_of(verb: Token, actors: list[Actor]) -> list[str]:
    """Groups named as acting with actor1: "alongside X", "with the help of X", "and allied X"."""
    found: list[str] = []
    for token in verb.subtree:
        if token.lower_ in ("alongside", "with") and token.dep_ == "prep":
            for child in token.children:
                named = actor_at(noun_phrase(child), actors) if child.dep_ == "pobj" else None
                if named:
                    found.append(named.name)
    return found
