"""The geocoder's core value types, below every geo module (no imports of their own)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Toponym:
    """A place name of a text, by character offsets."""

    start: int
    end: int
    name: str
