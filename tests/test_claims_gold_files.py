"""The claim gold files in ``tests/data``: well-formed records whose spans still re-derive from the dev pages.

These tests read the gold files and the dev case bodies only; they never run a claim extractor,
so the held-out sets stay independent of the rules they score.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from newsweave.enrich.scoring import case_body, read_gold
from tests.conftest import ROOT, shared_path

DATA = ROOT / "tests" / "data"
GOLD_FILES = (
    "claims_gold.jsonl",
    "claims_gold_heldout.jsonl",
    "claims_gold_heldout2.jsonl",
    "claims_gold_heldout3.jsonl",
    "claims_gold_heldout4.jsonl",
    "claims_gold_heldout5.jsonl",
)
MODALITIES = {"reported", "unconfirmed", "announced", "confirmed", "denied"}
KEYS = {"id", "case", "lang", "start", "end", "sha1", "claims"}
# The fifth-round draw (docs/claims_annotation.md, "Fifth-round set"): German, then English.
# Per language: (per_lang, per_case, rare, seed, short_gold_lines).
HELDOUT4_DRAWS = {"de": (100, 3, 20, 2028, False), "en": (100, 6, 20, 2028, True)}
# The sixth-round draw from the stories documents ("Sixth-round set"): (marked, rare, plain) per language.
HELDOUT5_DRAW = ((60, 10, 25), 2, 2029)


def _records(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines()]


def _sampler() -> ModuleType:
    spec = importlib.util.spec_from_file_location("claims_sample", ROOT / "tools" / "claims_sample.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def _spans(records: list[Any]) -> list[tuple[str, int, int, str]]:
    return [(r["case"], r["start"], r["end"], r["sha1"]) for r in records]


@pytest.mark.parametrize("name", GOLD_FILES)
def test_records_are_well_formed(name: str) -> None:
    records = _records(name)
    assert [r["id"] for r in records] == list(range(len(records)))
    for rec in records:
        assert set(rec) == KEYS, rec["id"]
        assert rec["lang"] in {"de", "en"} and 0 <= rec["start"] < rec["end"] and len(rec["sha1"]) == 10
        for claim in rec["claims"]:
            assert set(claim) == {"source", "cue", "modality"}, rec["id"]
            assert claim["modality"] in MODALITIES, rec["id"]
            assert claim["source"] is None or (isinstance(claim["source"], str) and claim["source"].strip())
            assert isinstance(claim["cue"], str) and claim["cue"].strip()


@pytest.mark.parametrize("name", GOLD_FILES)
def test_offsets_and_hashes_rederive_from_case_bodies(name: str) -> None:
    dev = shared_path("bench", "extraction", "dev")
    for rec in _records(name):
        span = case_body(dev, rec["case"])[rec["start"] : rec["end"]]
        assert hashlib.sha1(span.encode()).hexdigest()[:10] == rec["sha1"], f"{name} id {rec['id']}"
    # The scorer's own reader agrees (it raises on a changed span).
    assert sum(1 for _ in read_gold(DATA / name, dev)) == len(_records(name))


def test_heldout4_uses_no_page_of_an_earlier_set() -> None:
    earlier = {r["case"] for name in GOLD_FILES[:4] for r in _records(name)}
    assert not {r["case"] for r in _records("claims_gold_heldout4.jsonl")} & earlier


def test_heldout4_has_one_record_per_sentence_span() -> None:
    spans = [(r["case"], r["start"]) for r in _records("claims_gold_heldout4.jsonl")]
    assert len(spans) == len(set(spans)) >= 150


def test_sampler_reproduces_heldout4_spans() -> None:
    dev = shared_path("bench", "extraction", "dev")
    sampler = _sampler()
    drawn = []
    for lang, (per_lang, per_case, rare, seed, short) in HELDOUT4_DRAWS.items():
        scope = sampler.Scope(sampler.EXCLUDE_ALL, (lang,), short_gold_lines=short, wide_rare=True)
        drawn += sampler.draw(dev, per_lang, per_case, rare, seed, scope)
    assert _spans([_as_dict(c) for c in drawn]) == _spans(_records("claims_gold_heldout4.jsonl"))


@pytest.mark.parametrize(
    ("name", "through", "per_lang", "rare", "seed"),
    [
        ("claims_gold_heldout2.jsonl", "claims_gold_heldout.jsonl", 85, 20, 2026),
        ("claims_gold_heldout3.jsonl", "claims_gold_heldout2.jsonl", 70, 15, 2027),
    ],
)
def test_sampler_still_reproduces_older_draws(name: str, through: str, per_lang: int, rare: int, seed: int) -> None:
    dev = shared_path("bench", "extraction", "dev")
    sampler = _sampler()
    exclude = sampler.GOLD_SETS[: sampler.GOLD_SETS.index(through) + 1]
    drawn = sampler.draw(dev, per_lang, 3, rare, seed, sampler.Scope(exclude))
    assert _spans([_as_dict(c) for c in drawn]) == _spans(_records(name))


def _as_dict(cand: Any) -> dict[str, Any]:
    return {"case": cand.case, "start": cand.start, "end": cand.end, "sha1": cand.sha1}


def test_default_exclusions_are_unchanged() -> None:
    sampler = _sampler()
    assert sampler.EXCLUDE == ("claims_gold.jsonl", "claims_gold_heldout.jsonl")
    assert GOLD_FILES[:4] == sampler.EXCLUDE_ALL
    assert "claims_gold_heldout4.jsonl" not in sampler.EXCLUDE_ALL


def _stories() -> dict[str, dict[str, Any]]:
    docs = shared_path("bench", "stories", "dev", "docs.jsonl")
    return {row["id"]: row for row in map(json.loads, docs.read_text("utf-8").splitlines())}


def test_case_body_resolves_stories_ids_to_the_document_text() -> None:
    dev = shared_path("bench", "extraction", "dev")
    doc = next(iter(_stories().values()))
    assert case_body(dev, f"st-{doc['id']}") == doc["text"]


def test_case_body_says_where_the_stories_documents_are_missing(tmp_path: Path) -> None:
    dev = tmp_path / "extraction" / "dev"
    with pytest.raises(FileNotFoundError, match="stories documents not found"):
        case_body(dev, "st-1")


def test_heldout5_is_a_stories_set_of_both_languages() -> None:
    records = _records("claims_gold_heldout5.jsonl")
    docs = _stories()
    spans = [(r["case"], r["start"]) for r in records]
    assert len(spans) == len(set(spans)) >= 150
    assert all(r["case"].startswith("st-") and docs[r["case"][3:]]["lang"] == r["lang"] for r in records)
    langs = [r["lang"] for r in records]
    assert langs.count("de") >= 75 and langs.count("en") >= 75
    assert sum(len(r["claims"]) for r in records) >= 75
    assert 0.35 <= sum(not r["claims"] for r in records) / len(records) <= 0.55


def test_sampler_reproduces_heldout5_spans() -> None:
    dev = shared_path("bench", "extraction", "dev")
    shared_path("bench", "stories", "dev", "docs.jsonl")
    sampler = _sampler()
    sizes, per_case, seed = HELDOUT5_DRAW
    drawn = [c for lang in ("de", "en") for c in sampler.draw_stories(dev, lang, sizes, per_case, seed)]
    assert _spans([_as_dict(c) for c in drawn]) == _spans(_records("claims_gold_heldout5.jsonl"))


def test_a_larger_stories_draw_keeps_the_smaller_one() -> None:
    dev = shared_path("bench", "extraction", "dev")
    shared_path("bench", "stories", "dev", "docs.jsonl")
    sampler = _sampler()
    small = {(c.case, c.start) for c in sampler.draw_stories(dev, "de", (20, 5, 5), 2, 7)}
    large = {(c.case, c.start) for c in sampler.draw_stories(dev, "de", (20, 5, 15), 2, 7)}
    assert small < large and len(large) == 40
