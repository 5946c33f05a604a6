"""A news site on 127.0.0.1 for the watch tests and bench/watch.py: feeds, sitemaps, articles, misbehaviour.

`serve_site()` starts a threading http.server on a random port and returns a
`Site`: add articles to it (they appear in its RSS feed, its Google News
sitemap and its URL list), and read back every request it was sent. Paths:

    /robots.txt            allows all but /private/
    /feed.xml              RSS 2.0 of the articles; ETag and Last-Modified, 304 when unchanged
                           (`changing_etag`: a new ETag every time, same content)
    /atom.xml              the same as Atom
    /news-sitemap.xml      Google News sitemap; /sitemap-index.xml points at it
    /urls.txt              the articles' URLs, one a line
    /articles/SLUG         an article (text/html)
    /dated.xml             the RSS feed with a Last-Modified and no ETag (304 on If-Modified-Since)
    /busy/...              429 with Retry-After: 1 the first time, then the RSS feed
    /repeat.xml            a feed that repeats the same old items with a fresh ETag every time
    /many/N.xml            a feed (own ETag) listing one article (bench: many feeds)
    /page/K.xml            a feed of the articles K*1000 to K*1000+999 (bench: a big backlog)
    /error/...             500, always
    /slow/...              answers after `slow_s` seconds
    /loop/...              redirects to itself
    /goto?to=URL           redirects to URL
    /bomb.xml              a gzip bomb: 32 MB of zeros gzipped (Content-Encoding: gzip)
    /huge.xml              a feed of `huge_items` items (several MB)
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as clock
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote
from xml.sax.saxutils import escape

from stories import Story, article_html

_BOMB: list[bytes] = []


def bomb() -> bytes:
    """32 MB of zeros in 31 KB of gzip (made once, before the first site answers)."""
    if not _BOMB:
        _BOMB.append(gzip.compress(b"\0" * 32_000_000, compresslevel=9))
    return _BOMB[0]


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    status: int
    at: float = field(default_factory=time.monotonic)


@dataclass
class Site:
    """What the server serves, and what it was asked."""

    base: str = ""
    stories: list[Story] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    changing_etag: bool = False
    robots_status: int = 200
    extra_links: list[str] = field(default_factory=list)  # more <item>s of /feed.xml, linking anywhere
    slow_s: float = 5.0
    huge_items: int = 60_000
    lock: threading.Lock = field(default_factory=threading.Lock)
    added_at: dict[str, float] = field(default_factory=dict)
    changed_at: float = field(default_factory=lambda: float(int(time.time())))  # /dated.xml's Last-Modified
    server: Any = None

    def add(self, story: Story) -> str:
        """Publish a story; returns its URL."""
        with self.lock:
            self.stories.append(story)
            self.added_at[story.slug] = time.monotonic()
            self.changed_at += 1.0
        return self.url(story)

    def url(self, story: Story) -> str:
        return f"{self.base}articles/{story.slug}"

    def asked(self, prefix: str) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.path.startswith(prefix)]

    def forget_requests(self) -> None:
        with self.lock:
            self.requests.clear()

    # ---------------------------------------------------------------- documents

    def rss(self, stories: list[Story] | None = None) -> bytes:
        items = "".join(
            f"<item><title>{escape(s.title)}</title><link>{self.url(s)}?utm_source=rss&amp;utm_medium=feed</link>"
            f"<guid>{self.url(s)}</guid><pubDate>{_rfc822(s)}</pubDate></item>"
            for s in (self.stories if stories is None else stories))
        if stories is None:
            items += "".join(f"<item><title>elsewhere</title><link>{escape(link)}</link></item>"
                             for link in self.extra_links)
        return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
                f"<title>Sitrep Test Wire</title><link>{self.base}</link>"
                f"<description>made-up news</description>{items}</channel></rss>").encode()

    def atom(self) -> bytes:
        entries = "".join(
            f"<entry><title>{escape(s.title)}</title><link href='{self.url(s)}'/><id>{self.url(s)}</id>"
            f"<updated>{s.published.isoformat()}T08:00:00Z</updated></entry>" for s in self.stories)
        return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
                f"<title>Sitrep Test Wire</title><id>{self.base}</id><updated>2026-12-04T08:00:00Z</updated>"
                f"{entries}</feed>").encode()

    def news_sitemap(self) -> bytes:
        urls = "".join(
            f"<url><loc>{self.url(s)}</loc><news:news><news:publication><news:name>Sitrep Test Wire"
            f"</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{s.published.isoformat()}T08:00:00Z</news:publication_date>"
            f"<news:title>{escape(s.title)}</news:title></news:news></url>" for s in self.stories)
        return ("<?xml version='1.0' encoding='UTF-8'?>"
                "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
                "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>" + urls + "</urlset>").encode()

    def sitemap_index(self) -> bytes:
        return ("<?xml version='1.0' encoding='UTF-8'?>"
                "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                f"<sitemap><loc>{self.base}news-sitemap.xml</loc></sitemap></sitemapindex>").encode()

    def huge(self) -> bytes:
        items = "".join(f"<item><title>Item {n}</title><link>{self.base}articles/none-{n}</link>"
                        f"<description>{'x' * 60}</description></item>" for n in range(self.huge_items))
        return f"<rss version='2.0'><channel><title>huge</title>{items}</channel></rss>".encode()


def _rfc822(story: Story) -> str:
    return format_datetime(datetime.combine(story.published, clock(8, 0), UTC), usegmt=True)


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._route(self.site, self.path.split("?")[0])

    def _route(self, site: Site, path: str) -> int:
        if path == "/robots.txt":
            return self._send(site.robots_status, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path.startswith("/error/"):
            return self._send(500, b"internal error", "text/plain")
        if path.startswith("/slow/"):
            time.sleep(site.slow_s)
            return self._send(200, site.rss(), "application/rss+xml")
        if path.startswith("/loop/"):
            return self._send(302, b"", "text/plain", {"Location": path})
        if path == "/goto":  # a redirect to wherever ?to= says
            return self._send(302, b"", "text/plain", {"Location": unquote(self.path.partition("?to=")[2])})
        if path == "/bomb.xml":
            return self._send(200, bomb(), "application/rss+xml", {"Content-Encoding": "gzip"})
        if path == "/huge.xml":
            return self._send(200, site.huge(), "application/rss+xml")
        if path.startswith("/articles/"):
            return self._article(site, path.removeprefix("/articles/"))
        return self._listing(site, path)

    def _listing(self, site: Site, path: str) -> int:
        with site.lock:
            stories = list(site.stories)
        if path.startswith("/page/"):  # the articles a thousand a feed: /page/0.xml, /page/1.xml...
            number = int(path.removeprefix("/page/").removesuffix(".xml") or 0)
            chunk = stories[number * 1000:(number + 1) * 1000]
            return self._conditional(site.rss(chunk), "application/rss+xml")
        if path.startswith("/many/"):
            number = int(path.removeprefix("/many/").removesuffix(".xml") or 0)
            body = site.rss([s for s in stories if s.slug.endswith(f"-{number:05d}")])
            return self._conditional(body, "application/rss+xml")
        documents = {"/feed.xml": (site.rss, "application/rss+xml"),
                     "/atom.xml": (site.atom, "application/atom+xml"),
                     "/news-sitemap.xml": (site.news_sitemap, "application/xml"),
                     "/sitemap-index.xml": (site.sitemap_index, "application/xml"),
                     "/urls.txt": (lambda: "\n".join(site.url(s) for s in stories).encode(), "text/plain")}
        if path == "/dated.xml":  # Last-Modified only, no ETag
            return self._dated(site.rss(stories), site)
        if path.startswith("/busy/"):  # 429 with Retry-After the first time a path is asked
            if not site.asked(path):
                return self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
            return self._send(200, site.rss(stories), "application/rss+xml")
        if path == "/repeat.xml":
            fresh_tag = {"ETag": f'"{time.time_ns()}"'}
            return self._send(200, site.rss(stories[:2]), "application/rss+xml", fresh_tag)
        if path not in documents:
            return self._send(404, b"not found", "text/plain")
        make, content_type = documents[path]
        return self._conditional(make(), content_type)

    def _conditional(self, body: bytes, content_type: str) -> int:
        etag = f'"{time.time_ns()}"' if self.site.changing_etag else f'"{hashlib.sha1(body).hexdigest()}"'
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", content_type, {"ETag": etag})
        return self._send(200, body, content_type, {"ETag": etag})

    def _dated(self, body: bytes, site: Site) -> int:
        stamp = format_datetime(datetime.fromtimestamp(site.changed_at, UTC), usegmt=True)
        if self.headers.get("If-Modified-Since") == stamp:
            return self._send(304, b"", "application/rss+xml", {"Last-Modified": stamp})
        return self._send(200, body, "application/rss+xml", {"Last-Modified": stamp})

    def _article(self, site: Site, slug: str) -> int:
        with site.lock:
            story = next((s for s in site.stories if s.slug == slug), None)
        if story is None:
            return self._send(404, b"not found", "text/plain")
        return self._send(200, article_html(story), "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> int:
        with self.site.lock:  # noted before answering: the client may look as soon as it has the answer
            headers_seen = {k.lower(): v for k, v in self.headers.items()}
            self.site.requests.append(Request(self.path, headers_seen, status))
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a body limit, a timeout): as a real server would see it
        return status


@contextmanager
def serve_site() -> Iterator[Site]:
    """A Site served on 127.0.0.1 (a random port) until the block ends."""
    bomb()
    site = Site()
    handler = type("Handler", (_Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}/"
    site.server = server
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
