"""Sentence splitting: abbreviations, ordinals, quotes, blank lines."""

from __future__ import annotations

import json

from newsweave.enrich.sentences import load_splitter, split_sentences
from tests.conftest import shared_path

DE, EN = load_splitter("de"), load_splitter("en")


def texts(text: str, splitter) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, splitter)]


def test_german_abbreviations_and_ordinals() -> None:
    text = "Prof. Dr. Meier kam am 12. April nach Wien, z. B. mit dem Zug. Dann fuhr er heim."
    assert texts(text, DE) == ["Prof. Dr. Meier kam am 12. April nach Wien, z. B. mit dem Zug.", "Dann fuhr er heim."]


def test_english_titles_and_quotes() -> None:
    text = '"We won," said Mr. Smith. The U.S. team left on Monday! Was it late?'
    assert texts(text, EN) == ['"We won," said Mr. Smith.', "The U.S. team left on Monday!", "Was it late?"]


def test_blank_line_ends_a_sentence_and_offset_shifts() -> None:
    assert split_sentences("Titel ohne Punkt\n\nErster Satz.", DE, offset=10) == ((10, 26), (28, 40))


def test_golden_page_sentences_match_pysbd(golden_kim) -> None:
    import pysbd

    gold = json.loads((golden_kim / "gold.json").read_text("utf-8"))
    for block in gold["body"]:
        ours = texts(block["text"], DE)
        theirs = [s.strip() for s in pysbd.Segmenter(language="de", clean=False).segment(block["text"])]
        assert ours == theirs
    shared_path("golden")
