"""Cleaning of already-extracted text pages: our own line classifier.

No library splits plain text scraped from a page into its parts, so this
module does, line by line (`clean.lines`):

1. each line gets its features: chrome (a phrase of `data/clean/`, a menu, a
   share bar), running text (a sentence), a list header (`Related:`);
2. the reader-comment section is found by its structure (`clean.comments`)
   and cut off first, so comment lines never reach the body;
3. the main block is the stretch of lines richest in running text (menus,
   teasers and link lists between cost it), as Body Text Extraction does
   over HTML tags; it is trimmed of notes about the publication at its edges
   (`data/clean/edge.txt`) and of a closing author bio;
4. the title is the first line a page repeats near its top (the repeat is
   boilerplate), else its first headline-shaped line before the main block;
5. inside the block, chrome lines, repeats of the title and the links under a
   list header are boilerplate, the rest is body; everything outside it is
   boilerplate (bylines, dates, captions, menus, share bars, disclaimers);
6. the publication date, when the input gave none, is read from the header
   lines (`clean.dates`).

Every span is an offset range into `raw.text`, which `Page.text` keeps unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sitrep.clean.comments import Thread, find_thread
from sitrep.clean.dates import find_date, find_dateline, is_timestamp
from sitrep.clean.lines import (
    Line,
    ends_sentence,
    is_menu,
    is_prose,
    segments,
    split_lines,
    title_key,
    word_count,
)
from sitrep.clean.phrases import AUTHOR_BIO, BOILERPLATE, BYLINE, EDGE, LIST_HEADER, SHARE_WORDS
from sitrep.model import Page, RawPage, Span

CHROME_LINE_COST = 4  # what a menu line or a button between two paragraphs costs the body
LIST_HEADER_COST = 60  # a "More from X" or "Related" header: the article is over (or not begun)
SOLE_PARAGRAPH_WORDS = 12  # a line this long with no running text after it is a paragraph, not a headline
HEADER_DATE_LINES = 12  # header lines, after and before the title, searched for the publication date
REPEATED_PARAGRAPH_WORDS = 12  # a paragraph this long seen twice is a caption or teaser printed again
_LONGEST_SHARE_BAR = 120  # characters; a longer line is never only share buttons
_CHROME_SKIP = 3  # chrome lines (not a list) the body's bounds may be moved over
_LIST_ITEM = re.compile(r"^(?:[•●◦▪‣∙*–-]|\d{1,2}[.)])\s+\S")
_TOKEN = re.compile(r"[\w'’-]+")
_FULL_STOP_END = re.compile(r"""[.…](?:["”’»')\]]*)$""")
_DATELINE_START = re.compile(r"^[A-Z][A-Z .'’-]{2,40},")
_BYLINE_CUT = re.compile(r"\s*(?:[|·•,;]|\s[–—-]\s|\s{2,}).*$")
# The words before a byline's name: "By", "Words by", "Author:", "par", "von"...
_BYLINE_PREFIX = re.compile(r"^(?:\w+\s+)?by\s+|^\w+\s*:\s*|^\w+\s+", re.IGNORECASE)


@dataclass
class _Layout:
    """What each line of a page is, decided step by step."""

    lines: list[Line]
    thread: Thread
    title: int | None = None
    body: list[int] = field(default_factory=list)
    boilerplate: set[int] = field(default_factory=set)
    header: list[int] = field(default_factory=list)  # boilerplate lines before the body
    byline: str | None = None


def clean_text(raw: RawPage) -> Page:
    """Split a plain-text page into title, body paragraphs, boilerplate and comments."""
    text = raw.text or ""
    layout = classify_lines(split_lines(text))
    lines = layout.lines
    title = lines[layout.title] if layout.title is not None else None
    boilerplate = sorted({*layout.boilerplate, *(line.index for line in layout.thread.boilerplate)})
    return Page(
        id=raw.id, text=text, url=raw.url,
        published=raw.published or _published(layout, raw.fetched),
        title=title.text if title else None,
        title_span=Span(title.start, title.end, title.text) if title else None,
        byline=layout.byline,
        paragraphs=_paragraphs(text, [lines[i] for i in layout.body]),
        boilerplate=[Span(lines[i].start, lines[i].end, lines[i].text) for i in boilerplate],
        comments=layout.thread.to_comments(),
        source_format="text",
    )


def classify_lines(lines: list[Line]) -> _Layout:
    """Decide for each line whether it is title, body, boilerplate or part of the comments."""
    features = _Features.of(lines)
    first_sentence = next((i for i, ok in enumerate(features.sentences) if ok), len(lines))
    layout = _Layout(lines=lines, thread=find_thread(lines, earliest=min(first_sentence + 1, len(lines))))
    end = layout.thread.start
    block_start, block_end = _main_block(lines[:end], features)
    # A headline ending in "?" or a quote reads as a sentence and may open the block itself.
    layout.title = _find_title(lines, block_start + 1, features.chrome)
    if layout.title is not None and _sole_paragraph(lines[:end], features, layout.title):
        layout.title = None
    after_title = layout.title + 1 if layout.title is not None else 0
    block_start = _back_over_lists(lines, features, after_title, block_start)
    block_end = _on_over_lists(lines[:end], features, block_end)
    begin = max(after_title, block_start)
    layout.byline = _byline(lines[max(0, begin - HEADER_DATE_LINES):begin])
    first = _body_start(lines, features.sentences, begin, block_end + 1, layout.byline)
    last = _body_end(lines, features.sentences, first, block_end + 1)
    last = _before_author_bio(lines, first, last, layout.byline)
    _assign(layout, features, first, last)
    _keep_entry_stamp(layout, first)
    return layout


@dataclass(frozen=True)
class _Features:
    """What is known of each line before its place on the page is considered."""

    chrome: list[bool]  # a known phrase, a menu or a share bar
    sentences: list[bool]  # running text, not chrome
    list_heads: list[bool]  # opens a list of links ("Related", "More from X")
    listed: set[int]  # the links under such a header

    @staticmethod
    def of(lines: Sequence[Line]) -> _Features:
        chrome = [is_chrome(line.text) for line in lines]
        sentences = [is_prose(line.text) and not chrome[i] for i, line in enumerate(lines)]
        _carry_wrapped_sentences(lines, chrome, sentences)
        list_heads = [chrome[i] and LIST_HEADER.search(line.text) for i, line in enumerate(lines)]
        return _Features(chrome, sentences, list_heads, _list_members(lines, list_heads))


def _assign(layout: _Layout, features: _Features, first: int, last: int) -> None:
    """Lines between the body's bounds are body unless chrome, a repeated title or a listed link."""
    lines = layout.lines
    end = layout.thread.start
    title = lines[layout.title].text if layout.title is not None else None
    seen: set[str] = set()  # a paragraph printed twice (galleries, teasers) is kept once
    for i in range(end):
        if i == layout.title:
            continue
        repeat = (title is not None and _same_title(title, lines[i].text)) or lines[i].text in seen
        if first <= i <= last and not (features.chrome[i] or repeat or i in features.listed):
            layout.body.append(i)
            if word_count(lines[i].text) >= REPEATED_PARAGRAPH_WORDS:
                seen.add(lines[i].text)
        else:
            layout.boilerplate.add(i)
            if i < first:
                layout.header.append(i)


def _carry_wrapped_sentences(lines: Sequence[Line], chrome: list[bool], sentences: list[bool]) -> None:
    """A hard-wrapped line whose sentence goes on in the next line is running text like it."""
    for i in range(len(lines) - 2, -1, -1):
        if sentences[i] or chrome[i] or not _continues(lines[i], lines[i + 1]):
            continue
        sentences[i] = sentences[i + 1]


def _continues(line: Line, following: Line) -> bool:
    """Whether `following` carries on the sentence of `line` (hard wrap, no blank line between)."""
    return (not following.blank_before and following.text[:1].islower() and not ends_sentence(line.text))


def is_chrome(text: str) -> bool:
    """A line of page furniture wherever it stands: a known phrase, a menu or a share bar."""
    if BOILERPLATE.search(text) or is_menu(text) or LIST_HEADER.search(text):
        return True
    if len(text) > _LONGEST_SHARE_BAR:
        return False
    tokens = _TOKEN.findall(text.casefold())
    return bool(tokens) and len(tokens) <= 12 and all(token in SHARE_WORDS for token in tokens)


def is_byline(text: str) -> bool:
    """A line naming the piece's author (`By Marta Kowalczyk | 24 February 2024`)."""
    return bool(BYLINE.search(text)) and not ends_sentence(text) and word_count(text) <= 14


def _main_block(lines: Sequence[Line], features: _Features) -> tuple[int, int]:
    """The stretch of lines richest in running text: the article among menus, teasers and links.

    Each sentence line scores its words, every other line a small loss that
    grows with its length (a teaser headline costs more than a lone button);
    the stretch with the highest total wins, as in Finn et al.'s Body Text
    Extraction, here over lines instead of HTML tags.
    """
    best, best_start, best_end = 0, 0, -1
    total, start = 0, 0
    for i, line in enumerate(lines):
        words = len(line.text.split())
        if features.sentences[i]:
            gain = words if ends_sentence(line.text) else words // 2
        elif features.list_heads[i]:
            gain = -LIST_HEADER_COST
        elif features.chrome[i]:
            gain = -CHROME_LINE_COST
        else:
            gain = -(2 + words // 3)
        if total <= 0:
            total, start = 0, i
        total += gain
        if total > best:
            best, best_start, best_end = total, start, i
    if best_end < 0:  # no running text at all: every line that is not chrome
        return 0, len(lines) - 1
    return best_start, best_end


def _back_over_lists(lines: Sequence[Line], features: _Features, begin: int, start: int) -> int:
    """Move the body's start back over a list inside the article (`Key figures:` and its items, a
    `Related:` list, an advertisement) to the running text above it, which a long list can cut
    off from the rest. It never goes above `begin`, the line after the title."""
    i = start - 1
    while i >= begin:
        text = lines[i].text
        in_list = bool(_LIST_ITEM.match(text)) or text.endswith(":") or i in features.listed
        near_chrome = features.chrome[i] and start - i <= _CHROME_SKIP
        if not (in_list or features.list_heads[i] or near_chrome):
            break
        i -= 1
    if i < start - 1 and i >= begin and features.sentences[i]:
        return _back_over_lists(lines, features, begin, i)
    return start


def _on_over_lists(lines: Sequence[Line], features: _Features, end: int) -> int:
    """Move the body's end on over a `Related:` list inside the article to the paragraphs after it.

    Those paragraphs must run to the end of the article: a run of sentences followed only by
    chrome, so that teasers (a headline, a sentence, a headline...) are not taken for them.
    """
    i = end + 1
    while i < len(lines) and (features.list_heads[i] or i in features.listed):
        i += 1
    if i == end + 1 or i >= len(lines) or not features.sentences[i]:
        return end
    if not any(features.list_heads[j] for j in range(end + 1, i)):
        return end
    run_end = i
    while run_end + 1 < len(lines) and features.sentences[run_end + 1]:
        run_end += 1
    after = run_end + 1
    if after < len(lines) and not (features.chrome[after] or features.list_heads[after]):
        return end
    return _on_over_lists(lines, features, run_end)


def _find_title(lines: Sequence[Line], end: int, chrome: list[bool]) -> int | None:
    """Among the lines before `end`: the first headline a page repeats near its top, else the
    headline-shaped line that scores best (`_title_score`)."""
    window = _title_window(lines[:end])
    plausible = [i for i in range(window)
                 if _headline_shaped(lines[i].text) and not chrome[i] and _plausible_title(lines[i].text)
                 and not (i + 1 < len(lines) and _continues(lines[i], lines[i + 1]))]
    repeated = _first_repeated(lines[: window + 1], plausible)
    if repeated is not None:
        return repeated
    if not plausible:
        return None
    return max(plausible, key=lambda i: (_title_score(lines, i, plausible), -i))


def _sole_paragraph(lines: Sequence[Line], features: _Features, title: int) -> bool:
    """Whether the line taken for a title is the page's only running text: a page of one
    paragraph (a wire brief, an event note) has no headline, and that paragraph is its body."""
    return word_count(lines[title].text) >= SOLE_PARAGRAPH_WORDS and not any(
        features.sentences[i] for i in range(title + 1, len(lines)))


def _title_score(lines: Sequence[Line], index: int, plausible: list[int]) -> int:
    """How much a candidate looks like the headline: long enough, followed by the article's date
    or byline; a line followed by a menu is a site's name or tagline. Ties go to the first."""
    score = 1 if word_count(lines[index].text) >= 5 else 0
    if index + 1 < len(lines) and index + 1 not in plausible:
        following = lines[index + 1].text
        if is_byline(following) or is_timestamp(following) or find_date(following) is not None:
            score += 2
        elif _is_navigation(following):
            score -= 2
    return score


def _is_navigation(text: str) -> bool:
    """A menu of section names (`Home | World | Africa`), not a line of metadata."""
    return is_menu(text) and not any(char.isdigit() for char in text) \
        and all(word_count(part) <= 3 for part in segments(text))


def _plausible_title(text: str) -> bool:
    """A headline rather than a site name, a section label, a byline or a date."""
    words = word_count(text)
    short_caps = text.isupper() and words <= 3
    tokens = sum(1 for token in text.split() if any(char.isalnum() for char in token))
    dateline = tokens <= 5 and find_date(text) is not None  # `18 April 2021 | Maiduguri`
    return words >= 3 and not short_caps and not dateline and not is_byline(text) and not is_timestamp(text)


def _first_repeated(lines: Sequence[Line], candidates: list[int]) -> int | None:
    """The first candidate line that a later line repeats."""
    first_seen: dict[str, int] = {}
    wanted = set(candidates)
    best: int | None = None
    for i, line in enumerate(lines):
        key = title_key(line.text)
        earlier = first_seen.get(key)
        if earlier is not None and (best is None or earlier < best):
            best = earlier
        if i in wanted and key and earlier is None:
            first_seen[key] = i
    return best


def _same_title(title: str, other: str) -> bool:
    """Whether a line repeats the title (ignoring case, dashes, quotes and spacing)."""
    return abs(len(title) - len(other)) <= 8 and title_key(title) == title_key(other)


def _title_window(lines: Sequence[Line]) -> int:
    """Titles stand before the first full sentence of running text."""
    for i, line in enumerate(lines):
        text = line.text
        if (is_prose(text) and _FULL_STOP_END.search(text)) or word_count(text) > 35:
            return i
    return len(lines)


def _headline_shaped(text: str) -> bool:
    words = word_count(text)
    return 2 <= words <= 30 and not _FULL_STOP_END.search(text) and not _DATELINE_START.match(text)


def _body_start(lines: Sequence[Line], sentences: list[bool], begin: int, end: int,
                author: str | None) -> int:
    """The first sentence line that is not a note on the publication, a byline or an author bio."""
    for i in range(begin, end):
        text = lines[i].text
        if sentences[i] and not EDGE.search(text) and not is_byline(text) and not _is_bio(text, author):
            return i
    return end


def _body_end(lines: Sequence[Line], sentences: list[bool], first: int, end: int) -> int:
    for i in range(end - 1, first - 1, -1):
        if sentences[i] and not EDGE.search(lines[i].text):
            return i
    return first - 1


def _is_bio(text: str, author: str | None) -> bool:
    """A note about the byline's author (`Jana Novak is a senior fellow at ...`)."""
    if not author or not text.startswith(author):
        return False
    return AUTHOR_BIO.search(text.removeprefix(author))


def _before_author_bio(lines: Sequence[Line], first: int, last: int, author: str | None) -> int:
    """Move the body's end above a closing note about the byline's author (`Jana Novak is a ...`)."""
    while last > first and _is_bio(lines[last].text, author):
        last -= 1
    return last


def _list_members(lines: Sequence[Line], list_heads: list[bool]) -> set[int]:
    """Lines of link lists: the short lines right under a `Related:` or `More from X` header."""
    members: set[int] = set()
    for i in range(len(lines)):
        if not list_heads[i]:
            continue
        for j in range(i + 1, len(lines)):
            follower = lines[j]
            sentence = _FULL_STOP_END.search(follower.text) or word_count(follower.text) > 20
            if follower.blank_before or sentence:
                break
            members.add(j)
    return members


def _keep_entry_stamp(layout: _Layout, first: int) -> None:
    """A live blog's entries open with a timestamp line: the first one belongs to the body too."""
    stamp = first - 1
    if stamp < 0 or stamp not in layout.boilerplate or stamp == layout.title:
        return
    lines = layout.lines
    if not is_timestamp(lines[stamp].text) or len(lines[stamp].text) > 30:
        return
    if any(is_timestamp(lines[i].text) for i in layout.body):
        layout.boilerplate.discard(stamp)
        layout.header.remove(stamp)
        layout.body.insert(0, stamp)


def _paragraphs(text: str, body: Sequence[Line]) -> list[Span]:
    """Body lines as paragraphs; a hard-wrapped line continued in lower case joins the one before."""
    groups: list[list[Line]] = []
    for line in body:
        previous = groups[-1][-1] if groups else None
        if previous is not None and previous.index + 1 == line.index and _continues(previous, line):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [Span(group[0].start, group[-1].end, text[group[0].start:group[-1].end]) for group in groups]


def _published(layout: _Layout, fetched: date | None) -> date | None:
    """The publication date written in the header lines, else a wire dateline's (year from `fetched`)."""
    lines = layout.lines
    title = layout.title if layout.title is not None else -1
    after = [i for i in layout.header if i > title][:HEADER_DATE_LINES]
    before = [i for i in reversed(layout.header) if i < title][:HEADER_DATE_LINES]
    for i in after + before:
        found = find_date(lines[i].text)
        if found is not None:
            return found
    if layout.body:
        opening = lines[layout.body[0]].text
        found = find_dateline(opening, fetched) or find_date(opening[:80])
        if found is not None and _DATELINE_START.match(opening):
            return found
    return None


def _byline(header: Sequence[Line]) -> str | None:
    for line in header:
        if is_byline(line.text):
            name = _BYLINE_CUT.sub("", _BYLINE_PREFIX.sub("", line.text, count=1)).strip()
            if name and find_date(name) is None:
                return name
    return None
