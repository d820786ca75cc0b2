"""The polite HTTP layer: limiter, robots, redirects, Retry-After, canonical URLs, listings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from newsweave.errors import NewsweaveError
from newsweave.fetch.discover import canonical, read_listing, sniff
from newsweave.fetch.http import Fetcher, retry_after, user_agent
from newsweave.fetch.ratelimit import HostLimiter
from newsweave.fetch.robots import RobotsCache
from newsweave.settings import FetchSettings
from tests.fetchserver import Reply, Request, Site, page, serve

FAST = FetchSettings(rate=500.0, retries=2, backoff=0.01, timeout=1.0, max_redirects=3)


class FakeClock:
    """A clock that only moves when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as s:
        yield s


def test_limiter_spaces_requests_at_the_configured_rate() -> None:
    clock = FakeClock()
    limiter = HostLimiter(rate=4.0, per_host=1, clock=clock, sleep=clock.sleep)
    stamps = []
    for _ in range(9):
        with limiter.slot("http://a"):
            stamps.append(clock.now)
    assert stamps == pytest.approx([i * 0.25 for i in range(9)])
    with limiter.slot("http://b"):  # another host has its own bucket
        assert clock.now == pytest.approx(2.0)


def test_limiter_slow_down_never_speeds_up() -> None:
    limiter = HostLimiter(rate=2.0)
    limiter.slow_down("http://a", 0.5)
    limiter.slow_down("http://a", 10.0)
    assert limiter.rate_of("http://a") == 0.5


def test_robots_unreachable_disallows_and_404_allows() -> None:
    answers = {"http://down/robots.txt": (503, ""), "http://none/robots.txt": (404, "")}
    robots = RobotsCache(answers.get, "newsweave")
    assert not robots.allowed("http://down/news/1.html")
    assert robots.allowed("http://none/news/1.html")
    assert not robots.allowed("http://gone/x")  # unreachable: None


def test_robots_agent_groups_and_crawl_delay() -> None:
    text = "User-agent: newsweave\nDisallow: /archive/\nCrawl-delay: 2\n\nUser-agent: *\nDisallow: /\n"
    robots = RobotsCache(lambda url: (200, text), "newsweave")
    assert robots.allowed("http://h/news/1.html")
    assert not robots.allowed("http://h/archive/1.html")
    assert robots.crawl_delay("http://h/news/1.html") == 2.0


def test_crawl_delay_lowers_the_host_rate(site: Site) -> None:
    site.static("/robots.txt", b"User-agent: *\nCrawl-delay: 4\n", "text/plain")
    site.static("/a.html", page(1))
    fetcher = Fetcher(FAST)
    fetcher.get(f"{site.base}/a.html")
    assert fetcher.limiter.rate_of(site.base) == 0.25


def test_retry_after_forms() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    assert retry_after("3", now.timestamp()) == 3.0
    later = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert retry_after(later, now.timestamp()) == pytest.approx(30.0)
    assert retry_after("soon", 0.0) is None


def test_too_long_retry_after_gives_up_without_waiting(site: Site) -> None:
    site.static("/robots.txt", b"", "text/plain")
    site.route("/busy", lambda req: Reply(503, b"", {"Retry-After": "3600"}))
    slept: list[float] = []
    with pytest.raises(NewsweaveError) as err:
        Fetcher(FAST, sleep=slept.append).get(f"{site.base}/busy")
    assert err.value.code == "NW505" and slept == []


def test_5xx_is_retried_with_backoff_then_reported(site: Site) -> None:
    site.static("/robots.txt", b"", "text/plain")
    site.route("/down", lambda req: Reply(500, b"oops"))
    slept: list[float] = []
    with pytest.raises(NewsweaveError) as err:
        Fetcher(FAST, sleep=slept.append).get(f"{site.base}/down")
    assert err.value.code == "NW505" and err.value.params["status"] == 500
    assert slept == [0.01, 0.02] and site.hits["/down"] == 3


def test_redirects_are_followed_and_bounded(site: Site) -> None:
    site.static("/robots.txt", b"", "text/plain")
    for i in range(6):
        site.route(f"/r{i}", lambda req, i=i: Reply(301, headers={"Location": f"/r{i + 1}"}))
    site.static("/r6", page(6))
    fetcher = Fetcher(FAST)
    got = fetcher.get(f"{site.base}/r3")
    assert got.final_url == f"{site.base}/r6" and got.redirects == 3 and got.status == 200
    with pytest.raises(NewsweaveError) as err:
        fetcher.get(f"{site.base}/r0")
    assert err.value.code == "NW504" and "more than 3" in err.value.message


def test_user_agent_names_newsweave_and_the_operator(site: Site) -> None:
    cfg = FetchSettings(contact="mailto:desk@example.org")
    assert user_agent(cfg).startswith("newsweave/") and "mailto:desk@example.org" in user_agent(cfg)


def test_unreachable_host_is_a_connection_error() -> None:
    slept: list[float] = []
    with pytest.raises(NewsweaveError) as err:  # port 9 (discard) is closed on 127.0.0.1
        Fetcher(FetchSettings(retries=1, backoff=0.01), sleep=slept.append)._request("http://127.0.0.1:9/x", {})
    assert err.value.code == "NW506"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8/a.html?utm_source=rss&utm_medium=x", "http://127.0.0.1:8/a.html"),
        ("HTTP://127.0.0.1:8/a.html?id=3&fbclid=z#top", "http://127.0.0.1:8/a.html?id=3"),
        ("mailto:desk@example.org", None),
        ("javascript:void(0)", None),
    ],
)
def test_canonical_drops_tracking_and_fragments(url: str, expected: str | None) -> None:
    assert canonical(url) == expected


def test_sniff_and_listing_kinds() -> None:
    assert sniff(b'<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert sniff(b'<?xml version="1.0"?><urlset xmlns="x">') == "sitemap"
    assert sniff(b"<html><body>") == "page"
    with pytest.raises(NewsweaveError) as err:
        read_listing(b'<?xml version="1.0" encoding="x-nonsense"?><rss></rss>', "http://h/f.xml")
    assert err.value.code == "NW507"


def test_request_headers_carry_validators(site: Site) -> None:
    site.static("/robots.txt", b"", "text/plain")
    seen: list[Request] = []

    def feed(req: Request) -> Reply:
        seen.append(req)
        return Reply(304)

    site.route("/feed.xml", feed)
    got = Fetcher(FAST).get(f"{site.base}/feed.xml", etag='"v1"', last_modified="Sun, 01 Mar 2026 10:00:00 GMT")
    assert got.not_modified and got.body == b""
    assert seen[0].headers["if-none-match"] == '"v1"'
    assert seen[0].headers["if-modified-since"] == "Sun, 01 Mar 2026 10:00:00 GMT"


def test_drip_feeding_server_is_cut_at_the_deadline(site: Site) -> None:
    site.static("/robots.txt", b"", "text/plain")
    site.route("/drip", lambda req: Reply(200, b"x" * 200, {"Content-Type": "text/html"}, drip=0.02))
    cfg = FetchSettings(timeout=1.0, deadline=0.3, retries=0)
    with pytest.raises(NewsweaveError) as err:
        Fetcher(cfg).get(f"{site.base}/drip")
    assert err.value.code == "NW502" and "longer than 0.3 s" in err.value.message
