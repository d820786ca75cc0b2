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
PAGE = "Stadtwerke erhöhen Preise\n\n" + "\n\n".join(b.text for b in BLOCKS) + "\n"


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
    assert any(c["modality"] == "confirmed" for c in art["claims"])
    # The text extractor may set the short closing paragraph aside as furniture; the first one is body.
    assert any(t["value"] == "2019-07" for t in art["time_expressions"])
