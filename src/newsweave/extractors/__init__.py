"""The extract stage: a RawDoc becomes an Article.

Decodes bytes (``readers.decode``), tells HTML from a plain-text page when the
format is ``auto``, and hands over to ``extractors.text`` or ``extractors.html``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from newsweave.errors import NewsweaveError
from newsweave.model import Article, Published
from newsweave.readers import RawDoc
from newsweave.readers.decode import decode
from newsweave.settings import ExtractSettings

STAGE = "newsweave.extract.v1"
_HTML_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:div|p|article|meta|title)[\s>]", re.I)
# Markup share above which an undeclared document is treated as HTML: text
# dumps mention the odd "<b>" but never reach this many tags per character.
HTML_TAG_DENSITY = 0.002


def sniff_format(text: str) -> str:
    """``html`` or ``text`` for a decoded document."""
    head = text[:4096].lstrip()
    if head.startswith("<") and _HTML_SNIFF.search(head):
        return "html"
    tags = len(re.findall(r"</?[a-zA-Z][a-zA-Z0-9]*[\s>/]", text[:65536]))
    return (
        "html"
        if tags / max(1, min(len(text), 65536)) > HTML_TAG_DENSITY and _HTML_SNIFF.search(text[:65536])
        else "text"
    )


def site_of(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def extract(raw: RawDoc, cfg: ExtractSettings | None = None) -> Article:
    """Extract one page.

    Raises:
        NewsweaveError: a coded rejection (``NW102`` empty, ``NW103`` binary, ``NW201`` no text…).
    """
    cfg = cfg or ExtractSettings()
    if isinstance(raw.data, bytes):
        if len(raw.data) > cfg.max_bytes:
            raise NewsweaveError("NW105", source=raw.source, limit=cfg.max_bytes)
        text, _charset = decode(raw.data, source=raw.source, content_type=raw.content_type)
    else:
        text = raw.data
        if len(text) > cfg.max_bytes:
            raise NewsweaveError("NW105", source=raw.source, limit=cfg.max_bytes)
    if not text.strip():
        raise NewsweaveError("NW102", source=raw.source)
    if "\x00" in text:
        text = text.replace("\x00", "")
    fmt = raw.input_format if raw.input_format != "auto" else cfg.input_format
    if fmt == "auto":
        fmt = sniff_format(text)
    if fmt == "text":
        from newsweave.extractors.text import extract_text

        article = extract_text(text, raw, cfg)
    elif fmt == "html":
        from newsweave.extractors.html import extract_html

        article = extract_html(text, raw, cfg)
    else:
        raise NewsweaveError("NW203", source=raw.source, fmt=fmt)
    return _finish(article, raw, cfg)


def _finish(article: Article, raw: RawDoc, cfg: ExtractSettings) -> Article:
    """Fill what the page itself cannot say: given date, site, language; flag short texts."""
    changes: dict[str, object] = {}
    if raw.date is not None and article.published is None:
        changes["published"] = Published(raw.date, "given")
    if article.site is None and (site := site_of(article.url or raw.url)):
        changes["site"] = site
    if cfg.language and not article.language:
        changes["language"] = cfg.language
    if len(article.text) < cfg.min_text_chars and "short" not in article.warnings:
        changes["warnings"] = (*article.warnings, "short")
    return replace(article, **changes) if changes else article  # type: ignore[arg-type]
