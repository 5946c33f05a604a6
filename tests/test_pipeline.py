"""The composed pipeline: any page in, a PageResult out, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep import pipeline
from sitrep.model import PageResult, RawPage
from sitrep.pipeline import read_page


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000), st.booleans())
def test_any_text_or_html_gives_a_result(content: str, as_html: bool) -> None:
    raw = RawPage(id="p", html=content) if as_html else RawPage(id="p", text=content)
    result = read_page(raw)
    assert isinstance(result, PageResult)
    if result.page is not None:
        page = result.page
        for span in [*page.paragraphs, *page.boilerplate]:
            assert 0 <= span.start <= span.end <= len(page.text)
            assert page.text[span.start:span.end] == span.text
    else:
        assert result.error


def test_a_stage_failure_names_the_page_and_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(raw: RawPage) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "clean_page", explode)
    result = read_page(RawPage(id="bad-page", text="x", origin="file.txt:3"))
    assert result.page is None
    assert result.error == "file.txt:3: clean: RuntimeError: boom"
