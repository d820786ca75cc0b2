"""A local HTTP server on 127.0.0.1 for the live-source tests and benchmark.

Serves routes the test writes (feeds, sitemaps, robots.txt, pages written here, and
misbehaving sources: slow, oversized, redirect loops, bad encodings, 429/304), counts hits
and remembers request headers. Runs in a daemon thread; never binds anything but 127.0.0.1.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handler = Callable[["Request"], "Reply"]


@dataclass
class Request:
    """What the handler sees of a request."""

    path: str
    headers: dict[str, str]
    hit: int  # 1 for the first request to this path


@dataclass
class Reply:
    """A canned answer; ``drip`` sends the body in pieces with a pause between them."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drip: float = 0.0
    content_length: bool = True


_WORDS = (
    "Stadtrat",
    "Mühle",
    "Radweg",
    "Haushalt",
    "Schule",
    "Brücke",
    "Bahnhof",
    "Feuerwehr",
    "Bibliothek",
    "Hafen",
    "Markt",
    "Kirche",
    "Theater",
    "Gemeinde",
    "Kreistag",
    "Bürgermeisterin",
    "Opposition",
    "Land",
    "Bund",
    "Förderung",
    "Sanierung",
    "Verkehr",
    "Wasser",
    "Strom",
    "Wald",
    "Ufer",
    "Brauerei",
    "Verein",
    "Schwimmbad",
    "Kita",
    "Umgehung",
    "Ampel",
    "Fähre",
    "Turm",
    "Museum",
)
_VERBS = ("beschließt", "prüft", "verschiebt", "fordert", "kritisiert", "plant", "eröffnet", "lehnt ab")


def _sentence(rng: random.Random) -> str:
    a, b, c = rng.sample(_WORDS, 3)
    day, money = rng.randint(1, 28), rng.randint(2, 900)
    return f"Der {a} {rng.choice(_VERBS)} am {day}. die Pläne für {b} und {c} mit {money} Tsd. Euro."


def page(n: int, title: str | None = None) -> bytes:
    """A small news article page (our own words, random but fixed per ``n``, distinct per ``n``)."""
    rng = random.Random(n)
    title = title or f"Kleinfeld: {' '.join(rng.sample(_WORDS, 3))} ({n})"
    paras = "".join(f"<p>{' '.join(_sentence(rng) for _ in range(4))}</p>" for _ in range(4))
    return (
        f"<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta property='article:published_time' content='2026-03-0{1 + n % 9}T10:00:00+01:00'></head>"
        f"<body><nav><a href='/'>Start</a></nav><article><h1>{title}</h1>{paras}</article>"
        f"<footer>© Kleinfelder Bote</footer></body></html>"
    ).encode()


def rss(base: str, paths: list[str]) -> bytes:
    """An RSS 2.0 feed listing ``paths``."""
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link><guid>{base}{p}</guid></item>" for p in paths)
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bote</title>'
        f"<link>{base}/</link>{items}</channel></rss>"
    ).encode()


def sitemap(base: str, paths: list[str]) -> bytes:
    """A sitemap ``urlset`` listing ``paths``."""
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>"
    ).encode()


class Site:
    """Routes, hit counts and seen headers of the running server."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.seen: list[Request] = []
        self.body_bytes: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.base = ""

    def static(self, path: str, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        """Serve ``body`` at ``path`` (with an ETag; conditional GETs get 304)."""
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'

        def handle(req: Request) -> Reply:
            if req.headers.get("if-none-match") == etag:
                return Reply(304, headers={"ETag": etag})
            return Reply(200, body, {"Content-Type": ctype, "ETag": etag, **headers})

        self.routes[path] = handle

    def route(self, path: str, handler: Handler) -> None:
        """Serve ``path`` with a custom handler."""
        self.routes[path] = handler


def _make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class _H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # keep test output clean
            return

        def do_GET(self) -> None:
            path = self.path
            with site.lock:
                site.hits[path] += 1
                req = Request(path, {k.lower(): v for k, v in self.headers.items()}, site.hits[path])
                site.seen.append(req)
            handler = site.routes.get(path)
            reply = handler(req) if handler else Reply(404, b"not found", {"Content-Type": "text/plain"})
            self._send(path, reply)

        def _send(self, path: str, reply: Reply) -> None:
            self.send_response(reply.status)
            for k, v in reply.headers.items():
                self.send_header(k, v)
            if reply.content_length:
                self.send_header("Content-Length", str(len(reply.body)))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            with site.lock:
                site.body_bytes[path] += len(reply.body)
            try:
                if reply.drip:
                    for i in range(len(reply.body)):
                        self.wfile.write(reply.body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(reply.drip)
                else:
                    self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass
            if not reply.content_length:
                self.close_connection = True

    return _H


@contextmanager
def serve() -> Iterator[Site]:
    """Run a server on 127.0.0.1 (a free port) for the duration of the block."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
