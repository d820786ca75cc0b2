"""HTML-mode benchmark: body/snippet predictions, fundus field scores, speed vs trafilatura.

Runs newsweave's HTML extractor over the DEV pages of the extraction benchmark
and writes, per case, ``BODY_DIR/<id>.json`` (``{"body": text}``, for
``score.py``) and, for fundus cases, ``FIELDS_DIR/<id>.json`` in the format of
``score_fields.py``. With ``--speed`` it also times trafilatura (``bare_extraction``
with metadata, its default) and newsweave (all metadata on) on the same pages
in the same process, in pages per CPU-second (``time.process_time``), inputs
already in memory and decompressed, alternating passes.

Usage::

    nice -n 10 .venv/bin/python tools/bench_fields.py --shared ../shared --out /tmp/nw-html [--speed 3]
    python3 ../shared/bench/extraction/score.py --cases ../shared/bench/extraction/dev --pred /tmp/nw-html/body
    python3 ../shared/bench/extraction/score_fields.py --cases ../shared/bench/extraction/dev/fundus \
        --pred /tmp/nw-html/fields
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from pathlib import Path
from typing import Any

from newsweave.errors import NewsweaveError
from newsweave.extractors import extract
from newsweave.model import Article
from newsweave.readers import RawDoc
from newsweave.settings import ExtractSettings


def load_cases(dev: Path, sets: set[str] | None) -> list[dict[str, Any]]:
    """Manifest rows of DEV with the page bytes (decompressed) attached."""
    cases = []
    for line in (dev / "manifest.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        if sets and row["set"] not in sets:
            continue
        row["html"] = gzip.decompress((dev / row["path"] / "page.html.gz").read_bytes())
        cases.append(row)
    return cases


def fields_of(article: Article | None) -> dict[str, Any]:
    """The score_fields.py prediction of one article (agencies are reported as authors too)."""
    if article is None:
        return {}
    return {
        "title": article.title,
        "date": article.published.value.isoformat() if article.published else None,
        # fundus gold lists agencies ("dpa") as authors: we report them in `agencies`
        # and score the union, people first.
        "authors": [*article.authors, *article.agencies],
        "lead": article.lead,
        "text": "\n".join(b.text for b in article.body),
        "headings": [b.text for b in article.body if b.kind == "heading"],
        "captions": [i.caption for i in article.images if i.caption],
        "credits": [i.credit for i in article.images if i.credit],
    }


def run_newsweave(cases: list[dict[str, Any]], out: Path | None) -> float:
    """Extract every case; write predictions when ``out`` is given. Returns CPU seconds."""
    cfg = ExtractSettings(input_format="html")
    start = time.process_time()
    for case in cases:
        try:
            article: Article | None = extract(RawDoc(case["id"], case["html"], "html", case["url"]), cfg)
        except NewsweaveError:
            article = None
        if out is None:
            continue
        body = {"body": article.text if article else ""}
        (out / "body" / f"{case['id']}.json").write_text(json.dumps(body, ensure_ascii=False), "utf-8")
        if case["set"] == "fundus":
            pred = json.dumps(fields_of(article), ensure_ascii=False)
            (out / "fields" / f"{case['id']}.json").write_text(pred, "utf-8")
    return time.process_time() - start


def run_trafilatura(cases: list[dict[str, Any]]) -> float:
    """trafilatura 2.3.1 with metadata (title, author, date via htmldate) on the same inputs."""
    import trafilatura

    start = time.process_time()
    for case in cases:
        trafilatura.bare_extraction(case["html"], url=case["url"], with_metadata=True, include_comments=False)
    return time.process_time() - start


def main() -> None:
    """Command line: predictions, then optional speed passes."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, required=True, help="prediction folder (outside the repo)")
    ap.add_argument("--sets", help="comma-separated sets (default all)")
    ap.add_argument("--speed", type=int, default=0, help="timed passes per tool (median reported)")
    args = ap.parse_args()
    dev = args.shared / "bench" / "extraction" / "dev"
    cases = load_cases(dev, set(args.sets.split(",")) if args.sets else None)
    for sub in ("body", "fields"):
        (args.out / sub).mkdir(parents=True, exist_ok=True)
    cpu = run_newsweave(cases, args.out)
    print(f"newsweave: {len(cases)} pages, {cpu:.1f} CPU-s (prediction pass)")
    if args.speed:
        ours, theirs = [], []
        for _ in range(args.speed):
            theirs.append(len(cases) / run_trafilatura(cases))
            ours.append(len(cases) / run_newsweave(cases, None))
        t, n = statistics.median(theirs), statistics.median(ours)
        print(f"speed pages/CPU-s (median of {args.speed}): trafilatura {t:.1f}, newsweave {n:.1f}, ratio {n / t:.2f}")
        print("  passes trafilatura", [round(x, 1) for x in theirs], "newsweave", [round(x, 1) for x in ours])


if __name__ == "__main__":
    main()
