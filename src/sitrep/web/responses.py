"""Fast JSON responses: orjson straight from the store's records.

Handlers that return these skip FastAPI's second validation of the body; the
`response_model` of each route still documents the shape, and the OpenAPI
tests (schemathesis) check every response against it.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Response


class FastJSON(Response):
    """application/json, serialised by orjson (dates as ISO strings)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        # the store keeps naive UTC times; RFC 3339 wants the zone written out
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_NAIVE_UTC | orjson.OPT_UTC_Z)


def record(value: Any) -> dict[str, Any]:
    """A flat store record (a dataclass) as a dict, without deep copies."""
    return dict(vars(value))
