"""Benchmark newsweave's NER: strict held-out scores, the golden page, and speed.

Reads ``<shared>/data/ner`` (held-out splits as in ``tools/train_ner.py``), the golden page
``<shared>/golden/presse-kim-putin`` and the gold body texts of the extraction dev pages (as
~600-word articles for timing), and prints Markdown for docs/BENCHMARKS.md. Speed is CPU time
of this process (``time.process_time``), so it is per core and robust to a shared machine.

Usage:
    nice -n 10 .venv/bin/python tools/bench_ner.py --shared ../shared [--articles 200]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import newsweave
from newsweave.enrich.ner import NerModels, find_entities, load_models
from newsweave.enrich.ner.evaluate import Score, evaluate, read_records
from newsweave.errors import NewsweaveError
from newsweave.model import Article, content_id

WORDS = 600


def held_out(shared: Path) -> list[tuple[str, str, dict[str, Score]]]:
    """(language, set name, scores) for every held-out set."""
    from newsweave.enrich.ner.model import load_model

    root = shared / "data" / "ner"
    germeval = [r for r in read_records(root / "de" / "germeval2014.dev.jsonl.gz") if int(r["id"][-5:]) % 10 == 0]
    sets = [
        ("de", "GermEval 2014 dev, ids % 10 == 0 (220 sentences, never trained on)", germeval),
        (
            "de",
            "SmartData dev (held out; other guidelines, no OTH)",
            list(read_records(root / "de" / "smartdata.dev.jsonl.gz")),
        ),
        ("en", "WNUT-17 dev (held out)", list(read_records(root / "en" / "wnut17.dev.jsonl.gz"))),
    ]
    return [(lang, name, evaluate(load_model(lang), recs)) for lang, name, recs in sets]


def golden(shared: Path, models: NerModels) -> tuple[int, int, list[str]]:
    """Gold entities of the golden page found with the right type and canonical name."""
    case = shared / "golden" / "presse-kim-putin"
    gold = json.loads((case / "gold.json").read_text("utf-8"))["entities"]
    article = newsweave.extract((case / "page.txt").read_text("utf-8"), input_format="text", date="2019-04-23")
    mentions = find_entities(article, models)
    canonical = {a: n for n, aliases in gold["aliases"].items() for a in aliases}
    total, missed = 0, []
    for label in ("PER", "ORG", "LOC"):
        for name in gold[label]:
            total += 1
            want = canonical.get(name, name)
            if not any(m.label == label and m.entity == want and name in (m.text, m.entity) for m in mentions):
                missed.append(f"{label} {name}")
    return total - len(missed), total, missed


def articles(shared: Path, lang: str, limit: int) -> list[Article]:
    """~600-word articles from the gold bodies of the extraction dev pages in ``lang``."""
    root = shared / "bench" / "extraction" / "dev"
    out: list[Article] = []
    for line in (root / "manifest.jsonl").read_text("utf-8").splitlines():
        entry = json.loads(line)
        if entry.get("lang") != lang:
            continue
        gold = json.loads((root / entry["path"] / "gold.json").read_text("utf-8"))
        words = str(gold.get("body") or "").split(" ")
        if len(words) >= WORDS // 2:
            text = " ".join(words[:WORDS])
            out.append(Article(id=content_id(None, None, text), source=entry["id"], text=text, language=lang))
        if len(out) >= limit:
            break
    return out


def speed(models: NerModels, docs: list[Article]) -> tuple[float, float, float, int]:
    """(cold and warm CPU ms per article, cold articles per CPU second, mean words) over ``docs``.

    Cold: the first pass, after a warm-up on five articles, so most words are new to the
    per-word caches (as in a fresh corpus); warm: a second pass over the same articles.
    """
    for doc in docs[:5]:
        find_entities(doc, models)
    passes = []
    for _ in range(2):
        start = time.process_time()
        for doc in docs:
            find_entities(doc, models)
        passes.append(time.process_time() - start)
    words = sum(len(d.text.split()) for d in docs) // max(len(docs), 1)
    return 1000 * passes[0] / len(docs), 1000 * passes[1] / len(docs), len(docs) / passes[0], words


def main(argv: list[str] | None = None) -> int:
    """Print the Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args(argv)
    models = load_models()
    print("| language | held-out set | PER F1 | ORG F1 | LOC F1 | OTH F1 | P | R | **strict F1** |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for lang, name, sc in held_out(args.shared):
        per_type = [f"{sc[t].f1:.3f}" if t in sc else "–" for t in ("PER", "ORG", "LOC", "OTH")]
        a = sc["ALL"]
        print(f"| {lang} | {name} | {' | '.join(per_type)} | {a.precision:.3f} | {a.recall:.3f} | **{a.f1:.3f}** |")
    print("\n| language | articles | mean words | NER CPU ms / article, cold | warm | articles / s / core, cold |")
    print("|---|---:|---:|---:|---:|---:|")
    for lang in ("de", "en"):
        docs = articles(args.shared, lang, args.articles)
        cold, warm, per_s, words = speed(models, docs)
        print(f"| {lang} | {len(docs)} | {words} | {cold:.2f} | {warm:.2f} | {per_s:.0f} |")
    try:
        found, total, missed = golden(args.shared, models)
    except NewsweaveError as err:  # the text extractor is another stage; report, do not hide
        print(f"\nGolden page presse-kim-putin: not scored, extraction failed ({err.code})")
        return 1
    print(
        f"\nGolden page presse-kim-putin: {found} of {total} gold entities with type and canonical name"
        + (f" (missed: {', '.join(missed)})" if missed else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
