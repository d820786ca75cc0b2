"""Tests for the NER word-class table (newsweave.enrich.ner.clusters) and its features."""

from __future__ import annotations

from collections.abc import Callable

from newsweave.enrich.ner.clusters import load_clusters, read_clusters
from newsweave.enrich.ner.features import WINDOW, Featurizer
from newsweave.enrich.ner.gazetteer import load_gazetteer

TABLE = "# word\tk8\tk2\tnn\nStadtrand\t3\t1\t\ndie\t5\t0\t\nBerlin\t7\t1\tLOC:8,PER:2\nFirma\t3\t1\tORG:4\n"


def test_read_clusters_and_case_fallbacks() -> None:
    """Words are case-sensitive; a capitalised unlisted form falls back to lower or title case."""
    wc = read_clusters(TABLE)
    assert wc.granularities == (8, 2)
    assert wc.lookup("Berlin") == (7, 1)
    assert wc.lookup("Die") == (5, 0)  # sentence-initial function word
    assert wc.lookup("BERLIN") == (7, 1)  # all caps
    assert wc.lookup("berlin") is None  # lower-case never borrows a name's class
    assert wc.features("Berlin") == ["c8=7", "c2=1"]
    assert wc.features("Berlin", (2,), "-1:") == ["-1:c2=1"]
    assert wc.features("Xyzzy") == ["c=none"]


def test_neighbour_labels_are_binned() -> None:
    """The labels of a word's nearest labelled words become binned features; none for others."""
    wc = read_clusters(TABLE)
    assert wc.neighbour_features("Berlin") == ["nn_LOC=hi", "nn_PER=lo"]
    assert wc.neighbour_features("BERLIN") == ["nn_LOC=hi", "nn_PER=lo"]
    assert wc.neighbour_features("Firma") == ["nn_ORG=mid"]
    assert wc.neighbour_features("die") == []
    assert wc.classes["Stadtrand"] is wc.classes["Firma"]  # equal class tuples are shared


def test_featurizer_adds_own_and_neighbour_classes() -> None:
    """The word's classes join its own features; the ±1 neighbours see the chosen granularities."""
    feat = Featurizer(load_gazetteer(), lambda w: False, None, read_clusters(TABLE), (2,), True)
    own, context = feat.features("Berlin")
    assert {"c8=7", "c2=1", "nn_LOC=hi"} <= set(own)
    by_offset = dict(zip(WINDOW, context, strict=True))
    assert "-1:c2=1" in by_offset[-1] and "1:c2=1" in by_offset[1]
    assert not any("c2=" in f for f in by_offset[2])
    sentence = feat.sentence(["in", "Berlin", "."])
    assert "-1:c2=1" in sentence[2] and "1:c2=1" in sentence[0]


def test_featurizer_adds_further_tables_with_a_prefix() -> None:
    """A second table's classes join the word's own features under ``x1:``, never the window's."""
    other = read_clusters("# word\tk4\tk2\nberlin\t2\t1\n")
    feat = Featurizer(load_gazetteer(), lambda w: False, None, read_clusters(TABLE), more_clusters=(other,))
    own, context = feat.features("Berlin")
    assert {"c8=7", "x1:c4=2", "x1:c2=1"} <= set(own)  # the lower-case e5 form serves "Berlin"
    assert not any("x1:" in f for c in context for f in c)
    assert "x1:c=none" in feat.features("Stadtrand")[0]


def test_shipped_table_groups_names_by_kind() -> None:
    """A city's fine class is rich in place names, a first name's in first names (vs the base rate)."""
    wc, gaz = load_clusters(), load_gazetteer()
    assert len(wc.classes) > 100_000
    members: dict[int, list[str]] = {}
    for word, ids in wc.classes.items():
        members.setdefault(ids[0], []).append(word)

    def share(word: str, test: Callable[[str], bool]) -> float:
        found = wc.lookup(word)
        assert found is not None, word
        group = members[found[0]]
        return sum(map(test, group)) / len(group)

    def is_place(word: str) -> bool:
        return word.casefold() in gaz.aliases

    def is_first_name(word: str) -> bool:
        return word in gaz.first_names

    base_place = sum(map(is_place, wc.classes)) / len(wc.classes)
    base_first = sum(map(is_first_name, wc.classes)) / len(wc.classes)
    assert share("München", is_place) > 2 * base_place
    assert share("Thomas", is_first_name) > 5 * base_first
    assert share("Thomas", is_place) < share("München", is_place)
