"""Recognise an input's format from its name and first bytes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

Format = Literal["text", "html", "json", "jsonl", "warc"]

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|div|article)\b",
                         re.I | re.S)
_SUFFIXES: dict[str, Format] = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc", ".arc": "warc",
    ".txt": "text", ".text": "text", ".md": "text",
}


def format_of(name: str, head: bytes) -> Format:
    """The input format, by file suffix (a trailing .gz ignored), else by content."""
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in _SUFFIXES:
        return _SUFFIXES[suffixes[-1]]
    return sniff(head)


def sniff(head: bytes) -> Format:
    """Guess the format of unnamed input (stdin, files without a known suffix)."""
    stripped = head.lstrip()
    if stripped.startswith(b"WARC/"):
        return "warc"
    if _HTML_START.match(head[:4096]):
        return "html"
    if stripped.startswith(b"{") and b'"' in stripped[:200]:
        return "jsonl"
    return "text"
