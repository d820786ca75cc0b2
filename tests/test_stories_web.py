"""Stories reach the web app: ingest samples/, cluster, read /api/stories and the story pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from newsweave.cli import load_commands
from newsweave.web.app import create_app

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
BASE = "http://127.0.0.1"  # the app answers loopback Host headers only


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = str(tmp_path_factory.mktemp("web") / "tmp.db")
    runner, cli = CliRunner(), load_commands()
    res = runner.invoke(cli, ["ingest", str(SAMPLES), "--db", db])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["stories", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    with TestClient(create_app(db), base_url=BASE) as c:
        yield c


def _stories(client: TestClient) -> list[dict]:
    res = client.get("/api/stories?limit=50")
    assert res.status_code == 200
    body = res.json()
    assert body["available"]
    return list(body["items"])


def test_api_lists_the_clustered_stories(client: TestClient) -> None:
    stories = _stories(client)
    assert stories, "no stories after `newsweave stories`"
    # samples/ holds 15 articles (text, HTML and the demo WARC) about 4 events (Kim–Putin, Notre-Dame,
    # Easter attacks, Brexit delay), each reported in German and English by different outlets:
    # 4 bilingual stories, largest first.
    assert sum(s["n_articles"] for s in stories) == 15
    assert [s["n_articles"] for s in stories] == [5, 5, 3, 2]
    assert all({b["key"] for b in s["languages"]} == {"de", "en"} for s in stories)


def test_story_timeline_and_article_page_link_back(client: TestClient) -> None:
    top = _stories(client)[0]
    body = client.get(f"/api/stories/{top['id']}").json()["story"]
    entries = body["entries"]
    assert len(entries) == top["n_articles"]
    article_id = entries[0]["article"]["id"]
    article = client.get(f"/api/articles/{article_id}").json()
    assert {"id": top["id"], "title": top["title"]} in article["stories"]


def test_html_story_pages_render(client: TestClient) -> None:
    top = _stories(client)[0]
    index = client.get("/")
    assert index.status_code == 200 and f"/stories/{top['id']}" in index.text
    page = client.get(f"/stories/{top['id']}")
    assert page.status_code == 200 and "Wladiwostok" in page.text
