"""End to end in a real headless Chromium (Debian's ``chromium``, driven by Playwright):
browse stories → story → article → search → entity, with screenshots in ``tests/artifacts/``;
and the XSS corpus, from the store and from URLs, never runs (a ``window`` marker stays unset)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from newsweave.web.app import create_app
from tests.web_corpus import MARKER, build_store, xss_urls

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it: apt-get)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra) is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    path = tmp_path_factory.mktemp("webui") / "web.db"
    ids = build_store(path)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", ids
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def test_browse_story_article_search_entity(server: tuple[str, dict[str, Any]], page: Any) -> None:
    base, ids = server
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "Stories"
    shot(page, "1-stories")
    page.get_by_role("link", name="Nordstadt bridge closure").click()
    page.wait_for_url("**/stories/s1")
    assert page.locator("h1").inner_text() == "Nordstadt bridge closure"
    assert page.locator("ol.timeline > li").count() == 4
    assert page.locator("ol.timeline .badge.m-confirmed").count() == 3
    assert page.locator("svg.chart rect").count() == 3  # three publication days
    shot(page, "2-story")
    page.locator("ol.timeline a.title").nth(1).click()
    page.wait_for_url(f"**/articles/{ids['story'][1]}")
    assert page.locator("h1").inner_text() == "Hafenbrücke in Nordstadt gesperrt"
    assert page.locator(".text a.ent").count() == 3 and page.locator(".text .claim.m-confirmed").count() >= 1
    assert page.locator("section.group tbody tr").count() == 3
    assert page.locator("section.group ins", has_text="Pendler müssen mit Staus rechnen.").count() == 1
    furniture = page.locator("details.furniture li").first
    assert not furniture.is_visible()
    page.locator("details.furniture summary").click()
    assert furniture.is_visible()  # removed furniture on demand
    shot(page, "3-article")
    page.keyboard.press("/")  # app.js: "/" focuses the search box
    page.keyboard.type("Hafenbrücke")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    assert page.locator("#hits").inner_text().startswith("3 articles")
    assert page.locator("ol.articles mark").count() >= 3
    shot(page, "4-search")
    page.locator("ol.articles a.title").first.click()
    page.locator(".text a.ent", has_text="Anna Berger").first.click()
    page.wait_for_url("**/entities/Anna%20Berger")
    assert page.locator("h1").inner_text().startswith("Anna Berger")
    assert page.locator("ul.articles li.art").count() == 4
    shot(page, "5-entity")


def test_xss_corpus_never_executes(server: tuple[str, dict[str, Any]], page: Any) -> None:
    base, ids = server
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in xss_urls(ids):
        page.goto(base + url)
        for summary in page.locator("details summary").all():
            summary.click()  # would fire an ontoggle handler if one had slipped through
        page.wait_for_timeout(20)
        assert page.evaluate(f"typeof window.{MARKER}") == "undefined", url
    shot(page, "6-xss-article")
    assert dialogs == []
    # Escaping alone stopped every payload: the CSP never had to block anything.
    assert violations == []


def test_csp_blocks_injected_inline_script(server: tuple[str, dict[str, Any]], page: Any) -> None:
    """Defence in depth: even a script element that got into the DOM does not run."""
    base, _ = server
    page.goto(base + "/")
    page.evaluate(
        f"() => {{ const s = document.createElement('script'); s.textContent = 'window.{MARKER} = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(50)
    assert page.evaluate(f"typeof window.{MARKER}") == "undefined"
