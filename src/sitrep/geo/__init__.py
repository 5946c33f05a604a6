"""Geocoding: place names of mentions to gazetteer places (placeholder)."""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.model import Mention, Page


def locate_mentions(page: Page, doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Mentions with `place` filled where the gazetteer resolves their place name."""
    return mentions
