"""Line and context features for the line classifier.

Consumes the :class:`~newsweave.extractors.textpage.segment.Line` records of
one page and produces a float32 matrix with one row per line: shape and
lexical features of the line itself (a handful of C-level string operations
per line, cue patterns matched in one pass over the page), then context
computed with numpy over the whole page: the same features of the three lines
before and after, distances to the nearest prose line, the position relative
to the densest run of prose, bullet and short-line runs, repeats on the page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newsweave.extractors.textpage import cues
from newsweave.extractors.textpage.segment import Line

Matrix = npt.NDArray[np.float32]

_TERMINAL = re.compile(r"[.!?…。！？][\"'”“»«)\]]*$")
_CUE_GROUPS = {
    **{f"furn{i}": p for i, p in enumerate(cues.FURNITURE)},
    **{f"cred{i}": p for i, p in enumerate(cues.CREDIT)},
    **{f"byl{i}": p for i, p in enumerate(cues.BYLINE)},
}
_CUE_NAMES = tuple(_CUE_GROUPS)
_CUE_COL = {name: i for i, name in enumerate(_CUE_NAMES)}
# One alternation with named groups, run once over the page (each line cut to
# _CUE_SPAN chars): cheaper than one search per pattern and line.
_CUE_RE = re.compile("|".join(f"(?P<{n}>{p})" for n, p in _CUE_GROUPS.items()), re.I | re.M)
# Cues are looked for in the head of a line: furniture lines are short, and a
# cue deep inside a long paragraph says nothing about it.
_CUE_SPAN = 160
_DIGITS = str.maketrans("", "", "0123456789")
_UPPER = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜÀÁÂÈÉÊÌÍÎÒÓÔÙÚÛÑÇ")
_PUNCT = str.maketrans("", "", ".,;:!?\"'()[]{}-–—/\\|·•»«„“”‘’*+#@&%$€£=<>_~^")
_QUOTES = tuple("\"'„“”‘’»«‹›")
_SEPARATORS = ("|", " · ", " • ", " / ", " - ")
# Prose in the C4 sense: final punctuation and at least this many words.
PROSE_MIN_WORDS = 5

LINE_FEATURES = (
    "log_chars",
    "log_words",
    "terminal",
    "ends_colon",
    "starts_upper",
    "digit_share",
    "upper_share",
    "punct_share",
    "comma_rate",
    "separators",
    "bullet",
    "indent",
    "blank_before",
    "blank_after",
    "rel_pos",
    "stop_share",
    "word_len",
    "quote_start",
    "digit_start",
    "cap_share",
    "one_word",
    "prose",
    "log_repeats",
    *(f"cue_{n}" for n in _CUE_NAMES),
)
_NEIGHBOUR_COLS = ("log_chars", "terminal", "prose", "bullet", "stop_share", "blank_before", "cap_share", "indent")
_NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)
CONTEXT_FEATURES = (
    *(f"{c}@{o:+d}" for o in _NEIGHBOUR_OFFSETS for c in _NEIGHBOUR_COLS),
    "prose_dist_before",
    "prose_dist_after",
    "in_main",
    "main_dist_start",
    "main_dist_end",
    "prose_window5",
    "prose_chars_before",
    "prose_chars_after",
    "bullet_run",
    "short_run",
    "log_lines",
    "log_page_chars",
    "cue_window2",
)
FEATURES = (*LINE_FEATURES, *CONTEXT_FEATURES)
_COL = {name: i for i, name in enumerate(LINE_FEATURES)}


def line_features(lines: Sequence[Line]) -> Matrix:
    """The per-line features (``LINE_FEATURES``), one row per line."""
    n = len(lines)
    out = np.zeros((n, len(LINE_FEATURES)), dtype=np.float32)
    if not n:
        return out
    counts = Counter(line.text for line in lines)
    rows = [_line_row(line, counts[line.text]) for line in lines]
    k = len(rows[0])
    out[:, :k] = np.asarray(rows, dtype=np.float32)
    out[:, _COL["rel_pos"]] = np.arange(n, dtype=np.float32) / max(n - 1, 1)
    _cue_columns(lines, out[:, len(LINE_FEATURES) - len(_CUE_NAMES) :])
    return out


def _line_row(line: Line, repeats: int) -> tuple[float, ...]:
    """Shape and lexical features of one line (order as in ``LINE_FEATURES``)."""
    text = line.text
    size = len(text)
    words = text.split()
    nw = len(words)
    head = words[:40]
    lower = [w.lower().strip(".,;:!?\"'()„“”«»") for w in head]
    stop = sum(1 for w in lower if w in cues.STOPWORDS)
    caps = sum(1 for w in head if w[:1].isupper())
    terminal = _TERMINAL.search(text[-4:]) is not None
    return (
        np.log1p(size),
        np.log1p(nw),
        float(terminal),
        float(text.endswith(":")),
        float(text[:1].isupper()),
        (size - len(text.translate(_DIGITS))) / size,
        (size - len(text.translate(_UPPER))) / size,
        (size - len(text.translate(_PUNCT))) / size,
        text.count(",") / nw,
        float(any(s in text for s in _SEPARATORS)),
        float(line.bullet is not None),
        min(line.indent, 12) / 4.0,
        float(line.blank_before),
        float(line.blank_after),
        0.0,
        stop / len(head),
        size / nw,
        float(text.startswith(_QUOTES)),
        float(text[:1].isdigit()),
        caps / len(head),
        float(nw == 1),
        float(terminal and nw >= PROSE_MIN_WORDS),
        np.log(repeats),
    )


def _cue_columns(lines: Sequence[Line], out: Matrix) -> None:
    """Set cue-group indicators: one regex pass over the joined line heads."""
    heads = [line.text[:_CUE_SPAN] for line in lines]
    starts = np.cumsum([0] + [len(h) + 1 for h in heads[:-1]])
    joined = "\n".join(heads)
    for m in _CUE_RE.finditer(joined):
        name = m.lastgroup
        if name is not None:
            row = int(np.searchsorted(starts, m.start(), side="right")) - 1
            out[row, _CUE_COL[name]] = 1.0


def page_features(lines: Sequence[Line]) -> Matrix:
    """All features (``FEATURES``) of one page's lines, one row per line.

    Args:
        lines: the page's lines from ``segment``.

    Returns:
        A float32 matrix of shape ``(len(lines), len(FEATURES))``.
    """
    base = line_features(lines)
    return np.hstack([base, context_features(base)]) if len(lines) else base.reshape(0, len(FEATURES))


def shift(values: Matrix, offset: int, fill: float = -1.0) -> Matrix:
    """Rows of ``values`` moved by ``offset`` (the row ``i + offset`` at ``i``), padded with ``fill``."""
    out = np.full_like(values, fill)
    n = values.shape[0]
    if offset > 0 and offset < n:
        out[: n - offset] = values[offset:]
    elif offset < 0 and -offset < n:
        out[-offset:] = values[: n + offset]
    return out


def context_features(base: Matrix) -> Matrix:
    """Context features (``CONTEXT_FEATURES``) from the per-line matrix."""
    n = base.shape[0]
    sub = base[:, [_COL[c] for c in _NEIGHBOUR_COLS]]
    cols = [shift(sub, o) for o in _NEIGHBOUR_OFFSETS]
    prose = base[:, _COL["prose"]]
    chars = np.expm1(base[:, _COL["log_chars"]])
    prose_chars = prose * chars
    total = max(float(prose_chars.sum()), 1.0)
    start, end = main_run(np.where(prose > 0, base[:, _COL["log_chars"]] - 2.0, -1.0))
    idx = np.arange(n, dtype=np.float32)
    cue_any = base[:, len(LINE_FEATURES) - len(_CUE_NAMES) :].max(axis=1)
    extra = np.column_stack(
        [
            np.log1p(_distance_before(prose > 0)),
            np.log1p(_distance_before(prose[::-1] > 0)[::-1]),
            ((idx >= start) & (idx <= end)).astype(np.float32),
            np.sign(idx - start) * np.log1p(np.abs(idx - start)),
            np.sign(idx - end) * np.log1p(np.abs(idx - end)),
            _window_sum(prose, 5) / 11.0,
            (np.cumsum(prose_chars) - prose_chars) / total,
            (total - np.cumsum(prose_chars)) / total,
            np.log1p(_run_length(base[:, _COL["bullet"]] > 0)),
            np.log1p(_run_length(prose == 0)),
            np.full(n, np.log1p(n)),
            np.full(n, np.log1p(chars.sum())),
            _window_sum(cue_any, 2) / 5.0,
        ]
    ).astype(np.float32)
    return np.hstack([*cols, extra]).astype(np.float32)


def main_run(score: npt.NDArray[np.floating]) -> tuple[int, int]:
    """The maximum-sum run of ``score`` (Kadane): where the article's prose is densest."""
    best, best_span = -np.inf, (0, -1)
    cur, cur_start = 0.0, 0
    for i, s in enumerate(score.tolist()):
        if cur <= 0:
            cur, cur_start = 0.0, i
        cur += s
        if cur > best:
            best, best_span = cur, (cur_start, i)
    return best_span


def _distance_before(mask: npt.NDArray[np.bool_]) -> Matrix:
    """Lines since the last True at or before each position (capped at 50)."""
    n = mask.shape[0]
    idx = np.arange(n)
    last = np.maximum.accumulate(np.where(mask, idx, -(10**6)))
    out: Matrix = np.minimum(idx - last, 50).astype(np.float32)
    return out


def _window_sum(values: npt.NDArray[np.floating], half: int) -> Matrix:
    """Sum of ``values`` over the window ``[i - half, i + half]``."""
    c = np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])
    n = values.shape[0]
    hi = np.minimum(np.arange(n) + half + 1, n)
    lo = np.maximum(np.arange(n) - half, 0)
    out: Matrix = (c[hi] - c[lo]).astype(np.float32)
    return out


def _run_length(mask: npt.NDArray[np.bool_]) -> Matrix:
    """Length of the run of True values each position belongs to (0 where False)."""
    n = mask.shape[0]
    if not n:
        return np.zeros(0, dtype=np.float32)
    m = mask.astype(np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], m, [0]])))
    out = np.zeros(n, dtype=np.float32)
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        out[a:b] = b - a
    return out
