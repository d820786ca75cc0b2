"""Query-string parsing shared by the pages and the API.

Consumes a Starlette :class:`~starlette.requests.Request`; produces typed values
or raises ``HTTPException(400)`` with a message saying which parameter is wrong,
which the app turns into the one error shape (JSON) or the error page (HTML).
"""

from __future__ import annotations

from datetime import date

from starlette.exceptions import HTTPException
from starlette.requests import Request

from newsweave.web.queries import MAX_QUERY_CHARS, SearchQuery

# Page sizes: a page of 20 reads well; 100 bounds the work one request can ask for.
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Offsets beyond this are refused: deep OFFSET scans cost O(offset) and nobody pages that far.
MAX_OFFSET = 100_000


def int_param(request: Request, name: str, default: int, lo: int, hi: int) -> int:
    """An integer query parameter within [lo, hi], or a 400."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise HTTPException(400, f"{name} must be an integer") from None
    if not lo <= value <= hi:
        raise HTTPException(400, f"{name} must be between {lo} and {hi}")
    return value


def str_param(request: Request, name: str, max_chars: int = 200) -> str | None:
    """A stripped string parameter (None when empty), or a 400 when too long."""
    raw = (request.query_params.get(name) or "").strip()
    if len(raw) > max_chars:
        raise HTTPException(400, f"{name} is longer than {max_chars} characters")
    return raw or None


def date_param(request: Request, name: str) -> date | None:
    """A ``YYYY-MM-DD`` parameter, or a 400."""
    raw = str_param(request, name, 10)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise HTTPException(400, f"{name} must be a date YYYY-MM-DD") from None


def paging(request: Request) -> tuple[int, int]:
    """``limit`` and ``offset`` from the query string."""
    return (
        int_param(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        int_param(request, "offset", 0, 0, MAX_OFFSET),
    )


def search_query(request: Request) -> SearchQuery:
    """A :class:`SearchQuery` from ``q``, ``from``, ``to``, ``language``, ``site``, ``entity``, paging."""
    limit, offset = paging(request)
    date_from, date_to = date_param(request, "from"), date_param(request, "to")
    if date_from and date_to and date_from > date_to:
        raise HTTPException(400, "from must not be after to")
    return SearchQuery(
        q=str_param(request, "q", MAX_QUERY_CHARS) or "",
        date_from=date_from,
        date_to=date_to,
        language=str_param(request, "language", 16),
        site=str_param(request, "site"),
        entity=str_param(request, "entity"),
        limit=limit,
        offset=offset,
    )
