"""Time expressions: every rule's own example, tense, and the dev-page gold set."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsweave.enrich.dates import find_time_expressions, load_time_lexicon
from newsweave.enrich.scoring import score_timex
from tests.conftest import shared_path

LEX = {lang: load_time_lexicon(lang) for lang in ("de", "en")}
RULES = [(lang, rule) for lang, lex in LEX.items() for rule in lex.rules]
GOLD = Path(__file__).parent / "data" / "timex_gold.jsonl"


@pytest.mark.parametrize(("lang", "rule"), RULES, ids=[f"{lang}-{r.name}" for lang, r in RULES])
def test_rule_example(lang: str, rule) -> None:
    lex = LEX[lang]
    found = find_time_expressions(rule.example, lex.example_reference, lex)
    assert [t.value for t in found] == [rule.value], found


def test_weekday_follows_tense() -> None:
    ref = date(2019, 4, 23)  # a Tuesday
    past = find_time_expressions("Er kam am Freitag an.", ref, LEX["de"])
    future = find_time_expressions("Er wird am Freitag ankommen.", ref, LEX["de"])
    assert past[0].value == "2019-04-19"
    assert future[0].value == "2019-04-26"


def test_month_without_year_points_back_in_past_tense() -> None:
    found = find_time_expressions("The deal was signed in November.", date(2019, 4, 23), LEX["en"])
    assert found[0].value == "2018-11"


def test_relative_without_reference_stays_unresolved() -> None:
    found = find_time_expressions("Vergangene Woche hatte der Kreml das angekündigt.", None, LEX["de"])
    assert found[0].value is None
    absolute = find_time_expressions("Das war im Jahr 2011.", None, LEX["de"])
    assert absolute[0].value == "2011"


def test_quantities_are_not_years() -> None:
    assert find_time_expressions("Eine Fläche von 2000 Quadratmetern.", date(2019, 4, 23), LEX["de"]) == ()


def test_offsets_point_into_text() -> None:
    text = "Die Agentur bestätigte am Dienstag die Angaben."
    (t,) = find_time_expressions(text, date(2019, 4, 23), LEX["de"])
    assert text[t.start : t.end] == t.text == "am Dienstag"


def test_gold_accuracy() -> None:
    dev = shared_path("bench", "extraction", "dev")
    right, total = score_timex(GOLD, dev, lambda body, lang, ref: find_time_expressions(body, ref, LEX[lang]))
    assert total >= 100
    assert right / total >= 0.90
