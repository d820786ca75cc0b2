"""Quality gate for text mode: body and snippet F1 floors of the line classifier on a fixed DEV subset.

Every 10th case of ``../shared/bench/extraction/dev/manifest.jsonl`` (86 pages: fundus,
scrapinghub and trafilatura), scored with the benchmark's own ``score.py`` functions.
Floors are the figures of the shipped artefact minus ``EPSILON``; never lower them silently.
Skips where ../shared is absent.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from newsweave.extractors.textpage import load_classifier, segment
from newsweave.extractors.textpage.labels import BODY_LABELS
from tests.conftest import shared_path

STEP = 10
EPSILON = 0.01
# Measured with the shipped textpage artefact on this subset (27 body pages, 59 snippet pages;
# in-sample: they are training pages): body F1 0.940, snippet F1 0.895 with the five-member
# round-2 artefact (the three-member one gave 0.945 / 0.892; round 1 0.929 / 0.879); textpage-v2
# (page-normalised columns) gives 0.976 / 0.901. Floors only move up.
BODY_FLOOR = 0.975 - EPSILON
SNIPPET_FLOOR = 0.900 - EPSILON


def _scorer(bench: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("nw_bench_score", bench / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _body(text: str) -> str:
    lines = segment(text)
    labels = load_classifier().predict(lines)
    return "\n\n".join(li.text for li, lab in zip(lines, labels, strict=True) if lab in BODY_LABELS)


def test_text_mode_f1_floors() -> None:
    bench = shared_path("bench", "extraction")
    score = _scorer(bench)
    rows = [json.loads(s) for s in (bench / "dev" / "manifest.jsonl").read_text("utf-8").splitlines()][::STEP]
    body_f1, snip = [], {"tp": 0, "fp": 0, "fn": 0}
    for row in rows:
        case = bench / "dev" / row["path"]
        gold = json.loads((case / "gold.json").read_text("utf-8"))
        pred = _body((case / "page.txt").read_text("utf-8"))
        if gold["gold_type"] == "snippets":
            s = score.snippet_case_scores(gold, pred)
            for k in snip:
                snip[k] += s[k]
        else:
            body_f1.append(score.body_case_scores(gold["body"], pred, 1)["f1"])
    mean_body = sum(body_f1) / len(body_f1)
    p = snip["tp"] / max(snip["tp"] + snip["fp"], 1)
    r = snip["tp"] / max(snip["tp"] + snip["fn"], 1)
    snippet_f1 = 2 * p * r / (p + r)
    assert mean_body >= BODY_FLOOR, f"body F1 {mean_body:.3f} on {len(body_f1)} pages"
    assert snippet_f1 >= SNIPPET_FLOOR, f"snippet F1 {snippet_f1:.3f}"
