"""Assembly of labelled lines into page parts, on a page written for this test."""

from __future__ import annotations

import pytest

from newsweave.extractors.textpage.assemble import PageParts, assemble
from newsweave.extractors.textpage.lexicon import load_lexicon
from newsweave.extractors.textpage.segment import segment

# (line, label) pairs; the label is what a perfect line classifier would say.
PAGE = [
    ("Startseite", "other"),
    ("Neue Brücke für Neustadt eröffnet", "title"),
    ("Von Max Muster und Erika Musterfrau", "other"),
    ("Die Brücke über den Fluss am Stadtrand", "other"),
    ("Die Brücke über den Fluss am Stadtrandimago/Beispiel Press", "other"),
    ("  • Teilen", "other"),
    ("Nach drei Jahren Bauzeit ist die Brücke fertig. Am Samstag wurde sie eröffnet.", "lead"),
    ("NEUSTADT (dpa) – Die Bürgermeisterin schnitt das Band durch und sprach von einem guten Tag.", "paragraph"),
    ("Kosten höher als geplant", "heading"),
    ("Der Bau kostete zwölf Millionen Euro, zwei mehr als geplant, sagte die Stadt.", "paragraph"),
    ("Radfahrer auf der neuen Brücke am Samstag.", "other"),
    ("Foto: Max Muster", "other"),
    ("(dpa/lit)", "other"),
    ("Mehr zum Thema", "other"),
    ("Ein Bagger am Ufer", "other"),
    ("Lokales", "other"),
    ("Der Uferweg wird gesperrt", "other"),
    ("Wegen der Bauarbeiten bleibt der Weg bis zum Herbst zu, teilte die Stadt mit.", "paragraph"),
    ("Kinder auf dem Spielplatz", "other"),
    ("Lokales", "other"),
    ("Der Spielplatz wird größer", "other"),
    ("Die Stadt kauft zwei Grundstücke dazu und pflanzt im Sommer neue Bäume.", "paragraph"),
    ("Wir verwenden Cookies, um die Seite zu verbessern.", "other"),
    ("Impressum", "other"),
]


@pytest.fixture(scope="module")
def parts() -> PageParts:
    text = "\n".join(line if not line.startswith("Mehr") else "\n" + line for line, _ in PAGE)
    lines = segment(text)
    assert len(lines) == len(PAGE)
    return assemble(lines, [label for _, label in PAGE], load_lexicon())


def test_title_lead_body(parts: PageParts) -> None:
    assert parts.title == "Neue Brücke für Neustadt eröffnet"
    assert parts.lead is not None and parts.lead.startswith("Nach drei Jahren")
    assert [b.kind for b in parts.body] == ["paragraph", "heading", "paragraph"]


def test_images(parts: PageParts) -> None:
    assert [(i.caption, i.credit) for i in parts.images] == [
        ("Die Brücke über den Fluss am Stadtrand", "imago/Beispiel Press"),
        ("Radfahrer auf der neuen Brücke am Samstag.", "Max Muster"),
    ]


def test_agencies_and_authors(parts: PageParts) -> None:
    assert parts.agencies == ("dpa",)
    assert parts.authors == ("Max Muster", "Erika Musterfrau")


def test_related_cards_leave_the_text(parts: PageParts) -> None:
    assert [(r.section, r.title, r.image_caption) for r in parts.related] == [
        ("Lokales", "Der Uferweg wird gesperrt", "Ein Bagger am Ufer"),
        ("Lokales", "Der Spielplatz wird größer", "Kinder auf dem Spielplatz"),
    ]
    body = " ".join(b.text for b in parts.body)
    assert "Grundstücke" not in body and "Uferweg" not in body


def test_furniture_is_typed(parts: PageParts) -> None:
    kinds = {f.text: f.kind for f in parts.furniture}
    assert kinds["Startseite"] == "navigation"
    assert kinds["Teilen"] == "share"
    assert kinds["Mehr zum Thema"] == "teaser"
    assert kinds["Wir verwenden Cookies, um die Seite zu verbessern."] == "notice"
    assert kinds["(dpa/lit)"] == "metadata"
    assert all(f.start >= 0 for f in parts.furniture)


def test_warnings() -> None:
    text = "Titel der Seite\nDer Text beginnt hier und geht über viele Wörter weiter, bis er plötzlich mitten im\n"
    text += "Dieser Artikel ist nur für Abonnenten. Jetzt weiterlesen!\n"
    parts = assemble(segment(text), ["title", "paragraph", "other"], load_lexicon())
    assert parts.warnings == ("paywalled", "truncated")


def test_repeated_furniture_after_a_cue_does_not_eat_the_text() -> None:
    rows = [
        ("Read more", "other"),
        ("Council votes on the new bridge", "other"),
        ("Advertisement", "other"),
        ("The council voted on Monday to build a second bridge across the river by 2030.", "paragraph"),
        ("Its cost is estimated at twelve million euros, two more than last year's plan.", "paragraph"),
        ("Advertisement", "other"),
        ("Advertisement", "other"),
        ("Work is due to start in the spring, the mayor said after the vote on Monday.", "paragraph"),
    ]
    parts = assemble(segment("\n".join(t for t, _ in rows)), [lab for _, lab in rows], load_lexicon())
    assert len(parts.body) + (parts.lead is not None) == 3


def test_cards_of_irregular_length_never_take_prose() -> None:
    rows = [
        ("Related", "other"),
        ("Politics", "other"),
        ("Council votes on the new bridge", "other"),
        ("Politics", "other"),
        ("Mayor opens the market", "other"),
        ("Smith: the bridge will be built", "other"),
        ("The council voted on Monday to build a second bridge across the river by 2030.", "paragraph"),
        ("Its cost is estimated at twelve million euros, two more than last year's plan.", "paragraph"),
        ("Work is due to start in the spring, the mayor said after the vote on Monday.", "paragraph"),
        ("Politics", "other"),
        ("Comments", "other"),
    ]
    parts = assemble(segment("\n".join(t for t, _ in rows)), [lab for _, lab in rows], load_lexicon())
    assert len(parts.body) + (parts.lead is not None) == 3


def test_title_and_lead_when_the_classifier_labels_none() -> None:
    rows = [
        ("Neue Brücke für Neustadt eröffnet", "other"),
        ("Drucken", "other"),
        ("Nach drei Jahren Bauzeit ist die Brücke fertig. Am Samstag wurde sie eröffnet.", "paragraph"),
        ("Die Bürgermeisterin schnitt das Band durch und sprach von einem guten Tag für die Stadt.", "paragraph"),
    ]
    parts = assemble(segment("\n".join(t for t, _ in rows)), [lab for _, lab in rows], load_lexicon())
    assert parts.title == "Neue Brücke für Neustadt eröffnet"
    assert parts.lead is not None and parts.lead.startswith("Nach drei Jahren")
    assert [b.text[:3] for b in parts.body] == ["Die"]


def test_regular_cards_leave_the_text_whatever_their_labels() -> None:
    rows = [("Mehr zum Thema", "other")]
    for n, topic in enumerate(("Brücke", "Markt", "Hafen")):
        rows += [
            (f"Ein Bild vom {topic} am Abend", "paragraph"),
            ("Lokales", "other"),
            (f"Neuer Plan für den {topic}", "heading"),
            (f"Die Stadt will den {topic} bis zum Jahr {2030 + n} neu bauen, sagte die Bürgermeisterin.", "paragraph"),
        ]
    parts = assemble(segment("\n".join(t for t, _ in rows)), [lab for _, lab in rows], load_lexicon())
    assert parts.body == () and parts.lead is None
    assert [(r.section, r.title) for r in parts.related] == [
        ("Lokales", "Neuer Plan für den Brücke"),
        ("Lokales", "Neuer Plan für den Markt"),
        ("Lokales", "Neuer Plan für den Hafen"),
    ]


def test_byline_with_an_agency_is_no_photo_credit_and_a_prefix_line_takes_the_names_below() -> None:
    rows = [
        ("Neue Brücke für Neustadt eröffnet", "title"),
        ("Von Max Muster und Erika Musterfrau, dpa", "other"),
        ("Nach drei Jahren Bauzeit ist die Brücke fertig. Am Samstag wurde sie eröffnet.", "paragraph"),
        ("Von", "other"),
        ("Anna Beispiel", "other"),
    ]
    parts = assemble(segment("\n".join(t for t, _ in rows)), [lab for _, lab in rows], load_lexicon())
    assert parts.images == ()
    assert parts.authors == ("Max Muster", "Erika Musterfrau", "Anna Beispiel")
    assert parts.agencies == ("dpa",)
