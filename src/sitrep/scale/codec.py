"""Pipeline values to plain rows and back, losslessly, so they can cross Ray and Parquet.

A RawPage travels from the reading tasks to the workers as a row of strings;
a PageResult travels back (or into a Parquet shard) as a row whose nested
values (paragraph spans, comments, mentions with their evidence) are JSON.
The conversion is generic over the dataclasses of `sitrep.model`, driven by
their type hints, so a field added there later travels without a change here.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date
from functools import cache
from typing import Any, Literal, TypeVar, Union

from sitrep.model import Mention, Page, PageError, PageResult, RawPage

T = TypeVar("T")
Row = dict[str, Any]

RAW_COLUMNS = ("id", "text", "html", "url", "published", "fetched", "origin", "error")
RESULT_COLUMNS = ("content_hash", "origin", "error", "page", "mentions", "n_mentions")


# -- RawPage (or a reading failure) <-> row -----------------------------------------------

def raw_to_row(item: RawPage | PageError) -> Row:
    """A page as read (or a page that could not be read) as a row of strings."""
    if isinstance(item, PageError):
        return {"id": item.origin, "text": None, "html": None, "url": None, "published": None,
                "fetched": None, "origin": item.origin, "error": str(item)}
    row: Row = plain(item)
    row.pop("notes", None)  # reading notes and warnings stay with the local engine for now
    row.pop("warnings", None)
    row["error"] = None
    return row


def row_to_raw(row: Row) -> RawPage | PageError:
    """The RawPage a row holds, or the PageError it records."""
    if row.get("error"):
        origin = str(row.get("origin") or row.get("id") or "")
        return _RecordedError(origin, str(row["error"]))
    return from_plain(RawPage, {k: v for k, v in row.items() if k != "error"})


class _RecordedError(PageError):
    """A PageError rebuilt from its message (the stage is already part of the text)."""

    def __init__(self, origin: str, message: str) -> None:
        Exception.__init__(self, message)
        self.origin, self.stage, self.reason = origin, "read", message


# -- PageResult <-> row ---------------------------------------------------------------------

def result_to_row(result: PageResult, content_hash: str | None) -> Row:
    """A result as a row: JSON for the page and its mentions, None for both when it failed."""
    mentions = [plain(m) for m in result.mentions]
    return {
        "content_hash": content_hash,
        "origin": result.origin,
        "error": result.error,
        "page": json.dumps(plain(result.page), ensure_ascii=False) if result.page else None,
        "mentions": json.dumps(mentions, ensure_ascii=False),
        "n_mentions": len(mentions),
    }


def row_to_result(row: Row) -> PageResult:
    """The PageResult a row holds (the exact values read_page returned)."""
    page = from_plain(Page, json.loads(row["page"])) if row.get("page") else None
    mentions = [from_plain(Mention, m) for m in json.loads(row.get("mentions") or "[]")]
    return PageResult(page=page, mentions=mentions, error=row.get("error") or None,
                      origin=str(row.get("origin") or ""))


# -- the generic part ------------------------------------------------------------------------

def plain(value: Any) -> Any:
    """Dataclasses to dicts, dates to ISO strings, tuples to lists; the rest as is."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def from_plain(cls: type[T], data: Row) -> T:
    """Rebuild a dataclass from `plain`'s output; unknown keys are ignored."""
    hints = _hints(cls)  # type: ignore[arg-type]
    known = {f.name for f in dataclasses.fields(cls) if f.init}  # type: ignore[arg-type]
    values = {name: _decode(hints[name], value) for name, value in data.items() if name in known}
    return cls(**values)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decode(options[0], value) if len(options) == 1 else value
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_decode(item, v) for v in value]
    if origin is Literal or hint is Any:
        return value
    if hint is date:
        return value if isinstance(value, date) else date.fromisoformat(value)
    if dataclasses.is_dataclass(hint):
        return from_plain(hint, value)  # type: ignore[arg-type]
    return value
