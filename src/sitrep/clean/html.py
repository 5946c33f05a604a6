"""Cleaning of HTML pages (placeholder until the trafilatura stage lands)."""

from __future__ import annotations

import trafilatura

from sitrep.model import Page, RawPage, Span


def clean_html(raw: RawPage) -> Page:
    """Body text by trafilatura, one paragraph a line."""
    extracted = trafilatura.extract(raw.html or "", include_comments=False) or ""
    spans: list[Span] = []
    position = 0
    for line in extracted.split("\n"):
        if line.strip():
            spans.append(Span(position, position + len(line), line))
        position += len(line) + 1
    return Page(id=raw.id, text=extracted, url=raw.url, published=raw.published,
                paragraphs=spans, source_format="html")
