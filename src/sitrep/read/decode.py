"""Bytes to text: detect the encoding, refuse binary data, repair mojibake.

The text returned is what every later offset points into ("the text as
read"): decoded, repaired by ftfy, line breaks unified, Unicode in NFC.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

import ftfy
from charset_normalizer import from_bytes

from sitrep.limits import limits

GZIP_MAGIC = b"\x1f\x8b"
MAX_PAGE_BYTES = limits().max_page_bytes  # a single page larger than this is refused, not read
# One bad byte in a UTF-8 page is a damaged UTF-8 page, not another code page: the text is read
# as UTF-8 (bad bytes replaced) when its valid multi-byte characters outnumber them this much.
_UTF8_MAJORITY = 20
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)
# C0 controls other than tab, newline, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, normalization="NFC")


class DecodeError(ValueError):
    """The bytes are not text Sitrep can read; the message says why."""


def gunzip(data: bytes, limit: int | None = None) -> bytes:
    """Decompress gzip data (all its members), never more than `limit` bytes of output.

    Streams, so a small bomb is refused after `limit` bytes, not after filling memory;
    raises DecodeError for a truncated or corrupt stream or one over the limit.
    """
    limit = limits().max_page_bytes if limit is None else limit
    out = bytearray()
    rest = data
    while rest.startswith(GZIP_MAGIC):
        member = zlib.decompressobj(wbits=31)
        try:
            out += member.decompress(rest, limit + 1 - len(out))
        except zlib.error as error:
            raise DecodeError(f"broken gzip data ({error})") from error
        if len(out) > limit:
            raise DecodeError(f"gzip data decompresses to over {limit:,} bytes "
                              f"(limit SITREP_MAX_PAGE_BYTES)")
        if not member.eof:
            raise DecodeError("broken gzip data (truncated)")
        rest = member.unused_data
    return bytes(out)


def decode_bytes(data: bytes, *, html: bool = False) -> str:
    """Decode a page's bytes and repair them; raise DecodeError for binary or empty data."""
    return decode_page(data, html=html)[0]


def decode_page(data: bytes, *, html: bool = False) -> tuple[str, list[str]]:
    """A page's text, decoded and repaired, with notes on what was repaired (bad bytes replaced)."""
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data)
    limit = limits().max_page_bytes
    if len(data) > limit:
        raise DecodeError(f"page too large ({len(data):,} bytes, limit {limit:,}: SITREP_MAX_PAGE_BYTES)")
    if not data.strip():
        raise DecodeError("empty page")
    text, notes = _to_str(data, html=html)
    if _looks_binary(text):
        raise DecodeError("binary data, not text")
    return repair_text(text), notes


def repair_text(text: str) -> str:
    """Repair mojibake, unify line breaks and normalise Unicode (NFC)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return _CONTROL.sub("", text)
    fixed = ftfy.fix_text(text, config=_FTFY_CONFIG)
    return unicodedata.normalize("NFC", _CONTROL.sub("", fixed))


def _to_str(data: bytes, *, html: bool) -> tuple[str, list[str]]:
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        best = from_bytes(data).best()
        if best is not None:
            return str(best).lstrip("\ufeff"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        text, bad = mostly
        return text, [f"{bad:,} invalid UTF-8 byte sequence{'s' if bad > 1 else ''} replaced by U+FFFD"]
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii")), []
            except (LookupError, UnicodeDecodeError):
                pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("binary data or unknown encoding")
    return str(best), []


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """The text as UTF-8 with its bad bytes replaced, and how many, when UTF-8 it mostly is."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - bad  # valid non-ASCII characters
    if bad > 0 and valid >= _UTF8_MAJORITY * bad:
        return text, bad
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if "\x00" in sample:
        return True
    controls = len(_CONTROL.findall(sample))
    return controls > max(8, len(sample) // 100)
