"""``newsweave fetch``, ``watch`` and ``sources`` against a local server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from newsweave.cli import load_commands
from newsweave.cli.fetch import parse_every
from newsweave.store import Store
from tests.fetchserver import Site, page, rss, serve

FAST_ENV = {"NEWSWEAVE_FETCH_RATE": "100", "NEWSWEAVE_FETCH_RETRIES": "0", "NEWSWEAVE_FETCH_TIMEOUT": "2"}


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as s:
        s.static("/robots.txt", b"User-agent: *\nAllow: /\n", "text/plain")
        for i in range(3):
            s.static(f"/news/{i}.html", page(i))
        s.static("/feed.xml", rss(s.base, ["/news/0.html", "/news/1.html"]), "application/rss+xml")
        yield s


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(load_commands(), list(args), env=FAST_ENV, catch_exceptions=False)


def test_watch_once_then_sources_shows_health(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    sources = tmp_path / "sources.txt"
    sources.write_text(f"# test outlets\n{site.base}/feed.xml\n{site.base}/missing.xml\n")
    warc = tmp_path / "warc"
    first = run("watch", str(sources), "--db", str(db), "--once", "--warc-out", str(warc))
    assert first.exit_code == 0, first.output
    assert "2 articles stored" in first.stderr
    again = run("watch", str(sources), "--db", str(db), "--once", "--no-enrich", "--no-stories")
    assert "0 articles stored" in again.stderr and "1 not modified" in again.stderr
    with Store.open(db) as store:
        assert store.count("articles") == 2
        assert store.count("stories") >= 1  # new articles were attached to stories
        article = store.conn.execute("SELECT json FROM articles LIMIT 1").fetchone()[0]
        assert json.loads(article)["sentences"]  # enriched
    assert len(list(warc.glob("*.warc.gz"))) == 1

    listed = run("sources", "--db", str(db), "--json")
    rows = {r["url"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert rows[f"{site.base}/feed.xml"]["health"] == "ok"
    assert rows[f"{site.base}/feed.xml"]["articles"] == 2
    missing = rows[f"{site.base}/missing.xml"]
    assert (missing["health"], missing["last_code"], missing["failures"]) == ("failing", "NW505", 2)
    table = run("sources", "--db", str(db))
    assert "failing" in table.stdout and "NW505" in table.stdout


def test_fetch_prints_articles_or_stores_them(site: Site, tmp_path: Path) -> None:
    out = run("fetch", f"{site.base}/news/2.html", "--no-enrich")
    articles = [json.loads(line) for line in out.stdout.splitlines()]
    assert [a["url"] for a in articles] == [f"{site.base}/news/2.html"]
    db = tmp_path / "n.db"
    stored = run("fetch", f"{site.base}/news/2.html", f"{site.base}/nope.html", "--db", str(db), "--no-enrich")
    assert "1 articles, 1 rejected" in stored.stderr and "NW505" in stored.stderr
    with Store.open(db) as store:
        assert store.count("articles") == 1


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900.0), ("90s", 90.0), ("1h", 3600.0), ("2", 2.0)])
def test_every_durations(text: str, seconds: float) -> None:
    assert parse_every(None, None, text) == seconds  # type: ignore[arg-type]


def test_every_rejects_junk() -> None:
    with pytest.raises(click.BadParameter):
        parse_every(None, None, "soon")  # type: ignore[arg-type]
