"""Lay an article's entity mentions and claims over its text blocks for display.

Consumes an :class:`~newsweave.model.Article` (mentions and claims hold offsets
into ``Article.text``, which is the lead and body blocks joined by blank lines);
produces, per block, a list of :class:`Segment` pieces of plain text, each
saying which mention and which claim covers it. Templates render the pieces
with autoescaping, so no HTML is ever built from page text here.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from newsweave.model import Article, Claim, Mention


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by the same mention and claim (either may be absent)."""

    text: str
    mention: Mention | None = None
    claim: int | None = None  # index into Article.claims


@dataclass(frozen=True, slots=True)
class AnnotatedBlock:
    """A lead or body block with its annotated pieces."""

    kind: str  # "lead" or a BlockKind
    segments: tuple[Segment, ...]


def _covering_mention(mentions: tuple[Mention, ...], start: int, end: int) -> Mention | None:
    for m in mentions:
        if m.start <= start and end <= m.end:
            return m
    return None


def _covering_claim(claims: tuple[Claim, ...], start: int, end: int) -> int | None:
    for i, c in enumerate(claims):
        if c.start <= start and end <= c.end:
            return i
    return None


def segments(article: Article, start: int, end: int) -> tuple[Segment, ...]:
    """Cut ``article.text[start:end]`` at every mention and claim boundary inside it."""
    text = article.text
    cuts = {start, end}
    bounds = [(m.start, m.end) for m in article.entities] + [(c.start, c.end) for c in article.claims]
    cuts.update(p for pair in bounds for p in pair if start < p < end)
    points = sorted(cuts)
    out = []
    for a, b in pairwise(points):
        out.append(Segment(text[a:b], _covering_mention(article.entities, a, b), _covering_claim(article.claims, a, b)))
    return tuple(out)


def annotate(article: Article) -> tuple[AnnotatedBlock, ...]:
    """The lead and body blocks, each cut into annotated segments.

    A block whose text cannot be found where ``join_text`` puts it is shown plain.
    """
    parts: list[tuple[str, str]] = [("lead", article.lead)] if article.lead else []
    parts += [(b.kind, b.text) for b in article.body]
    blocks = []
    cursor = 0
    for kind, text in parts:
        at = article.text.find(text, cursor)
        if at < 0:
            blocks.append(AnnotatedBlock(kind, (Segment(text),)))
            continue
        blocks.append(AnnotatedBlock(kind, segments(article, at, at + len(text))))
        cursor = at + len(text)
    return tuple(blocks)
