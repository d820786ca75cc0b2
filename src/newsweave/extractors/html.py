"""HTML pages to Articles: trafilatura finds the main text, newsweave the parts.

Consumes decoded HTML and its :class:`~newsweave.readers.RawDoc`; produces an
:class:`~newsweave.model.Article` with title, lead, body blocks (sub-headlines
as ``heading``), authors and agencies, images with caption and credit,
related cards, section, a dated ``published`` with provenance, language and
warnings (``paywall``, ``truncated``, ``future-date``).

The page is parsed once. The read-only passes (``htmlpage.metadata``,
``htmlpage.parts``, htmldate) run first, because trafilatura prunes the tree it
is given; trafilatura then extracts the body with captions and credits pruned,
and its blocks are cleaned of what belongs to other fields.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from lxml import etree  # type: ignore[import-untyped]
from rapidfuzz import fuzz
from trafilatura.utils import load_html

from newsweave.errors import NewsweaveError
from newsweave.extractors.htmlpage import gaps, parts
from newsweave.extractors.htmlpage import selectors as sel
from newsweave.extractors.htmlpage.index import index_page
from newsweave.extractors.htmlpage.metadata import PageMeta, find_published, read_meta
from newsweave.extractors.textpage.lexicon import Lexicon, load_lexicon
from newsweave.extractors.textpage.rules import (
    agency_line,
    credit_text,
    furniture_cue,
    opens_related,
    text_agencies,
)
from newsweave.model import Article, Block, BlockKind, Image, join_text, with_id
from newsweave.readers import RawDoc
from newsweave.settings import ExtractSettings

# Paragraphs that are wholly bold and at most this long read as sub-headlines
# (Börsen-Zeitung/Lesotho Times style <p><strong>); fundus DEV subheads are < 100.
BOLD_HEADING_MAX_CHARS = 120
# Title suffixes naming the site are short ("Golem.de", "Ilanga News"); longer
# tails after a dash are part of the headline (fundus DEV titles).
SITE_TAIL_MAX_CHARS = 40
# A bold name line is a byline only among the first blocks, before any paragraph longer
# than a standfirst line (fundus DEV: after at most two short italic teaser lines).
BYLINE_BLOCKS, BYLINE_BEFORE_CHARS = 3, 200
_NON_WORD = re.compile(r"\W+")
# The body repeats the lead among its first blocks, spaced or annotated differently
# (ruby readings, inline tags): a block this similar (rapidfuzz ratio of the compacted
# texts) to the lead is the lead. 90 keeps distinct first paragraphs (DEV: < 60).
LEAD_ECHO_BLOCKS, LEAD_ECHO_RATIO = 5, 90
# A block inside the lead is one of its sentences when at least this long (compacted);
# shorter ones ("Berlin") may be a dateline the body repeats.
LEAD_PART_MIN_CHARS = 30
# Pattern tables of the text-page lexicon trusted on HTML body blocks. Its share,
# advertising, cookie and comment patterns also match prose on DEV pages ("das gefällt
# mir", "makes provision", "cookies were banned"); whole-line cues are trusted always.
_NOTICE_CUES = frozenset({"paywall", "newsletter", "browser"})
# Teaser titles dropped after a related opener ("Schon gelesen?"): at most this many
# (DEV snippet pages: one to three).
TEASERS_AFTER_OPENER = 3
# Share and advertising patterns are trusted on button-sized blocks ("Print Article").
_SHORT_CUES, SHORT_CUE_MAX_CHARS = frozenset({"share", "advertising"}), 40
# Sub-headlines head text: this many headline-like headings in a row, with no text between
# them, are a list of teaser titles wherever they stand (DEV: related-link runs of 4-8, most
# closing the body; numbered items and lead-ins inside the body end like sentences or with ":").
HEADING_RUN = 3
# Teaser titles in such a run have at least this many words; shorter headings in a row are
# table and timetable labels ("LF 12", "3. Klasse") on DEV snippet pages.
TEASER_TITLE_WORDS = 4
_INERT_TAGS = ("style",)
# Scripts that carry data the page's readers use: JSON-LD (metadata, trafilatura's rescue,
# htmldate) and htmldate's settings JSON.
_DATA_SCRIPTS = frozenset({"application/ld+json", "application/settings+json"})
_TAG_KIND: dict[str, BlockKind] = {
    "head": "heading",
    "p": "paragraph",
    "quote": "quote",
    "item": "list_item",
    "row": "paragraph",
}


def _parse(html: str, raw: RawDoc) -> Any:
    try:
        tree = load_html(html)
    except (etree.LxmlError, ValueError, RecursionError) as exc:
        raise NewsweaveError("NW202", source=raw.source, why=type(exc).__name__) from None
    if tree is None:
        raise NewsweaveError("NW202", source=raw.source, why="no document element")
    return tree


def _crawl_time(raw: RawDoc) -> datetime | None:
    value = raw.provenance.get("warc_date")
    return datetime.fromisoformat(value) if value else None


def _is_bold_heading(el: Any) -> bool:
    text = parts.clean("".join(el.itertext()))
    if not text or len(text) > BOLD_HEADING_MAX_CHARS or text[-1] in ".,;:":
        return False
    his = [c for c in el if c.tag == "hi" and (c.get("rend") or "").startswith("#b")]
    bold = parts.clean(" ".join(parts.clean("".join(h.itertext())) for h in his))
    return bold == text


def _blocks(body: Any, headings: frozenset[str] = frozenset()) -> list[Block]:
    """trafilatura's XML body to typed blocks (lists flattened to items, table rows to
    paragraphs of their cells).

    A paragraph whose text was a sub-headline on the page (``headings``, casefolded)
    is a heading again: trafilatura's fallback extractors flatten them to ``<p>``.
    """
    blocks: list[Block] = []
    for el in body.iter("head", "p", "quote", "item", "row"):
        if el.tag != "row" and any(a.tag == "table" for a in el.iterancestors()):
            continue
        if el.tag == "p" and any(a.tag in {"quote", "item"} for a in el.iterancestors()):
            continue
        if el.tag == "row":
            text = parts.clean(" ".join(parts.clean("".join(c.itertext())) for c in el))
        else:
            text = parts.clean("".join(el.itertext()))
        if not text:
            continue
        kind = _TAG_KIND[el.tag]
        if kind == "paragraph" and (text.casefold() in headings or _is_bold_heading(el)):
            kind = "heading"
        blocks.append(Block(kind, text))
    return blocks


def _strip_inert(tree: Any) -> None:
    """Remove what no reader of the page uses (styles, scripts but the JSON data scripts of
    ``_DATA_SCRIPTS``) right after parsing: htmldate and trafilatura copy the tree (trafilatura
    four to five times), and scripts are often most of a page's bytes. (Removing ``svg``,
    ``template``, ``noscript`` or ``iframe`` too changed the body of DEV pages: trafilatura's
    fallbacks read them.)"""
    etree.strip_elements(tree, *_INERT_TAGS, with_tail=False)
    for script in list(tree.iter("script")):
        if script.get("type") not in _DATA_SCRIPTS:
            script.drop_tree()


def _extract_body(tree: Any, raw: RawDoc, headings: frozenset[str]) -> list[Block]:
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=raw.url,
            with_metadata=False,
            include_comments=False,
            include_formatting=True,
            include_tables=True,
            output_format="xml",  # the body tree is all we read: no text serialisation
        )
    except (etree.LxmlError, ValueError, RecursionError, AttributeError, TypeError) as exc:
        raise NewsweaveError("NW202", source=raw.source, why=type(exc).__name__) from None
    body = getattr(doc, "body", None)
    return [] if body is None else _blocks(body, headings)


def _drop_leaks(blocks: list[Block], images: tuple[Image, ...], title: str | None) -> list[Block]:
    """Remove captions, credits, the headline and furniture headings from the body."""
    leaks = {parts.clean(s).casefold() for i in images for s in (i.caption, i.credit) if s and len(s) >= 10}
    out = []
    for b in blocks:
        key = b.text.casefold()
        if key in leaks or (title and key == title.casefold()) or key.rstrip(":.! ") in sel.FURNITURE_HEADINGS:
            continue
        out.append(b)
    return out


def _drop_furniture(blocks: list[Block]) -> list[Block]:
    """Remove notices that slip through trafilatura: whole furniture lines of the text-page
    cue lexicon, its newsletter/paywall/browser notice patterns, and reprint, app and
    subscription calls (``selectors.BODY_FURNITURE``)."""
    lex = load_lexicon()
    out = []
    teasers = 0  # headline-like lines still to drop after a related opener
    for b in blocks:
        short = b.kind != "quote" and len(b.text) <= sel.FURNITURE_BLOCK_MAX_CHARS
        if short and (sel.RELATED_OPENER.match(b.text) or opens_related(b.text, lex)):
            teasers = TEASERS_AFTER_OPENER
            continue
        if teasers and b.kind != "heading" and len(b.text) <= sel.TEASER_MAX_CHARS and b.text[-1] not in ".!?…":
            teasers -= 1
            continue
        teasers = 0
        if short and _is_furniture(b.text, lex):
            continue
        out.append(b)
    return out


def _drop_heading_runs(blocks: list[Block]) -> list[Block]:
    """Drop runs of ``HEADING_RUN`` or more headings with no text between them: a list of
    teaser titles (related links set as ``<h3>``), not sub-headlines, which head text.
    Only headline-like headings (``_teaser_title``) make a run."""
    out: list[Block] = []
    run: list[Block] = []
    for b in [*blocks, Block("paragraph", "")]:  # a sentinel closes the last run
        if b.kind == "heading" and _teaser_title(b.text):
            run.append(b)
            continue
        out.extend(run if len(run) < HEADING_RUN else ())
        run = []
        if b.text:
            out.append(b)
    return out


def _teaser_title(text: str) -> bool:
    """Headline-like: at least ``TEASER_TITLE_WORDS`` words in running text, not ending like
    a sentence (a bold numbered item, a question) or a lead-in (":")."""
    return len(text.split()) >= TEASER_TITLE_WORDS and text[-1] not in ".!?:" and any(c.islower() for c in text)


def _is_furniture(text: str, lex: Lexicon) -> bool:
    cue = furniture_cue(text, lex)
    if cue is not None and (cue.cue in _NOTICE_CUES or text.strip(" •*·-–|:»›>").casefold() in lex.lines):
        return True
    if cue is not None and cue.cue in _SHORT_CUES and len(text) <= SHORT_CUE_MAX_CHARS:
        return True
    return sel.BODY_FURNITURE.search(text) is not None


def _title(meta: PageMeta, tree: Any, url: str | None) -> str | None:
    """The declared headline (site suffix removed), else og/HTML title cut to the visible h1."""
    sites = _site_names(meta, url)
    if meta.headline:
        return _strip_site(meta.headline, sites, loose=False)
    h1 = next(iter(tree.iter("h1")), None)
    h1_text = parts.text_of(h1) if h1 is not None else ""
    for candidate in (meta.og_title, meta.html_title):
        if candidate and h1_text and candidate.startswith(h1_text):
            return h1_text
    return _strip_site(meta.og_title or meta.html_title or h1_text or None, sites, loose=True)


def _site_names(meta: PageMeta, url: str | None) -> tuple[str, ...]:
    """Lower-case names a title suffix may give the site by: og:site_name, publisher, host."""
    host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
    names = (meta.site_name, meta.publisher, host, host.rsplit(".", 1)[0])
    return tuple(n.casefold() for n in names if n and len(n) >= 3)


def _strip_site(title: str | None, sites: tuple[str, ...], *, loose: bool) -> str | None:
    """Cut a trailing " | Site" / " - Site". Declared headlines (``loose=False``) lose only a
    tail naming the site or a short " | " section tag; page titles any short tail."""
    if not title:
        return None
    for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
        head, _, tail = title.rpartition(sep)
        if not head or len(tail) >= SITE_TAIL_MAX_CHARS:
            continue
        low = tail.casefold()
        names_site = any(s in low or low in s for s in sites)
        short = len(tail.split()) <= 3 and (loose or sep == " | ")
        if names_site or short:
            return head.strip()
    return title


def extract_html(html: str, raw: RawDoc, cfg: ExtractSettings) -> Article:
    """Extract an Article from an HTML page.

    Raises:
        NewsweaveError: ``NW202`` unparseable markup, ``NW201`` no main text.
    """
    tree = _parse(html, raw)
    _strip_inert(tree)
    meta = read_meta(tree)
    url = raw.url or meta.url
    published, date_warnings = find_published(tree, url, meta, _crawl_time(raw))
    title = _title(meta, tree, url)
    index = index_page(tree)  # before anything is pruned
    images = parts.find_images(index, tree, meta)
    related = parts.find_related(index)
    sites = _site_names(meta, url)
    people, agencies = parts.find_authors(index, meta, sites)
    section = parts.find_section(index, meta)
    lead_el = parts.find_lead(tree, meta, index, title)
    # captions and credits are fields; the next story under this one and pop-ups are no body
    appended = parts.other_articles(tree, title)
    for el in (*index.get("prune"), *parts.figure_boxes(index), *appended, *parts.popups(index)):
        if el.getparent() is not None:
            el.drop_tree()
    blocks = gaps.restore(tree, _extract_body(tree, raw, parts.subheads(index)))
    blocks = _drop_leaks(blocks, images, title)
    blocks = _drop_heading_runs(_drop_furniture(blocks))
    lead, blocks = _lead_from(lead_el, meta, blocks, parts.bold_intros(index))
    if all(parts.is_site(p, sites) for p in people):  # no person named
        people, blocks = _body_byline(blocks, people)
    blocks, marked = _agency_marks(blocks, named=bool(people))
    agencies = tuple(dict.fromkeys((*agencies, *marked)))
    if not blocks and not lead:
        raise NewsweaveError("NW201", source=raw.source)
    body = tuple(blocks)
    text = join_text(lead, body)
    article = Article(
        id="",
        source=raw.source,
        text=text,
        title=title,
        lead=lead,
        body=body,
        url=url,
        site=meta.site_name,
        language=meta.language,
        authors=people,
        agencies=agencies,
        images=_bare_credits(images),
        related=related,
        section=section,
        published=published,
        warnings=(*date_warnings, *parts.paywall_warnings(index, meta, text)),
        input_format="html",
        extra={"provenance": dict(raw.provenance)} if raw.provenance else {},
    )
    return with_id(article)


def _agency_marks(blocks: list[Block], *, named: bool) -> tuple[list[Block], tuple[str, ...]]:
    """Agency lines ("(dpa)", "(APA/AFP)", "Reuters") leave the text and name the agencies;
    a dateline ("WASHINGTON (AP) –") or a closing "(dpa)" inside a paragraph names them
    only when no person is ``named`` (next to a staff byline it credits wire material the
    writer used; fundus DEV gold lists the writer alone on such a page)."""
    lex = load_lexicon()
    kept: list[Block] = []
    found: list[str] = []
    for b in blocks:
        if b.kind != "quote" and (line := agency_line(b.text, lex)):
            found.extend(line)
            continue
        if not named:
            found.extend(text_agencies(b.text, lex))
        kept.append(b)
    return kept, tuple(dict.fromkeys(found))


def _bare_credits(images: tuple[Image, ...]) -> tuple[Image, ...]:
    """Credits without their "Foto:" / "Photo:" / "©" prefix, as the text-page extractor gives them."""
    lex = load_lexicon()
    return tuple(replace(i, credit=credit_text(i.credit, lex) or i.credit) if i.credit else i for i in images)


def _body_byline(blocks: list[Block], people: tuple[str, ...]) -> tuple[tuple[str, ...], list[Block]]:
    """A bold line of names among the first body blocks (before any long paragraph) is the
    byline of a page that declares no person: the names become authors, the line leaves
    the body."""
    for i, b in enumerate(blocks[:BYLINE_BLOCKS]):
        if b.kind == "paragraph" and len(b.text) > BYLINE_BEFORE_CHARS:
            break
        if b.kind == "heading" and (names := parts.name_line(b.text)):
            return tuple(names), blocks[:i] + blocks[i + 1 :]
    return people, blocks


def _lead_from(
    lead: str | None, meta: PageMeta, blocks: list[Block], bold_intros: frozenset[str] = frozenset()
) -> tuple[str | None, list[Block]]:
    """The lead (found on the page, a shown description, or a bold first paragraph) and the
    body blocks without the lead's echo."""
    lead = lead or parts.shown_description(meta, (b.text for b in blocks[:3]))
    if not lead and blocks and blocks[0].kind == "paragraph" and blocks[0].text.casefold() in bold_intros:
        return blocks[0].text, blocks[1:]
    if not lead:
        return None, blocks
    key = _compact(lead)
    head = [b for b in blocks[:LEAD_ECHO_BLOCKS] if not _echoes(_compact(b.text), key)]
    return lead, head + [b for b in blocks[LEAD_ECHO_BLOCKS:] if _compact(b.text) != key]


def _echoes(block: str, lead: str) -> bool:
    """A body block that repeats the lead, or one sentence of a lead set over several blocks."""
    return fuzz.ratio(block, lead) >= LEAD_ECHO_RATIO or (len(block) >= LEAD_PART_MIN_CHARS and block in lead)


def _compact(text: str) -> str:
    """Text without spaces and punctuation, casefolded: the DOM and trafilatura space
    ruby text, inline tags and quotes differently."""
    return _NON_WORD.sub("", text).casefold()
