"""The web app: a Starlette application over one newsweave store.

Consumes the path of a store; produces an ASGI app serving the HTML pages
(``ui.py``), the JSON API under ``/api`` (``api.py``), the OpenAPI schema at
``/api/openapi.json`` and the packaged static files. The store is opened
read-only (``mode=ro`` and ``PRAGMA query_only``), one connection per worker
thread. Errors under ``/api`` use one shape, ``{"ok": false, "error": …,
"status": N}``; page errors render the error page.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from newsweave.web import api, ui
from newsweave.web.queries import connect
from newsweave.web.security import SecurityHeaders, safe_url

HERE = Path(__file__).parent
# Host headers accepted by default: loopback only, which also defeats DNS rebinding.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


class Database:
    """Connections to one store, one per thread (sqlite3 connections must not be shared across threads)."""

    def __init__(self, path: str | Path, *, read_only: bool = True) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self.conn()  # fail now (NW401) rather than on the first request

    def conn(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path, read_only=self.read_only)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection opened so far."""
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


def make_templates() -> Jinja2Templates:
    """Jinja2 templates with autoescaping on for every template, and the URL helpers as filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["q"] = lambda value: quote(str(value), safe="")
    return Jinja2Templates(env=env)


def _wants_json(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


async def http_error(request: Request, exc: Exception) -> Response:
    """404, 400, 405 …: the JSON error shape under /api, the error page elsewhere."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
    headers = getattr(exc, "headers", None)
    if _wants_json(request):
        return JSONResponse({"ok": False, "error": detail, "status": status}, status_code=status, headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "error": detail, "q": ""}, status_code=status, headers=headers
    )


def create_app(
    db_path: str | Path,
    *,
    read_only: bool = True,
    allowed_hosts: Sequence[str] = LOCAL_HOSTS,
) -> Starlette:
    """Build the app over the store at ``db_path``.

    Args:
        db_path: a store written by ``newsweave ingest``.
        read_only: open the store read-only (the default; nothing in the app writes).
        allowed_hosts: Host headers to answer; loopback names by default, ``["*"]`` for any.

    Raises:
        NewsweaveError: ``NW401`` when the file is missing or not a newsweave store.
    """
    db = Database(db_path, read_only=read_only)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        db.close()

    routes = [
        *ui.routes(),
        *api.routes(),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)),
        ],
        exception_handlers={HTTPException: http_error, Exception: http_error},
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.templates = make_templates()
    return app
