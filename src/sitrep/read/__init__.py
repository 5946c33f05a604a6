"""Reading: files, folders, stdin, JSONL and WARC to RawPage values.

`read_inputs` walks what the user named and yields one RawPage per page, or
a PageError for a page (or a whole file) that cannot be read, so that a batch
always goes on past bad input.
"""

from __future__ import annotations

import gzip
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from sitrep.limits import limits
from sitrep.model import PageError, RawPage
from sitrep.read.decode import GZIP_MAGIC, DecodeError, decode_page, gunzip
from sitrep.read.formats import Format, format_of
from sitrep.read.jsonl import read_json, read_jsonl
from sitrep.read.stream import open_lines
from sitrep.read.warc import read_warc

__all__ = ["read_bytes", "read_inputs", "walk"]

Item = RawPage | PageError


def walk(paths: Iterable[str]) -> Iterator[str]:
    """Expand folders (recursively, sorted, hidden files skipped) into file paths.

    What a folder holds that is not a regular file (a FIFO, a socket, a link to a
    folder) and folders that cannot be listed are given too, so that reading them
    reports them by name instead of skipping them without a word.
    """
    for name in paths:
        if name != "-" and _is_folder(name):
            yield from _walk_folder(name)
        else:
            yield name


def _is_folder(name: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(name).st_mode)
    except OSError:
        return False


def _walk_folder(folder: str) -> Iterator[str]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        yield folder  # reading it says why it cannot be listed
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_folder(entry.path)
        else:
            yield entry.path


def read_inputs(paths: Iterable[str], published: date | None = None) -> Iterator[Item]:
    """Every page in the named files, folders and stdin ("-"), in order.

    Nothing raised while reading one file stops the others: it is that file's error.
    """
    for name in walk(paths):
        try:
            yield from _read_one(name, published)
        except Exception as error:  # MemoryError, RecursionError, a reader's bug: one file, one line
            yield PageError(name, "read", _describe(error))


def _read_one(name: str, published: date | None) -> Iterator[Item]:
    if name == "-":
        yield from _read_stdin(published)
        return
    path = Path(name)
    try:
        info = path.stat()
        refusal = _refusal(path, info)
        if refusal:
            yield PageError(name, "read", refusal)
            return
        fmt = format_of(name, _head(path))
        limit = limits().max_file_bytes
        if info.st_size > limit and fmt not in ("jsonl", "warc"):  # those two stream
            yield PageError(name, "read", f"file too large ({info.st_size:,} bytes, limit {limit:,}: "
                                          f"SITREP_MAX_FILE_BYTES)")
            return
        if fmt == "jsonl":
            yield from read_jsonl(open_lines(path), name, published)
        elif fmt == "warc":
            yield from read_warc(path, name)
        else:
            yield from read_bytes(path.read_bytes(), name, published, fmt)
    except (OSError, EOFError, DecodeError) as error:
        yield PageError(name, "read", _describe(error))


def _refusal(path: Path, info: os.stat_result) -> str | None:
    """Why a path is not read at all (a folder that cannot be listed, a FIFO, an empty file...)."""
    if stat.S_ISDIR(info.st_mode):
        if path.is_symlink():
            return "a link to a folder, not followed (name the folder itself to read it)"
        try:
            os.scandir(path).close()
        except OSError as error:
            return f"folder not read: {_describe(error)}"
        return "folder not read"
    if not stat.S_ISREG(info.st_mode):
        return f"not a regular file ({_kind(info.st_mode)}): not read"
    if info.st_size == 0:
        return "empty file"
    return None


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def _read_stdin(published: date | None) -> Iterator[Item]:
    limit = limits().max_file_bytes
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        yield PageError("<stdin>", "read", f"input too large (over {limit:,} bytes: SITREP_MAX_FILE_BYTES)")
        return
    yield from read_bytes(data, "<stdin>", published)


def read_bytes(data: bytes, name: str, published: date | None = None,
               fmt: Format | None = None) -> Iterator[Item]:
    """Pages in one blob of bytes: a text or HTML page, or a JSON, JSONL or WARC stream."""
    fmt = fmt or format_of(name, _gzip_head(data) if data.startswith(GZIP_MAGIC) else data[:4096])
    if fmt == "warc":  # fastwarc reads gzipped streams itself, record by record
        yield from read_warc(data, name)
        return
    try:
        if data.startswith(GZIP_MAGIC):
            data = gunzip(data)
        text, notes = decode_page(data, html=fmt == "html")
    except DecodeError as error:
        yield PageError(name, "read", str(error))
        return
    if fmt == "jsonl":
        yield from read_jsonl(text.splitlines(), name, published)
    elif fmt == "json":
        yield from read_json(text, name, published)
    elif fmt == "html":
        yield RawPage(id=name, html=text, published=published, origin=name, notes=tuple(notes))
    else:
        yield RawPage(id=name, text=text, published=published, origin=name, notes=tuple(notes))


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


def _describe(error: BaseException) -> str:
    if isinstance(error, DecodeError):
        return str(error)
    if isinstance(error, EOFError | gzip.BadGzipFile):
        return f"broken gzip data ({error or 'truncated'})"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    if isinstance(error, MemoryError | RecursionError):
        return f"{type(error).__name__}: the input is too large or too deeply nested to read"
    return f"{type(error).__name__}: {str(error)[:200]}"
