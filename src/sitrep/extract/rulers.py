"""spaCy components that mark a Doc's cues and named actors in `doc.spans`.

Two `SpanRuler`s are loaded from the trigger lexicon (data/extract/triggers.tsv):
one matches phrases on lemmas ("shelled" is "shell"; a phrase with a gap,
"set * on fire", is a token pattern), the other on regular inflected forms,
where the small model's lemmatizer slips ("raped" -> "rap"). Two more are
loaded from the actor dictionary (data/extract/actors.tsv): aliases matched
case-insensitively, and short all-capital aliases ("IS", "RSF") matched only in
capitals. Each writes its matches, labelled with the cue label or the actor's
canonical name, to one span group (`CUES`, `ACTORS`); `triggers.find_hits`
and `actors.named_actors` read them from there.

The lexicon gives its phrases as lemmas already, so the patterns are made by a
tokenizer-only pipeline whose lemma is the lower-case word: running them
through the tagger and lemmatizer would change words of the list ("shelling"
is a noun of its own there).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc

from sitrep.extract import lexicon
from sitrep.nlp import language

CUES = "sitrep_cues"
ACTORS = "sitrep_actors"
SHORT_ALIAS = 5  # all-capital aliases this short match only as written


@Language.component("sitrep_word_is_lemma")
def word_is_lemma(doc: Doc) -> Doc:
    """The lemma of each word of a lexicon phrase is the word itself, lower-cased."""
    for token in doc:
        token.lemma_ = token.lower_
    return doc


def _pattern_language() -> Language:
    """A tokenizer-only pipeline on the model's vocabulary and tokenizer, for making a ruler's
    patterns (one for each ruler: a ruler runs the components before it on its patterns)."""
    model = language()
    nlp = spacy.blank("en", vocab=model.vocab)
    nlp.tokenizer = model.tokenizer
    nlp.add_pipe("sitrep_word_is_lemma")
    return nlp


def _ruler(name: str, key: str, attr: str, first: bool) -> SpanRuler:
    """A ruler in the pattern pipeline, after the lemma component (SpanRuler makes its phrase
    patterns with the components before it). Only the first ruler of a span group overwrites
    it; the others add to what it wrote."""
    config = {"spans_key": key, "phrase_matcher_attr": attr, "overwrite": first}
    ruler = _pattern_language().add_pipe("span_ruler", name=name, config=config)
    assert isinstance(ruler, SpanRuler)
    return ruler


def inflections(word: str) -> set[str]:
    """Regular English forms of a word, for where the lemmatizer slips ("raped" -> "rap").

    Hand-written because the forms needed are few and regular; irregular forms
    are left to the lemmatizer.
    """
    stem = word[:-1] if word.endswith("e") else word
    doubled = word + word[-1] if len(word) > 2 and word[-1] in "bdgmnprt" and word[-2] in "aeiou" \
        and word[-3] not in "aeiou" else word
    forms = {word, word + "s", word + "es", stem + "ed", stem + "ing", doubled + "ed", doubled + "ing"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    return forms


def _gapped_token(word: str) -> dict[str, Any]:
    """A token of a phrase with a gap: "*" any one word, "lemma/POS" a lemma as that part of
    speech, else a lemma."""
    if word == "*":
        return {"IS_PUNCT": False, "OP": "?"}
    lemma, _, pos = word.partition("/")
    return {"LEMMA": lemma, "POS": pos} if pos else {"LEMMA": lemma}


@lru_cache(maxsize=1)
def cue_rulers() -> tuple[SpanRuler, SpanRuler]:
    """The lemma ruler and the inflected-form ruler of the trigger lexicon."""
    by_lemma = _ruler("sitrep_cue_lemmas", CUES, "LEMMA", first=True)
    by_form = _ruler("sitrep_cue_forms", CUES, "LOWER", first=False)
    lemma_patterns: list[dict[str, Any]] = []
    form_patterns: list[dict[str, Any]] = []
    for label, phrase in lexicon.trigger_phrases():
        words = phrase.split()
        if "*" in words:
            lemma_patterns.append({"label": label, "pattern": [_gapped_token(w) for w in words]})
            continue
        lemma_patterns.append({"label": label, "pattern": phrase})
        form_patterns.extend({"label": label, "pattern": " ".join([form, *words[1:]])}
                             for form in sorted(inflections(words[0])))
    by_lemma.add_patterns(lemma_patterns)
    by_form.add_patterns(form_patterns)
    return by_lemma, by_form


@lru_cache(maxsize=1)
def actor_rulers() -> tuple[SpanRuler, SpanRuler]:
    """The case-insensitive and the as-written ruler of the actor dictionary."""
    any_case = _ruler("sitrep_actor_aliases", ACTORS, "LOWER", first=True)
    as_written = _ruler("sitrep_actor_short_aliases", ACTORS, "ORTH", first=False)
    loose: list[dict[str, Any]] = []
    exact: list[dict[str, Any]] = []
    for entry in lexicon.actors():
        for alias in sorted(set(entry.aliases) | {a.replace("'", "’") for a in entry.aliases}):
            short = alias.isupper() and len(alias) <= SHORT_ALIAS
            (exact if short else loose).append({"label": entry.name, "pattern": alias})
    any_case.add_patterns(loose)
    as_written.add_patterns(exact)
    return any_case, as_written


@Language.component("sitrep_cues")
def mark_cues(doc: Doc) -> Doc:
    """Write the trigger lexicon's matches to `doc.spans[CUES]`, labelled with their cue label."""
    for ruler in cue_rulers():
        doc = ruler(doc)
    return doc


@Language.component("sitrep_actors")
def mark_actors(doc: Doc) -> Doc:
    """Write the actor dictionary's matches to `doc.spans[ACTORS]`, labelled with the actor's name."""
    for ruler in actor_rulers():
        doc = ruler(doc)
    return doc
