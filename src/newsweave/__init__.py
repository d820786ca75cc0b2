"""newsweave: news pages (plain text, HTML, WARC, JSONL) to structured articles.

Python API::

    import newsweave
    article = newsweave.extract(open("page.txt").read(), date="2019-04-23")
    print(article.title, article.agencies)
"""

from __future__ import annotations

from datetime import datetime

from newsweave.errors import NewsweaveError, Rejected
from newsweave.model import Article
from newsweave.readers import RawDoc

__version__ = "0.1.0"


def _parse_date(date: str | datetime | None) -> datetime | None:
    if date is None or isinstance(date, datetime):
        return date
    try:
        return datetime.fromisoformat(date)
    except ValueError:
        raise NewsweaveError("NW901", what=f"not an ISO date: {date!r}") from None


def extract(
    data: str | bytes,
    *,
    input_format: str = "auto",
    url: str | None = None,
    date: str | datetime | None = None,
    source: str = "<data>",
) -> Article:
    """Extract one page (plain text or HTML) into an Article.

    Args:
        data: the page, as text or as bytes in any common charset.
        input_format: ``auto``, ``text`` or ``html``.
        url: the page's URL, if known.
        date: the publication date, if known from outside the page.
        source: where the page came from, kept in ``Article.source``.

    Raises:
        NewsweaveError: the page was rejected; ``code`` says why.
    """
    from newsweave.extractors import extract as extract_raw
    from newsweave.settings import ExtractSettings

    if input_format not in {"auto", "text", "html"}:
        raise NewsweaveError("NW203", source=source, fmt=input_format)
    raw = RawDoc(source=source, data=data, input_format=input_format, url=url, date=_parse_date(date))  # type: ignore[arg-type]
    return extract_raw(raw, ExtractSettings())


__all__ = ["Article", "NewsweaveError", "Rejected", "__version__", "extract"]
