"""The server's outer guard, a plain ASGI middleware in front of the app.

- Every response carries a Content-Security-Policy (the page's strict one,
  unless the route set its own, as the API docs do), `X-Content-Type-Options:
  nosniff`, `Referrer-Policy: no-referrer` and `X-Frame-Options: DENY`.
- A write (`POST /api/pages`) must carry the bearer token *before* its body
  is read: an anonymous 100 MB POST costs nothing. The body of any request
  but GET, HEAD and OPTIONS is then read with a limit (SITREP_MAX_REQUEST_BYTES):
  a Content-Length over it, or a stream that grows past it, is refused with 413
  as soon as that is known, never read whole.

Starlette's middleware helpers read or wrap whole bodies; this needs to act
between the headers and the body, hence a small ASGI class of our own.
"""

from __future__ import annotations

import secrets
from typing import Any

import orjson
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset(("GET", "HEAD", "OPTIONS"))
WRITES = frozenset((("POST", "/api/pages"),))  # the requests that need the token
# The page loads nothing from elsewhere and runs no inline script.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class Guard:
    """Security headers on every response; the token and a body limit before any write is read."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send, CSP)
        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        refusal = _refusal(scope, self.max_body)
        if refusal is not None:
            await _respond(send, *refusal)
            return
        body = await _read_body(receive, self.max_body)
        if body is None:
            await _respond(send, 413, f"the request body is over {self.max_body:,} bytes "
                                      f"(limit SITREP_MAX_REQUEST_BYTES)")
            return
        await self.app(scope, _replay(body, receive), send)


def _with_headers(send: Send, policy: str) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers.setdefault("Content-Security-Policy", policy)
            headers.setdefault("X-Content-Type-Options", "nosniff")
            headers.setdefault("Referrer-Policy", "no-referrer")
            headers.setdefault("X-Frame-Options", "DENY")
        await send(message)

    return sending


def _refusal(scope: Scope, max_body: int) -> tuple[int, str, dict[str, str]] | None:
    """A write without the token (401/403) or a body declared over the limit (413)."""
    headers = Headers(scope=scope)
    if (scope["method"], scope["path"].rstrip("/")) in WRITES:
        refused = _token_refusal(scope, headers)
        if refused is not None:
            return refused
    length = headers.get("content-length", "")
    if length.isdigit() and int(length) > max_body:
        return 413, f"the request body is over {max_body:,} bytes (limit SITREP_MAX_REQUEST_BYTES)", {}
    return None


def _token_refusal(scope: Scope, headers: Headers) -> tuple[int, str, dict[str, str]] | None:
    expected: str | None = getattr(scope["app"].state, "token", None) if "app" in scope else None
    if expected is None:
        return 403, "this server was started without --token: writes are disabled", {}
    scheme, _, given = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(), expected.encode()):
        return 401, "a valid bearer token is required", {"WWW-Authenticate": "Bearer"}
    return None


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None as soon as it grows past `limit` bytes."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return bytes(body)
        body += message.get("body", b"")
        if len(body) > limit:
            return None
        if not message.get("more_body", False):
            return bytes(body)


def _replay(body: bytes, receive: Receive) -> Receive:
    given = False

    async def receiving() -> Message:
        nonlocal given
        if given:
            return await receive()  # the client's disconnect, when it comes
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receiving


async def _respond(send: Send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    body = orjson.dumps({"detail": detail})
    raw: list[tuple[bytes, bytes]] = [(b"content-type", b"application/json"),
                                      (b"content-length", str(len(body)).encode()),
                                      (b"connection", b"close")]
    raw += [(name.lower().encode(), value.encode()) for name, value in (headers or {}).items()]
    start: dict[str, Any] = {"type": "http.response.start", "status": status, "headers": raw}
    await send(start)
    await send({"type": "http.response.body", "body": body})
