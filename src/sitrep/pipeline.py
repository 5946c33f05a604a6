"""The stages composed: `read_page(raw) -> PageResult`, one pure function.

The CLI, the REST API and the Ray engine all call this and nothing else, so
a page is read the same way everywhere. An exception in any stage becomes the
result's `error` (naming the page and the stage); it never escapes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sitrep.bounds import body_for_events, cap_mentions, html_too_deep
from sitrep.clean import clean_page
from sitrep.extract import extract_mentions
from sitrep.extract.naming import name_actors
from sitrep.extract.one_place import fold_same_spot
from sitrep.geo import locate_mentions
from sitrep.model import PageError, PageResult, RawPage
from sitrep.nlp import parse_body

T = TypeVar("T")


def read_page(raw: RawPage) -> PageResult:
    """Clean, extract and geocode one page; the work is bounded by the page's size (`sitrep.bounds`)."""
    try:
        if raw.html is not None and (too_deep := html_too_deep(raw.html)):
            raise PageError(raw.origin or raw.id, "clean", too_deep)
        page = _stage(raw, "clean", lambda: clean_page(raw))
        page.notes.extend((*raw.notes, *raw.warnings))
        read = body_for_events(page)  # the page, or its body's first SITREP_MAX_BODY_CHARS
        doc = _stage(raw, "nlp", lambda: parse_body(read))
        mentions = _stage(raw, "extract", lambda: cap_mentions(read, extract_mentions(read, doc)))
        mentions = _stage(raw, "geocode", lambda: locate_mentions(read, doc, mentions))
        mentions = _stage(raw, "one event a spot", lambda: fold_same_spot(mentions))
        _stage(raw, "name actors", lambda: name_actors(mentions))
        page.language = read.language
    except PageError as error:
        return PageResult(page=None, error=str(error), origin=raw.origin or raw.id)
    return PageResult(page=page, mentions=mentions, origin=raw.origin or raw.id)


def _stage(raw: RawPage, name: str, run: Callable[[], T]) -> T:
    try:
        return run()
    except PageError:
        raise
    except (MemoryError, RecursionError) as error:
        raise PageError(raw.origin or raw.id, name, type(error).__name__) from error
    except Exception as error:  # one bad page must never stop a batch
        raise PageError(raw.origin or raw.id, name, f"{type(error).__name__}: {error}") from error
