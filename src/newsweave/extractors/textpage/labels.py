"""The label set and the alignment of gold texts with page lines.

Consumes a page's :class:`~newsweave.extractors.textpage.segment.Line` records
and a benchmark gold record (``gold.json`` of the extraction benchmark) and
produces one training label and one weight per line. Body gold (fundus,
scrapinghub) labels every line; snippet gold (the trafilatura set) labels only
the lines that hold a snippet and gives the others weight 0.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from newsweave.extractors.textpage.segment import Line

LABELS: tuple[str, ...] = ("title", "lead", "paragraph", "heading", "list_item", "quote", "other")
"""Line labels; ``other`` is everything that is not main text (furniture, captions, teasers)."""
BODY_LABELS = frozenset({"lead", "paragraph", "heading", "list_item", "quote"})
"""Labels whose lines make ``Article.text``."""
LABEL_INDEX = {label: i for i, label in enumerate(LABELS)}

# A line shorter than this (characters) must equal a gold unit to count as body:
# short strings ("Foto", "Mehr", a date) occur inside gold paragraphs by chance.
# 25 was set by hand; the oracle score train_textpage.py prints (labels -> text, 0.991
# on dev) guards it.
MIN_SUBSTRING_CHARS = 25
# A line not found verbatim in the gold still counts as body when at least this
# share of its word trigrams occur in the gold body (pages print link hints such
# as "(öffnet im neuen Fenster)" or fix typos the gold does not have) and it has
# at least MIN_TRIGRAMS of them. With it the oracle body F1 on dev rose from 0.986
# to 0.991; 0.6 was set by reading the unmatched lines of the worst cases, not swept.
TRIGRAM_SHARE = 0.6
MIN_TRIGRAMS = 4
_WORD = re.compile(r"\w+")
_TERMINAL = re.compile(r"[.!?…。！？:;][\"'”“»«)\]]*$")


def norm(text: str) -> str:
    """Whitespace-normalised text, the form gold and lines are compared in."""
    return " ".join(text.split())


def gold_units(gold: dict[str, Any]) -> list[tuple[str, str]]:
    """The gold body as ``(text, label)`` units in reading order."""
    if gold.get("sections") is not None or gold.get("lead"):
        units = [(norm(t), "lead") for t in gold.get("lead") or []]
        for section in gold.get("sections") or []:
            units += [(norm(t), "heading") for t in section.get("headline") or []]
            units += [(norm(t), "paragraph") for t in section.get("paragraphs") or []]
        return [u for u in units if u[0]]
    units = []
    for part in re.split(r"\n", gold.get("body") or ""):
        text = norm(part)
        if text:
            units.append((text, _shape_label(text)))
    return units


def _shape_label(text: str) -> str:
    """``heading`` for a short unit without final punctuation, else ``paragraph``."""
    return "heading" if len(text.split()) <= 14 and not _TERMINAL.search(text) else "paragraph"


def align(lines: Sequence[Line], gold: dict[str, Any]) -> tuple[list[str], list[float]]:
    """Training labels and weights for the lines of one page.

    Args:
        lines: the page's lines from ``segment``.
        gold: the case's ``gold.json`` record.

    Returns:
        One label (from ``LABELS``) and one weight per line.
    """
    if gold.get("gold_type") == "snippets":
        return _align_snippets(lines, gold)
    units = gold_units(gold)
    labels = ["other"] * len(lines)
    _label_body(lines, units, labels)
    _label_title(lines, gold.get("title"), labels)
    return labels, [1.0] * len(lines)


def _label_body(lines: Sequence[Line], units: list[tuple[str, str]], labels: list[str]) -> None:
    """Mark lines that are (part of) gold units, at most as often as the gold has them."""
    by_text: dict[str, str] = {}
    budget: dict[str, int] = defaultdict(int)
    for text, label in units:
        by_text.setdefault(text, label)
        budget[text] += 1
    joined = "\n".join(t for t, _ in units)
    hits: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        text = norm(line.text)
        if text in by_text or (len(text) >= MIN_SUBSTRING_CHARS and text in joined):
            hits[text].append(i)
    matched = sorted(i for idx in hits.values() for i in idx)
    if not matched:
        return
    _label_fuzzy(lines, joined, set(matched), labels)
    centre = matched[len(matched) // 2]
    for text, idx in hits.items():
        keep = sorted(idx, key=lambda i: abs(i - centre))[: max(budget.get(text, 0), 1)]
        for i in keep:
            label = by_text.get(text, "paragraph")
            labels[i] = "list_item" if lines[i].bullet and label == "paragraph" else label


def _trigrams(text: str) -> list[tuple[str, ...]]:
    words = _WORD.findall(text)
    return [tuple(words[i : i + 3]) for i in range(len(words) - 2)]


def _label_fuzzy(lines: Sequence[Line], joined: str, matched: set[int], labels: list[str]) -> None:
    """Mark near-verbatim gold lines (see ``TRIGRAM_SHARE``) as paragraphs or list items."""
    # Trigrams already covered by matched lines are spent: a second copy of a
    # paragraph (a teaser repeating the lead, a caption printed twice) stays other.
    gold = set(_trigrams(joined)).difference(*(_trigrams(lines[i].text) for i in matched))
    for i, line in enumerate(lines):
        if i in matched:
            continue
        grams = _trigrams(line.text)
        if len(grams) >= MIN_TRIGRAMS and sum(g in gold for g in grams) >= TRIGRAM_SHARE * len(grams):
            labels[i] = "list_item" if line.bullet else "paragraph"
            gold.difference_update(grams)


def _label_title(lines: Sequence[Line], title: str | None, labels: list[str]) -> None:
    """Mark the headline: the last line equal to the gold title before the first body line."""
    if not title:
        return
    target = norm(title)
    first_body = next((i for i, lab in enumerate(labels) if lab in BODY_LABELS), len(lines))
    cands = [i for i, line in enumerate(lines) if labels[i] == "other" and norm(line.text) == target]
    before = [i for i in cands if i < first_body]
    if before or cands:
        labels[(before or cands)[-1]] = "title"


def _align_snippets(lines: Sequence[Line], gold: dict[str, Any]) -> tuple[list[str], list[float]]:
    """Weak labels from ``with``/``without`` snippets; unlabelled lines get weight 0."""
    labels = ["other"] * len(lines)
    weights = [0.0] * len(lines)
    withs = [norm(w) for w in gold.get("with") or [] if norm(w)]
    withouts = [norm(w) for w in gold.get("without") or [] if norm(w)]
    for i, line in enumerate(lines):
        text = norm(line.text)
        if any(w in text for w in withouts):
            weights[i] = 1.0
        elif any(w in text for w in withs):
            labels[i] = "list_item" if line.bullet else _shape_label(text)
            weights[i] = 1.0
    title = gold.get("title")
    if title:
        for i, line in enumerate(lines):
            if weights[i] == 0.0 and norm(line.text) == norm(title):
                labels[i], weights[i] = "title", 1.0
                break
    return labels, weights
