"""Scoring claims and time expressions against the reference gold sets.

Consumes the gold files in ``tests/data`` (``claims_gold.jsonl``,
``claims_gold_heldout.jsonl``, ``timex_gold.jsonl``: case id, character offsets into the case's gold body,
a short SHA-1 of the annotated text, and labels) plus the dev pages they point
to (``../shared/bench/extraction/dev``); produces precision/recall/F1 of
(source, modality) per claim and accuracy of normalised time values. The page
text is read at evaluation time and never stored with the annotations.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from newsweave.model import Claim, TimeExpression

# Words ignored when comparing a predicted source with the gold one.
SOURCE_FILLER = {"the", "a", "an", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "s"}
# Sources match when their heads agree on this many leading characters (inflection:
# "russischer"/"russische", "Medienberichten"/"Medienberichte").
HEAD_PREFIX = 5


@dataclass(frozen=True, slots=True)
class Score:
    """Counts and the figures derived from them."""

    true_pos: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        """Share of predictions that are right."""
        return self.true_pos / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Share of gold items found."""
        return self.true_pos / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _heads(phrase: str) -> list[str]:
    return [t[:HEAD_PREFIX] for t in re.findall(r"\w+", phrase.casefold()) if t not in SOURCE_FILLER]


def source_matches(gold: str | None, predicted: str | None) -> bool:
    """Gold ``A|B`` alternatives against a predicted source: the head of one is in the other."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    pred = _heads(predicted)
    for alt in gold.split("|"):
        want = _heads(alt)
        if want and pred and (want[-1] in pred or pred[-1] in want):
            return True
    return False


@cache
def _stories_texts(docs: Path) -> dict[str, str]:
    """``id`` -> ``text`` of the stories benchmark's news documents, read once."""
    if not docs.is_file():
        raise FileNotFoundError(f"stories documents not found: {docs} (needed for st-<id> gold cases)")
    with docs.open(encoding="utf-8") as fh:
        return {row["id"]: row["text"] for row in map(json.loads, fh)}


@cache
def case_body(dev: Path, case: str) -> str:
    """The gold body text of one dev case; its ``page.txt`` where the gold has snippets only (trafilatura).

    Case ids ``st-<id>`` name a news document of the stories benchmark (``dev/../../stories/dev/docs.jsonl``).
    """
    if case.startswith("st-"):
        return _stories_texts(dev.parent.parent / "stories" / "dev" / "docs.jsonl")[case[3:]]
    folder = "fundus" if case.startswith("fu-") else "scrapinghub" if case.startswith("sh-") else "trafilatura"
    body: str | None = json.loads((dev / folder / case / "gold.json").read_text("utf-8"))["body"]
    return body if body is not None else (dev / folder / case / "page.txt").read_text("utf-8")


def read_gold(path: Path, dev: Path) -> Iterator[tuple[dict[str, Any], str]]:
    """Gold records with their case body; raises ValueError when a span's hash does not match."""
    for line in path.read_text("utf-8").splitlines():
        rec = json.loads(line)
        body = case_body(dev, rec["case"])
        span = body[rec["start"] : rec["end"]]
        if hashlib.sha1(span.encode()).hexdigest()[:10] != rec["sha1"]:
            raise ValueError(f"{rec['case']}@{rec['start']}: annotated text changed")
        yield rec, body


def score_claims(path: Path, dev: Path, find: Callable[[str, str], tuple[Claim, ...]]) -> Score:
    """(source, modality) P/R/F1 over the claim gold; ``find(body, lang)`` runs the extractor."""
    tp = npred = ngold = 0
    found: dict[str, tuple[Claim, ...]] = {}
    for rec, body in read_gold(path, dev):
        if rec["case"] not in found:
            found[rec["case"]] = find(body, rec["lang"])
        pred = [c for c in found[rec["case"]] if rec["start"] <= c.start < rec["end"]]
        npred, ngold = npred + len(pred), ngold + len(rec["claims"])
        free = list(pred)
        for g in rec["claims"]:
            hit = next((c for c in free if c.modality == g["modality"] and source_matches(g["source"], c.source)), None)
            if hit is not None:
                free.remove(hit)
                tp += 1
    return Score(tp, npred, ngold)


def score_timex(path: Path, dev: Path, find: Callable[[str, str, date], tuple[TimeExpression, ...]]) -> tuple[int, int]:
    """(correct, total): a gold expression is right when an overlapping prediction has its value."""
    right = total = 0
    found: dict[str, tuple[TimeExpression, ...]] = {}
    for rec, body in read_gold(path, dev):
        if rec["case"] not in found:
            found[rec["case"]] = find(body, rec["lang"], date.fromisoformat(rec["date"]))
        hit = [t for t in found[rec["case"]] if t.start < rec["end"] and rec["start"] < t.end]
        total += 1
        right += bool(hit) and hit[0].value == rec["value"]
    return right, total
