"""Reader comments in an HTML page, found by the page's structure, as a thread.

trafilatura keeps comments only from sections it recognises by a fixed list of
expressions, and returns them as flat text: it finds about half of the
comments of its own evaluation set. No maintained library returns a comment
*thread* (author, date, replies) from arbitrary HTML, so this module is our
own. Candidates are elements whose class or id names a comment (in several
languages) or that carry comment microdata (`itemprop="comment"`, schema.org
`Comment`). Comment items are then, in order of trust:

1. candidates of one kind (tag and comment classes) repeated as siblings
   (WordPress `ol.commentlist > li.comment`, `div.kommentar-item`, ...), the
   outermost kind where kinds nest (`li.comment` holds `div.comment-body`);
2. a plain comment class ("comment", "comment-item") seen twice or more where
   each comment sits in wrappers of its own, if signed (author or time);
3. a lone signed comment: microdata, a CMS id (`comment-123`), or a plain
   comment class inside a comment section;
4. in a comment section with none of these, its largest set of signed sibling
   blocks (`div#comments > ul > li` with an author and a time).

The nearest enclosing item is the parent of a reply (or, in flat threads, the
`depth-N` classes say it); author and date are read from the marked parts of
each item, its text from the rest. Markup words are data
(`sitrep/data/html/comment_markup.txt`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from lxml import etree
from lxml.html import HtmlElement

from sitrep.clean.dates import find_date, is_timestamp

__all__ = ["FoundComment", "Thread", "find_thread", "markup_words"]

_MAX_AUTHOR_CHARS = 80
_MAX_META_CHARS = 160  # a "meta" part longer than this is content after all
_MIN_ITEM_CHARS = 2
_MAX_STAMP_CHARS = 60
_MAX_REGION_OTHER_WORDS = 150  # words a comment section may hold outside its comments
_SIGNER_PROPS = frozenset({"author", "creator", "dateCreated", "datePublished"})
_MAX_CONNECTOR_WORDS = 2  # words beside author and time on a comment's header line ("on", "said:")
_BLOCK_TAGS = frozenset({"li", "div", "article", "section", "dd", "dt", "tr", "td", "table",
                         "blockquote", "p", "aside", "footer", "header", "ul", "ol", "dl", "form"})
_ITEM_TAGS = frozenset({"li", "div", "article", "section", "dd", "tr", "td", "blockquote",
                        "p", "aside", "table", "dl", "ol", "ul"})
_REGION_BLOCK_TAGS = frozenset({"li", "div", "article", "section", "dd", "blockquote"})
_NEVER_TEXT = frozenset({"script", "style", "noscript", "template", "form", "button", "input",
                         "textarea", "select", "svg", "iframe", "img", "figure", "nav"})
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPLIT = re.compile(r"[^a-z]+")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_WHITESPACE = re.compile(r"\s+")
_DEPTH = re.compile(r"\b(?:depth|level)[-_]?(\d{1,2})\b", re.I)
_STAMP_AFTER_NAME = re.compile(r"\s*(?:[—–|·@]|\s-\s|,\s).*\d.*$")  # "Anna — 17.07.2011", "Anna, 3 May"
_CMS_ITEM_ID = re.compile(r"(?:comment|kommentar|reply|post|review|message)[-_]?\d+", re.I)


@dataclass
class FoundComment:
    """One comment as found in the DOM; `parent` indexes the comment it answers."""

    author: str | None
    text: str
    parent: int | None = None
    posted: str | None = None


@dataclass
class Thread:
    """The comments of a page and the elements that hold them (to keep out of the body)."""

    comments: list[FoundComment] = field(default_factory=list)
    elements: list[HtmlElement] = field(default_factory=list)


@cache
def markup_words() -> dict[str, tuple[str, ...]]:
    """The sections of the markup word list, each a tuple of lowercase words."""
    text = files("sitrep").joinpath("data/html/comment_markup.txt").read_text(encoding="utf-8")
    sections: dict[str, list[str]] = defaultdict(list)
    current = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
        else:
            sections[current].append(line.lower())
    return {name: tuple(words) for name, words in sections.items()}


def find_thread(tree: HtmlElement) -> Thread:
    """The page's reader comments, in document order, with reply parents."""
    candidates, regions = _candidates(tree)
    if not regions:
        return Thread()
    texts = _worded(_item_elements(candidates))
    texts.update(_worded(_region_items(regions, set(texts))))
    return _read_items(texts)


def _worded(items: list[HtmlElement]) -> dict[HtmlElement, str]:
    """Items with words of their own, and those words.

    An item with no text of its own only wraps other items (a reply list); one whose text
    is all links is a "reply" button or a list of links to comments elsewhere.
    """
    pool = set(items)
    texts = {}
    for item in items:
        text, linked = _item_text(item, pool)
        letters = _WHITESPACE.sub("", text)
        if len(text) >= _MIN_ITEM_CHARS and linked < len(letters) and any(c.isalpha() for c in text):
            texts[item] = text
    return texts


def _read_items(texts: dict[HtmlElement, str]) -> Thread:
    """The comments of the items (in document order), each with the item it answers."""
    pool = set(texts)
    index = {item: number for number, item in enumerate(texts)}
    thread = Thread()
    last_at_depth: dict[int, int] = {}  # for flat threads that mark replies "depth-2"
    for number, (item, text) in enumerate(texts.items()):
        holder = _nearest(item, pool)
        depth = _depth(item)
        parent = index[holder] if holder is not None else last_at_depth.get(depth - 1) if depth else None
        if depth:
            last_at_depth[depth] = number
        thread.comments.append(FoundComment(author=_author(item, pool), text=text, parent=parent,
                                            posted=_posted(item, pool)))
        if holder is None:
            thread.elements.append(item)
    return thread


def _depth(item: HtmlElement) -> int:
    """The reply depth a class gives ("depth-2", "level-3"), 0 where none."""
    found = _DEPTH.search(item.get("class") or "")
    return int(found.group(1)) if found else 0


_MARKED = etree.XPath("//*[@class or @id or @itemprop or @itemtype]")


@cache
def _item_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word in markup_words()["item"]), re.I)


def _tokens(name: str) -> list[str]:
    return [t for t in _SPLIT.split(_CAMEL.sub(" ", name).lower()) if t]


def _classes(element: HtmlElement) -> list[str]:
    return (element.get("class") or "").split()


def _marker_classes(element: HtmlElement) -> list[str]:
    """The element's class names (and id) that name a comment, digits dropped."""
    stems = markup_words()["item"]
    taxonomy = markup_words()["taxonomy"]
    names = [n.lower() for n in (*_classes(element), element.get("id") or "")]
    return sorted({re.sub(r"\d+", "", n) for n in names
                   if any(s in n for s in stems) and not n.startswith(taxonomy)})


def _remainder(marker: str) -> list[str]:
    """The words of a comment class besides the comment word ("comment-form" -> ["form"])."""
    rest = marker
    for stem in markup_words()["item"]:
        rest = rest.replace(stem, " ")
    return _tokens(rest)


def _is_skipped(marker: str) -> bool:
    """A comment-ish class that names a form, counter, widget or link, not a comment."""
    skip = markup_words()["skip"]
    return any(token in skip or token.startswith(_long_words("skip")) for token in _remainder(marker))


def _is_plain(marker: str) -> bool:
    """A class that names one comment and nothing else ("comment", "kommentar-item")."""
    return all(token in markup_words()["single"] for token in _remainder(marker))


@cache
def _long_words(section: str) -> tuple[str, ...]:
    """The words of a section long enough to be matched as the start of a glued class name."""
    return tuple(word for word in markup_words()[section] if len(word) >= 4)


def _is_microdata_comment(element: HtmlElement) -> bool:
    return element.get("itemprop") == "comment" or "schema.org/Comment" in (element.get("itemtype") or "")


def _signature(element: HtmlElement) -> tuple[str, ...]:
    """Tag and comment classes of an element; only the plain ones ("comment", "comment-item")
    where it has some, so that per-author classes ("comment-by-anna") do not split a thread."""
    markers = [m for m in _marker_classes(element) if not _is_skipped(m)]
    plain = [m for m in markers if _is_plain(m)]
    markers = plain or markers
    if _is_microdata_comment(element):
        markers.append("itemprop=comment")
    return (element.tag, *markers)


def _candidates(tree: HtmlElement) -> tuple[list[HtmlElement], list[HtmlElement]]:
    """Elements whose markup says comment (before any structural check), and the wider
    set of elements whose class merely mentions comments (sections to search for blocks)."""
    found = []
    regions = []
    pattern = _item_pattern()
    for element in _MARKED(tree):
        if not isinstance(element.tag, str) or element.tag not in _ITEM_TAGS:
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not pattern.search(marks) and not _is_microdata_comment(element):
            continue
        if _holds_page_heading(element):
            continue
        regions.append(element)
        if len(_signature(element)) >= 2:
            found.append(element)
    return found, regions


def _holds_page_heading(element: HtmlElement) -> bool:
    """An element holding the page's main heading is the article, whatever its class says."""
    return next(element.iter("h1"), None) is not None


def _nearest(element: HtmlElement, pool: set[HtmlElement]) -> HtmlElement | None:
    parent = element.getparent()
    while parent is not None:
        if parent in pool:
            return parent
        parent = parent.getparent()
    return None


def _repeated(element: HtmlElement, signature: tuple[str, ...],
              signatures: dict[HtmlElement, tuple[str, ...]]) -> bool:
    """Whether a sibling of the element carries the same comment markup."""
    parent = element.getparent()
    if parent is None:
        return False
    return any(sibling is not element and signatures.get(sibling) == signature for sibling in parent)


def _item_elements(candidates: list[HtmlElement]) -> list[HtmlElement]:
    """The candidates that are single comments: repeated siblings, else lone marked items."""
    signatures = {element: _signature(element) for element in candidates}
    groups = _sibling_kinds(signatures)
    groups |= _scattered_kinds(candidates, signatures, groups)
    members = [e for e in candidates if signatures[e] in groups]
    parts = _part_kinds(groups, members, signatures)
    items = [e for e in members if signatures[e] not in parts]
    items += _lone_items(candidates, set(items))
    order = {element: number for number, element in enumerate(candidates)}
    items.sort(key=lambda element: order[element])
    return items


def _sibling_kinds(signatures: dict[HtmlElement, tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Kinds of comment markup repeated as siblings, with two or more such elements."""
    repeated: Counter[tuple[str, ...]] = Counter(
        signature for element, signature in signatures.items()
        if _repeated(element, signature, signatures))
    return {signature for signature, count in repeated.items() if count >= 2}


def _scattered_kinds(candidates: list[HtmlElement], signatures: dict[HtmlElement, tuple[str, ...]],
                     groups: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Plain comment classes seen twice or more, each comment in wrappers of its own, when
    mostly signed (kinds already in `groups` are not repeated)."""
    counts = Counter(signatures.values())
    scattered = {signature for signature, count in counts.items()
                 if count >= 2 and len(signature) > 1 and all(map(_is_plain, signature[1:]))}
    return {signature for signature in scattered - groups
            if _mostly_signed([_with_parent(e) for e in candidates if signatures[e] == signature])}


def _part_kinds(groups: set[tuple[str, ...]], members: list[HtmlElement],
                signatures: dict[HtmlElement, tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Kinds whose members mostly sit inside members of another kind: parts of a comment."""
    pool = set(members)
    parts = set()
    for signature in groups:
        own = [e for e in members if signatures[e] == signature]
        inside = sum(1 for e in own if _inside_other(e, signature, signatures, pool))
        if inside * 2 > len(own):
            parts.add(signature)
    return parts


def _region_items(regions: list[HtmlElement], items: set[HtmlElement]) -> list[HtmlElement]:
    """In a comment section with no marked comments, its repeated blocks that carry an
    author or a date (the unmarked `li` of a thread inside `div.comments`)."""
    found: list[HtmlElement] = []
    done: set[HtmlElement] = set()
    for region in regions:
        if region in items or _nearest(region, items) is not None or _nearest(region, done) is not None:
            continue
        if any(inner in items for inner in region.iterdescendants()) or _links_elsewhere(region):
            continue
        blocks = _repeated_blocks(region)
        if blocks and _words_outside(region, blocks) <= _MAX_REGION_OTHER_WORDS:
            found.extend(blocks)
            done.add(region)
    return found


def _words_outside(region: HtmlElement, blocks: list[HtmlElement]) -> int:
    """Words of a section outside its blocks and forms: a comment section holds little
    else (a heading, a count), an article with signed parts (a live blog) holds prose."""
    inner = set(blocks)
    words = 0
    for element in region.iter():
        if element in inner or element.tag in _NEVER_TEXT or _nearest(element, inner) is not None:
            continue
        if any(ancestor.tag in _NEVER_TEXT for ancestor in element.iterancestors()):
            continue
        words += len((element.text or "").split()) + len((element.tail or "").split())
    return words


def _links_elsewhere(region: HtmlElement) -> bool:
    """A "recent comments" widget: its entries point at comments on other pages."""
    marks = f"{region.get('class') or ''} {region.get('id') or ''}".lower()
    return any(word in marks for word in markup_words()["region_skip"])


def _block_signature(element: HtmlElement) -> tuple[str, str]:
    return element.tag, re.sub(r"\d+", "", " ".join(sorted(_classes(element))))


def _repeated_blocks(region: HtmlElement) -> list[HtmlElement]:
    """The largest set of sibling blocks of one kind, most of them signed (author or date),
    with the blocks of the same kind nested inside them (replies)."""
    best = _largest_signed_siblings(region)
    if not best:
        return []
    signature = _block_signature(best[0])
    top = best[0].getparent()
    return [e for e in top.iter() if e is not top and isinstance(e.tag, str)
            and e.tag == signature[0] and _block_signature(e) == signature]


def _largest_signed_siblings(region: HtmlElement) -> list[HtmlElement]:
    """The largest set (two or more) of sibling blocks of one kind in the region that are
    mostly signed and hold no form; the first found among equals."""
    best: list[HtmlElement] = []
    for parent in region.iter():
        for members in _sibling_blocks(parent):
            if len(members) > max(1, len(best)) and _signed_without_forms(members):
                best = members
    return best


def _sibling_blocks(parent: HtmlElement) -> list[list[HtmlElement]]:
    """The parent's block children, grouped by kind (tag and classes without digits)."""
    groups: dict[tuple[str, str], list[HtmlElement]] = defaultdict(list)
    for child in parent:
        if isinstance(child.tag, str) and child.tag in _REGION_BLOCK_TAGS:
            groups[_block_signature(child)].append(child)
    return list(groups.values())


def _signed_without_forms(blocks: list[HtmlElement]) -> bool:
    """Blocks mostly signed, none holding a form (a reply box is no comment)."""
    return _mostly_signed(blocks) and not any(_has_form(block) for block in blocks)


def _has_form(block: HtmlElement) -> bool:
    return any(True for _ in block.iter("form", "textarea", "input"))


def _with_parent(element: HtmlElement) -> HtmlElement:
    """The element's parent where it has one (the author may sit beside the text)."""
    parent = element.getparent()
    return element if parent is None else parent


def _mostly_signed(blocks: list[HtmlElement]) -> bool:
    """Whether at least half of the blocks name an author or a time."""
    return 2 * sum(map(_is_signed, blocks)) >= len(blocks)


def _is_signed(block: HtmlElement) -> bool:
    """Whether a block names an author or a time, as a posted comment does."""
    return any(_names_signer(element) for element in block.iter() if isinstance(element.tag, str))


def _names_signer(element: HtmlElement) -> bool:
    """An element that gives a comment's author or time: by its tag, microdata, class,
    test id or rel, or by a short text that is a timestamp ("3 hours ago", "12.04.2021")."""
    if element.tag in ("time", "cite") or element.get("itemprop") in _SIGNER_PROPS:
        return True
    if "author" in (element.get("rel") or ""):
        return True
    words = markup_words()["signer"]
    names = [*_classes(element), element.get("data-testid") or ""]
    if any(token in words for name in names for token in _tokens(name)):
        return True
    text = (element.text or "").strip()
    return 0 < len(text) <= _MAX_STAMP_CHARS and (is_timestamp(text) or find_date(text) is not None)


def _lone_items(candidates: list[HtmlElement], items: set[HtmlElement]) -> list[HtmlElement]:
    """Comments that are alone of their kind: microdata, CMS ids, or an item-like class in a
    comment section, outside and around no repeated comment."""
    pool = set(candidates)
    lone = [element for element in candidates if _is_lone_item(element, items, pool)]
    return _replies_or_wholes(lone)


def _is_lone_item(element: HtmlElement, items: set[HtmlElement], pool: set[HtmlElement]) -> bool:
    """A signed candidate, outside and around every item found, without a form, marked as
    one comment, and not mostly link text."""
    if element in items or _nearest(element, items) is not None:
        return False
    if any(inner in items for inner in element.iterdescendants()):
        return False
    if _has_form(element) or not _is_signed(element):
        return False
    if not _marked_as_one(element, pool):
        return False
    text, linked = _item_text(element, set())
    return linked < len(_WHITESPACE.sub("", text))


def _marked_as_one(element: HtmlElement, pool: set[HtmlElement]) -> bool:
    """Comment microdata, a CMS comment id, or an item-like class inside another candidate
    (a comment section)."""
    return bool(_is_microdata_comment(element) or _CMS_ITEM_ID.fullmatch(element.get("id") or "")
                or (_item_like(element) and _nearest(element, pool) is not None))


def _replies_or_wholes(lone: list[HtmlElement]) -> list[HtmlElement]:
    """A lone item inside another is a reply when of the same kind (kept), else a part of it
    (dropped)."""
    chosen = set(lone)
    kept = []
    for element in lone:
        holder = _nearest(element, chosen)
        if holder is None or _signature(holder) == _signature(element):
            kept.append(element)
    return kept


def _item_like(element: HtmlElement) -> bool:
    """A class that names one comment ("comment", "kommentar-item"), not a list or a part."""
    return any(_is_plain(marker) for marker in _signature(element)[1:])


def _inside_other(element: HtmlElement, signature: tuple[str, ...],
                  signatures: dict[HtmlElement, tuple[str, ...]], pool: set[HtmlElement]) -> bool:
    holder = _nearest(element, pool)
    while holder is not None:
        if signatures[holder] != signature:
            return True
        holder = _nearest(holder, pool)
    return False


def _own_elements(item: HtmlElement, pool: set[HtmlElement]) -> Iterator[HtmlElement]:
    """Descendants of an item that are not inside a nested item (a reply)."""
    stack = list(reversed(list(item)))
    while stack:
        element = stack.pop()
        if element in pool or not isinstance(element.tag, str):
            continue
        yield element
        stack.extend(reversed(list(element)))


def _is_meta(element: HtmlElement) -> bool:
    words = markup_words()["meta"]
    names = [*_classes(element), element.get("id") or ""]
    for name in names:
        lowered = name.lower()
        if any(token in words for token in _tokens(name)):
            return True
        if any(len(word) >= 5 and word in lowered for word in words):
            return True
    return element.tag in ("time", "cite") or element.get("itemprop") in ("author", "dateCreated",
                                                                         "datePublished")


def _is_meta_block(element: HtmlElement) -> bool:
    """A short part marked as meta, or a short block that holds the author or the time
    (a header line such as "Anna on 3 May 2024 at 10:12")."""
    if len(element.text_content()) > _MAX_META_CHARS:
        return False
    if _is_meta(element):
        return True
    if element.tag not in _BLOCK_TAGS or len(element.text_content()) > _MAX_AUTHOR_CHARS:
        return False
    metas = [inner for inner in element.iterdescendants()
             if isinstance(inner.tag, str) and _names_signer(inner)]
    if not metas:
        return False
    rest = len(element.text_content().split()) - sum(len(m.text_content().split()) for m in metas
                                                     if _nearest(m, set(metas)) is None)
    return rest <= _MAX_CONNECTOR_WORDS


def _item_text(item: HtmlElement, pool: set[HtmlElement]) -> tuple[str, int]:
    """The comment's own words (without replies, author, date and action links), and how
    many of their characters are link text."""
    lines: list[str] = []
    current: list[str] = []
    linked = 0

    def flush() -> None:
        line = _WHITESPACE.sub(" ", "".join(current)).strip()
        if line:
            lines.append(line)
        current.clear()

    def walk(element: HtmlElement, top: bool, in_link: bool) -> None:
        nonlocal linked
        skip = (not top) and (element in pool or element.tag in _NEVER_TEXT or _is_meta_block(element))
        block = element.tag in _BLOCK_TAGS or element.tag == "br"
        if not skip:
            if block:
                flush()
            if element.tag == "a" and not in_link:
                linked += len(_WHITESPACE.sub("", element.text_content()))
            current.append(element.text or "")
            for child in element:
                if isinstance(child.tag, str):
                    walk(child, False, in_link or element.tag == "a")
                else:
                    current.append(child.tail or "")
            if block:
                flush()
        if not top:
            current.append(element.tail or "")

    walk(item, True, False)
    flush()
    return "\n".join(lines), linked


def _author(item: HtmlElement, pool: set[HtmlElement]) -> str | None:
    words = markup_words()["author"]
    for element in _own_elements(item, pool):
        if element.get("itemprop") == "author" or element.tag == "cite" or any(
                token in words for name in _classes(element) for token in _tokens(name)):
            name = _clean_author(element.text_content())
            if name:
                return name
    return None


def _clean_author(text: str) -> str | None:
    """The name on an author line: "Comment by Anna — 17.07.2011 @ 13:04" gives "Anna"."""
    lines = [line for line in text.strip().split("\n") if line.strip()]
    name = _SPACES.sub(" ", lines[0]).strip() if lines else ""
    name = _STAMP_AFTER_NAME.sub("", name)
    lowered = name.lower()
    for prefix in markup_words()["author_prefix"]:
        if lowered.startswith(prefix + " "):
            name = name[len(prefix) + 1:].strip()
            break
    says = markup_words()["says"]
    words = name.rstrip(":").split()
    while words and words[-1].lower().rstrip(":") in says:
        words.pop()
    name = " ".join(words).strip(" :,-–|")
    if not name or len(name) > _MAX_AUTHOR_CHARS:
        return None
    return name


def _posted(item: HtmlElement, pool: set[HtmlElement]) -> str | None:
    words = markup_words()["date"]
    for element in _own_elements(item, pool):
        if element.tag == "time":
            return element.get("datetime") or _SPACES.sub(" ", element.text_content()).strip() or None
    for element in _own_elements(item, pool):
        if any(token in words for name in _classes(element) for token in _tokens(name)):
            text = _SPACES.sub(" ", element.text_content()).strip()
            if 0 < len(text) <= _MAX_AUTHOR_CHARS:
                return text
    return None
