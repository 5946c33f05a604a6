"""Extraction: the body of a cleaned page to mentions of events (placeholder)."""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.model import Mention, Page


def extract_mentions(page: Page, doc: Doc) -> list[Mention]:
    """Events read from the page's body; none until the extraction stage lands."""
    return []
