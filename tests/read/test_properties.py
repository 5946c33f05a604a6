"""Property tests over every reader: whatever the bytes, a page or an error, never an exception,
in bounded time; and the caps of `sitrep.bounds` keep every offset pointing into the page's text."""

from __future__ import annotations

import gzip
import json
import time
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.bounds import body_for_events, html_too_deep
from sitrep.model import Page, PageError, RawPage, Span
from sitrep.read import read_bytes
from sitrep.read.jsonl import too_deep

QUICK = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=40)


def pages_or_errors(data: bytes, name: str) -> list[RawPage | PageError]:
    started = time.perf_counter()
    items = list(read_bytes(data, name))
    assert time.perf_counter() - started < 5
    assert all(isinstance(item, RawPage | PageError) for item in items)
    return items


@QUICK
@given(st.lists(st.fixed_dictionaries({"id": JSON_VALUES, "text": JSON_VALUES, "published": JSON_VALUES}),
                max_size=5), st.integers(min_value=0, max_value=4000))
def test_jsonl_of_any_values_and_any_cut(records: list[dict[str, Any]], cut: int) -> None:
    data = "\n".join(json.dumps(record) for record in records).encode()
    pages_or_errors(data[: cut or None], "x.jsonl")
    pages_or_errors(gzip.compress(data)[: cut or None], "x.jsonl.gz")


@QUICK
@given(st.text(max_size=2000), st.integers(min_value=1, max_value=3000), st.sampled_from(["x.txt", "x.html"]))
def test_gzipped_text_cut_anywhere(text: str, cut: int, name: str) -> None:
    pages_or_errors(gzip.compress(text.encode())[:cut], name + ".gz")


@QUICK
@given(st.text(alphabet="<>/divpab \"'=", max_size=3000))
def test_html_depth_of_any_tag_soup(html: str) -> None:
    html_too_deep(html)  # never raises
    assert html_too_deep("<div>" * 5000) is not None and html_too_deep("<p>" * 5000) is None


@QUICK
@given(st.text(alphabet='[]{}",\\ab:', max_size=400))
def test_json_depth_count_never_raises_and_never_misses(text: str) -> None:
    deep = too_deep(text, 3)
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return
    assert deep == (_depth(value) > 3)


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    return 0


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="ab ", min_size=1, max_size=60_000), min_size=1, max_size=5))
def test_body_cut_for_events_keeps_offsets_into_the_text(paragraphs: list[str]) -> None:
    text, spans, position = "", [], 0
    for paragraph in paragraphs:
        spans.append(Span(position, position + len(paragraph), paragraph))
        text += paragraph + "\n\n"
        position = len(text)
    page = Page(id="p", text=text, paragraphs=spans)
    read = body_for_events(page)
    assert len(read.body) <= 100_000
    for span in read.paragraphs:
        assert text[span.start:span.end] == span.text
    assert read.notes is page.notes
