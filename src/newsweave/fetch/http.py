"""The HTTP client of live sources: polite, bounded, conditional.

Consumes URLs (with the ETag/Last-Modified remembered for them); produces :class:`Fetched`
responses or raises :class:`~newsweave.errors.NewsweaveError` with an NW5xx code. Every request
goes through the robots.txt cache and the per-host limiter it is given. Redirects are followed
by hand (each hop checked against robots.txt and rate-limited, loops detected); bodies are
streamed and cut at ``max_bytes``; 429/5xx and connection errors are retried with backoff,
waiting out ``Retry-After``. HTTP/2 is used when the ``h2`` package is installed.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from newsweave import __version__
from newsweave.errors import NewsweaveError
from newsweave.fetch.ratelimit import HostLimiter
from newsweave.fetch.robots import RobotsCache, host_of
from newsweave.settings import FetchSettings

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
ROBOTS_MAX_BYTES = 500 * 1024


def user_agent(cfg: FetchSettings) -> str:
    """The User-Agent header: what newsweave is and how to reach whoever runs it."""
    return f"{cfg.agent}/{__version__} (news monitoring; +{cfg.contact})"


@dataclass(frozen=True, slots=True)
class Fetched:
    """One HTTP response as received (body already content-decoded)."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    http_version: str = "HTTP/1.1"
    seconds: float = 0.0
    redirects: int = 0

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional GET (no body was sent)."""
        return self.status == 304

    @property
    def content_type(self) -> str | None:
        """The Content-Type header, if any."""
        return self.headers.get("content-type")


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError):
        return None


def make_client(cfg: FetchSettings) -> httpx.Client:
    """An httpx client with the newsweave user-agent, timeouts and HTTP/2 when available."""
    http2 = cfg.http2 and importlib.util.find_spec("h2") is not None
    return httpx.Client(
        http2=http2,
        headers={"User-Agent": user_agent(cfg), "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(cfg.timeout),
        follow_redirects=False,
        limits=httpx.Limits(max_connections=max(cfg.workers * 2, 10), max_keepalive_connections=cfg.workers * 2),
    )


class Fetcher:
    """GETs URLs politely; share one per run across threads (httpx clients are thread-safe)."""

    def __init__(
        self,
        cfg: FetchSettings,
        client: httpx.Client | None = None,
        limiter: HostLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.cfg, self.sleep = cfg, sleep
        self.client = client or make_client(cfg)
        self.limiter = limiter or HostLimiter(cfg.rate, cfg.per_host)
        self.robots = RobotsCache(self._robots_txt, cfg.agent)
        self._delayed: set[str] = set()

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url`` following redirects; a 304 comes back as ``Fetched(status=304)`` with no body.

        Raises:
            NewsweaveError: NW501 robots.txt, NW502 slow, NW503 too large, NW504 redirects,
                NW505 HTTP error status, NW506 connection failed, NW507 bad content encoding.
        """
        conditional = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        seen = [url]
        current = url
        while True:
            self._check_robots(current)
            got = self._get_retrying(current, conditional)
            location = got.headers.get("location")
            if got.status not in REDIRECT_STATUSES or not location:
                break
            current = self._next_hop(current, location, seen)
            seen.append(current)
        if got.status >= 400:
            raise NewsweaveError("NW505", url=url, status=got.status, why="error response")
        return Fetched(url, current, got.status, got.headers, got.body, got.http_version, got.seconds, len(seen) - 1)

    def _next_hop(self, current: str, location: str, seen: list[str]) -> str:
        target = urljoin(current, location)
        if urlsplit(target).scheme not in ("http", "https"):
            raise NewsweaveError("NW504", url=seen[0], why=f"redirect to a non-HTTP URL {target}")
        if target in seen:
            raise NewsweaveError("NW504", url=seen[0], why=f"redirect loop back to {target}")
        if len(seen) > self.cfg.max_redirects:
            raise NewsweaveError("NW504", url=seen[0], why=f"more than {self.cfg.max_redirects} redirects")
        return target

    def _check_robots(self, url: str) -> None:
        if not self.robots.allowed(url):
            raise NewsweaveError("NW501", url=url, agent=self.cfg.agent)
        origin = host_of(url)
        if origin not in self._delayed:
            self._delayed.add(origin)
            delay = self.robots.crawl_delay(url)
            if delay:
                self.limiter.slow_down(origin, 1.0 / delay)

    def _get_retrying(self, url: str, headers: dict[str, str]) -> Fetched:
        """One hop, retried on 429/5xx and connection errors."""
        cfg = self.cfg
        for attempt in range(cfg.retries + 1):
            last = attempt == cfg.retries
            try:
                got = self._request(url, headers)
            except NewsweaveError as err:
                if err.code != "NW506" or last:
                    raise
                self.sleep(cfg.backoff * 2**attempt)
                continue
            if got.status not in RETRY_STATUSES or last:
                return got
            wait = retry_after(got.headers.get("retry-after"), time.time())
            if wait is not None and wait > cfg.max_retry_after:
                raise NewsweaveError("NW505", url=url, status=got.status, why=f"Retry-After {wait:.0f} s is too long")
            self.sleep(wait if wait is not None else cfg.backoff * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _request(self, url: str, headers: dict[str, str]) -> Fetched:
        """One rate-limited request, its body streamed up to ``max_bytes`` within ``deadline``."""
        start = time.monotonic()
        try:
            with self.limiter.slot(host_of(url)), self.client.stream("GET", url, headers=headers) as resp:
                body = self._read_body(url, resp, start)
                return Fetched(
                    url, url, resp.status_code, {k.lower(): v for k, v in resp.headers.items()}, body,
                    resp.http_version, time.monotonic() - start,
                )  # fmt: skip
        except httpx.TimeoutException as exc:
            why = f"no data for {self.cfg.timeout:g} s ({type(exc).__name__})"
            raise NewsweaveError("NW502", url=url, why=why) from None
        except httpx.DecodingError as exc:
            raise NewsweaveError("NW507", url=url, why=f"bad Content-Encoding: {exc}") from None
        except (httpx.TransportError, httpx.InvalidURL) as exc:
            raise NewsweaveError("NW506", url=url, why=f"{type(exc).__name__}: {exc}") from None

    def _read_body(self, url: str, resp: httpx.Response, start: float) -> bytes:
        limit = self.cfg.max_bytes
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise NewsweaveError("NW503", url=url, limit=limit)
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise NewsweaveError("NW503", url=url, limit=limit)
            if time.monotonic() - start > self.cfg.deadline:
                raise NewsweaveError("NW502", url=url, why=f"response took longer than {self.cfg.deadline:g} s")
            chunks.append(chunk)
        return b"".join(chunks)

    def _robots_txt(self, url: str) -> tuple[int, str] | None:
        """GET a robots.txt: rate-limited, redirects followed, the first 500 KiB read (RFC 9309's minimum)."""
        try:
            with self.limiter.slot(host_of(url)), self.client.stream("GET", url, follow_redirects=True) as resp:
                head = bytearray()
                for chunk in resp.iter_bytes(_CHUNK):
                    head += chunk
                    if len(head) >= ROBOTS_MAX_BYTES:
                        break
                return resp.status_code, bytes(head[:ROBOTS_MAX_BYTES]).decode("utf-8", "replace")
        except httpx.HTTPError:
            return None
