"""The limits that keep hostile or broken input from stopping a run: one place, named settings.

Each limit has a default sane for news pages and can be changed by an
environment variable named after it, `SITREP_` + the field's name in capitals
(`SITREP_MAX_PAGE_BYTES=50000000`). `limits()` reads the environment once;
`Limits.from_env(environ)` reads a given mapping (tests, the benchmark).
A page or file over a limit is refused with one line that names the limit.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache


@dataclass(frozen=True)
class Limits:
    """Every limit Sitrep applies to its input, with its default."""

    max_page_bytes: int = 20_000_000  # one page (decoded, or decompressed), in bytes
    max_file_bytes: int = 80_000_000  # a text, HTML or JSON file read whole, in bytes as stored
    max_file_decompressed_bytes: int = 4_000_000_000  # all of one gzipped file, decompressed
    max_gzip_ratio: int = 200  # decompressed / compressed, checked past the first MB of a file
    max_json_depth: int = 64  # nesting of arrays and objects in one JSON document or line
    max_json_value_bytes: int = 20_000_000  # one JSON line, document or string value
    max_html_depth: int = 3_000  # nesting of HTML elements (a cheap count before parsing)
    max_body_chars: int = 100_000  # of a page's body read for events; the rest is noted, not read
    max_events_per_page: int = 100  # events kept from one page
    max_events_per_1000_words: int = 40  # events kept per 1,000 words of body (at least 10)
    max_request_bytes: int = 10_000_000  # the body of one POST /api/pages
    read_timeout_s: float = 60.0  # reading one POSTed page in the server

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Limits:
        """The defaults, with each SITREP_<NAME> found in `environ` in place of its default."""
        values: dict[str, int | float] = {}
        for item in fields(cls):
            text = environ.get(env_name(item.name))
            if text is None or not text.strip():
                continue
            try:
                values[item.name] = float(text) if item.type == "float" else int(text.replace("_", ""))
            except ValueError:  # a typo in a setting must not stop a run: said once, default kept
                sys.stderr.write(f"warning: {env_name(item.name)}={text!r} is not a number; "
                                 f"the default is used\n")
        return cls(**values)  # type: ignore[arg-type]


def env_name(field_name: str) -> str:
    """The environment variable of a limit: max_page_bytes -> SITREP_MAX_PAGE_BYTES."""
    return f"SITREP_{field_name.upper()}"


@cache
def limits() -> Limits:
    """The limits of this process: the defaults, changed by SITREP_MAX_... variables."""
    return Limits.from_env(os.environ)
