"""Tests for newsweave.extractors.textpage.pagefeatures (page-normalised columns)."""

from __future__ import annotations

import numpy as np

from newsweave.extractors.textpage import segment
from newsweave.extractors.textpage.classifier import ALL_FEATURES, line_matrix
from newsweave.extractors.textpage.features import FEATURES, page_features
from newsweave.extractors.textpage.pagefeatures import EXTRA_FEATURES, NORMALISED, page_normalised

# Written for this test: a menu, two prose paragraphs and a footer.
PAGE = """Startseite
Politik
Der Gemeinderat hat am Montag beschlossen, das Hallenbad im kommenden Sommer für drei Monate zu schließen.

Während der Arbeiten sollen die Schulen das Freibad im Nachbarort nutzen, teilte die Verwaltung mit.

Impressum
"""


def test_prose_lines_sit_around_zero_and_menu_lines_below() -> None:
    lines = segment(PAGE)
    x = page_features(lines)
    extra = page_normalised(x)
    assert extra.shape == (len(lines), len(EXTRA_FEATURES)) and extra.dtype == np.float32
    chars = EXTRA_FEATURES.index("log_chars-page_prose")
    prose = x[:, FEATURES.index("prose")] > 0
    assert prose.sum() == 2
    assert np.allclose(extra[prose].mean(axis=0), 0.0, atol=1e-5)
    assert extra[0, chars] < -1.0 and extra[-1, chars] < -1.0


def test_without_prose_the_page_mean_is_the_reference() -> None:
    x = page_features(segment("Startseite\nPolitik und Wirtschaft\nImpressum\n"))
    extra = page_normalised(x)
    cols = [FEATURES.index(name) for name in NORMALISED]
    assert np.allclose(extra, x[:, cols] - x[:, cols].mean(axis=0), atol=1e-6)


def test_empty_page_and_the_classifier_input() -> None:
    assert page_normalised(page_features([])).shape == (0, len(EXTRA_FEATURES))
    lines = segment(PAGE)
    x = line_matrix(lines)
    assert x.shape == (len(lines), len(ALL_FEATURES)) and np.isfinite(x).all()
    assert ALL_FEATURES[: len(FEATURES)] == FEATURES
