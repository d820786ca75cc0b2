"""Page parts read from the DOM: lead, figures, related cards, bylines, section.

Consumes the parsed lxml tree (read-only) and the page's :class:`PageMeta`;
produces typed parts (:class:`~newsweave.model.Image`,
:class:`~newsweave.model.Related`, names, warnings) and the strings that must
be kept out of the main text (captions, credits, related titles).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.html import HtmlElement  # type: ignore[import-untyped]

from newsweave.extractors.htmlpage import selectors as sel
from newsweave.extractors.htmlpage.metadata import PageMeta
from newsweave.model import Image, Related

# Leads shorter than this are kickers or labels, longer ones are body text;
# tuned on the fundus DEV leads (5th/95th percentile ~60/600 characters).
LEAD_MIN_CHARS = 40
LEAD_MAX_CHARS = 1200
# Related-card titles: headline-sized link texts.
RELATED_MIN_CHARS, RELATED_MAX_CHARS = 15, 200
_WS = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """Whitespace-normalised text."""
    return _WS.sub(" ", text or "").strip()


_VISIBLE_TEXT = ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
_NOT_LEAD_ANCESTORS = frozenset({"figure", "figcaption", "nav", "footer", "aside", "a", "form", "head", "script"})


def text_of(el: HtmlElement) -> str:
    """Visible text of an element (scripts and styles skipped)."""
    if el is None:
        return ""
    return clean(" ".join(t for t in el.xpath(_VISIBLE_TEXT) if t.strip()))


def _credit_split(caption: str) -> tuple[str, str | None]:
    """Split "Caption text. Foto: Jane Doe/dpa" into caption and credit."""
    for pattern in (sel.CREDIT_PREFIX, sel.CREDIT_SUFFIX):
        m = pattern.search(caption)
        if m and m.start() > 0:
            return clean(caption[: m.start()].rstrip(" |/(-–")), clean(m.group("credit")).strip(" ()")
        if m:
            return "", clean(m.group("credit")).strip(" ()")
    return caption, None


def _figure_image(fig: HtmlElement) -> Image | None:
    img = next(fig.iter("img"), None)
    url = (img.get("src") or img.get("data-src")) if img is not None else None
    cap_el = next(fig.iter("figcaption"), None)
    if cap_el is None:
        cap_el = next(iter(fig.xpath(sel.CAPTION_XPATH.replace("//", ".//"))), None)
    credit_el = next(iter(fig.xpath(sel.CREDIT_XPATH)), None)
    credit = text_of(credit_el) if credit_el is not None else None
    caption = text_of(cap_el) if cap_el is not None else ""
    if credit and caption.endswith(credit):
        caption = clean(caption[: -len(credit)])
    elif credit and caption.startswith(credit):
        caption = clean(caption[len(credit) :])
    if not credit and caption:
        caption, credit = _credit_split(caption)
    if not caption and img is not None:
        caption = clean(img.get("alt"))
    if not caption and not credit:
        return None
    return Image(caption=caption or None, credit=credit or None, url=url)


def find_images(tree: HtmlElement) -> tuple[Image, ...]:
    """Figures with caption and credit, plus captions outside ``<figure>``."""
    images: list[Image] = []
    seen: set[str] = set()
    for fig in tree.xpath(sel.FIGURE_XPATH):
        image = _figure_image(fig)
        key = (image.caption or "") + "|" + (image.credit or "") if image else ""
        if image and key not in seen:
            seen.add(key)
            images.append(image)
    for cap_el in tree.xpath(sel.CAPTION_XPATH):
        if any(a.tag == "figure" for a in cap_el.iterancestors()):
            continue
        caption, credit = _credit_split(text_of(cap_el))
        key = caption + "|" + (credit or "")
        if (caption or credit) and key not in seen and len(caption) < 600:
            seen.add(key)
            images.append(Image(caption=caption or None, credit=credit))
    return tuple(images)


def find_related(tree: HtmlElement) -> tuple[Related, ...]:
    """Related-article cards: headline-sized links inside related boxes."""
    out: list[Related] = []
    seen: set[str] = set()
    for box in tree.xpath(sel.RELATED_XPATH):
        for a in box.iter("a"):
            title = text_of(a)
            if RELATED_MIN_CHARS <= len(title) <= RELATED_MAX_CHARS and title not in seen:
                seen.add(title)
                out.append(Related(title=title, url=a.get("href")))
    return tuple(out)


def shown_in_page(tree: HtmlElement, text: str | None) -> str | None:
    """The visible block whose text starts like ``text`` (e.g. the meta description), if any."""
    stem = clean(text).rstrip(".… ")[:60]
    if len(stem) < LEAD_MIN_CHARS:
        return None
    body = tree.find(".//body")
    for node in body.xpath(_VISIBLE_TEXT) if body is not None else ():
        if stem[:30] in clean(node):
            el = node.getparent()
            if any(a.tag in _NOT_LEAD_ANCESTORS for a in el.iterancestors()) or el.tag in _NOT_LEAD_ANCESTORS:
                continue
            block = text_of(el)
            while len(block) < len(stem) and el.getparent() is not None:
                el = el.getparent()
                block = text_of(el)
            if block.startswith(stem[:30]) and len(block) <= LEAD_MAX_CHARS:
                return block
    return None


def find_lead(tree: HtmlElement, meta: PageMeta) -> str | None:
    """The standfirst: the description where the page shows it, else a classed lead block."""
    if shown := shown_in_page(tree, meta.description):
        return shown
    for el in tree.xpath(sel.LEAD_XPATH):
        if any(a.tag in _NOT_LEAD_ANCESTORS for a in el.iterancestors()):
            continue
        text = text_of(el)
        if LEAD_MIN_CHARS <= len(text) <= LEAD_MAX_CHARS:
            return text
    return None


def shown_description(meta: PageMeta, body_lines: Iterable[str]) -> str | None:
    """The meta description when it is also a visible paragraph (then it is the lead)."""
    desc = clean(meta.description)
    if len(desc) < LEAD_MIN_CHARS:
        return None
    stem = desc.rstrip(".… ")[:80]
    return next((line for line in body_lines if line.startswith(stem)), None)


def clean_byline(raw: str) -> list[str]:
    """Names from a byline: prefixes ("Von", "By"), "Email The Author" and the like removed."""
    text = sel.BYLINE_NOISE.sub("", clean(raw)).strip(" ,;:|-–")
    names = []
    for part in sel.BYLINE_SPLIT.split(text):
        name = sel.BYLINE_NOISE.sub("", part).strip(" ,;:|-–()")
        if name and not any(ch.isdigit() for ch in name) and "@" not in name and len(name.split()) <= 5:
            names.append(name)
    return names


def split_people_agencies(names: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Separate agency names (``dpa``, ``AFP``, ``Reuters``…) from people."""
    people: list[str] = []
    agencies: list[str] = []
    for name in names:
        key = name.casefold().strip(" .()")
        bucket, value = (agencies, sel.AGENCIES[key]) if key in sel.AGENCIES else (people, name)
        if value not in bucket:
            bucket.append(value)
    return tuple(people), tuple(agencies)


def find_authors(tree: HtmlElement, meta: PageMeta) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """People and agencies: declared authors first, the DOM byline otherwise."""
    raw: list[str] = []
    for declared in meta.authors:
        raw.extend(clean_byline(declared))
    if not raw:
        for el in tree.xpath(sel.BYLINE_XPATH)[:3]:
            raw.extend(clean_byline(text_of(el)))
    return split_people_agencies(raw)


def find_section(tree: HtmlElement, meta: PageMeta) -> str | None:
    """Section: declared ``articleSection``, else the last breadcrumb before the article."""
    if meta.section:
        return meta.section
    crumbs = list(meta.breadcrumbs) or [text_of(a) for a in tree.xpath(sel.BREADCRUMB_XPATH)]
    crumbs = [c for c in crumbs if c and len(c) < 60]
    if len(crumbs) >= 2:
        return crumbs[-2] if len(crumbs[-1]) > 40 else crumbs[-1]
    return crumbs[0] if crumbs else None


def paywall_warnings(tree: HtmlElement, meta: PageMeta, text: str) -> tuple[str, ...]:
    """``paywall`` when the page says so; ``truncated`` when the text then ends mid-sentence."""
    tail = text[-400:].casefold()
    paywalled = meta.free is False or bool(tree.xpath(sel.PAYWALL_XPATH)) or any(c in tail for c in sel.PAYWALL_CUES)
    if not paywalled:
        return ()
    ends_open = not re.search(r"[.!?…\"“”»«)]\s*$", text)
    return ("paywall", "truncated") if ends_open or meta.free is False else ("paywall",)
