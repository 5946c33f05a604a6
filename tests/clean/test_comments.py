"""Comment threads found by structure (`sitrep.clean.comments`), on lines written for these tests."""

from __future__ import annotations

from sitrep.clean.comments import find_thread, looks_like_name, parse_author
from sitrep.clean.lines import split_lines

ARTICLE = (
    "Fighting resumed on Tuesday along the northern front line after a week of relative calm, "
    "local officials said, and several villages were shelled overnight.\n\n"
    "The army said it had repelled two attacks and that its positions were intact, while the rebels "
    "said they had taken a hill overlooking the main road.\n\n"
)


def authors(text: str) -> list[tuple[str | None, int | None]]:
    thread = find_thread(split_lines(text))
    return [(comment.author, comment.parent) for comment in thread.comments]


def test_bullets_and_indentation_make_a_nested_thread() -> None:
    text = ARTICLE + (
        "  • first_reader\n\n    The road has been cut for days now.\n\n"
        "    • Second Reader\n\n      Not true, I drove it yesterday.\n\n"
        "      • first_reader\n\n        Then you were lucky.\n\n"
        "  • Third One\n\n    Peace talks now.\n")
    assert authors(text) == [("first_reader", None), ("Second Reader", 0), ("first_reader", 1),
                             ("Third One", None)]


def test_comment_offsets_point_into_the_text() -> None:
    text = ARTICLE + "  • Ana\n\n    First comment here.\n\n  • Ben\n\n    Second comment here.\n"
    comments = find_thread(split_lines(text)).to_comments()
    assert [c.text for c in comments] == ["First comment here.", "Second comment here."]
    for comment in comments:
        assert text[comment.start:comment.end].startswith("• ")
        assert text[comment.start:comment.end].endswith(comment.text)


def test_header_name_timestamp_and_like_counters() -> None:
    text = ARTICLE + (
        "Comments\n\nCarlos M\n3 hours ago\nThe police were provoked, I was there.\n12 likes · Reply\n\n"
        "Ines_P\n2 hours ago\nThat is not what the videos show.\n3 likes · Reply\n\n"
        "Tom\n1 hour ago\nShame.\nLike · Reply\nLoad more comments\n")
    lines = split_lines(text)
    thread = find_thread(lines)
    assert lines[thread.start].text == "Comments"
    assert [(c.author, c.posted, c.text) for c in thread.comments] == [
        ("Carlos M", "3 hours ago", "The police were provoked, I was there."),
        ("Ines_P", "2 hours ago", "That is not what the videos show."),
        ("Tom", "1 hour ago", "Shame.")]
    assert [line.text for line in thread.boilerplate] == [
        "Comments", "12 likes · Reply", "3 likes · Reply", "Like · Reply", "Load more comments"]


def test_says_lines_and_reply_to_give_parents() -> None:
    text = ARTICLE + (
        "2 Responses\n\nMark T. says:\nMarch 3, 2024 at 5:12 pm\nWhen will the air defences work?\nReply\n\n"
        "Olga says:\nMarch 3, 2024 at 6:01 pm\nIn reply to Mark T..\nThey did work.\nReply\n")
    thread = find_thread(split_lines(text))
    assert [(c.author, c.parent, c.posted) for c in thread.comments] == [
        ("Mark T.", None, "March 3, 2024 at 5:12 pm"), ("Olga", 0, "March 3, 2024 at 6:01 pm")]


def test_name_and_timestamp_on_one_line() -> None:
    text = ARTICLE + ("Leave a Reply\n\nsamir_b on March 4, 2024 at 9:30 am\nWhere is the evidence?\n\n"
                      "Dana · 2 days ago\nThere was a video of the strike.\n")
    thread = find_thread(split_lines(text))
    assert [(c.author, c.posted) for c in thread.comments] == [
        ("samir_b", "March 4, 2024 at 9:30 am"), ("Dana", "2 days ago")]


def test_a_bulleted_list_inside_the_article_is_not_a_thread() -> None:
    text = ARTICLE + (
        "The ministry listed the damage:\n\n  • Northern district\n"
        "    Two schools were hit by shells on Monday morning.\n  • Eastern district\n"
        "    A water station was damaged and is out of service.\n\n"
        "Officials said repairs would take weeks and asked aid groups for generators, fuel and "
        "water tanks, and warned that more strikes were expected in the coming days.\n")
    assert find_thread(split_lines(text)).comments == []


def test_sidebar_links_with_blurbs_are_not_comments() -> None:
    text = ARTICLE + "  • Latest News\n    Latest News\n  • Opinion\n    Columns\n"
    assert find_thread(split_lines(text)).comments == []


def test_no_structure_no_thread() -> None:
    lines = split_lines(ARTICLE + "Share this article\nRelated: Talks stall again\n")
    thread = find_thread(lines)
    assert thread.start == len(lines) and thread.comments == []


def test_thread_needs_an_article_before_it() -> None:
    text = "Menu\n  • Ana\n    Hello there friends.\n  • Ben\n    Hello again.\n"
    assert find_thread(split_lines(text)).comments == []


def test_names_and_author_lines() -> None:
    assert looks_like_name("Hauwa M.")
    assert looks_like_name("j.hernandez")
    assert looks_like_name("Farah from Minneapolis")
    assert not looks_like_name("Thank you.")
    assert not looks_like_name("Reply")
    assert not looks_like_name("3 hours ago")
    assert not looks_like_name("This one is a much longer line than any name would be")
    lines = split_lines("Heritage d. Titusville 53-9\nHeritage (1-0): Smith 19 points.\n")
    assert parse_author(lines, 0) is None  # a score is not a timestamp


def test_a_bare_subheading_is_not_a_comment_section() -> None:
    text = ARTICLE + ("Reactions\n\nThe foreign ministry condemned the attack and called for an inquiry, "
                      "and the UN envoy urged both sides to respect the truce.\n")
    lines = split_lines(text)
    assert find_thread(lines).start == len(lines)
    confirmed = ARTICLE + "Comments\n\nAna Lee\n2 hours ago\nTerrible news.\n"
    assert [c.author for c in find_thread(split_lines(confirmed)).comments] == ["Ana Lee"]


def test_bullet_name_date_said() -> None:
    text = ARTICLE + ("Comments\n  • Ann Lee on September 12, 2018 at 4:47 pm said:\n"
                      "    Any update on this?\n"
                      "  • Bo (Staff) on September 13, 2018 at 5:23 pm said:\n    Not yet, sorry.\n")
    thread = find_thread(split_lines(text))
    assert [(c.author, c.posted) for c in thread.comments] == [
        ("Ann Lee", "September 12, 2018 at 4:47 pm"), ("Bo (Staff)", "September 13, 2018 at 5:23 pm")]


def test_bullet_author_with_says_and_a_timestamp_line() -> None:
    text = ARTICLE + ("  • Ana says:\n    3 hours ago\n    First one is here.\n    12 likes · Reply\n"
                      "    • Ben wrote:\n      Second one here.\n")
    thread = find_thread(split_lines(text))
    assert [(c.author, c.parent, c.posted, c.text) for c in thread.comments] == [
        ("Ana", None, "3 hours ago", "First one is here."), ("Ben", 0, None, "Second one here.")]
    assert [line.text for line in thread.boilerplate] == ["12 likes · Reply"]


def test_bullets_under_a_colon_are_a_list() -> None:
    text = ARTICLE + ("Outlook by area:\n  • Northern district\n    Further displacement is expected.\n"
                      "  • Eastern district\n    Fighting may resume this week.\n")
    assert find_thread(split_lines(text)).comments == []


def test_at_mention_makes_a_reply_in_a_flat_thread() -> None:
    text = ARTICLE + ("Comments (3)\n\nAbu Ali\nJuly 21, 2022 at 3:15 pm\nDrones hit our village too.\n\n"
                      "Hevi_K\nJuly 21, 2022 at 4:02 pm\n@Abu Ali Same in our town.\n\n"
                      "Sara\nJuly 22, 2022 at 9:00 am\nTerrible.\n")
    thread = find_thread(split_lines(text))
    assert [(c.author, c.parent) for c in thread.comments] == [
        ("Abu Ali", None), ("Hevi_K", 0), ("Sara", None)]
