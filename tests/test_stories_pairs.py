"""The learned pair scorer: shipped models, signals, and that clustering uses it."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

from newsweave.stories.cluster import Centroid, StoryIndex, signals
from newsweave.stories.embed import (
    Doc,
    StaticE5Embedder,
    StaticModel,
    lexical_vector,
    load_static_model,
    static_sum,
    title_words,
)
from newsweave.stories.pairs import FEATURES, PairScorer, load_scorer, pair_features, scorer_from_dict


@pytest.mark.parametrize("name", ["lexical", "usem3", "static-e5"])
def test_shipped_scorers_load_with_known_signals_and_probability_thresholds(name: str) -> None:
    scorer = load_scorer(name)
    assert scorer is not None
    assert set(scorer.names) <= set(FEATURES)
    assert 0.0 < scorer.story_threshold <= scorer.event_threshold < 1.0


def test_probability_rises_with_lexical_similarity_and_title_overlap() -> None:
    scorer = load_scorer("lexical")
    assert scorer is not None
    low = scorer.probability(pair_features(lex=0.05, title_ov=0.0, cross=False))
    mid = scorer.probability(pair_features(lex=0.4, title_ov=0.0, cross=False))
    high = scorer.probability(pair_features(lex=0.4, title_ov=0.8, cross=False))
    assert low < scorer.event_threshold < high
    assert low < mid < high


def test_unknown_signal_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown signals"):
        scorer_from_dict("x", {"names": ["nope"], "weights": [1.0], "bias": 0.0,
                               "event_threshold": 0.5, "story_threshold": 0.1})  # fmt: skip


def test_german_and_english_headlines_share_bridged_title_words() -> None:
    de = title_words(Doc("a", "Kim trifft Putin in Wladiwostok", ""))
    en = title_words(Doc("b", "Kim meets Putin in Vladivostok", ""))
    assert {"kim", "putin"} <= de & en


def test_signals_of_a_cross_lingual_pair() -> None:
    a = Doc("a", "Kim trifft Putin", "Nordkoreas Machthaber Kim trifft Russlands Präsident Putin.", "de")
    b = Doc("b", "Kim meets Putin", "North Korea's leader Kim meets Russia's president Putin.", "en")
    index = StoryIndex()
    vb = lexical_vector(b)
    c = Centroid("e1")
    c.add(index.weigh(vb), vb, None, 300)
    va = lexical_vector(a)
    s = signals(index.weigh(va), va, c)
    assert s["cross"] == 1.0 and s["lex_x_cross"] == s["lex"] > 0.0
    assert s["title_ov"] > 0.5


def test_clustering_decides_with_the_scorer() -> None:
    never = PairScorer("lexical", ("lex",), (0.0,), -20.0, 0.5, 0.5)
    index = StoryIndex(scorer=never)
    doc = Doc("a", "Same title", "Exactly the same words here.", "en")
    first = index.add(doc, lexical_vector(doc))
    again = index.add(Doc("b", doc.title, doc.text, "en"), lexical_vector(doc))
    assert first.story_id != again.story_id  # identical text, but the scorer says never
    assert StoryIndex.for_embedder("lexical").scorer == load_scorer("lexical")


def test_centroid_headlines_survive_the_store(tmp_path: Path) -> None:
    from newsweave.store import Store
    from newsweave.stories.persist import load_index, save_index

    index = StoryIndex.for_embedder("lexical")
    de = Doc("a", "Kim trifft Putin", "Kim trifft Putin in Wladiwostok.", "de", published="2019-04-25")
    vec = lexical_vector(de)
    vec = replace(vec, title_dense=np.ones(4, np.float32) / 2)
    event_id = index.add(de, vec).event_id
    with Store.open(tmp_path / "s.db") as store, store.transaction() as conn:
        save_index(conn, index)
    with Store.open(tmp_path / "s.db") as store:
        loaded = load_index(store.conn).events[event_id]
    assert loaded.title_words == index.events[event_id].title_words == set(vec.title_words)
    assert loaded.langs == {"de"}
    assert loaded.title_dense is not None and np.allclose(loaded.title_dense, 0.5)


def test_static_model_ships_small_with_its_card() -> None:
    data = files("newsweave.stories").joinpath("data")
    card = json.loads(data.joinpath("static_e5.card.json").read_text(encoding="utf-8"))
    assert card["licence"] == "MIT" and "multilingual-e5-small" in card["teacher"]
    assert data.joinpath("static_e5.npz").stat().st_size <= 10_000_000  # type: ignore[attr-defined]
    model = load_static_model()
    assert len(model.index) == card["words"] and model.dims == card["dims"]
    assert {"de", "en", "all"} <= set(model.lang_means)


def test_static_vectors_match_a_german_report_with_its_english_version() -> None:
    de = Doc("a", "Kim trifft Putin in Wladiwostok", "Der nordkoreanische Machthaber ist mit dem Zug nach "
             "Russland gereist, um den russischen Präsidenten zu treffen.", "de")  # fmt: skip
    en = Doc("b", "Kim meets Putin in Vladivostok", "The North Korean leader travelled to Russia by train "
             "to meet the Russian president.", "en")  # fmt: skip
    other = Doc("c", "Bundesliga: Bayern gewinnt gegen Dortmund", "Der FC Bayern hat das Spitzenspiel der "
                "Fußball-Bundesliga mit drei zu eins gewonnen.", "de")  # fmt: skip
    a, b, c = StaticE5Embedder().embed([de, en, other])
    assert a.dense is not None and b.dense is not None and c.dense is not None
    assert float(np.linalg.norm(a.dense)) == pytest.approx(1.0, abs=1e-5)
    assert float(a.dense @ b.dense) > float(a.dense @ c.dense) + 0.2
    assert a.title_dense is not None and b.title_dense is not None and c.title_dense is not None
    assert float(a.title_dense @ b.title_dense) > float(a.title_dense @ c.title_dense)
    assert a.terms == lexical_vector(de).terms  # the lexical signals stay


def test_static_sum_counts_unknown_hyphenated_words_by_their_parts() -> None:
    model = StaticModel({"us": 0, "präsident": 1}, np.eye(2, dtype=np.float32), None, {})
    total, n = static_sum(model, "Der US-Präsident")
    assert n == 2 and np.allclose(total, [1.0, 1.0])


def test_texts_the_static_vocabulary_does_not_know_get_no_dense_signal() -> None:
    unknown = [
        Doc("r1", "Землетрясение на Камчатке", "Сильное землетрясение произошло у берегов Камчатки.", "ru"),
        Doc("r2", "Цены на нефть выросли", "Стоимость нефти марки Brent превысила отметку.", "ru"),
        Doc("z", "習近平與普京在北京會面", "", "zh"),
    ]
    vectors = StaticE5Embedder().embed(unknown)
    for v in vectors:
        assert v.dense is not None and not v.dense.any()  # a zero vector: cosine 0 with anything
    known = StaticE5Embedder().embed([Doc("d", "Kim trifft Putin", "Der Machthaber reist nach Russland.", "DE-de")])
    assert known[0].dense is not None and float(np.linalg.norm(known[0].dense)) == pytest.approx(1.0, abs=1e-5)
