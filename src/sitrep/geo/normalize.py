"""Place-name keys that survive case, diacritics and transliteration.

Two keys are made for every name, in the gazetteer and in the text alike:

- `fold_key`: case and diacritics folded, punctuation and hyphens made spaces,
  a few abbreviations spelled out ("St." -> "saint"). "Ḩimş" and "HIMS" meet.
- `skeleton_key`: the folded key with the spelling variants that English-language
  news uses for Arabic, Persian, Russian or Pashto names brought to one form:
  Arabic articles (al-, el-, ad-, ash- ...) dropped, ay/ai/ei -> e, ou/oo -> u,
  q -> k, -iyah/-iya/-ieh -> ia, doubled letters and digraphs (zhzh) single, spaces removed.
  "al-Qaryatayn", "El Qaryatein" and "Qaryatain" share one skeleton.

Hand-written rather than taken from a library because the variants are those of
news transliteration (not of phonetic codes such as Soundex or Metaphone, which
merge far too much for a gazetteer of 1.4 million names).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sitrep.geo.vocabulary import name_word_map, name_word_set

# Letters that NFKD does not decompose into a base letter and a mark.
SPECIAL_LETTERS = str.maketrans({
    "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ħ": "h",
})
# Apostrophes and ayn/hamza marks vanish inside words ("Sana'a" = "Sanaa").
_SILENT = re.compile(r"[\u2018\u2019\u02bb\u02bc\u02be\u02bf`´'ʿʾ]")
_NON_WORD = re.compile(r"[\W_]+")
# Short words spelled out, Arabic articles, and Arabic name elements spelled many ways ("Tall"/"Tell"
# hill, "Jabal"/"Jebel" mountain) brought to one: data/geo/name_words.tsv.
_ABBREVIATIONS = name_word_map("abbreviation")
ARTICLES = name_word_set("article")
_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement) for pattern, replacement in (
        (r"(?:iyyah|iyyeh|iyah|iyeh|iyya|iyye|iya|iye|ieh|iah|ija)$", "ia"),
        (r"dj", "j"),
        (r"(zh|sh|ch|kh)\1", r"\1"),  # Ukrainian doubled digraphs: Zaporizhzhia = Zaporizhia
        (r"q", "k"),
        (r"ck", "k"),
        (r"(?:ou|oo|ow)", "u"),
        (r"aw", "o"),
        (r"(?:ay|ai|ei|ey)", "e"),
        (r"ee", "i"),
        (r"y", "i"),
        (r"(?<=[aeiou])h$", ""),
        (r"([a-z])\1+", r"\1"),
    )
)
_COMMON_ELEMENTS = name_word_map("element")
_LATIN_KEY = re.compile(r"^[a-z0-9 ]+$")


def fold(name: str) -> str:
    """Case, diacritics and punctuation folded; words separated by one space (uncached)."""
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name.translate(SPECIAL_LETTERS))
        text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    words = _NON_WORD.sub(" ", _SILENT.sub("", text)).split()
    if len(words) > 1:  # "The Hague" = "Hague", "Republic of the Congo" = "Republic of Congo"
        words = [word for word in words if word != "the"] or words
    return " ".join([_ABBREVIATIONS.get(word, word) for word in words])


fold_key = lru_cache(maxsize=200_000)(fold)


def is_latin_key(key: str) -> bool:
    """Whether a folded key is plain Latin letters and digits (skeletons apply)."""
    return bool(_LATIN_KEY.match(key))


def skeleton_of_fold(key: str) -> str:
    """The skeleton of an already folded key ('' for non-Latin script)."""
    if not key or not is_latin_key(key):
        return ""
    words = key.split()
    if len(words) > 1:
        words = [word for word in words if word not in ARTICLES] or words
    return "".join([_skeleton_word(word) for word in words])


@lru_cache(maxsize=200_000)
def skeleton_key(name: str) -> str:
    """The transliteration-insensitive key of a name ('' for non-Latin script)."""
    return skeleton_of_fold(fold_key(name))


def _skeleton_word(word: str) -> str:
    word = _COMMON_ELEMENTS.get(word, word)
    for pattern, replacement in _SKELETON_RULES:
        word = pattern.sub(replacement, word)
    return word


def strip_article(key: str) -> str:
    """A folded key without a leading Arabic article word ("al qaim" -> "qaim")."""
    words = key.split()
    if len(words) > 1 and words[0] in ARTICLES:
        return " ".join(words[1:])
    return key
