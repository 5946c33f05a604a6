"""Work bounded by a page's size: checks and caps applied around the stages by `pipeline.read_page`.

- HTML nested deeper than SITREP_MAX_HTML_DEPTH is refused before parsing: the
  HTML parsers' fallbacks take time that grows with the square of the depth
  (20,000 nested `div`s: 9 s of CPU; 100,000: minutes), and no news page nests
  more than a few hundred deep. The depth is counted by a cheap scan of the tags.
- The body read for events is cut at SITREP_MAX_BODY_CHARS (at a paragraph or
  a space), and the cut is written in the page's notes.
- The events kept from one page are capped by SITREP_MAX_EVENTS_PER_PAGE and by
  SITREP_MAX_EVENTS_PER_1000_WORDS of body (a list of 5,000 places is not
  thousands of events), with a note.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sitrep.limits import limits
from sitrep.model import Mention, Page, Span

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*?(/?)>")
# Elements that never hold others, or that the next of their kind closes: they add no depth.
_FLAT = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr", "html", "head", "body", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp"))
_EVENT_FLOOR = 10  # events a page may always keep, however short


def html_too_deep(html: str) -> str | None:
    """Why the HTML is refused (nested too deep), or None; linear in its length."""
    limit = limits().max_html_depth
    if html.count("<") <= limit:
        return None
    depth = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _FLAT:
            continue
        if closing:
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > limit:
            return f"HTML nested deeper than {limit:,} elements (limit SITREP_MAX_HTML_DEPTH): not parsed"
    return None


def body_for_events(page: Page) -> Page:
    """The page itself, or a copy whose body stops at the size limit (noted in the page's notes).

    The copy shares the page's text and notes, and its paragraphs are a prefix of
    the page's (the last one maybe shortened), so every offset read from it is an
    offset into the page as it is.
    """
    limit = limits().max_body_chars
    if len(page.body) <= limit:
        return page
    kept: list[Span] = []
    room = limit
    for paragraph in page.paragraphs:
        if len(paragraph.text) > room:
            cut = paragraph.text.rfind(" ", 0, room)
            if cut > 0:
                kept.append(Span(paragraph.start, paragraph.start + cut, paragraph.text[:cut]))
            break
        kept.append(paragraph)
        room -= len(paragraph.text) + 2
    page.notes.append(f"body of {len(page.body):,} characters: events read from its first {limit:,} "
                      f"only (limit SITREP_MAX_BODY_CHARS)")
    return replace(page, paragraphs=kept)


def cap_mentions(page: Page, mentions: list[Mention]) -> list[Mention]:
    """The mentions, or the first of them when a page gives more than its size warrants (noted)."""
    settings = limits()
    words = len(page.body.split())
    allowed = min(settings.max_events_per_page,
                  max(_EVENT_FLOOR, words * settings.max_events_per_1000_words // 1000))
    if len(mentions) <= allowed:
        return mentions
    page.notes.append(f"{len(mentions):,} events read from {words:,} words: only the first {allowed} kept "
                      f"(limits SITREP_MAX_EVENTS_PER_PAGE, SITREP_MAX_EVENTS_PER_1000_WORDS)")
    return mentions[:allowed]
