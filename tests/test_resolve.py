"""Tests of newsweave.enrich.ner.resolve: canonical names across spellings and articles."""

from __future__ import annotations

import pytest

from newsweave.enrich.ner.gazetteer import Gazetteer, load_gazetteer
from newsweave.enrich.ner.resolve import Candidate, EntityRegistry, resolve, strip_genitive
from newsweave.model import EntityLabel


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _cands(text: str, found: list[tuple[str, EntityLabel]]) -> list[Candidate]:
    """Candidates for the given surface strings, located in order in ``text``."""
    out, pos = [], 0
    for surface, label in found:
        start = text.index(surface, pos)
        out.append(Candidate(start, start + len(surface), label, surface))
        pos = start + len(surface)
    return out


def test_surname_and_genitive_take_the_first_full_name(gaz: Gazetteer) -> None:
    text = "Anna Wellenbrink kam. Dann sprach Wellenbrink. Wellenbrinks Bruder Otto Wellenbrink schwieg."
    found = _cands(
        text,
        [("Anna Wellenbrink", "PER"), ("Wellenbrink", "PER"), ("Wellenbrinks", "PER"), ("Otto Wellenbrink", "PER")],
    )
    mentions = resolve(found, gaz, "de")
    assert [m.entity for m in mentions] == ["Anna Wellenbrink"] * 3 + ["Otto Wellenbrink"]
    assert mentions[2].text == "Wellenbrinks"


def test_gazetteer_names_exonyms_and_titles_per_language(gaz: Gazetteer) -> None:
    text = "In Vladivostok traf der Kremlchef Kim."
    found = [
        *_cands(text, [("Vladivostok", "LOC")]),
        Candidate(24, 33, "PER", "Kremlchef", gaz.entries["per:vladimir-putin"]),
    ]
    de = resolve(found, gaz, "de")
    en = resolve(found, gaz, "en")
    assert [m.entity for m in de] == ["Wladiwostok", "Wladimir Putin"]
    assert [m.entity for m in en] == ["Vladivostok", "Vladimir Putin"]


LABELS: list[EntityLabel] = ["ORG", "LOC", "PER", "PER", "PER"]


@pytest.mark.parametrize(
    ("lang", "text", "names"),
    [
        (
            "de",
            "Der Kreml und Nordkorea schweigen. Wladimir Putin reist, Putin schweigt. Anna Wellenbrink nicht.",
            ["Kreml", "Nordkorea", "Wladimir Putin", "Putin", "Anna Wellenbrink"],
        ),
        (
            "en",
            "The Kremlin and North Korea were silent. Vladimir Putin travels, Putin is silent. Anna Wellenbrink not.",
            ["Kremlin", "North Korea", "Vladimir Putin", "Putin", "Anna Wellenbrink"],
        ),
    ],
)
def test_known_entities_carry_one_key_in_every_language(gaz: Gazetteer, lang: str, text: str, names: list[str]) -> None:
    mentions = resolve(_cands(text, list(zip(names, LABELS, strict=True))), gaz, lang)
    assert [m.entity for m in mentions][:2] == names[:2]  # named in the article's language
    assert [m.key for m in mentions] == ["org:kremlin", "iso:KP", "per:vladimir-putin", "per:vladimir-putin", None]


def test_a_key_stays_with_its_entity_not_its_name(gaz: Gazetteer) -> None:
    text = "In Washington sprach Washington."
    found = _cands(text, [("Washington", "LOC"), ("Washington", "PER")])
    city, person = resolve(found, gaz, "de")
    assert (city.label, city.key) == ("LOC", "gn:4140963")
    assert (person.label, person.key) == ("PER", None)


def test_own_list_type_wins_over_tagger(gaz: Gazetteer) -> None:
    text = "Der Kreml bestätigte."
    (mention,) = resolve(_cands(text, [("Kreml", "LOC")]), gaz, "de")
    assert (mention.label, mention.entity) == ("ORG", "Kreml")


def test_city_alias_does_not_turn_a_person_into_a_place(gaz: Gazetteer) -> None:
    # "Kim" is also a town in GeoNames; after "Kim Jong-un" it is the person.
    text = "Kim Jong-un reiste. Kim sagte nichts."
    mentions = resolve(_cands(text, [("Kim Jong-un", "PER"), ("Kim", "LOC")]), gaz, "de")
    assert [(m.label, m.entity) for m in mentions] == [("PER", "Kim Jong-un"), ("PER", "Kim Jong-un")]


def test_genitive_of_unknown_place_only_strips_when_the_base_was_seen(gaz: Gazetteer) -> None:
    text = "Paris und Lummerlands Hafen; Lummerland liegt weit."
    mentions = resolve(_cands(text, [("Paris", "LOC"), ("Lummerlands", "LOC"), ("Lummerland", "LOC")]), gaz, "de")
    assert mentions[0].entity != "Pari"
    text2 = "Lummerland liegt weit. Lummerlands Hafen."
    m2 = resolve(_cands(text2, [("Lummerland", "LOC"), ("Lummerlands", "LOC")]), gaz, "de")
    assert [m.entity for m in m2] == ["Lummerland", "Lummerland"]


def test_registry_links_surnames_and_close_spellings_across_articles(gaz: Gazetteer) -> None:
    registry = EntityRegistry()
    first = "Olga Wrzesniewska sprach."
    resolve(_cands(first, [("Olga Wrzesniewska", "PER")]), gaz, "de", registry)
    second = "Wrzesniewska widersprach. Olga Wrzesniewskaja auch."
    mentions = resolve(_cands(second, [("Wrzesniewska", "PER"), ("Olga Wrzesniewskaja", "PER")]), gaz, "de", registry)
    assert [m.entity for m in mentions] == ["Olga Wrzesniewska", "Olga Wrzesniewska"]
    other = resolve(_cands("Otto Brandt kam.", [("Otto Brandt", "PER")]), gaz, "de", registry)
    assert other[0].entity == "Otto Brandt"


def test_strip_genitive() -> None:
    assert strip_genitive("Putins") == "Putin"
    assert strip_genitive("Trump's") == "Trump"
    assert strip_genitive("Los") == "Los"
