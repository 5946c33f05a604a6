"""Parsing a body paragraph by paragraph: offsets are the body's, long bodies do not crash."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitrep import nlp
from sitrep.extract import extract_mentions
from sitrep.model import Page


def test_doc_text_is_the_body_and_paragraphs_start_sentences(page_of: Callable[..., Page]) -> None:
    page = page_of(["First paragraph without a stop", "Second paragraph. Another sentence."])
    doc = nlp.parse_body(page)
    assert doc.text == page.body
    starts = [s.start_char for s in doc.sents]
    assert page.body.index("Second") in starts


def test_body_longer_than_model_limit(monkeypatch: pytest.MonkeyPatch, page_of: Callable[..., Page]) -> None:
    monkeypatch.setattr(nlp, "PIECE_CHARS", 2_000)
    paragraph = " ".join(["Protesters marched in Lagos on Tuesday."] * 120)  # one 4,800-char paragraph
    page = page_of([paragraph, "Gunmen abducted 15 farmers in Kurmin on Monday."])
    doc = nlp.parse_body(page)
    assert doc.text == page.body
    assert extract_mentions(page, doc)
