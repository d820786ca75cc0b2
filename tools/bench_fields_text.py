#!/usr/bin/env python3
"""Text-mode field scores on the fundus gold, and the body effect of the text-page rules.

Reads ``page.txt`` of the extraction benchmark's DEV cases (never the HTML),
runs the text-mode extractor (segment -> line classifier -> rules/assembly),
and writes predictions in the format of ``score_fields.py`` (title, authors,
lead, text with one block per line, headings, captions, credits). It then runs
the benchmark's own scorers:

* ``score_fields.py`` on the fundus cases (fields), next to trafilatura on the
  HTML of the same pages (``--anchor``; the field anchor of ANCHORS_FIELDS.md);
* ``score.py`` on all DEV cases twice (``--body-effect``; body F1 on fundus and
  scrapinghub, snippet F1 on the trafilatura set): the classifier's
  labels alone ("labels") and after the rules ("rules"), which is the effect of
  the rule layer on body F1;
* ``--rules-ms N``: the CPU time of the rule layer alone (``assemble``) on the first
  N DEV pages, classifier labels computed beforehand, cue caches emptied before each
  of three passes (best pass reported), with a cProfile summary (``--profile``);
* ``--extract-speed``: pages per CPU-second of the whole text-mode ``extract`` on all
  DEV ``page.txt`` (bytes in memory, one pass, cue caches empty at the start).

usage:
  .venv/bin/python tools/bench_fields_text.py [--shared ../shared] [--out /tmp/nw-fields] [--anchor] [--body-effect]
  .venv/bin/python tools/bench_fields_text.py --rules-ms 200 [--profile]
  .venv/bin/python tools/bench_fields_text.py --extract-speed
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from newsweave.extractors.textpage.assemble import PageParts, assemble
from newsweave.extractors.textpage.classifier import load_classifier
from newsweave.extractors.textpage.lexicon import load_lexicon
from newsweave.extractors.textpage.segment import segment

BODY_LABELS = {"lead", "paragraph", "heading", "list_item", "quote"}


def cases(dev: Path, sets: tuple[str, ...]) -> list[tuple[str, Path, dict[str, Any]]]:
    """(id, case dir, manifest row) of the DEV cases of ``sets``."""
    out = []
    for line in (dev / "manifest.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        if row["set"] in sets:
            case = dev / row["path"]
            out.append((row["id"], case, row))
    return out


def fields_of(parts: PageParts) -> dict[str, Any]:
    """A ``score_fields.py`` prediction from the page parts."""
    return {
        "title": parts.title,
        "authors": list(parts.authors),
        "lead": parts.lead,
        "text": "\n".join([*([parts.lead] if parts.lead else []), *(b.text for b in parts.body)]),
        "headings": [b.text for b in parts.body if b.kind == "heading"],
        "captions": [i.caption for i in parts.images if i.caption],
        "credits": [i.credit for i in parts.images if i.credit],
    }


def predict(items: list[tuple[str, Path, dict[str, Any]]], out: Path) -> float:
    """Write field predictions (``out/fields``) and body predictions with and without rules; return seconds."""
    clf, lex = load_classifier(), load_lexicon()
    for sub in ("fields", "rules", "labels"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for case_id, case, _row in items:
        lines = segment((case / "page.txt").read_text("utf-8"))
        labels = clf.predict(lines) if lines else []
        parts = assemble(lines, labels, lex)
        fields = fields_of(parts)
        (out / "fields" / f"{case_id}.json").write_text(json.dumps(fields, ensure_ascii=False))
        body = fields["text"].replace("\n", "\n\n")
        (out / "rules" / f"{case_id}.json").write_text(json.dumps({"body": body}, ensure_ascii=False))
        plain = "\n\n".join(ln.text for ln, lab in zip(lines, labels, strict=True) if lab in BODY_LABELS)
        (out / "labels" / f"{case_id}.json").write_text(json.dumps({"body": plain}, ensure_ascii=False))
    return time.perf_counter() - t0


def anchor(items: list[tuple[str, Path, dict[str, Any]]], out: Path) -> None:
    """trafilatura on the HTML of the same pages, read as ANCHORS_FIELDS.md reads it."""
    from trafilatura import bare_extraction

    target = out / "trafilatura_html"
    target.mkdir(parents=True, exist_ok=True)
    for case_id, case, row in items:
        html = gzip.decompress((case / "page.html.gz").read_bytes()).decode("utf-8", "replace")
        doc = bare_extraction(html, url=row.get("url"), with_metadata=True, include_comments=False)
        pred: dict[str, Any] = {"title": None, "authors": [], "lead": None, "text": ""}
        if doc is not None:
            pred = {
                "title": doc.title,
                "authors": [a.strip() for a in (doc.author or "").split(";") if a.strip()],
                "lead": doc.description,
                "text": doc.text or "",
            }
        (target / f"{case_id}.json").write_text(json.dumps(pred, ensure_ascii=False))


def rules_ms(dev: Path, n: int, profile: bool) -> None:
    """Print the rule layer's CPU milliseconds per page on the first ``n`` DEV pages."""
    from newsweave.extractors.textpage import rules

    clf, lex = load_classifier(), load_lexicon()
    rows = [json.loads(line) for line in (dev / "manifest.jsonl").read_text("utf-8").splitlines()][:n]
    pages = [segment((dev / row["path"] / "page.txt").read_text("utf-8")) for row in rows]
    labelled = [(lines, clf.predict(lines) if lines else []) for lines in pages]
    best = float("inf")
    for _ in range(3):
        rules.clear_caches()
        t0 = time.process_time()
        for lines, labels in labelled:
            assemble(lines, labels, lex)
        best = min(best, time.process_time() - t0)
    n_lines = sum(len(lines) for lines in pages) / max(1, len(pages))
    ms = 1000 * best / len(pages)
    print(f"rule layer: {ms:.3f} ms/page (CPU, best of 3) on {len(pages)} pages, {n_lines:.0f} lines/page")
    if profile:
        import cProfile
        import pstats

        rules.clear_caches()
        prof = cProfile.Profile()
        prof.enable()
        for lines, labels in labelled:
            assemble(lines, labels, lex)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(15)


def extract_speed(dev: Path) -> None:
    """Print pages per CPU-second of ``newsweave.extract`` in text mode on all DEV pages."""
    from newsweave import extract
    from newsweave.errors import NewsweaveError
    from newsweave.extractors.textpage import rules

    rows = [json.loads(line) for line in (dev / "manifest.jsonl").read_text("utf-8").splitlines()]
    pages = [(dev / row["path"] / "page.txt").read_bytes() for row in rows]
    extract(pages[0], input_format="text")  # load the model and the cues outside the clock
    rules.clear_caches()
    articles = 0
    t0 = time.process_time()
    for data in pages:
        try:
            extract(data, input_format="text")
            articles += 1
        except NewsweaveError:
            pass
    seconds = time.process_time() - t0
    print(f"extract, text mode: {len(pages) / seconds:.0f} pages/CPU-s ({articles} articles from {len(pages)} pages)")


def main() -> int:
    """Run the benchmark and print the scorers' tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/nw-fields"))
    ap.add_argument("--anchor", action="store_true", help="also run trafilatura on the HTML (field anchor)")
    ap.add_argument("--body-effect", action="store_true", help="score body F1 with and without the rules")
    ap.add_argument("--rules-ms", type=int, default=0, metavar="N", help="time the rule layer on N pages")
    ap.add_argument("--profile", action="store_true", help="with --rules-ms: print a cProfile summary")
    ap.add_argument("--extract-speed", action="store_true", help="time the whole text-mode extract")
    args = ap.parse_args()
    bench = args.shared / "bench" / "extraction"
    dev = bench / "dev"
    if args.extract_speed:
        extract_speed(dev)
        return 0
    if args.rules_ms:
        rules_ms(dev, args.rules_ms, args.profile)
        return 0
    sets = ("fundus", "scrapinghub", "trafilatura") if args.body_effect else ("fundus",)
    items = cases(dev, sets)
    seconds = predict(items, args.out)
    print(f"text mode: {len(items)} pages in {seconds:.1f} s ({len(items) / seconds:.1f} pages/s)")
    fundus = [it for it in items if it[2]["set"] == "fundus"]
    preds = [str(args.out / "fields")]
    if args.anchor:
        anchor(fundus, args.out)
        preds.append(str(args.out / "trafilatura_html"))
    score_fields = [sys.executable, str(bench / "score_fields.py"), "--cases", str(dev / "fundus")]
    for pred in preds:
        score_fields += ["--pred", pred]
    subprocess.run([*score_fields, "--md", str(args.out / "fields.md")], check=True)
    if args.body_effect:
        score = [sys.executable, str(bench / "score.py"), "--cases", str(dev)]
        subprocess.run([*score, "--pred", str(args.out / "labels"), "--pred", str(args.out / "rules")], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
