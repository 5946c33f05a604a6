"""Text-page cleaning (`sitrep.clean.text`) on pages written for these tests, and on the gold pages."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.clean.text import clean_text
from sitrep.model import Page, RawPage

GOLD = Path(__file__).resolve().parents[3] / "shared" / "data" / "gold"
SCORER = GOLD.parent.parent / "eval" / "score.py"

WIRE = """\
Shelling kills four in frontline town, regional governor says

DONETSK, Ukraine, March 3 (Example Wire) - Artillery fire killed four civilians in a frontline town \
overnight, the regional governor said on Sunday.

The shells hit a market and two apartment blocks, he said.

Moscow did not comment on the report.
"""

PARTISAN = """\
0 $
25 $
100 $

Militia Takes Hilltop Village After Two-Day Battle

Militia Takes Hilltop Village After Two-Day Battle
12.05.2024 | 3 comments
Click to see the full-size map

Fighters of the militia seized the hilltop village on Sunday after two days of clashes with army units, \
a spokesman for the group said in a video statement.

Read more: Army Sends Reinforcements To The North

The army said its units had withdrawn to prepared positions south of the village to avoid civilian losses.

Local sources reported that at least three soldiers were killed in the fighting.

Do you like this content? Consider helping us!

  • Hawkeye_12

    They will not hold it for long, the army is already shelling the road behind them.

    • Mira K.

      Source? Every week someone says the same thing.

  • Old Soldier

    Bad news for the villagers, whoever wins.
"""

FLASH = """\
Northern Region: Flash Update No. 4 – Displacement and hostilities (1–7 May 2024)

Published 8 May 2024 | PDF (220 KB) | Print

Summary: Hostilities intensified across the northern districts during the week, and at least 9,000 people \
were newly displaced.

2 May – Riverside: Shelling hit a school used as a shelter, wounding six people, among them two children.

5 May – Hill Town: Armed men abducted three aid workers at a checkpoint; one was released the same day.

Partners distributed food to 12,000 people and reopened two health posts.

This update is based on information from partners and has not been independently verified.
Download the full report (PDF)
"""

LIVE = """\
Live: Rockets hit northern towns as fighting escalates
Updated 14:32 GMT

14:20
Sirens sounded across the north as a barrage of rockets was fired, the military said.

13:55
Two people were wounded when a rocket hit a house in the border town, medics said.

13:10
The defence minister said the army would respond with force.
"""

OPINION = """\
Opinion

Why the ceasefire talks keep failing, and what could change that

By Jana Novak | 2 February 2024 | 5 min read
Share · Email · Print

Every round of talks this year has ended the same way: the two delegations agree on a text, and the \
fighting resumes within days.

The reason is not bad faith alone. Neither side believes the other can control its own commanders.

A monitoring mission with real powers would change that calculation, and it would cost little.

Jana Novak is a senior fellow at a research centre on conflict and mediation.

The views expressed in this column are the author's own.

More from Opinion
The forgotten front in the east
Sanctions are working, slowly
"""

WORDPRESS = """\
Menu
World  Africa  Middle East  Opinion

Drone strike hits fuel depot near port city, officials say
Posted on March 3, 2024 by Newsroom
Share on Facebook
Share on Twitter

A drone struck a fuel depot on the outskirts of the port city early on Sunday, setting off a fire that \
burned for hours, local officials said.

No casualties were reported, but the regional governor said several storage tanks had been destroyed.

ADVERTISEMENT

The army said it had shot down two other drones over the region overnight.
(Reporting by Jane Roe; Editing by John Doe)

Related Posts
Army says it repelled attack on border post
Talks stall as fighting spreads

3 thoughts on “Drone strike hits fuel depot near port city, officials say”

Mark T. says:
March 3, 2024 at 5:12 pm
This is the third strike this month. When will the air defences work?
Reply

Olga says:
March 3, 2024 at 6:01 pm
In reply to Mark T..
They did work, two drones were shot down.
Reply

anon_4521 on March 4, 2024 at 9:30 am
Where is the evidence?
Reply

Leave a Reply
Your email address will not be published. Required fields are marked *
Comment *
Name *
Email *
Post Comment
"""


PARTISAN_TIMESTAMPED = """\
Donate
$5
$10
$25

Ukrainian Drones Hit Russian Refinery In Krasnodar Region

Ukrainian Drones Hit Russian Refinery In Krasnodar Region
Written by Staff | 04.03.2024 | 12 comments

Ukrainian drones struck an oil refinery in Russia's Krasnodar region overnight, causing a fire, \
the regional governor said on Monday.

The Russian defence ministry said air defences had destroyed 38 drones over the Black Sea and \
the Krasnodar region.

If you value our reporting, please support us.

12 comments

  • Ivan_K · 3 hours ago

    The refinery was hit in January too. Same place.

    Reply

    • Sergio D · 2 hours ago

      And they repaired it in two weeks.

      Reply

  • Maple99 · 1 hour ago

    Where are the air defences?

    4 likes · Reply
"""


def clean(text: str, **fields: Any) -> Page:
    return clean_text(RawPage(id="test", text=text, **fields))


def boilerplate(page: Page) -> list[str]:
    return [span.text for span in page.boilerplate]


def assert_spans_valid(page: Page) -> None:
    for span in [*page.paragraphs, *page.boilerplate]:
        assert 0 <= span.start <= span.end <= len(page.text)
        assert page.text[span.start:span.end] == span.text
    for comment in page.comments:
        assert 0 <= comment.start <= comment.end <= len(page.text)
    if page.title_span is not None:
        span = page.title_span
        assert page.text[span.start:span.end] == span.text == page.title


def test_wire_copy_keeps_its_dateline_in_the_body() -> None:
    page = clean(WIRE, fetched=date(2024, 3, 4))
    assert page.text == WIRE
    assert page.title == "Shelling kills four in frontline town, regional governor says"
    assert page.paragraphs[0].text.startswith("DONETSK, Ukraine, March 3 (Example Wire) - Artillery")
    assert page.paragraphs[-1].text == "Moscow did not comment on the report."
    assert page.boilerplate == [] and page.comments == []
    assert page.published == date(2024, 3, 3)  # dateline month-day, year from the fetch date
    assert_spans_valid(page)


def test_partisan_page_donation_widget_repeated_title_and_threaded_comments() -> None:
    page = clean(PARTISAN)
    assert page.title == "Militia Takes Hilltop Village After Two-Day Battle"
    assert boilerplate(page) == [
        "0 $", "25 $", "100 $", "Militia Takes Hilltop Village After Two-Day Battle",
        "12.05.2024 | 3 comments",
        "Click to see the full-size map", "Read more: Army Sends Reinforcements To The North",
        "Do you like this content? Consider helping us!"]
    assert page.paragraphs[0].text.startswith("Fighters of the militia seized")
    assert page.paragraphs[-1].text.startswith("Local sources reported")
    assert [(c.author, c.parent) for c in page.comments] == [
        ("Hawkeye_12", None), ("Mira K.", 0), ("Old Soldier", None)]
    assert page.comments[1].text == "Source? Every week someone says the same thing."
    assert "shelling the road" not in page.body
    assert page.published == date(2024, 5, 12)
    assert_spans_valid(page)


def test_comment_timestamps_on_author_lines_and_a_plea_after_the_body() -> None:
    page = clean(PARTISAN_TIMESTAMPED)
    assert page.paragraphs[-1].text.startswith("The Russian defence ministry said")
    assert "If you value our reporting, please support us." in boilerplate(page)
    assert [(c.author, c.parent, c.posted) for c in page.comments] == [
        ("Ivan_K", None, "3 hours ago"), ("Sergio D", 0, "2 hours ago"), ("Maple99", None, "1 hour ago")]
    assert boilerplate(page)[-4:] == ["12 comments", "Reply", "Reply", "4 likes · Reply"]
    assert page.byline == "Staff"
    assert page.published == date(2024, 3, 4)


def test_flash_update_entries_are_body_and_notes_are_boilerplate() -> None:
    page = clean(FLASH)
    assert page.title.startswith("Northern Region: Flash Update No. 4")
    bodies = [p.text for p in page.paragraphs]
    assert bodies[0].startswith("Summary: Hostilities intensified")
    assert any(text.startswith("2 May – Riverside:") for text in bodies)
    assert bodies[-1] == "Partners distributed food to 12,000 people and reopened two health posts."
    assert boilerplate(page) == [
        "Published 8 May 2024 | PDF (220 KB) | Print",
        "This update is based on information from partners and has not been independently verified.",
        "Download the full report (PDF)"]
    assert page.published == date(2024, 5, 8)


def test_live_blog_entry_timestamps_belong_to_the_body() -> None:
    page = clean(LIVE)
    bodies = [p.text for p in page.paragraphs]
    assert bodies[:2] == ["14:20", "Sirens sounded across the north as a barrage of rockets was fired, "
                                   "the military said."]
    assert "13:10" in bodies
    assert boilerplate(page) == ["Updated 14:32 GMT"]


def test_opinion_byline_disclaimer_and_related_list() -> None:
    page = clean(OPINION)
    assert page.title == "Why the ceasefire talks keep failing, and what could change that"
    assert page.byline == "Jana Novak"
    assert page.published == date(2024, 2, 2)
    assert page.paragraphs[-1].text.startswith("A monitoring mission")
    assert boilerplate(page) == [
        "Opinion", "By Jana Novak | 2 February 2024 | 5 min read", "Share · Email · Print",
        "Jana Novak is a senior fellow at a research centre on conflict and mediation.",
        "The views expressed in this column are the author's own.", "More from Opinion",
        "The forgotten front in the east", "Sanctions are working, slowly"]


def test_wordpress_comments_buttons_and_form_are_not_body() -> None:
    page = clean(WORDPRESS)
    assert page.title == "Drone strike hits fuel depot near port city, officials say"
    assert [p.text[:20] for p in page.paragraphs] == [
        "A drone struck a fue", "No casualties were r", "The army said it had"]
    found = boilerplate(page)
    for line in ("Menu", "ADVERTISEMENT", "(Reporting by Jane Roe; Editing by John Doe)", "Related Posts",
                 "Talks stall as fighting spreads", "Reply", "Leave a Reply", "Email *", "Post Comment"):
        assert line in found
    assert found.count("Reply") == 3
    assert [(c.author, c.parent, c.posted) for c in page.comments] == [
        ("Mark T.", None, "March 3, 2024 at 5:12 pm"), ("Olga", 0, "March 3, 2024 at 6:01 pm"),
        ("anon_4521", None, "March 4, 2024 at 9:30 am")]
    assert page.comments[2].text == "Where is the evidence?"
    assert page.published == date(2024, 3, 3)
    assert_spans_valid(page)


def test_captions_credits_and_sign_offs_are_boilerplate() -> None:
    text = WIRE.replace("The shells hit", "Smoke rises over the market after the shelling. Photo: AFP\n\n"
                        "The shells hit") + "\nAP writer Ann Lee contributed to this report.\n— Reuters\n"
    page = clean(text)
    assert boilerplate(page) == ["Smoke rises over the market after the shelling. Photo: AFP",
                                 "AP writer Ann Lee contributed to this report.", "— Reuters"]
    assert page.paragraphs[-1].text == "Moscow did not comment on the report."


def test_a_long_list_does_not_cut_off_the_paragraph_above_it() -> None:
    items = "".join(f"  • {n} {what}\n" for n, what in enumerate(
        ["displaced", "killed", "health facilities hit", "convoys blocked", "schools closed",
         "markets burned", "bridges destroyed", "villages emptied", "wounded"], start=2))
    text = ("Sudan: Humanitarian Update (15 June 2024)\n\nPublished 16 June 2024\n\n"
            "Summary: Fighting continued in the city, where at least 40,000 people were displaced.\n\n"
            f"Key figures:\n{items}\n"
            "On 12 June, shelling hit the main market, killing 12 people, the health ministry said.\n")
    page = clean(text)
    assert page.paragraphs[0].text.startswith("Summary: Fighting continued")
    assert "• 2 displaced" in [p.text for p in page.paragraphs]
    assert boilerplate(page) == ["Published 16 June 2024"]


def test_a_short_closing_sentence_is_still_body() -> None:
    page = clean(WIRE + "\nPolice are investigating.\n\nThanks for reading!\n")
    assert page.paragraphs[-1].text == "Police are investigating."
    assert boilerplate(page) == ["Thanks for reading!"]


@pytest.mark.parametrize("title", ["Is the ceasefire in Gaza already over?",
                                   "Army vows to “crush the rebels”"])
def test_a_title_that_ends_like_a_sentence(title: str) -> None:
    body = "Israeli strikes killed 20 people on Tuesday, medics said.\n\nThe truce is over.\n"
    page = clean(f"{title}\n\n{body}")
    assert page.title == title
    assert [p.text for p in page.paragraphs] == [
        "Israeli strikes killed 20 people on Tuesday, medics said.", "The truce is over."]


def test_a_site_tagline_above_the_headline_is_not_the_title() -> None:
    text = ("The Frontier Times, independent news since 1998\nWorld  Region  Opinion\n\n"
            + WIRE.replace("\n\nDONETSK", "\n14 March 2024\n\nDONETSK", 1))
    page = clean(text)
    assert page.title == "Shelling kills four in frontline town, regional governor says"
    assert boilerplate(page)[0] == "The Frontier Times, independent news since 1998"
    assert page.published == date(2024, 3, 14)


def test_a_related_list_inside_the_body_does_not_cut_it() -> None:
    related = "Related:\nArmy says it repelled attack on border post\nTalks stall as fighting spreads\n\n"
    text = WIRE.replace("The shells hit", related + "The shells hit") + (
        "\nThe governor said rescue teams were still searching the rubble of one of the apartment blocks "
        "on Sunday afternoon, and that the number of dead could rise.\n")
    page = clean(text)
    assert page.paragraphs[0].text.startswith("DONETSK, Ukraine, March 3")
    assert boilerplate(page) == ["Related:", "Army says it repelled attack on border post",
                                 "Talks stall as fighting spreads"]


def test_a_related_list_before_the_last_paragraph_does_not_cut_it() -> None:
    related = "Related:\nArmy says it repelled attack on border post\nTalks stall as fighting spreads\n\n"
    text = WIRE.replace("Moscow did not", related + "Moscow did not")
    page = clean(text)
    assert page.paragraphs[-1].text == "Moscow did not comment on the report."
    assert boilerplate(page) == ["Related:", "Army says it repelled attack on border post",
                                 "Talks stall as fighting spreads"]


def test_an_author_bio_under_the_byline_is_not_the_first_paragraph() -> None:
    text = OPINION.replace("Share · Email · Print\n", "Share · Email · Print\n\n"
                           "Jana Novak writes about diplomacy and security in Central Europe.\n")
    page = clean(text)
    assert page.paragraphs[0].text.startswith("Every round of talks this year")
    assert "Jana Novak writes about diplomacy and security in Central Europe." in boilerplate(page)


def test_a_caption_between_headline_and_body_is_not_the_title() -> None:
    caption = "Residents inspect a destroyed house in the town on Sunday"
    text = WIRE.replace("\n\nDONETSK", f"\n\n{caption}\n\nDONETSK")
    page = clean(text)
    assert page.title == "Shelling kills four in frontline town, regional governor says"
    assert boilerplate(page) == [caption]


def test_given_publication_date_wins_over_the_header() -> None:
    assert clean(OPINION, published=date(2024, 2, 5)).published == date(2024, 2, 5)


def test_hard_wrapped_paragraph_is_one_span() -> None:
    text = ("Troops fire on protesters in capital\n\nSoldiers opened fire on a crowd that had gathered\n"
            "outside the ministry on Monday, witnesses said.\n\nThe army denied it.\n")
    page = clean(text)
    assert [p.text for p in page.paragraphs] == [
        "Soldiers opened fire on a crowd that had gathered\noutside the ministry on Monday, witnesses said.",
        "The army denied it."]
    assert page.body.startswith("Soldiers opened fire on a crowd that had gathered\noutside")


@pytest.mark.parametrize("text", ["", "\n\n  \n", "x", "• \n  •", "Reply\nReply", "0 $\n"])
def test_degenerate_pages_do_not_fail(text: str) -> None:
    page = clean(text)
    assert page.text == text
    assert_spans_valid(page)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600)
       | st.lists(st.sampled_from(
           ["", "  • Name", "    text of a comment.", "Reply", "5 Comments", "Title of a page here",
            "A sentence of running text that ends here.", "Share: Facebook | X", "3 hours ago", "By Ann Lee",
            "KYIV, March 3 (Wire) - Fighting went on.", "Related:", "\t", "12 likes · Reply"]),
           max_size=30).map("\n".join))
def test_any_text_gives_valid_spans(text: str) -> None:
    page = clean(text, fetched=date(2024, 1, 1))
    assert page.text == text
    assert_spans_valid(page)
    for comment in page.comments:
        assert comment.parent is None or 0 <= comment.parent < len(page.comments)


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sitrep_gold_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not GOLD.is_dir() or not SCORER.is_file(), reason="../shared gold pages not present")
def test_gold_pages_meet_the_cleaning_targets() -> None:
    documents = [json.loads(line) for path in sorted(GOLD.glob("*.jsonl"))
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    predictions = {}
    for document in documents:
        page = clean(document["text"])
        predictions[document["id"]] = {
            "title": page.title, "body": page.body, "boilerplate": boilerplate(page),
            "comments": [comment.to_json() for comment in page.comments]}
    figures = _scorer().score(documents, predictions)
    assert figures["boilerplate_f1"] >= 0.95
    assert figures["comment_author_f1"] >= 0.95
    assert figures["title_acc"] >= 0.95
    assert figures["body_first_acc"] >= 0.9
    assert figures["body_last_acc"] >= 0.9
