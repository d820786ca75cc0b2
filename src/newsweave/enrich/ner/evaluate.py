"""Strict span scoring of NER output, conlleval/seqeval style.

Consumes gold and predicted BIO tag sequences (or the JSONL files of ``../shared/data/ner``)
and produces precision, recall and F1 per type and overall: a predicted entity counts only if
its start, end and type all match a gold entity exactly.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from newsweave.enrich.ner.model import spans
from newsweave.errors import NewsweaveError

TYPES = ("PER", "ORG", "LOC", "OTH")


class Tagger(Protocol):
    """Anything that BIO-tags a list of words (the CRF model, a spaCy pipeline)."""

    def tag(self, words: list[str]) -> list[str]:
        """One BIO tag per word."""
        ...


@dataclass(frozen=True, slots=True)
class Score:
    """Counts and strict P/R/F1 for one type (or ``ALL``)."""

    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """True positives over predicted entities."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """True positives over gold entities."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON form with rounded ratios."""
        return {
            "label": self.label,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def score(pairs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> dict[str, Score]:
    """Strict span scores per type and ``ALL`` over (gold tags, predicted tags) pairs."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold_tags, pred_tags in pairs:
        gold = {(s.start, s.end, s.label) for s in spans(gold_tags)}
        pred = {(s.start, s.end, s.label) for s in spans(pred_tags)}
        for _, _, label in gold & pred:
            tp[label] += 1
        for _, _, label in pred - gold:
            fp[label] += 1
        for _, _, label in gold - pred:
            fn[label] += 1
    labels = sorted(set(tp) | set(fp) | set(fn), key=lambda x: ((*TYPES, x)).index(x))
    out = {label: Score(label, tp[label], fp[label], fn[label]) for label in labels}
    out["ALL"] = Score("ALL", sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return out


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a NER JSONL file (``.jsonl`` or ``.jsonl.gz``) with ``tokens`` and ``tags``.

    Raises:
        NewsweaveError: ``NW101`` if the file cannot be opened, ``NW107`` for a bad record.
    """
    try:
        with gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as err:
        raise NewsweaveError("NW101", source=str(path), why=err.strerror or str(err)) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            ok = len(record["tokens"]) == len(record["tags"])
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            raise NewsweaveError("NW107", source=f"{path}:{n}", why="needs tokens and tags of equal length")
        yield record


def evaluate(model: Tagger, records: Iterable[dict[str, Any]]) -> dict[str, Score]:
    """Tag every record's tokens with ``model`` and score against its ``tags``."""
    return score((r["tags"], model.tag(r["tokens"])) for r in records)
