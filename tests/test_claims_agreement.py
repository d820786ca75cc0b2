"""The blind re-annotations behind the claims agreement figure, and the tool that scores them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

DATA = Path(__file__).parent / "data"
# The tool is loaded from its file, without putting tools/ on sys.path for the rest of the session.
_SPEC = importlib.util.spec_from_file_location(
    "claims_agreement", Path(__file__).parents[1] / "tools" / "claims_agreement.py"
)
assert _SPEC is not None and _SPEC.loader is not None
claims_agreement = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(claims_agreement)

PAIRS = {
    "claims_agreement_h3_de.jsonl": "claims_gold_heldout3.jsonl",
    "claims_agreement_h3_en.jsonl": "claims_gold_heldout3.jsonl",
    "claims_agreement_h4_en.jsonl": "claims_gold_heldout4.jsonl",
}


def test_reannotations_point_at_their_gold_spans() -> None:
    for other, gold in PAIRS.items():
        gold_recs = claims_agreement.load(DATA / gold)
        for rec in claims_agreement.load(DATA / other).values():
            want = gold_recs[rec["id"]]
            assert (rec["case"], rec["start"], rec["end"], rec["sha1"]) == (
                want["case"],
                want["start"],
                want["end"],
                want["sha1"],
            )
            assert set(rec) <= {"id", "case", "lang", "start", "end", "sha1", "claims"}, "labels only, no text"


def test_counts_match_each_claim_once_by_modality_and_source_head() -> None:
    gold = {"claims": [{"source": "Kreml", "cue": "sagte", "modality": "reported"}] * 2}
    pred = {"claims": [{"source": "der Kreml|Moskau", "cue": "sagte", "modality": "reported"}]}
    assert claims_agreement.counts(gold, pred) == (1, 1, 2)
    other = {"claims": [{"source": "Kreml", "cue": "sagte", "modality": "announced"}]}
    assert claims_agreement.counts(gold, other) == (0, 1, 2)


def test_agreement_figure_recomputes() -> None:
    gold = claims_agreement.load(DATA / "claims_gold_heldout3.jsonl")
    other = claims_agreement.load(DATA / "claims_agreement_h3_de.jsonl")
    score = claims_agreement.total([claims_agreement.counts(gold[i], other[i]) for i in sorted(other)])
    assert round(score.f1, 3) == 0.958
