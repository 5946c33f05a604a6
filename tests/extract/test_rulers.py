"""The SpanRuler components mark cues and named actors in doc.spans."""

from __future__ import annotations

from sitrep.extract import rulers, triggers
from sitrep.extract.actors import named_actors
from sitrep.nlp import parse_text


def test_cues_are_marked_with_their_labels() -> None:
    doc = parse_text("Militants shelled the village and later set a school on fire.")
    rulers.mark_cues(doc)
    marked = {(span.text, span.label_) for span in doc.spans[rulers.CUES]}
    assert ("shelled", "SHELL") in marked
    assert any(text.startswith("set") and text.endswith("fire") for text, _ in marked)  # a phrase with a gap


def test_a_hyphenated_cue_matches_as_the_text_is_tokenized() -> None:
    doc = parse_text("Police and gunmen exchanged fire in a shoot-out in the favela.")
    hits = triggers.find_hits(doc)
    assert any(hit.span(doc).text == "shoot-out" and "CLASH" in hit.labels for hit in hits)


def test_short_capital_aliases_match_only_as_written() -> None:
    capital = parse_text("IS fighters attacked the town.")
    lower = parse_text("It is said the town was quiet.")
    assert [a.name for a in named_actors(capital)]
    assert not [a for a in named_actors(lower) if a.start == 1]


def test_an_alias_gives_the_dictionary_name_with_the_words_written() -> None:
    doc = parse_text("Fighters of the Rapid Support Forces entered the city.")
    rulers.mark_actors(doc)
    assert rulers.ACTORS in doc.spans and len(doc.spans[rulers.ACTORS]) >= 1
    assert any("Rapid Support Forces" in a.name for a in named_actors(doc))
