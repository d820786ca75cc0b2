"""The learned pair scorer: is an article about the same story as an event (or story) centroid?

Consumes the similarity signals between an article and a centroid, computed by
:mod:`newsweave.stories.cluster` (lexical cosine with running IDF, sentence-encoder cosines of
title and lead, title-word overlap, whether the languages differ); produces the probability
that both are the same story, from a logistic regression stored in ``data/pair_scorer.json``.

The weights are trained by ``tools/train_pair_scorer.py`` on half A of
``../shared/bench/stories/dev`` only (labelled SemEval pairs plus each article's nearest earlier
articles, labelled by the gold story); the thresholds on the probability are chosen there too
(event) and on our own stream (story). One model per embedder: the no-model ``lexical`` one
sees only the lexical signals.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

# All signals, in the order the models list them.
FEATURES: tuple[str, ...] = ("lex", "dtitle", "dlead", "title_ov", "cross", "lex_x_cross", "dlead_x_cross")


def pair_features(
    lex: float, title_ov: float, cross: bool, dlead: float = 0.0, dtitle: float = 0.0
) -> dict[str, float]:
    """The named signals of one article–centroid pair (``cross``: their languages differ)."""
    c = 1.0 if cross else 0.0
    return {
        "lex": lex,
        "dtitle": dtitle,
        "dlead": dlead,
        "title_ov": title_ov,
        "cross": c,
        "lex_x_cross": lex * c,
        "dlead_x_cross": dlead * c,
    }


@dataclass(frozen=True, slots=True)
class PairScorer:
    """A logistic regression over named signals, with its clustering thresholds."""

    embedder: str
    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    # Probability for an article to join an event (chosen on SemEval dev half A).
    event_threshold: float
    # Probability for a new event to join a story (chosen on tests/data/stream and the seed fixture).
    story_threshold: float

    def probability(self, signals: Mapping[str, float]) -> float:
        """P(same story) of a pair given its signals (missing ones count as 0)."""
        z = self.bias + sum(w * signals.get(n, 0.0) for n, w in zip(self.names, self.weights, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict[str, object]:
        """The JSON form stored in ``data/pair_scorer.json``."""
        return {
            "names": list(self.names),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "event_threshold": self.event_threshold,
            "story_threshold": self.story_threshold,
        }


def scorer_from_dict(embedder: str, data: Mapping[str, object]) -> PairScorer:
    """A scorer from its JSON form."""
    names = tuple(str(n) for n in data["names"])  # type: ignore[attr-defined]
    unknown = set(names) - set(FEATURES)
    if unknown:
        raise ValueError(f"pair scorer {embedder!r} uses unknown signals {sorted(unknown)}")
    return PairScorer(
        embedder,
        names,
        tuple(float(w) for w in data["weights"]),  # type: ignore[attr-defined]
        float(data["bias"]),  # type: ignore[arg-type]
        float(data["event_threshold"]),  # type: ignore[arg-type]
        float(data["story_threshold"]),  # type: ignore[arg-type]
    )


@cache
def _stored() -> dict[str, dict[str, object]]:
    text = resources.files("newsweave.stories").joinpath("data", "pair_scorer.json").read_text(encoding="utf-8")
    models: dict[str, dict[str, object]] = json.loads(text)["models"]
    return models


def load_scorer(embedder: str) -> PairScorer | None:
    """The shipped scorer for an embedder, or None when none was trained for it."""
    data = _stored().get(embedder)
    return scorer_from_dict(embedder, data) if data else None
