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

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newsweave.extractors.textpage import cues
from newsweave.extractors.textpage.segment import Line

Matrix = npt.NDArray[np.float32]

_TERMINAL = re.compile(r"[.!?…。！？][\"'”“»«)\]]*$")
_CUE_NAMES = (*cues.CUE_GROUPS, "agency", "date")
# word -> cue columns it sets; phrases and short-line patterns as one alternation
# with a named group per column (one regex pass per short line).
_WORD_COLS: dict[str, tuple[int, ...]] = {}
for _col, (_words, _phrases) in enumerate(cues.CUE_GROUPS.values()):
    for _w in _words:
        _WORD_COLS[_w] = (*_WORD_COLS.get(_w, ()), _col)
_CUE_WORDS = frozenset(_WORD_COLS)
# Phrases indexed by their first word (punctuation stripped as for ``lower``), so a
# line is only searched for the phrases whose first word it contains.
_PHRASES: dict[str, list[tuple[str, int]]] = {}
for _col, (_, _phrases) in enumerate(cues.CUE_GROUPS.values()):
    for _p in _phrases:
        _PHRASES.setdefault(_p.split()[0].strip(".,;:!?\"'()„“”«»"), []).append((_p, _col))
_PHRASE_FIRST = frozenset(_PHRASES)
_DATE_RE = re.compile(cues.DATE_PATTERN)
# Phrases are looked for in lines up to this many characters (set by hand): furniture
# lines are short, and a phrase deep inside a paragraph says nothing about it.
_CUE_SPAN = 160
# ASCII classes counted per byte with numpy; non-ASCII letters are rare enough in
# these classes not to matter for the shares.
_DIGITS = b"0123456789"
_UPPER = bytes(range(65, 91))
_PUNCT = b".,;:!?\"'()[]{}-/\\|*+#@&%$=<>_~^"
_STRIP = ".,;:!?\"'()„“”«»"
_IS_STOP = cues.STOPWORDS.__contains__
_QUOTES = tuple("\"'„“”‘’»«‹›")
_SEPARATORS = ("|", " · ", " • ", " / ", " - ")
# Prose in the C4 sense (the txt_c4 anchor): final punctuation and at least this many words.
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


# Per-line features computed in Python (the rest are vectorised over the page bytes).
_ROW_FEATURES = (
    "terminal",
    "ends_colon",
    "starts_upper",
    "separators",
    "quote_start",
    "digit_start",
    "stop_share",
    "bullet",
    "indent",
    "blank_before",
    "blank_after",
    *(f"cue_{n}" for n in _CUE_NAMES),
)
_ROW_COLS = [_COL[c] for c in _ROW_FEATURES]


def _byte_table(chars: bytes) -> npt.NDArray[np.int32]:
    table = np.zeros(256, dtype=np.int32)
    table[list(chars)] = 1
    return table


_T_DIGIT, _T_UPPER, _T_PUNCT = _byte_table(_DIGITS), _byte_table(_UPPER), _byte_table(_PUNCT)
_T_COMMA, _T_SPACE = _byte_table(b","), _byte_table(b" \t\n\x0b\x0c")


def line_features(lines: Sequence[Line]) -> Matrix:
    """The per-line features (``LINE_FEATURES``), one row per line."""
    n = len(lines)
    out = np.zeros((n, len(LINE_FEATURES)), dtype=np.float32)
    if not n:
        return out
    texts = [line.text for line in lines]
    out[:, _ROW_COLS] = np.asarray([_line_row(line) for line in lines], dtype=np.float32)
    _byte_stats(texts, out)
    _date_cues(texts, out)
    counts = Counter(texts)
    out[:, _COL["log_repeats"]] = np.log([counts[t] for t in texts])
    out[:, _COL["rel_pos"]] = np.arange(n, dtype=np.float32) / max(n - 1, 1)
    out[:, _COL["prose"]] = out[:, _COL["terminal"]] * (out[:, _COL["log_words"]] >= math.log1p(PROSE_MIN_WORDS))
    return out


def _byte_stats(texts: list[str], out: Matrix) -> None:
    """Length, word and character-class features from one pass of numpy over the page's UTF-8 bytes."""
    raw = np.frombuffer("\n".join(texts).encode("utf-8"), dtype=np.uint8)
    ends = np.append(np.flatnonzero(raw == 10), raw.shape[0])
    starts = np.concatenate([[0], ends[:-1] + 1])
    nbytes = (ends - starts).astype(np.float32)
    space = _T_SPACE[raw]
    word_start = (1 - space) * np.concatenate([[1], space[:-1]])
    nw = np.add.reduceat(word_start, starts).astype(np.float32)
    chars = np.array([len(t) for t in texts], dtype=np.float32)
    out[:, _COL["log_chars"]] = np.log1p(chars)
    out[:, _COL["log_words"]] = np.log1p(nw)
    out[:, _COL["digit_share"]] = np.add.reduceat(_T_DIGIT[raw], starts) / nbytes
    out[:, _COL["upper_share"]] = np.add.reduceat(_T_UPPER[raw], starts) / nbytes
    out[:, _COL["punct_share"]] = np.add.reduceat(_T_PUNCT[raw], starts) / nbytes
    out[:, _COL["comma_rate"]] = np.add.reduceat(_T_COMMA[raw], starts) / np.maximum(nw, 1)
    out[:, _COL["word_len"]] = chars / np.maximum(nw, 1)
    out[:, _COL["one_word"]] = nw == 1
    out[:, _COL["cap_share"]] = np.add.reduceat(word_start * _T_UPPER[raw], starts) / np.maximum(nw, 1)


def _line_row(line: Line) -> list[float]:
    """The Python-level features of one line (order as in ``_ROW_FEATURES``)."""
    text = line.text
    lower = [w.strip(_STRIP) for w in text.lower().split(None, 40)[:40]]
    stop = sum(map(_IS_STOP, lower))
    return [
        float(_TERMINAL.search(text[-4:]) is not None),
        float(text.endswith(":")),
        float(text[:1].isupper()),
        float(any(s in text for s in _SEPARATORS)),
        float(text.startswith(_QUOTES)),
        float(text[:1].isdigit()),
        stop / len(lower),
        float(line.bullet is not None),
        min(line.indent, 12) / 4.0,
        float(line.blank_before),
        float(line.blank_after),
        *_cues(text, lower),
    ]


def _cues(text: str, lower: list[str]) -> list[float]:
    """Cue-group indicators from words anywhere in the head and phrases in short lines."""
    out = [0.0] * len(_CUE_NAMES)
    for w in _CUE_WORDS.intersection(lower):
        for col in _WORD_COLS[w]:
            out[col] = 1.0
    if lower and lower[0] in cues.AGENCIES and len(lower) > 1:
        out[-2] = 1.0
    if len(text) <= _CUE_SPAN:
        ltext = text.lower()
        for first in _PHRASE_FIRST.intersection(lower):
            for phrase, col in _PHRASES[first]:
                if phrase in ltext:
                    out[col] = 1.0
    return out


def _date_cues(texts: list[str], out: Matrix) -> None:
    """The ``cue_date`` column: one regex pass over the page's short lines."""
    short = [i for i, t in enumerate(texts) if len(t) <= _CUE_SPAN]
    if not short:
        return
    joined = "\n".join(texts[i] for i in short)
    starts = np.cumsum([0] + [len(texts[i]) + 1 for i in short[:-1]])
    hits = [m.start() for m in _DATE_RE.finditer(joined)]
    if hits:
        rows = np.asarray(short)[np.searchsorted(starts, hits, side="right") - 1]
        out[rows, _COL["cue_date"]] = 1.0


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
    # A prose line scores log(chars) - 2 (a 60-char sentence ~ +2), any other line -1, so a
    # run of menu lines breaks the main run but a sub-headline does not (set by hand).
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
