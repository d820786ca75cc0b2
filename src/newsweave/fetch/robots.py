"""robots.txt per host, fetched once per run and cached in an object passed in.

Consumes URLs; produces allow/deny answers and ``Crawl-delay`` via the stdlib
:class:`urllib.robotparser.RobotFileParser`. Missing files follow RFC 9309: a 4xx
robots.txt allows everything, a 5xx or unreachable one disallows the host for this run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

# (status, text) of GET /robots.txt, or None when the host could not be reached.
RobotsFetch = Callable[[str], tuple[int, str] | None]


def host_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url`` (robots.txt and rate limits are per origin)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class RobotsCache:
    """robots.txt rules per origin for one agent token, fetched on first use."""

    def __init__(self, fetch: RobotsFetch, agent: str) -> None:
        self.fetch, self.agent = fetch, agent
        self._lock = threading.Lock()
        self._parsers: dict[str, RobotFileParser] = {}
        self._host_locks: dict[str, threading.Lock] = {}

    def _parser(self, origin: str) -> RobotFileParser:
        with self._lock:
            host_lock = self._host_locks.setdefault(origin, threading.Lock())
        with host_lock:  # one fetch per origin even with many threads asking at once
            parser = self._parsers.get(origin)
            if parser is None:
                parser = self._load(origin)
                self._parsers[origin] = parser
            return parser

    def _load(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser(origin + "/robots.txt")
        got = self.fetch(origin + "/robots.txt")
        if got is None or got[0] >= 500:
            parser.parse(["User-agent: *", "Disallow: /"])
        elif got[0] >= 400:
            parser.parse([])
        else:
            parser.parse(got[1].splitlines())
        return parser

    def allowed(self, url: str) -> bool:
        """True when robots.txt lets the agent fetch ``url``."""
        return self._parser(host_of(url)).can_fetch(self.agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """The ``Crawl-delay`` for the agent on ``url``'s host, if any."""
        delay = self._parser(host_of(url)).crawl_delay(self.agent)
        return float(delay) if delay is not None else None

    def sitemaps(self, url: str) -> list[str]:
        """``Sitemap:`` lines of the host's robots.txt."""
        return list(self._parser(host_of(url)).site_maps() or [])
