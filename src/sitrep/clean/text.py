"""Cleaning of already-extracted text pages (placeholder until the line classifier lands)."""

from __future__ import annotations

from sitrep.model import Page, RawPage, Span


def clean_text(raw: RawPage) -> Page:
    """Every non-blank line is a body paragraph; the first one is the title."""
    text = raw.text or ""
    spans: list[Span] = []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            start = position + len(line) - len(line.lstrip())
            spans.append(Span(start, start + len(line.strip()), line.strip()))
        position += len(line) + 1
    title = spans[0].text if spans else None
    return Page(id=raw.id, text=text, url=raw.url, published=raw.published, title=title,
                paragraphs=spans[1:])
