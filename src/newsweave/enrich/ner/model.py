"""The NER sequence tagger: a linear-chain CRF (python-crfsuite) over lexical features.

Consumes token lists and produces BIO tags over PER/ORG/LOC/OTH. Models are trained by
``tools/train_ner.py`` and shipped as ``newsweave/data/models/ner-<lang>-v3.crfsuite`` with
a JSON card (``ner-<lang>-v3.json``) naming the data, features and held-out scores. A model is
an explicit object (:class:`NerModel`); :func:`load_model` caches one per language and
version, so nothing is loaded at import time.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pycrfsuite

from newsweave.enrich.ner.clusters import load_clusters
from newsweave.enrich.ner.decode import FastTagger, read_weights
from newsweave.enrich.ner.features import Featurizer, Match
from newsweave.enrich.ner.gazetteer import Gazetteer, load_gazetteer
from newsweave.errors import NewsweaveError

MODEL_VERSION = "v3"
LANGUAGES = ("de", "en")


@dataclass(frozen=True, slots=True)
class Span:
    """An entity span over token indices ``[start, end)``."""

    start: int
    end: int
    label: str


def known_words(lang: str) -> Callable[[str], bool]:
    """A membership test for the simplemma dictionary of ``lang`` (ordinary vocabulary)."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    words = DefaultDictionaryFactory().get_dictionary(lang)
    return words.__contains__


@dataclass(frozen=True, slots=True)
class NerModel:
    """A loaded CRF tagger for one language, with the gazetteer its features use."""

    lang: str
    tagger: Any  # pycrfsuite.Tagger (untyped)
    gazetteer: Gazetteer
    known: Callable[[str], bool]
    card: dict[str, Any]
    featurizer: Featurizer
    fast: FastTagger

    def tag(self, words: Sequence[str], matches: Sequence[Match] | None = None) -> list[str]:
        """BIO tags for one sentence of words (``matches``: its gazetteer matches, if known)."""
        return self.tag_sentences([words], None if matches is None else [matches])[0]

    def tag_sentences(
        self, sentences: Sequence[Sequence[str]], matches: Sequence[Sequence[Match]] | None = None
    ) -> list[list[str]]:
        """BIO tags for each sentence of an article, decoded together (:mod:`.decode`)."""
        return self.fast.tag(sentences, matches)

    def tag_reference(self, words: Sequence[str]) -> list[str]:
        """BIO tags for one sentence by crfsuite's own tagger (slower; :meth:`tag` matches it)."""
        if not words:
            return []
        tags: list[str] = self.tagger.tag(self.featurizer.sentence(words))
        return tags


def model_path(lang: str, suffix: str = ".crfsuite", version: str = MODEL_VERSION) -> Path:
    """Where the shipped model file for ``lang`` lives inside the package."""
    root = resources.files("newsweave.data").joinpath("models")
    return Path(str(root.joinpath(f"ner-{lang}-{version}{suffix}")))


def open_model(path: Path, lang: str, gazetteer: Gazetteer | None = None) -> NerModel:
    """Open a CRF model file (and its JSON card next to it, if any).

    Raises:
        NewsweaveError: ``NW302`` when the file is missing or not a CRF model.
    """
    if not path.is_file():
        raise NewsweaveError("NW302", name=str(path), why="no such file; run `make train-ner`")
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except (OSError, ValueError) as err:
        raise NewsweaveError("NW302", name=str(path), why=str(err)) from None
    card_path = path.with_suffix(".json")
    card = json.loads(card_path.read_text("utf-8")) if card_path.is_file() else {}
    gaz, known = gazetteer or load_gazetteer(), known_words(lang)
    weights = read_weights(path)
    # A card's "clusters" names the word-class table the model was trained with (absent: none).
    spec = card.get("clusters") or {}
    try:
        clusters = load_clusters(spec["version"]) if spec else None
        more = tuple(load_clusters(v) for v in spec.get("also", ()))
    except (KeyError, OSError, ValueError) as err:
        raise NewsweaveError("NW302", name=str(card_path), why=f"word-class table: {err!r}") from None
    window, labels = tuple(spec.get("window", ())), bool(spec.get("labels"))
    featurizer = Featurizer(gaz, known, card.get("domain"), clusters, window, labels, more)
    return NerModel(lang, tagger, gaz, known, card, featurizer, FastTagger(weights, featurizer))


@functools.cache
def load_model(lang: str, version: str = MODEL_VERSION) -> NerModel:
    """The shipped model for ``lang`` (``de`` or ``en``), loaded once per process.

    Raises:
        NewsweaveError: ``NW302`` for an unknown language or a missing model file.
    """
    if lang not in LANGUAGES:
        raise NewsweaveError("NW302", name=f"ner-{lang}-{version}", why=f"no model for language {lang!r}")
    return open_model(model_path(lang, version=version), lang)


def spans(tags: Sequence[str]) -> list[Span]:
    """Entity spans from BIO tags; an ``I-`` without a matching ``B-`` starts a span."""
    out: list[Span] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        inside = tag.startswith("I-") and tag[2:] == label and start >= 0
        if inside:
            continue
        if start >= 0:
            out.append(Span(start, i, label))
            start, label = -1, ""
        if tag != "O":
            start, label = i, tag[2:]
    return out
