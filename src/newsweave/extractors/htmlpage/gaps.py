"""Paragraphs the main-text extractor dropped: gaps inside the article and its later chunks.

Consumes the parsed page (captions and credits already pruned) and the body
blocks trafilatura kept; produces the same blocks with the page's own prose
paragraphs put back where trafilatura lost them:

* a gap — a prose ``<p>`` between two kept paragraphs of the same container
  (trafilatura drops paragraphs whose text is mostly links);
* continuation chunks — the article split into several containers of the same
  tag and class (ads or widgets between them), of which trafilatura reads only
  the first.
"""

from __future__ import annotations

import re
from typing import Any

from newsweave.extractors.htmlpage.parts import clean
from newsweave.model import Block

_NON_WORD = re.compile(r"\W+")
# Paragraphs are matched on the first or the last characters of their compacted text
# (DOM and trafilatura space inline tags differently, and trafilatura drops hidden spans
# such as "Link opens in a new tab": one end is enough to tell paragraphs apart).
KEY_CHARS = 40
_END_CHARS = 3 * KEY_CHARS  # raw characters read at each end to find KEY_CHARS word characters
# A restored paragraph is prose: at least this long and ending like a sentence (DEV: the
# dropped paragraphs are 150+ characters; shorter lines in gaps are labels and bylines).
PROSE_MIN_CHARS = 80
# A later chunk of the article holds at least this many prose paragraphs, and so does the
# chunk trafilatura kept (DEV: 9-16 per chunk; teaser cards of the same class hold one).
CHUNK_MIN_PARAS = 2
_CLOSING = re.compile(r"(\w)[.!?…][\"”“’»«)]*$")
_FURNITURE_TAGS = frozenset({"aside", "nav", "footer", "figure", "figcaption", "form", "header", "blockquote", "li"})
# Boxes a paragraph may wrap (the HTML parser nests a card placed inside a <p>): not its text.
_NESTED_BOXES = frozenset({"article", "section", "div", "table", "ul", "ol", "img", "button", "svg"})
_INVISIBLE = frozenset({"script", "style", "noscript", "template"})
_SKIPPED = _FURNITURE_TAGS | _NESTED_BOXES | _INVISIBLE


def _keys(text: str) -> tuple[str, str]:
    """The first and the last ``KEY_CHARS`` word characters, casefolded (only the ends are
    compacted: paragraphs run to thousands of characters)."""
    head = _NON_WORD.sub("", text[:_END_CHARS]).casefold()
    tail = _NON_WORD.sub("", text[-_END_CHARS:]).casefold()
    return head[:KEY_CHARS], tail[-KEY_CHARS:]


def _text(el: Any) -> str:
    """Visible text of a paragraph without boxes nested in it (a related card, a figure)."""
    return clean("".join(_pieces(el)))


def _pieces(el: Any) -> list[str]:
    out = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _SKIPPED:
            out.extend(_pieces(child))
        out.append(child.tail or "")
    return out


def _prose(text: str) -> bool:
    """At least ``PROSE_MIN_CHARS`` and ending like a sentence: a lower-case word or a number
    before the final stop ("... 7.00 P.M." closes a listing, not a sentence)."""
    m = _CLOSING.search(text)
    return len(text) >= PROSE_MIN_CHARS and m is not None and (m.group(1).islower() or m.group(1).isdigit())


def _outside_furniture(el: Any, stop: Any) -> bool:
    """No furniture or invisible element between ``el`` and its container ``stop``."""
    for a in el.iterancestors():
        if a is stop:
            return True
        if a.tag in _FURNITURE_TAGS or a.tag in _INVISIBLE:
            return False
    return True


def restore(tree: Any, blocks: list[Block]) -> list[Block]:
    """``blocks`` with the prose paragraphs of gaps and continuation chunks put back.

    Args:
        tree: the parsed page, captions pruned.
        blocks: trafilatura's body blocks, in page order.

    Returns:
        The blocks, with restored paragraphs at their page positions.
    """
    body = tree.find(".//body")
    if body is None or not blocks:
        return blocks
    paras = list(body.iter("p"))
    where: dict[str, int] = {}
    for i, p in enumerate(paras):
        for k in _keys(_text(p) if len(p) else p.text or ""):
            if k:
                where.setdefault(k, i)
    kept = {k for b in blocks for k in _keys(b.text)}
    out: list[Block] = []
    last, hits = -1, []
    for b in blocks:
        j = _position(where, b) if b.kind == "paragraph" else -1
        if j > last >= 0:
            out.extend(_gap(paras, last, j, kept))
        if j > last:
            last = j
            hits.append(j)
        out.append(b)
    if last >= 0:
        out.extend(_continuation(paras, hits, kept))
    return out


def _position(where: dict[str, int], block: Block) -> int:
    head, tail = _keys(block.text)
    return where.get(head, where.get(tail, -1))


def _new(text: str, kept: set[str]) -> bool:
    head, tail = _keys(text)
    return head not in kept and tail not in kept


def _gap(paras: list[Any], i: int, j: int, kept: set[str]) -> list[Block]:
    """Prose paragraphs between kept paragraphs ``i`` and ``j`` that share their container.

    Kept paragraphs in two containers (the article, then a comment list) restore nothing: what
    trafilatura dropped between them may be the other container's furniture.
    """
    parent = paras[i].getparent()
    if paras[j].getparent() is not parent:
        return []
    out = []
    for p in paras[i + 1 : j]:
        text = _text(p)
        if p.getparent() is parent and _prose(text) and _new(text, kept):
            out.append(Block("paragraph", text))
    return out


def _continuation(paras: list[Any], hits: list[int], kept: set[str]) -> list[Block]:
    """Prose paragraphs after the last kept one in later containers with the same tag and
    class as the last kept paragraph's container (later chunks of the article).

    The last container must hold at least ``CHUNK_MIN_PARAS`` kept paragraphs and each later
    one as many prose paragraphs: teaser cards of the same class hold one.
    """
    box = paras[hits[-1]].getparent()
    cls = box.get("class") if box is not None else None
    if not cls or sum(paras[j].getparent() is box for j in hits) < CHUNK_MIN_PARAS:
        return []
    chunks: dict[Any, list[str]] = {}
    for p in paras[hits[-1] + 1 :]:
        parent = p.getparent()
        if parent is box or parent.tag != box.tag or parent.get("class") != cls:
            continue
        text = _text(p)
        if _prose(text) and _new(text, kept) and _outside_furniture(parent, None):
            chunks.setdefault(parent, []).append(text)
    return [Block("paragraph", t) for texts in chunks.values() if len(texts) >= CHUNK_MIN_PARAS for t in texts]
