"""Fatalities: the deaths a sentence reports, by the rules of EVENTS.md.

The lowest explicit figure ("over 39" is 39, "between 30 and 40" is 30);
"dozens" 12, "hundreds" 100, "several" or an unnumbered plural 10 (the
values live in data/extract/quantities.tsv); a number beats a vague word;
the wounded are not counted; "no casualties" is 0. Figures are read from the
parse: the victims of a death word ("39 people had been killed", "killed
nine people", "a family of five died", "put the toll at 50"), counted over
coordinated victims ("a man, his wife and their son" is 3). Number words go
through number-parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from number_parser import parse_number
from spacy.tokens import Span, Token

from sitrep.extract import lexicon

_NOT_VICTIMS = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "PERCENT", "MONEY", "ORDINAL"})
_EXCLUDE_PREPS = frozenset({"including", "among", "of whom", "besides"})
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})*$|^\d+$")


@dataclass(frozen=True)
class Toll:
    """A death figure read from a sentence; `explicit` when it was a number."""

    value: int
    explicit: bool
    start: int  # where the figure's phrase is: a token range as `tolls` reads it,
    end: int  # a character range in the body once a draft event holds it


_STATED_TOLL = re.compile(r"\b(?:fatalit(?:y|ies)|deaths|death toll|toll)\s+"
                          r"(?:(?:was|were|is|are|has been|have been)\s+)?"
                          r"(?:coded|recorded|counted|put|set|given|reported)\s+(?:as|at)\s+(\d{1,6})\b",
                          re.I)


def tolls(sentence: Span) -> list[Toll]:
    """Every death figure of the sentence; a figure the text states as the toll ("fatalities
    recorded as 3", "the toll was put at 12") stands for the whole event."""
    stated = _stated_toll(sentence)
    if stated is not None:
        return [stated]
    found: list[Toll] = []
    for token in sentence:
        lemma = token.lemma_.lower()
        if lemma in lexicon.words("deathverb") and token.pos_ == "VERB" and _is_death(token):
            found.extend(_victim_tolls(token))
        elif lemma in lexicon.words("deathnoun") and token.pos_ in ("NOUN", "ADJ"):
            found.extend(_noun_tolls(token))
    return found


def _stated_toll(sentence: Span) -> Toll | None:
    match = _STATED_TOLL.search(sentence.text)
    if match is None:
        return None
    span = sentence.char_span(match.start(1), match.end(1), alignment_mode="expand")
    start, end = (span.start, span.end) if span is not None else (sentence.start, sentence.end)
    return Toll(int(match.group(1)), True, start, end)


def _is_death(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in ("shoot", "gun"):
        return any(c.lower_ in ("dead", "down") for c in verb.children)
    if lemma in ("claim", "lose"):
        return any(c.lemma_.lower() == "life" for c in verb.children)
    if lemma == "leave":
        return any(c.lower_ == "dead" for c in verb.subtree)
    if lemma == "hack":
        return any(c.lower_ == "death" for c in verb.subtree)
    return True


def _victim_tolls(verb: Token) -> list[Toll]:
    victims = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")]
    if verb.lemma_.lower() in ("die", "perish"):
        victims += [c for c in verb.children if c.dep_ == "nsubj"]
    if not victims and verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN", "NUM"):
        victims = [verb.head]
    if not victims and verb.dep_ == "conj":
        victims = [c for c in verb.head.children if c.dep_ in ("nsubjpass",)]
    found: list[Toll] = []
    for victim in victims:
        toll = _count(victim)
        if toll:
            found.append(toll)
    return found


def _noun_tolls(noun: Token) -> list[Toll]:
    lemma = noun.lemma_.lower()
    if lemma == "toll":
        return _toll_figure(noun)
    if lemma == "dead" and noun.dep_ in ("acomp", "oprd", "amod", "advmod"):
        subjects = [c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
        counted = [_count(subject) for subject in ([noun.head] if noun.dep_ == "amod" else subjects)]
        return [toll for toll in counted if toll]
    toll = _count(noun, own_noun=True)
    return [toll] if toll and toll.explicit else []


def _toll_figure(noun: Token) -> list[Toll]:
    """The first figure in the phrase of "toll" ("the death toll rose to 12")."""
    for token in noun.head.subtree if noun.dep_ in ("dobj", "nsubj") else noun.subtree:
        if token.like_num and token.i != noun.i and not _excluded(token):
            value = number_value(token)
            if value is not None:
                return [Toll(value, True, token.i, token.i + 1)]
    return []


def _excluded(token: Token) -> bool:
    for ancestor in token.ancestors:
        if ancestor.lower_ in _EXCLUDE_PREPS or ancestor.lemma_.lower() == "wound":
            return True
        if ancestor.dep_ in ("ROOT",):
            break
    return False


def _count(noun: Token, own_noun: bool = False) -> Toll | None:
    """How many a victim noun counts, with the victims listed beside it ("7 soldiers and 1
    militant", "a woman and two children"): ACLED counts everyone killed, attackers too."""
    members = [noun] if noun.dep_ == "conj" or not _added(noun) else [noun, *noun.conjuncts]
    counted = [t for t in (_count_one(m, own_noun) for m in members) if t is not None]
    if len(counted) <= 1:
        return counted[0] if counted else None
    return Toll(sum(t.value for t in counted), any(t.explicit for t in counted),
                min(t.start for t in counted), max(t.end for t in counted))


def _added(noun: Token) -> bool:
    """Whether a noun's conjuncts add to it ("soldiers and militants"), not offer another
    reading of it ("ISGS or JNIM fighters")."""
    coordinators = {t.lower_ for m in noun.conjuncts for t in (*m.children, *noun.children) if t.dep_ == "cc"}
    return bool(noun.conjuncts) and not coordinators & {"or", "nor"}


def _count_one(noun: Token, own_noun: bool = False) -> Toll | None:
    """How many one victim noun counts: its number, a vague word, or its plural (a date or
    a place is no victim: "Around 9 May ... in Tijuana, Baja California, a woman was found dead")."""
    if noun.ent_type_ in _NOT_VICTIMS:
        return None
    if noun.like_num:
        value = number_value(noun)
        return Toll(value, True, noun.i, noun.i + 1) if value is not None else None
    counted = _numbered(noun) or _vague(noun) or _of_number(noun)
    if counted is not None:
        return counted
    if own_noun or noun.lower_ in ("none", "nobody", "no one"):
        return None
    return _unnumbered(noun)


def _numbered(noun: Token) -> Toll | None:
    """The number a noun carries ("12 soldiers"), or that hangs off its modifier ("Seventeen
    suspected gunmen"); the lowest where it has several."""
    numbers = [c for c in noun.children if c.dep_ in ("nummod", "quantmod") and c.like_num]
    if not numbers:
        numbers = [t for t in noun.doc[noun.left_edge.i:noun.i]
                   if t.like_num and t.dep_ in ("npadvmod", "nummod", "quantmod")
                   and t.head.head == noun and t.head.dep_ in ("amod", "compound")
                   and noun.doc[t.i + 1].text != "-"]
    values = [v for v in (number_value(n) for n in numbers) if v is not None]
    if not values:
        return None
    first = min(numbers, key=lambda n: n.i)
    return Toll(min(values), True, first.left_edge.i, noun.i + 1)


def _of_number(noun: Token) -> Toll | None:
    """"a family of five", "dozens of people"."""
    for child in noun.children:
        if child.dep_ != "prep" or child.lower_ != "of":
            continue
        for grandchild in child.children:
            value = number_value(grandchild) if grandchild.dep_ == "pobj" and grandchild.like_num else None
            if value is not None:
                return Toll(value, True, noun.i, grandchild.i + 1)
    return None


def _vague(noun: Token) -> Toll | None:
    table = lexicon.quantities()
    if noun.lower_ in table and noun.lower_ not in ("both", "some"):
        target = noun
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                target = next((g for g in child.children if g.dep_ == "pobj"), noun)
        return Toll(table[noun.lower_], False, noun.i, target.i + 1)
    for child in noun.children:
        if child.lower_ in table and child.dep_ in ("amod", "det", "nummod", "quantmod"):
            return Toll(table[child.lower_], child.lower_ in ("both", "couple"), child.i, noun.i + 1)
    return None


def _unnumbered(noun: Token) -> Toll | None:
    """A victim without a figure: 1 for a singular, 10 for a plural."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.lower_ in ("casualties",):
        return None
    several = noun.tag_ in ("NNS", "NNPS")
    return Toll(lexicon.quantities()["several"] if several else 1, False, noun.left_edge.i, noun.i + 1)


def number_value(token: Token) -> int | None:
    """The integer a number token (digits or words) stands for."""
    text = token.text.replace("\u00a0", "")
    if _DIGITS.match(text):
        return int(text.replace(",", ""))
    if text.lower() in ("one", "a", "an"):
        return 1
    phrase = [token.text]
    for child in token.children:
        if child.like_num and child.dep_ in ("compound", "quantmod", "nummod"):
            phrase.insert(0 if child.i < token.i else len(phrase), child.text)
    value = _words_to_number(" ".join(phrase))
    return value if value is not None else _words_to_number(token.text)


@lru_cache(maxsize=4096)
def _words_to_number(text: str) -> int | None:
    """number-parser's reading of number words ("twenty-two"), cached: it is slow."""
    value = parse_number(text.lower())
    return int(value) if isinstance(value, (int, float)) else None


def no_casualties(sentence: Span) -> bool:
    """Whether the sentence says nobody died ("no casualties", "without causing casualties")."""
    text = sentence.text.lower()
    return any(phrase in text for phrase in lexicon.words("nocasualty"))


def best(found: list[Toll]) -> Toll | None:
    """The figure an event takes: the lowest number, else the lowest vague figure."""
    numbers = [t for t in found if t.explicit]
    if numbers:
        return min(numbers, key=lambda t: t.value)
    return min(found, key=lambda t: t.value, default=None)
