"""Page-normalised line features: each line against its own page's prose.

Consumes the feature matrix of one page (``features.page_features`` after
``context.language_neutral``, one row per line) and produces extra float32
columns, one row per line: for a few shape and lexical columns, the line's
value minus the mean of that column over the page's prose lines (or over all
its lines when it has fewer than two). A site writes its prose in its own
style (long or short sentences, many or few commas, capitals, digits, de/en
stopwords or none); measured against the page itself, "prose-like" reads the
same on a site the classifier has never seen. Pure numpy over the matrix: no
text is read again (0.02 ms a DEV page).

In site-grouped 5-fold CV on dev (``make train``), textpage-v2 with these columns
reached body F1 0.9294 and snippet F1 0.8813 against 0.9277 / 0.8752 for v1
without them; two seed sets of scratch runs on the same folds gave +0.0011 /
+0.0026 body and +0.0095 / +0.0004 snippets, so the gain is small and mostly in
snippets. The same differences against every line column, a per-page z-score,
a "self stopword" share (the page's own frequent short words) and comment-thread
signals (repeated short-line shapes, timestamps nearby) did not add to it
(docs/BENCHMARKS.md, text mode, round 4).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from newsweave.extractors.textpage.features import FEATURES

__all__ = ["EXTRA_FEATURES", "NORMALISED", "page_normalised"]

Matrix = npt.NDArray[np.float32]

NORMALISED: tuple[str, ...] = (
    "log_chars",
    "log_words",
    "stop_share",
    "punct_share",
    "comma_rate",
    "word_len",
    "cap_share",
    "digit_share",
    "upper_share",
)
"""The columns of ``features.FEATURES`` measured against the page's prose."""
EXTRA_FEATURES: tuple[str, ...] = tuple(f"{name}-page_prose" for name in NORMALISED)
"""Names of the columns ``page_normalised`` adds, in order."""

_COLS = np.array([FEATURES.index(name) for name in NORMALISED])
_PROSE = FEATURES.index("prose")
# The page reference needs at least this many prose lines; below it the mean of
# all lines is used (set by hand: one line is no distribution).
_MIN_PROSE_LINES = 2


def page_normalised(x: Matrix) -> Matrix:
    """The ``EXTRA_FEATURES`` columns of one page.

    Args:
        x: the page's feature matrix, shape ``(lines, len(FEATURES))``.

    Returns:
        A float32 matrix of shape ``(lines, len(EXTRA_FEATURES))``.
    """
    values = x[:, _COLS]
    if not values.shape[0]:
        return values.astype(np.float32)
    prose = x[:, _PROSE] > 0
    reference = values[prose] if np.count_nonzero(prose) >= _MIN_PROSE_LINES else values
    out: Matrix = (values - reference.mean(axis=0)).astype(np.float32)
    return out
