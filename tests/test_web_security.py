"""Web security: escaping of untrusted page content everywhere, CSP and friends, read-only methods,
loopback Host headers, no path traversal, no SQL from input. The browser-side proof is in
``test_web_browser.py``; these checks parse the served HTML."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from newsweave.web.app import create_app
from newsweave.web.security import CSP, safe_url
from tests.web_corpus import JS_URL, MARKER, build_store, xss_urls

BASE = "http://127.0.0.1"
SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")


class Audit(HTMLParser):
    """Collect what could execute: script elements, event-handler attributes, script URLs, frames."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str | None] = []
        self.handlers: list[tuple[str, str]] = []
        self.script_urls: list[str] = []
        self.frames: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs).get("src"))
        if tag in {"iframe", "object", "embed", "frame", "base", "math", "img"}:
            self.frames.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            scheme = (value or "").strip().lower()
            if name in {"href", "src", "action", "xlink:href", "formaction"} and scheme.startswith(SCRIPT_SCHEMES):
                self.script_urls.append(value or "")


def audit(html: str) -> Audit:
    a = Audit()
    a.feed(html)
    return a


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    path = tmp_path_factory.mktemp("websec") / "web.db"
    return path, build_store(path)


@pytest.fixture(scope="module")
def client(corpus: tuple[Path, dict[str, Any]]) -> Iterator[TestClient]:
    with TestClient(create_app(corpus[0]), base_url=BASE) as c:
        yield c


def test_payloads_are_escaped_on_every_page(client: TestClient, corpus: tuple[Path, dict[str, Any]]) -> None:
    shown = 0
    for url in xss_urls(corpus[1]):
        r = client.get(url)
        assert r.status_code in {200, 404}, url
        if not r.headers["content-type"].startswith("text/html"):
            continue
        found = audit(r.text)
        assert found.scripts == ["/static/app.js"], url
        assert found.handlers == [] and found.script_urls == [] and found.frames == [], url
        assert f"<script>window.{MARKER}" not in r.text
        shown += r.text.count(f"&lt;script&gt;window.{MARKER}")
    assert shown > 50  # the payloads are shown (as text), not dropped


def test_article_page_shows_payload_fields_as_text(client: TestClient, corpus: tuple[Path, dict[str, Any]]) -> None:
    html = client.get(f"/articles/{corpus[1]['xss'][0]}").text
    for field in ("XSS 0 ", "Lead ", "Body ", "Caption ", "Credit ", "Teaser ", "Furniture ", "Sub "):
        assert f"{field}&lt;script&gt;window.{MARKER}=1&lt;/script&gt;" in html, field
    template_text = client.get(f"/articles/{corpus[1]['xss'][-1]}").text
    assert "XSS 14 {{ 7*7 }}{% raw %}" in template_text  # data is never rendered as a template
    assert JS_URL not in html.replace(f"<code>{JS_URL}</code>", "")  # shown only as code text, never as a link


def test_strict_csp_on_every_response(client: TestClient) -> None:
    for url in ["/", "/api/stats", "/static/style.css", "/nope", "/api/nope", "/search?limit=x"]:
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert csp == CSP
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_templates_use_no_inline_script_or_style() -> None:
    templates = Path(__file__).parent.parent / "src" / "newsweave" / "web" / "templates"
    for path in templates.glob("*.html"):
        text = path.read_text("utf-8")
        assert "<script>" not in text and " style=" not in text and "<style" not in text, path.name
        assert not re.search(r"\|\s*safe\b(?!_)", text) and "autoescape false" not in text, path.name


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2f%2e%2e%2fstore.py",
        "/static/....//app.py",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/..\\app.py",
    ],
)
def test_no_path_traversal_in_static_files(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code in {400, 404}
    assert "create_app" not in r.text and "root:" not in r.text


def test_static_files_are_served(client: TestClient) -> None:
    assert (
        client.get("/static/app.js").headers["content-type"].startswith(("text/javascript", "application/javascript"))
    )
    assert ".innerHTML" not in client.get("/static/app.js").text


def test_foreign_host_headers_are_refused(client: TestClient) -> None:
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


def test_read_only_methods(client: TestClient) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert client.request(method, "/search?q=x").status_code == 405


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x' OR '1'='1"},
        {"site": "x' OR '1'='1"},
        {"language": "de' --"},
        {"entity": "') OR 1=1 --"},
        {"q": "Nordstadt", "site": "kurier.example' UNION SELECT sql FROM sqlite_master --"},
    ],
)
def test_sql_injection_finds_nothing(client: TestClient, params: dict[str, str]) -> None:
    r = client.get("/api/search", params=params)
    assert r.status_code == 200 and r.json()["total"] == 0


def test_safe_url() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in (JS_URL, " JavaScript:alert(1)", "data:text/html,x", "//evil.example", "/relative", "http://a b", None):
        assert safe_url(bad) is None


def test_serve_binds_loopback_by_default() -> None:
    from newsweave.cli import load_commands

    cmd = load_commands().commands["serve"]
    defaults = {p.name: p.default for p in cmd.params}
    assert defaults["host"] == "127.0.0.1" and defaults["port"] == 8000
    result = CliRunner().invoke(cmd, ["--db", "/nonexistent/x.db"])
    assert result.exit_code != 0 and isinstance(result.exception, Exception)
