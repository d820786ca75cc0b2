"""Labelled lines to the parts of an Article.

Consumes the :class:`~newsweave.extractors.textpage.segment.Line` records of a
page with one classifier label per line (``LABELS``: title, lead, paragraph,
heading, list_item, quote, other) and produces :class:`PageParts`: title, lead,
body blocks, images with caption and credit, related teaser cards, agencies,
authors, typed furniture and warnings.

The rules of ``rules`` read the lines first and claim what they recognise
with certainty (a caption printed twice, a credit line, a related-teaser block,
an agency line, a byline); a claimed line leaves the main text whatever its
label. Every other "other" line becomes furniture with the class its cue
words give it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from newsweave.extractors.textpage import rules
from newsweave.extractors.textpage.lexicon import Lexicon
from newsweave.extractors.textpage.segment import Line
from newsweave.model import Block, BlockKind, Furniture, FurnitureKind, Image, Related

BODY_KINDS: dict[str, BlockKind] = {
    "paragraph": "paragraph",
    "heading": "heading",
    "quote": "quote",
    "list_item": "list_item",
}
# A related block runs until a notice/comments/newsletter line or this many
# lines (the longest teaser block of the golden and dev pages seen: ~40 lines).
MAX_RELATED_LINES = 60
# Cards after the last section label: its title and teaser, at most this many lines.
LAST_CARD_LINES = 3
# Cards anchored on section labels take main-text lines only when at least this
# share of the block's lines is labelled "other" (golden page: 0.75; blocks of
# repeated short headings inside real text on dev: < 0.3). Set by reading the dev
# pages that lost body text to teaser blocks, not swept.
MIN_OTHER_SHARE = 0.5
# This many cards of equal length (±1 line), each at least MIN_CARD_LINES long, after
# a cue line make a teaser block whatever the classifier says of their lines (golden
# page: 5 cards of 4 lines; a label between single paragraphs, "Article content",
# repeats every 2 lines on dev).
MIN_REGULAR_CARDS = 3
MIN_CARD_LINES = 3
# A card (caption, section label, title, teaser) spans at most this many lines:
# section labels further apart (or further from the block start) are not one block.
MAX_CARD_LINES = 8
# Cue tables that end a related block (the page's closing furniture starts there).
_BLOCK_ENDS = frozenset({"paywall", "browser", "cookie", "comments", "newsletter"})
# A caption has at least this many words (shorter lines next to a credit are labels).
MIN_CAPTION_WORDS = 3
# Title fallback: a headline has this many words (dev titles: 3-25).
HEADLINE_WORDS = (3, 25)
# Lead fallback: a lead is at most this many words (the golden lead: 21; long first
# paragraphs are body text).
MAX_LEAD_WORDS = 60
# An "other" line with this many words or fewer and no cue is navigation; longer ones are "other".
MAX_NAV_WORDS = 5
# Labels that put a line in the main text (an unclaimed line with another label is furniture).
_MAIN_LABELS = frozenset({*BODY_KINDS, "lead"})


@dataclass(frozen=True, slots=True)
class PageParts:
    """What the lines of a page say, field by field (offsets point into the page)."""

    title: str | None
    lead: str | None
    body: tuple[Block, ...]
    images: tuple[Image, ...]
    related: tuple[Related, ...]
    agencies: tuple[str, ...]
    authors: tuple[str, ...]
    furniture: tuple[Furniture, ...]
    warnings: tuple[str, ...]


@dataclass(slots=True)
class _Claims:
    """Lines claimed by the rules: line index -> furniture kind, plus what they yielded."""

    kind: dict[int, FurnitureKind] = field(default_factory=dict)
    cue: dict[int, str] = field(default_factory=dict)
    images: list[tuple[int, Image]] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)

    def claim(self, i: int, kind: FurnitureKind, cue: str = "") -> None:
        """Mark line ``i`` as furniture of ``kind`` (the first claim wins)."""
        if i not in self.kind:
            self.kind[i] = kind
            self.cue[i] = cue


def assemble(lines: Sequence[Line], labels: Sequence[str], lex: Lexicon) -> PageParts:
    """Turn labelled lines into page parts.

    Args:
        lines: the page's lines from ``segment``.
        labels: one label per line from the line classifier.
        lex: the cue lexicon.

    Returns:
        The parts of the Article the page holds.
    """
    claims = _Claims()
    # Agency names and credit hints matter on "other" lines (credits) and short lines (agency lines).
    wanted = [
        i
        for i, (line, label) in enumerate(zip(lines, labels, strict=True))
        if label == "other" or len(line.text) <= rules.MAX_AGENCY_LINE_CHARS
    ]
    hints = rules.page_hints([line.text for line in lines], lex, wanted)
    _claim_related(lines, labels, lex, claims)
    _claim_images(lines, labels, lex, claims, hints)
    _claim_marks(lines, labels, lex, claims, hints)
    return _parts(lines, _title_and_lead(lines, labels, lex, claims), lex, claims)


def _claim_related(lines: Sequence[Line], labels: Sequence[str], lex: Lexicon, claims: _Claims) -> None:
    """Related-teaser blocks: the opener line, then cards up to the page's closing furniture."""
    i = 0
    heads = lex.related_heads
    openers = [
        j
        for j, line in enumerate(lines)
        if len(line.text) <= rules.MAX_RELATED_CHARS
        and (heads is None or line.text[:2].lower() in heads)
        and rules.opens_related(line.text, lex)
    ]
    for opener in openers:
        if opener < i:
            continue
        claims.claim(opener, "teaser", "related")
        start = opener + 1
        while start < len(lines) and rules.opens_related(lines[start].text, lex):
            claims.claim(start, "teaser", "related")
            start += 1
        stop = _block_stop(lines, start, lex)
        kickers = _kickers(lines, start, stop, lex)
        end = _block_end(lines, labels, start, stop, kickers)
        claims.related.extend(rules.teaser_cards(lines[start:end], [k for k in kickers if k < end - start]))
        for j in range(start, end):
            claims.claim(j, "teaser", "related")
        i = max(end, start)


def _block_stop(lines: Sequence[Line], start: int, lex: Lexicon) -> int:
    """The first line after ``start`` that cannot be part of a teaser block."""
    for j in range(start, min(len(lines), start + MAX_RELATED_LINES)):
        cue = rules.furniture_cue(lines[j].text, lex)
        if (cue is not None and cue.cue in _BLOCK_ENDS) or rules.opens_related(lines[j].text, lex):
            return j
    return min(len(lines), start + MAX_RELATED_LINES)


def _kickers(lines: Sequence[Line], start: int, stop: int, lex: Lexicon) -> list[int]:
    """Section labels of the cards in ``lines[start:stop]`` (block offsets), chained card by card.

    A repeated furniture line ("Advertisement") is not a section label.
    """
    span = lines[start:stop]
    found = [k for k in rules.card_kickers(span) if rules.furniture_cue(span[k].text, lex) is None]
    return _chained(found)


def _block_end(lines: Sequence[Line], labels: Sequence[str], start: int, stop: int, kickers: list[int]) -> int:
    """Where a teaser block ends: after its last card, or at the first main-text line.

    Cards anchored on repeated section labels may take lines the classifier read as
    main text when there are several of equal length, or while the classifier reads
    most of the cards' other lines as "other" (a label repeated between paragraphs,
    "Article content", makes no block); cards of irregular or two-line length never
    take a main-text line written as prose.
    """
    if len(kickers) < 2:
        end = start
        while end < stop and labels[end] == "other":
            end += 1
        return end
    gaps = [b - a for a, b in pairwise(kickers)]
    end = min(stop, start + kickers[-1] + min(max(gaps), LAST_CARD_LINES + 1))
    regular = max(gaps) - min(gaps) <= 1 and min(gaps) >= MIN_CARD_LINES
    if regular and len(kickers) >= MIN_REGULAR_CARDS:
        return end
    if not regular:
        end = next((j for j in range(start + kickers[0], end) if _main_prose(lines[j], labels[j])), end)
    rest = [labels[j] for j in range(start, end) if j - start not in kickers]
    if end - start > kickers[1] and sum(lab == "other" for lab in rest) >= MIN_OTHER_SHARE * len(rest):
        return end
    return _block_end(lines, labels, start, stop, [])


def _main_prose(line: Line, label: str) -> bool:
    """A line the classifier reads as main text that is written as a sentence (not a card title)."""
    return (label in BODY_KINDS or label == "lead") and rules.prose(line.text)


def _chained(kickers: list[int]) -> list[int]:
    """The section labels that open the block and follow each other card by card."""
    if not kickers or kickers[0] > MAX_CARD_LINES:
        return []
    out = kickers[:1]
    for k in kickers[1:]:
        if k - out[-1] > MAX_CARD_LINES:
            break
        out.append(k)
    return out


def _claim_images(
    lines: Sequence[Line], labels: Sequence[str], lex: Lexicon, claims: _Claims, hints: rules.PageHints
) -> None:
    """Captions printed twice, captions next to a credit line, captions with a credit glued on."""
    for i in _image_candidates(lines, labels, hints):
        if i in claims.kind:
            continue
        line = lines[i]
        text = line.text
        # A repeat starts with the whole line: test the prefix before calling the rule.
        if i + 1 < len(lines) and (pair := rules.repeated_caption(text, lines[i + 1].text, lex)):
            claims.images.append((i, Image(caption=pair[0], credit=pair[1])))
            claims.claim(i, "metadata", "caption")
            claims.claim(i + 1, "metadata", "caption")
            continue
        if labels[i] != "other":
            continue
        credit, glued = rules.credit_reading(text, lex)
        if credit is not None:
            if not _agency_mark(line, lex) and rules.byline(text, lex) is None:
                _attach_credit(lines, labels, i, credit, lex, claims)
        elif glued is not None and len(glued[0].split()) >= MIN_CAPTION_WORDS and not _agency_mark(line, lex):
            claims.images.append((i, Image(caption=glued[0], credit=glued[1])))
            claims.claim(i, "metadata", "caption")


def _image_candidates(lines: Sequence[Line], labels: Sequence[str], hints: rules.PageHints) -> list[int]:
    """The lines ``_claim_images`` can claim: a long line the next one repeats, an "other" line with a credit hint."""
    texts = [line.text for line in lines]
    after = [*texts[1:], ""][: len(texts)]  # nothing repeats the last line
    return [
        i
        for i, (text, label, nxt) in enumerate(zip(texts, labels, after, strict=True))
        if (len(text) >= rules.MIN_REPEAT_CHARS and nxt.startswith(text))
        or (label == "other" and (i in hints.agency or i in hints.credit))
    ]


def _agency_mark(line: Line, lex: Lexicon) -> bool:
    """An agency line that signs the text ("(APA/AFP)", a lone "Reuters"), not a photo credit."""
    standalone = line.text.startswith("(") or (line.blank_before and line.blank_after)
    return standalone and bool(rules.agency_line(line.text, lex))


def _attach_credit(
    lines: Sequence[Line], labels: Sequence[str], i: int, credit: str, lex: Lexicon, claims: _Claims
) -> None:
    """A credit line: its caption is the neighbour printed with no blank line between."""
    claims.claim(i, "metadata", "credit")
    for j in (i - 1, i + 1):
        if not 0 <= j < len(lines) or j in claims.kind or labels[j] != "other":
            continue
        glued = not lines[i].blank_before if j < i else not lines[i].blank_after
        text = lines[j].text
        if glued and len(text.split()) >= MIN_CAPTION_WORDS and rules.credit_reading(text, lex)[0] is None:
            claims.images.append((j, Image(caption=text, credit=credit)))
            claims.claim(j, "metadata", "caption")
            return
    claims.images.append((i, Image(caption=None, credit=credit)))


def _claim_marks(
    lines: Sequence[Line], labels: Sequence[str], lex: Lexicon, claims: _Claims, hints: rules.PageHints
) -> None:
    """Agency lines, agency marks in paragraphs, bylines (also a prefix line with the names below)."""
    # Lines without an agency name, a byline prefix or a main-text label cannot yield anything here.
    for i in [
        j
        for j, (line, label) in enumerate(zip(lines, labels, strict=True))
        if label in BODY_KINDS
        or line.text.startswith(lex.byline_starts)  # rules.may_byline, inline: it runs on every line
        or (j in hints.agency and len(line.text) <= rules.MAX_AGENCY_LINE_CHARS)
    ]:
        if i in claims.kind:
            continue
        line = lines[i]
        if agencies := rules.agency_line(line.text, lex):
            claims.agencies.extend(agencies)
            claims.claim(i, "metadata", "agency")
        elif found := _byline_at(lines, labels, i, lex, claims):
            # A whole line of prefix and names is a byline whatever its label ("Von Max Muster").
            claims.authors.extend(found[0])
            claims.agencies.extend(found[1])
            claims.claim(i, "metadata", "byline")
        elif labels[i] in BODY_KINDS:
            claims.agencies.extend(rules.text_agencies(line.text, lex))


def _byline_at(
    lines: Sequence[Line], labels: Sequence[str], i: int, lex: Lexicon, claims: _Claims
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The byline of line ``i``, or of ``i`` and the next line when ``i`` is a bare prefix ("Von")."""
    text = lines[i].text
    below = i + 1 < len(lines) and labels[i + 1] == "other" and i + 1 not in claims.kind
    if below and rules.byline_prefix_only(text, lex) and (found := rules.byline(f"{text} {lines[i + 1].text}", lex)):
        claims.claim(i + 1, "metadata", "byline")
        return found
    return rules.byline(text, lex)


def _title_and_lead(lines: Sequence[Line], labels: Sequence[str], lex: Lexicon, claims: _Claims) -> list[str]:
    """The labels, with a title and a lead where the classifier found none.

    The title is the nearest headline-shaped line above the first main-text line
    (claimed lines and cue lines skipped); the lead is the first main-text line when
    only furniture stands between it and the title and a paragraph follows it.
    """
    out = list(labels)
    first = next((i for i, lab in enumerate(out) if _is_main(lab) and i not in claims.kind), None)
    if first is None:
        return out
    title = next((i for i, lab in enumerate(out) if lab == "title" and i not in claims.kind), None)
    if title is None:
        title = next((i for i in range(first - 1, -1, -1) if _headline_line(lines[i], out[i], lex, claims)), None)
        if title is not None:
            out[title] = "title"
    if title is not None and title < first and "lead" not in out and out[first] == "paragraph":
        after = next(
            (lab for i, lab in enumerate(out[first + 1 :], first + 1) if _is_main(lab) and i not in claims.kind), None
        )
        if after == "paragraph" and len(lines[first].text.split()) <= MAX_LEAD_WORDS:
            out[first] = "lead"
    return out


def _is_main(label: str) -> bool:
    """Whether a label puts its line in the main text."""
    return label in BODY_KINDS or label == "lead"


def _headline_line(line: Line, label: str, lex: Lexicon, claims: _Claims) -> bool:
    """An unclaimed "other" line shaped like a headline: a few words, no sentence end, no cue."""
    text = line.text
    if label != "other" or line.index in claims.kind or rules.ends_sentence(text.rstrip("?!")):
        return False
    words = text.split()
    return HEADLINE_WORDS[0] <= len(words) <= HEADLINE_WORDS[1] and rules.furniture_cue(text, lex) is None


def _parts(lines: Sequence[Line], labels: Sequence[str], lex: Lexicon, claims: _Claims) -> PageParts:
    """Main text from the unclaimed lines, furniture from the rest."""
    title: str | None = None
    lead: list[str] = []
    body: list[Block] = []
    furniture: list[Furniture] = []
    rest = [i for i, label in enumerate(labels) if label not in _MAIN_LABELS and i not in claims.kind]
    cues = dict(zip(rest, rules.furniture_cues([lines[i].text for i in rest], lex), strict=True))
    for i, (line, label) in enumerate(zip(lines, labels, strict=True)):
        if i in claims.kind:
            furniture.append(Furniture(line.text, claims.kind[i], line.start, line.end))
        elif label == "title" and title is None:
            title = line.text
        elif label == "lead" and not body:
            lead.append(line.text)
        elif (label in BODY_KINDS or label == "lead") and rules.listed_cue(line.text, lex) is None:
            body.append(Block(BODY_KINDS.get(label, "paragraph"), line.text, line.start, line.end))
        else:
            cue = cues[i] if i in cues else rules.furniture_cue(line.text, lex)
            furniture.append(_furniture(line, cue, claims, i))
    return PageParts(
        title=title,
        lead="\n\n".join(lead) or None,
        body=tuple(body),
        images=tuple(image for _, image in sorted(claims.images, key=lambda pair: pair[0])),
        related=tuple(claims.related),
        agencies=tuple(dict.fromkeys(claims.agencies)),
        authors=tuple(dict.fromkeys(claims.authors)),
        furniture=tuple(furniture),
        warnings=_warnings(body, claims),
    )


def _furniture(line: Line, cue: rules.Cue | None, claims: _Claims, i: int) -> Furniture:
    """An unclaimed "other" line as furniture of the class its cue (``furniture_cue``) gives."""
    if cue is not None:
        claims.cue[i] = cue.cue
        kind: FurnitureKind = cue.kind
    else:
        kind = "navigation" if len(line.text.split()) <= MAX_NAV_WORDS else "other"
    return Furniture(line.text, kind, line.start, line.end)


def _warnings(body: Sequence[Block], claims: _Claims) -> tuple[str, ...]:
    """ "paywalled" when a paywall notice was seen, "truncated" when the text stops mid-sentence."""
    out: list[str] = []
    if "paywall" in claims.cue.values():
        out.append("paywalled")
    paragraphs = [b for b in body if b.kind == "paragraph"]
    if paragraphs and rules.truncated(paragraphs[-1].text):
        out.append("truncated")
    return tuple(out)
