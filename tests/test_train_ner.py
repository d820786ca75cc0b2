"""Tests for the NER training tool's self-training data (tools/train_ner.py), on text written here."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    sys.path.insert(0, str(TOOLS))
    try:
        import train_ner

        return train_ner
    finally:
        sys.path.remove(str(TOOLS))


def _page(root: Path, name: str, lang: str, gold: dict[str, object], text: str | None = None) -> dict[str, str]:
    folder = root / "bench" / "extraction" / "dev" / "set" / name
    folder.mkdir(parents=True)
    (folder / "gold.json").write_text(json.dumps(gold), "utf-8")
    if text is not None:
        (folder / "page.txt").write_text(text, "utf-8")
    return {"id": name, "lang": lang, "path": f"set/{name}"}


def test_silver_candidates_keep_prose_sentences_of_german_pages(tool: ModuleType, tmp_path: Path) -> None:
    """German bodies (gold body, else page.txt) give unique prose sentences; menus, English and excluded go."""
    body = (
        "Die Stadt Hameln plant einen neuen Radweg entlang der Weser. Der Rat stimmt am Montag ab.\n"
        "Startseite | Politik | Sport\n"
        "Die Stadt Hameln plant einen neuen Radweg entlang der Weser.\n"
        "Ein Satz, den der Test ausschließt, steht auch hier."
    )
    pages = [
        _page(tmp_path, "a", "de", {"body": body}),
        _page(tmp_path, "b", "de", {"body": None}, "Im Landkreis Goslar regnet es seit drei Tagen ohne Pause."),
        _page(tmp_path, "c", "en", {"body": "The council of Hameln votes on a new cycle path on Monday."}),
    ]
    manifest = tmp_path / "bench" / "extraction" / "dev" / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(p) + "\n" for p in pages), "utf-8")
    exclude = {("Ein", "Satz", ",", "den", "der", "Test", "ausschließt", ",", "steht", "auch", "hier", ".")}
    found = [" ".join(words) for words in tool.silver_candidates(tmp_path, exclude)]
    assert found == [
        "Die Stadt Hameln plant einen neuen Radweg entlang der Weser .",
        "Der Rat stimmt am Montag ab .",
        "Im Landkreis Goslar regnet es seit drei Tagen ohne Pause .",
    ]


def test_folds_by_last_digit_or_by_tens(tool: ModuleType) -> None:
    """The two fold splits put the same record in different folds; neither uses the held-out tenth."""
    record = {"id": "germeval2014-dev-00047"}
    assert tool._fold(record, 3, "last-digit") == 7 % 3
    assert tool._fold(record, 3, "tens") == 4 % 3
