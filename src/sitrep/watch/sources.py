"""What `sitrep watch` follows: command-line arguments and a `--sources` TOML file to Source records.

A source is an RSS/Atom feed or a news sitemap (an http(s) URL; its kind is
told by its content unless the file names it), a file listing article URLs
one a line, or a local folder (watched for new or changed files). The TOML
file:

    [watch]
    contact = "https://example.org/about-our-crawler"   # put in the User-Agent
    interval = 300                                      # default seconds between polls

    [[source]]
    url = "https://news.example.com/rss.xml"
    name = "Example News"            # the outlet's name (default: the host)
    interval = 120
    language = "en"
    kind = "feed"                    # feed, sitemap or urls; optional

    [[source]]
    path = "/data/crawl"             # a folder, or a file of URLs
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

KINDS = ("url", "feed", "sitemap", "urls", "folder")
DEFAULT_INTERVAL_S = 300.0
MIN_INTERVAL_S = 1.0


class SourceError(ValueError):
    """A source or a sources file that cannot be used; the message names it."""


@dataclass(frozen=True)
class Source:
    """One thing to follow. `key` is its URL or absolute path (its identity in the database)."""

    key: str
    kind: str  # url (feed or sitemap, told by its content), feed, sitemap, urls (a file), folder
    name: str | None = None
    language: str | None = None
    interval_s: float = DEFAULT_INTERVAL_S

    @property
    def is_remote(self) -> bool:
        return self.kind in ("url", "feed", "sitemap")


@dataclass
class SourceList:
    """The sources, and the settings the TOML file's [watch] table gave."""

    sources: list[Source] = field(default_factory=list)
    contact: str | None = None
    interval_s: float | None = None


def source_from_argument(value: str, interval_s: float = DEFAULT_INTERVAL_S) -> Source:
    """A command-line SOURCE: an http(s) URL, a folder, or a file of URLs."""
    if value.startswith(("http://", "https://")):
        return Source(key=_checked_url(value), kind="url", interval_s=interval_s)
    path = Path(value).expanduser()
    if path.is_dir():
        return Source(key=str(path.resolve()), kind="folder", interval_s=interval_s)
    if path.is_file():
        return Source(key=str(path.resolve()), kind="urls", interval_s=interval_s)
    raise SourceError(f"{value}: neither an http(s) URL nor an existing folder or file")


def load_sources_file(path: str) -> SourceList:
    """Read a `--sources` TOML file (see the module's docstring)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise SourceError(f"{path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise SourceError(f"{path}: not valid TOML ({error})") from None
    settings = data.get("watch", {})
    if not isinstance(settings, dict):
        raise SourceError(f"{path}: [watch] must be a table")
    default = _interval(settings.get("interval", DEFAULT_INTERVAL_S), f"{path}: [watch] interval")
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise SourceError(f"{path}: sources are [[source]] tables")
    base = Path(path).resolve().parent
    sources = [_source_of(entry, f"{path}: source {index + 1}", default, base)
               for index, entry in enumerate(entries)]
    contact = settings.get("contact")
    return SourceList(sources=sources, contact=str(contact) if contact else None,
                      interval_s=default if "interval" in settings else None)


def gather_sources(arguments: Iterable[str], sources_file: str | None,
                   interval_s: float | None = None) -> SourceList:
    """The TOML file's sources, then the arguments', each key once (the first wins)."""
    listed = load_sources_file(sources_file) if sources_file else SourceList()
    default = interval_s or listed.interval_s or DEFAULT_INTERVAL_S
    every = [*listed.sources, *(source_from_argument(a, default) for a in arguments)]
    seen: set[str] = set()
    unique: list[Source] = []
    for source in every:
        if source.key not in seen:
            seen.add(source.key)
            unique.append(source)
    return SourceList(sources=unique, contact=listed.contact, interval_s=listed.interval_s)


def _source_of(entry: Any, where: str, default_interval: float, base: Path) -> Source:
    if not isinstance(entry, dict):
        raise SourceError(f"{where}: must be a table")
    unknown = set(entry) - {"url", "path", "name", "interval", "language", "kind"}
    if unknown:
        raise SourceError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if ("url" in entry) == ("path" in entry):
        raise SourceError(f"{where}: give exactly one of url and path")
    interval = _interval(entry.get("interval", default_interval), f"{where}: interval")
    if "url" in entry:
        kind = str(entry.get("kind", "url"))
        if kind not in ("url", "feed", "sitemap"):
            raise SourceError(f"{where}: kind of a URL is feed, sitemap or url, not {kind!r}")
        key = _checked_url(str(entry["url"]))
    else:
        path = Path(str(entry["path"])).expanduser()
        path = path if path.is_absolute() else base / path
        if not path.exists():
            raise SourceError(f"{where}: {path} does not exist")
        key, kind = str(path.resolve()), "folder" if path.is_dir() else "urls"
    return Source(key=key, kind=kind, name=_text(entry.get("name")), language=_text(entry.get("language")),
                  interval_s=interval)


def _checked_url(value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceError(f"{value}: not an http(s) URL")
    return value.strip()


def _interval(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < MIN_INTERVAL_S:
        raise SourceError(f"{where} must be a number of seconds, at least {MIN_INTERVAL_S:g}")
    return float(value)


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
