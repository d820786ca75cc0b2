"""Watch cycles against a local server on 127.0.0.1: exactly-once, robots, 304, 429, bad sources, resume, WARC."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from newsweave.extractors import extract
from newsweave.fetch import state
from newsweave.fetch.http import Fetcher
from newsweave.fetch.warcout import WarcOut
from newsweave.fetch.watch import Watcher, interleave, read_sources
from newsweave.readers import RawDoc
from newsweave.readers.dispatch import read_inputs
from newsweave.settings import FetchSettings, Settings
from newsweave.store import Store
from tests.fetchserver import Reply, Request, Site, page, rss, serve, sitemap

# Fast but otherwise default politeness: the limiter and retries are exercised, tests stay short.
FAST = FetchSettings(rate=200.0, retries=2, backoff=0.01, timeout=0.5, deadline=2.0, max_bytes=200_000)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as s:
        s.static("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
        for i in range(12):
            s.static(f"/news/{i}.html", page(i))
        yield s


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as s:
        yield s


class Sleeps(list[float]):
    """An injectable sleep that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def watcher(store: Store, cfg: FetchSettings = FAST, **kw: object) -> Watcher:
    settings = Settings(fetch=cfg)
    return Watcher(store, settings, **kw)  # type: ignore[arg-type]


def page_hits(site: Site) -> dict[str, int]:
    return {p: n for p, n in site.hits.items() if p.startswith(("/news/", "/private/"))}


def test_new_entries_arrive_exactly_once_across_cycles(site: Site, store: Store) -> None:
    b = site.base
    feed = ["/news/0.html", "/news/1.html", "/news/1.html?utm_source=rss&utm_medium=feed", "/news/2.html#comments"]
    site.static("/feed.xml", rss(b, feed), "application/rss+xml")
    site.static("/sitemap.xml", sitemap(b, ["/news/2.html", "/news/3.html?fbclid=abc"]), "application/xml")
    w = watcher(store)
    sources = [f"{b}/feed.xml", f"{b}/sitemap.xml"]

    first = w.cycle(sources)
    assert first.counts["articles"] == 4
    assert page_hits(site) == {f"/news/{i}.html": 1 for i in range(4)}  # tracking params: one fetch each

    site.static("/feed.xml", rss(b, [*feed, "/news/4.html"]), "application/rss+xml")
    second = w.cycle(sources)
    assert second.counts["articles"] == 1 and second.counts["new_entries"] == 1
    third = w.cycle(sources)
    assert third.counts["articles"] == 0 and third.counts["new_entries"] == 0

    assert page_hits(site) == {f"/news/{i}.html": 1 for i in range(5)}
    assert store.count("articles") == 5
    stored = {r[0] for r in store.conn.execute("SELECT url FROM articles")}
    assert stored == {f"{b}/news/{i}.html" for i in range(5)}
    ua = site.seen[0].headers["user-agent"]
    assert ua.startswith("newsweave/") and FAST.contact in ua


def test_robots_disallow_is_respected(site: Site, store: Store) -> None:
    b = site.base
    site.static("/private/secret.html", page(99))
    site.static("/feed.xml", rss(b, ["/news/0.html", "/private/secret.html"]), "application/rss+xml")
    summary = watcher(store).cycle([f"{b}/feed.xml"])
    assert summary.counts["articles"] == 1
    assert summary.rejections["NW501"] == 1
    assert site.hits["/private/secret.html"] == 0
    row = store.conn.execute("SELECT state, code FROM live_entries WHERE url LIKE '%secret%'").fetchone()
    assert row == ("rejected", "NW501")


def test_not_modified_feed_costs_no_download(site: Site, store: Store) -> None:
    b = site.base
    site.static("/feed.xml", rss(b, ["/news/0.html"]), "application/rss+xml")
    w = watcher(store)
    w.cycle([f"{b}/feed.xml"])
    sent_before = site.body_bytes["/feed.xml"]
    again = w.cycle([f"{b}/feed.xml"])
    assert again.counts["not_modified"] == 1
    assert site.body_bytes["/feed.xml"] == sent_before  # the 304 carried no body
    assert site.seen[-1].headers.get("if-none-match")
    last = store.conn.execute("SELECT status, bytes FROM fetch_log WHERE role = 'source' ORDER BY seq DESC").fetchone()
    assert last == (304, 0)
    assert state.sources(store)[0].last_status == 304


def test_429_with_retry_after_is_waited_out(site: Site, store: Store) -> None:
    b = site.base

    def busy(req: Request) -> Reply:
        if req.hit == 1:
            return Reply(429, b"slow down", {"Retry-After": "1", "Content-Type": "text/plain"})
        return Reply(200, page(42), {"Content-Type": "text/html; charset=utf-8"})

    site.route("/news/busy.html", busy)
    site.static("/feed.xml", rss(b, ["/news/busy.html"]), "application/rss+xml")
    sleeps = Sleeps()
    fetcher = Fetcher(FAST, sleep=sleeps)
    summary = watcher(store, fetcher=fetcher).cycle([f"{b}/feed.xml"])
    assert summary.counts["articles"] == 1
    assert sleeps == [1.0]
    assert site.hits["/news/busy.html"] == 2


def _drip(req: Request) -> Reply:
    return Reply(200, rss("", ["/news/5.html"]), {"Content-Type": "application/rss+xml"}, drip=0.6)


def _big(req: Request) -> Reply:
    return Reply(200, b"<rss>" + b" " * 300_000 + b"</rss>", {"Content-Type": "application/rss+xml"})


def _big_unannounced(req: Request) -> Reply:
    return Reply(
        200, b"<rss>" + b" " * 300_000 + b"</rss>", {"Content-Type": "application/rss+xml"}, content_length=False
    )


def _loop(req: Request) -> Reply:
    return Reply(302, headers={"Location": "/loop-b.xml" if req.path == "/loop-a.xml" else "/loop-a.xml"})


def _bad_gzip(req: Request) -> Reply:
    return Reply(200, b"this is not gzip data", {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"})


def _latin1(req: Request) -> Reply:
    body = '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>Grüße</title></channel></rss>'
    return Reply(200, body.encode("latin-1"), {"Content-Type": "application/rss+xml"})


@pytest.mark.parametrize(
    ("path", "handler", "code"),
    [
        ("/slow.xml", _drip, "NW502"),
        ("/big.xml", _big, "NW503"),
        ("/big-stream.xml", _big_unannounced, "NW503"),
        ("/loop-a.xml", _loop, "NW504"),
        ("/gzip.xml", _bad_gzip, "NW507"),
        ("/latin1.xml", _latin1, "NW507"),
    ],
)
def test_bad_source_is_rejected_and_others_go_on(site: Site, store: Store, path: str, handler, code: str) -> None:  # type: ignore[no-untyped-def]
    b = site.base
    site.route(path, handler)
    site.route("/loop-b.xml", _loop)
    site.static("/feed.xml", rss(b, ["/news/6.html", "/news/7.html"]), "application/rss+xml")
    summary = watcher(store).cycle([f"{b}{path}", f"{b}/feed.xml"])
    assert summary.counts["articles"] == 2
    assert summary.counts["sources_failed"] == 1
    bad, good = state.sources(store, [f"{b}{path}", f"{b}/feed.xml"])
    assert (bad.health, bad.last_code) == ("failing", code)
    assert bad.last_error and path.lstrip("/") in bad.last_error
    assert good.health == "ok"


def test_failing_page_does_not_stop_other_entries(site: Site, store: Store) -> None:
    b = site.base
    site.route("/news/gone.html", lambda req: Reply(404, b"gone", {"Content-Type": "text/plain"}))
    site.route("/news/flaky.html", lambda req: Reply(503, b"", {"Content-Type": "text/plain"}))
    site.static("/feed.xml", rss(b, ["/news/gone.html", "/news/flaky.html", "/news/8.html"]), "application/rss+xml")
    w = watcher(store)
    summary = w.cycle([f"{b}/feed.xml"])
    assert summary.counts["articles"] == 1
    assert summary.rejections["NW505"] == 2
    states = dict(store.conn.execute("SELECT url, state FROM live_entries"))
    assert states[f"{b}/news/gone.html"] == "rejected"
    assert states[f"{b}/news/flaky.html"] == "retry"  # a 503 is tried again next cycle
    w.cycle([f"{b}/feed.xml"])
    assert site.hits["/news/gone.html"] == 1


def test_interrupted_watch_resumes_pending_entries(site: Site, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    b = site.base
    site.static("/feed.xml", rss(b, [f"/news/{i}.html" for i in range(3)]), "application/rss+xml")
    w = watcher(store)

    def killed(*args: object, **kw: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(w, "_run_entries", killed)
    with pytest.raises(KeyboardInterrupt):
        w.cycle([f"{b}/feed.xml"])
    pending = store.conn.execute("SELECT COUNT(*) FROM live_entries WHERE state = 'pending'").fetchone()[0]
    assert pending == 3 and store.count("articles") == 0

    resumed = watcher(store).cycle([f"{b}/feed.xml"])  # the feed answers 304, the queue is worked off
    assert resumed.counts["not_modified"] == 1
    assert resumed.counts["articles"] == 3
    assert page_hits(site) == {f"/news/{i}.html": 1 for i in range(3)}


def test_homepage_and_sitemap_index_discovery(site: Site, store: Store) -> None:
    b = site.base
    home = b"<html><head><link rel='alternate' type='application/atom+xml' href='/atom.xml'></head></html>"
    site.static("/", home)
    atom = f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="{b}/news/9.html"/></entry></feed>'
    site.static("/atom.xml", atom.encode(), "application/atom+xml")
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{b}/sitemap-news.xml</loc></sitemap></sitemapindex>"
    )
    site.static("/sitemap-index.xml", index.encode(), "application/xml")
    site.static("/sitemap-news.xml", sitemap(b, ["/news/10.html"]), "application/xml")
    summary = watcher(store).cycle([f"{b}/", f"{b}/sitemap-index.xml"])
    assert summary.counts["articles"] == 2
    kinds = {s.url: s.kind for s in state.sources(store)}
    assert kinds == {f"{b}/": "page", f"{b}/sitemap-index.xml": "sitemap"}


def test_homepage_without_feed_uses_robots_sitemaps(site: Site, store: Store) -> None:
    b = site.base
    site.static("/robots.txt", f"User-agent: *\nDisallow: /private/\nSitemap: {b}/sm.xml\n".encode(), "text/plain")
    site.static("/", b"<html><body><p>Kleinfelder Bote</p></body></html>")
    site.static("/sm.xml", sitemap(b, ["/news/11.html"]), "application/xml")
    summary = watcher(store).cycle([f"{b}/"])
    assert summary.counts["articles"] == 1


def test_page_without_feeds_is_a_clear_failure(site: Site, store: Store) -> None:
    site.static("/about.html", b"<html><body><p>About us</p></body></html>")
    summary = watcher(store).cycle([f"{site.base}/about.html"])
    assert summary.rejections["NW508"] == 1


def test_warc_out_replays_offline(site: Site, store: Store, tmp_path: Path) -> None:
    b = site.base
    site.static("/feed.xml", rss(b, ["/news/0.html", "/news/1.html"]), "application/rss+xml")
    warc = WarcOut(tmp_path)
    summary = watcher(store, warc=warc).cycle([f"{b}/feed.xml"])
    warc.close()
    assert warc.path.name.endswith(".warc.gz")
    with gzip.open(warc.path) as fh:
        assert fh.read().count(b"WARC-Type: response") == 3  # the feed and two pages
    docs = [d for d in read_inputs([str(warc.path)], Settings().extract) if isinstance(d, RawDoc)]
    assert sorted(d.url or "" for d in docs) == [f"{b}/news/0.html", f"{b}/news/1.html"]
    replayed = {extract(replace(d, source=d.url or ""), Settings().extract).text for d in docs}
    assert replayed == {a.text for a in summary.articles}


def test_read_sources_skips_comments_and_rejects_junk(tmp_path: Path) -> None:
    f = tmp_path / "sources.txt"
    f.write_text("# outlets\nhttp://127.0.0.1:1/feed.xml  # main feed\n\nhttp://127.0.0.1:1/feed.xml\n")
    assert read_sources(f) == ["http://127.0.0.1:1/feed.xml"]
    f.write_text("ftp://127.0.0.1/feed\n")
    with pytest.raises(Exception, match="NW901"):
        read_sources(f)


def test_jobs_are_interleaved_across_hosts() -> None:
    jobs = [(f"http://a/{i}", "A") for i in range(3)] + [("http://b/0", "B"), ("http://c/0", "C")]
    assert [u for u, _ in interleave(jobs)] == ["http://a/0", "http://b/0", "http://c/0", "http://a/1", "http://a/2"]


def test_extraction_in_worker_processes_gives_the_same_articles(site: Site, tmp_path: Path) -> None:
    b = site.base
    site.static("/feed.xml", rss(b, ["/news/0.html", "/news/1.html"]), "application/rss+xml")
    texts = []
    for processes in (0, 1):
        with Store.open(tmp_path / f"p{processes}.db") as store:
            w = watcher(store, replace(FAST, processes=processes))
            texts.append(sorted(a.id for a in w.cycle([f"{b}/feed.xml"]).articles))
            w.close()
    assert texts[0] == texts[1] and len(texts[0]) == 2


def test_child_sitemaps_are_fetched_conditionally(site: Site, store: Store) -> None:
    b = site.base

    def index(children: list[str]) -> bytes:
        locs = "".join(f"<sitemap><loc>{b}{c}</loc></sitemap>" for c in children)
        return f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</sitemapindex>'.encode()

    site.static("/sitemap.xml", index(["/sm-1.xml"]), "application/xml")
    site.static("/sm-1.xml", sitemap(b, ["/news/0.html", "/news/1.html"]), "application/xml")
    w = watcher(store)
    assert w.cycle([f"{b}/sitemap.xml"]).counts["articles"] == 2
    sent = site.body_bytes["/sm-1.xml"]
    site.static("/sitemap.xml", index(["/sm-1.xml", "/sm-2.xml"]), "application/xml")
    site.static("/sm-2.xml", sitemap(b, ["/news/2.html"]), "application/xml")
    again = w.cycle([f"{b}/sitemap.xml"])
    assert again.counts["articles"] == 1
    assert site.hits["/sm-1.xml"] == 2 and site.body_bytes["/sm-1.xml"] == sent  # answered 304
