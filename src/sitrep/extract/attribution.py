"""Who says so: the source of an occurrence and how certain the text makes it.

EVENTS.md section 3a: "..., X said" or "according to X" makes a statement
`claimed` with source X; the outlet's own doubt ("without providing evidence",
"could not be independently verified") or a denial that it happened makes it
`disputed`; a quarrel over who did it ("denied its forces had carried it
out") does not. Reporting verbs, denial words, responsibility words and
doubt phrases are data (data/extract/lexicon.tsv).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from sitrep.extract import lexicon
from sitrep.extract.actors import PRONOUNS, nearest_subject, noun_phrase

_MAX_UP = 8


@dataclass(frozen=True)
class Attribution:
    """Who states the occurrence (None: the outlet) and the reporting verb's token."""

    source: str | None
    verb: Token | None
    pronoun: bool = False


def attribute(trigger: Token, sentence: Span) -> Attribution:
    """The party the sentence attributes the occurrence at `trigger` to."""
    report = lexicon.words("report")
    current = trigger
    for _ in range(_MAX_UP):
        if current is not trigger and current.pos_ in ("VERB", "AUX") and current.lemma_.lower() in report:
            subject = nearest_subject(current)
            if subject is not None and subject.lemma_.lower() not in ("toll", "report", "video"):
                return _from_subject(subject)
        if current.head == current:
            break
        current = current.head
    according = _according_to(sentence)
    if according is not None:
        return Attribution(noun_phrase(according).text, None)
    if trigger.lemma_.lower() in report:
        return Attribution(None, None)
    root = sentence.root
    if root.lemma_.lower() in report and root.i > trigger.i:
        subject = nearest_subject(root)
        if subject is not None:
            return _from_subject(subject)
    return Attribution(None, None)


def _from_subject(subject: Token) -> Attribution:
    if subject.lower_ in PRONOUNS:
        return Attribution(subject.text, subject.head, pronoun=True)
    phrase = noun_phrase(subject)
    for conj in subject.conjuncts:
        phrase = subject.doc[phrase.start:max(phrase.end, conj.i + 1)]
    return Attribution(phrase.text, subject.head)


def _according_to(sentence: Span) -> Token | None:
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < sentence.end and token.nbor().lower_ == "to":
            for child in token.nbor().children:
                if child.dep_ == "pobj":
                    return child
            if token.i + 2 < sentence.end:
                return token.nbor(2)
    return None


def doubted(sentence: Span) -> bool:
    """Whether the outlet doubts what the sentence states."""
    text = sentence.text.lower()
    return any(phrase in text for phrase in lexicon.words("doubt"))


def denial(sentence: Span) -> Token | None:
    """The word of a sentence that denies an occurrence (not a quarrel over who did it)."""
    deny, responsibility = lexicon.words("deny"), lexicon.words("responsibility")
    for token in sentence:
        if token.lemma_.lower() not in deny and token.lower_ not in deny:
            continue
        if any(c.dep_ == "neg" for c in token.children):
            continue  # "did not deny that the town had been lost"
        scope = " ".join(t.lemma_.lower() for t in token.subtree) if token.pos_ == "VERB" \
            else " ".join(t.lemma_.lower() for t in sentence)
        scope_text = " " + scope + " " + " ".join(t.lower_ for t in token.subtree) + " "
        if any(f" {word} " in scope_text for word in responsibility):
            continue
        return token
    return None
