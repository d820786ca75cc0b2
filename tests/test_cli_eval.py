"""Tests of ``newsweave eval ner`` (newsweave.cli.eval)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.cli import load_commands

# Sentences written for this test, with BIO tags.
RECORDS = [
    {
        "id": "t-00001",
        "lang": "de",
        "tokens": ["Angela", "Merkel", "besuchte", "Berlin", "."],
        "tags": ["B-PER", "I-PER", "O", "B-LOC", "O"],
    },
    {
        "id": "t-00002",
        "lang": "de",
        "tokens": ["Der", "Kreml", "schwieg", "zu", "Wladiwostok", "."],
        "tags": ["O", "B-ORG", "O", "O", "B-LOC", "O"],
    },
]


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in RECORDS)
    return path


def test_eval_ner_table(gold: Path) -> None:
    result = CliRunner().invoke(load_commands(), ["eval", "ner", "--data", str(gold)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["type", "gold", "pred", "P", "R", "F1"]
    all_row = next(line.split() for line in lines if line.startswith("ALL"))
    assert all_row[1] == "4"  # four gold entities
    assert 0.0 <= float(all_row[5]) <= 1.0


def test_eval_ner_json_counts_match_the_data(gold: Path) -> None:
    result = CliRunner().invoke(
        load_commands(), ["eval", "ner", "--data", str(gold), "--format", "json", "--lang", "de"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    overall = next(s for s in out["scores"] if s["label"] == "ALL")
    assert overall["tp"] + overall["fn"] == 4
    assert out["lang"] == "de"


def test_eval_ner_with_a_model_file(gold: Path) -> None:
    from newsweave.enrich.ner.model import model_path

    args = ["eval", "ner", "--data", str(gold), "--model", str(model_path("de")), "--format", "json"]
    result = CliRunner().invoke(load_commands(), args)
    assert result.exit_code == 0, result.output


def test_eval_ner_bad_record_is_a_coded_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"tokens": ["a", "b"], "tags": ["O"]}\n', "utf-8")
    result = CliRunner().invoke(load_commands(), ["eval", "ner", "--data", str(bad), "--lang", "de"])
    assert result.exit_code != 0
    assert "NW107" in str(result.exception) + result.output


def test_eval_group_is_reusable() -> None:
    from newsweave.cli.eval import eval_group

    assert "ner" in eval_group.commands
