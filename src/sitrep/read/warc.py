"""WARC input: every HTML response record is a page, its target URL the page id."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from sitrep.limits import limits
from sitrep.model import PageError, RawPage
from sitrep.read.dates import parse_iso_date
from sitrep.read.decode import GZIP_MAGIC, DecodeError, decode_page

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 20


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
            yield _guarded_page_of(record, name)
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
    record read needs decompressing. It is streamed, its output thrown away as it
    comes, so a bomb in the tail costs time (bounded by the file limit), not memory.
    """
    stream.seek(position)
    pending = stream.read(_CHUNK)
    if not pending.startswith(GZIP_MAGIC):
        return False
    member = zlib.decompressobj(wbits=31)
    budget = limits().max_file_decompressed_bytes
    while budget >= 0:  # past the budget, fastwarc's own reading is trusted
        if not pending:
            pending = stream.read(_CHUNK)
            if not pending:
                return not _drained(member)
        if member.eof:  # the next record's member
            member = zlib.decompressobj(wbits=31)
        try:
            budget -= len(member.decompress(pending, _CHUNK))
        except zlib.error:
            return True
        pending = member.unused_data if member.eof else member.unconsumed_tail
    return False


def _drained(member: zlib._Decompress) -> bool:
    """Whether a member given all its input reaches its end (its output thrown away)."""
    while not member.eof and member.decompress(b"", _CHUNK):
        pass
    return member.eof


def _is_html(record: object) -> bool:
    http = getattr(record, "http_headers", None)
    if http is None:
        return False
    content_type = (http.get("Content-Type") or "").lower()
    return any(kind in content_type for kind in _HTML_TYPES) or not content_type


def _guarded_page_of(record: object, name: str) -> RawPage | PageError:
    """The record's page, or its error: nothing raised by one record stops the file."""
    try:
        return _page_of(record, name)
    except Exception as error:  # MemoryError, a decoding library's own error: this record's line
        url = record.headers.get("WARC-Target-URI") or name  # type: ignore[attr-defined]
        return PageError(f"{name}: {url}", "read", f"{type(error).__name__}: {str(error)[:200]}")


def _page_of(record: object, name: str) -> RawPage | PageError:
    headers = record.headers  # type: ignore[attr-defined]
    url = headers.get("WARC-Target-URI") or headers.get("WARC-Record-ID") or name
    where = f"{name}: {url}"
    length = record.content_length  # type: ignore[attr-defined]
    limit = limits().max_page_bytes
    if length > limit:
        return PageError(where, "read", f"record too large ({length:,} bytes, limit {limit:,}: "
                                        f"SITREP_MAX_PAGE_BYTES)")
    body = record.reader.read(limit + 1)  # type: ignore[attr-defined]
    if len(body) > limit:  # a compressed HTTP body that decompresses past the limit
        return PageError(where, "read", f"record decompresses to over {limit:,} bytes "
                                        f"(limit SITREP_MAX_PAGE_BYTES)")
    if len(body) < length and not _encoded(record):
        return PageError(where, "read", f"WARC record cut short ({len(body):,} of {length:,} bytes): "
                                        f"the file ends inside it")
    try:
        html, notes = decode_page(body, html=True)
    except DecodeError as error:
        return PageError(where, "read", str(error))
    return RawPage(id=url, html=html, url=url, fetched=parse_iso_date(headers.get("WARC-Date")),
                   origin=where, notes=tuple(notes))


def _encoded(record: object) -> bool:
    """Whether the HTTP body was decoded (gzip, chunked): its length then differs from the record's."""
    http = getattr(record, "http_headers", None)
    if http is None:
        return False
    return bool(http.get("Content-Encoding") or http.get("Transfer-Encoding"))
