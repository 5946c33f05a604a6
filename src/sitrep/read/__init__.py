"""Reading: files, folders, stdin, JSONL and WARC to RawPage values.

`read_inputs` walks what the user named and yields one RawPage per page, or
a PageError for a page (or a whole file) that cannot be read, so that a batch
always goes on past bad input.
"""

from __future__ import annotations

import gzip
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from sitrep.model import PageError, RawPage
from sitrep.read.decode import GZIP_MAGIC, MAX_PAGE_BYTES, DecodeError, decode_bytes, gunzip
from sitrep.read.formats import Format, format_of
from sitrep.read.jsonl import read_json, read_jsonl
from sitrep.read.warc import read_warc

__all__ = ["read_bytes", "read_inputs", "walk"]

Item = RawPage | PageError
_MAX_FILE_BYTES = 4 * MAX_PAGE_BYTES  # a text or HTML file this large is refused unread


def walk(paths: Iterable[str]) -> Iterator[str]:
    """Expand folders (recursively, sorted, hidden files skipped) into file paths."""
    for name in paths:
        path = Path(name)
        if name != "-" and path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in relative):
                    yield str(child)
        else:
            yield name


def read_inputs(paths: Iterable[str], published: date | None = None) -> Iterator[Item]:
    """Every page in the named files, folders and stdin ("-"), in order."""
    for name in walk(paths):
        yield from _read_one(name, published)


def _read_one(name: str, published: date | None) -> Iterator[Item]:
    if name == "-":
        yield from read_bytes(sys.stdin.buffer.read(), "<stdin>", published)
        return
    path = Path(name)
    try:
        size = path.stat().st_size
        if size == 0:
            yield PageError(name, "read", "empty file")
            return
        fmt = format_of(name, _head(path))
        if fmt == "jsonl":
            yield from read_jsonl(_open_lines(path), name, published)
        elif fmt == "warc":
            yield from read_warc(path, name)
        elif size > _MAX_FILE_BYTES:
            yield PageError(name, "read", f"file too large ({size:,} bytes)")
        else:
            yield from read_bytes(path.read_bytes(), name, published, fmt)
    except (OSError, EOFError, DecodeError) as error:
        yield PageError(name, "read", _describe(error))


def read_bytes(data: bytes, name: str, published: date | None = None,
               fmt: Format | None = None) -> Iterator[Item]:
    """Pages in one blob of bytes: a text or HTML page, or a JSON, JSONL or WARC stream."""
    fmt = fmt or format_of(name, _gzip_head(data) if data.startswith(GZIP_MAGIC) else data[:4096])
    if fmt == "warc":  # fastwarc reads gzipped streams itself, record by record
        yield from read_warc(data, name)
        return
    if data.startswith(GZIP_MAGIC):
        try:
            data = gunzip(data)
        except DecodeError as error:
            yield PageError(name, "read", str(error))
            return
    try:
        text = decode_bytes(data, html=fmt == "html")
    except DecodeError as error:
        yield PageError(name, "read", str(error))
        return
    if fmt == "jsonl":
        yield from read_jsonl(text.splitlines(), name, published)
    elif fmt == "json":
        yield from read_json(text, name, published)
    elif fmt == "html":
        yield RawPage(id=name, html=text, published=published, origin=name)
    else:
        yield RawPage(id=name, text=text, published=published, origin=name)


def _gzip_head(data: bytes) -> bytes:
    """The first decompressed bytes of gzip data, even when the stream is cut short."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], 4096)
    except zlib.error:
        return b""


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(GZIP_MAGIC):
        try:
            with gzip.open(path, "rb") as handle:
                return handle.read(4096)
        except (EOFError, OSError):
            return head
    return head


def _open_lines(path: Path) -> Iterator[str]:
    """Lines of a (possibly gzipped) text file, decoded leniently line by line."""
    with path.open("rb") as raw:
        magic = raw.read(2)
    opener = gzip.open if magic == GZIP_MAGIC else open
    with opener(path, "rb") as handle:
        for line in handle:
            yield line.decode("utf-8", errors="replace")


def _describe(error: BaseException) -> str:
    if isinstance(error, DecodeError):
        return str(error)
    if isinstance(error, EOFError | gzip.BadGzipFile):
        return f"broken gzip data ({error or 'truncated'})"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return f"{type(error).__name__}: {error}"
