"""Text-mode extraction end to end (segment -> classifier -> rules), on pages written for the tests."""
# ruff: noqa: E501  (test pages and cases are written as one line per page line)

from __future__ import annotations

import pytest

from newsweave.errors import NewsweaveError
from newsweave.extractors import extract
from newsweave.model import Article
from newsweave.readers import RawDoc

PAGE = """\
Startseite
Politik
Lokales

Neue Brücke über den Fluss eröffnet

Von Max Muster

Nach drei Jahren Bauzeit ist die Brücke zwischen Altstadt und Neustadt fertig. Am Samstag wurde sie mit einem Fest eröffnet.

NEUSTADT (dpa) – Die Bürgermeisterin schnitt am Vormittag das Band durch und sprach von einem guten Tag für die ganze Stadt. Hunderte Menschen waren gekommen, um als Erste über die Brücke zu gehen.

Der Bau kostete nach Angaben der Stadt zwölf Millionen Euro und damit zwei Millionen mehr als geplant. Grund seien gestiegene Preise für Stahl und Beton gewesen, sagte ein Sprecher.

Radwege auf beiden Seiten

Auf beiden Seiten der Brücke gibt es breite Radwege. Der Fahrradclub lobte die Pläne, forderte aber eine bessere Anbindung an das bestehende Netz in der Innenstadt.

Die alte Fähre, die bisher die beiden Ufer verband, soll noch bis zum Ende des Sommers fahren. Danach wird sie an einen Verein verkauft, der sie als Museumsschiff nutzen will.

  • Teilen
  • Drucken

Mehr zum Thema

Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten. Mit der Nutzung der Seite stimmen Sie zu.
Impressum
Datenschutz
"""


@pytest.fixture(scope="module")
def article() -> Article:
    return extract(RawDoc(source="brücke.txt", data=PAGE.encode("utf-8"), input_format="text"))


def test_main_text_without_furniture(article: Article) -> None:
    assert "Hunderte Menschen" in article.text
    assert "Museumsschiff" in article.text
    for furniture in ("Startseite", "Impressum", "Drucken", "Cookies", "Mehr zum Thema"):
        assert furniture not in article.text


def test_fields(article: Article) -> None:
    assert article.title == "Neue Brücke über den Fluss eröffnet"
    assert "dpa" in article.agencies
    assert article.authors == ("Max Muster",)
    assert article.input_format == "text"
    assert article.text.startswith(article.lead or article.body[0].text)


def test_furniture_is_typed(article: Article) -> None:
    kinds = {f.text: f.kind for f in article.furniture}
    assert kinds.get("Drucken") == "share"
    assert kinds.get("Impressum") == "navigation"
    assert any(kind == "notice" for text, kind in kinds.items() if "Cookies" in text)


def test_offsets_point_into_the_page(article: Article) -> None:
    for block in article.body:
        assert PAGE[block.start : block.end] == block.text


def test_page_without_text_is_rejected() -> None:
    with pytest.raises(NewsweaveError) as err:
        extract(RawDoc(source="menu.txt", data="Startseite\nImpressum\nKontakt\n", input_format="text"))
    assert err.value.code == "NW201"
