"""WARC input: every HTML response record is a page, its target URL the page id."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from sitrep.model import PageError, RawPage
from sitrep.read.dates import parse_iso_date
from sitrep.read.decode import GZIP_MAGIC, MAX_PAGE_BYTES, DecodeError, decode_bytes

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_MAX_TAIL_CHECK = 64_000_000


def read_warc(source: Path | bytes, name: str) -> Iterator[RawPage | PageError]:
    """HTML pages of a WARC file (plain or gzipped) or of WARC bytes."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")  # noqa: SIM115
    found = 0
    last_position = 0
    try:
        records = ArchiveIterator(stream, record_types=WarcRecordType.response,
                                  parse_http=True, func_filter=_is_html,
                                  auto_decode="all", quirks_mode=True)
        for record in records:
            found += 1
            last_position = record.stream_pos
            yield _page_of(record, name)
        if _cut_short(stream, last_position):
            yield PageError(name, "read", "broken gzip data (the file ends inside a record)")
    except (OSError, EOFError, ValueError) as error:
        yield PageError(name, "read", f"broken WARC data ({error})")
    finally:
        stream.close()
    if found == 0:
        yield PageError(name, "read", "no HTML response records in WARC")


def _cut_short(stream: IO[bytes], position: int) -> bool:
    """Whether a gzipped WARC ends inside a gzip member after the last record read.

    fastwarc stops quietly at a truncated member, so the record in it would be lost
    without a word; each record is its own member, so only the tail after the last
    record read needs decompressing (skipped where that tail is very large).
    """
    stream.seek(position)
    tail = stream.read(_MAX_TAIL_CHECK + 1)
    if len(tail) > _MAX_TAIL_CHECK or not tail.startswith(GZIP_MAGIC):
        return False
    while tail:
        member = zlib.decompressobj(wbits=31)
        try:
            member.decompress(tail)
        except zlib.error:
            return True
        if not member.eof:
            return True
        tail = member.unused_data
    return False


def _is_html(record: object) -> bool:
    http = getattr(record, "http_headers", None)
    if http is None:
        return False
    content_type = (http.get("Content-Type") or "").lower()
    return any(kind in content_type for kind in _HTML_TYPES) or not content_type


def _page_of(record: object, name: str) -> RawPage | PageError:
    headers = record.headers  # type: ignore[attr-defined]
    url = headers.get("WARC-Target-URI") or headers.get("WARC-Record-ID") or name
    where = f"{name}: {url}"
    length = record.content_length  # type: ignore[attr-defined]
    if length > MAX_PAGE_BYTES:
        return PageError(where, "read", f"record too large ({length:,} bytes)")
    try:
        body = record.reader.read()  # type: ignore[attr-defined]
        html = decode_bytes(body, html=True)
    except DecodeError as error:
        return PageError(where, "read", str(error))
    return RawPage(id=url, html=html, url=url, fetched=parse_iso_date(headers.get("WARC-Date")),
                   origin=where)
