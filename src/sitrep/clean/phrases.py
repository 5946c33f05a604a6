"""The cleaners' word lists, read once from `sitrep/data/clean/` and compiled into regular expressions.

Each `.txt` list holds one regular expression (or one word) a line; `#` starts
a comment line. All patterns of a list are joined into one alternation so a
line is tested against a whole list with a single `search`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources


def _data_lines(name: str) -> list[str]:
    text = resources.files("sitrep").joinpath("data", "clean", name).read_text(encoding="utf-8")
    return [line.strip("\n\r") for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


class PhraseList:
    """A list of patterns tested as one, fast enough for every line of every page.

    Patterns anchored at the line start are grouped by the characters they can
    begin with, so a line is tried only against the patterns its first
    character allows (Python's `re` tries the branches of a large alternation
    one by one). Other patterns are compiled one by one, which lets `re` scan
    for their literal prefix. Lines are matched lower-cased; the patterns are
    written in lower case.
    """

    def __init__(self, patterns: list[str]) -> None:
        by_char: dict[str, list[str]] = {}
        anywhere: list[str] = []  # anchored patterns that may begin with any character
        # Unanchored patterns: those with literal strings one of which must occur for them to
        # match are tried only when one of these strings (the gate) occurs in the line.
        self._gated: list[re.Pattern[str]] = []
        self._ungated: list[re.Pattern[str]] = []
        needles: list[str] = []
        for pattern in patterns:
            parts = _top_level_alternatives(pattern)
            if not all(part.startswith("^") for part in parts):
                prefixes = _literal_prefixes(pattern)
                (self._gated if prefixes else self._ungated).append(re.compile(pattern))
                needles.extend(prefixes)
                continue
            for part in parts:
                firsts = _first_chars(part[1:])
                if firsts is None:
                    anywhere.append(part[1:])
                for char in firsts or ():
                    by_char.setdefault(char, []).append(part[1:])
        self._buckets = {char: _compile(found + anywhere) for char, found in by_char.items()}
        self._default = _compile(anywhere)
        self._gate = _compile([re.escape(needle) for needle in needles])

    def search(self, text: str) -> bool:
        """Whether any pattern of the list occurs in `text`."""
        lowered = text.lower()
        anchored = self._buckets.get(lowered[:1], self._default)
        if anchored is not None and anchored.match(lowered):
            return True
        if any(pattern.search(lowered) for pattern in self._ungated):
            return True
        if self._gate is None or not self._gate.search(lowered):
            return False
        return any(pattern.search(lowered) for pattern in self._gated)


def _compile(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns)) if patterns else None


def _first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a pattern can start with, or None when that is not simply known."""
    if not pattern:
        return None
    head, rest = pattern[0], pattern[1:]
    if head == "(":
        close = _closing(pattern)
        inner, rest = pattern[1:close], pattern[close + 1:]
        if rest[:1] == "{" or (inner.startswith("?") and not inner.startswith("?:")):
            return None
        chars: set[str] = set()
        for alternative in _top_level_alternatives(inner.removeprefix("?:")):
            found = _first_chars(alternative)
            if found is None:
                return None
            chars |= found
        if rest[:1] in ("?", "*"):  # an optional group: what follows it may come first
            after = _first_chars(rest[1:])
            return None if after is None else frozenset(chars | after)
        return frozenset(chars)
    if head == "\\":
        if not rest or rest[0].isalnum():
            return None
        head, rest = rest[0], rest[1:]
    elif head in "[.^$":
        return None
    if rest[:1] in ("?", "*", "{"):
        return None
    return frozenset({head})


def _literal_prefixes(pattern: str) -> tuple[str, ...]:
    """Literal strings, one of which every match of the pattern starts with; () when unknown."""
    prefixes: list[str] = []
    for alternative in _top_level_alternatives(pattern):
        if alternative.startswith("(") and not alternative.startswith("(?"):
            close = _closing(alternative)
            if alternative[close + 1:close + 2] in ("?", "*", "{"):
                return ()
            inner = _literal_prefixes(alternative[1:close])
            if not inner:
                return ()
            prefixes.extend(inner)
            continue
        literal = _leading_literal(alternative.removeprefix("^"))
        if len(literal) < 3:
            return ()
        prefixes.append(literal)
    return tuple(prefixes)


def _leading_literal(pattern: str) -> str:
    """The plain characters a pattern starts with (a character made optional is dropped)."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern) and not pattern[index + 1].isalnum():
            char, index = pattern[index + 1], index + 1
        elif char in "\\.^$[](){}|":
            break
        elif char in "?*+":
            if char != "+" and out:
                out.pop()
            break
        out.append(char)
        index += 1
    return "".join(out)


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """The pattern's structural characters (outside escapes and character classes) with
    their index and the group depth after them: "(" opens, ")" closes, "|" separates."""
    depth, in_class, escaped = 0, False, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[char]
            yield index, char, depth


def _closing(pattern: str) -> int:
    """Index of the parenthesis that closes the one opening `pattern`."""
    return next((index for index, char, depth in _structure(pattern) if char == ")" and depth == 0),
                len(pattern))


def _top_level_alternatives(pattern: str) -> list[str]:
    """The pattern split at its `|` that lie outside groups and character classes."""
    cuts = [index for index, char, depth in _structure(pattern) if char == "|" and depth == 0]
    bounds = [-1, *cuts, len(pattern)]
    return [pattern[start + 1:end] for start, end in itertools.pairwise(bounds)]


def _alternation(name: str) -> PhraseList:
    return PhraseList([line.strip() for line in _data_lines(name)])


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
AUTHOR_BIO = _alternation("author_bio.txt")
SHARE_WORDS = _words("share_words.txt")
COMMENT_HEADER = _alternation("comment_headers.txt")
COMMENT_CONTROL = _alternation("comment_controls.txt")
COMMENT_VERBS = tuple(sorted(_words("comment_verbs.txt"), key=len, reverse=True))
TIME_UNITS = _table("time_units.txt")
RELATIVE_TIMES = tuple(line.strip() for line in _data_lines("relative_times.txt"))
TIME_WORDS = tuple(sorted(_words("time_words.txt"), key=len, reverse=True))


@cache
def month_numbers() -> dict[str, int]:
    """Month name or abbreviation (case-folded) to its number, all languages of months.tsv."""
    numbers: dict[str, int] = {}
    for number, names in _table("months.tsv").items():
        for name in names.split("|"):
            numbers[name.casefold()] = int(number)
    return numbers


MONTH_PATTERN = "|".join(sorted(map(re.escape, month_numbers()), key=len, reverse=True))
