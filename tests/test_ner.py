"""Tests of newsweave.enrich.ner: tokens, features, the shipped CRFs, find_entities, spaCy path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import newsweave
from newsweave.enrich.ner import NerModels, NerSettings, find_entities, load_models
from newsweave.enrich.ner.evaluate import evaluate, read_records, score
from newsweave.enrich.ner.features import sentence_features, shape, tokenize, word_features
from newsweave.enrich.ner.gazetteer import load_gazetteer
from newsweave.enrich.ner.model import load_model, model_path, open_model, spans
from newsweave.errors import NewsweaveError
from newsweave.model import Article, Block, Mention, content_id, join_text
from tests.conftest import shared_path

# Written for these tests (not taken from any corpus).
TEXT_DE = (
    "Bundeskanzlerin Angela Merkel traf am Montag in Berlin den französischen Präsidenten "
    "Emmanuel Macron. Merkel sagte, die Europäische Union müsse zusammenhalten."
)
TEXT_EN = "President Joe Biden met Chancellor Olaf Scholz in Washington on Friday, the White House said."


def _article(text: str, lang: str | None) -> Article:
    return Article(id=content_id(None, None, text), source="test", text=text, language=lang)


@pytest.fixture(scope="module")
def models() -> NerModels:
    return load_models()


def test_tokenize_keeps_offsets_and_hyphenated_names() -> None:
    text = 'US-Außenminister Mike Pompeo traf Kim Jong-un ("bald") in den U.S.'
    tokens = tokenize(text, offset=10)
    assert [t.text for t in tokens][:6] == ["US-Außenminister", "Mike", "Pompeo", "traf", "Kim", "Jong-un"]
    assert "U.S." in [t.text for t in tokens]
    assert all(text[t.start - 10 : t.end - 10] == t.text for t in tokens)


def test_shape_and_word_features() -> None:
    assert shape("Jong-un") == "Xx-x"
    assert shape("2019") == "d"
    own, context = word_features("Pompeo")
    assert "cap" in own and "w=Pompeo" in own and "s3=peo" in own
    assert len(context) == 4 and "-1:l=pompeo" in context[1]


def test_sentence_features_carry_gazetteer_title_and_name_flags() -> None:
    words = ["US-Außenminister", "Mike", "Pompeo", "besuchte", "Wladiwostok"]
    feats = sentence_features(words, load_gazetteer(), lambda w: w in {"besuchte"})
    assert "title" in feats[0] and "after_title" in feats[1]
    assert "first_name" in feats[1]
    assert "gz=B-LOC" in feats[4] and "unknown" in feats[4]
    assert "BOS" in feats[0] and "EOS" in feats[4]


def test_spans_from_bio() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-ORG"]
    assert [(s.start, s.end, s.label) for s in spans(tags)] == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "ORG"),
        (5, 7, "ORG"),
    ]


def test_strict_score_counts_exact_spans_only() -> None:
    gold = ["B-PER", "I-PER", "O", "B-LOC"]
    pred = ["B-PER", "O", "O", "B-LOC"]
    scores = score([(gold, pred)])
    assert (scores["PER"].tp, scores["PER"].fp, scores["PER"].fn) == (0, 1, 1)
    assert scores["LOC"].f1 == 1.0
    assert scores["ALL"].precision == pytest.approx(0.5)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_shipped_model_and_card(lang: str) -> None:
    path = model_path(lang)
    assert path.is_file(), "run `make train-ner`"
    assert path.stat().st_size < 8_000_000
    card = json.loads(path.with_suffix(".json").read_text("utf-8"))
    assert card["lang"] == lang and card["labels"] == ["PER", "ORG", "LOC", "OTH"]
    assert 0.0 < card["held_out"]["ALL"]["f1"] <= 1.0


def test_german_model_tags_a_written_sentence(models: NerModels) -> None:
    mentions = find_entities(_article(TEXT_DE, "de"), models)
    found = {(m.label, m.entity) for m in mentions}
    assert ("PER", "Angela Merkel") in found
    assert ("PER", "Emmanuel Macron") in found
    assert ("LOC", "Berlin") in found
    assert ("ORG", "EU") in found  # "Europäische Union" resolves to the canonical "EU"
    merkel = [m for m in mentions if m.text == "Merkel"]
    assert merkel and merkel[0].entity == "Angela Merkel"
    assert all(TEXT_DE[m.start : m.end] == m.text for m in mentions)


def test_english_model_tags_a_written_sentence(models: NerModels) -> None:
    found = {(m.label, m.entity) for m in find_entities(_article(TEXT_EN, "en"), models)}
    assert ("PER", "Joe Biden") in found
    assert ("PER", "Olaf Scholz") in found
    assert ("ORG", "White House") in found


def test_a_name_the_tagger_cuts_short_is_widened_to_the_known_name(models: NerModels) -> None:
    text = "Officials said Kim Jong Un will travel by train. Kim Jong Un's visit was confirmed."
    mentions = find_entities(_article(text, "en"), models)
    kims = [m for m in mentions if m.text.startswith("Kim")]
    assert [m.text for m in kims] == ["Kim Jong Un", "Kim Jong Un's"]
    assert {(m.label, m.entity, m.key) for m in kims} == {("PER", "Kim Jong-un", "per:kim-jong-un")}
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_no_language_uses_the_default(models: NerModels) -> None:
    mentions = find_entities(_article(TEXT_DE, None), models, NerSettings(default_language="de"))
    assert any(m.entity == "Angela Merkel" for m in mentions)


def test_gazetteer_rules_can_be_switched_off(models: NerModels) -> None:
    text = "Der Kremlchef schwieg."
    with_rules = find_entities(_article(text, "de"), models)
    without = find_entities(_article(text, "de"), models, NerSettings(gazetteer_rules=False))
    assert any(m.entity == "Wladimir Putin" for m in with_rules)
    assert not any(m.text == "Kremlchef" for m in without)


def test_missing_model_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(NewsweaveError) as err:
        open_model(tmp_path / "nope.crfsuite", "de")
    assert err.value.code == "NW302"
    with pytest.raises(NewsweaveError) as err2:
        load_model("fr")
    assert err2.value.code == "NW302"


@pytest.mark.parametrize("spec", [{"window": [1]}, {"version": "no-such-table-v9"}])
def test_a_card_naming_a_bad_word_class_table_is_a_coded_error(tmp_path: Path, spec: dict[str, Any]) -> None:
    shipped = model_path("de")
    copy = tmp_path / shipped.name
    copy.write_bytes(shipped.read_bytes())
    card = json.loads(shipped.with_suffix(".json").read_text("utf-8"))
    copy.with_suffix(".json").write_text(json.dumps({**card, "clusters": spec}), "utf-8")
    with pytest.raises(NewsweaveError) as err:
        open_model(copy, "de")
    assert err.value.code == "NW302"


def _gold_hits(gold: dict[str, Any], mentions: tuple[Mention, ...]) -> list[tuple[str, str]]:
    """Gold entities not found with the right type and canonical name."""
    canonical = {alias: name for name, aliases in gold["aliases"].items() for alias in aliases}
    missed = []
    for label in ("PER", "ORG", "LOC"):
        for name in gold[label]:
            want = canonical.get(name, name)
            if not any(m.label == label and m.entity == want and name in (m.text, m.entity) for m in mentions):
                missed.append((label, name))
    return missed


def test_golden_page_entities(golden_kim: Path, models: NerModels) -> None:
    """At least 14 of the 15 gold entities with the right type and canonical name."""
    gold = json.loads((golden_kim / "gold.json").read_text("utf-8"))["entities"]
    page = (golden_kim / "page.txt").read_text("utf-8")
    article = newsweave.extract(page, input_format="text", date="2019-04-23")
    mentions = find_entities(article, models)
    missed = _gold_hits(gold, mentions)
    assert len(missed) <= 1, missed
    by_text = {m.text: m.entity for m in mentions}
    assert by_text.get("Kim") == "Kim Jong-un"  # surname-only mention resolved to the full name
    assert by_text.get("Russische Föderation") == "Russland"


def test_golden_gold_text_entities(golden_kim: Path, models: NerModels) -> None:
    """The same on the gold lead and body (NER alone, whatever the text extractor does)."""
    gold = json.loads((golden_kim / "gold.json").read_text("utf-8"))
    body = tuple(Block(b["kind"], b["text"]) for b in gold["body"])
    text = join_text(gold["lead"], body)
    article = Article(id=content_id(None, gold["title"], text), source="gold", text=text, body=body, language="de")
    mentions = find_entities(article, models)
    assert len(_gold_hits(gold["entities"], mentions)) <= 1
    assert {m.entity for m in mentions if m.text == "Russische Föderation"} == {"Russland"}


def test_held_out_germeval_score_reproduces_the_card() -> None:
    """The shipped German model scores on held-out GermEval dev exactly what its card says."""
    path = shared_path("data", "ner", "de", "germeval2014.dev.jsonl.gz")
    held = [r for r in read_records(path) if int(r["id"].rsplit("-", 1)[1]) % 10 == 0]
    card = json.loads(model_path("de").with_suffix(".json").read_text("utf-8"))
    scores = evaluate(load_model("de"), held)
    assert scores["ALL"].f1 == pytest.approx(card["held_out"]["ALL"]["f1"], abs=1e-4)


def test_spacy_pipeline_path(tmp_path: Path) -> None:
    """--ner-model NAME: newsweave's own CRF packaged as a spaCy pipeline, loaded with spacy.load."""
    spacy = pytest.importorskip("spacy")
    from newsweave.enrich.ner.spacy_adapter import FACTORY, load_spacy, register_factory

    register_factory()
    nlp = spacy.blank("de")
    nlp.add_pipe(FACTORY, config={"lang": "de"})
    nlp.to_disk(tmp_path / "de_newsweave_test")
    recognizer = load_spacy(str(tmp_path / "de_newsweave_test"))
    models = NerModels({"de": recognizer}, load_gazetteer())
    found = {(m.label, m.entity) for m in find_entities(_article(TEXT_DE, "de"), models)}
    assert ("PER", "Angela Merkel") in found
    assert recognizer.tag(["Angela", "Merkel", "kam", "."])[:2] == ["B-PER", "I-PER"]


def test_spacy_missing_pipeline_is_a_coded_error(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from newsweave.enrich.ner.spacy_adapter import load_spacy

    with pytest.raises(NewsweaveError) as err:
        load_spacy(str(tmp_path / "no_such_pipeline"))
    assert err.value.code == "NW302"


def test_registry_links_mentions_across_articles(models: NerModels) -> None:
    from dataclasses import replace

    from newsweave.enrich.ner import EntityRegistry

    linked = replace(models, registry=EntityRegistry())
    first = find_entities(_article("Die Ministerin Olga Wrzesniewska sprach in Berlin.", "de"), linked)
    second = find_entities(_article("Wrzesniewska widersprach am Abend.", "de"), linked)
    assert any(m.entity == "Olga Wrzesniewska" for m in first)
    assert [m.entity for m in second if m.text == "Wrzesniewska"] == ["Olga Wrzesniewska"]
    assert models.registry is None  # the cached models stay free of corpus state
