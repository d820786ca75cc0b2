"""Tests of newsweave.enrich.ner.gazetteer: every data-file rule with an example."""

from __future__ import annotations

from importlib import resources

import pytest

from newsweave.enrich.ner.gazetteer import OWN_RANK, TERRITORY_RANK, Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _rows(name: str) -> list[list[str]]:
    text = resources.files("newsweave.data").joinpath("gazetteer").joinpath(name).read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize(
    ("name", "key", "de", "en"),
    [
        ("Wladiwostok", "gn:2013348", "Wladiwostok", "Vladivostok"),
        ("Vladivostok", "gn:2013348", "Wladiwostok", "Vladivostok"),
        ("Pjöngjang", "gn:1871859", "Pjöngjang", "Pyongyang"),
        ("Pyongyang", "gn:1871859", "Pjöngjang", "Pyongyang"),
        ("Russische Föderation", "iso:RU", "Russland", "Russia"),
        ("Russlands", "iso:RU", "Russland", "Russia"),
        ("Nordkoreas", "iso:KP", "Nordkorea", "North Korea"),
        ("Vereinigte Staaten", "iso:US", "USA", "United States"),
        ("USA", "iso:US", "USA", "United States"),
        ("Kremlin", "org:kremlin", "Kreml", "Kremlin"),
        ("Moskau", "gn:524901", "Moskau", "Moscow"),
    ],
)
def test_lookup_resolves_spellings_and_languages(gaz: Gazetteer, name: str, key: str, de: str, en: str) -> None:
    entry = gaz.lookup(name)
    assert entry is not None
    assert (entry.key, entry.name("de"), entry.name("en")) == (key, de, en)


def test_lookup_unknown_and_function_words(gaz: Gazetteer) -> None:
    assert gaz.lookup("Die") is None
    assert gaz.lookup("Xyzzyquux") is None


def test_every_own_entry_alias_resolves_to_its_entry(gaz: Gazetteer) -> None:
    for row in _rows("entities.tsv"):
        key = row[0]
        names = [row[2], row[3], *(row[4].split("|") if len(row) > 4 and row[4] else [])]
        for name in names:
            entry = gaz.lookup(name)
            assert entry is not None and entry.key == key, (name, key, entry)
            assert entry.rank == OWN_RANK


def test_every_exonym_resolves_to_its_city(gaz: Gazetteer) -> None:
    for gid, names in _rows("exonyms.tsv"):
        for name in names.split("|"):
            entry = gaz.lookup(name)
            assert entry is not None, name
            # A country or own-list entry may own the name (Singapur); otherwise it is the city.
            assert entry.key == f"gn:{gid}" or entry.rank >= TERRITORY_RANK, (name, entry)


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("nordkoreanischen", "iso:KP"),
        ("nordkoreanische", "iso:KP"),
        ("südkoreanischer", "iso:KR"),
        ("russischen", "iso:RU"),
        ("vietnamesischen", "iso:VN"),
        ("North Korean", "iso:KP"),
    ],
)
def test_demonyms(gaz: Gazetteer, word: str, key: str) -> None:
    entry = gaz.demonym(word)
    assert entry is not None and entry.key == key


def test_demonym_needs_an_inflection_not_any_prefix(gaz: Gazetteer) -> None:
    assert gaz.demonym("polished") is None
    assert gaz.demonym("russischsprachig") is None


def test_every_demonym_row_matches_itself(gaz: Gazetteer) -> None:
    for stem, key in _rows("demonyms.tsv"):
        entry = gaz.demonym(stem + "en")
        assert entry is not None and entry.key == key, stem


def test_titles(gaz: Gazetteer) -> None:
    assert gaz.title("Kremlchef") == "per:vladimir-putin"
    assert gaz.title("US-Außenminister") == "*"
    assert gaz.title("Präsident") == "*"
    assert gaz.title("Haus") is None


def test_every_resolving_title_names_a_known_entry(gaz: Gazetteer) -> None:
    for title, _lang, key in _rows("titles.tsv"):
        assert gaz.title(title) == key
        assert key == "*" or key in gaz.entries


def test_tag_tokens_longest_match_and_genitive(gaz: Gazetteer) -> None:
    words = [
        "Kim",
        "reist",
        "in",
        "die",
        "Russische",
        "Föderation",
        ",",
        "nach",
        "Wladiwostok",
        "im",
        "Osten",
        "Russlands",
    ]
    tags = gaz.tag_tokens(words)
    assert tags[4:6] == ["B-LOC", "I-LOC"]
    assert tags[8] == "B-LOC"
    assert tags[11] == "B-LOC"
    assert tags[1] == tags[2] == "O"


def test_name_lists(gaz: Gazetteer) -> None:
    assert {"Angela", "Donald", "Mike"} <= gaz.first_names
    assert "Müller" in gaz.last_names
