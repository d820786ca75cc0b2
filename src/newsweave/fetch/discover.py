"""Feeds, sitemaps and homepages to entry URLs, with URL canonicalisation.

Consumes a fetched source body; produces a :class:`Listing`: the article URLs it lists
(canonical, so an article seen under tracking parameters is fetched once) and further
listings to read (sitemap index children, feeds a homepage links to). Parsing uses
trafilatura's feed and sitemap code on the bytes we downloaded (its own fetching is never
called); canonical URLs come from courlan.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urldefrag, urljoin, urlsplit

import courlan
from trafilatura import feeds, sitemaps

from newsweave.errors import NewsweaveError

Kind = Literal["feed", "sitemap", "page"]

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([\w.:-]+)[\"']", re.I)
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)
# Root elements within the first KiB tell feeds from sitemaps from HTML.
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)
_SITEMAP_ROOT = re.compile(rb"<(?:urlset|sitemapindex)[\s>]", re.I)
_JSON_FEED = re.compile(rb'^\s*\{[^{]*"version"\s*:\s*"https://jsonfeed\.org', re.I)


@dataclass(frozen=True, slots=True)
class Listing:
    """What one source body lists: article ``entries`` and further ``listings`` to read."""

    kind: Kind
    entries: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()


def canonical(url: str, base: str | None = None) -> str | None:
    """The canonical form of ``url`` (resolved against ``base``), or None for non-HTTP links.

    courlan's strict normalisation drops tracking parameters (``utm_*``, ``fbclid``, …),
    lower-cases scheme and host and sorts the query; the fragment is dropped.
    """
    url = urljoin(base, url.strip()) if base else url.strip()
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    try:
        return urldefrag(courlan.normalize_url(url, strict=True))[0]
    except (ValueError, AttributeError):
        return None


def sniff(body: bytes, content_type: str | None = None) -> Kind:
    """Whether a body is a feed, a sitemap or an HTML page (by its root element, then its type)."""
    head = body[:2048]
    if _SITEMAP_ROOT.search(head):
        return "sitemap"
    if _FEED_ROOT.search(head) or _JSON_FEED.match(head):
        return "feed"
    ctype = (content_type or "").lower()
    if any(t in ctype for t in ("rss", "atom", "feed+json")):
        return "feed"
    return "page"


def decode_text(body: bytes, url: str, content_type: str | None = None) -> str:
    """XML/HTML bytes to text in their declared charset (XML declaration, then HTTP header, then UTF-8).

    Raises:
        NewsweaveError: NW507 when the bytes are invalid in that charset.
    """
    match = _XML_DECL.match(body) or None
    declared = match.group(1).decode("ascii") if match else None
    if declared is None and content_type and (m := _CHARSET.search(content_type)):
        declared = m.group(1)
    encoding = declared or "utf-8"
    try:
        codecs.lookup(encoding)
        return body.decode(encoding).lstrip("\ufeff")
    except LookupError:
        raise NewsweaveError("NW507", url=url, why=f"unknown charset {encoding!r}") from None
    except UnicodeDecodeError as exc:
        raise NewsweaveError("NW507", url=url, why=f"not valid {encoding} at byte {exc.start}") from None


def _params(url: str) -> feeds.FeedParameters:
    parts = urlsplit(url)
    return feeds.FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.netloc, url)


def _unique(urls: list[str], base: str) -> tuple[str, ...]:
    """Canonical, de-duplicated links, without the listing itself and without homepages
    (an RSS channel's ``<link>`` is the site's front page, not an entry)."""
    out = (canonical(u, base) for u in urls)
    return tuple(dict.fromkeys(u for u in out if u and u != base and urlsplit(u).path not in ("", "/")))


def parse_feed(text: str, url: str) -> Listing:
    """Entry links of an RSS, Atom or JSON feed (trafilatura's ``find_links``)."""
    return Listing("feed", _unique(feeds.find_links(text.strip(), _params(url)), url))


class _Sitemap(sitemaps.SitemapObject):
    """trafilatura's sitemap parser on content we fetched, collecting links unfiltered."""

    def handle_link(self, link: str) -> None:
        if sitemaps.DETECT_SITEMAP_LINK.search(link):
            self.sitemap_urls.append(link)
        else:
            self.urls.append(link)


def parse_sitemap(text: str, url: str) -> Listing:
    """Page URLs and child sitemaps of an XML (or plain-text) sitemap, on ``url``'s host only."""
    parts = urlsplit(url)
    parser = _Sitemap(f"{parts.scheme}://{parts.netloc}", parts.netloc, [])
    parser.current_url, parser.content = url, text
    parser.process()
    host = parts.netloc.lower()
    same = [u for u in parser.urls if urlsplit(urljoin(url, u)).netloc.lower() == host]
    children = [u for u in parser.sitemap_urls if urlsplit(urljoin(url, u)).netloc.lower() == host]
    return Listing("sitemap", _unique(same, url), _unique(children, url))


def parse_page(text: str, url: str) -> Listing:
    """Feeds a homepage links to (``<link rel=alternate>``, then feed-like ``<a>``; trafilatura)."""
    return Listing("page", (), _unique(feeds.determine_feed(text, _params(url)), url))


def read_listing(body: bytes, url: str, content_type: str | None = None, sitemaps: list[str] | None = None) -> Listing:
    """Parse a fetched source body into a :class:`Listing`, whatever its kind.

    A page lists the feeds it links to, then ``sitemaps`` (its host's robots.txt ``Sitemap:`` lines).

    Raises:
        NewsweaveError: NW507 wrongly encoded, NW508 an HTML page without feeds or sitemaps.
    """
    kind = sniff(body, content_type)
    text = decode_text(body, url, content_type) if kind != "page" else body.decode("utf-8", "replace")
    if kind == "sitemap":
        return parse_sitemap(text, url)
    if kind == "feed":
        return parse_feed(text, url)
    listing = parse_page(text, url)
    found = (*listing.listings, *_unique(sitemaps or [], url))
    if not found:
        raise NewsweaveError("NW508", url=url, why="no feed link on the page and no Sitemap in robots.txt")
    return Listing("page", (), tuple(dict.fromkeys(found)))
