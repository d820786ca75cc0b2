"""Scoring a story clustering against a labelled stream.

Consumes a labelled stream (JSONL records ``id, date, lang, title, text, cluster``: the shape
of Miranda et al. 2018's data) and predicted story ids; produces pair-counting ("standard",
as Priberam's ``eval_lib.ScoreSet``) and B-cubed (Bagga & Baldwin 1998) precision, recall and
F1, and the ROC-AUC of a pair similarity.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsweave.errors import NewsweaveError
from newsweave.stories.cluster import ClusterParams, StoryIndex, timestamp
from newsweave.stories.embed import Doc, Embedder, LexicalEmbedder


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall, F1."""

    p: float
    r: float
    f1: float


@dataclass(frozen=True, slots=True)
class Scores:
    """Pairwise and B-cubed scores of one clustering."""

    n_docs: int
    n_gold: int
    n_pred: int
    pairwise: PRF
    bcubed: PRF


def _prf(p: float, r: float) -> PRF:
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def pairwise(gold: Mapping[str, str], pred: Mapping[str, str]) -> PRF:
    """Pair-counting P/R/F1: co-clustered document pairs."""
    joint = Counter((gold[i], pred[i]) for i in gold)
    tp = sum(n * (n - 1) / 2 for n in joint.values())
    pred_pairs = sum(n * (n - 1) / 2 for n in Counter(pred[i] for i in gold).values())
    gold_pairs = sum(n * (n - 1) / 2 for n in Counter(gold.values()).values())
    return _prf(tp / pred_pairs if pred_pairs else 1.0, tp / gold_pairs if gold_pairs else 1.0)


def bcubed(gold: Mapping[str, str], pred: Mapping[str, str]) -> PRF:
    """B-cubed P/R/F1 averaged over documents."""
    joint = Counter((gold[i], pred[i]) for i in gold)
    g_size = Counter(gold.values())
    p_size = Counter(pred[i] for i in gold)
    n = len(gold)
    p = sum(joint[(gold[i], pred[i])] / p_size[pred[i]] for i in gold) / n
    r = sum(joint[(gold[i], pred[i])] / g_size[gold[i]] for i in gold) / n
    return _prf(p, r)


def score(gold: Mapping[str, str], pred: Mapping[str, str]) -> Scores:
    """Both scores; every gold id must have a prediction."""
    missing = [i for i in gold if i not in pred]
    if missing:
        raise NewsweaveError("NW901", what=f"{len(missing)} documents have no predicted story, e.g. {missing[0]}")
    return Scores(
        len(gold), len(set(gold.values())), len({pred[i] for i in gold}), pairwise(gold, pred), bcubed(gold, pred)
    )


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Probability that a random positive pair scores above a random negative one (ties half)."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    pos = sum(labels)
    neg = len(labels) - pos
    if not pos or not neg:
        return float("nan")
    return (sum(r for r, y in zip(ranks, labels, strict=True) if y) - pos * (pos + 1) / 2) / (pos * neg)


def read_stream(path: Path) -> Iterator[tuple[Doc, str]]:
    """Documents and gold story labels of a labelled JSONL stream."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                doc = Doc(
                    str(r["id"]), r.get("title") or "", r["text"], r.get("lang"), (), r.get("date"), r.get("site")
                )
                label = str(r["cluster"])
            except (ValueError, KeyError, TypeError) as err:
                raise NewsweaveError("NW604", source=f"{path}:{n}", why=repr(err)) from None
            if doc.published and timestamp(doc.published) is None:
                raise NewsweaveError("NW604", source=f"{path}:{n}", why=f"bad date {doc.published!r}")
            yield doc, label


def in_stream_order(items: list[tuple[Doc, str]]) -> list[tuple[Doc, str]]:
    """Dated documents by date (stable), undated ones in file order after... none: file order if any is undated."""
    if all(d.published for d, _ in items):
        return sorted(items, key=lambda x: timestamp(x[0].published) or 0.0)
    return items


def cluster_labelled(
    items: list[tuple[Doc, str]], embedder: Embedder | None = None, params: ClusterParams | None = None
) -> tuple[dict[str, str], dict[str, str], StoryIndex]:
    """Cluster a labelled stream online in date order; return gold, predicted story ids and the index."""
    items = in_stream_order(items)
    embedder = embedder or LexicalEmbedder()
    index = StoryIndex.for_embedder(embedder.name, params)
    pred: dict[str, str] = {}
    docs = [d for d, _ in items]
    for start in range(0, len(docs), 64):
        batch = docs[start : start + 64]
        for doc, vec in zip(batch, embedder.embed(batch), strict=True):
            pred[doc.id] = index.add(doc, vec).story_id
    gold = {d.id: label for d, label in items}
    return gold, pred, index


def per_language(items: list[tuple[Doc, str]], gold: dict[str, str], pred: dict[str, str]) -> dict[str, Scores]:
    """Scores restricted to each language's documents (monolingual view)."""
    by_lang: dict[str, list[str]] = defaultdict(list)
    for d, _ in items:
        by_lang[d.lang or "?"].append(d.id)
    return {lang: score({i: gold[i] for i in ids}, pred) for lang, ids in sorted(by_lang.items())}
