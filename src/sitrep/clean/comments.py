"""Reader comments found by their structure, over a page's lines (`clean.lines.Line`).

A comment section starts at a header (`5 Comments`, `Leave a Reply`, lists in
`data/clean/comment_headers.txt`) or at the first author line. Author lines
take the shapes of the web's comment widgets:

- a bullet and a short name (`• FlorianGeyer`), the comment's text indented below it;
- `Name says:` / `Name wrote:` (verbs in `data/clean/comment_verbs.txt`);
- a name and a timestamp on one line (`Name on March 3, 2024 at 5:12 pm`, `Name · 3 hours ago`);
- a name line followed by a timestamp line (`Name` / `3 hours ago`);
- inside a section, a name line right after a `Reply` button or a like counter.

Replies nest by indentation: a comment's parent is the nearest comment above
it whose author line is indented less; `In reply to Name` also names a parent.
Buttons, counters and form fields (`Reply`, `12 likes · Reply`, `Name *`) are
boilerplate. A timestamp on or just under an author line is the comment's
`posted`. `find_thread` works on any list of `Line`, so the HTML cleaner can
run it over the text it extracts (`split_lines(text)`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sitrep.clean.dates import is_timestamp, may_hold_timestamp
from sitrep.clean.lines import Line, ends_sentence, is_menu, is_prose
from sitrep.clean.phrases import BOILERPLATE, COMMENT_CONTROL, COMMENT_HEADER, COMMENT_VERBS
from sitrep.model import Comment

_BULLET = re.compile(r"^[•●◦▪‣∙*·–—-]\s+(?P<rest>\S.*)$")
_VERB = re.compile(
    r"^(?P<name>.{1,40}?)\s+(?:" + "|".join(re.escape(verb) for verb in COMMENT_VERBS)
    + r")\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_TRAILING_VERB = re.compile(
    r"(?:\s+(?:" + "|".join(re.escape(verb) for verb in COMMENT_VERBS) + r"))?\s*:\s*$", re.IGNORECASE)
_NAME_THEN_STAMP = (
    re.compile(r"^(?P<name>.{1,40}?)\s+(?:on|at|le|am|el|il|posted)\s+(?P<stamp>.+)$", re.IGNORECASE),
    re.compile(r"^(?P<name>.{1,40}?)\s*(?:[|·•,–—-]|\s{2,})\s*(?P<stamp>.+)$"),
    re.compile(r"^(?P<name>.{1,40}?)\s*\((?P<stamp>[^)]+)\)$"),
)
_REPLY_TO = re.compile(r"^(?:in )?reply to\s+@?(?P<name>.{1,40}?)\s*[.:]?$|^@(?P<handle>[\w.\-]{1,30})\b",
                       re.IGNORECASE)
# A comment section found by its structure alone (no header) must follow this many words of article.
MIN_ARTICLE_WORDS = 50
# Running text after a bulleted "thread", at the bullets' own indentation, that shows it was a list.
MIN_RESUMED_WORDS = 20
_BARE_HEADER_REACH = 6  # lines after a bare `Comments` header in which an author line must appear
_LONGEST_AUTHOR_LINE = 160  # a name, a verb or a timestamp, and perhaps a short comment
_INITIAL_END = re.compile(r"(?:^|\s|-)\w\.$")
_BAD_NAME_END = re.compile(r"[!?,;:]$")


@dataclass(frozen=True)
class Author:
    """What an author line says: the name, a timestamp, and any comment text on the same line."""

    name: str
    posted: str | None = None
    rest: str = ""
    bullet: bool = False


@dataclass
class FoundComment:
    """A comment as found: its author line, text lines and place in the thread."""

    author: str | None
    head: Line
    depth: int
    index: int  # position in the thread
    parent: int | None = None
    posted: str | None = None
    first_text: str = ""  # text on the author line itself (`Name says: text`)
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = [self.first_text] if self.first_text else []
        return "\n".join(parts + [line.text for line in self.lines])

    @property
    def end(self) -> int:
        return self.lines[-1].end if self.lines else self.head.end


@dataclass
class Thread:
    """A page's comment section: where it starts (a line index), its comments and its boilerplate."""

    start: int
    comments: list[FoundComment] = field(default_factory=list)
    boilerplate: list[Line] = field(default_factory=list)

    def to_comments(self) -> list[Comment]:
        """The comments as the model's `Comment` values, offsets into the page text."""
        return [Comment(author=c.author, text=c.text, parent=c.parent, posted=c.posted,
                        start=c.head.start, end=c.end) for c in self.comments]


def looks_like_name(text: str) -> bool:
    """A commenter's name or handle: one to five words, no sentence punctuation, not a button."""
    if not text or len(text) > 40 or len(text.split()) > 5 or not any(ch.isalpha() for ch in text):
        return False
    if _BAD_NAME_END.search(text) or (text.endswith(".") and not _INITIAL_END.search(text)):
        return False
    if text.startswith(("http", "www.")) or text.count('"') or text.count("“"):
        return False
    return not (is_control(text) or is_timestamp(text))


def is_header(text: str) -> bool:
    """A line that opens or counts a comment section (`5 Comments`, `Leave a Reply`)."""
    return len(text) <= 80 and bool(COMMENT_HEADER.search(text))


def is_control(text: str) -> bool:
    """A comment widget's button, counter or form field (`Reply`, `12 likes · Reply`, `Email *`)."""
    return len(text) <= 120 and (bool(COMMENT_CONTROL.search(text)) or bool(COMMENT_HEADER.search(text)))


def parse_author(lines: Sequence[Line], index: int, *, in_thread: bool = False,
                 after_control: bool = False) -> Author | None:
    """The author line at `lines[index]`, or None when the line is not one."""
    line = lines[index]
    if len(line.text) > _LONGEST_AUTHOR_LINE:
        return None
    following = lines[index + 1] if index + 1 < len(lines) else None
    bullet = _BULLET.match(line.text)
    if bullet:
        return _bullet_author(bullet.group("rest"), line, following, strict=not in_thread)
    return (_saying_author(line.text) or _stamped_author(line.text)
            or _name_line_author(line, following, in_thread=in_thread, after_control=after_control))


def _bullet_author(rest: str, line: Line, following: Line | None, strict: bool) -> Author | None:
    """`• Name` (perhaps with a timestamp), when the comment's text follows it."""
    author = _name_and_stamp(rest)
    if author and _bullet_has_text(line, following, strict=strict):
        return Author(author.name, author.posted, bullet=True)
    return None


def _saying_author(text: str) -> Author | None:
    """`Name says: text` or `Name wrote: <timestamp>`."""
    said = _VERB.match(text) if ":" in text else None
    if not said or not looks_like_name(said.group("name").strip()):
        return None
    name, rest = said.group("name").strip(), said.group("rest").strip()
    if is_timestamp(rest):
        return Author(name, posted=rest)
    return Author(name, rest=rest)


def _stamped_author(text: str) -> Author | None:
    """A name and a timestamp on one line of at most 100 characters (`Name · 3 hours ago`)."""
    return _name_and_stamp(text, bare=False) if len(text) <= 100 else None


def _name_line_author(line: Line, following: Line | None, *, in_thread: bool,
                      after_control: bool) -> Author | None:
    """A short name line, above a timestamp line or, inside a section, right after a control
    (`Reply`, a like counter) and above a line that is no control."""
    if following is None or len(line.text) > 40:
        return None
    if not following.blank_before and is_timestamp(following.text) and looks_like_name(line.text):
        return Author(line.text)
    if in_thread and after_control and looks_like_name(line.text) and not is_control(following.text):
        return Author(line.text)
    return None


def find_thread(lines: Sequence[Line], earliest: int = 0) -> Thread:
    """The comment section of a page: from a header or the first author line to the end."""
    start = _thread_start(lines, earliest)
    thread = Thread(start=start)
    if start >= len(lines):
        return thread
    _read_thread(lines, thread)
    return thread


def _name_and_stamp(text: str, bare: bool = True) -> Author | None:
    """`Name on <timestamp>` and the like; with `bare`, a name alone too."""
    text = _TRAILING_VERB.sub("", text)  # `Name says:`, `Name on March 3, 2024 at 5:12 pm said:`
    if may_hold_timestamp(text):
        for pattern in _NAME_THEN_STAMP:
            match = pattern.match(text)
            if match and is_timestamp(match.group("stamp")) and looks_like_name(match.group("name").strip()):
                return Author(match.group("name").strip(), posted=match.group("stamp").strip())
    return Author(text) if bare and looks_like_name(text) else None


def _bullet_has_text(line: Line, following: Line | None, strict: bool) -> bool:
    """A bullet author line is followed by the comment: indented deeper, or a timestamp.

    Outside a known comment section (`strict`), the text must read as a
    sentence, so that sidebars of bulleted links with blurbs are not taken
    for comments.
    """
    if following is None:
        return False
    if is_timestamp(following.text):
        return True
    if following.indent <= line.indent or _BULLET.match(following.text):
        return False
    return not strict or ends_sentence(following.text) or len(following.text.split()) >= 6


def _thread_start(lines: Sequence[Line], earliest: int) -> int:
    header = next((i for i in range(earliest, len(lines)) if _confirmed_header(lines, i)), None)
    limit = len(lines) if header is None else header
    authors: list[int] = []
    for index in range(earliest, limit):
        if parse_author(lines, index):
            authors.append(index)
            if len(authors) == 2:
                break
    structured = authors and (len(authors) == 2 or _BULLET.match(lines[authors[0]].text))
    if structured and _article_words(lines[: authors[0]]) >= MIN_ARTICLE_WORDS \
            and not _introduced_list(lines, authors[0]) and not _article_resumes(lines, authors[0]):
        return authors[0]
    return len(lines) if header is None else header


def _confirmed_header(lines: Sequence[Line], index: int) -> bool:
    """A comment-section header; a bare word (`Comments`, `Reactions`) could be an article's
    subheading, so it counts only when an author line follows within a few lines."""
    text = lines[index].text
    if not is_header(text):
        return False
    if any(char.isdigit() for char in text) or len(text.split()) > 2:
        return True
    return any(parse_author(lines, i, in_thread=True, after_control=i == index + 1)
               for i in range(index + 1, min(index + 1 + _BARE_HEADER_REACH, len(lines))))


def _introduced_list(lines: Sequence[Line], start: int) -> bool:
    """Bullets right under a line ending in a colon (`Outlook:`) are a list of the article's."""
    return start > 0 and lines[start - 1].text.endswith(":") and not is_header(lines[start - 1].text)


def _article_resumes(lines: Sequence[Line], start: int) -> bool:
    """Whether running text at the bulleted lines' own indentation follows them.

    A bulleted comment thread is bullets and the comments under them to the
    end; a bulleted list inside an article is followed by more paragraphs.
    """
    if not _BULLET.match(lines[start].text):
        return False
    indent = lines[start].indent
    words = sum(len(line.text.split()) for line in lines[start + 1:]
                if line.indent <= indent and not _BULLET.match(line.text) and is_prose(line.text)
                and not BOILERPLATE.search(line.text))
    return words >= MIN_RESUMED_WORDS


def _article_words(lines: Sequence[Line]) -> int:
    """Words of running text above a place: comments follow an article, not a menu."""
    return sum(len(line.text.split()) for line in lines if is_prose(line.text))


def _read_thread(lines: Sequence[Line], thread: Thread) -> None:
    current: FoundComment | None = None
    after_control = True
    stack: list[FoundComment] = []
    for index in range(thread.start, len(lines)):
        line = lines[index]
        author = None if is_control(line.text) else parse_author(
            lines, index, in_thread=True, after_control=after_control)
        if author is not None:
            current = _open_comment(thread, stack, line, author)
            after_control = False
        elif is_control(line.text):
            _note_reply_to(thread, current, line)
            thread.boilerplate.append(line)
            after_control = True
        elif current is not None and _is_footer(current, line):
            thread.boilerplate.append(line)
            current, after_control = None, True
        elif current is not None:
            if not current.lines and current.posted is None and is_timestamp(line.text):
                current.posted = line.text
            else:
                if not current.lines and line.text.startswith("@"):
                    _note_mention(thread, current, line.text)
                current.lines.append(line)
            after_control = False
        elif is_prose(line.text) and not BOILERPLATE.search(line.text):
            current = _open_comment(thread, stack, line, None)
        else:
            thread.boilerplate.append(line)


def _open_comment(thread: Thread, stack: list[FoundComment], line: Line,
                  author: Author | None) -> FoundComment:
    while stack and stack[-1].depth >= line.indent:
        stack.pop()
    parent = stack[-1].index if stack else None
    comment = FoundComment(author=author.name if author else None, head=line, depth=line.indent,
                           index=len(thread.comments), parent=parent,
                           posted=author.posted if author else None,
                           first_text=author.rest if author else "",
                           lines=[] if author else [line])
    thread.comments.append(comment)
    stack.append(comment)
    return comment


def _note_reply_to(thread: Thread, current: FoundComment | None, line: Line) -> None:
    """`In reply to Name` under a comment makes it a reply to Name's latest comment."""
    match = _REPLY_TO.match(line.text)
    if current is None or match is None or current.parent is not None:
        return
    name = (match.group("name") or match.group("handle") or "").casefold()
    for earlier in range(current.index - 1, -1, -1):
        if (thread.comments[earlier].author or "").casefold() == name:
            current.parent = earlier
            return


def _note_mention(thread: Thread, current: FoundComment, text: str) -> None:
    """A comment that opens with `@Name` answers Name's latest comment (when indentation said nothing)."""
    if current.parent is not None:
        return
    mention = text[1:].casefold()
    for earlier in range(current.index - 1, -1, -1):
        author = (thread.comments[earlier].author or "").casefold()
        if author and mention.startswith(author):
            current.parent = earlier
            return


def _is_footer(current: FoundComment, line: Line) -> bool:
    """Page chrome after a thread: menus and phrases, or text out-dented from an indented thread."""
    if is_menu(line.text) or (BOILERPLATE.search(line.text) and not is_prose(line.text)):
        return True
    indented_thread = bool(current.lines) and current.lines[0].indent > current.head.indent
    return indented_thread and line.indent <= current.head.indent and current.head.indent > 0
