"""Inter-annotator agreement of two claim annotations of the same sentences.

Consumes a gold file and a blind re-annotation of some of its sentences (records matched by
``id``; both in the ``tests/data/claims_gold*.jsonl`` format: case id, offsets, short SHA-1 and
labels, never text) and prints F1 of (source, modality) with the scorer's own matching rule
(``newsweave.enrich.scoring.source_matches``: one annotation as gold, the other as prediction,
each claim matched once), a bootstrap interval over sentences, and claim / no-claim agreement.
Swapping the two sides swaps precision and recall, so F1 is the same both ways.

    python tools/claims_agreement.py tests/data/claims_gold_heldout3.jsonl tests/data/claims_agreement_h3_de.jsonl
    python tools/claims_agreement.py tests/data/claims_gold_heldout3.jsonl tests/data/claims_agreement_h3_en.jsonl
    python tools/claims_agreement.py tests/data/claims_gold_heldout4.jsonl tests/data/claims_agreement_h4_en.jsonl

The re-annotations were written by annotators who had not labelled those sentences, before the
gold file's labels were opened (session 3; method in docs/BENCHMARKS.md, "Claims").
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

from newsweave.enrich.scoring import Score, source_matches

Record = dict[str, Any]


def load(path: Path) -> dict[int, Record]:
    """Records of a claims gold file by id."""
    return {r["id"]: r for r in map(json.loads, path.read_text("utf-8").splitlines())}


def counts(gold: Record, pred: Record) -> tuple[int, int, int]:
    """(matched, predicted, gold) claims of one sentence; each predicted claim matches once."""
    free = list(pred["claims"])
    matched = 0
    for want in gold["claims"]:
        hit = next((p for p in free if p["modality"] == want["modality"] and _source(want, p)), None)
        if hit is not None:
            free.remove(hit)
            matched += 1
    return matched, len(pred["claims"]), len(gold["claims"])


def _source(want: Record, pred: Record) -> bool:
    first = pred["source"].split("|")[0] if pred["source"] is not None else None
    return source_matches(want["source"], first)


def total(per: list[tuple[int, int, int]]) -> Score:
    """Summed counts as a Score."""
    return Score(sum(c[0] for c in per), sum(c[1] for c in per), sum(c[2] for c in per))


def bootstrap(per: list[tuple[int, int, int]], n: int = 2000, seed: int = 5) -> tuple[float, float]:
    """95 % interval of F1 over resampled sentences."""
    rng = random.Random(seed)
    f1s = sorted(total([rng.choice(per) for _ in per]).f1 for _ in range(n))
    return f1s[int(0.025 * n)], f1s[int(0.975 * n) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("other", type=Path, help="the blind re-annotation (a subset of gold's ids)")
    args = ap.parse_args()
    gold_all, other = load(args.gold), load(args.other)
    ids = sorted(other)
    for i in ids:
        g, o = gold_all[i], other[i]
        if (g["case"], g["start"], g["end"], g["sha1"]) != (o["case"], o["start"], o["end"], o["sha1"]):
            raise SystemExit(f"id {i}: the two files annotate different spans")
    per = [counts(gold_all[i], other[i]) for i in ids]
    score = total(per)
    low, high = bootstrap(per)
    same = sum(bool(gold_all[i]["claims"]) == bool(other[i]["claims"]) for i in ids)
    print(f"{len(ids)} sentences; claims: gold file {score.gold}, re-annotation {score.predicted}")
    print(f"gold file as gold: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}", end=" ")
    print(f"(95% {low:.3f}-{high:.3f})")
    print(f"claim / no claim agree in {same} of {len(ids)} sentences")
    for i in ids:
        if counts(gold_all[i], other[i])[0] != max(len(gold_all[i]["claims"]), len(other[i]["claims"])):
            print(f"  differ: id {i} ({gold_all[i]['lang']}) gold {_brief(gold_all[i])} | other {_brief(other[i])}")


def _brief(rec: Record) -> str:
    return "; ".join(f"{c['modality']}/{c['source']}/{c['cue']}" for c in rec["claims"]) or "-"


if __name__ == "__main__":
    main()
