"""Benchmark the enrich stage: claims P/R/F1, time-expression accuracy (vs dateparser), speed.

Usage::

    nice -n 10 .venv/bin/python tools/bench_enrich.py [--dev ../shared/bench/extraction/dev] [--n 200]

Claims are scored on the five tuning golds (``claims_gold.jsonl``, annotated before the
rules were written; ``claims_gold_heldout.jsonl``, held out in the second round and tuned on
in the third; ``claims_gold_heldout2.jsonl``, the third round's held-out set, tuned on in the
fourth; ``claims_gold_heldout3.jsonl``, the fourth round's held-out set, tuned on in the fifth;
``claims_gold_heldout4.jsonl``, the fifth round's held-out set, tuned on in the sixth).
A held-out set written while the rules are tuned is scored only when named with ``--score-set``
(``--score-set claims_gold_heldout5``, after the freeze: aggregate figures only); time expressions on
``timex_gold.jsonl``; dateparser 1.5.0
(``pip install .[bench]``) is run on the same expressions in the same run.
Speed: the whole stage (language, sentences, time expressions, claims, and
entities when the NER models are present) on dev-page bodies cut to ~600 words,
one process on one core.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from newsweave.enrich import enrich, load_enrich_models
from newsweave.enrich.claims import find_claims
from newsweave.enrich.dates import find_time_expressions
from newsweave.enrich.scoring import case_body, read_gold, score_claims, score_timex
from newsweave.enrich.sentences import split_sentences
from newsweave.errors import NewsweaveError
from newsweave.model import Article, Block, Published, join_text
from newsweave.settings import EnrichSettings

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data"
WORDS = 600
# Words per paragraph block of a bench article (block languages are identified per block).
PARAGRAPH = 60
# Claim gold sets tuned on (heldout2, heldout3 and heldout4 were the third, fourth and fifth rounds'
# held-out sets). A held-out set is added with --score-set only after the freeze (aggregate figures only).
NAMES = ("claims_gold", "claims_gold_heldout", "claims_gold_heldout2", "claims_gold_heldout3", "claims_gold_heldout4")


def bench_claims(dev: Path, models, extra: tuple[str, ...] = ()) -> None:
    def find(body: str, lang: str):
        return find_claims(body, split_sentences(body, models.splitters[lang]), models.claims[lang])

    for name in NAMES + extra:
        if not (GOLD / f"{name}.jsonl").exists():
            print(f"{name}: not present")
            continue
        for lang in ("de", "en", "all"):
            path = GOLD / f"{name}.jsonl"
            if lang != "all":
                path = _subset(path, lang)
            s = score_claims(path, dev, find)
            print(
                f"{name} {lang}: P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}"
                f" (gold {s.gold}, predicted {s.predicted})"
            )


def _subset(path: Path, lang: str) -> Path:
    out = Path("/tmp") / f"nw_{path.stem}_{lang}.jsonl"
    lines = [line for line in path.read_text("utf-8").splitlines() if json.loads(line)["lang"] == lang]
    out.write_text("\n".join(lines) + "\n", "utf-8")
    return out


def _granular(value: str, when: datetime) -> str:
    """dateparser's datetime at the granularity of the gold value."""
    if "-W" in value:
        y, w, _ = when.isocalendar()
        return f"{y}-W{w:02d}"
    return when.strftime({4: "%Y", 7: "%Y-%m"}.get(len(value), "%Y-%m-%d"))


def bench_timex(dev: Path, models) -> None:
    path = GOLD / "timex_gold.jsonl"
    t0 = time.perf_counter()
    right, total = score_timex(path, dev, lambda b, lang, ref: find_time_expressions(b, ref, models.time[lang]))
    ours = time.perf_counter() - t0
    print(f"timex newsweave: {right}/{total} = {right / total:.3f} ({ours:.2f}s)")
    try:
        from dateparser.search import search_dates
    except ImportError:
        print("timex dateparser: not installed (pip install .[bench])")
        return
    ok, t0 = 0, time.perf_counter()
    for rec, body in read_gold(path, dev):
        lo, hi = max(0, rec["start"] - 150), min(len(body), rec["end"] + 150)
        base = datetime.fromisoformat(rec["date"])
        hits = search_dates(body[lo:hi], languages=[rec["lang"]], settings={"RELATIVE_BASE": base}) or []
        pos = rec["start"] - lo
        for text, when in hits:
            at = body[lo:hi].find(text)
            if at <= pos + (rec["end"] - rec["start"]) and pos < at + len(text):
                ok += _granular(rec["value"], when) == rec["value"]
                break
    print(f"timex dateparser: {ok}/{total} = {ok / total:.3f} ({time.perf_counter() - t0:.2f}s)")


def articles(dev: Path, n: int) -> Iterator[Article]:
    manifest = [json.loads(line) for line in (dev / "manifest.jsonl").open()]
    cases = [m for m in manifest if m["lang"] in {"de", "en"} and m["gold_type"] == "body"]
    made = 0
    while made < n:
        for m in cases:
            words = case_body(dev, m["id"]).split()
            if len(words) < WORDS // 2:
                continue
            words = (words * 2)[:WORDS]
            body = tuple(Block("paragraph", " ".join(words[i : i + PARAGRAPH])) for i in range(0, WORDS, PARAGRAPH))
            yield Article(
                id=m["id"],
                source=m["id"],
                text=join_text(None, body),
                body=body,
                published=Published(datetime(2024, 5, 3), "given"),
            )
            made += 1
            if made == n:
                return


def bench_speed(dev: Path, n: int) -> None:
    for entities in (False, True):
        cfg = EnrichSettings(entities=entities)
        try:
            models = load_enrich_models(cfg)
        except NewsweaveError as err:
            print(f"speed entities={entities}: skipped ({err.code}: {err.message})")
            continue
        batch = list(articles(dev, n))
        enrich(batch[0], cfg, models)  # warm-up
        t0, c0 = time.perf_counter(), time.process_time()
        for art in batch:
            enrich(art, cfg, models)
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(
            f"speed entities={entities}: {n} articles of {WORDS} words in {took:.2f}s wall = {n / took:.1f} articles/s,"
            f" {cpu:.2f}s CPU = {n / cpu:.1f} articles/s/core"
        )


def bench_splitters(dev: Path, n: int) -> None:
    import pysbd

    models = load_enrich_models(EnrichSettings(entities=False))
    batch = list(articles(dev, n))
    t0 = time.perf_counter()
    for art in batch:
        split_sentences(art.text, models.splitters["de"])
    ours = time.perf_counter() - t0
    seg = pysbd.Segmenter(language="de", clean=False, char_span=True)
    t0 = time.perf_counter()
    for art in batch[: max(1, n // 10)]:
        seg.segment(art.text)
    theirs = (time.perf_counter() - t0) * n / max(1, n // 10)
    print(f"sentences: newsweave {n / ours:.0f} articles/s, pysbd {n / theirs:.1f} articles/s (x{theirs / ours:.0f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "bench" / "extraction" / "dev")
    parser.add_argument("--n", type=int, default=200, help="articles for the speed run")
    parser.add_argument("--claims-only", action="store_true", help="only the claim scores")
    parser.add_argument(
        "--score-set", action="append", default=[], help="also score this held-out claim gold (tests/data/NAME.jsonl)"
    )
    args = parser.parse_args()
    models = load_enrich_models(EnrichSettings(entities=False))
    bench_claims(args.dev, models, tuple(args.score_set))
    if args.claims_only:
        return
    bench_timex(args.dev, models)
    bench_splitters(args.dev, args.n)
    bench_speed(args.dev, args.n)
    print(f"measured {date.today().isoformat()}")


if __name__ == "__main__":
    main()
