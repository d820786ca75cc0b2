"""Extraction benchmark (``make bench``): newsweave in text and HTML mode against trafilatura.

Runs ``newsweave.extract`` over the DEV cases of ``../shared/bench/extraction``
in text mode (``page.txt``) and HTML mode (``page.html.gz``), plus the line
classifier alone (text mode without the rule layer), writes predictions to a
temporary directory, scores them with the benchmark's own ``score.py`` (body F1
on scrapinghub + fundus, snippet F1 on the trafilatura set, per language) and
times newsweave against trafilatura on the HTML of the same pages in the same
run: pages per CPU-second (``time.process_time``, inputs in memory, median of
``--runs`` passes). It rewrites only its own marked blocks of the two
extraction sections of ``docs/BENCHMARKS.md``.

    python tools/bench_extraction.py --shared ../shared --out docs/BENCHMARKS.md [--runs 3] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura

from newsweave import __version__ as NW_VERSION
from newsweave.errors import NewsweaveError
from newsweave.extractors import extract
from newsweave.extractors.textpage import load_classifier, segment
from newsweave.extractors.textpage.classifier import default_model_path
from newsweave.extractors.textpage.labels import BODY_LABELS
from newsweave.readers import RawDoc

ROOT = Path(__file__).resolve().parent.parent
TEXT_BLOCK = "bench_extraction:text"
HTML_BLOCK = "bench_extraction:html"
TEXT_HEADING = "## Extraction: text mode (plain-text pages)"
HTML_HEADING = "## Extraction: HTML mode and fields"
# Anchor figures of ANCHORS.md (DEV): the bars of the issue refer to these.
ANCHOR_DEV = {"trafilatura (HTML)": (0.955, 0.928), "txt_c4 (text)": (0.851, 0.792)}
BARS = {"body": 0.95, "snippets": 0.92, "speed": 500.0}


@dataclass(frozen=True)
class Case:
    """One DEV case, inputs in memory."""

    cid: str
    url: str | None
    text: str
    html: bytes


def load_cases(dev: Path, limit: int | None) -> list[Case]:
    """Read page.txt and the decompressed HTML of every DEV case (only ``url`` from gold.json)."""
    out = []
    for line in (dev / "manifest.jsonl").read_text("utf-8").splitlines()[:limit]:
        row = json.loads(line)
        case = dev / row["path"]
        text = (case / "page.txt").read_text("utf-8")
        html = gzip.decompress((case / "page.html.gz").read_bytes())
        out.append(Case(row["id"], row.get("url"), text, html))
    return out


def nw_text(case: Case) -> str:
    """newsweave in text mode: what users get from ``extract(..., input_format="text")``."""
    return _nw(RawDoc(source=case.cid, data=case.text, input_format="text", url=case.url))


def nw_html(case: Case) -> str:
    """newsweave in HTML mode."""
    return _nw(RawDoc(source=case.cid, data=case.html, input_format="html", url=case.url))


def _nw(raw: RawDoc) -> str:
    try:
        return extract(raw).text
    except NewsweaveError:
        return ""


def classifier_only(case: Case) -> str:
    """The line classifier alone: body-labelled lines joined, no rule layer."""
    lines = segment(case.text)
    labels = load_classifier().predict(lines)
    return "\n\n".join(li.text for li, lab in zip(lines, labels, strict=True) if lab in BODY_LABELS)


def traf_html(case: Case) -> str:
    """The anchor: trafilatura on the HTML, settings of ANCHORS.md."""
    return trafilatura.extract(case.html, url=case.url, include_comments=False) or ""


def run(fn: Callable[[Case], str], cases: list[Case], runs: int) -> tuple[dict[str, str], float]:
    """Predictions of the first pass and the median pages per CPU-second over ``runs`` passes."""
    rates = []
    preds: dict[str, str] = {}
    for i in range(runs):
        t0 = time.process_time()
        out = {c.cid: fn(c) for c in cases}
        rates.append(len(cases) / max(time.process_time() - t0, 1e-9))
        if i == 0:
            preds = out
    return preds, statistics.median(rates)


def score(bench: Path, preds: dict[str, str], ids: list[str]) -> dict[str, dict[str, Any]]:
    """score.py's summaries ({"body": {group: ...}, "snippets": {...}}) for one system."""
    with tempfile.TemporaryDirectory(prefix="nw-bench-") as tmp:
        for cid, text in preds.items():
            (Path(tmp) / f"{cid}.json").write_text(json.dumps({"body": text}, ensure_ascii=False), "utf-8")
        cases_dir = bench / "dev"
        if len(ids) < len(list((bench / "dev").glob("*/*/gold.json"))):
            cases_dir = _subset(bench / "dev", ids, Path(tmp) / "cases")
        out = Path(tmp) / "scores.json"
        cmd = [sys.executable, str(bench / "score.py"), "--cases", str(cases_dir), "--pred", tmp, "--json", str(out)]
        subprocess.run(cmd, check=True, capture_output=True)
        report: dict[str, Any] = json.loads(out.read_text())
    return next(iter(report["systems"].values()))  # type: ignore[no-any-return]


def _subset(dev: Path, ids: list[str], dest: Path) -> Path:
    """A cases tree with symlinks to ``ids`` only (for ``--limit`` runs)."""
    want = set(ids)
    for gold in dev.glob("*/*/gold.json"):
        if gold.parent.name in want:
            target = dest / gold.parent.parent.name / gold.parent.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(gold.parent.resolve())
    return dest


def _f1(rep: dict[str, dict[str, Any]], kind: str, group: str) -> str:
    """``0.951`` (n) for one group, or an en dash where the group is absent."""
    s = rep.get(kind, {}).get(group)
    return f"{s['F1']:.3f}" if s else "–"


def _ci(rep: dict[str, dict[str, Any]], kind: str) -> str:
    s = rep.get(kind, {}).get("ALL")
    return f"{s['F1']:.3f} [{s['F1_lo']:.3f}, {s['F1_hi']:.3f}]" if s else "–"


def _met(value: float, bar: float) -> str:
    return "yes" if value >= bar else "no"


def text_block(
    reps: dict[str, dict[str, dict[str, Any]]], speed: dict[str, float], n: int, cmd: str, cv_table: str
) -> str:
    """The marked block of the text-mode section."""
    nw = reps["newsweave text"]
    body, snip = nw["body"]["ALL"]["F1"], nw["snippets"]["ALL"]["F1"]
    rate, traf = speed["newsweave text"], speed["trafilatura HTML"]
    rows = [
        "| system | input | body F1 ALL [95% CI] | body de | body en | fundus | scrapinghub "
        "| snippet F1 ALL [95% CI] | snippets de | snippets en | pages/CPU-s |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for name, rep in reps.items():
        inp = "HTML" if "HTML" in name else "page.txt"
        rows.append(
            f"| {name} | {inp} | {_ci(rep, 'body')} | {_f1(rep, 'body', 'lang=de')} | {_f1(rep, 'body', 'lang=en')} "
            f"| {_f1(rep, 'body', 'set=fundus')} | {_f1(rep, 'body', 'set=scrapinghub')} | {_ci(rep, 'snippets')} "
            f"| {_f1(rep, 'snippets', 'lang=de')} | {_f1(rep, 'snippets', 'lang=en')} | {speed.get(name, 0):.0f} |"
        )
    for name, (b, s) in ANCHOR_DEV.items():
        rows.append(f"| {name}, ANCHORS.md | | {b:.3f} | | | | | {s:.3f} | | | |")
    cv = _card_scores().get("cv", {})
    cls = reps["line classifier alone"]
    cls_body, cls_snip = cls["body"]["ALL"]["F1"], cls["snippets"]["ALL"]["F1"]
    cls_rate = speed["line classifier alone"]
    bars = [
        "| figure | value | bar | met |",
        "| --- | ---: | ---: | --- |",
        _bar_row("body F1, line classifier, **site-grouped 5-fold CV** (unseen sites)", cv.get("body/ALL"), "body"),
        _bar_row("body F1, DEV in-sample, line classifier alone", cls_body, "body"),
        _bar_row("body F1, DEV in-sample, `extract` (classifier + rules)", body, "body"),
        _bar_row("snippet F1, line classifier, **site-grouped 5-fold CV**", cv.get("snippets/ALL"), "snippets"),
        _bar_row("snippet F1, DEV in-sample, line classifier alone", cls_snip, "snippets"),
        _bar_row("snippet F1, DEV in-sample, `extract` (classifier + rules)", snip, "snippets"),
        f"| pages/CPU-s, line classifier alone (segment + features + MLP) | {cls_rate:.0f} "
        f"({cls_rate / traf:.1f}× trafilatura on HTML) | ≥ {BARS['speed']:.0f} | {_met(cls_rate, BARS['speed'])} |",
        f"| pages/CPU-s, `extract` text mode | {rate:.0f} ({rate / traf:.1f}× trafilatura on HTML, {traf:.0f}) "
        f"| ≥ {BARS['speed']:.0f} | {_met(rate, BARS['speed'])} |",
    ]
    return "\n".join(
        [
            f"<!-- {TEXT_BLOCK} (written by tools/bench_extraction.py; edit the tool, not this block) -->",
            f"DEV pages of `../shared/bench/extraction` ({n}), newsweave {NW_VERSION}, "
            '`newsweave.extract(..., input_format="text")` on `page.txt` (segment → line classifier → rules), '
            "scored with the benchmark's `score.py` (bag-of-tokens body F1; snippet F1). All runs in one process, "
            "inputs in memory; speed is the median of the passes, per CPU-second of this single-threaded process.",
            "",
            "```",
            cmd,
            "```",
            "",
            *bars,
            "",
            "DEV figures are **in-sample** for the line classifier (it was trained on DEV); the honest proxy "
            "for unseen sites is the site-grouped cross-validation (each page predicted by a model that never "
            "saw its site) from the artefact card `src/newsweave/data/models/textpage-v2.json`, made by "
            "`python tools/train_textpage.py --shared ../shared` and reproduced in the last table.",
            "",
            *rows,
            "",
            cv_table,
            f"<!-- /{TEXT_BLOCK} -->",
        ]
    )


def _card_scores() -> dict[str, dict[str, float]]:
    """CV, in-sample and oracle scores from the shipped artefact's card."""
    card = json.loads(default_model_path().with_suffix(".json").read_text("utf-8"))
    scores = card.get("scores", {})
    cv = next((v for k, v in scores.items() if k.startswith("site_grouped_cv")), {})
    return {"cv": cv, "fit": scores.get("in_sample", {}), "oracle": scores.get("oracle_labels", {})}


def _bar_row(name: str, value: float | None, kind: str) -> str:
    if value is None:
        return f"| {name} | – | ≥ {BARS[kind]} | – |"
    return f"| {name} | {value:.3f} | ≥ {BARS[kind]} | {_met(value, BARS[kind])} |"


def cv_block() -> str:
    """The cross-validated figures of the shipped artefact's card."""
    card = _card_scores()
    cv, fit, oracle = card["cv"], card["fit"], card["oracle"]
    keys = ["body/ALL", "body/lang=de", "body/lang=en", "body/set=fundus", "body/set=scrapinghub"]
    keys += ["snippets/ALL", "snippets/lang=de", "snippets/lang=en"]
    rows = [
        "| line classifier alone (labels → text) | " + " | ".join(k.replace("/", " ") for k in keys) + " |",
        "| --- |" + " ---: |" * len(keys),
    ]
    for name, d in (("site-grouped 5-fold CV (unseen sites)", cv), ("in-sample", fit), ("oracle labels", oracle)):
        rows.append(f"| {name} | " + " | ".join(f"{d[k]:.3f}" if k in d else "–" for k in keys) + " |")
    return "\n".join(rows)


def html_block(reps: dict[str, dict[str, dict[str, Any]]], speed: dict[str, float], cmd: str) -> str:
    """The marked block of the HTML section: body F1 of newsweave HTML vs trafilatura, same run."""
    rows = [
        f"<!-- {HTML_BLOCK} (written by tools/bench_extraction.py) -->",
        "Body/snippet F1 and speed of HTML mode measured in the same run as text mode:",
        "",
        "```",
        cmd,
        "```",
        "",
        "| system | body F1 ALL [95% CI] | body de | body en | snippet F1 ALL | pages/CPU-s |",
        "| --- | --- | ---: | ---: | --- | ---: |",
    ]
    for name in ("newsweave HTML", "trafilatura HTML"):
        rep = reps[name]
        rows.append(
            f"| {name} | {_ci(rep, 'body')} | {_f1(rep, 'body', 'lang=de')} | {_f1(rep, 'body', 'lang=en')} "
            f"| {_ci(rep, 'snippets')} | {speed[name]:.1f} |"
        )
    rows.append(f"<!-- /{HTML_BLOCK} -->")
    return "\n".join(rows)


def put_block(doc: str, heading: str, tag: str, block: str) -> str:
    """Replace the marked block ``tag`` (or the ``_(pending)_`` line under ``heading``, or insert after it)."""
    marked = re.compile(rf"<!-- {re.escape(tag)}.*?<!-- /{re.escape(tag)} -->", re.S)
    if marked.search(doc):
        return marked.sub(lambda _m: block, doc, count=1)
    start = doc.index(heading) + len(heading)
    pending = "\n\n_(pending)_\n"
    if doc.startswith(pending, start):
        return doc[:start] + "\n\n" + block + "\n" + doc[start + len(pending) :]
    return doc[:start] + "\n\n" + block + doc[start:]


def main() -> None:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "BENCHMARKS.md")
    ap.add_argument("--runs", type=int, default=3, help="timing passes of the text-mode systems")
    ap.add_argument("--html-runs", type=int, default=1, help="timing passes of the HTML systems (slow)")
    ap.add_argument("--limit", type=int, default=None, help="first N cases only (quick check; no doc write)")
    args = ap.parse_args()
    bench = args.shared / "bench" / "extraction"
    cases = load_cases(bench / "dev", args.limit)
    ids = [c.cid for c in cases]
    systems: dict[str, tuple[Callable[[Case], str], int]] = {
        "newsweave text": (nw_text, args.runs),
        "line classifier alone": (classifier_only, args.runs),
        "newsweave HTML": (nw_html, args.html_runs),
        "trafilatura HTML": (traf_html, args.html_runs),
    }
    load_classifier()  # loading the artefact is not part of the per-page cost
    nw_text(cases[0])
    reps, speed = {}, {}
    for name, (fn, runs) in systems.items():
        preds, speed[name] = run(fn, cases, runs)
        reps[name] = score(bench, preds, ids)
        print(
            f"{name}: body {_ci(reps[name], 'body')} snippets {_ci(reps[name], 'snippets')} "
            f"{speed[name]:.1f} pages/CPU-s",
            file=sys.stderr,
        )
    if args.limit:
        return
    cmd = (
        "nice -n 10 .venv/bin/python tools/bench_extraction.py --shared ../shared --out docs/BENCHMARKS.md "
        f"--runs {args.runs} --html-runs {args.html_runs}"
    )
    text = {k: reps[k] for k in ("newsweave text", "line classifier alone", "trafilatura HTML")}
    block = text_block(text, speed, len(cases), cmd, cv_block())
    doc = put_block(args.out.read_text("utf-8"), TEXT_HEADING, TEXT_BLOCK, block)
    doc = put_block(doc, HTML_HEADING, HTML_BLOCK, html_block(reps, speed, cmd))
    args.out.write_text(doc, "utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
