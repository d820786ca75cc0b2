"""Line, context and page-relative features for the line classifier.

Consumes the :class:`~newsweave.extractors.textpage.segment.Line` records of
one page and produces a float32 matrix with one row per line: shape and
lexical features of the line itself, computed in a few passes over the whole
page (its UTF-8 bytes with numpy, one lower-casing and split for stopwords and
cue words, one regex pass for separators and dates), then context computed
with numpy over the whole page: the same features of the three lines before
and after, distances to the nearest prose line, the position relative to the
densest run of prose, bullet and short-line runs, repeats on the page, and the
line against the page's own distribution (length relative to the page's prose,
distance in lines and characters to the nearest "core" prose line, inside the
core span or sandwiched between core lines, size of its prose run).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain, compress, repeat
from operator import is_not, le

import numpy as np
import numpy.typing as npt

from newsweave.extractors.textpage import cues
from newsweave.extractors.textpage.segment import Line

Matrix = npt.NDArray[np.float32]

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
# Every word the features look up, with bit flags, so a page's words take one dict pass.
_STOP, _CUE, _PHRASE, _AGENCY = 1, 2, 4, 8
_WORD_CODE: dict[str, int] = {}
_FLAGGED = ((cues.STOPWORDS, _STOP), (_CUE_WORDS, _CUE), (_PHRASE_FIRST, _PHRASE), (cues.AGENCIES, _AGENCY))
for _words_set, _flag in _FLAGGED:
    for _w in _words_set:
        _WORD_CODE[_w] = _WORD_CODE.get(_w, 0) | _flag
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
_QUOTES = tuple("\"'„“”‘’»«‹›")
# Separators inside a line ("Politik | Ausland", "Home / News"); a line holding one is marked.
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
    "prefix_of_neighbour",
    *(f"cue_{n}" for n in _CUE_NAMES),
)
_NEIGHBOUR_COLS = ("log_chars", "terminal", "prose", "bullet", "stop_share", "blank_before", "cap_share", "indent")
_NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)
# Where the line stands against the page's own distribution: "core" lines are long prose
# (CORE_MIN_WORDS words, final punctuation, CORE_MIN_STOP stopword share) and the main
# text is a contiguous region of them, whatever the site.
PAGE_RELATIVE_FEATURES = (
    "rel_len",
    "len_rank",
    "core",
    "core_dist_before",
    "core_dist_after",
    "core_char_dist",
    "in_core_span",
    "core_first_dist",
    "core_last_dist",
    "core_sandwich",
    "prose_run",
    "prose_run_max",
    "prose_run_share",
    "near_prose_run_share",
    "log_cores",
)
# Set by hand from the shapes of dev paragraphs (not swept): 12 words and a stopword share
# of 0.15 keep German and English sentences and drop teasers, captions and menus.
CORE_MIN_WORDS = 12
CORE_MIN_STOP = 0.15
# Gaps of up to this many lines between prose lines (a sub-headline, a short list) still
# belong to one prose region (set by hand).
NEAR_GAP = 2
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
    *PAGE_RELATIVE_FEATURES,
)
FEATURES = (*LINE_FEATURES, *CONTEXT_FEATURES)
_COL = {name: i for i, name in enumerate(LINE_FEATURES)}


def _byte_table(chars: bytes) -> npt.NDArray[np.int32]:
    table = np.zeros(256, dtype=np.int32)
    table[list(chars)] = 1
    return table


# One class bit per byte value: a page's bytes take one table lookup.
_B_DIGIT, _B_UPPER, _B_PUNCT, _B_COMMA, _B_SPACE = 1, 2, 4, 8, 16
_BYTE_CLASS = (
    _byte_table(_DIGITS) * _B_DIGIT
    + _byte_table(_UPPER) * _B_UPPER
    + _byte_table(_PUNCT) * _B_PUNCT
    + _byte_table(b",") * _B_COMMA
    + _byte_table(b" \t\n\x0b\x0c") * _B_SPACE
).astype(np.uint8)
_CLOSERS = "\"'”“»«)]"
_TERMINALS = frozenset(".!?…。！？")
# Words a line is read for (stopwords, cue words): its first HEAD_WORDS, set by hand
# (the lexical cues of a paragraph are in its head; a long paragraph's tail adds nothing).
HEAD_WORDS = 40
_CUE0 = len(LINE_FEATURES) - len(_CUE_NAMES)


def line_features(lines: Sequence[Line]) -> Matrix:
    """The per-line features (``LINE_FEATURES``), one row per line, in a few passes over the whole page."""
    out = np.zeros((len(lines), len(LINE_FEATURES)), dtype=np.float32)
    if len(lines):
        _line_features(lines, out)
    return out


def _line_features(lines: Sequence[Line], out: Matrix) -> None:
    """Write the per-line features of a non-empty page into the zeroed ``out``."""
    n = len(lines)
    texts, _, _, _, bullets, indents, blank_before, blank_after = zip(*lines, strict=True)
    joined = "\n".join(texts)
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    starts = np.concatenate([[0], np.cumsum(lens[:-1] + 1)])
    _byte_stats(joined, lens, out)
    _layout(texts, out)
    out[:, _COL["bullet"]] = np.fromiter(map(is_not, bullets, repeat(None)), dtype=bool, count=n)
    out[:, _COL["indent"]] = np.minimum(indents, 12) / 4.0
    out[:, _COL["blank_before"]] = blank_before
    out[:, _COL["blank_after"]] = blank_after
    _mark(out, _COL["separators"], starts, _find_all(joined, _SEPARATORS))
    _word_features(texts, joined, lens, out)
    _date_cues(texts, joined, starts, out)
    out[:, _COL["prefix_of_neighbour"]] = _prefix_of_neighbour(texts)
    counts = Counter(texts)
    out[:, _COL["log_repeats"]] = np.log(np.fromiter(map(counts.__getitem__, texts), dtype=np.float32, count=n))
    out[:, _COL["rel_pos"]] = np.arange(n, dtype=np.float32) / max(n - 1, 1)
    out[:, _COL["prose"]] = prose_column(out)


def prose_column(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The ``prose`` feature from a feature matrix: a sentence-final line of enough words."""
    return x[:, _COL["terminal"]] * (x[:, _COL["log_words"]] >= math.log1p(PROSE_MIN_WORDS))


# Lines shorter than this (characters) are not checked as prefixes (set by hand: "Foto", "Mehr").
_PREFIX_MIN = 10


def _prefix_of_neighbour(texts: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Lines that begin the line before or after them (a caption with its credit glued on, a repeated teaser)."""
    above, below = texts[:-1], texts[1:]
    out = np.zeros(len(texts), dtype=bool)
    # startswith over all pairs in C; the few pairs where it holds are checked further.
    nxt = [k for k in compress(range(len(above)), map(str.startswith, below, above)) if _prefix(above[k], below[k])]
    prev = [k for k in compress(range(len(above)), map(str.startswith, above, below)) if _prefix(below[k], above[k])]
    out[nxt] = True
    out[[k + 1 for k in prev]] = True
    return out


def _prefix(head: str, line: str) -> bool:
    """Whether ``head`` (known to begin ``line``) is long enough and not the whole line."""
    return len(head) >= _PREFIX_MIN and head != line


def _find_all(text: str, needles: Sequence[str]) -> list[int]:
    """Every offset in ``text`` where one of ``needles`` starts (``str.find``, no regex scan)."""
    hits: list[int] = []
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            hits.append(at)
            at = text.find(needle, at + 1)
    return hits


def _mark(out: Matrix, col: int, starts: npt.NDArray[np.int64], hits: list[int]) -> None:
    """Set ``col`` to 1 on the lines that hold the character offsets ``hits`` of the joined page."""
    if hits:
        out[np.searchsorted(starts, hits, side="right") - 1, col] = 1.0


def _layout(texts: Sequence[str], out: Matrix) -> None:
    """The class of the first and last characters."""
    n = len(texts)
    firsts = [t[0] for t in texts]
    out[:, _COL["starts_upper"]] = np.fromiter(map(str.isupper, firsts), dtype=bool, count=n)
    out[:, _COL["digit_start"]] = np.fromiter(map(str.isdigit, firsts), dtype=bool, count=n)
    lasts = [t[-1:] for t in map(str.rstrip, texts, repeat(_CLOSERS))]
    out[:, _COL["terminal"]] = np.fromiter(map(_TERMINALS.__contains__, lasts), dtype=bool, count=n)
    out[:, _COL["ends_colon"]] = np.fromiter(map(str.endswith, texts, repeat(":")), dtype=bool, count=n)
    out[:, _COL["quote_start"]] = np.fromiter(map(str.startswith, texts, repeat(_QUOTES)), dtype=bool, count=n)


def _byte_stats(joined: str, lens: npt.NDArray[np.int64], out: Matrix) -> None:
    """Length, word and character-class features from one pass of numpy over the page's UTF-8 bytes."""
    raw = np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)
    ends = np.append(np.flatnonzero(raw == 10), raw.shape[0])
    starts = np.concatenate([[0], ends[:-1] + 1])
    nbytes = (ends - starts).astype(np.float32)
    cls = _BYTE_CLASS[raw]
    # One row of 0/1 per counted class: word starts, digits, upper, punctuation, commas, capitalised words.
    flags = np.empty((6, raw.shape[0]), dtype=np.uint8)
    space = (cls & _B_SPACE).astype(bool)
    flags[0, 0] = not space[0]
    np.greater(space[:-1], space[1:], out=flags[0, 1:].view(bool))
    for row, bit in enumerate((_B_DIGIT, _B_UPPER, _B_PUNCT, _B_COMMA), start=1):
        np.bitwise_and(cls, bit, out=flags[row])
    np.minimum(flags[1:5], 1, out=flags[1:5])
    np.bitwise_and(flags[0], flags[2], out=flags[5])
    words, digits, uppers, puncts, commas, caps = np.add.reduceat(flags, starts, axis=1, dtype=np.int32)
    nw = words.astype(np.float32)
    chars = lens.astype(np.float32)
    out[:, _COL["log_chars"]] = np.log1p(chars)
    out[:, _COL["log_words"]] = np.log1p(nw)
    out[:, _COL["digit_share"]] = digits / nbytes
    out[:, _COL["upper_share"]] = uppers / nbytes
    out[:, _COL["punct_share"]] = puncts / nbytes
    out[:, _COL["comma_rate"]] = commas / np.maximum(nw, 1)
    out[:, _COL["word_len"]] = chars / np.maximum(nw, 1)
    out[:, _COL["one_word"]] = nw == 1
    out[:, _COL["cap_share"]] = caps / np.maximum(nw, 1)


def _word_features(texts: Sequence[str], joined: str, lens: npt.NDArray[np.int64], out: Matrix) -> None:
    """Stopword share and word cues over the head words of every line, from one lower-casing of the page."""
    lowered = joined.lower().split("\n")
    splits = list(map(str.split, lowered, repeat(None), repeat(HEAD_WORDS)))
    counts = np.fromiter(map(len, splits), dtype=np.int64, count=len(texts))
    for i in np.flatnonzero(counts > HEAD_WORDS).tolist():
        splits[i][-1] = ""  # the unsplit rest after the head words: no word (not stripped, not hashed)
    words = list(map(str.strip, chain.from_iterable(splits), repeat(_STRIP)))  # (methodcaller: 2.5x slower)
    code = np.fromiter(map(_WORD_CODE.get, words, repeat(0)), dtype=np.int8, count=len(words))
    ends = np.cumsum(counts)
    first = ends - counts
    stops = np.add.reduceat(code & _STOP, first, dtype=np.int64)
    out[:, _COL["stop_share"]] = stops / np.minimum(counts, HEAD_WORDS)
    out[(code[first] & _AGENCY > 0) & (counts > 1), _CUE0 + len(_CUE_NAMES) - 2] = 1.0
    rows: list[int] = []
    cols: list[int] = []
    hits = np.flatnonzero(code & _CUE)
    for j, i in zip(hits.tolist(), np.searchsorted(ends, hits, side="right").tolist(), strict=True):
        for c in _WORD_COLS[words[j]]:
            rows.append(i)
            cols.append(_CUE0 + c)
    hits = np.flatnonzero(code & _PHRASE)
    for j, i in zip(hits.tolist(), np.searchsorted(ends, hits, side="right").tolist(), strict=True):
        if lens[i] <= _CUE_SPAN:
            for text, col in _PHRASES[words[j]]:
                if text in lowered[i]:
                    rows.append(i)
                    cols.append(_CUE0 + col)
    out[rows, cols] = 1.0


def _date_cues(texts: Sequence[str], joined: str, starts: npt.NDArray[np.int64], out: Matrix) -> None:
    """The ``cue_date`` column: one regex pass over the page's short lines (the joined page when all are short)."""
    short = list(compress(range(len(texts)), map(le, map(len, texts), repeat(_CUE_SPAN))))
    if not short:
        return
    if len(short) < len(texts):
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
    x = np.zeros((len(lines), len(FEATURES)), dtype=np.float32)
    if len(lines):
        _line_features(lines, x[:, : len(LINE_FEATURES)])
        _context(x)
    return x


def shift(values: Matrix, offset: int, fill: float = -1.0) -> Matrix:
    """Rows of ``values`` moved by ``offset`` (the row ``i + offset`` at ``i``), padded with ``fill``."""
    out = np.full_like(values, fill)
    _shift_into(out, values, offset)
    return out


def _shift_into(out: Matrix, values: Matrix, offset: int) -> None:
    """Write the rows of ``values`` moved by ``offset`` into ``out`` (rows that have none keep their value)."""
    n = values.shape[0]
    if offset > 0 and offset < n:
        out[: n - offset] = values[offset:]
    elif offset < 0 and -offset < n:
        out[-offset:] = values[: n + offset]


def context_features(base: Matrix) -> Matrix:
    """Context features (``CONTEXT_FEATURES``) from the per-line matrix."""
    x = np.zeros((base.shape[0], len(FEATURES)), dtype=np.float32)
    x[:, : len(LINE_FEATURES)] = base
    _context(x)
    return x[:, len(LINE_FEATURES) :]


_SUB_COLS = [_COL[c] for c in _NEIGHBOUR_COLS]
_CONTEXT0 = len(LINE_FEATURES)
_EXTRA0 = _CONTEXT0 + len(_NEIGHBOUR_OFFSETS) * len(_NEIGHBOUR_COLS)
_RELATIVE0 = len(FEATURES) - len(PAGE_RELATIVE_FEATURES)


def _context(x: Matrix) -> None:
    """Fill the context columns of ``x`` (``CONTEXT_FEATURES``) from its per-line columns."""
    base = x[:, :_CONTEXT0]
    sub = base[:, _SUB_COLS]
    width = len(_NEIGHBOUR_COLS)
    for k, o in enumerate(_NEIGHBOUR_OFFSETS):
        block = x[:, _CONTEXT0 + k * width : _CONTEXT0 + (k + 1) * width]
        block.fill(-1.0)
        _shift_into(block, sub, o)
    prose = base[:, _COL["prose"]]
    core = _core(base)
    marks = np.column_stack([prose > 0, core])
    before, after = _distance_before(marks), _distance_before(marks[::-1])[::-1]
    near = (before[:, 0] <= NEAR_GAP) & (after[:, 0] <= NEAR_GAP)
    bullets, gaps, prose_runs, near_runs = _run_lengths([base[:, _COL["bullet"]] > 0, prose == 0, prose > 0, near])
    for k, col in enumerate(_extra(base, prose, before[:, 0], after[:, 0], bullets, gaps)):
        x[:, _EXTRA0 + k] = col
    for k, col in enumerate(_page_relative(base, core, before[:, 1], after[:, 1], prose_runs, near_runs)):
        x[:, _RELATIVE0 + k] = col


def _core(base: Matrix) -> npt.NDArray[np.bool_]:
    """The "core" lines: long prose with enough stopwords (``CORE_MIN_WORDS``, ``CORE_MIN_STOP``)."""
    core = (base[:, _COL["prose"]] > 0) & (base[:, _COL["log_words"]] >= math.log1p(CORE_MIN_WORDS))
    core &= base[:, _COL["stop_share"]] >= CORE_MIN_STOP
    return core


def _extra(
    base: Matrix, prose: Matrix, prose_before: Matrix, prose_after: Matrix, bullet_runs: Matrix, gap_runs: Matrix
) -> list[npt.ArrayLike]:
    """The context columns after the neighbours' (from ``prose_dist_before`` to ``cue_window2``)."""
    n = base.shape[0]
    chars = np.expm1(base[:, _COL["log_chars"]])
    prose_chars = prose * chars
    total = max(float(prose_chars.sum()), 1.0)
    # A prose line scores log(chars) - 2 (a 60-char sentence ~ +2), any other line -1, so a
    # run of menu lines breaks the main run but a sub-headline does not (set by hand).
    start, end = main_run(np.where(prose > 0, base[:, _COL["log_chars"]] - 2.0, -1.0))
    idx = np.arange(n, dtype=np.float32)
    cue_any = base[:, len(LINE_FEATURES) - len(_CUE_NAMES) :].max(axis=1)
    cum = np.cumsum(prose_chars)
    return [
        np.log1p(prose_before),
        np.log1p(prose_after),
        (idx >= start) & (idx <= end),
        np.sign(idx - start) * np.log1p(np.abs(idx - start)),
        np.sign(idx - end) * np.log1p(np.abs(idx - end)),
        _window_sum(prose, 5) / 11.0,
        (cum - prose_chars) / total,
        (total - cum) / total,
        np.log1p(bullet_runs),
        np.log1p(gap_runs),
        np.log1p(n),
        np.log1p(chars.sum()),
        _window_sum(cue_any, 2) / 5.0,
    ]


def page_relative(base: Matrix) -> Matrix:
    """``PAGE_RELATIVE_FEATURES``: the line against the page's own prose, from the per-line matrix."""
    x = np.zeros((base.shape[0], len(FEATURES)), dtype=np.float32)
    x[:, : len(LINE_FEATURES)] = base
    _context(x)
    return x[:, _RELATIVE0:]


def _page_relative(
    base: Matrix, core: npt.NDArray[np.bool_], before: Matrix, after: Matrix, runs: Matrix, near: Matrix
) -> list[npt.ArrayLike]:
    """The columns of ``page_relative``, given the core lines, the distances to them, prose and near-prose runs."""
    n = base.shape[0]
    lc = base[:, _COL["log_chars"]]
    prose = base[:, _COL["prose"]] > 0
    ref = core if core.any() else prose if prose.any() else np.ones(n, dtype=bool)
    rank = np.empty(n, dtype=np.float32)
    rank[np.argsort(-lc, kind="stable")] = np.arange(n) / max(n - 1, 1)
    return [
        lc - np.median(lc[ref]),
        rank,
        core,
        np.log1p(before),
        np.log1p(after),
        np.log1p(_core_char_distance(core, np.rint(np.expm1(lc)))),
        *_core_span(core),
        ((before <= 3) & (after <= 3) & ~core),
        np.log1p(runs),
        np.log1p(runs.max()),
        runs / max(float(runs.max()), 1.0),
        near / max(float(near.max()), 1.0),
        np.log1p(core.sum()),
    ]


def _core_span(core: npt.NDArray[np.bool_]) -> list[Matrix]:
    """Inside the span from the first to the last core line, and signed log distances to both."""
    n = core.shape[0]
    if not core.any():
        return [np.zeros(n, dtype=np.float32)] * 3
    hits = np.flatnonzero(core)
    idx = np.arange(n, dtype=np.float32)
    first, last = float(hits[0]), float(hits[-1])
    return [
        ((idx > first) & (idx < last)).astype(np.float32),
        np.sign(idx - first) * np.log1p(np.abs(idx - first)),
        np.sign(idx - last) * np.log1p(np.abs(idx - last)),
    ]


def _core_char_distance(core: npt.NDArray[np.bool_], chars: Matrix) -> Matrix:
    """Characters between each line and the nearest core line (0 on core lines, capped at 100,000)."""
    n = core.shape[0]
    out: Matrix = np.full(n, 1e5, dtype=np.float32)
    if not core.any():
        return out
    end = np.cumsum(chars + 1)
    start = end - chars - 1
    hits = np.flatnonzero(core)
    j = np.searchsorted(hits, np.arange(n))
    prev = np.where(j > 0, start - end[hits[np.maximum(j - 1, 0)]], 1e5)
    nxt = np.where(j < hits.shape[0], start[hits[np.minimum(j, hits.shape[0] - 1)]] - end, 1e5)
    out[:] = np.where(core, 0.0, np.clip(np.minimum(prev, nxt), 0.0, 1e5))
    return out


def main_run(score: npt.NDArray[np.floating]) -> tuple[int, int]:
    """The maximum-sum run of ``score``: where the article's prose is densest (``(0, -1)`` when empty).

    The run ending at ``e`` with the largest sum starts after the lowest prefix sum before
    ``e``; ties go to the first end and the latest start (as Kadane's algorithm).
    """
    if not score.shape[0]:
        return 0, -1
    prefix = np.concatenate([[0.0], np.cumsum(score, dtype=np.float64)])
    lowest = np.minimum.accumulate(prefix[:-1])
    end = int(np.argmax(prefix[1:] - lowest))
    start = end - int(np.argmin(prefix[end::-1]))
    return start, end


def _distance_before(mask: npt.NDArray[np.bool_]) -> Matrix:
    """Lines since the last True at or before each position (capped at 50), down each column of ``mask``."""
    idx = np.arange(mask.shape[0]).reshape(-1, *([1] * (mask.ndim - 1)))
    last = np.maximum.accumulate(np.where(mask, idx, -(10**6)), axis=0)
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
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    lengths = (edges[1::2] - edges[::2]).astype(np.float32)
    steps = np.zeros(n + 1, dtype=np.float32)
    steps[edges[::2]] += lengths
    steps[edges[1::2]] -= lengths
    out: Matrix = np.cumsum(steps[:n], dtype=np.float32)
    return out


def _run_lengths(masks: Sequence[npt.NDArray[np.bool_]]) -> list[Matrix]:
    """``_run_length`` of several masks of one length in one pass (joined with a False between them)."""
    n = masks[0].shape[0]
    joined = np.zeros(len(masks) * (n + 1), dtype=bool)
    for k, mask in enumerate(masks):
        joined[k * (n + 1) : k * (n + 1) + n] = mask
    runs = _run_length(joined)
    return [runs[k * (n + 1) : k * (n + 1) + n] for k in range(len(masks))]
