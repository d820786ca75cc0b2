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
from itertools import compress, pairwise, repeat
from operator import eq, le

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


# Marks a line whose furniture cue ``_Page.cue`` has not read yet.
_UNREAD = rules.Cue("other", "unread")


@dataclass(frozen=True, slots=True)
class _Page:
    """A page's lines with the readings several rules look at, each read once per line.

    ``cues`` holds ``rules.furniture_cue`` of every line (read in one batch for the lines
    not labelled as main text, on demand for the others); ``openers`` the lines that open
    a related-teaser block (``rules.opens_related``).
    """

    lines: Sequence[Line]
    texts: list[str]
    lex: Lexicon
    cues: list[rules.Cue | None]
    openers: frozenset[int]

    def cue(self, i: int) -> rules.Cue | None:
        """``rules.furniture_cue`` of line ``i``."""
        cue = self.cues[i]
        if cue is _UNREAD:
            cue = self.cues[i] = rules.furniture_cue(self.texts[i], self.lex)
        return cue


def _page(lines: Sequence[Line], labels: Sequence[str], lex: Lexicon) -> _Page:
    """The page view of ``lines``: texts, the batch-read cues of non-main lines, block openers."""
    texts = [line.text for line in lines]
    cues: list[rules.Cue | None] = [_UNREAD] * len(texts)
    rest = [i for i, label in enumerate(labels) if label not in _MAIN_LABELS]
    for i, cue in zip(rest, rules.furniture_cues([texts[i] for i in rest], lex), strict=True):
        cues[i] = cue
    return _Page(lines, texts, lex, cues, frozenset(rules.related_openers(texts, lex)))


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
    page = _page(lines, labels, lex)
    idx = range(len(lines))
    # Agency names and credit hints matter on "other" lines (credits) and short lines (agency lines).
    other = compress(idx, map(eq, labels, repeat("other")))
    short = compress(idx, map(le, map(len, page.texts), repeat(rules.MAX_AGENCY_LINE_CHARS)))
    hints = rules.page_hints(page.texts, lex, sorted({*other, *short}))
    _claim_related(page, labels, claims)
    _claim_images(page, labels, claims, hints)
    _claim_marks(page, labels, claims, hints)
    return _parts(page, _title_and_lead(page, labels, claims), claims)


def _claim_related(page: _Page, labels: Sequence[str], claims: _Claims) -> None:
    """Related-teaser blocks: the opener line, then cards up to the page's closing furniture."""
    i = 0
    lines = page.lines
    for opener in sorted(page.openers):
        if opener < i:
            continue
        claims.claim(opener, "teaser", "related")
        start = opener + 1
        while start in page.openers:
            claims.claim(start, "teaser", "related")
            start += 1
        stop = _block_stop(page, start)
        kickers = _kickers(page, start, stop)
        end = _block_end(lines, labels, start, stop, kickers)
        claims.related.extend(rules.teaser_cards(lines[start:end], [k for k in kickers if k < end - start]))
        for j in range(start, end):
            claims.claim(j, "teaser", "related")
        i = max(end, start)


def _block_stop(page: _Page, start: int) -> int:
    """The first line after ``start`` that cannot be part of a teaser block."""
    last = min(len(page.texts), start + MAX_RELATED_LINES)
    for j in range(start, last):
        cue = page.cue(j)
        if (cue is not None and cue.cue in _BLOCK_ENDS) or j in page.openers:
            return j
    return last


def _kickers(page: _Page, start: int, stop: int) -> list[int]:
    """Section labels of the cards in ``lines[start:stop]`` (block offsets), chained card by card.

    A repeated furniture line ("Advertisement") is not a section label.
    """
    found = [k for k in rules.card_kickers(page.lines[start:stop]) if page.cue(start + k) is None]
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


def _claim_images(page: _Page, labels: Sequence[str], claims: _Claims, hints: rules.PageHints) -> None:
    """Captions printed twice, captions next to a credit line, captions with a credit glued on."""
    lines, lex = page.lines, page.lex
    for i in _image_candidates(page.texts, labels, hints):
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


def _image_candidates(texts: Sequence[str], labels: Sequence[str], hints: rules.PageHints) -> list[int]:
    """The lines ``_claim_images`` can claim: a long line the next one repeats, an "other" line with a credit hint."""
    repeated = compress(range(len(texts) - 1), map(str.startswith, texts[1:], texts[:-1]))
    found = {i for i in repeated if len(texts[i]) >= rules.MIN_REPEAT_CHARS}
    found.update(i for i in hints.agency | hints.credit if labels[i] == "other")
    return sorted(found)


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


def _claim_marks(page: _Page, labels: Sequence[str], claims: _Claims, hints: rules.PageHints) -> None:
    """Agency lines, agency marks in paragraphs, bylines (also a prefix line with the names below)."""
    lines, texts, lex = page.lines, page.texts, page.lex
    # Lines without an agency name, a byline prefix or a main-text label cannot yield anything here.
    idx = range(len(texts))
    body = compress(idx, map(BODY_KINDS.__contains__, labels))
    bylines = compress(idx, map(str.startswith, texts, repeat(lex.byline_starts)))  # rules.may_byline
    agency = (j for j in hints.agency if len(texts[j]) <= rules.MAX_AGENCY_LINE_CHARS)
    for i in sorted({*body, *bylines, *agency}):
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


def _title_and_lead(page: _Page, labels: Sequence[str], claims: _Claims) -> list[str]:
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
        title = next((i for i in range(first - 1, -1, -1) if _headline_line(page, i, out[i], claims)), None)
        if title is not None:
            out[title] = "title"
    if title is not None and title < first and "lead" not in out and out[first] == "paragraph":
        after = next(
            (lab for i, lab in enumerate(out[first + 1 :], first + 1) if _is_main(lab) and i not in claims.kind), None
        )
        if after == "paragraph" and len(page.texts[first].split()) <= MAX_LEAD_WORDS:
            out[first] = "lead"
    return out


def _is_main(label: str) -> bool:
    """Whether a label puts its line in the main text."""
    return label in BODY_KINDS or label == "lead"


def _headline_line(page: _Page, i: int, label: str, claims: _Claims) -> bool:
    """An unclaimed "other" line shaped like a headline: a few words, no sentence end, no cue."""
    text = page.texts[i]
    if label != "other" or i in claims.kind or rules.ends_sentence(text.rstrip("?!")):
        return False
    words = text.split()
    return HEADLINE_WORDS[0] <= len(words) <= HEADLINE_WORDS[1] and page.cue(i) is None


def _parts(page: _Page, labels: Sequence[str], claims: _Claims) -> PageParts:
    """Main text from the unclaimed lines, furniture from the rest."""
    title: str | None = None
    lead: list[str] = []
    body: list[Block] = []
    furniture: list[Furniture] = []
    for i, (line, label) in enumerate(zip(page.lines, labels, strict=True)):
        if i in claims.kind:
            furniture.append(Furniture(line.text, claims.kind[i], line.start, line.end))
        elif label == "title" and title is None:
            title = line.text
        elif label == "lead" and not body:
            lead.append(line.text)
        elif label in _MAIN_LABELS and rules.listed_cue(line.text, page.lex) is None:
            body.append(Block(BODY_KINDS.get(label, "paragraph"), line.text, line.start, line.end))
        else:
            furniture.append(Furniture(line.text, _furniture_kind(page, i, claims), line.start, line.end))
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


def _furniture_kind(page: _Page, i: int, claims: _Claims) -> FurnitureKind:
    """The furniture class of unclaimed line ``i``: its cue's (``furniture_cue``), else by its length."""
    cue = page.cue(i)
    if cue is not None:
        claims.cue[i] = cue.cue
        return cue.kind
    # At most MAX_NAV_WORDS words: a split that stops after them leaves no more parts.
    return "navigation" if len(page.texts[i].split(None, MAX_NAV_WORDS)) <= MAX_NAV_WORDS else "other"


def _warnings(body: Sequence[Block], claims: _Claims) -> tuple[str, ...]:
    """ "paywalled" when a paywall notice was seen, "truncated" when the text stops mid-sentence."""
    out: list[str] = []
    if "paywall" in claims.cue.values():
        out.append("paywalled")
    paragraphs = [b for b in body if b.kind == "paragraph"]
    if paragraphs and rules.truncated(paragraphs[-1].text):
        out.append("truncated")
    return tuple(out)
