"""JSON input: JSON Lines (one page a line with `id`, `text` or `html`, `url`,
`published`) and plain JSON files holding one such page object or a list of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sitrep.model import PageError, RawPage
from sitrep.read.dates import parse_iso_date
from sitrep.read.decode import MAX_PAGE_BYTES, repair_text


def read_jsonl(lines: Iterable[str], name: str, published: date | None = None
               ) -> Iterator[RawPage | PageError]:
    """Pages of a JSONL stream; a bad line is a PageError naming file and line."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        if len(line) > MAX_PAGE_BYTES:
            yield PageError(where, "read", f"line too large ({len(line):,} characters)")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield PageError(where, "read", f"malformed JSON ({error.msg} at column {error.colno})")
            continue
        yield _page_of(record, where, published)


def read_json(text: str, name: str, published: date | None = None) -> Iterator[RawPage | PageError]:
    """Pages of a whole JSON document: one page object, or a list of page objects."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        yield PageError(name, "read", f"malformed JSON ({error.msg} at line {error.lineno})")
        return
    if isinstance(document, dict):
        yield _page_of(document, name, published)
    elif isinstance(document, list):
        for index, record in enumerate(document):
            yield _page_of(record, f"{name}[{index}]", published)
    else:
        yield PageError(name, "read", "a JSON file must hold a page object or a list of them")


def _page_of(record: Any, where: str, published: date | None) -> RawPage | PageError:
    if not isinstance(record, dict):
        return PageError(where, "read", "a JSONL line must be an object")
    text, html = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return PageError(where, "read", "no 'text' or 'html' string")
    content_text = repair_text(text) if isinstance(text, str) else None
    content_html = repair_text(html) if isinstance(html, str) else None
    if not (content_text or "").strip() and not (content_html or "").strip():
        return PageError(where, "read", "empty page")
    url = record.get("url") if isinstance(record.get("url"), str) else None
    page_id = record.get("id")
    return RawPage(
        id=str(page_id) if page_id not in (None, "") else (url or where),
        text=content_text if content_text is not None and content_html is None else None,
        html=content_html,
        url=url,
        published=parse_iso_date(record.get("published")) or published,
        origin=where,
    )
