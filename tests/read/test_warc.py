"""WARC input: every HTML response record is a page, its target URL the page id."""

from __future__ import annotations

import gzip
import io
from datetime import date
from pathlib import Path

from fastwarc.stream_io import GzipWriter
from fastwarc.warc import WarcRecord, WarcRecordType

from sitrep.model import PageError, RawPage
from sitrep.read import read_bytes, read_inputs

REPO = Path(__file__).resolve().parents[2]
PAGE = b"<html><head><title>Clashes in the port</title></head><body><p>Clashes broke out.</p></body></html>"


def _http(body: bytes, content_type: bytes = b"text/html; charset=utf-8", extra: bytes = b"") -> bytes:
    return (b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type + b"\r\n" + extra
            + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def _record(kind: WarcRecordType, url: str, block: bytes, number: int) -> WarcRecord:
    record = WarcRecord()
    record.init_headers(kind, f"uuid:00000000-0000-0000-0000-{number:012d}".encode())
    record.headers["WARC-Date"] = "2025-01-02T03:04:05Z"
    record.headers["WARC-Target-URI"] = url
    msgtype = "request" if kind == WarcRecordType.request else "response"
    record.headers["Content-Type"] = f"application/http; msgtype={msgtype}"
    record.set_bytes_content(block)
    return record


def _mixed_records() -> list[WarcRecord]:
    return [
        _record(WarcRecordType.request, "https://a.example/", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", 1),
        _record(WarcRecordType.response, "https://a.example/logo.png",
                _http(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), b"image/png"), 2),
        _record(WarcRecordType.response, "https://a.example/port", _http(PAGE), 3),
        _record(WarcRecordType.response, "https://a.example/gzipped",
                _http(gzip.compress(PAGE.replace(b"port", b"harbour")), b"text/html",
                      b"Content-Encoding: gzip\r\n"), 4),
    ]


def _write_gz(path: Path, records: list[WarcRecord]) -> None:
    with GzipWriter(str(path)) as stream:
        for record in records:
            record.write(stream)
            stream.finish()


def test_example_warc_holds_two_pages() -> None:
    items = list(read_inputs([str(REPO / "examples" / "warc" / "sample.warc.gz")]))
    assert all(isinstance(item, RawPage) for item in items)
    pages = [item for item in items if isinstance(item, RawPage)]
    assert [p.id for p in pages] == ["https://lakeside-wire.example/kenya/teachers-march-parliament",
                                     "https://gulf-desk.example/yemen/drone-strike-marib-convoy"]
    assert pages[0].fetched == date(2025, 9, 3)
    assert pages[0].html is not None and "Teachers march on parliament" in pages[0].html


def test_only_html_responses_become_pages(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc.gz"
    _write_gz(path, _mixed_records())
    pages = list(read_inputs([str(path)]))
    assert [p.id for p in pages if isinstance(p, RawPage)] == ["https://a.example/port",
                                                               "https://a.example/gzipped"]
    gzipped = pages[1]
    assert isinstance(gzipped, RawPage) and gzipped.html is not None and "harbour" in gzipped.html


def test_uncompressed_warc_from_bytes() -> None:
    stream = io.BytesIO()
    for record in _mixed_records():
        record.write(stream)
    pages = list(read_bytes(stream.getvalue(), "stdin.warc"))
    assert [p.id for p in pages if isinstance(p, RawPage)] == ["https://a.example/port",
                                                               "https://a.example/gzipped"]


def test_truncated_warc_keeps_the_pages_before_the_break(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    _write_gz(path, _mixed_records())
    whole = path.read_bytes()
    for cut in (80, 200):  # inside the last record's payload, inside its headers
        path.write_bytes(whole[:-cut])
        items = list(read_inputs([str(path)]))
        assert isinstance(items[0], RawPage) and items[0].id == "https://a.example/port"
        assert isinstance(items[-1], PageError)
        assert "cut.warc.gz" in str(items[-1]) and "ends inside a record" in str(items[-1])


def test_warc_without_html_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "images.warc.gz"
    _write_gz(path, _mixed_records()[:2])
    items = list(read_inputs([str(path)]))
    assert len(items) == 1 and isinstance(items[0], PageError)
    assert "no HTML response records" in str(items[0])
