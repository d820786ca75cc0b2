"""Fast CRF decoding: a trained crfsuite model's weights, scored with numpy, a whole article at once.

Consumes a crfsuite CRF1d model file (as written by ``tools/train_ner.py``) and the sentences
of an article as token lists; produces BIO tags per sentence, the same as
``pycrfsuite.Tagger.tag`` would (the same features, weights and Viterbi search). Why not the
Tagger: it takes every feature of every token as a Python string, converts and looks it up
again each time; here the features of a word are summed into one score vector per label
once and cached, the ±2 window is added with array shifts, and Viterbi runs over all
sentences of the article at once, so an article costs a few dozen numpy calls.

Model file layout (crfsuite ``crf1dm.c`` and ``cqdb.c``): a ``lCRF`` header of little-endian
uint32 fields; a ``FEAT`` chunk of 20-byte features (type 0 = state: attribute → label,
type 1 = transition: label → label; uint32 type, src, dst, float64 weight); label and
attribute tables as CQDB chunks whose backward array maps an id to its NUL-terminated name.
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newsweave.enrich.ner.features import WINDOW, Featurizer, Match, dynamic_flags
from newsweave.errors import NewsweaveError

Array = npt.NDArray[np.float64]
# Header: magic, size, type, version, then num_features, num_labels, num_attrs, off_features,
# off_labels, off_attrs, off_labelrefs, off_attrrefs (unpacked indices 4 to 11).
_HEADER = struct.Struct("<4sI4sI8I")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1
# Words whose score vectors are memoised: 5 × 9 floats (360 bytes) each, so ~70 MB at most.
VECTOR_CACHE_SIZE = 200_000
# Score vectors per word: its own features, then as the neighbour at each offset of WINDOW.
_SLOTS = len(WINDOW) + 1


@dataclass(frozen=True, slots=True)
class CrfWeights:
    """The weights of a CRF1d model: per attribute and label, and per label pair."""

    labels: tuple[str, ...]
    attributes: dict[str, int]  # attribute name -> row of ``state``
    state: Array  # (attributes, labels)
    transition: Array  # (from label, to label)


def _cqdb_names(data: bytes, base: int, path: Path) -> list[str]:
    """Names of a CQDB chunk at ``base``, indexed by id."""
    if data[base : base + 4] != b"CQDB":
        raise NewsweaveError("NW302", name=str(path), why="no CQDB table where the header points")
    count, backward = struct.unpack_from("<II", data, base + 16)
    names = []
    for off in struct.unpack_from(f"<{count}I", data, base + backward):
        size = int.from_bytes(data[base + off + 4 : base + off + 8], "little")
        names.append(data[base + off + 8 : base + off + 7 + size].decode("utf-8"))
    return names


def read_weights(path: Path) -> CrfWeights:
    """Read the labels, attributes and weights of a crfsuite CRF1d model file (tens of ms).

    Raises:
        NewsweaveError: ``NW302`` when the file is not a crfsuite CRF1d model.
    """
    data = path.read_bytes()
    if data[:4] != b"lCRF" or len(data) < _HEADER.size:
        raise NewsweaveError("NW302", name=str(path), why="not a crfsuite CRF1d model")
    fields = _HEADER.unpack_from(data)
    off_features, off_labels, off_attrs = fields[7], fields[8], fields[9]
    labels = _cqdb_names(data, off_labels, path)
    attrs = _cqdb_names(data, off_attrs, path)
    count = struct.unpack_from("<I", data, off_features + 8)[0]
    feats = np.frombuffer(data, dtype=_FEATURE, count=count, offset=off_features + 12)
    state = np.zeros((len(attrs) + 1, len(labels)))  # last row: zeros, for "no attribute"
    trans = np.zeros((len(labels), len(labels)))
    st, tr = feats[feats["type"] == _STATE], feats[feats["type"] == _TRANSITION]
    np.add.at(state, (st["src"].astype(np.intp), st["dst"].astype(np.intp)), st["weight"])
    np.add.at(trans, (tr["src"].astype(np.intp), tr["dst"].astype(np.intp)), tr["weight"])
    return CrfWeights(tuple(labels), {a: i for i, a in enumerate(attrs)}, state, trans)


class FastTagger:
    """Tags articles with a CRF's weights and a :class:`Featurizer`, caching a vector per word.

    A word's own features, and its features as each window neighbour, sum to one vector of
    label scores each; these five vectors are kept per word (bounded by
    :data:`VECTOR_CACHE_SIZE`). Per sentence only the bigram, gazetteer, quote and title flags
    are looked up.
    """

    def __init__(self, weights: CrfWeights, featurizer: Featurizer) -> None:
        self.weights = weights
        self.featurizer = featurizer
        # Row of each memoised word in ``_table``; row 0 is a scratch row for uncached words.
        self._rows: dict[str, int] = {}
        self._flags: dict[str, tuple[tuple[int, int], ...]] = {}  # a few dozen flag names
        self._table = np.zeros((1024, _SLOTS, len(weights.labels)))
        ids = weights.attributes
        self._bos = weights.state[ids["BOS"]] if "BOS" in ids else 0.0
        self._eos = weights.state[ids["EOS"]] if "EOS" in ids else 0.0

    def _score_new(self, words: Sequence[str]) -> Array:
        """(words, 5, labels) score vectors of words not seen before, summed in one numpy call."""
        ids = self.weights.attributes
        slots: list[int] = []
        rows: list[int] = []
        for k, word in enumerate(words):
            own, context = self.featurizer.features(word)
            for s, feats in enumerate((own, *context)):
                found = [row for row in map(ids.get, feats) if row is not None]
                slots.extend([k * _SLOTS + s] * len(found))
                rows.extend(found)
        out = np.zeros((len(words) * _SLOTS, len(self.weights.labels)))
        np.add.at(out, np.array(slots, dtype=np.intp), self.weights.state[np.array(rows, dtype=np.intp)])
        return out.reshape(len(words), _SLOTS, -1)

    def _word_rows(self, words: Sequence[str]) -> Array:
        """(words, 5, labels) score vectors of ``words``, memoising new words in ``_table``."""
        rows = self._rows
        index = [rows.get(w, 0) for w in words]
        if 0 not in index:
            return self._table[index]
        new = list(dict.fromkeys(w for w, i in zip(words, index, strict=True) if not i))
        scores = self._score_new(new)
        if len(rows) + len(new) >= VECTOR_CACHE_SIZE:  # full: score new words, keep none
            out = self._table[index]
            where = {w: k for k, w in enumerate(new)}
            for k, word in enumerate(words):
                if word in where:
                    out[k] = scores[where[word]]
            return out
        while len(rows) + len(new) >= len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
        first = len(rows) + 1
        self._table[first : first + len(new)] = scores
        rows.update((w, first + k) for k, w in enumerate(new))
        return self._table[[rows[w] for w in words]]

    def _sparse(
        self, sentences: Sequence[Sequence[str]], matches: Sequence[Sequence[Match]]
    ) -> tuple[list[int], list[int]]:
        """(token position, attribute row) of bigram, gazetteer, quote and title features."""
        ids = self.weights.attributes
        lower = [w.lower() for words in sentences for w in words]
        starts = set(itertools.accumulate((len(s) for s in sentences[:-1]), initial=0))
        keys = map("bi={}|{}".format, lower, lower[1:])
        hits = [(i, row) for i, row in enumerate(map(ids.get, keys), start=1) if row is not None and i not in starts]
        base = 0
        for words, found in zip(sentences, matches, strict=True):
            for j, flags in dynamic_flags(words, found, self.featurizer.gaz).items():
                for flag in flags:
                    hits.extend((base + j - d, row) for d, row in self._flag_rows(flag) if 0 <= j - d < len(words))
            base += len(words)
        return [i for i, _ in hits], [row for _, row in hits]

    def _flag_rows(self, flag: str) -> tuple[tuple[int, int], ...]:
        """(offset, attribute row) of a per-sentence flag as the token's own and as a neighbour's."""
        hit = self._flags.get(flag)
        if hit is None:
            ids = self.weights.attributes
            names = ((0, flag), *((d, f"{d}:{flag}") for d in WINDOW))
            hit = self._flags[flag] = tuple((d, ids[name]) for d, name in names if name in ids)
        return hit

    def emissions(self, sentences: Sequence[Sequence[str]], matches: Sequence[Sequence[Match]]) -> Array:
        """Label scores of every token of ``sentences``, concatenated: (tokens, labels)."""
        flat = [w for words in sentences for w in words]
        vec = self._word_rows(flat)
        lengths = np.array([len(s) for s in sentences])
        sid = np.repeat(np.arange(len(sentences)), lengths)
        out = vec[:, 0].copy()
        for k, d in enumerate(WINDOW, start=1):
            if d > 0:
                out[:-d] += vec[d:, k] * (sid[:-d] == sid[d:])[:, None]
            else:
                out[-d:] += vec[:d, k] * (sid[-d:] == sid[:d])[:, None]
        ends = np.cumsum(lengths)
        out[ends - lengths] += self._bos
        out[ends - 1] += self._eos
        pos, rows = self._sparse(sentences, matches)
        np.add.at(out, np.array(pos, dtype=np.intp), self.weights.state[np.array(rows, dtype=np.intp)])
        return out

    def tag(
        self, sentences: Sequence[Sequence[str]], matches: Sequence[Sequence[Match]] | None = None
    ) -> list[list[str]]:
        """BIO tags for each sentence (``matches``: their gazetteer matches, if known)."""
        keep = [s for s in sentences if s]
        if not keep:
            return [[] for _ in sentences]
        found: list[Sequence[Match]]
        if matches is None:
            found = [self.featurizer.gaz.match_tokens(s) for s in keep]
        else:
            found = [m for s, m in zip(sentences, matches, strict=True) if s]
        paths = viterbi(self.emissions(keep, found), [len(s) for s in keep], self.weights.transition)
        labels = self.weights.labels
        tagged = iter([[labels[y] for y in path] for path in paths])
        return [next(tagged) if s else [] for s in sentences]


def viterbi(emission: Array, lengths: Sequence[int], transition: Array) -> list[list[int]]:
    """Best label paths of all sentences at once.

    The sentences are sorted longest first and padded, so at step ``t`` the ones still going
    are a prefix and each step is four numpy calls over all of them; the backtrace runs in
    plain Python over nested lists (cheaper than numpy calls per step).

    Args:
        emission: (tokens, labels) scores of the concatenated sentences.
        lengths: tokens per sentence (each ≥ 1).
        transition: (from, to) label-pair scores.
    """
    size = np.asarray(lengths)
    order = np.argsort(-size, kind="stable")
    starts = (np.cumsum(size) - size)[order]
    size = size[order]
    n_sent, longest, n_labels = len(size), int(size[0]), emission.shape[1]
    row = np.repeat(np.arange(n_sent), size)
    col = np.arange(len(row)) - np.repeat(np.cumsum(size) - size, size)
    padded = np.zeros((n_sent, longest, n_labels))
    padded[row, col] = emission[np.repeat(starts, size) + col]
    going = np.searchsorted(-size, -np.arange(longest), side="left").tolist()  # sentences longer than t
    back = np.zeros((longest, n_sent, n_labels), dtype=np.intp)
    delta = padded[:, 0].copy()
    for t in range(1, longest):
        k = going[t]
        cand = delta[:k, :, None] + transition
        back[t, :k] = cand.argmax(axis=1)
        delta[:k] = cand.max(axis=1) + padded[:k, t]
    trace, last = back.ravel().tolist(), delta.argmax(axis=1).tolist()
    out: list[list[int]] = [[] for _ in range(n_sent)]
    for r, (label, n) in enumerate(zip(last, size.tolist(), strict=True)):
        path = [label]
        for t in range(n - 1, 0, -1):
            path.append(trace[(t * n_sent + r) * n_labels + path[-1]])
        out[int(order[r])] = path[::-1]
    return out
