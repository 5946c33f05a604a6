"""Publication dates given with the input (JSONL fields, WARC headers, the CLI)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def parse_iso_date(value: Any) -> date | None:
    """An ISO date or date-time string to a date; None for anything else."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None
