"""The JSON API under ``/api``: the same data as the pages, for scripts.

Consumes requests with query parameters; produces JSON. Success bodies carry
``"ok": true``; lists are paginated with ``items``, ``total``, ``limit``,
``offset`` and ``next`` (the URL of the next page, or null). Errors have one
shape, ``{"ok": false, "error": "…", "status": N}`` (see ``app.http_error``).
The OpenAPI schema at ``/api/openapi.json`` is generated from :data:`ENDPOINTS`,
the same table the routes are built from, so the two cannot drift apart.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from newsweave import __version__
from newsweave.web import queries
from newsweave.web.params import paging, search_query


def jsonable(value: Any) -> Any:
    """Dataclasses, tuples and dates as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def ok(body: dict[str, Any]) -> JSONResponse:
    """A success response: ``{"ok": true, …}``."""
    return JSONResponse({"ok": True, **jsonable(body)})


def paged(request: Request, page: queries.Page, **extra: Any) -> JSONResponse:
    """A paginated list response with a ``next`` link."""
    nxt = None
    if page.has_next:
        nxt = str(request.url.include_query_params(offset=page.offset + page.limit, limit=page.limit))
    body = {"items": page.items, "total": page.total, "limit": page.limit, "offset": page.offset, "next": nxt}
    return ok({**body, **extra})


def _db(request: Request) -> Any:
    return request.app.state.db.conn()


def not_found(what: str) -> HTTPException:
    """A 404 naming what was not found."""
    return HTTPException(404, f"{what} not found")


# -- endpoints ---------------------------------------------------------------------------


def api_stats(request: Request) -> JSONResponse:
    """Headline counts of the store."""
    return ok({"stats": queries.stats(_db(request)), "version": __version__})


def api_stories(request: Request) -> JSONResponse:
    """Stories, largest first; ``available`` is false until stories have been clustered."""
    page, available = queries.stories(_db(request), *paging(request))
    return paged(request, page, available=available)


def api_story(request: Request) -> JSONResponse:
    """One story's timeline."""
    view = queries.story(_db(request), request.path_params["id"])
    if view is None:
        raise not_found("story")
    return ok({"story": view})


def api_articles(request: Request) -> JSONResponse:
    """Articles, newest first."""
    return paged(request, queries.latest_articles(_db(request), *paging(request)))


def api_article(request: Request) -> JSONResponse:
    """One article with its duplicate group, version and stories."""
    view = queries.article(_db(request), request.path_params["id"])
    if view is None:
        raise not_found("article")
    body = {
        "article": view.article.to_dict(),
        "group": view.group,
        "version": view.version,
        "previous_id": view.previous_id,
        "stories": [{"id": i, "title": t} for i, t in view.stories],
        "run_id": view.run_id,
    }
    return ok(body)


def api_groups(request: Request) -> JSONResponse:
    """Duplicate groups, largest first, with each member's differences."""
    return paged(request, queries.dup_groups(_db(request), *paging(request)))


def api_search(request: Request) -> JSONResponse:
    """Full-text search with filters, counts over time and per outlet."""
    result = queries.search(_db(request), search_query(request))
    return paged(
        request, result.page, over_time=result.over_time, per_site=result.per_site, granularity=result.granularity
    )


def api_entity(request: Request) -> JSONResponse:
    """One entity by id or canonical name (any spelling that folds to it)."""
    view = queries.entity(_db(request), request.path_params["name"])
    if view is None:
        raise not_found("entity")
    return ok({"entity": view})


def api_openapi(request: Request) -> JSONResponse:
    """This API's OpenAPI 3.1 schema."""
    return JSONResponse(openapi())


# -- the table routes and schema are built from --------------------------------------------


@dataclass(frozen=True, slots=True)
class Param:
    """A documented parameter."""

    name: str
    where: str  # "query" or "path"
    type: str  # JSON Schema type
    description: str
    format: str | None = None


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One API route: path, handler, and what the schema says about it."""

    path: str
    handler: Callable[[Request], JSONResponse]
    summary: str
    params: tuple[Param, ...] = ()
    paginated: bool = False
    may_404: bool = False
    envelope: bool = True  # body is {"ok": true, ...}; false only for the schema itself


PAGING = (
    Param("limit", "query", "integer", "page size, 1-100 (default 20)"),
    Param("offset", "query", "integer", "items to skip, 0-100000 (default 0)"),
)
SEARCH = (
    Param("q", "query", "string", "words or quoted phrases, all required (at most 500 characters)"),
    Param("from", "query", "string", "earliest publication date, inclusive", "date"),
    Param("to", "query", "string", "latest publication date, inclusive", "date"),
    Param("language", "query", "string", "language code, e.g. de"),
    Param("site", "query", "string", "outlet (host name)"),
    Param("entity", "query", "string", "canonical entity name the article must mention"),
)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("/api/stats", api_stats, "Headline counts of the store"),
    Endpoint("/api/stories", api_stories, "Stories, largest first", PAGING, paginated=True),
    Endpoint("/api/stories/{id}", api_story, "A story's timeline", (Param("id", "path", "string", "story id"),),
             may_404=True),
    Endpoint("/api/articles", api_articles, "Articles, newest first", PAGING, paginated=True),
    Endpoint("/api/articles/{id}", api_article, "An article with its duplicate group",
             (Param("id", "path", "string", "article id (content hash)"),), may_404=True),
    Endpoint("/api/groups", api_groups, "Duplicate groups with per-outlet differences", PAGING, paginated=True),
    Endpoint("/api/search", api_search, "Full-text search with filters and counts over time", SEARCH + PAGING,
             paginated=True),
    Endpoint("/api/entities/{name}", api_entity, "An entity: aliases, mentions over time, articles",
             (Param("name", "path", "string", "entity id or canonical name, percent-encoded"),), may_404=True),
    Endpoint("/api/openapi.json", api_openapi, "This schema", envelope=False),
)  # fmt: skip


def routes() -> list[Route]:
    """Starlette routes for :data:`ENDPOINTS` (GET and HEAD only)."""
    out = []
    for ep in ENDPOINTS:
        path = ep.path.replace("{name}", "{name:path}")
        out.append(Route(path, ep.handler, methods=["GET"]))
    return out


ERROR_SCHEMA = {
    "type": "object",
    "required": ["ok", "error", "status"],
    "properties": {"ok": {"const": False}, "error": {"type": "string"}, "status": {"type": "integer"}},
}


def _operation(ep: Endpoint) -> dict[str, Any]:
    params = []
    for p in ep.params:
        schema: dict[str, Any] = {"type": p.type} | ({"format": p.format} if p.format else {})
        params.append({"name": p.name, "in": p.where, "required": p.where == "path", "schema": schema,
                       "description": p.description})  # fmt: skip
    ok_schema: dict[str, Any] = {"type": "object", "required": ["ok"], "properties": {"ok": {"const": True}}}
    if not ep.envelope:
        ok_schema = {"type": "object", "required": ["openapi", "paths"]}
    if ep.paginated:
        ok_schema["required"] = ["ok", "items", "total", "limit", "offset", "next"]
        ok_schema["properties"] |= {
            "items": {"type": "array"},
            "total": {"type": "integer"},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "next": {"type": ["string", "null"]},
        }
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    responses: dict[str, Any] = {"200": {"description": "OK", "content": {"application/json": {"schema": ok_schema}}}}
    responses["400"] = {"description": "Bad parameter", **error}
    if ep.may_404:
        responses["404"] = {"description": "Not found", **error}
    name = ep.handler.__name__
    return {"operationId": name, "summary": ep.summary, "parameters": params, "responses": responses}


def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 document for :data:`ENDPOINTS`."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "newsweave", "version": __version__, "description": "Read-only API over a newsweave store."},
        "paths": {ep.path: {"get": _operation(ep)} for ep in ENDPOINTS},
        "components": {"schemas": {"Error": ERROR_SCHEMA}},
    }
