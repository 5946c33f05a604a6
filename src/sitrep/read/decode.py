"""Bytes to text: detect the encoding, refuse binary data, repair mojibake.

The text returned is what every later offset points into ("the text as
read"): decoded, repaired by ftfy, line breaks unified, Unicode in NFC.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
import zlib

import ftfy
from charset_normalizer import from_bytes

GZIP_MAGIC = b"\x1f\x8b"
MAX_PAGE_BYTES = 20_000_000  # a single page larger than this is refused, not read
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)
# C0 controls other than tab, newline, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, normalization="NFC")


class DecodeError(ValueError):
    """The bytes are not text Sitrep can read; the message says why."""


def gunzip(data: bytes) -> bytes:
    """Decompress gzip data, with a clear error for a truncated or corrupt stream."""
    try:
        return gzip.decompress(data)
    except (EOFError, OSError, zlib.error) as error:
        raise DecodeError(f"broken gzip data ({error})") from error


def decode_bytes(data: bytes, *, html: bool = False) -> str:
    """Decode a page's bytes and repair them; raise DecodeError for binary or empty data."""
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data)
    if len(data) > MAX_PAGE_BYTES:
        raise DecodeError(f"page too large ({len(data):,} bytes, limit {MAX_PAGE_BYTES:,})")
    if not data.strip():
        raise DecodeError("empty page")
    text = _to_str(data, html=html)
    if _looks_binary(text):
        raise DecodeError("binary data, not text")
    return repair_text(text)


def repair_text(text: str) -> str:
    """Repair mojibake, unify line breaks and normalise Unicode (NFC)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return _CONTROL.sub("", text)
    fixed = ftfy.fix_text(text, config=_FTFY_CONFIG)
    return unicodedata.normalize("NFC", _CONTROL.sub("", fixed))


def _to_str(data: bytes, *, html: bool) -> str:
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        best = from_bytes(data).best()
        if best is not None:
            return str(best).lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("binary data or unknown encoding")
    return str(best)


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if "\x00" in sample:
        return True
    controls = len(_CONTROL.findall(sample))
    return controls > max(8, len(sample) // 100)
