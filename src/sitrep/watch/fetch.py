"""A polite HTTP fetcher for `sitrep watch` (httpx, asynchronous).

- Conditional requests: give the ETag and Last-Modified of the last answer and
  an unchanged resource costs one request answered 304.
- Per host: at most `per_host` requests at once, starts at least `host_delay_s`
  apart (or robots.txt's Crawl-delay, if longer), robots.txt read once an hour
  (urllib.robotparser; 401/403 forbid the site, another 4xx allows it, a 5xx or
  no answer forbids it until asked again, as RFC 9309 says).
- Every attempt is bounded by `timeout_s` in all (connect, each read, and the
  whole); 429, 5xx and refused or reset connections are retried with
  exponential backoff and jitter (a Retry-After is honoured up to a cap); a
  timeout is not retried: a server that hangs costs its timeout once.
- The body is read as a stream and given up past `max_bytes` once decoded, so a
  gzip bomb costs at most that much, plus one network read's worth inflated
  (64 KB, about 64 MB at deflate's highest ratio). Redirects are followed by
  hand, at most 5, never into the local network.
- A feed's links into the local network (loopback, private, link-local
  addresses, localhost) are left out unless the feed is on that host
  (`points_inside`), so a feed cannot send the watcher to a metadata service.
- A host that does not answer (timeouts, refused or cut connections) is backed
  off (doubling, up to an hour) and its requests answered at once with the
  reason until then; others go on. A host that answers with errors is not:
  the failing source is (its next poll is pushed back, `watch.state`).
- The User-Agent names Sitrep and the contact URL of the settings.
"""

from __future__ import annotations

import asyncio
import ipaddress
import random
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from sitrep import __version__
from sitrep.read.decode import MAX_PAGE_BYTES

ROBOTS_BYTES = 512_000
ROBOTS_TTL_S = 3600.0
ROBOTS_RETRY_S = 300.0  # robots.txt that could not be read: asked again after this
MAX_REDIRECTS = 5
MAX_RETRY_AFTER_S = 60.0
MAX_HOST_BACKOFF_S = 3600.0
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
AGENT_NAME = "Sitrep"
_FORBID_ALL = ["User-agent: *", "Disallow: /"]
_PASSING_TROUBLE = (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class FetchSettings:
    """How politely and how patiently to fetch."""

    contact: str | None = None  # a URL or address that tells site owners who runs this
    timeout_s: float = 15.0
    retries: int = 2  # further attempts after a 429, a 5xx or a refused connection
    backoff_s: float = 1.0  # first retry's wait (doubling), times a jitter of 0.5 to 1.5
    max_bytes: int = MAX_PAGE_BYTES
    per_host: int = 2
    host_delay_s: float = 1.0
    host_backoff_s: float = 60.0  # a failing host's first pause (doubling with each failure)
    respect_robots: bool = True

    @property
    def user_agent(self) -> str:
        contact = f"; +{self.contact}" if self.contact else ""
        return f"{AGENT_NAME}/{__version__} (conflict-event reader{contact})"


@dataclass
class Response:
    """What one fetch gave: a body, a 304, or an error (with the status, 0 when there was no answer)."""

    url: str
    status: int = 0
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""
    error: str | None = None
    attempts: int = 0
    unreachable: bool = False  # no answer at all (timed out, refused, cut): the host's trouble

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304


class FetchFailed(Exception):
    """One attempt's failure; `retry` says whether another attempt may help."""

    def __init__(self, message: str, status: int = 0, retry: bool = False, wait_s: float | None = None,
                 unreachable: bool = False):
        super().__init__(message)
        self.status = status
        self.retry = retry
        self.wait_s = wait_s
        self.unreachable = unreachable


@dataclass
class HostState:
    """One host's limits, robots rules and health."""

    semaphore: asyncio.Semaphore
    next_start: float = 0.0
    delay_s: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_until: float = 0.0
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    robots_error: str | None = None  # why robots.txt could not be read (then nothing is fetched)
    failures: int = 0
    blocked_until: float = 0.0
    last_error: str | None = None
    requests: int = 0


class Fetcher:
    """Fetch URLs politely; one instance per running watch (it holds the hosts' state)."""

    def __init__(self, settings: FetchSettings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        timeout = httpx.Timeout(settings.timeout_s)
        self.client = httpx.AsyncClient(
            timeout=timeout, follow_redirects=False, transport=transport,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=50))
        self.hosts: dict[str, HostState] = {}

    async def aclose(self) -> None:
        await self.client.aclose()

    async def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
                  max_bytes: int | None = None) -> Response:
        """GET `url` (conditionally when given validators); never raises for network trouble."""
        host = self._host(url)
        now = time.monotonic()
        if host.blocked_until > now:
            wait = round(host.blocked_until - now)
            return Response(url, error=f"host backed off for {wait} s more after: {host.last_error}")
        if self.settings.respect_robots and not await self._allowed(url, host):
            if host.robots_error:  # not a refusal: robots.txt could not be read, so the site is left alone
                return Response(url, error=f"robots.txt unreadable ({host.robots_error}); site left alone")
            return Response(url, status=0, error="forbidden by robots.txt")
        headers = _conditional_headers(etag, last_modified)
        response = await self._with_retries(url, host, headers, max_bytes or self.settings.max_bytes)
        self._note_health(host, response)
        return response

    def host_report(self) -> dict[str, tuple[int, str | None]]:
        """Failing hosts: host -> (failures in a row, last error)."""
        return {name: (state.failures, state.last_error) for name, state in self.hosts.items()
                if state.failures}

    # ---------------------------------------------------------------- internals

    def _host(self, url: str) -> HostState:
        parts = urlsplit(url)
        name = f"{parts.scheme}://{parts.netloc.lower()}"
        if name not in self.hosts:
            self.hosts[name] = HostState(asyncio.Semaphore(max(1, self.settings.per_host)),
                                         delay_s=self.settings.host_delay_s)
        return self.hosts[name]

    async def _with_retries(self, url: str, host: HostState, headers: dict[str, str],
                            max_bytes: int) -> Response:
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            try:
                response = await self._attempt(url, host, headers, max_bytes)
            except FetchFailed as failure:
                if not failure.retry or attempt == attempts - 1:
                    return Response(url, status=failure.status, error=str(failure), attempts=attempt + 1,
                                    unreachable=failure.unreachable)
                await asyncio.sleep(self._backoff(attempt, failure.wait_s))
                continue
            response.attempts = attempt + 1
            return response
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        wait: float = self.settings.backoff_s * (2 ** attempt) * random.uniform(0.5, 1.5)
        if retry_after is not None:
            wait = max(wait, min(retry_after, MAX_RETRY_AFTER_S))
        return wait

    async def _attempt(self, url: str, host: HostState, headers: dict[str, str], max_bytes: int) -> Response:
        async with host.semaphore:
            await self._wait_turn(host)
            host.requests += 1
            try:
                async with asyncio.timeout(self.settings.timeout_s):
                    return await self._request(url, headers, max_bytes)
            except (TimeoutError, httpx.TimeoutException):
                waited = f"timed out after {self.settings.timeout_s:g} s"
                raise FetchFailed(waited, unreachable=True) from None
            except httpx.DecodingError as error:
                raise FetchFailed(f"undecodable body ({error})") from None
            except (httpx.TransportError, httpx.InvalidURL) as error:
                retry = isinstance(error, _PASSING_TROUBLE)
                raise FetchFailed(f"{type(error).__name__}: {error}".rstrip(": "), retry=retry,
                                  unreachable=retry) from None

    async def _wait_turn(self, host: HostState) -> None:
        now = time.monotonic()
        start = max(now, host.next_start)
        host.next_start = start + host.delay_s
        if start > now:
            await asyncio.sleep(start - now)

    async def _request(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        """One GET, following redirects by hand: at most MAX_REDIRECTS, never into the local network."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            async with self.client.stream("GET", current, headers=headers) as answer:
                if answer.status_code not in REDIRECTS:
                    return await _answer(answer, max_bytes)
                status = answer.status_code
                target = answer.next_request.url if answer.next_request is not None else None
            if target is None:
                raise FetchFailed(f"HTTP {status} without a Location", status=status)
            if points_inside(str(target), url):
                raise FetchFailed(f"redirected into the local network ({target.host})", status=status)
            current = str(target)
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects")

    def _note_health(self, host: HostState, response: Response) -> None:
        """A host that does not answer is paused; one that answers (even a 500) is not: the source is."""
        if not response.unreachable:
            if response.status:
                host.failures = 0
            return
        host.failures += 1
        host.last_error = response.error
        pause = min(self.settings.host_backoff_s * 2 ** (host.failures - 1), MAX_HOST_BACKOFF_S)
        host.blocked_until = time.monotonic() + pause

    async def _allowed(self, url: str, host: HostState) -> bool:
        async with host.robots_lock:
            if host.robots is None or time.monotonic() >= host.robots_until:
                await self._load_robots(url, host)
        assert host.robots is not None
        return host.robots.can_fetch(AGENT_NAME, url)

    async def _load_robots(self, url: str, host: HostState) -> None:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        rules = urllib.robotparser.RobotFileParser(robots_url)
        ttl = ROBOTS_TTL_S
        response = await self._with_retries(robots_url, host, {}, ROBOTS_BYTES)
        self._note_health(host, response)
        host.robots_error = None
        if response.ok:
            rules.parse(response.body.decode("utf-8", errors="replace").splitlines())
        elif response.status in (401, 403):
            rules.parse(_FORBID_ALL)
        elif 400 <= response.status < 500:
            rules.parse([])
        else:  # a server error or no answer: nothing is fetched from the site for now (RFC 9309)
            rules.parse(_FORBID_ALL)
            ttl = ROBOTS_RETRY_S
            host.robots_error = response.error or f"HTTP {response.status}"
        delay = rules.crawl_delay(AGENT_NAME)
        if delay is not None:
            host.delay_s = max(self.settings.host_delay_s, min(float(delay), 60.0))
        host.robots, host.robots_until = rules, time.monotonic() + ttl


def points_inside(link: str, source: str) -> bool:
    """Whether `link` names a loopback, private or link-local address (or localhost) that its source
    does not: a feed must not send the watcher into the network it runs in (the cloud's metadata
    service, an admin page). Only addresses written as such are caught, not names that resolve there."""
    host = (urlsplit(link).hostname or "").lower()
    if host == (urlsplit(source).hostname or "").lower():
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified


async def _answer(answer: httpx.Response, max_bytes: int) -> Response:
    """A final answer: the body (bounded), a 304, or the failure it is."""
    status = answer.status_code
    if status in RETRY_STATUS:
        raise FetchFailed(f"HTTP {status}", status=status, retry=True,
                          wait_s=_retry_after(answer.headers.get("retry-after")))
    if status == 304:
        return Response(str(answer.url), status=304, etag=answer.headers.get("etag"),
                        last_modified=answer.headers.get("last-modified"))
    if status != 200:
        raise FetchFailed(f"HTTP {status}", status=status)
    body = await _bounded_body(answer, max_bytes)
    return Response(str(answer.url), status=200, body=body, etag=answer.headers.get("etag"),
                    last_modified=answer.headers.get("last-modified"),
                    content_type=answer.headers.get("content-type", ""))


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


async def _bounded_body(answer: httpx.Response, max_bytes: int) -> bytes:
    declared = answer.headers.get("content-length", "")
    if declared.isdigit() and "content-encoding" not in answer.headers and int(declared) > max_bytes:
        raise FetchFailed(f"body over {max_bytes:,} bytes ({int(declared):,} declared)", status=200)
    chunks: list[bytes] = []
    size = 0
    async for chunk in answer.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchFailed(f"body over {max_bytes:,} bytes", status=200)
        chunks.append(chunk)
    return b"".join(chunks)


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None
