"""Tokens and CRF features for the NER tagger.

Consumes text (or the pre-tokenised sentences of the training data) and produces, per token,
a list of string features for python-crfsuite: the word and its lower-case form, prefixes and
suffixes, word shape, casing, whether the word is ordinary vocabulary (simplemma knows it),
gazetteer and title flags, and the same for a window of two tokens either side. No
embeddings and no word clusters: the features are lexical, so the model stays small and fast.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsweave.enrich.ner.gazetteer import Gazetteer

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


@dataclass(frozen=True, slots=True)
class Token:
    """A token and its character offsets into the text it came from."""

    text: str
    start: int
    end: int


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split ``text`` into tokens with offsets (plus ``offset``)."""
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in TOKEN_RE.finditer(text)]


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


def _flags(words: Sequence[str], gaz: Gazetteer) -> list[list[str]]:
    """Gazetteer, demonym, name-list and title flags per token."""
    out: list[list[str]] = [[] for _ in words]
    for i, tag in enumerate(gaz.tag_tokens(words)):
        if tag != "O":
            out[i].append("gz=" + tag)
    inside = False
    for i, word in enumerate(words):
        if word in _QUOTES:
            # „ always opens; the others toggle (German closes with “, English opens with it).
            inside = word == "„" or not inside
        elif inside:
            out[i].append("in_quotes")  # titles of works and events (OTH) are often quoted
        static = gaz.word_flags(word)
        if static:
            out[i].extend(static)
            if static[0] == "title" and i + 1 < len(words):
                out[i + 1].append("after_title")
    return out


def sentence_features(
    words: Sequence[str], gaz: Gazetteer, known: Callable[[str], bool], domain: str | None = None
) -> list[list[str]]:
    """CRF features for one sentence: own features plus a ±2 window of neighbour features.

    ``domain`` names the corpus a training sentence comes from (``ge``, ``sd``): the tagger
    learns a per-corpus bias per label, so SmartData's missing OTH and other guidelines do not
    pull the shared weights. At run time the model's card names the domain to assume.
    """
    cached = [word_features(w) for w in words]
    flags = _flags(words, gaz)
    n = len(words)
    out: list[list[str]] = []
    for i in range(n):
        feats = ["b", *cached[i][0], *_known(words[i], known), *flags[i]]
        if domain is not None:
            feats.append("dom=" + domain)
            if words[i][:1].isupper():
                feats.append("dom_cap=" + domain)
        if i == 0:
            feats.append("BOS")
        else:
            feats.append(f"bi={words[i - 1].lower()}|{words[i].lower()}")
        if i == n - 1:
            feats.append("EOS")
        for k, d in enumerate(WINDOW):
            j = i + d
            if 0 <= j < n:
                feats.extend(cached[j][1][k])
                feats.extend(f"{d}:{f}" for f in flags[j])
        out.append(feats)
    return out
