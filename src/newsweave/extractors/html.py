"""HTML pages to Articles: trafilatura finds the main text.

This first version maps trafilatura's output onto the Article model; the HTML
issue adds leads, captions, related cards and dated provenance.
"""

from __future__ import annotations

from datetime import datetime

import trafilatura

from newsweave.errors import NewsweaveError
from newsweave.model import Article, Block, Published, join_text, with_id
from newsweave.readers import RawDoc
from newsweave.settings import ExtractSettings


def extract_html(html: str, raw: RawDoc, cfg: ExtractSettings) -> Article:
    """Extract an Article from an HTML page."""
    try:
        doc = trafilatura.bare_extraction(html, url=raw.url, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise NewsweaveError("NW202", source=raw.source, why=type(exc).__name__) from None
    if doc is None or not (doc.text or "").strip():
        raise NewsweaveError("NW201", source=raw.source)
    body = tuple(Block("paragraph", p.strip()) for p in (doc.text or "").split("\n") if p.strip())
    published = None
    if doc.date:
        try:
            published = Published(datetime.fromisoformat(doc.date), "meta")
        except ValueError:
            published = None
    article = Article(
        id="",
        source=raw.source,
        text=join_text(None, body),
        title=doc.title,
        body=body,
        url=raw.url or doc.url,
        site=doc.sitename,
        language=doc.language,
        authors=tuple(a.strip() for a in (doc.author or "").split(";") if a.strip()),
        published=published,
        input_format="html",
    )
    return with_id(article)
