"""The server against hostile requests: the token and the size limit before the body, no echo,
security headers everywhere, and a slow page that never freezes the API (a real uvicorn on loopback).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sitrep.model import PageResult, RawPage
from sitrep.web.app import create_app
from sitrep_testkit.server import serving as serve_in_thread

TOKEN = "guard-token-42"
LIMIT = 200_000  # the request body limit of the test server


def gil_holding_reader(raw: RawPage) -> PageResult:
    """A reader that, for pages whose id says so, spends ~2 s in C code that holds the GIL (`re`)."""
    if "hostile" in raw.id:
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            re.match(r"(a+)+$", "a" * 22 + "b")  # exponential backtracking, all inside one C call
    return PageResult(page=None, error=f"{raw.id}: read: refused by the test reader", origin=raw.id)


def sleeping_reader(raw: RawPage) -> PageResult:
    """A reader that never ends in time for pages whose id says so."""
    if "slow" in raw.id:
        time.sleep(120)
    return PageResult(page=None, error=f"{raw.id}: read: refused by the test reader", origin=raw.id)


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """The app on a real uvicorn in a thread, on a free loopback port; yields its base URL (no slash)."""
    with serve_in_thread(app, start_timeout_s=30, stop_timeout_s=30) as base:
        yield base.rstrip("/")


@pytest.fixture(scope="module")
def hostile_server(db_url: str) -> Iterator[str]:
    app = create_app(db_url, token=TOKEN, reader=gil_holding_reader, read_timeout_s=30,
                     max_request_bytes=LIMIT)
    with serving(app) as url:
        yield url


def raw_request(url: str, head: str, body: bytes = b"", timeout: float = 5.0) -> tuple[bytes, float]:
    """Send a request's head (and maybe part of its body) over a socket; the answer and its delay."""
    host, port = url.removeprefix("http://").split(":")
    started = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(head.encode() + body)
        answer = sock.recv(65536)
    return answer, time.perf_counter() - started


def post_head(length: int, token: str | None = None, chunked: bool = False) -> str:
    lines = ["POST /api/pages HTTP/1.1", "Host: test", "Content-Type: application/json"]
    lines.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {length}")
    if token:
        lines.append(f"Authorization: Bearer {token}")
    return "\r\n".join(lines) + "\r\n\r\n"


def test_an_anonymous_huge_post_is_refused_before_its_body(hostile_server: str) -> None:
    # 100 MB announced, 64 KB sent: the answer comes at once, the rest is never awaited
    answer, delay = raw_request(hostile_server, post_head(100_000_000), b"{" * 65536)
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    assert delay < 2.0


def test_an_oversized_body_is_413_without_reading_it_all(hostile_server: str) -> None:
    answer, delay = raw_request(hostile_server, post_head(100_000_000, TOKEN), b"{" * 65536)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"SITREP_MAX_REQUEST_BYTES" in answer and delay < 2.0


def test_a_chunked_body_is_cut_off_past_the_limit(hostile_server: str) -> None:
    host, port = hostile_server.removeprefix("http://").split(":")
    chunk = b"x" * 16384
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(post_head(0, TOKEN, chunked=True).encode())
        try:  # no length given: the stream is read up to the limit, then answered
            for _ in range(20 * LIMIT // len(chunk)):
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        except OSError:
            pass  # the server closed the connection while we were still sending
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_a_refused_body_is_never_echoed(client: TestClient, token: str) -> None:
    huge = "<script>alert(1)</script>" * 40_000  # 1 MB in a field the model refuses (too long with html)
    response = client.post("/api/pages", json={"text": huge, "html": huge},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert len(response.content) < 5_000 and "alert" not in response.text


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ("/", "/static/index.html", "/api/events", "/openapi.json", "/docs", "/api/events/0"):
        response = client.get(path)
        assert response.headers.get("x-content-type-options") == "nosniff", path
        policy = response.headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, path
        assert response.headers.get("referrer-policy") == "no-referrer", path
    assert "script-src 'self'" in client.get("/static/index.html").headers["content-security-policy"]


def test_a_get_stays_fast_while_a_hostile_post_is_read(hostile_server: str) -> None:
    with httpx.Client(base_url=hostile_server, timeout=30) as warm:
        warm.get("/api/events")  # the first query opens the database's connections
        warm.post("/api/pages", json={"id": "warm-up", "text": "Calm."},
                  headers={"Authorization": f"Bearer {TOKEN}"})  # starts the reading process
    posted: dict[str, float] = {}

    def post() -> None:
        started = time.perf_counter()
        httpx.post(f"{hostile_server}/api/pages", json={"id": "hostile-1", "text": "a" * 1000},
                   headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
        posted["seconds"] = time.perf_counter() - started

    poster = threading.Thread(target=post)
    poster.start()
    time.sleep(0.3)  # the POST is in its reader now
    delays = []
    with httpx.Client(base_url=hostile_server, timeout=10) as reader:
        while poster.is_alive() and len(delays) < 10:
            started = time.perf_counter()
            assert reader.get("/api/events", params={"limit": 5}).status_code == 200
            delays.append(time.perf_counter() - started)
            time.sleep(0.05)
    poster.join(timeout=60)
    assert posted["seconds"] >= 1.5  # the hostile page really took its time
    assert len(delays) >= 3 and max(delays) < 0.2, delays


def test_a_page_over_the_time_limit_is_504_and_the_next_one_is_read(db_url: str) -> None:
    app = create_app(db_url, token=TOKEN, reader=sleeping_reader, read_timeout_s=1.0)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as client:
        started = time.perf_counter()
        slow = client.post("/api/pages", json={"id": "slow-1", "text": "Calm."}, headers=headers)
        assert slow.status_code == 504 and "SITREP_READ_TIMEOUT_S" in slow.json()["detail"]
        assert time.perf_counter() - started < 10
        after = client.post("/api/pages", json={"id": "after-1", "text": "Calm."}, headers=headers)
        assert after.status_code == 200 and after.json()["status"] == "failed"
