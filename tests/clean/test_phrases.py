"""The word lists of `sitrep.clean.phrases`: the fast PhraseList must match exactly like one plain regex."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.clean import phrases
from sitrep.clean.dates import find_date, find_dateline, is_timestamp

LISTS = ["boilerplate.txt", "list_headers.txt", "edge.txt", "comment_headers.txt", "comment_controls.txt",
         "byline.txt", "author_bio.txt"]
SAMPLES = ["Share this:", "ADVERTISEMENT", "50 $", "Read more: Army repels attack", "Main menu", "menu",
           "We use cookies to improve your experience. Accept",
           "The army said on Monday it had retaken the town.", "(Photo: AFP)", "— Reuters", "5 min read",
           "[Embedded content]", "12 / 40", "Related articles", "More from Opinion", "5 Comments",
           "Leave a Reply", "12 likes · Reply", "By Ann Lee", "Ann Lee is a writer",
           "Do you like this content? Consider helping us!", "This update is based on partner reports.", ""]


def plain(name: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern.strip()})" for pattern in phrases._data_lines(name)))


@pytest.mark.parametrize("name", LISTS)
def test_phrase_list_matches_like_one_regex(name: str) -> None:
    reference, fast = plain(name), phrases.PhraseList([p.strip() for p in phrases._data_lines(name)])
    for sample in SAMPLES:
        assert fast.search(sample) == bool(reference.search(sample.lower())), sample


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*SAMPLES, "x", " ", "Reply", "$", "(", "5", "comments", "by"]), max_size=6)
       .map(" ".join))
def test_phrase_lists_agree_on_mixed_lines(text: str) -> None:
    for name in LISTS:
        reference = plain(name)
        fast = phrases.PhraseList([p.strip() for p in phrases._data_lines(name)])
        assert fast.search(text) == bool(reference.search(text.lower())), (name, text)


def test_first_characters_of_patterns() -> None:
    assert phrases._first_chars("(main |site )?(menu|navigation)$") == frozenset("msn")
    assert phrases._first_chars(r"\d+ comments") is None
    assert phrases._first_chars("(a)?") is None
    assert phrases._literal_prefixes("cookies?\\b.*accept") == ("cookie",)
    prefixes = phrases._literal_prefixes("(privacy policy|terms of (use|service))")
    assert prefixes == ("privacy policy", "terms of ")


def test_dates_and_timestamps() -> None:
    from datetime import date

    assert find_date("Published on Friday, January 6, 2023") == date(2023, 1, 6)
    assert find_date("30.11.2024 | 5 comments") == date(2024, 11, 30)
    assert find_date("By X | 24 February 2024 | 6 min read") == date(2024, 2, 24)
    assert find_date("le 3 mars 2024") == date(2024, 3, 3)
    assert find_date("12/31/2023") == date(2023, 12, 31)
    assert find_date("no date here, 14:05") is None
    assert find_dateline("KYIV, March 3 (Reuters) - Shelling", date(2024, 5, 1)) == date(2024, 3, 3)
    assert find_dateline("KYIV, December 30 (Reuters) - Shelling", date(2024, 1, 2)) == date(2023, 12, 30)
    stamps = ("3 hours ago", "March 3, 2024 at 5:12 pm", "14:05 GMT", "vor 2 Tagen", "yesterday at 9:30 am")
    for stamp in stamps:
        assert is_timestamp(stamp), stamp
    for other in ("Reply", "9", "Heritage d. Titusville 53-9", "John Smith"):
        assert not is_timestamp(other), other
