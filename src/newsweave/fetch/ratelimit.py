"""Per-host politeness: a token bucket (requests per second) and a cap on requests in flight.

Consumes host names from the fetch workers; produces waits. One :class:`HostLimiter` is shared
by all fetch threads of a run (an object passed in, never module state). The clock and the
sleep are injectable so tests and benchmarks can check the rate without waiting.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(slots=True)
class _Bucket:
    rate: float
    tokens: float
    stamp: float
    slots: threading.BoundedSemaphore


class HostLimiter:
    """Token bucket per host (``rate`` requests/s, burst ``burst``) plus ``per_host`` requests in flight.

    A request reserves a token; when none is left, the reservation goes negative and the caller
    sleeps until its token is due, so concurrent callers for one host are spaced ``1/rate`` apart.
    """

    def __init__(
        self,
        rate: float,
        per_host: int = 2,
        burst: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate, self.per_host, self.burst = rate, per_host, burst
        self.clock, self.sleep = clock, sleep
        self._lock = threading.Lock()
        self._buckets: dict[str, _Bucket] = {}

    def _bucket(self, host: str) -> _Bucket:
        bucket = self._buckets.get(host)
        if bucket is None:
            bucket = _Bucket(self.rate, self.burst, self.clock(), threading.BoundedSemaphore(self.per_host))
            self._buckets[host] = bucket
        return bucket

    def reserve(self, host: str) -> float:
        """Take one token for ``host``; return the seconds to wait before using it."""
        with self._lock:
            bucket = self._bucket(host)
            now = self.clock()
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * bucket.rate)
            bucket.stamp = now
            bucket.tokens -= 1.0
            return 0.0 if bucket.tokens >= 0 else -bucket.tokens / bucket.rate

    def slow_down(self, host: str, rate: float) -> None:
        """Lower ``host``'s rate (robots.txt ``Crawl-delay``); never raises it above the configured rate."""
        with self._lock:
            bucket = self._bucket(host)
            bucket.rate = min(bucket.rate, rate)

    def rate_of(self, host: str) -> float:
        """The rate currently applied to ``host``."""
        with self._lock:
            return self._bucket(host).rate

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of ``host``'s in-flight slots and wait for its token (use around one request)."""
        with self._lock:
            slots = self._bucket(host).slots
        with slots:
            delay = self.reserve(host)
            if delay > 0:
                self.sleep(delay)
            yield
