"""Page parts read from the DOM: lead, figures, related cards, bylines, section.

Consumes the parsed lxml tree (read-only) and the page's :class:`PageMeta`;
produces typed parts (:class:`~newsweave.model.Image`,
:class:`~newsweave.model.Related`, names, warnings) and the strings that must
be kept out of the main text (captions, credits, related titles).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree  # type: ignore[import-untyped]
from lxml.html import HtmlElement  # type: ignore[import-untyped]

from newsweave.extractors.htmlpage import selectors as sel
from newsweave.extractors.htmlpage.index import PageIndex, roles_of
from newsweave.extractors.htmlpage.metadata import PageMeta
from newsweave.model import Image, Related

# Leads shorter than this are kickers or labels, longer ones are body text;
# tuned on the fundus DEV leads (5th/95th percentile ~60/600 characters).
LEAD_MIN_CHARS = 40
LEAD_MAX_CHARS = 1200
# A shown description split over sibling elements is taken whole while the block covers
# less than DESC_COVER of it, and only up to a parent of DESC_SLACK times its length
# (fundus DEV: sentence-per-<p> standfirsts; wider parents hold the body).
DESC_COVER, DESC_SLACK = 0.9, 1.2
# At most this many same-classed sibling blocks make one lead (fundus DEV: <= 3).
LEAD_RUN_MAX = 4
# Sub-headlines are at most this long (fundus DEV subheads are < 150 characters).
SUBHEAD_MAX_CHARS = 160
# A bold line ending in "." with more words than this is a sentence, not a subhead
# (fundus DEV: numbered subheads like "1. X besaß mehr als 1300 Projekte." have <= 10).
SUBHEAD_SENTENCE_WORDS = 10
# Alt texts with fewer words are labels ("Image", "Foto", a name), not captions;
# fundus DEV captions kept only as alt have >= 6 words.
ALT_MIN_WORDS = 6
_NOT_CAPTION_ANCESTORS = frozenset({"figure", "a", "nav", "header", "footer", "aside", "form", "noscript"})
# Credits after a " | " are names and agencies, never this long.
CREDIT_MAX_CHARS = 80
# An image widget with more text than this wraps article text, not just a caption.
BOX_CAPTION_MAX_CHARS = 600
# Related-card titles: headline-sized link texts.
RELATED_MIN_CHARS, RELATED_MAX_CHARS = 15, 200
_WS = re.compile(r"\s+")
# A line of names is short: at most this many names, this many characters (fundus DEV
# bylines in bold body paragraphs hold one or two names).
NAME_LINE_MAX_NAMES, NAME_LINE_MAX_CHARS = 4, 100


def clean(text: str | None) -> str:
    """Whitespace-normalised text."""
    return _WS.sub(" ", text or "").strip()


_VISIBLE_TEXT = ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
_NOT_LEAD_ANCESTORS = frozenset({"figure", "figcaption", "nav", "footer", "aside", "a", "form", "head", "script"})
_INVISIBLE = ("script", "style", "noscript")
_PARENS = re.compile(r"\s*\([^()]{0,40}\)")  # "Elena Muster (emu)": initials, roles, places
_HEADLINES = "//h1 | //h2"
_BLOCK_TAGS = ("p", "div", "section", "article", "ul", "ol", "figure", "h1", "h2", "h3", "h4", "table", "blockquote")
# How far after the headline a standfirst may sit: kicker, date, byline and
# share bar come between them on fundus DEV pages (at most ~25 elements).
_AFTER_HEADLINE = "following::*[self::p or self::div or self::span or self::h2 or self::strong][position() <= 30]"
# A page's own standfirst sits right under the headline (kicker, byline and date at most
# between them); fundus DEV decks are within the first ~8 elements after the h1.
_NEAR_HEADLINE = "following::*[self::p or self::div or self::h2 or self::span][position() <= 12]"
_NOT_LEAD_ROLES = frozenset({"byline", "caption", "credit", "related", "breadcrumb", "figure"})
# A standfirst is a sentence or more; shorter blocks after the headline are
# kickers, datelines and labels (fundus DEV leads have >= 8 words).
LEAD_MIN_WORDS = 6
# Standfirsts carry few links: at 0.4 no fundus DEV lead changes (lead F1 the same) and the
# shop line a snippet page showed under its headline (half of it linked) is no lead.
LEAD_MAX_LINK_SHARE = 0.4
# Blocks after the headline that do not end like a sentence are second titles
# unless at least this long (fundus DEV: unpunctuated leads are >= 15 words).
LEAD_PROSE_WORDS = 15


def text_of(el: HtmlElement) -> str:
    """Visible text of an element (scripts and styles skipped)."""
    if el is None:
        return ""
    if next(el.iter(*_INVISIBLE), None) is None:  # the common case: no XPath needed
        return clean(" ".join(t for t in el.itertext() if t.strip()))
    return clean(" ".join(t for t in el.xpath(_VISIBLE_TEXT) if t.strip()))


def _descendants(el: HtmlElement, role: str) -> list[HtmlElement]:
    return [d for d in el.iterdescendants(etree.Element) if role in roles_of(d)]


def _credit_split(caption: str) -> tuple[str, str | None]:
    """Split "Caption text. Foto: Jane Doe/dpa" (or "Caption | Jane Doe/dpa") into caption and credit."""
    head, bar, tail = caption.rpartition(" | ")
    if bar and len(head) >= 10 and 2 <= len(tail) <= CREDIT_MAX_CHARS:
        prefixed = sel.CREDIT_PREFIX.search(" " + tail)
        return clean(head), clean(prefixed.group("credit") if prefixed else tail)
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
        cap_el = next(iter(_descendants(fig, "caption")), None)
    credit_el = next(iter(_descendants(fig, "credit")), None)
    credit = text_of(credit_el) if credit_el is not None else None
    caption = text_of(cap_el) if cap_el is not None else ""
    if cap_el is None and fig.tag != "figure" and img is not None:
        caption = _box_caption(fig)
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


def _box_caption(box: HtmlElement) -> str:
    """All text of an image widget, when it is caption-sized (else it wraps more than a picture)."""
    text = text_of(box)
    return text if len(text) <= BOX_CAPTION_MAX_CHARS else ""


def figure_boxes(index: PageIndex) -> list[HtmlElement]:
    """Image widgets (``figure-box`` classes) holding an image and at most a caption's text:
    pruned from the body like ``<figcaption>``."""
    return [
        el
        for el in index.get("figure-box")
        if next(el.iter("img"), None) is not None and len(text_of(el)) <= BOX_CAPTION_MAX_CHARS
    ]


def find_images(index: PageIndex, tree: HtmlElement | None = None, meta: PageMeta | None = None) -> tuple[Image, ...]:
    """Figures with caption and credit, captions outside ``<figure>``, then images known
    only by a descriptive alt text (in the page or as ``og:image:alt``)."""
    images: list[Image] = []
    seen: set[str] = set()
    for fig in index.get("figure"):
        image = _figure_image(fig)
        key = (image.caption or "") + "|" + (image.credit or "") if image else ""
        if image and key not in seen:
            seen.add(key)
            images.append(image)
    for cap_el in index.get("caption"):
        if any(a.tag == "figure" for a in cap_el.iterancestors()):
            continue
        caption, credit = _credit_split(text_of(cap_el))
        key = caption + "|" + (credit or "")
        if (caption or credit) and key not in seen and len(caption) < 600:
            seen.add(key)
            images.append(Image(caption=caption or None, credit=credit))
    shown = {clean(i.caption).casefold() for i in images if i.caption}
    for alt, url in _described_images(tree, meta):
        if alt.casefold() not in shown:
            shown.add(alt.casefold())
            images.append(Image(caption=alt, url=url))
    return tuple(images)


def _described_images(tree: HtmlElement | None, meta: PageMeta | None) -> list[tuple[str, str | None]]:
    """(alt, src) of images outside figures, links and page furniture whose alt text
    describes the picture (at least ``ALT_MIN_WORDS`` words), then ``og:image:alt``."""
    out: list[tuple[str, str | None]] = []
    body = tree.find(".//body") if tree is not None else None
    for img in body.iter("img") if body is not None else ():
        alt = clean(img.get("alt"))
        if len(alt.split()) < ALT_MIN_WORDS or any(a.tag in _NOT_CAPTION_ANCESTORS for a in img.iterancestors()):
            continue
        out.append((alt, img.get("src") or img.get("data-src")))
    if meta is not None and meta.image_alt and len(meta.image_alt.split()) >= ALT_MIN_WORDS:
        out.append((meta.image_alt, None))
    return out


def subheads(index: PageIndex) -> frozenset[str]:
    """Casefolded texts of the page's sub-headlines: h2–h6, subhead classes, all-bold
    paragraphs; at most headline-sized and not ending like a sentence fragment."""
    out = set()
    for el in index.get("subhead"):
        tagged = el.tag[0] == "h"
        text = text_of(el) if tagged else clean("".join(el.itertext()))
        if _subhead_like(text, tagged=tagged):
            out.add(text.casefold())
    return frozenset(out)


def bold_intros(index: PageIndex) -> frozenset[str]:
    """Casefolded texts of all-bold paragraphs that are sentences (ending in ``.``, more than
    ``SUBHEAD_SENTENCE_WORDS`` words): a bold first paragraph is the page's standfirst."""
    out = set()
    for el in index.get("subhead"):
        if el.tag != "p":
            continue
        text = clean("".join(el.itertext()))
        if (
            text.endswith((".", "!", "?"))
            and len(text.split()) > SUBHEAD_SENTENCE_WORDS
            and len(text) <= LEAD_MAX_CHARS
        ):
            out.add(text.casefold())
    return frozenset(out)


def _subhead_like(text: str, *, tagged: bool) -> bool:
    """Headline-sized and not a sentence fragment; a bold line (not ``tagged`` h2–h6)
    must also not be a sentence or a quoted reply ("– Ja, ...")."""
    if not text or len(text) > SUBHEAD_MAX_CHARS or text[-1] in ",;:":
        return False
    return tagged or not (text[0] in "–-—" or (text[-1] == "." and len(text.split()) > SUBHEAD_SENTENCE_WORDS))


def popups(index: PageIndex) -> list[HtmlElement]:
    """Dialogs and pop-ups (modal/popup class names) that hold no headline: the page shows
    them over the article, never in it; pruned before the body is extracted."""
    return [el for el in index.get("popup") if next(el.iter("h1"), None) is None]


def find_related(index: PageIndex) -> tuple[Related, ...]:
    """Related-article cards: headline-sized links inside related boxes."""
    out: list[Related] = []
    seen: set[str] = set()
    for box in index.get("related"):
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
    probe = stem[:30]
    word = max(probe.split(), key=len)  # any word of the probe lies inside the node that holds it
    for node in body.xpath(".//text()[contains(., $w)]", w=word) if body is not None else ():
        if probe in clean(node):
            el = node.getparent()
            if el.tag in _INVISIBLE or any(a.tag in _INVISIBLE for a in el.iterancestors()):
                continue
            if any(a.tag in _NOT_LEAD_ANCESTORS for a in el.iterancestors()) or el.tag in _NOT_LEAD_ANCESTORS:
                continue
            block = text_of(el)
            while len(block) < len(stem) and el.getparent() is not None:
                el = el.getparent()
                block = text_of(el)
            if block.startswith(stem[:30]) and len(block) <= LEAD_MAX_CHARS:
                return _whole_description(el, block, clean(text))
    return None


def _whole_description(el: HtmlElement, block: str, desc: str) -> str:
    """Grow a shown description's block to its parent while the page splits the description
    over sibling elements (one per sentence): the parent must still be description-sized."""
    while len(block) < len(desc) * DESC_COVER and (parent := el.getparent()) is not None:
        text = text_of(parent)
        if len(text) > len(desc) * DESC_SLACK or not desc.startswith(text[: len(block)]):
            break
        el, block = parent, text
    return block


def find_lead(tree: HtmlElement, meta: PageMeta, index: PageIndex, title: str | None = None) -> str | None:
    """The standfirst: a classed lead block right after the headline, else the description
    where the page shows it, else a classed lead block anywhere, else the first
    sentence-sized text block right after the headline."""
    if near := classed_lead_after_headline(tree, index, title):
        return near
    if deck := next(filter(None, (_lead_text(el) for el in index.get("lead") if el.tag == "h2")), None):
        return deck  # a second headline classed as the deck, wherever the layout puts it
    if (shown := shown_in_page(tree, meta.description)) and not _credited(shown):
        return shown
    for el in index.get("lead"):
        if any(a.tag in _NOT_LEAD_ANCESTORS for a in el.iterancestors()):
            continue
        text = text_of(el)
        if LEAD_MIN_CHARS <= len(text) <= LEAD_MAX_CHARS and not _credited(text) and not _link_heavy(el, text):
            return text
    return lead_after_headline(tree, title)


def classed_lead_after_headline(tree: HtmlElement, index: PageIndex, title: str | None) -> str | None:
    """A lead-classed block (``dek``, ``standfirst``, ``excerpt``, ``subheadline``…) among the
    first elements after the headline: the page's own standfirst, which outranks a meta
    description that the page also shows elsewhere (a series blurb, the first paragraph)."""
    head = _headline_el(tree, title)
    leads = index.get("lead")
    if head is None or not leads:
        return None
    classed = set(leads)
    for el in head.xpath(_NEAR_HEADLINE):
        if el in classed and (text := _lead_text(el)):
            return text
    return None


def _lead_text(el: HtmlElement) -> str | None:
    """The text of a lead candidate: standfirst-sized, outside furniture, not a caption."""
    if any(a.tag in _NOT_LEAD_ANCESTORS for a in el.iterancestors()):
        return None
    text = _lead_run(el)
    if LEAD_MIN_CHARS <= len(text) <= LEAD_MAX_CHARS and len(text.split()) >= LEAD_MIN_WORDS and not _credited(text):
        return None if _link_heavy(el, text) else text
    return None


def _lead_run(el: HtmlElement) -> str:
    """The text of a lead block and of the siblings right after it with the same tag and
    class: standfirsts set one sentence per ``<p>``."""
    texts = [text_of(el)]
    cls = el.get("class")
    nxt = el.getnext()
    while cls and nxt is not None and nxt.tag == el.tag and nxt.get("class") == cls and len(texts) < LEAD_RUN_MAX:
        texts.append(text_of(nxt))
        nxt = nxt.getnext()
    return clean(" ".join(texts))


def _credited(text: str) -> bool:
    """A block that ends in a photo credit ("... Photo: Jane Doe") or holds one in
    parentheses ("(AP Photo/Jane Doe)") is a caption, not a lead."""
    return sel.CREDIT_PREFIX.search(text) is not None or sel.CREDIT_PAREN.search(text) is not None


def _headline_el(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    key = clean(title).casefold()
    heads = tree.xpath(_HEADLINES)
    same = next((h for h in heads if key and text_of(h).casefold() == key), None)
    return same if same is not None else next((h for h in heads if h.tag == "h1"), None)


def other_articles(tree: HtmlElement, title: str | None) -> list[HtmlElement]:
    """``<article>`` elements after the page's own that carry their own ``<h1>``: the next
    story a page appends under the first (infinite scroll), to be pruned before the body
    is extracted. Empty when the headline is in no ``<article>``."""
    head = _headline_el(tree, title)
    own = next(head.iterancestors("article"), None) if head is not None and head.tag == "h1" else None
    if own is None:
        return []
    out = []
    for h1 in own.xpath("following::h1"):  # after the page's own article, outside it
        box = next(h1.iterancestors("article"), None)
        if box is not None and box not in out and not any(a is box for a in own.iterancestors()):
            out.append(box)
    return out


def _teaser_like(el: HtmlElement) -> str | None:
    """The text of a block that can be a standfirst: no nested blocks, no furniture role."""
    if next(el.iterdescendants(*_BLOCK_TAGS), None) is not None:
        return None
    if any(a.tag in _NOT_LEAD_ANCESTORS for a in el.iterancestors()) or el.tag in _NOT_LEAD_ANCESTORS:
        return None
    if any(r in _NOT_LEAD_ROLES for a in (el, *el.iterancestors()) for r in roles_of(a)):
        return None
    text = text_of(el)
    ok = LEAD_MIN_CHARS <= len(text) <= LEAD_MAX_CHARS and len(text.split()) >= LEAD_MIN_WORDS
    return text if ok and not _link_heavy(el, text) else None


def _link_heavy(el: HtmlElement, text: str) -> bool:
    """A block whose links hold ``LEAD_MAX_LINK_SHARE`` of its text or more is a call to
    action ("Like it? Add the ingredients to your basket"), not a standfirst."""
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    return linked >= LEAD_MAX_LINK_SHARE * len(text)


def _sentence_like(text: str) -> bool:
    """Ends like a sentence, or is long enough to be prose anyway (second titles are not)."""
    return text[-1] in '.!?…"“”»«)' or len(text.split()) >= LEAD_PROSE_WORDS


def _body_run(el: HtmlElement, nxt: HtmlElement | None) -> bool:
    """A ``<p>`` followed by a long ``<p>`` styled the same is the body's first paragraph."""
    if el.tag != "p" or nxt is None or nxt.tag != "p" or el.get("class") != nxt.get("class"):
        return False
    return len(text_of(nxt)) >= LEAD_MIN_CHARS


def lead_after_headline(tree: HtmlElement, title: str | None) -> str | None:
    """The first teaser-like block among the few elements after the headline.

    A ``<p>`` followed by another long ``<p>`` is the body's first paragraph, not a lead.
    """
    head = _headline_el(tree, title)
    if head is None:
        return None
    headline = text_of(head).casefold()
    for el in head.xpath(_AFTER_HEADLINE):
        text = _teaser_like(el)
        if text is not None and _credited(text):
            continue
        if (
            text is None
            or headline in text.casefold()
            or sel.BYLINE_START.match(text)
            or sel.STAMP_START.match(text)
            or not _sentence_like(text)
        ):
            if el.tag == "p" and text is not None and len(text) >= LEAD_MIN_CHARS:
                return None  # the first prose paragraph ends the search: the body has begun
            continue
        nxt = el.getnext()
        if _body_run(el, nxt):
            return None
        return text
    return None


def shown_description(meta: PageMeta, body_lines: Iterable[str]) -> str | None:
    """The meta description when it is also a visible paragraph (then it is the lead)."""
    desc = clean(meta.description)
    if len(desc) < LEAD_MIN_CHARS or _credited(desc):
        return None
    stem = desc.rstrip(".… ")[:80]
    return next((line for line in body_lines if line.startswith(stem)), None)


def clean_byline(raw: str) -> list[str]:
    """Names from a byline: prefixes ("Von", "By"), "Email The Author" and the like removed."""
    text = sel.BYLINE_NOISE.sub("", _PARENS.sub("", clean(raw))).strip(" ,;:|-–")
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


def find_authors(
    index: PageIndex, meta: PageMeta, sites: tuple[str, ...] = ()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """People and agencies: declared authors first, the DOM byline otherwise.

    When the declared authors are only the site itself (``sites``: lower-case site
    name, publisher, host), a DOM byline that names people wins over them.
    """
    declared = [n for d in meta.authors for n in clean_byline(d)]
    if declared and not all(is_site(n, sites) for n in declared):
        # the site itself next to people ("Jane Doe", "Example.com") is no author
        return split_people_agencies(n for n in declared if n.casefold() not in sites)
    dom = [n for el in _byline_elements(index)[:3] for n in clean_byline(text_of(el)) if ":" not in n]
    people, agencies = split_people_agencies(n for n in dom if not is_site(n, sites))
    if declared and not people:
        return split_people_agencies(declared)
    return people, agencies


def name_line(text: str) -> list[str]:
    """The names of a line that holds only names ("Jane Doe/John Roe", "By Jane Doe and
    John Roe"): each 2–4 capitalised words without digits; empty when anything else is there."""
    if len(text) > NAME_LINE_MAX_CHARS or any(ch.isdigit() for ch in text) or text[-1] in ".!?:":
        return []
    names = [p.strip() for p in sel.BYLINE_SPLIT.split(sel.BYLINE_NOISE.sub("", text)) if p.strip()]
    ok = 1 <= len(names) <= NAME_LINE_MAX_NAMES and all(_name_like(n) for n in names)
    return names if ok else []


def _name_like(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 4 or name.casefold() in sel.NOT_NAME_WORDS:
        return False
    if any(w.casefold() in sel.NOT_NAME_TOKENS for w in words):
        return False
    return all(w[0].isupper() and w.replace("-", "").replace("'", "").replace(".", "").isalpha() for w in words)


def _byline_elements(index: PageIndex) -> list[HtmlElement]:
    """Byline-classed elements that are not a photo credit ("Foto: X/dpa" in a figure)."""
    out = []
    for el in index.get("byline"):
        if any(a.tag in {"figure", "figcaption"} for a in el.iterancestors()):
            continue
        if sel.CREDIT_PREFIX.search(text_of(el)):
            continue
        out.append(el)
    return out


def is_site(name: str, sites: tuple[str, ...]) -> bool:
    """Whether a name is the site itself (``sites``: lower-case site name, publisher, host)."""
    low = name.casefold()
    return any(low == s or low in s or s in low for s in sites)


def find_section(index: PageIndex, meta: PageMeta) -> str | None:
    """Section: declared ``articleSection``, else the last breadcrumb before the article."""
    if meta.section:
        return meta.section
    crumbs = list(meta.breadcrumbs) or _breadcrumb_links(index)
    crumbs = [c for c in crumbs if c and len(c) < 60]
    if len(crumbs) >= 2:
        return crumbs[-2] if len(crumbs[-1]) > 40 else crumbs[-1]
    return crumbs[0] if crumbs else None


def _breadcrumb_links(index: PageIndex) -> list[str]:
    links = dict.fromkeys(a for box in index.get("breadcrumb") for a in box.iter("a"))
    return [text_of(a) for a in links]


def paywall_warnings(index: PageIndex, meta: PageMeta, text: str) -> tuple[str, ...]:
    """``paywall`` when the page says so; ``truncated`` when the text then ends mid-sentence."""
    tail = text[-400:].casefold()
    paywalled = meta.free is False or bool(index.get("paywall")) or any(c in tail for c in sel.PAYWALL_CUES)
    if not paywalled:
        return ()
    ends_open = not re.search(r"[.!?…\"“”»«)]\s*$", text)
    return ("paywall", "truncated") if ends_open or meta.free is False else ("paywall",)
