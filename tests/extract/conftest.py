"""Helpers for the extraction tests: a page from paragraphs, read through the stages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from sitrep.extract import extract_mentions
from sitrep.model import Mention, Page, Span
from sitrep.nlp import parse_body


def make_page(paragraphs: list[str], published: date | None = date(2024, 3, 15),
              title: str = "News") -> Page:
    """A cleaned page whose text is its title and paragraphs separated by blank lines."""
    text = title + "\n\n"
    spans = []
    for paragraph in paragraphs:
        spans.append(Span(len(text), len(text) + len(paragraph), paragraph))
        text += paragraph + "\n\n"
    return Page(id="test", text=text, title=title, published=published, paragraphs=spans)


@pytest.fixture
def page_of() -> Callable[..., Page]:
    return make_page


@pytest.fixture
def read() -> Callable[..., list[Mention]]:
    def _read(*paragraphs: str, published: date | None = date(2024, 3, 15),
              title: str = "News") -> list[Mention]:
        page = make_page(list(paragraphs), published, title)
        return extract_mentions(page, parse_body(page))
    return _read
