"""A text page as a list of lines with offsets, and the features the cleaners read from a line.

`split_lines` keeps every non-blank line with its character offsets into the
page text (leading and trailing white space excluded), its indentation and
whether a blank line precedes it. The feature functions here are cheap string
tests, shared by the text cleaner (`clean.text`) and the comment finder
(`clean.comments`), which the HTML cleaner can reuse on the text it extracts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CLOSERS = "\"”’»')]"
_SENTENCE_MARKS = ".!?…"
_NON_WORD = re.compile(r"\W+")
_INNER_SENTENCE_END = re.compile(r"[a-z0-9][.!?][\"”’)]?\s+[\[A-Z]")
_MENU_MARKS = ("|", "·", "•", "/", "∙", "  ", " > ", "»", "›")
# Separators of menus, breadcrumbs, share bars and metadata lines: pipes, middle
# dots and bullets, slashes and angle quotes between words, runs of two or more spaces.
_SEPARATOR = re.compile(r"\s+[|·•/∙>»›]\s+|\s*\|\s*|\s{2,}")


@dataclass(frozen=True)
class Line:
    """One non-blank line of a page: its text without surrounding white space, and where it lies."""

    index: int  # position among the page's non-blank lines
    start: int  # offset of the first non-space character in the page text
    end: int  # offset just after the last non-space character
    text: str
    indent: int  # leading spaces (a tab counts 4)
    blank_before: bool  # a blank line (or the page start) precedes it


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of `text`, with offsets into it."""
    lines: list[Line] = []
    position = 0
    blank_before = True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            indent = len(raw[:lead].expandtabs(4))
            start = position + lead
            lines.append(Line(len(lines), start, start + len(stripped), stripped, indent, blank_before))
            blank_before = False
        else:
            blank_before = True
        position += len(raw) + 1
    return lines


def word_count(text: str) -> int:
    """Number of words in a line (white-space separated)."""
    return len(text.split())


def ends_sentence(text: str) -> bool:
    """Whether a line ends like a sentence (full stop, question or exclamation mark, closing quote)."""
    stripped = text.rstrip(_CLOSERS)
    return (stripped != "" and stripped[-1] in _SENTENCE_MARKS) or text.endswith(("”", '"', "»"))


def is_prose(text: str) -> bool:
    """A line that reads as running text: a sentence of three words or more, a long line, or a
    sentence of six words or more followed by more text ("... in Limuru. [size=no report]")."""
    words = word_count(text)
    if (words >= 3 and ends_sentence(text)) or words >= 18:
        return True
    inner = _INNER_SENTENCE_END.search(text)
    return inner is not None and word_count(text[:inner.start() + 1]) >= 6


def segments(text: str) -> list[str]:
    """The parts of a line between menu-like separators (pipes, dots, wide gaps)."""
    return [part for part in _SEPARATOR.split(text) if part.strip()]


def is_menu(text: str) -> bool:
    """A navigation or metadata bar: three or more short parts, or two one- or two-word parts."""
    if not any(mark in text for mark in _MENU_MARKS) or (ends_sentence(text) and word_count(text) > 6):
        return False
    parts = segments(text)
    if len(parts) >= 3:
        return max(word_count(part) for part in parts) <= 7
    return len(parts) == 2 and max(word_count(part) for part in parts) <= 2


def title_key(text: str) -> str:
    """A line reduced for comparing repeated titles: case, dashes, quotes and spacing ignored."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())
