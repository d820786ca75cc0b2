"""Tokens and CRF features for the NER tagger.

Consumes text (or the pre-tokenised sentences of the training data) and produces, per token,
a list of string features for python-crfsuite: the word and its lower-case form, prefixes and
suffixes, word shape, casing, whether the word is ordinary vocabulary (simplemma knows it),
gazetteer and title flags, the word's distributional class (:mod:`.clusters`, when the model
was trained with one), and the same for a window of two tokens either side. Every feature is a
string looked up per word (no vectors at run time), so the model stays small and fast.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from newsweave.enrich.ner.clusters import WordClusters
from newsweave.enrich.ner.gazetteer import Entry, Gazetteer

# A token: a word with inner hyphens, apostrophes, dots or digits ("Jong-un", "U.S.", "3:1"),
# or a single other non-space character. Matches the GermEval/WNUT tokenisation closely enough
# that the tagger sees the same units it was trained on.
TOKEN_RE = re.compile(r"[A-Z](?:\.[A-Z])+\.?|\w+(?:[-'’/:.]\w+)*|[^\w\s]")
_SHAPE_TABLE = str.maketrans(
    {
        **dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ", "X"),
        **dict.fromkeys("abcdefghijklmnopqrstuvwxyzäöüß", "x"),
        **dict.fromkeys("0123456789", "d"),
    }
)
_SQUEEZE = re.compile(r"(.)\1+")
_QUOTES = frozenset({'"', "„", "“", "”", "«", "»"})
# Neighbour offsets whose features each token sees.
WINDOW = (-2, -1, 1, 2)
# Words whose features are memoised; ~100 bytes of strings each, so about 20 MB at most.
WORD_CACHE_SIZE = 200_000
# A gazetteer match over token indices: (start, end, entry), as from Gazetteer.match_tokens.
Match = tuple[int, int, Entry]


class Token(NamedTuple):
    """A token and its character offsets into the text it came from.

    A named tuple, not a dataclass: an article has ~700 tokens, and a tuple is built in
    half the time (about 0.8 µs less per token, measured with timeit).
    """

    text: str
    start: int
    end: int


_new_tuple = tuple.__new__


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split ``text`` into tokens with offsets (plus ``offset``)."""
    # tuple.__new__ skips the named tuple's Python-level __new__ (a third less time per token).
    return [_new_tuple(Token, (m.group(), m.start() + offset, m.end() + offset)) for m in TOKEN_RE.finditer(text)]


def shape(word: str) -> str:
    """Word shape, long runs squeezed: ``Jong-un`` → ``Xx-x``, ``2019`` → ``d``."""
    return _SQUEEZE.sub(r"\1", word.translate(_SHAPE_TABLE))


@functools.lru_cache(maxsize=WORD_CACHE_SIZE)
def word_features(word: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Features of a word on its own, and as the neighbour at each offset of :data:`WINDOW`.

    Pure and memoised: news text repeats its words, so most tokens cost a cache hit.
    """
    lower = word.lower()
    word_shape = shape(word)
    own = [
        "w=" + word,
        "l=" + lower,
        "s2=" + lower[-2:],
        "s3=" + lower[-3:],
        "s4=" + lower[-4:],
        "p2=" + lower[:2],
        "p3=" + lower[:3],
        "sh=" + word_shape,
    ]
    cap = word[:1].isupper()
    if cap:
        own.append("cap")
    if word.isupper() and len(word) > 1:
        own.append("allcaps")
    if "-" in word:
        own.append("hyph")
        own.append("hs=" + lower.rsplit("-", 1)[1][-4:])
    context = []
    for d in WINDOW:
        feats = [f"{d}:l={lower}", f"{d}:sh={word_shape}"]
        if abs(d) == 1:
            feats.append(f"{d}:s3={lower[-3:]}")
            if cap:
                feats.append(f"{d}:cap")
        context.append(tuple(feats))
    return tuple(own), tuple(context)


def _known(word: str, known: Callable[[str], bool]) -> list[str]:
    """Vocabulary flags of a capitalised word.

    A capitalised word in the lemmatiser's dictionary is ordinary vocabulary (a German noun,
    or a sentence-initial word); an unknown one is more likely a name. Its lower-case form
    being known marks a sentence-initial function word ("Die").
    """
    if not word[:1].isupper():
        return []
    out = ["known" if known(word) else "unknown"]
    if known(word.lower()):
        out.append("known_lower")
    return out


class Featurizer:
    """Turns sentences into CRF features for one language, memoising per-word work.

    A word's own features (with vocabulary, name-list, title and domain flags) and its features
    as a neighbour never change, so each is built once per word and kept here (bounded by
    :data:`WORD_CACHE_SIZE`); only gazetteer spans, quotes and "after a title" are per sentence.
    """

    def __init__(
        self,
        gaz: Gazetteer,
        known: Callable[[str], bool],
        domain: str | None = None,
        clusters: WordClusters | None = None,
        cluster_window: tuple[int, ...] = (),
        cluster_labels: bool = False,
        more_clusters: tuple[WordClusters, ...] = (),
    ) -> None:
        """Args:
        gaz: gazetteer for name flags and spans.
        known: membership test of the ordinary vocabulary (simplemma).
        domain: corpus name for the domain-bias features, or None.
        clusters: word classes (:mod:`.clusters`), or None for a model without them.
        cluster_window: granularities of the ±1 neighbours' classes (none if empty).
        cluster_labels: add the labels of the word's nearest labelled words (``nn_ORG=hi``).
        more_clusters: further word-class tables (own classes only, prefixed ``x1:``, ``x2:`` …).
        """
        self.gaz = gaz
        self.known = known
        self.domain = domain
        self.clusters = clusters
        self.cluster_window = cluster_window
        self.cluster_labels = cluster_labels
        self.more_clusters = more_clusters
        self._memo: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {}

    def word(self, word: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """Own features and neighbour features (per window offset) of one word, memoised."""
        hit = self._memo.get(word)
        if hit is None:
            hit = self.features(word)
            if len(self._memo) < WORD_CACHE_SIZE:
                self._memo[word] = hit
        return hit

    def features(self, word: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """Own features and neighbour features (per window offset) of one word, not memoised."""
        own, context = word_features(word)
        flags = self.gaz.word_flags(word)
        extra = _known(word, self.known)
        if self.domain is not None:
            # ``domain`` names the corpus (``ge``, ``sd``): the tagger learns a per-corpus label
            # bias, so SmartData's missing OTH does not pull the shared weights. Run time
            # assumes the domain on the model's card.
            extra.append("dom=" + self.domain)
            if word[:1].isupper():
                extra.append("dom_cap=" + self.domain)
        if self.clusters is not None:
            extra.extend(self.clusters.features(word))
            if self.cluster_labels:
                extra.extend(self.clusters.neighbour_features(word))
            if self.cluster_window:
                near = self.clusters.features(word, self.cluster_window)
                context = tuple(
                    (*c, *(f"{d}:{f}" for f in near)) if abs(d) == 1 else c
                    for d, c in zip(WINDOW, context, strict=True)
                )
        for i, table in enumerate(self.more_clusters, 1):
            extra.extend(table.features(word, prefix=f"x{i}:"))
        if not flags:
            return ("b", *own, *extra), context
        ctx = tuple((*c, *(f"{d}:{f}" for f in flags)) for d, c in zip(WINDOW, context, strict=True))
        return ("b", *own, *extra, *flags), ctx

    def sentence(self, words: Sequence[str], matches: Sequence[Match] | None = None) -> list[list[str]]:
        """CRF features for one sentence: own features plus a ±2 window of neighbour features.

        Args:
            words: the sentence's tokens.
            matches: ``gaz.match_tokens(words)`` if the caller has it already (saves a pass).
        """
        n = len(words)
        static = [self.word(w) for w in words]
        if matches is None:
            matches = self.gaz.match_tokens(words)
        dynamic = dynamic_flags(words, matches, self.gaz)
        out: list[list[str]] = []
        none: list[str] = []
        for i in range(n):
            feats = [*static[i][0], *dynamic.get(i, none)]
            if i == 0:
                feats.append("BOS")
            else:
                feats.append(f"bi={words[i - 1].lower()}|{words[i].lower()}")
            if i == n - 1:
                feats.append("EOS")
            for k, d in enumerate(WINDOW):
                j = i + d
                if 0 <= j < n:
                    feats.extend(static[j][1][k])
                    if j in dynamic:
                        feats.extend(f"{d}:{f}" for f in dynamic[j])
            out.append(feats)
        return out


def dynamic_flags(words: Sequence[str], matches: Sequence[Match], gaz: Gazetteer) -> dict[int, list[str]]:
    """Per-sentence flags by token index: gazetteer spans, inside quotes, after a title word.

    Most tokens have none, so only flagged indices are keys.
    """
    out: dict[int, list[str]] = {}
    for start, end, entry in matches:
        out.setdefault(start, []).append(f"gz=B-{entry.label}")
        for j in range(start + 1, end):
            out.setdefault(j, []).append(f"gz=I-{entry.label}")
    # after_title before in_quotes: the order the features were first seen in fixes attribute
    # ids in the trained model file, so changing it breaks byte-identical retraining.
    flags = gaz.word_flags
    for i in [i for i, word in enumerate(words[:-1]) if "title" in flags(word)]:
        out.setdefault(i + 1, []).append("after_title")
    if not _QUOTES.isdisjoint(words):
        inside = False
        for i, word in enumerate(words):
            if word in _QUOTES:
                # „ always opens; the others toggle (German closes with “, English opens with it).
                inside = word == "„" or not inside
            elif inside:
                out.setdefault(i, []).append("in_quotes")  # titles of works and events (OTH) are often quoted
    return out


def sentence_features(
    words: Sequence[str], gaz: Gazetteer, known: Callable[[str], bool], domain: str | None = None
) -> list[list[str]]:
    """CRF features for one sentence (a one-off :class:`Featurizer`; reuse one for speed)."""
    return Featurizer(gaz, known, domain).sentence(words)
