"""Page metadata: JSON-LD, OpenGraph and meta tags, and a dated publication time.

Consumes a parsed lxml tree (read-only); produces :class:`PageMeta` with the
fields publishers declare for machines, and :func:`find_published`, which
dates the page with provenance (``json-ld``, ``meta``, ``url``, ``text`` via
htmldate, ``warc-date`` as the last resort) and refuses dates in the future.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from htmldate import find_date
from lxml.html import HtmlElement  # type: ignore[import-untyped]

from newsweave.extractors.htmlpage.selectors import AGENCIES
from newsweave.model import Published

_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|LiveBlogPosting|WebPage", re.I)
_NEWS_TYPES = re.compile(r"NewsArticle|Article|BlogPosting|Report|LiveBlogPosting", re.I)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|-|_|\.|$)")
_META_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
    "sailthru.date",
)
# Meta tags naming the author, most specific first (``twitter:misc:written by``
# is the Twitter-card label WordPress/Yoast pages carry).
_META_AUTHOR_KEYS = (
    "author",
    "article:author",
    "dc.creator",
    "sailthru.author",
    "parsely-author",
    "twitter:misc:written by",
)
# Labels of the Twitter-card author pair (``twitter:label1`` / ``twitter:data1``).
_WRITTEN_BY = frozenset({"written by", "geschrieben von", "verfasst von", "von", "by", "author", "autor"})
# Dates more than this after the crawl (or now) are refused: publishers' clocks
# and time zones put the odd page up to a day ahead (3 fundus DEV pages).
FUTURE_SLACK = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page declares about itself in JSON-LD, OpenGraph and meta tags."""

    headline: str | None = None
    og_title: str | None = None
    html_title: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    site_name: str | None = None
    date_json_ld: str | None = None
    date_meta: str | None = None
    section: str | None = None
    breadcrumbs: tuple[str, ...] = ()
    language: str | None = None
    article_body: str | None = None
    image_alt: str | None = None
    free: bool | None = None
    url: str | None = None  # the page's own absolute URL: canonical link, og:url or JSON-LD url


def _walk_ld(node: Any) -> list[dict[str, Any]]:
    """Flatten JSON-LD (lists, ``@graph``) into a list of typed objects."""
    if isinstance(node, list):
        return [d for item in node for d in _walk_ld(item)]
    if not isinstance(node, dict):
        return []
    out = [node] if "@type" in node else []
    if "@graph" in node:
        out.extend(_walk_ld(node["@graph"]))
    return out


def json_ld(tree: HtmlElement) -> list[dict[str, Any]]:
    """All JSON-LD objects of the page (broken scripts are skipped)."""
    objs: list[dict[str, Any]] = []
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            objs.extend(_walk_ld(json.loads(raw)))
        except (json.JSONDecodeError, RecursionError):
            continue
    return objs


def _type_of(obj: dict[str, Any]) -> str:
    t = obj.get("@type", "")
    return " ".join(t) if isinstance(t, list) else str(t)


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, str | int | float) and str(value).strip():
        return unescape(str(value))
    return None


def unescape(value: str) -> str:
    """Whitespace-normalised text with HTML entities resolved (JSON-LD and meta values
    are often escaped twice: ``zerst&amp;ouml;ren`` arrives as ``zerst&ouml;ren``)."""
    return " ".join((html.unescape(value) if "&" in value else value).split())


def _names(value: Any) -> tuple[str, ...]:
    """Declared author names: the people, or the organisations when no person is named
    (``"author": {"@type": "Organization", "name": "BBC News"}`` is the publisher's byline)."""
    items = value if isinstance(value, list) else [value]
    people: list[str] = []
    orgs: list[str] = []
    for item in items:
        org = isinstance(item, dict) and "Organization" in _type_of(item)
        parts = isinstance(item, dict) and not item.get("name") and item.get("familyName")
        name = _text(f"{item.get('givenName') or ''} {item['familyName']}" if parts else item)
        if name:
            (orgs if org else people).append(name)
    # an agency credited next to the people ("Jane Doe", {"@type": "Organization", "name": "SDA"})
    agencies = [o for o in orgs if o.casefold() in AGENCIES]
    return tuple(people + agencies if people else orgs)


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    tags: dict[str, str] = {}
    for m in tree.iterfind(".//meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        value = (m.get("content") or "").strip()
        if key and value and key not in tags:
            tags[key] = unescape(value)
    return tags


def _inverted(name: str) -> str:
    """ "Brazil, Rachel" (library-catalogue order in ``dc.creator``) to "Rachel Brazil"."""
    last, comma, first = name.partition(",")
    if comma and len(last.split()) == 1 and 1 <= len(first.split()) <= 2:
        return f"{first.strip()} {last.strip()}"
    return name


def _meta_authors(tree: HtmlElement) -> tuple[str, ...]:
    """Author names from meta tags, every tag of the first key that has any."""
    found: dict[str, list[str]] = {}
    for m in tree.iterfind(".//meta"):
        key = (m.get("property") or m.get("name") or "").strip().lower()
        value = unescape(m.get("content") or "")
        if key in _META_AUTHOR_KEYS and value and "://" not in value and "@" not in value:
            found.setdefault(key, []).append(_inverted(value) if key == "dc.creator" else value)
    first = next((found[k] for k in _META_AUTHOR_KEYS if k in found), [])
    return tuple(dict.fromkeys(first)) or _twitter_written_by(tree)


def _twitter_written_by(tree: HtmlElement) -> tuple[str, ...]:
    """The Twitter-card pair ``twitter:labelN`` = "Written by", ``twitter:dataN`` = names
    (Yoast SEO writes it when the ``author`` meta holds an e-mail address)."""
    tags = {
        (m.get("name") or m.get("property") or "").strip().lower(): m.get("content") or ""
        for m in tree.iterfind(".//meta")
    }
    for key, label in tags.items():
        if key.startswith("twitter:label") and label.strip().casefold() in _WRITTEN_BY:
            value = unescape(tags.get("twitter:data" + key.removeprefix("twitter:label"), ""))
            if value and "@" not in value and "://" not in value:
                return (value,)
    return ()


def _breadcrumbs(objs: list[dict[str, Any]]) -> tuple[str, ...]:
    for obj in objs:
        if "BreadcrumbList" in _type_of(obj):
            items = sorted(
                (i for i in obj.get("itemListElement", []) if isinstance(i, dict)), key=lambda i: i.get("position", 0)
            )
            names = [_text(i.get("name")) or _text(i.get("item")) for i in items]
            return tuple(n for n in names if n and not n.startswith("http"))
    return ()


def _article_obj(objs: list[dict[str, Any]]) -> dict[str, Any]:
    for pattern in (_NEWS_TYPES, _ARTICLE_TYPES):
        for obj in objs:
            if pattern.search(_type_of(obj)) and (obj.get("headline") or obj.get("datePublished")):
                return obj
    return {}


def read_meta(tree: HtmlElement) -> PageMeta:
    """Collect JSON-LD, OpenGraph and meta-tag fields of a page."""
    objs = json_ld(tree)
    art = _article_obj(objs)
    tags = _meta_tags(tree)
    title_el = tree.find(".//title")
    free = art.get("isAccessibleForFree")
    authors = _names(art.get("author")) or _meta_authors(tree)
    return PageMeta(
        headline=_text(art.get("headline")),
        og_title=tags.get("og:title") or tags.get("twitter:title"),
        html_title=" ".join(title_el.text_content().split()) if title_el is not None else None,
        description=_text(art.get("description")) or tags.get("og:description") or tags.get("description"),
        authors=authors,
        publisher=_text(art.get("publisher")),
        site_name=tags.get("og:site_name"),
        date_json_ld=_text(art.get("datePublished")) or _text(art.get("dateCreated")),
        date_meta=next((tags[k] for k in _META_DATE_KEYS if k in tags), None),
        section=_text(art.get("articleSection")) or tags.get("article:section"),
        breadcrumbs=_breadcrumbs(objs),
        language=(tree.get("lang") or tags.get("og:locale") or "").split("-")[0].split("_")[0].lower() or None,
        article_body=_text(art.get("articleBody")),
        image_alt=tags.get("og:image:alt") or tags.get("twitter:image:alt"),
        free=None if free is None else str(free).lower() not in {"false", "0", "no"},
        url=_own_url(tree, tags, art),
    )


def _own_url(tree: HtmlElement, tags: dict[str, str], art: dict[str, Any]) -> str | None:
    """The absolute http(s) URL the page gives for itself, if any."""
    canonical = next((el.get("href") for el in tree.iterfind(".//link[@rel='canonical']")), None)
    for candidate in (canonical, tags.get("og:url"), _text(art.get("url"))):
        if candidate and candidate.strip().startswith(("http://", "https://")):
            return candidate.strip()
    return None


def parse_when(value: str | None) -> datetime | None:
    """An ISO-ish date or datetime string to a datetime (naive = as stated)."""
    if not value:
        return None
    value = value.strip().replace("Z", "+00:00")
    for candidate in (value, value[:19], value[:10]):
        try:
            return datetime.fromisoformat(candidate)
        except ValueError:
            continue
    return None


def _is_future(when: datetime, now: datetime) -> bool:
    aware = when if when.tzinfo else when.replace(tzinfo=UTC)
    return aware > now + FUTURE_SLACK


def _url_date(url: str | None) -> datetime | None:
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def find_published(
    tree: HtmlElement, url: str | None, meta: PageMeta, crawled: datetime | None = None
) -> tuple[Published | None, tuple[str, ...]]:
    """Date the page: declared dates first, then the URL, then htmldate's text search.

    Args:
        tree: the parsed page (htmldate reads it; call before anything mutates the tree).
        url: the page URL, if known.
        meta: the page's declared metadata.
        crawled: crawl time (WARC-Date); the future guard's reference and the last resort.

    Returns:
        The date with its source, and warnings (``future-date`` when a candidate was refused).
    """
    now = crawled if crawled is not None else datetime.now(UTC)
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    warnings: list[str] = []
    candidates: list[tuple[datetime | None, str]] = [
        (parse_when(meta.date_json_ld), "json-ld"),
        (parse_when(meta.date_meta), "meta"),
        (_url_date(url), "url"),
    ]
    for when, source in candidates:
        if when is None:
            continue
        if _is_future(when, now):
            warnings.append("future-date")
            continue
        return Published(when, source), tuple(warnings)  # type: ignore[arg-type]
    found = find_date(tree, url=url, original_date=True, max_date=now.strftime("%Y-%m-%d"))
    when = parse_when(found)
    if when is not None and not _is_future(when, now):
        return Published(when, "text"), tuple(warnings)
    if crawled is not None:
        return Published(crawled, "warc-date"), tuple(warnings)
    return None, tuple(warnings)
