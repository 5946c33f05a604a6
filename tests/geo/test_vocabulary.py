"""The geocoder's words in data/geo/ (sitrep.geo.vocabulary)."""

from __future__ import annotations

from sitrep.geo import vocabulary
from sitrep.geo.build import ENGLISH_ADMIN_WORDS, GENERIC_ADMIN_WORDS
from sitrep.geo.gazetteer import CYRILLIC_ENDINGS, LEADING_DIRECTION_WORDS, TRAILING_GENERIC_WORDS
from sitrep.geo.normalize import ARTICLES, fold_key, skeleton_key

KINDS = {"admin", "trailing", "leading", "article", "abbreviation", "element", "ending"}


def test_every_name_word_has_a_known_kind() -> None:
    rows = vocabulary.rows("name_words.tsv")
    assert {row[0] for row in rows} == KINDS
    assert all(len(row) == 3 for row in rows if row[0] in ("abbreviation", "element"))


def test_the_word_sets_the_geocoder_reads() -> None:
    assert {"province", "oblast", "kabupaten", "of"} <= GENERIC_ADMIN_WORDS
    assert "oblast" in ENGLISH_ADMIN_WORDS and "kabupaten" not in ENGLISH_ADMIN_WORDS
    assert ENGLISH_ADMIN_WORDS <= GENERIC_ADMIN_WORDS <= TRAILING_GENERIC_WORDS
    assert {"countryside", "outskirts"} <= TRAILING_GENERIC_WORDS
    assert {"northern", "greater"} <= LEADING_DIRECTION_WORDS
    assert {"al", "ash"} <= ARTICLES


def test_cyrillic_endings_keep_longest_first() -> None:
    lengths = [len(ending) for ending in CYRILLIC_ENDINGS]
    assert lengths == sorted(lengths, reverse=True)


def test_abbreviations_and_elements_fold() -> None:
    assert fold_key("St. Petersburg") == "saint petersburg"
    assert skeleton_key("Tall Rifaat") == skeleton_key("Tel Rifaat")
