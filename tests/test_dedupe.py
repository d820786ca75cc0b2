"""Tests of newsweave.dedupe: exact and near duplicates, canonical choice, sentence diffs."""

from __future__ import annotations

import random
from dataclasses import replace

from newsweave.dedupe import (
    DedupIndex,
    agency_lines,
    choose_canonical,
    dedupe,
    fingerprint,
    sentence_diff,
    text_hash,
)
from newsweave.model import Article, Published, with_id
from tests.storedata import article, copy_of


def test_text_hash_ignores_case_punctuation_and_spacing() -> None:
    assert text_hash("Der Rat, so hieß es, tagt.") == text_hash("der  Rat so hieß es tagt")
    assert text_hash("Der Rat tagt.") != text_hash("Der Rat tagt nicht.")


def test_copy_with_cut_and_added_paragraph_is_a_near_duplicate() -> None:
    rng = random.Random(5)
    orig, other = article(1, rng), article(2, rng)
    copy = copy_of(orig, 3, rng)
    results = list(dedupe([orig, other, copy], DedupIndex()))
    assert results[0][1] is None and results[1][1] is None
    found = results[2][1]
    assert found is not None and found.article_id == orig.id and found.relation == "near"
    assert 0.5 <= found.similarity < 1.0


def test_exact_copy_at_another_url_is_exact() -> None:
    orig = article(1, random.Random(2))
    again = with_id(replace(orig, url="https://elsewhere.example/1"))
    found = list(dedupe([orig, again], DedupIndex()))[1][1]
    assert found is not None and (found.article_id, found.relation, found.similarity) == (orig.id, "exact", 1.0)


def test_indexes_are_independent_objects() -> None:
    orig = article(1, random.Random(2))
    first, second = DedupIndex(), DedupIndex()
    first.add(orig.id, fingerprint(orig.text))
    assert orig.id in first and orig.id not in second
    assert second.match("x", fingerprint(orig.text)) is None


def test_short_texts_only_match_exactly() -> None:
    a = Article(id="a", source="s", text="Kurz und knapp.")
    b = Article(id="b", source="s", text="Kurz und bündig.")
    index = DedupIndex()
    assert [m for _, m in dedupe([a, b], index)] == [None, None]


def test_agency_lines_from_dateline_and_source_line() -> None:
    assert agency_lines(Article(id="1", source="s", text="Wien (APA) - Der Nationalrat hat beschlossen.")) == ("APA",)
    assert agency_lines(Article(id="2", source="s", text="Text.\n\nQuelle: dpa")) == ("dpa",)
    assert agency_lines(Article(id="3", source="s", text="BERLIN (Reuters/AFP) - Text.")) == ("Reuters", "AFP")
    assert agency_lines(Article(id="4", source="s", text="Die AFP-Kollegen? Nein, eine Eigenrecherche.")) == ()


def test_canonical_is_agency_credited_member_else_earliest() -> None:
    rng = random.Random(9)
    orig = article(1, rng)
    early = replace(orig, published=Published(orig.published.value.replace(hour=1), "given"))  # type: ignore[union-attr]
    credited = copy_of(orig, 2, rng, dateline="Wien (APA) - ")
    assert choose_canonical([early, credited]) == (credited.id, "agency-line")
    plain = copy_of(orig, 3, rng)
    assert choose_canonical([plain, early]) == (early.id, "earliest")
    agency_page = replace(plain, site="apa.at")
    assert choose_canonical([credited, agency_page]) == (agency_page.id, "agency-site")


def test_sentence_diff_reports_added_cut_and_edited() -> None:
    canonical = "Der Rat tagte am Montag. Er beschloss ein Budget. Die Opposition war dagegen."
    member = "Der Rat tagte am Montag. Er beschlos ein Budget. In Linz wurde gefeiert."
    diff = sentence_diff(member, canonical)
    assert [member[s:e] for s, e in diff["added"]] == ["In Linz wurde gefeiert."]
    assert [canonical[s:e] for s, e in diff["cut"]] == ["Die Opposition war dagegen."]
    (ms, me, cs, ce) = diff["edited"][0]
    assert (member[ms:me], canonical[cs:ce]) == ("Er beschlos ein Budget.", "Er beschloss ein Budget.")
    assert sentence_diff(canonical, canonical) == {"added": [], "cut": [], "edited": []}
