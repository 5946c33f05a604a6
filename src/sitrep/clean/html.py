"""Cleaning of HTML pages: RawPage with `html` to Page.

The page is parsed once (lxml, through trafilatura's loader). Reader comments
are found first by our structural finder (`clean.html_comments`) and cut out
of the tree, so that no comment reaches the body; the rest goes to
trafilatura for body, title, byline and date (htmldate). Where trafilatura
returns no body, an explicit chain of fallbacks is tried in order:
resiliparse's main-content extraction, then readability-lxml.

`Page.text` is a rendering built here: the title, a blank line, the body
paragraphs separated by blank lines, then the comments (author line, text).
Every offset (paragraphs, boilerplate, comments) points into it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files

import lxml.html
import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from readability import Document as ReadabilityDocument
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.utils import load_html

from sitrep.clean.dates import find_date as find_date_in_text
from sitrep.clean.html_comments import FoundComment, Thread, find_thread
from sitrep.clean.lines import ends_sentence
from sitrep.clean.phrases import BOILERPLATE
from sitrep.clean.text import is_byline, is_chrome
from sitrep.model import BODY_JOINER, Comment, Page, PageError, RawPage, Span
from sitrep.read.dates import parse_iso_date

__all__ = ["clean_html"]

# trafilatura and htmldate log every page they find odd; a batch must stay quiet
for _name in ("trafilatura", "htmldate", "readability", "readability.readability"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_WHITESPACE = re.compile(r"\s+")
_SCRIPT = re.compile(r"<(script|style)\b.*?(</\1\s*>|$)", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_MAX_TITLE_CHARS = 300
_SHORT_BODY_CHARS = 500  # a body shorter than this is extracted again with trafilatura's fallbacks
_MAX_EDGE_LINES = 3  # furniture lines looked for at each end of trafilatura's body
_MAX_DATELINE_WORDS = 12
_MAX_FURNITURE_WORDS = 5  # a shorter line in trafilatura's comments must end a sentence


@dataclass
class Extraction:
    """What one extractor found: body paragraphs, metadata and (trafilatura's) comments."""

    paragraphs: list[str]
    source: str
    title: str | None = None
    author: str | None = None
    published: date | None = None
    comments: list[str] = field(default_factory=list)


def clean_html(raw: RawPage) -> Page:
    """Split an HTML page into title, body paragraphs, boilerplate and comment thread."""
    html = raw.html or ""
    tree, thread, extraction = _read(html, raw.url)
    if extraction is None:
        raise PageError(raw.origin or raw.id, "clean", "no article text found in the HTML")
    comments, source = _choose_comments(thread, extraction)
    page = _render(raw, _clean_title(extraction.title) or _document_title(tree),
                   extraction.paragraphs, comments)
    if not page.paragraphs:
        raise PageError(raw.origin or raw.id, "clean", "no article text found in the HTML")
    page.byline = _clean_title(extraction.author)
    page.published = raw.published or extraction.published or raw.fetched
    page.notes.append(f"body by {extraction.source}")
    if source:
        page.notes.append(f"comments by {source}")
    return page


def _read(html: str, url: str | None) -> tuple[HtmlElement | None, Thread, Extraction | None]:
    """The parsed page, its comment thread (cut out of the tree) and the extraction."""
    tree = _parse(html)
    thread = find_thread(tree) if tree is not None else Thread()
    for element in thread.elements:
        _drop(element)
    extraction = _extract(tree, html, url)
    if thread.elements and (extraction is None or extraction.source != "trafilatura"):
        # nothing left but the "comments": a forum or a review page whose posts are the
        # content; read it whole, posts as the body
        tree, thread = _parse(html), Thread()
        extraction = _extract(tree, html, url, comments=False)
    if extraction is not None and not thread.comments and _comments_outweigh_body(extraction):
        # trafilatura took the article for comments (an opinion piece marked "comment", a
        # story marked "has-comments"): read the page again without its comment detection
        extraction = _extract(tree, html, url, comments=False)
    return tree, thread, extraction


def _choose_comments(thread: Thread, extraction: Extraction) -> tuple[list[FoundComment], str | None]:
    """Our thread, less comments that are only a section's furniture; else trafilatura's
    comment lines that read as comments. Also says where they came from."""
    ours = [c for c in thread.comments if not all(map(_is_furniture, c.text.split("\n")))]
    if ours:
        return ours, "structure"
    theirs = [FoundComment(author=None, text=line) for line in extraction.comments
              if _reads_as_comment(line)]
    return theirs, "trafilatura" if theirs else None


def _parse(html: str) -> HtmlElement | None:
    if not html.strip():
        return None
    try:
        tree = load_html(html)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None
    return tree if isinstance(tree, HtmlElement) else None


def _drop(element: HtmlElement) -> None:
    """Remove an element from its tree, keeping the text that follows it."""
    if element.getparent() is not None:
        element.drop_tree()


@cache
def _furniture() -> re.Pattern[str]:
    text = files("sitrep").joinpath("data/html/comment_furniture.txt").read_text(encoding="utf-8")
    phrases = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return re.compile("|".join(re.escape(phrase) for phrase in phrases), re.IGNORECASE)


def _is_furniture(line: str) -> bool:
    """A line of a comment section's furniture: a login prompt, a form's notice, a policy."""
    return not line.strip() or _furniture().search(line) is not None


def _reads_as_comment(line: str) -> bool:
    """A line of trafilatura's comment section that is not its furniture ("0 Comments",
    "Loading comments...", "Leave a Reply", a count, a consent notice)."""
    if is_chrome(line) or BOILERPLATE.search(line) or _is_furniture(line):
        return False
    return len(line.split()) > _MAX_FURNITURE_WORDS or (ends_sentence(line) and not line.endswith("..."))


def _comments_outweigh_body(extraction: Extraction) -> bool:
    return sum(map(len, extraction.comments)) >= sum(map(len, extraction.paragraphs))


def _extract(tree: HtmlElement | None, html: str, url: str | None,
             comments: bool = True) -> Extraction | None:
    """The first extractor of the chain that finds a body."""
    chain: list[Callable[[], Extraction | None]] = [
        lambda: _by_trafilatura(tree, url, comments),
        lambda: _by_resiliparse(html),
        lambda: _by_readability(html),
    ]
    metadata: Extraction | None = None
    for extractor in chain:
        found = extractor()
        if found is None:
            continue
        if found.paragraphs:
            if metadata is not None:
                found.title = found.title or metadata.title
                found.author, found.published = metadata.author, metadata.published
                found.comments = metadata.comments
            return found
        metadata = metadata or found
    return None


def _by_trafilatura(tree: HtmlElement | None, url: str | None, comments: bool) -> Extraction | None:
    if tree is None:
        return None
    # fast=True skips trafilatura's own readability/justext comparison: on the AEB pages it
    # is both faster and (slightly) more accurate; a short result is read again without it.
    document = _trafilatura(tree, url, comments, fast=True)
    if len(document.text or "" if document else "") < _SHORT_BODY_CHARS:
        slow = _trafilatura(tree, url, comments, fast=False)
        if slow is not None and len(slow.text or "") > len(document.text or "" if document else ""):
            document = slow
    found = _metadata(tree, url)
    if document is not None:
        found.paragraphs = _lines(document.text or "")
        found.comments = _lines(document.comments or "")
    return found


def _trafilatura(tree: HtmlElement, url: str | None, comments: bool,
                 fast: bool) -> TrafilaturaDocument | None:
    document = trafilatura.bare_extraction(tree, url=url, fast=fast, include_comments=comments,
                                           include_tables=True)
    return document if isinstance(document, TrafilaturaDocument) else None


def _metadata(tree: HtmlElement, url: str | None) -> Extraction:
    """Title, author and publication date from meta tags, JSON-LD, headings and htmldate.

    trafilatura's own `extract_metadata` also guesses the author from the page's text,
    which costs more than the body extraction itself; bylines in meta tags and JSON-LD
    are kept, the costly guess is left out. htmldate's extensive search is left out too:
    on one AEB page its text scan takes 1.7 s (the whole page otherwise takes 20 ms).
    """
    found = Extraction(paragraphs=[], source="trafilatura")
    try:
        document = extract_meta_json(tree, examine_meta(tree))
        found.title = document.title or extract_title(tree)
        found.author = document.author if document.author and " " in document.author else None
        found.published = parse_iso_date(find_date(tree, url=url, extensive_search=False,
                                                   original_date=True))
    except Exception:  # metadata is a bonus: a failure in it must not lose the page
        pass
    return found


def _by_resiliparse(html: str) -> Extraction | None:
    text = extract_plain_text(HTMLTree.parse(html), main_content=True, alt_texts=False,
                              links=False, list_bullets=False)
    return Extraction(paragraphs=_lines(text), source="resiliparse")


def _by_readability(html: str) -> Extraction | None:
    try:
        summary = ReadabilityDocument(html).summary(html_partial=True)
        fragment = lxml.html.fromstring(summary)
    except Exception:  # readability raises its own errors (Unparseable) and lxml's
        return None
    blocks = fragment.xpath(".//p | .//li | .//h2 | .//h3 | .//h4 | .//blockquote | .//pre")
    texts = [b.text_content() for b in blocks] or [fragment.text_content()]
    return Extraction(paragraphs=[t for t in (_WHITESPACE.sub(" ", x).strip() for x in texts) if t],
                      source="readability")


def _lines(text: str) -> list[str]:
    return [line for line in (_WHITESPACE.sub(" ", raw).strip() for raw in text.split("\n")) if line]


def _clean_title(value: str | None) -> str | None:
    """Metadata text without markup that crept in (a <script> in a <title>)."""
    if not value:
        return None
    text = _WHITESPACE.sub(" ", _TAG.sub(" ", _SCRIPT.sub(" ", value))).strip()
    return text[:_MAX_TITLE_CHARS] or None


def _document_title(tree: HtmlElement | None) -> str | None:
    if tree is None:
        return None
    for path in (".//h1", ".//title"):
        element = tree.find(path)
        if element is not None:
            title = _clean_title(element.text_content())
            if title:
                return title
    return None


def _render(raw: RawPage, title: str | None, paragraphs: list[str],
            comments: list[FoundComment]) -> Page:
    """Lay out Page.text and point every span into it."""
    writer = _TextWriter()
    boilerplate: list[Span] = []
    title_span = writer.add(title) if title else None
    body: list[Span] = []
    comment_lines = {_WHITESPACE.sub(" ", line).strip() for c in comments for line in c.text.split("\n")}
    first, last = _body_edges(paragraphs, title)
    for number, paragraph in enumerate(paragraphs):
        if paragraph in comment_lines:
            continue  # a comment trafilatura let through: never in the body
        if first <= number < last:
            body.append(writer.add(paragraph))
        else:
            boilerplate.append(writer.add(paragraph))
    thread: list[Comment] = []
    for found in comments:
        if found.author:
            writer.add(found.author)
        span = writer.add(found.text)
        thread.append(Comment(author=found.author, text=found.text, parent=found.parent,
                              posted=found.posted, start=span.start, end=span.end))
    return Page(id=raw.id, text=writer.text(), url=raw.url, title=title, paragraphs=body,
                boilerplate=boilerplate, comments=thread, source_format="html", title_span=title_span)


def _body_edges(paragraphs: list[str], title: str | None) -> tuple[int, int]:
    """The body without the page furniture trafilatura may leave at its edges: the title
    repeated, a byline or dateline before the text, a share bar or "read more" after it."""
    first, last = 0, len(paragraphs)
    while first < min(last - 1, _MAX_EDGE_LINES) and _leading_furniture(paragraphs[first], title):
        first += 1
    while last > max(first + 1, len(paragraphs) - _MAX_EDGE_LINES) and is_chrome(paragraphs[last - 1]):
        last -= 1
    return first, last


def _leading_furniture(paragraph: str, title: str | None) -> bool:
    if title and _same(paragraph, title):
        return True
    if is_chrome(paragraph) or is_byline(paragraph):
        return True
    short = len(paragraph.split()) <= _MAX_DATELINE_WORDS and not ends_sentence(paragraph)
    return short and find_date_in_text(paragraph) is not None


def _same(a: str, b: str) -> bool:
    return _WHITESPACE.sub(" ", a).strip().casefold() == _WHITESPACE.sub(" ", b).strip().casefold()


class _TextWriter:
    """Appends blocks separated by blank lines and returns the span of each."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0

    def add(self, block: str) -> Span:
        if self._parts:
            self._parts.append(BODY_JOINER)
            self._length += len(BODY_JOINER)
        start = self._length
        self._parts.append(block)
        self._length += len(block)
        return Span(start, self._length, block)

    def text(self) -> str:
        return "".join(self._parts)
