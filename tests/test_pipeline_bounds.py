"""`read_page` on arbitrary and oversized input: a result or an error, never an exception, in
bounded time; the caps of `sitrep.bounds` are written in the page's notes."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.model import RawPage
from sitrep.pipeline import read_page

TAGS = st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<b>", "<script>", "</script>", "<table><tr><td>",
                        "<!--", "-->", "<br/>", "&amp;", "&#x0;", "Gunmen attacked a post in Kano. "])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TAGS | st.text(max_size=30), max_size=300), st.booleans())
def test_any_markup_or_text_gives_a_result_or_an_error(pieces: list[str], as_html: bool) -> None:
    content = "".join(pieces) or "x"
    raw = RawPage(id="fuzz", html=content) if as_html else RawPage(id="fuzz", text=content)
    started = time.perf_counter()
    result = read_page(raw)
    assert time.perf_counter() - started < 10
    assert (result.page is None) == (result.error is not None)


def test_deep_html_is_refused_before_parsing_with_the_limit_named() -> None:
    started = time.perf_counter()
    result = read_page(RawPage(id="deep", html="<div>" * 100_000 + "Gunmen attacked." + "</div>" * 100_000))
    assert time.perf_counter() - started < 2
    assert result.error is not None and "SITREP_MAX_HTML_DEPTH" in result.error


def test_reading_notes_and_warnings_reach_the_page() -> None:
    raw = RawPage(id="noted", text="Clash in Kano\n\nGunmen attacked a police post in Kano on Monday.\n",
                  notes=("1 invalid UTF-8 byte sequence replaced by U+FFFD",),
                  warnings=('published "2024-13-45" is not a date; the page is read without it',))
    result = read_page(raw)
    assert result.page is not None
    assert raw.notes[0] in result.page.notes and raw.warnings[0] in result.page.notes
