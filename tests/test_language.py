"""Language identification per text with py3langid's bundled model."""

from __future__ import annotations

from newsweave.enrich.language import identify, load_identifier

IDENT = load_identifier()


def test_german_and_english() -> None:
    assert identify("Die Regierung hat am Dienstag neue Hilfen für die Landwirte angekündigt.", IDENT) == "de"
    assert identify("The government announced new aid for farmers on Tuesday morning.", IDENT) == "en"


def test_short_text_is_not_guessed() -> None:
    assert identify("Mehr erfahren", IDENT) is None


def test_restricted_languages() -> None:
    ident = load_identifier(("de", "en"))
    assert identify("Le gouvernement a annoncé de nouvelles aides pour les agriculteurs.", ident) in {"de", "en"}
