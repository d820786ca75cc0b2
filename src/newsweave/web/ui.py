"""Server-rendered HTML pages: stories, story timeline, article, search, entity.

Consumes requests; produces HTML from the Jinja2 templates in ``templates/``
(autoescaping on everywhere: every string shown comes from crawled pages and
is untrusted). The pages work without JavaScript; ``static/app.js`` only adds
conveniences.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from newsweave.model import MODALITIES
from newsweave.web import queries
from newsweave.web.annotate import annotate
from newsweave.web.params import paging, search_query


def render(request: Request, template: str, context: dict[str, Any]) -> Response:
    """Render ``template`` with ``context`` plus what every page uses."""
    templates = request.app.state.templates
    base = {"modalities": MODALITIES, "q": request.query_params.get("q", "")}
    response: Response = templates.TemplateResponse(request, template, {**base, **context})
    return response


def _db(request: Request) -> Any:
    return request.app.state.db.conn()


def index(request: Request) -> Response:
    """Stories, largest first; before clustering, the duplicate groups and the latest articles."""
    conn = _db(request)
    limit, offset = paging(request)
    stories, available = queries.stories(conn, limit, offset)
    context = {
        "stories": stories,
        "stories_available": available,
        "groups": queries.dup_groups(conn, 10, 0) if not available else None,
        "latest": queries.latest_articles(conn, 20, 0) if not available else None,
        "stats": queries.stats(conn),
    }
    return render(request, "index.html", context)


def story_page(request: Request) -> Response:
    """A story's timeline."""
    view = queries.story(_db(request), request.path_params["id"])
    if view is None:
        raise HTTPException(404, "story not found")
    return render(request, "story.html", {"story": view})


def article_page(request: Request) -> Response:
    """An article: clean text with entities and claims marked, images, related, group, provenance."""
    view = queries.article(_db(request), request.path_params["id"])
    if view is None:
        raise HTTPException(404, "article not found")
    return render(request, "article.html", {"view": view, "a": view.article, "blocks": annotate(view.article)})


def search_page(request: Request) -> Response:
    """Search with filters and counts over time; an empty form when nothing was asked."""
    sq = search_query(request)
    asked = any((sq.q, sq.date_from, sq.date_to, sq.language, sq.site, sq.entity))
    result = queries.search(_db(request), sq) if asked else None
    return render(request, "search.html", {"sq": sq, "result": result})


def entity_page(request: Request) -> Response:
    """An entity: aliases, mentions over time, articles, stories."""
    view = queries.entity(_db(request), request.path_params["name"])
    if view is None:
        raise HTTPException(404, "entity not found")
    return render(request, "entity.html", {"entity": view})


def routes() -> list[Route]:
    """The page routes (GET and HEAD only)."""
    return [
        Route("/", index, methods=["GET"], name="index"),
        Route("/stories/{id}", story_page, methods=["GET"], name="story"),
        Route("/articles/{id}", article_page, methods=["GET"], name="article"),
        Route("/search", search_page, methods=["GET"], name="search"),
        Route("/entities/{name:path}", entity_page, methods=["GET"], name="entity"),
    ]
