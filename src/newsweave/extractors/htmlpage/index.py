"""One pass over a page's elements: which element plays which role.

Consumes a parsed lxml tree (read-only); produces :class:`PageIndex`, the
elements in document order whose ``class`` (or tag, ``itemprop``, ``rel``,
``aria-label``) marks them as lead, figure, caption, credit, related box,
byline, breadcrumb, paywall or prunable caption/credit. It replaces one
full-tree XPath per role with ``translate()`` on every element, which cost
more CPU than trafilatura's own extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from newsweave.extractors.htmlpage import selectors as sel

_ROLE_RX = {role: re.compile("|".join(map(re.escape, frags))) for role, frags in sel.ROLE_FRAGMENTS.items()}
_ANY_RX = re.compile("|".join(map(re.escape, {f for frags in sel.ROLE_FRAGMENTS.values() for f in frags})))
# Only elements that can take a role become Python objects (lxml proxies cost).
_CANDIDATES = etree.XPath(
    "//*[@class or @itemprop or @rel or @aria-label or self::figure or self::figcaption"
    " or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or (self::p and (strong or b))]"
)
_ATTRIBUTED = etree.XPath("//*[@itemprop or @rel or @aria-label]")
_SUBHEAD_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# Whole class names that mark a byline (as fragments they would also match
# "author-bio", "authors-list" boxes).
_BYLINE_TOKEN = re.compile(r"(?:^|\s)authors?(?:\s|$)")
# Tailwind line-height utilities ("leading-tight", "md:leading-6") are no "lead" class.
_LINE_HEIGHT = re.compile(r"\S*leading-\S*")
# Dialogs and pop-ups shown over the article are whole class names (the fragments of
# ``selectors.ROLE_FRAGMENTS["popup"]`` also name share bars, "share-button__modal", and on
# DEV whole articles, "c-article-partage-commentaire-popup-over").
_POPUP_CLASS = re.compile(
    r"(?:^|\s)(?:modal|popup|popmake|pum-overlay|mfp-hide|modal-window|ui-modal|modal-overlay)(?:\s|$)"
)
_FIGURE_TOKEN = re.compile(r"(?:^|\s)figure(?:\s|$)")


def roles_of(el: Any) -> list[str]:
    """The roles one element takes by its class, tag and attributes."""
    tag = el.tag
    out = []
    cls = el.get("class")
    if cls:
        low = cls.lower()
        if "leading-" in low:
            low = _LINE_HEIGHT.sub(" ", low)
        if _ANY_RX.search(low):
            for role, rx in _ROLE_RX.items():
                allowed = sel.ROLE_TAGS.get(role)
                if (allowed is None or tag in allowed) and rx.search(low):
                    out.append(role)
            if "popup" in out and not _POPUP_CLASS.search(low):
                out.remove("popup")  # a fragment only ("share-button__modal"): no dialog
        if ("figure" in low and _FIGURE_TOKEN.search(low)) or "figure-box" in out:
            out.append("figure")
        if "author" in low and "byline" not in out and _BYLINE_TOKEN.search(low):
            out.append("byline")
    if tag == "figure":
        out.append("figure")
    elif tag in _SUBHEAD_TAGS or (tag == "p" and _all_bold(el)):
        out.append("subhead")
    elif tag == "figcaption":
        out.extend(("caption", "prune"))
    return out


def _all_bold(p: Any) -> bool:
    """A paragraph whose whole text sits in ``<strong>``/``<b>`` children (split or not)."""
    # comments (``<!-- -->``, React markers) are not content; their tails are
    if (p.text or "").strip() or any(
        (isinstance(c.tag, str) and c.tag not in {"strong", "b"}) or (c.tail or "").strip() for c in p
    ):
        return False
    return bool("".join(p.itertext()).strip())


def _attr_roles(el: Any) -> list[str]:
    out = []
    if el.get("itemprop") == "description":
        out.append("lead")
    if el.get("rel") == "author" or el.get("itemprop") == "author":
        out.append("byline")
    if (el.get("aria-label") or "").lower() == "breadcrumb":
        out.append("breadcrumb")
    return out


@dataclass(frozen=True, slots=True)
class PageIndex:
    """Elements by role, each list in document order."""

    roles: dict[str, list[Any]]

    def get(self, role: str) -> list[Any]:
        """Elements of ``role`` (empty when the page has none)."""
        return self.roles.get(role, [])


def index_page(tree: Any) -> PageIndex:
    """Read every element once and file it under its roles."""
    found: dict[str, list[Any]] = {}
    attributed = set(_ATTRIBUTED(tree))  # few elements: their attribute roles apart
    for el in _CANDIDATES(tree):
        roles = roles_of(el)
        if el in attributed:
            roles.extend(_attr_roles(el))
        for role in dict.fromkeys(roles) if roles else ():
            found.setdefault(role, []).append(el)
    found["prune"] = [el for el in found.get("prune", ()) if el.tag not in {"body", "html"}]
    found["popup"] = [el for el in found.get("popup", ()) if el.tag not in {"body", "html"}]
    return PageIndex(found)
