"""Cleaning: RawPage to Page (title, body paragraphs, boilerplate, comment thread).

HTML goes through `clean.html` (trafilatura, with fallbacks); text that was
already extracted from a page goes through `clean.text`, our own line
classifier.
"""

from __future__ import annotations

from sitrep.clean.html import clean_html
from sitrep.clean.text import clean_text
from sitrep.model import Page, RawPage

__all__ = ["clean_page"]


def clean_page(raw: RawPage) -> Page:
    """Split a raw page into title, body, boilerplate and comments."""
    if raw.html is not None:
        return clean_html(raw)
    return clean_text(raw)
