"""Cleaning of HTML pages: body, title, date, comment thread and offsets, bad pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.clean import html as html_module
from sitrep.clean.html import clean_html
from sitrep.model import Page, PageError, RawPage
from sitrep.read import read_bytes

ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Shelling hits market in river town | The Daily Ledger</title>
<meta property="article:published_time" content="2024-03-14T09:30:00Z">
<meta name="author" content="Mara Quell">
</head><body>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe now</a></li></ul></nav>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<main><article class="post">
<h1>Shelling hits market in river town</h1>
<p class="byline">By Mara Quell</p>
<p>Artillery shells struck the central market of a river town on Wednesday morning, killing
four civilians and wounding at least eleven, the regional health office said.</p>
<p>Witnesses described two impacts a few minutes apart, shortly after the stalls opened.
Firefighters worked for three hours to put out the fires that spread through the covered hall.</p>
<p>The army blamed rebel units positioned across the river; a rebel spokesman denied that his
fighters had fired on the town and said the shelling came from government positions.</p>
<p>Local officials said the market, the only one in the district, would remain closed for a week
while engineers inspect the damaged roof.</p>
</article>
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Talks stall again in the capital</a></li>
<li><a href="/b">Aid convoy reaches the north</a></li></ul></aside>
<section id="comments" class="comments-area"><h2>3 comments</h2>
<ol class="comment-list">
<li id="comment-101" class="comment depth-1"><article class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Tomas Reed</b>
<span class="says">says:</span></div>
<div class="comment-metadata"><time datetime="2024-03-14T11:02:00Z">March 14, 2024 at 11:02</time></div>
</footer>
<div class="comment-content"><p>Terrible news. My cousin sells fruit in that hall every morning.</p></div>
<div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></article>
<ol class="children">
<li id="comment-102" class="comment depth-2"><article class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Lena Ivo</b>
<span class="says">says:</span></div>
<div class="comment-metadata"><time datetime="2024-03-14T12:15:00Z">March 14, 2024 at 12:15</time></div>
</footer>
<div class="comment-content"><p>I hope your cousin is safe. Please let us know.</p></div>
<div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></article></li>
</ol></li>
<li id="comment-103" class="comment depth-1"><article class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Old Sailor</b>
<span class="says">says:</span></div>
<div class="comment-metadata"><time datetime="2024-03-15T08:00:00Z">March 15, 2024 at 08:00</time></div>
</footer>
<div class="comment-content"><p>Both sides will blame each other as always; nobody will investigate.</p></div>
<div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></article></li>
</ol>
<div id="respond" class="comment-respond"><h3>Leave a reply</h3>
<form class="comment-form"><p class="comment-form-comment"><label>Comment</label><textarea></textarea></p>
<p class="form-submit"><input type="submit" value="Post comment"></p></form></div>
</section></main>
<footer class="site-footer"><p>Copyright 2024 The Daily Ledger. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> · <a href="/cookies">Cookie settings</a></p></footer>
</body></html>
"""


def _clean(html: str, **fields: object) -> Page:
    return clean_html(RawPage(id="test.html", html=html, origin="test.html", **fields))  # type: ignore[arg-type]


def _assert_offsets(page: Page) -> None:
    for span in [*page.paragraphs, *page.boilerplate]:
        assert page.text[span.start:span.end] == span.text
    for comment in page.comments:
        assert page.text[comment.start:comment.end] == comment.text
    if page.title:
        assert page.title_span is not None
        assert page.text[page.title_span.start:page.title_span.end] == page.title


def test_article_body_title_and_metadata() -> None:
    page = _clean(ARTICLE)
    assert page.source_format == "html"
    assert page.title == "Shelling hits market in river town"
    assert page.published == date(2024, 3, 14)
    assert page.byline == "Mara Quell"
    assert page.body.startswith("Artillery shells struck")
    assert page.body.rstrip().endswith("inspect the damaged roof.")
    assert "\n\n" in page.body  # paragraphs kept apart
    for boilerplate in ("Subscribe now", "Share on Facebook", "All rights reserved", "Aid convoy",
                        "Leave a reply"):
        assert boilerplate not in page.body
    _assert_offsets(page)


def test_comment_thread_with_nested_reply() -> None:
    page = _clean(ARTICLE)
    assert [c.author for c in page.comments] == ["Tomas Reed", "Lena Ivo", "Old Sailor"]
    assert [c.parent for c in page.comments] == [None, 0, None]
    assert page.comments[0].text == "Terrible news. My cousin sells fruit in that hall every morning."
    assert page.comments[1].posted == "2024-03-14T12:15:00Z"
    assert all("Reply" not in c.text and "says" not in c.text for c in page.comments)
    for comment in page.comments:
        assert comment.text not in page.body
    _assert_offsets(page)


def test_unmarked_comment_blocks_inside_a_comment_section() -> None:
    posts = "".join(
        f'<li class="entry"><span class="user">Reader {n}</span><time datetime="2024-05-0{n}">May {n}</time>'
        f"<p>Comment number {n} says the checkpoint was closed all week long.</p></li>"
        for n in range(1, 4))
    html = (f"<html><head><title>Checkpoint closed</title></head><body><article><h1>Checkpoint closed</h1>"
            f"<p>{'The crossing stayed closed for a seventh day as talks continued. ' * 6}</p></article>"
            f'<div id="comments"><ul class="thread">{posts}</ul></div></body></html>')
    page = _clean(html)
    assert [c.author for c in page.comments] == ["Reader 1", "Reader 2", "Reader 3"]
    assert "checkpoint was closed" not in page.body
    _assert_offsets(page)


def test_given_publication_date_wins_then_page_then_fetched() -> None:
    assert _clean(ARTICLE, published=date(2024, 1, 2)).published == date(2024, 1, 2)
    undated = ARTICLE.replace('<meta property="article:published_time" content="2024-03-14T09:30:00Z">', "")
    undated = undated.replace("datetime=", "data-x=").replace("2024", "")
    assert _clean(undated, fetched=date(2025, 6, 7)).published == date(2025, 6, 7)


def test_page_without_body_is_a_clear_error() -> None:
    with pytest.raises(PageError, match="no article text"):
        _clean("<html><head><title>Empty</title></head><body>  </body></html>")


def test_broken_html_still_yields_the_text() -> None:
    html = ("<html><body><div><h1>Protest in the square<p>Thousands marched to the square on Friday "
            "demanding the release of detained students.<p>Police fired tear gas when the crowd "
            "reached the ministry, witnesses said.</div></span></b><p>The march ended at dusk "
            "without arrests, organisers said.<div><table><tr><td>stray cell")
    page = _clean(html)
    assert "Thousands marched to the square" in page.body
    assert "fired tear gas" in page.body
    _assert_offsets(page)


def test_non_utf8_page_is_decoded() -> None:
    text = ("<html><head><meta charset=\"windows-1252\"><title>Grève à Kédougou</title></head><body>"
            "<article><h1>Grève à Kédougou</h1><p>Les mineurs de la région de Kédougou ont entamé une "
            "grève générale jeudi pour réclamer des salaires impayés depuis trois mois, a déclaré le "
            "syndicat.</p><p>Le préfet a appelé au calme et promis une réunion avec la société "
            "minière à la fin de la semaine.</p></article></body></html>")
    items = list(read_bytes(text.encode("cp1252"), "greve.html"))
    assert len(items) == 1 and isinstance(items[0], RawPage)
    page = clean_html(items[0])
    assert page.title == "Grève à Kédougou"
    assert "grève générale jeudi" in page.body
    assert "\ufffd" not in page.text


def test_script_in_title_is_not_kept() -> None:
    sentence = "The ceasefire held for a second night in the eastern districts. "
    html = ("<html><head><title>Ceasefire <script>alert('x')</script>holds in the east</title></head>"
            f"<body><p>{sentence * 5}</p></body></html>")
    page = _clean(html)
    assert page.title is not None
    assert "<" not in page.title and "alert" not in page.title
    assert "ceasefire held" in page.body


def test_fallback_chain_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_module.trafilatura, "bare_extraction", lambda *a, **k: None)
    page = _clean(ARTICLE)
    assert page.notes[0] == "body by resiliparse"
    assert "Artillery shells struck" in page.body
    monkeypatch.setattr(html_module, "extract_plain_text", lambda *a, **k: "")
    page = _clean(ARTICLE)
    assert page.notes[0] == "body by readability"
    assert "Artillery shells struck" in page.body
    assert page.title == "Shelling hits market in river town"


_FRAGMENTS = st.sampled_from([
    "<div>", "</div>", "<p>", "</p>", "<li class='comment'>", "</li>", "<ol class='commentlist'>",
    "<span class='author'>", "</span>", "<time datetime='2024-01-01'>", "</time>", "<script>", "</script>",
    "<title>", "</title>", "<h1>", "</h1>", "<article>", "<a href='#'>", "</a>", "<br>", "&amp;", "&#0;",
    "<div id='comments'>", "<table><tr><td>", "<!--", "-->", "<![CDATA[", "\x00", "\ufeff",
])
_WORDS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, _WORDS), max_size=60))
def test_any_html_gives_a_page_or_a_clear_error(parts: list[str]) -> None:
    try:
        page = _clean("".join(parts))
    except PageError as error:
        assert "test.html" in str(error)
        return
    assert page.paragraphs
    _assert_offsets(page)


def test_signed_updates_of_a_live_blog_stay_in_the_body() -> None:
    updates = "".join(
        f'<div class="update"><time datetime="2024-06-0{n}T10:00">10:0{n}</time>'
        f"<p>Update {n}: shelling continued near the northern bridge, officials said.</p></div>"
        for n in range(1, 5))
    intro = "<p>" + "Fighting around the city entered its third day on Monday, residents said. " * 8 + "</p>"
    html = (f"<html><head><title>Live: fighting around the city</title></head><body>"
            f'<div class="story has-comments">{intro}{updates}</div></body></html>')
    page = _clean(html)
    assert page.comments == []
    assert "Update 3: shelling continued" in page.body


def test_a_page_made_only_of_comment_blocks_keeps_them_as_its_body() -> None:
    posts = "".join(
        f'<li class="comment"><span class="author">Member {n}</span>'
        f'<time datetime="2024-02-0{n}">Feb {n}</time>'
        f"<p>Post {n}: the road to the border crossing has been closed since the weekend clashes.</p></li>"
        for n in range(1, 6))
    page = _clean(f"<html><body><ol class='commentlist'>{posts}</ol></body></html>")
    assert "the road to the border crossing" in page.body
    assert page.comments == []


def test_flat_thread_with_depth_classes() -> None:
    def item(n: int, depth: int, name: str) -> str:
        return (f'<li id="comment-{n}" class="comment depth-{depth}"><cite class="fn">{name}</cite>'
                f"<time datetime='2024-04-0{n}'>April {n}</time><p>Comment {n} about the curfew.</p></li>")
    thread = item(1, 1, "Ana") + item(2, 2, "Ben") + item(3, 3, "Cy") + item(4, 1, "Dee") + item(5, 2, "Eve")
    body = "<p>" + "The curfew in the capital was extended by another week, the interior ministry said. " * 4
    html = f"<html><body><article>{body}</p></article><ol class='commentlist'>{thread}</ol></body></html>"
    page = _clean(html)
    assert [c.author for c in page.comments] == ["Ana", "Ben", "Cy", "Dee", "Eve"]
    assert [c.parent for c in page.comments] == [None, 0, 1, None, 3]


def test_microdata_comments_and_widgets_that_are_not_comments() -> None:
    def comment(name: str, text: str, inner: str = "") -> str:
        return (f'<article itemprop="comment" itemscope itemtype="https://schema.org/Comment">'
                f'<p><span itemprop="author">{name}</span> on <time datetime="2024-07-01">1 July</time></p>'
                f'<div itemprop="text"><p>{text}</p></div>{inner}</article>')
    thread = comment("Noor", "The water came back on Sunday night.",
                     comment("Sami", "Not in our street, still dry."))
    widget = ('<ul id="recentcomments"><li class="recentcomments">'
              '<span class="comment-author-link">Kim</span> on <a href="/other">Another story</a></li>'
              '<li class="recentcomments">'
              '<span class="comment-author-link">Lee</span> on <a href="/more">More news</a></li></ul>')
    form = ('<div id="respond" class="comment-respond"><h3>Leave a Reply</h3><form class="comment-form">'
            '<p class="comment-form-author"><label>Name</label><input name="author"></p>'
            '<textarea name="comment"></textarea></form></div>')
    body = "<p>" + "Residents of the district protested on Saturday against water cuts, organisers said. " * 3
    html = f"<html><body><article>{body}</p></article>{thread}<aside>{widget}</aside>{form}</body></html>"
    page = _clean(html)
    assert [(c.author, c.parent) for c in page.comments] == [("Noor", None), ("Sami", 0)]
    assert page.comments[0].text == "The water came back on Sunday night."
    assert page.comments[1].posted == "2024-07-01"


def test_example_pages_read_as_intended() -> None:
    examples = Path(__file__).resolve().parents[2] / "examples" / "html"
    strike = _clean((examples / "el-fasher-fuel-depot-strike.html").read_text(encoding="utf-8"))
    assert strike.title == "Air strike on fuel depot near El Fasher kills five, aid group says"
    assert strike.published == date(2025, 2, 11)
    assert strike.body.startswith("PORT SUDAN, Feb 11 - An air strike hit a fuel depot")
    assert "Share on Facebook" not in strike.body and "Ceasefire talks resume" not in strike.body
    assert [(c.author, c.parent) for c in strike.comments] == [("Hawa_D", None), ("Sami", 0),
                                                               ("observer77", None)]
    protest = _clean((examples / "basra-water-protest-blog.html").read_text(encoding="utf-8"))
    assert protest.published == date(2025, 7, 20)
    assert "riot police fired tear gas" in protest.body
    assert [c.parent for c in protest.comments] == [None, None, 1]
