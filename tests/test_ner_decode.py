"""Tests of newsweave.enrich.ner.decode: reading crfsuite weights, batched Viterbi, FastTagger."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from newsweave.enrich.ner.decode import read_weights, viterbi
from newsweave.enrich.ner.features import tokenize
from newsweave.enrich.ner.model import load_model, model_path
from newsweave.errors import NewsweaveError

# Written for these tests (not taken from any corpus).
SENTENCES_DE = [
    "Bundeskanzlerin Angela Merkel traf am Montag in Berlin den Präsidenten Emmanuel Macron.",
    "Die Europäische Union und die Vereinten Nationen beraten in Genf über den Krieg in der Ukraine.",
    "Merkel",
    "„Der Zauberberg“ von Thomas Mann erschien 1924 bei S. Fischer in Berlin.",
    "Laut dpa sagte US-Außenminister Mike Pompeo am Rande des G20-Gipfels in Osaka, man werde sehen.",
    "Angela Merkel und Angela Merkel und Angela Merkel.",
]
SENTENCES_EN = [
    "President Joe Biden met Chancellor Olaf Scholz in Washington on Friday, the White House said.",
    "i love new york and the yankees",
    "Apple shares fell 3% after Tim Cook spoke in Cupertino.",
]


def _toy_model(tmp_path: Path) -> Path:
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.append([["w=a"], ["w=b"], ["w=c"]], ["X", "Y", "X"])
    trainer.append([["w=b"], ["w=b"]], ["Y", "Y"])
    trainer.set_params({"max_iterations": 30})
    path = tmp_path / "toy.crfsuite"
    trainer.train(str(path))
    return path


def test_read_weights_matches_crfsuite_info(tmp_path: Path) -> None:
    path = _toy_model(tmp_path)
    weights = read_weights(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()
    assert set(weights.labels) == {"X", "Y"}
    for (attr, label), w in info.state_features.items():
        assert weights.state[weights.attributes[attr], weights.labels.index(label)] == pytest.approx(w, abs=1e-6)
    for (src, dst), w in info.transitions.items():
        assert weights.transition[weights.labels.index(src), weights.labels.index(dst)] == pytest.approx(w, abs=1e-6)


def test_read_weights_rejects_other_files(tmp_path: Path) -> None:
    path = tmp_path / "not.crfsuite"
    path.write_bytes(b"hello, this is no model at all" * 4)
    with pytest.raises(NewsweaveError) as err:
        read_weights(path)
    assert err.value.code == "NW302"


def _brute_force(emission: np.ndarray, transition: np.ndarray) -> list[int]:
    import itertools

    n, labels = emission.shape
    best = max(
        itertools.product(range(labels), repeat=n),
        key=lambda ys: (
            sum(emission[t, y] for t, y in enumerate(ys)) + sum(transition[a, b] for a, b in itertools.pairwise(ys))
        ),
    )
    return list(best)


def test_viterbi_batches_sentences_of_any_length_exactly() -> None:
    rng = np.random.default_rng(7)
    lengths = [3, 1, 5, 2, 5, 4]
    emission = rng.normal(size=(sum(lengths), 3))
    transition = rng.normal(size=(3, 3))
    paths = viterbi(emission, lengths, transition)
    starts = np.cumsum(lengths) - lengths
    for path, start, n in zip(paths, starts, lengths, strict=True):
        assert path == _brute_force(emission[start : start + n], transition)


@pytest.mark.skipif(not model_path("de").is_file(), reason="German NER model not trained")
@pytest.mark.parametrize("lang", ["de", "en"])
def test_fast_tagger_equals_crfsuite_tagger(lang: str) -> None:
    model = load_model(lang)
    sentences = [[t.text for t in tokenize(s)] for s in (SENTENCES_DE if lang == "de" else SENTENCES_EN)]
    together = model.tag_sentences([*sentences, []])
    assert together[-1] == []
    assert together[:-1] == [model.tag_reference(words) for words in sentences]
    assert [model.tag(words) for words in sentences] == together[:-1]
    assert any(tag != "O" for tags in together for tag in tags)


@pytest.mark.skipif(not model_path("de").is_file(), reason="German NER model not trained")
def test_full_word_cache_still_scores_new_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsweave.enrich.ner import decode
    from newsweave.enrich.ner.model import open_model

    model = open_model(model_path("de"), "de")  # a fresh model: its caches start empty
    monkeypatch.setattr(decode, "VECTOR_CACHE_SIZE", 5)
    sentences = [[t.text for t in tokenize(s)] for s in SENTENCES_DE]
    assert model.tag_sentences(sentences) == [model.tag_reference(words) for words in sentences]
    assert len(model.fast._rows) < 5
