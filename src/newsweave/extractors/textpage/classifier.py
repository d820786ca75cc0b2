"""The line classifier: one label per line of a plain-text page.

Consumes the :class:`~newsweave.extractors.textpage.segment.Line` records of a
page and produces a label from ``LABELS`` per line (or the probabilities). The
model is a small ensemble of multi-layer perceptrons (run as one wider one)
stored as numpy arrays in ``data/models/textpage-v2.npz`` that reads the line,
context and page-relative features of ``features`` (corrected for CJK pages by
``context.language_neutral``) and the page-normalised columns of
``pagefeatures`` (``line_matrix``). An artefact may add a second, stacked stage that
reads the same features plus the first stage's probabilities for the line and
its neighbours; no such stage beat the single one in site-grouped
cross-validation on dev (BENCHMARKS.md, text mode, round 3), so the shipped
artefact has one stage. Prediction is a few matrix products per page.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newsweave.errors import NewsweaveError
from newsweave.extractors.textpage.context import language_neutral
from newsweave.extractors.textpage.features import FEATURES, page_features, shift
from newsweave.extractors.textpage.labels import BODY_LABELS, LABELS
from newsweave.extractors.textpage.pagefeatures import EXTRA_FEATURES, page_normalised
from newsweave.extractors.textpage.segment import Line

__all__ = [
    "ALL_FEATURES",
    "LABELS",
    "LineClassifier",
    "Mlp",
    "decode",
    "line_matrix",
    "load_classifier",
    "stack_features",
]

Matrix = npt.NDArray[np.float32]
MODEL_NAME = "textpage-v2"
ALL_FEATURES: tuple[str, ...] = (*FEATURES, *EXTRA_FEATURES)
"""The classifier's input columns: ``features.FEATURES`` then ``pagefeatures.EXTRA_FEATURES``."""
_STACK_OFFSETS = (-3, -2, -1, 0, 1, 2, 3)
_BODY_COLS = [LABELS.index(label) for label in sorted(BODY_LABELS)]


@dataclass(frozen=True, slots=True)
class Mlp:
    """A standardising multi-layer perceptron with ReLU hidden layers and a softmax output.

    With ``members`` > 1 it is an ensemble of that many perceptrons over the same
    standardisation, run as one: their first layers side by side, later layers
    block-diagonal; the output holds ``members`` softmax blocks whose mean is the result.
    """

    mean: Matrix
    scale: Matrix
    weights: tuple[Matrix, ...]
    biases: tuple[Matrix, ...]
    members: int = 1
    # The standardisation folded into the first layer (set in __post_init__): one product fewer per page.
    _first: tuple[Matrix, Matrix] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Fold ``(x - mean) / scale`` into the first layer's weights and bias."""
        w = (self.weights[0] / self.scale[:, None]).astype(np.float32)
        b = (self.biases[0] - (self.mean / self.scale) @ self.weights[0]).astype(np.float32)
        object.__setattr__(self, "_first", (w, b))

    def proba(self, x: Matrix) -> Matrix:
        """Class probabilities for the rows of ``x``."""
        h = x
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(
            zip((self._first[0], *self.weights[1:]), (self._first[1], *self.biases[1:]), strict=True)
        ):
            h = _matmul(h, w)
            h += b
            if i < last:
                np.maximum(h, 0.0, out=h)
        return _softmax_mean(h, self.members)

    @classmethod
    def ensemble(cls, mlps: Sequence[Mlp]) -> Mlp:
        """One ``Mlp`` averaging single perceptrons fitted on the same standardised rows."""
        first = mlps[0]
        weights, biases = [], []
        for i in range(len(first.weights)):
            ws = [m.weights[i] for m in mlps]
            weights.append(np.hstack(ws) if i == 0 else _block_diagonal(ws))
            biases.append(np.concatenate([m.biases[i] for m in mlps]))
        return cls(first.mean, first.scale, tuple(weights), tuple(biases), len(mlps))


def _softmax_mean(h: Matrix, members: int) -> Matrix:
    """The mean of the ``members`` softmax blocks of the rows of ``h``.

    Computed with one row per class (``(classes, rows * members)``), so each reduction runs
    across whole rows instead of along blocks of 7 values: 2.3x faster for a page, and the
    same float32 results (max and the sums of 7 and of ``members`` values add in the same order).
    """
    n, classes = h.shape[0], h.shape[1] // members
    z = np.ascontiguousarray(h.reshape(n * members, classes).T)
    z -= z.max(axis=0)
    np.exp(z, out=z)
    z /= z.sum(axis=0)
    blocks = z.reshape(classes, n, members)
    out: Matrix = np.ascontiguousarray((blocks.mean(axis=2, dtype=np.float32) if members > 1 else blocks[:, :, 0]).T)
    return out


def _block_diagonal(blocks: Sequence[Matrix]) -> Matrix:
    """The matrices on the diagonal of one zero matrix."""
    out: Matrix = np.zeros((sum(b.shape[0] for b in blocks), sum(b.shape[1] for b in blocks)), dtype=np.float32)
    r = c = 0
    for b in blocks:
        out[r : r + b.shape[0], c : c + b.shape[1]] = b
        r, c = r + b.shape[0], c + b.shape[1]
    return out


# OpenBLAS runs a product on several threads above about 4 * 65536 multiply-adds
# (GEMM_MULTITHREAD_THRESHOLD); for these small matrices thread start-up and
# spin-waiting cost ~4x the CPU time of the product itself (0.20 vs 0.05 ms for a
# 200-line page), so products are cut into row chunks below that size.
_BLAS_SINGLE_THREAD_MAC = 4 * 65536


def _matmul(a: Matrix, b: Matrix) -> Matrix:
    """``a @ b`` in row chunks small enough for single-threaded BLAS."""
    rows = max(1, _BLAS_SINGLE_THREAD_MAC // max(1, a.shape[1] * b.shape[1]))
    if a.shape[0] <= rows:
        small: Matrix = a @ b
        return small
    out: Matrix = np.empty((a.shape[0], b.shape[1]), dtype=np.float32)
    for start in range(0, a.shape[0], rows):
        np.matmul(a[start : start + rows], b, out=out[start : start + rows])
    return out


def line_matrix(lines: Sequence[Line]) -> Matrix:
    """The classifier's input for one page: ``ALL_FEATURES``, one row per line.

    The line, context and page-relative features (CJK-corrected), then the
    page-normalised columns, computed from the corrected matrix.
    """
    x = language_neutral(lines, page_features(lines))
    return np.hstack([x, page_normalised(x)])


def stack_features(x: Matrix, proba: Matrix) -> Matrix:
    """Stage-2 input: the features, stage-1 probabilities of the line and its neighbours, local body share."""
    body = proba[:, _BODY_COLS].sum(axis=1, keepdims=True)
    shifted = [shift(proba, o, fill=0.0) for o in _STACK_OFFSETS]
    n = x.shape[0]
    c = np.concatenate([np.zeros((1, 1), dtype=np.float64), np.cumsum(body, axis=0, dtype=np.float64)])
    idx = np.arange(n)
    window = (c[np.minimum(idx + 6, n)] - c[np.maximum(idx - 5, 0)]) / 11.0
    before = c[idx] / np.maximum(idx, 1)[:, None]
    after = (c[n] - c[idx + 1]) / np.maximum(n - idx - 1, 1)[:, None]
    return np.hstack([x, *shifted, window, before, after]).astype(np.float32)


class LineClassifier:
    """Predicts one label per line with the model of an artefact."""

    def __init__(self, stage1: Mlp, stage2: Mlp | None, card: dict[str, object]) -> None:
        """Wrap loaded stages; use ``load_classifier`` to read the shipped artefact."""
        self.stage1 = stage1
        self.stage2 = stage2
        self.card = card

    def predict_proba(self, lines: Sequence[Line]) -> Matrix:
        """Label probabilities, shape ``(len(lines), len(LABELS))``, columns in ``LABELS`` order."""
        if not lines:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        x = line_matrix(lines)
        proba = self.stage1.proba(x)
        return proba if self.stage2 is None else self.stage2.proba(stack_features(x, proba))

    def predict(self, lines: Sequence[Line]) -> list[str]:
        """The most likely label of each line, under the page constraints of ``decode``."""
        return [LABELS[i] for i in decode(self.predict_proba(lines)).tolist()]

    @classmethod
    def from_file(cls, path: Path) -> LineClassifier:
        """Read an artefact written by ``save`` (an ``.npz`` plus its ``.json`` card)."""
        try:
            with np.load(path) as data:
                stage1 = _read_mlp(data, "s1")
                stage2 = _read_mlp(data, "s2") if "s2_mean" in data.files else None
            card = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError) as exc:
            raise NewsweaveError("NW204", path=str(path), why=str(exc)) from exc
        if list(card.get("features", [])) != list(ALL_FEATURES) or list(card.get("labels", [])) != list(LABELS):
            raise NewsweaveError("NW204", path=str(path), why="feature or label list differs from this code")
        return cls(stage1, stage2, card)

    def save(self, path: Path) -> None:
        """Write the artefact (``path`` ending in ``.npz``) and its JSON card next to it."""
        arrays: dict[str, Matrix] = {}
        stages = (("s1", self.stage1), ("s2", self.stage2))
        for k, mlp in ((k, m) for k, m in stages if m is not None):
            arrays[f"{k}_mean"], arrays[f"{k}_scale"] = mlp.mean, mlp.scale
            arrays[f"{k}_members"] = np.array([mlp.members], dtype=np.float32)
            for i, (w, b) in enumerate(zip(mlp.weights, mlp.biases, strict=True)):
                arrays[f"{k}_w{i}"], arrays[f"{k}_b{i}"] = w, b
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]
        path.with_suffix(".json").write_text(json.dumps(self.card, indent=1, ensure_ascii=False) + "\n")


_TITLE = LABELS.index("title")
_OTHER = LABELS.index("other")
_PROSE = [LABELS.index(label) for label in ("lead", "paragraph", "quote")]
# Label index -> is it prose / a body label (a lookup table: ``np.isin`` costs ~0.1 ms a page).
_IS_PROSE = np.isin(np.arange(len(LABELS)), _PROSE)
_IS_BODY = np.isin(np.arange(len(LABELS)), _BODY_COLS)


def decode(proba: Matrix) -> npt.NDArray[np.intp]:
    """Label indices from probabilities: the argmax, then two page constraints.

    A page has one title: other title lines take their next most likely label (a byline
    right under the headline is not a second title). Main text needs prose: without a
    lead, paragraph or quote line, headings and list items are menu entries (``other``).
    Both left site-grouped CV on dev unchanged (body 0.9206 -> 0.9205, snippets 0.8771 -> 0.8775).
    """
    labels: npt.NDArray[np.intp] = proba.argmax(axis=1)
    titles = np.flatnonzero(labels == _TITLE)
    if titles.shape[0] > 1:
        rest = titles[titles != titles[np.argmax(proba[titles, _TITLE])]]
        second = proba[rest].copy()
        second[:, _TITLE] = -1.0
        labels[rest] = second.argmax(axis=1)
    if not _IS_PROSE[labels].any():
        labels[_IS_BODY[labels]] = _OTHER
    return labels


def _read_mlp(data: np.lib.npyio.NpzFile, key: str) -> Mlp:
    """One stage's arrays from the open ``.npz``."""
    n = sum(1 for name in data.files if name.startswith(f"{key}_w"))
    return Mlp(
        mean=data[f"{key}_mean"].astype(np.float32),
        scale=data[f"{key}_scale"].astype(np.float32),
        weights=tuple(data[f"{key}_w{i}"].astype(np.float32) for i in range(n)),
        biases=tuple(data[f"{key}_b{i}"].astype(np.float32) for i in range(n)),
        members=int(data[f"{key}_members"][0]) if f"{key}_members" in data.files else 1,
    )


def default_model_path() -> Path:
    """Where the shipped artefact lives inside the package."""
    return Path(str(resources.files("newsweave") / "data" / "models" / f"{MODEL_NAME}.npz"))


@functools.cache
def load_classifier(path: Path | None = None) -> LineClassifier:
    """The classifier of an artefact, read once per path and cached.

    Args:
        path: an ``.npz`` artefact; the shipped ``textpage-v2.npz`` when None.

    Raises:
        NewsweaveError: ``NW204`` when the artefact is missing or does not fit this code.
    """
    return LineClassifier.from_file(path or default_model_path())
