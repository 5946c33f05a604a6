"""JSON input: JSON Lines (one page a line with `id`, `text` or `html`, `url`,
`published`) and plain JSON files holding one such page object or a list of them.

Every line is bounded before it is parsed: its length (SITREP_MAX_JSON_VALUE_BYTES),
its nesting (SITREP_MAX_JSON_DEPTH, counted cheaply outside strings), and the
parser's own refusals (an integer of thousands of digits, recursion) are one
error line for that line, never an exception out of the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sitrep.limits import limits
from sitrep.model import PageError, RawPage
from sitrep.read.dates import parse_iso_date
from sitrep.read.decode import repair_text
from sitrep.read.stream import Overlong

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def read_jsonl(lines: Iterable[str | Overlong], name: str, published: date | None = None
               ) -> Iterator[RawPage | PageError]:
    """Pages of a JSONL stream; a bad line is a PageError naming file and line."""
    limit = limits().max_json_value_bytes
    for number, line in enumerate(lines, start=1):
        where = f"{name}:{number}"
        if isinstance(line, Overlong) or len(line) > limit:
            size = line.size if isinstance(line, Overlong) else len(line)
            yield PageError(where, "read", f"line too large ({size:,} bytes, limit {limit:,}: "
                                           f"SITREP_MAX_JSON_VALUE_BYTES)")
            continue
        if not line.strip():
            continue
        try:
            record = parse_json(line)
            page = _page_of(record, where, published)
        except ValueError as error:
            yield PageError(where, "read", str(error))
            continue
        except Exception as error:  # MemoryError, a library's own error: this line's, not the file's
            yield PageError(where, "read", f"{type(error).__name__}: {str(error)[:200]}")
            continue
        yield page


def read_json(text: str, name: str, published: date | None = None) -> Iterator[RawPage | PageError]:
    """Pages of a whole JSON document: one page object, or a list of page objects."""
    try:
        document = parse_json(text)
    except ValueError as error:
        yield PageError(name, "read", str(error))
        return
    if isinstance(document, dict):
        yield _page_of(document, name, published)
    elif isinstance(document, list):
        for index, record in enumerate(document):
            yield _page_of(record, f"{name}[{index}]", published)
    else:
        yield PageError(name, "read", "a JSON file must hold a page object or a list of them")


def parse_json(text: str) -> Any:
    """`json.loads` within the depth limit; every refusal is a ValueError with a clear message."""
    depth = limits().max_json_depth
    if too_deep(text, depth):
        raise ValueError(f"JSON nested deeper than {depth} (limit SITREP_MAX_JSON_DEPTH)")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise ValueError(f"malformed JSON ({error.msg} at {where})") from None
    except RecursionError:
        raise ValueError("JSON nested too deep for the parser") from None
    except ValueError as error:  # e.g. an integer of over 4,300 digits
        raise ValueError(f"unreadable JSON value ({str(error).split(';')[0]})") from None


def too_deep(text: str, limit: int) -> bool:
    """Whether arrays and objects nest deeper than `limit` (brackets inside strings not counted)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            return True
    return False


def _page_of(record: Any, where: str, published: date | None) -> RawPage | PageError:
    if not isinstance(record, dict):
        return PageError(where, "read", "a JSONL line must be an object")
    content = _content(record, where)
    if isinstance(content, PageError):
        return content
    content_text, content_html = content
    url = record.get("url") if isinstance(record.get("url"), str) else None
    given, warnings = _published(record.get("published"))
    return RawPage(
        id=_page_id(record.get("id")) or url or where,
        text=content_text if content_text is not None and content_html is None else None,
        html=content_html,
        url=url,
        published=given or published,
        origin=where,
        warnings=warnings,
    )


def _content(record: dict[str, Any], where: str) -> tuple[str | None, str | None] | PageError:
    """The record's text and HTML (each a string or None), repaired; an error when neither is usable."""
    text = record.get("text") if isinstance(record.get("text"), str) else None
    html = record.get("html") if isinstance(record.get("html"), str) else None
    if text is None and html is None:
        return PageError(where, "read", "no 'text' or 'html' string")
    limit = limits().max_json_value_bytes
    if max(len(text or ""), len(html or "")) > limit:
        return PageError(where, "read", f"page text too large (limit {limit:,}: SITREP_MAX_JSON_VALUE_BYTES)")
    content_text = repair_text(text) if text is not None else None
    content_html = repair_text(html) if html is not None else None
    if not (content_text or "").strip() and not (content_html or "").strip():
        return PageError(where, "read", "empty page")
    return content_text, content_html


def _page_id(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _published(value: Any) -> tuple[date | None, tuple[str, ...]]:
    """The page's own date, or a warning when it gives one that is not a date."""
    if value in (None, ""):
        return None, ()
    parsed = parse_iso_date(value)
    if parsed is None:
        shown = json.dumps(value, ensure_ascii=False)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        return None, (f"published {shown} is not a date (YYYY-MM-DD); the page is read without it",)
    return parsed, ()
