"""Tests for newsweave.extractors.textpage.context (language-neutral feature corrections)."""

from __future__ import annotations

import numpy as np

from newsweave.extractors.textpage import segment
from newsweave.extractors.textpage.context import language_neutral
from newsweave.extractors.textpage.features import FEATURES, page_features

COL = {name: i for i, name in enumerate(FEATURES)}

# Pages written for these tests: a menu, a headline and two sentences of prose.
JAPANESE = """ホーム
政治
市議会が自転車道の建設を決定

市議会は火曜日の夜、環状道路沿いに保護された自転車道を建設することを賛成多数で決定した。

工事は来年の春に始まり、およそ八か月かかる見通しだと市の担当者は説明している。
"""
NORWEGIAN = """Forsiden
Nyheter
Bystyret vedtok ny sykkelvei

Bystyret vedtok tirsdag kveld med stort flertall å bygge beskyttet sykkelvei langs ringveien gjennom sentrum.

Arbeidet starter til våren og skal etter planen vare rundt åtte måneder, opplyser kommunen.
"""
GERMAN = """Startseite
Der Stadtrat hat am Dienstagabend beschlossen, einen geschützten Radweg an der Ringstraße zu bauen.
"""


def test_a_page_with_stopwords_and_no_cjk_comes_back_unchanged() -> None:
    lines = segment(GERMAN)
    x = page_features(lines)
    assert language_neutral(lines, x) is x
    assert language_neutral([], x[:0]).shape == (0, len(FEATURES))


def test_japanese_sentences_count_as_prose() -> None:
    lines = segment(JAPANESE)
    x = page_features(lines)
    fixed = language_neutral(lines, x)
    sentence = next(i for i, line in enumerate(lines) if line.text.startswith("市議会は"))
    menu = next(i for i, line in enumerate(lines) if line.text == "ホーム")
    assert x[sentence, COL["prose"]] == 0.0  # one "word" without spaces
    assert fixed[sentence, COL["prose"]] == 1.0
    assert fixed[sentence, COL["log_words"]] > x[sentence, COL["log_words"]]
    assert fixed[menu, COL["prose"]] == 0.0
    assert fixed[sentence, COL["core"]] == 1.0  # long prose with the stopword share a CJK page gets
    assert fixed.shape == x.shape and fixed.dtype == np.float32


def test_a_page_without_stopwords_but_no_cjk_is_left_alone() -> None:
    # Giving such pages the core stopword share lowered snippet F1 in site-grouped CV.
    lines = segment(NORWEGIAN)
    x = page_features(lines)
    assert not x[:, COL["stop_share"]].any()
    assert language_neutral(lines, x) is x


def test_a_few_cjk_characters_on_a_latin_page_leave_stopword_shares_alone() -> None:
    lines = segment(GERMAN + "東京\n")
    x = page_features(lines)
    fixed = language_neutral(lines, x)
    assert fixed is not x
    assert np.array_equal(fixed[:, COL["stop_share"]], x[:, COL["stop_share"]])
    assert np.allclose(fixed[:, COL["log_words"]], x[:, COL["log_words"]], atol=1e-6)
