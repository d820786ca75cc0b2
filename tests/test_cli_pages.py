"""The page-reading verbs (extract, enrich) share inputs, output shapes and the rejection report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.cli import load_commands

PAGE = (
    "Regierung kündigt neues Gesetz an\n\n"
    "Berlin (dpa) - Die Bundesregierung will nach eigenen Angaben noch im Herbst ein neues Gesetz "
    "zum Schutz der Wälder vorlegen. Das kündigte die Umweltministerin am Dienstag in Berlin an.\n\n"
    "Nach Berichten mehrerer Zeitungen soll der Entwurf bereits fertig sein. Die Opposition "
    "kritisierte, das Vorhaben komme viel zu spät und reiche nicht aus.\n"
)


def _jsonl(tmp_path: Path) -> Path:
    """Two pages and two broken records."""
    lines = [
        json.dumps({"id": "a", "url": "https://ex.de/wald", "date": "2024-05-03", "text": PAGE}),
        "{not json",
        json.dumps({"title": "no page"}),
        json.dumps({"id": "b", "html": f"<html><body><article><h1>Wald</h1><p>{PAGE}</p></article></body></html>"}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines), "utf-8")
    return path


@pytest.mark.parametrize("verb", ["extract", "enrich"])
def test_jsonl_input_every_record_accounted_for(tmp_path: Path, verb: str) -> None:
    extra = ["--no-entities"] if verb == "enrich" else []
    result = CliRunner().invoke(load_commands(), [verb, str(_jsonl(tmp_path)), *extra])
    assert result.exit_code == 0, result.output
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(articles) == 2
    assert articles[0]["url"] == "https://ex.de/wald"
    assert "2 articles, 2 rejected (NW102 x1, NW107 x1)" in result.stderr
    if verb == "enrich":
        assert all(a["language"] == "de" for a in articles)


@pytest.mark.parametrize("verb", ["extract", "enrich"])
def test_strict_exits_1_on_rejection(tmp_path: Path, verb: str) -> None:
    result = CliRunner().invoke(load_commands(), [verb, str(_jsonl(tmp_path)), "--strict", "--format", "json"])
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)) == 2  # the JSON array is closed even when the run fails


@pytest.mark.parametrize("verb", ["extract", "enrich"])
def test_date_option_overrides_and_empty_json_array(tmp_path: Path, verb: str) -> None:
    page = tmp_path / "p.txt"
    page.write_text(PAGE, "utf-8")
    runner = CliRunner()
    result = runner.invoke(load_commands(), [verb, str(page), "--date", "2020-02-02", "--format", "json"])
    assert result.exit_code == 0, result.output
    (art,) = json.loads(result.stdout)
    assert art["published"]["value"].startswith("2020-02-02")
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    result = runner.invoke(load_commands(), [verb, str(empty), "--format", "json"])
    assert json.loads(result.stdout) == [] and "rejected" in result.stderr


def test_bad_date_is_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(load_commands(), ["enrich", str(tmp_path), "--date", "yesterday"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
