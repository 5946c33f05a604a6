"""The cleaners' word lists, read once from `sitrep/data/clean/` and compiled into regular expressions.

Each `.txt` list holds one regular expression (or one word) a line; `#` starts
a comment line. All patterns of a list are joined into one alternation so a
line is tested against a whole list with a single `search`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


def _data_lines(name: str) -> list[str]:
    text = resources.files("sitrep").joinpath("data", "clean", name).read_text(encoding="utf-8")
    return [line.strip("\n\r") for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _alternation(name: str) -> re.Pattern[str]:
    patterns = [line.strip() for line in _data_lines(name)]
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def _words(name: str) -> frozenset[str]:
    return frozenset(line.strip().casefold() for line in _data_lines(name))


def _table(name: str) -> dict[str, str]:
    """A two-column tab-separated list: first column to second."""
    rows = (line.split("\t", 1) for line in _data_lines(name))
    return {key.strip(): value.strip() for key, value in rows}


BOILERPLATE = _alternation("boilerplate.txt")
LIST_HEADER = _alternation("list_headers.txt")
EDGE = _alternation("edge.txt")
BYLINE = _alternation("byline.txt")
SHARE_WORDS = _words("share_words.txt")
COMMENT_HEADER = _alternation("comment_headers.txt")
COMMENT_CONTROL = _alternation("comment_controls.txt")
COMMENT_VERBS = tuple(sorted(_words("comment_verbs.txt"), key=len, reverse=True))
TIME_UNITS = _table("time_units.txt")


@cache
def month_numbers() -> dict[str, int]:
    """Month name or abbreviation (case-folded) to its number, all languages of months.tsv."""
    numbers: dict[str, int] = {}
    for number, names in _table("months.tsv").items():
        for name in names.split("|"):
            numbers[name.casefold()] = int(number)
    return numbers


MONTH_PATTERN = "|".join(sorted(map(re.escape, month_numbers()), key=len, reverse=True))
