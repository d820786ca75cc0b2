"""The enrich stage and ``newsweave enrich`` on articles written for these tests."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from click.testing import CliRunner

from newsweave.cli import load_commands
from newsweave.enrich import enrich, load_enrich_models
from newsweave.model import Article, Block, Published, join_text
from newsweave.settings import EnrichSettings

CFG = EnrichSettings(entities=False)
BLOCKS = (
    Block("paragraph", "Die Stadtwerke bestätigten am Montag die Preiserhöhung. Sie gelte ab Juli, hieß es."),
    Block("paragraph", "Nach Angaben der Polizei wurde vergangene Woche niemand verletzt."),
)
# A page long enough for the text extractor to find its main text (written for this test).
MORE = (
    "Die neuen Tarife gelten für Strom und Gas in allen Stadtteilen, auch für Gewerbekunden mit Sonderverträgen.",
    "Ein durchschnittlicher Haushalt zahlt damit rund acht Euro mehr im Monat als bisher, rechnete der Verband vor.",
    "Verbraucherschützer kritisierten die Erhöhung und rieten Kundinnen und Kunden, die Angebote genau zu vergleichen.",
    "Die Stadtwerke begründen den Schritt mit gestiegenen Beschaffungskosten und den Kosten für den Netzausbau.",
)
PAGE = "Stadtwerke erhöhen Preise\n\n" + "\n\n".join([b.text for b in BLOCKS] + list(MORE)) + "\n"


@pytest.fixture(scope="module")
def models():
    return load_enrich_models(CFG)


def article() -> Article:
    return Article(
        id="x",
        source="test",
        text=join_text(None, BLOCKS),
        body=BLOCKS,
        published=Published(datetime(2019, 4, 24), "given"),
    )


def test_enrich_fills_every_field(models) -> None:
    out = enrich(article(), CFG, models)
    assert out.language == "de"
    assert out.extra["block_languages"] == ["de", "de"]
    assert [out.text[s:e] for s, e in out.sentences][1] == "Sie gelte ab Juli, hieß es."
    assert {(t.text, t.value) for t in out.time_expressions} >= {
        ("am Montag", "2019-04-22"),
        ("vergangene Woche", "2019-W16"),
    }
    assert [(c.source, c.modality) for c in out.claims] == [
        ("Die Stadtwerke", "confirmed"),
        ("Die Stadtwerke", "reported"),
        ("Polizei", "reported"),
    ]
    assert out.body == article().body  # the rest is untouched


def test_article_language_is_the_blocks_majority(models) -> None:
    body = (
        Block("paragraph", "The city council confirmed on Monday that bus fares will rise in July for all riders."),
        Block(
            "paragraph", BLOCKS[0].text + " Die Erhöhung betrifft alle Linien und Tarifzonen der Stadt gleichermaßen."
        ),
        Block("paragraph", BLOCKS[1].text + " Die Ermittlungen dauern nach Angaben der Behörden noch an."),
    )
    art = Article(id="m", source="test", text=join_text(None, body), body=body)
    out = enrich(art, CFG, models)
    assert (out.language, out.extra["block_languages"]) == ("de", ["en", "de", "de"])
    off = enrich(art, EnrichSettings(entities=False, block_languages=False), models)
    assert off.language == "de" and "block_languages" not in off.extra


def test_without_publication_date_relative_dates_stay_open(models) -> None:
    out = enrich(Article(id="x", source="t", text="Der Minister kam am Montag an."), CFG, models)
    assert out.time_expressions[0].value is None


def test_other_languages_get_language_but_no_rules(models) -> None:
    text = "Le gouvernement a annoncé lundi de nouvelles aides pour les agriculteurs du pays."
    out = enrich(Article(id="x", source="t", text=text), CFG, models)
    assert out.language == "fr"
    assert out.claims == () and out.time_expressions == ()


def test_cli_enrich_json(tmp_path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, "utf-8")
    result = CliRunner().invoke(
        load_commands(),
        ["enrich", str(page), "--input-format", "text", "--date", "2019-04-24", "--format", "json", "--no-entities"],
    )
    assert result.exit_code == 0, result.output
    (art,) = json.loads(result.stdout)
    # Which paragraphs the text extractor keeps is its business; whatever it keeps is enriched.
    assert art["language"] == "de" and art["claims"] and art["time_expressions"]
    for item in art["claims"] + art["time_expressions"]:
        assert art["text"][item["start"] : item["end"]] == item.get("content", item.get("text"))
