"""Stories: online clustering on our labelled stream, the Kim–Putin fixture, incrementality, scoring."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsweave.stories.cluster import StoryIndex
from newsweave.stories.embed import Doc, LexicalEmbedder, fold, lexical_terms
from newsweave.stories.evaluate import bcubed, cluster_labelled, pairwise, read_stream, score
from tests.conftest import shared_path

STREAM = Path(__file__).parent / "data" / "stream" / "stream.jsonl"


def test_stream_is_large_dated_bilingual_and_has_hard_cases() -> None:
    items = list(read_stream(STREAM))
    stories = {label for _, label in items}
    dates = sorted(d.published or "" for d, _ in items)
    assert len(items) >= 300 and len(stories) >= 40
    assert dates[0][:7] <= "2018-06" and dates[-1][:7] >= "2019-06"
    assert {"kim-trump-singapore-2018", "kim-trump-hanoi-2019", "kim-putin-vladivostok-2019"} <= stories
    langs_of = {label: {d.lang for d, lab in items if lab == label} for label in stories}
    assert sum(langs == {"de", "en"} for langs in langs_of.values()) >= 40


def test_stream_bcubed_f1_bar() -> None:
    gold, pred, _ = cluster_labelled(list(read_stream(STREAM)))
    assert score(gold, pred).bcubed.f1 >= 0.90


def test_same_actors_at_different_summits_are_different_stories() -> None:
    items = list(read_stream(STREAM))
    gold, pred, _ = cluster_labelled(items)
    summits = ("kim-trump-singapore-2018", "kim-trump-hanoi-2019", "kim-putin-vladivostok-2019", "trump-kim-dmz-2019")
    majority = {}
    for s in summits:
        preds = [pred[i] for i, g in gold.items() if g == s]
        majority[s] = max(set(preds), key=preds.count)
    assert len(set(majority.values())) == len(summits)


def test_cross_lingual_copies_meet_in_one_story() -> None:
    gold, pred, _ = cluster_labelled(list(read_stream(STREAM)))
    items = {d.id: d for d, _ in read_stream(STREAM)}
    both = 0
    for story in set(gold.values()):
        preds = {(items[i].lang, pred[i]) for i, g in gold.items() if g == story}
        de = {p for lang, p in preds if lang == "de"}
        en = {p for lang, p in preds if lang == "en"}
        both += bool(de & en)
    assert both >= 40


def test_seed_kim_putin_is_one_story() -> None:
    path = shared_path("bench", "stories", "fixtures", "seed_kim_putin.jsonl")
    _, pred, _ = cluster_labelled(list(read_stream(path)))
    assert len(set(pred.values())) == 1


def test_adding_is_incremental_and_earlier_assignments_stay() -> None:
    items = [d for d, _ in read_stream(STREAM)]
    emb = LexicalEmbedder()
    index = StoryIndex()
    first = [index.add(d, v) for d, v in zip(items[:150], emb.embed(items[:150]), strict=True)]
    n_events = len(index.events)
    later = [index.add(d, v) for d, v in zip(items[150:], emb.embed(items[150:]), strict=True)]
    assert all(a.event_id in index.events for a in first)
    assert all(index.events[a.event_id].story_id == a.story_id for a in first)
    assert len(index.events) > n_events and any(not a.new_story for a in later)


def test_duplicate_group_joins_its_event_even_when_text_differs() -> None:
    index = StoryIndex()
    emb = LexicalEmbedder()
    a = Doc("a", "Brücke in Genua eingestürzt", "Die Morandi-Brücke ist eingestürzt.", "de", published="2018-08-14")
    b = Doc("b", "Completely different words", "Nothing in common at all here.", "en", published="2018-08-14")
    first = index.add(a, emb.embed([a])[0], group="g1")
    second = index.add(b, emb.embed([b])[0], group="g1")
    assert second.event_id == first.event_id


def test_time_window_separates_identical_text_months_apart() -> None:
    index = StoryIndex()
    emb = LexicalEmbedder()
    a = Doc("a", "Trump trifft Kim", "Trump und Kim treffen sich zum Gipfel.", "de", published="2018-06-12")
    b = replace(a, id="b", published="2019-02-27")
    assert index.add(a, emb.embed([a])[0]).story_id != index.add(b, emb.embed([b])[0]).story_id


def test_bridge_maps_german_words_and_exonyms_to_english() -> None:
    de = lexical_terms(Doc("1", "Gipfel in Wladiwostok", "Kremlchef empfängt Nordkoreas Machthaber", "de"))
    en = lexical_terms(Doc("2", "Summit in Vladivostok", "Kremlin hosts North Korea's leader", "en"))
    assert len(set(de) & set(en)) >= 4
    assert fold("Maaßen") == "maassen" and fold("Özil") == "ozil"


def test_scores_against_hand_computed_values() -> None:
    gold = {"a": "1", "b": "1", "c": "2", "d": "2"}
    pred = {"a": "x", "b": "x", "c": "x", "d": "y"}
    pw = pairwise(gold, pred)
    assert pw.p == pytest.approx(1 / 3) and pw.r == pytest.approx(1 / 2)
    b3 = bcubed(gold, pred)
    assert b3.p == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4) and b3.r == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
