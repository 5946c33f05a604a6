"""A source's body to the articles it lists: RSS/Atom feeds, sitemaps (Google News too), URL lists.

`parse_listing(body, kind, base_url)` tells the kind from the content when
`kind` is "url" (an XML feed, a `<urlset>` or `<sitemapindex>`, else lines of
URLs) and returns the article links with the date the source gives them;
a sitemap index returns its child sitemaps instead, which the caller fetches.
Feeds are read by feedparser; sitemaps by lxml with entities and network
access off (no XXE, no billion laughs).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree

from sitrep.read.dates import parse_iso_date

MAX_ITEMS = 5000  # links taken from one listing; a longer one is cut (the rest is reported)
_SITEMAP_START = re.compile(rb"<(?:[\w-]+:)?(urlset|sitemapindex)\b")
_FEED_START = re.compile(rb"<(?:[\w-]+:)?(rss|feed|RDF)\b")
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)


class ListingError(ValueError):
    """A body that is not a feed, a sitemap or a list of URLs."""


@dataclass(frozen=True)
class Item:
    """One article a source lists."""

    url: str
    published: date | None = None
    title: str | None = None


@dataclass
class Listing:
    """What a source's body holds: articles, or (a sitemap index) more sitemaps."""

    kind: str  # feed, sitemap, urls
    items: list[Item] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    cut: int = 0  # links left out past MAX_ITEMS


def kind_of(body: bytes) -> str:
    """feed, sitemap or urls, from the body's first bytes."""
    head = body[:2048]
    if _SITEMAP_START.search(head):
        return "sitemap"
    if _FEED_START.search(head):
        return "feed"
    return "urls"


def parse_listing(body: bytes, kind: str, base_url: str) -> Listing:
    """The articles (or child sitemaps) of a source's body."""
    if kind in ("url", ""):
        kind = kind_of(body)
    if kind == "sitemap":
        return _parse_sitemap(body, base_url)
    if kind == "feed":
        return _parse_feed(body, base_url)
    return _parse_url_lines(body.decode("utf-8", errors="replace"), base_url)


def _parse_feed(body: bytes, base_url: str) -> Listing:
    parsed: Any = feedparser.parse(body, response_headers={"content-location": base_url})
    if parsed.bozo and not parsed.entries and not parsed.get("version"):  # an empty feed is a feed
        raise ListingError(f"not a readable feed ({parsed.get('bozo_exception', 'no entries')})")
    items: list[Item] = []
    for entry in parsed.entries:
        link = _absolute(entry.get("link"), base_url)
        if link:
            items.append(Item(link, _entry_date(entry), entry.get("title")))
    return _capped(Listing("feed", items))


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC).date()
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _parse_sitemap(body: bytes, base_url: str) -> Listing:
    try:
        root = etree.fromstring(body, _XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise ListingError(f"not a readable sitemap ({error})") from None
    if root is None:
        raise ListingError("not a readable sitemap (empty)")
    if etree.QName(root).localname == "sitemapindex":
        locs = [_absolute(_child_text(node, "loc"), base_url) for node in _children(root, "sitemap")]
        return Listing("sitemap", sitemaps=[loc for loc in locs if loc])
    items: list[Item] = []
    for node in _children(root, "url"):
        link = _absolute(_child_text(node, "loc"), base_url)
        if link:
            items.append(Item(link, _sitemap_date(node), _news_title(node)))
    return _capped(Listing("sitemap", items))


def _sitemap_date(node: Any) -> date | None:
    """Google News' <news:publication_date>, else <lastmod>."""
    for news in _children(node, "news"):
        found = parse_iso_date(_child_text(news, "publication_date"))
        if found:
            return found
    return parse_iso_date(_child_text(node, "lastmod"))


def _news_title(node: Any) -> str | None:
    for news in _children(node, "news"):
        title = _child_text(news, "title")
        if title:
            return title
    return None


def _children(node: Any, name: str) -> list[Any]:
    return [child for child in node if isinstance(child.tag, str) and etree.QName(child).localname == name]


def _child_text(node: Any, name: str) -> str | None:
    for child in _children(node, name):
        text = (child.text or "").strip()
        if text:
            return text
    return None


def _parse_url_lines(text: str, base_url: str) -> Listing:
    items: list[Item] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        link = _absolute(line.split()[0], base_url)
        if link is None:
            raise ListingError(f"not a list of URLs ({line[:60]!r})")
        items.append(Item(link))
    return _capped(Listing("urls", items))


def _absolute(link: str | None, base_url: str) -> str | None:
    if not link:
        return None
    url = urljoin(base_url, link.strip()) if base_url.startswith(("http://", "https://")) else link.strip()
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def _capped(listing: Listing) -> Listing:
    if len(listing.items) > MAX_ITEMS:
        listing.cut = len(listing.items) - MAX_ITEMS
        listing.items = listing.items[:MAX_ITEMS]
    return listing

