"""Language-neutral corrections of a page's line features, applied before the classifier.

Consumes a page's :class:`~newsweave.extractors.textpage.segment.Line` records and
their feature matrix from :func:`~newsweave.extractors.textpage.features.page_features`
and produces the same matrix with the word-based columns made to work for scripts
written without spaces (Chinese, Japanese; Korean syllables are counted the same way):
two CJK characters count as one word, so a sentence of 60 characters is prose again,
and on a page mostly in CJK script, where the de/en stopword lists find nothing, prose
lines get the stopword share a "core" line needs. The context columns are then
recomputed from the corrected line columns. On a page without CJK characters (any
de/en page) the matrix comes back unchanged after one regex search (~0.06 ms).

In site-grouped CV on dev, with the retrained artefact, this raised body F1 0.9229 ->
0.9277 (snippets 0.8781 -> 0.8752; with seeds 5-9 0.8756 -> 0.8766, so within seed
noise); the same correction for every page without stopwords (Norwegian...) lowered
snippets by 0.004-0.006 and is not made. See the text-mode section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newsweave.extractors.textpage.features import (
    FEATURES,
    LINE_FEATURES,
    context_features,
    prose_column,
)
from newsweave.extractors.textpage.segment import Line

__all__ = ["language_neutral"]

Matrix = npt.NDArray[np.float32]
_COL = {name: i for i, name in enumerate(FEATURES)}
# Hiragana, katakana, CJK ideographs (extension A and unified) and Hangul syllables.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Two CJK characters make a word: Japanese and Chinese words average about two
# characters (set by hand, not swept; with it the ja dev pages' prose lines pass PROSE_MIN_WORDS).
CJK_CHARS_PER_WORD = 2.0
# A page is read as CJK when more than this share of its characters are CJK (set by hand).
CJK_PAGE_SHARE = 0.3
# The stopword share given to prose lines of CJK pages: above
# features.CORE_MIN_STOP (0.15), so long prose can be "core" (set by hand, not swept).
NO_STOPWORDS_SHARE = 0.2


def language_neutral(lines: Sequence[Line], x: Matrix) -> Matrix:
    """The feature matrix with CJK word counts and, on CJK pages, stopword shares that do not need de/en words.

    Args:
        lines: the page's lines from ``segment``.
        x: their features from ``page_features`` (shape ``(len(lines), len(FEATURES))``).

    Returns:
        ``x`` itself when the page has no CJK characters, else a corrected copy.
    """
    if not lines:
        return x
    stop = x[:, _COL["stop_share"]]
    texts = [line.text for line in lines]
    has_cjk = _CJK.search("\n".join(texts)) is not None
    if not has_cjk:
        return x
    base = x[:, : len(LINE_FEATURES)].copy()
    cjk = np.array([len(_CJK.findall(t)) for t in texts], dtype=np.float64)
    words = np.maximum(np.expm1(base[:, _COL["log_words"]]), cjk / CJK_CHARS_PER_WORD)
    base[:, _COL["log_words"]] = np.log1p(words)
    prose = prose_column(base)
    base[:, _COL["prose"]] = prose
    if cjk.sum() > CJK_PAGE_SHARE * sum(len(t) for t in texts):
        base[:, _COL["stop_share"]] = np.maximum(stop, NO_STOPWORDS_SHARE * (prose > 0))
    return np.hstack([base, context_features(base)]).astype(np.float32)
