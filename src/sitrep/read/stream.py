"""Bounded streaming of a (possibly gzipped) file: lines of a bounded length, a bounded total.

A gzip bomb (a small file that decompresses to gigabytes) is refused while it
streams: each line is read up to the page limit (the rest of an overlong line
is skipped in chunks, never held), the whole file's decompressed bytes are
capped, and so is the ratio of decompressed to compressed bytes once a file is
past its first megabyte. Python's `gzip` module streams well but has no such
limits, hence this small layer over it.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sitrep.limits import limits
from sitrep.read.decode import GZIP_MAGIC, DecodeError

_RATIO_AFTER = 1_000_000  # decompressed bytes before the ratio is checked
_SKIP_CHUNK = 1 << 20


@dataclass(frozen=True)
class Overlong:
    """A line over the page limit, skipped unread; `size` is how long it was."""

    size: int


class _Counted:
    """A binary file that counts the bytes read from it (the compressed side of a gzip stream)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.count += len(data)
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def open_lines(path: Path) -> Iterator[str | Overlong]:
    """Lines of a text file, gzipped or not, decoded leniently; raises DecodeError past a limit."""
    with path.open("rb") as raw:
        if raw.read(2) != GZIP_MAGIC:
            raw.seek(0)
            yield from _lines(raw, None)
            return
        raw.seek(0)
        counted = _Counted(raw)
        with gzip.GzipFile(fileobj=counted, mode="rb") as handle:  # type: ignore[call-overload]
            yield from _lines(handle, counted)


def _lines(handle: IO[bytes], counted: _Counted | None) -> Iterator[str | Overlong]:
    limit = limits().max_page_bytes
    total = 0
    while line := handle.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line) + _skip_line(handle, counted, total + len(line))
            total += size
            yield Overlong(size)
            continue
        total += len(line)
        _check_total(total, counted)
        yield line.decode("utf-8", errors="replace")


def _skip_line(handle: IO[bytes], counted: _Counted | None, total: int) -> int:
    """Read past the rest of an overlong line, chunk by chunk; returns the bytes skipped."""
    skipped = 0
    while chunk := handle.readline(_SKIP_CHUNK):
        skipped += len(chunk)
        _check_total(total + skipped, counted)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _check_total(total: int, counted: _Counted | None) -> None:
    """Raise DecodeError when a gzipped file decompresses to too much, or too much per byte."""
    if counted is None:
        return
    settings = limits()
    if total > settings.max_file_decompressed_bytes:
        raise DecodeError(f"gzip data decompresses to over {settings.max_file_decompressed_bytes:,} bytes "
                          f"(limit SITREP_MAX_FILE_DECOMPRESSED_BYTES); the rest of the file is skipped")
    if total > _RATIO_AFTER and total > settings.max_gzip_ratio * max(counted.count, 1):
        raise DecodeError(f"gzip data expands over {settings.max_gzip_ratio}x "
                          f"({counted.count:,} bytes to {total:,}; limit SITREP_MAX_GZIP_RATIO): "
                          f"a decompression bomb? the rest of the file is skipped")
