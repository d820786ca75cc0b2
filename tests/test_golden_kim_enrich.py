"""The golden page presse-kim-putin: all 5 time expressions and all 7 claims."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

import newsweave
from newsweave.enrich import enrich, load_enrich_models
from newsweave.enrich.scoring import source_matches
from newsweave.model import Article, Block, Published, join_text
from newsweave.settings import EnrichSettings

CFG = EnrichSettings(entities=False)
REF = datetime(2019, 4, 23)


@pytest.fixture(scope="module")
def models():
    return load_enrich_models(CFG)


def gold_article(gold: dict) -> Article:
    body = tuple(Block(b["kind"], b["text"]) for b in gold["body"])
    text = join_text(gold["lead"], body)
    return Article(id="kim", source="gold", text=text, lead=gold["lead"], body=body, published=Published(REF, "given"))


def check(article: Article, gold: dict) -> None:
    found = {(t.text, t.value) for t in article.time_expressions}
    for want in gold["time_expressions"]:
        assert (want["text"], want["value"]) in found or (want["text"].lower(), want["value"]) in {
            (t.lower(), v) for t, v in found
        }
    for want in gold["claims"]:
        assert any(
            c.modality == want["modality"] and source_matches(want["source"], c.source) for c in article.claims
        ), want


def test_gold_blocks(golden_kim: Path, models) -> None:
    gold = json.loads((golden_kim / "gold.json").read_text("utf-8"))
    out = enrich(gold_article(gold), CFG, models)
    assert out.language == "de"
    check(out, gold)
    assert len(out.claims) == len(gold["claims"])


def test_through_extract(golden_kim: Path, models) -> None:
    gold = json.loads((golden_kim / "gold.json").read_text("utf-8"))
    page = (golden_kim / "page.txt").read_text("utf-8")
    check(enrich(newsweave.extract(page, input_format="text", date="2019-04-23"), CFG, models), gold)
