"""Publication dates printed on plain-text pages, and datelines kept out of the text."""

from __future__ import annotations

from datetime import datetime

import pytest

import newsweave
from newsweave.extractors.textpage.dates import find_date, is_dateline
from tests.conftest import SAMPLES


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("25.04.2019, 09:12 Uhr", "2019-04-25"),
        ("April 16, 2019", "2019-04-16"),
        ("Tue 23 Apr 2019 10.41 BST", "2019-04-23"),
        ("16. April 2019", "2019-04-16"),
        ("Publié le 16 avril 2019", "2019-04-16"),
        ("2019-04-11T03:10", "2019-04-11"),
    ],
)
def test_whole_dates_in_several_languages(line: str, day: str) -> None:
    found = find_date(line)
    assert found is not None and found.date().isoformat() == day


@pytest.mark.parametrize("line", ["Ende Februar", "im Jahr 2011", "31.02.2019", "Seite 2 von 4"])
def test_partial_or_impossible_dates_are_not_dates(line: str) -> None:
    assert find_date(line) is None


def test_a_sentence_mentioning_a_date_is_not_a_dateline() -> None:
    assert is_dateline("Tue 23 Apr 2019 10.41 BST")
    assert not is_dateline("Die Wahl findet am 26. Mai 2019 statt, sagte der Sprecher.")


def test_sample_pages_get_their_printed_date_and_lose_the_dateline() -> None:
    daily = newsweave.extract((SAMPLES / "text" / "en-easter-attacks-daily.txt").read_text("utf-8"))
    assert daily.published is not None and daily.published.source == "text"
    assert daily.published.value == datetime(2019, 4, 23)
    assert "Tue 23 Apr 2019" not in daily.text
    # "metadata" when the classifier kept the dateline as text, "other" when it left it out itself
    assert any(f.kind in ("metadata", "other") and f.text.startswith("Tue 23 Apr") for f in daily.furniture)
    tagblatt = newsweave.extract((SAMPLES / "text" / "de-kim-wladiwostok-tagblatt.txt").read_text("utf-8"))
    assert tagblatt.published is not None and tagblatt.published.value.date().isoformat() == "2019-04-25"
