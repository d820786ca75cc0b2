"""The rule layer: furniture classes, credits, agencies, bylines, teaser cards (own test strings)."""

from __future__ import annotations

import pytest

from newsweave.extractors.textpage import rules
from newsweave.extractors.textpage.lexicon import Lexicon, _anchor, load_lexicon
from newsweave.extractors.textpage.segment import segment


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


@pytest.mark.parametrize(
    ("line", "kind", "cue"),
    [
        ("Drucken", "share", "share"),
        ("Share this article", "share", "share"),
        ("WhatsApp", "share", "social"),
        ("Impressum", "navigation", "navigation"),
        ("Anzeige", "advertising", "advertising"),
        ("Dieser Browser wird nicht mehr unterstützt", "notice", "browser"),
        ("Bitte wechseln Sie zu einem unterstützten Browser wie Firefox.", "notice", "browser"),
        ("Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten.", "notice", "cookie"),
        ("Dieser Artikel ist nur für Abonnenten verfügbar. Jetzt weiterlesen!", "notice", "paywall"),
        ("Subscribe to continue reading this story.", "notice", "paywall"),
        ("Melden Sie sich jetzt für unseren Newsletter an", "newsletter", "newsletter"),
        ("Your email address will not be published.", "comments", "comments"),
        ("12 Kommentare", "comments", "comments"),
    ],
)
def test_furniture_cue(lex: Lexicon, line: str, kind: str, cue: str) -> None:
    found = rules.furniture_cue(line, lex)
    assert found is not None
    assert (found.kind, found.cue) == (kind, cue)


def test_prose_is_not_furniture(lex: Lexicon) -> None:
    assert rules.furniture_cue("Der Gemeinderat beschloss am Montag einen neuen Haushalt für die Stadt.", lex) is None
    long_prose = "Der Konzern sammelt Cookies und andere Daten, sagte die Ministerin. " * 6
    assert rules.furniture_cue(long_prose, lex) is None


@pytest.mark.parametrize(
    "line",
    [
        "Lesen Sie mehr zu diesen Themen:",
        "Mehr zum Thema",
        "Das könnte Sie auch interessieren",
        "Read more",
        "Lire aussi",
    ],
)
def test_opens_related(lex: Lexicon, line: str) -> None:
    assert rules.opens_related(line, lex)


def test_long_line_does_not_open_related(lex: Lexicon) -> None:
    assert not rules.opens_related(
        "Lesen Sie mehr über die Pläne der Regierung, die am Dienstag vorgestellt wurden.", lex
    )


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Foto: dpa", "dpa"),
        ("Foto: Bild: SN/APA/Max Muster", "SN/APA/Max Muster"),
        ("© Erika Musterfrau", "Erika Musterfrau"),
        ("Photo by Jane Roe/Reuters", "Jane Roe/Reuters"),
        ("imago/Sammy Beispiel", "imago/Sammy Beispiel"),
        ("Getty Images", "Getty Images"),
    ],
)
def test_credit_text(lex: Lexicon, line: str, credit: str) -> None:
    assert rules.credit_text(line, lex) == credit


def test_credit_text_rejects_prose(lex: Lexicon) -> None:
    assert rules.credit_text("Die Polizei sperrte die Straße am Abend.", lex) is None
    assert rules.credit_text("Ein Fahrradweg am Ufer", lex) is None


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        (
            "Ein Fahrradweg am Ufer des Sees im Mai. Foto: Max Muster",
            "Ein Fahrradweg am Ufer des Sees im Mai.",
            "Max Muster",
        ),
        ("The bridge was closed on Monday. (AP)", "The bridge was closed on Monday.", "AP"),
        (
            "Der neue Bahnhof wurde eröffnet. Getty Images/Erik Beispiel",
            "Der neue Bahnhof wurde eröffnet.",
            "Getty Images/Erik Beispiel",
        ),
        ("Ein Fahrradweg am Seeuferimago/Beispiel Press", "Ein Fahrradweg am Seeufer", "imago/Beispiel Press"),
        (
            "A crowd outside the court. | Jane Roe/PA Images via Getty Images",
            "A crowd outside the court.",
            "Jane Roe/PA Images via Getty Images",
        ),
    ],
)
def test_split_credit(lex: Lexicon, line: str, caption: str, credit: str) -> None:
    assert rules.split_credit(line, lex) == (caption, credit)


def test_split_credit_leaves_plain_caption(lex: Lexicon) -> None:
    line = "Der Bürgermeister eröffnet das Fest (links im Bild)."
    assert rules.split_credit(line, lex) == (line, None)


def test_repeated_caption(lex: Lexicon) -> None:
    first = "Ein Radfahrer auf der neuen Brücke"
    assert rules.repeated_caption(first, first + "imago/Beispiel Press", lex) == (first, "imago/Beispiel Press")
    assert rules.repeated_caption(first, first, lex) == (first, None)
    assert rules.repeated_caption("Home", "Home page", lex) is None
    assert rules.repeated_caption(first, first + ". Danach fuhr er weiter nach Hause und schlief.", lex) is None


@pytest.mark.parametrize(
    ("line", "agencies"),
    [
        ("(APA/AFP)", ("APA", "AFP")),
        ("(dpa)", ("dpa",)),
        ("Reuters", ("Reuters",)),
        ("(APA/dpa/red)", ("APA", "dpa")),
        ("dpa/AFP/lit", ("dpa", "AFP")),
        ("(red)", ()),
        ("(Symbolbild)", ()),
        ("Ein Satz mit dpa darin.", ()),
    ],
)
def test_agency_line(lex: Lexicon, line: str, agencies: tuple[str, ...]) -> None:
    assert rules.agency_line(line, lex) == agencies


def test_text_agencies(lex: Lexicon) -> None:
    assert rules.text_agencies("BERLIN (dpa) – Die Regierung hat am Montag beschlossen.", lex) == ("dpa",)
    assert rules.text_agencies("Die Regierung hat am Montag beschlossen. (AFP)", lex) == ("AFP",)
    assert rules.text_agencies("Die Regierung (links im Bild) hat beschlossen.", lex) == ()


@pytest.mark.parametrize(
    ("line", "authors", "agencies"),
    [
        ("Von Max Muster", ("Max Muster",), ()),
        ("Von Max Muster und Erika Musterfrau", ("Max Muster", "Erika Musterfrau"), ()),
        ("By Jane Roe and John Doe", ("Jane Roe", "John Doe"), ()),
        ("By Jane Roe, Email the author", ("Jane Roe",), ()),
        ("Von Anna von Beispiel, dpa", ("Anna von Beispiel",), ("dpa",)),
        ("By Jane Roe | Updated 3 hours ago", ("Jane Roe",), ()),
        ("Von Erika Musterfrau, Redakteurin für Verkehr", ("Erika Musterfrau",), ()),
        ("Author of the article: Jane Roe", ("Jane Roe",), ()),
    ],
)
def test_byline(lex: Lexicon, line: str, authors: tuple[str, ...], agencies: tuple[str, ...]) -> None:
    assert rules.byline(line, lex) == (authors, agencies)


@pytest.mark.parametrize("line", ["Von Montag an gilt die neue Regel für alle Fahrer.", "By the way", "Vonovia"])
def test_not_a_byline(lex: Lexicon, line: str) -> None:
    assert rules.byline(line, lex) is None


def test_truncated() -> None:
    assert rules.truncated("Der Gemeinderat hat am Montag beschlossen, dass die neue Brücke über den Fluss erst im")
    assert rules.truncated(
        "Der Gemeinderat hat am Montag beschlossen, dass die neue Brücke über den Fluss im Süden erst …"
    )
    assert not rules.truncated("Der Gemeinderat hat am Montag beschlossen, dass die neue Brücke über den Fluss kommt.")
    assert not rules.truncated("Kurzer Rest")


CARDS = """\
Ein Kran hebt ein Dach
Lokales

Neues Dach für die Halle

Die Sporthalle bekommt ein neues Dach. Der Bau dauert bis zum Herbst, sagt die Stadt.
Kinder beim Spielen im Park
Lokales

Der Park wird größer

Die Stadt kauft zwei Grundstücke dazu. Im Sommer sollen dort Bäume gepflanzt werden.
"""


def test_teaser_cards_with_section_labels() -> None:
    cards = rules.teaser_cards(segment(CARDS))
    assert [(c.image_caption, c.section, c.title) for c in cards] == [
        ("Ein Kran hebt ein Dach", "Lokales", "Neues Dach für die Halle"),
        ("Kinder beim Spielen im Park", "Lokales", "Der Park wird größer"),
    ]
    assert cards[1].teaser is not None and cards[1].teaser.startswith("Die Stadt kauft")


def test_teaser_cards_without_section_labels() -> None:
    page = (
        "Neues Dach für die Halle\n"
        "Die Sporthalle bekommt ein neues Dach, der Bau dauert bis zum Herbst.\n"
        "Der Park wird größer\n"
    )
    cards = rules.teaser_cards(segment(page))
    assert [(c.title, c.teaser is not None) for c in cards] == [
        ("Neues Dach für die Halle", True),
        ("Der Park wird größer", False),
    ]


@pytest.mark.parametrize(
    ("pattern", "anchor"),
    [
        (r"\bcookies?\b", "cookie"),
        (r"jetzt (\d+ )?(wochen|monate|tage) (für|gratis|kostenlos)", "jetzt "),
        (r"delivered (straight )?to your inbox", "to your inbox"),
        (r"third[- ]party content", "party content"),
        (r"Comments? (are|is) closed", "comment"),
    ],
)
def test_cue_anchor_is_a_literal_every_match_contains(pattern: str, anchor: str) -> None:
    assert _anchor(pattern) == anchor


def test_cue_anchor_refuses_patterns_without_one() -> None:
    with pytest.raises(ValueError, match="without a literal"):
        _anchor(r"(auf|bei) (x|y)")


def test_cue_prefilter_agrees_with_searching_every_pattern(lex: Lexicon) -> None:
    lines = [
        "Wir verwenden Cookies und ähnliche Techniken.",
        "Jetzt 4 Wochen gratis testen",
        "Get the best stories delivered straight to your inbox",
        "This content is hosted by a third-party provider.",
        "Die Stadt baut eine neue Brücke über den Fluss.",
        "Sie haben bereits ein Abo? Hier anmelden",
        "Share this story with a friend",
    ]
    rules.clear_caches()
    for line in lines:
        searched = [
            sub for sub, starts, free in lex.patterns if (starts and starts.match(line)) or (free and free.search(line))
        ]
        cue = rules.furniture_cue(line, lex)
        assert (cue.cue if cue else None) == (searched[0] if searched else None), line


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("Er kam.", True),
        ('Er sagte: "Nein!"', True),
        ("Er kam (später).", True),
        ("Mehr zum Thema", False),
        ("", False),
    ],
)
def test_ends_sentence(text: str, ends: bool) -> None:
    assert rules.ends_sentence(text) is ends


def test_byline_prefix_only(lex: Lexicon) -> None:
    assert rules.byline_prefix_only("Von", lex)
    assert rules.byline_prefix_only("Author of the article:", lex)
    assert not rules.byline_prefix_only("Von Max Muster", lex)


# Lines for the speed gates: every reading a gate lets through must be the reading of the line.
GATE_LINES = [
    "Foto: dpa",
    "© Max Muster",
    "Kim Jong-un und Wladimir Putin bei ihrem ersten Treffen in Wladiwostok im April 2019 mit Putinimago/ZUMA Press",
    "Der Kanzler in Berlin. | Getty Images/AFP",
    "Ein Mann im Regen (AP)",
    "Photo by Jane Doe",
    "(APA/AFP)",
    "dpa/lit",
    "Reuters",
    "Von Max Muster und Erika Muster, dpa",
    "Von",
    "By JANE DOE",
    "Politik",
    "Teilen",
    "Die Stadt baut eine neue Brücke über den Fluss.",
    "İstanbul und Σίσυφος: ein Bild",
]


def test_page_hints_equal_a_search_per_line(lex: Lexicon) -> None:
    hints = rules.page_hints(GATE_LINES, lex)
    assert hints.agency == {i for i, t in enumerate(GATE_LINES) if lex.agency_hint.search(t)}
    assert hints.credit == {i for i, t in enumerate(GATE_LINES) if lex.credit_hint.search(t.lower())}
    part = rules.page_hints(GATE_LINES, lex, [0, 3, 8])
    assert part.agency == hints.agency & {0, 3, 8} and part.credit == hints.credit & {0, 3, 8}


def test_gates_pass_every_line_with_a_reading(lex: Lexicon) -> None:
    rules.clear_caches()
    for line in GATE_LINES:
        if rules.credit_reading(line, lex) != (None, None):
            assert rules.may_credit(line, lex), line
        if rules.agency_line(line, lex):
            assert rules.may_agency_line(line, lex), line
        if rules.byline(line, lex) or rules.byline_prefix_only(line, lex):
            assert rules.may_byline(line, lex), line
    assert rules.credit_reading(GATE_LINES[2], lex) == (None, (GATE_LINES[2][:-16], "imago/ZUMA Press"))
    assert not rules.may_credit("Politik", lex) and not rules.may_byline("Politik", lex)


def test_furniture_cues_equal_furniture_cue(lex: Lexicon) -> None:
    rules.clear_caches()
    first = rules.furniture_cues(GATE_LINES, lex)  # cold
    assert first == rules.furniture_cues(GATE_LINES, lex)  # from the cache
    rules.clear_caches()
    assert first == [rules.furniture_cue(line, lex) for line in GATE_LINES]
    assert rules.furniture_cues(["Teilen"], lex)[0] is not None


def _probe_samples(words: list[str]) -> list[str]:
    """Each word inside a line, cut at either end, and upper-cased: where probes and hints could disagree."""
    return [s for w in words for s in (f"Am Ende {w}.", w, w[1:], w[:-1], w.upper(), w[:-1] + "\n" + w[-1:])]


def test_probes_match_where_the_hints_match(lex: Lexicon) -> None:
    anchors = _probe_samples(list(lex.anchored))
    assert [lex.anchor_probe.search(s) is None for s in anchors] == [
        lex.pattern_anchor.search(s) is None for s in anchors
    ]
    agencies = _probe_samples([*lex.photo_agencies, *lex.news_agencies]) + GATE_LINES
    assert [lex.agency_probe.search(s) is None for s in agencies] == [
        lex.agency_hint.search(s) is None for s in agencies
    ]
    credits = [s.lower() for s in _probe_samples(["copyright", "photo by", "(c)", "©", "|", ":"]) + GATE_LINES]
    assert [lex.credit_probe.search(s) is None for s in credits] == [lex.credit_hint.search(s) is None for s in credits]
