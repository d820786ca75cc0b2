"""The golden page ../shared/golden/presse-kim-putin through the text-mode extractor.

Nothing here is specific to the page: it runs the same ``extract`` every page
gets and compares with the hand-made gold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.extractors import extract
from newsweave.model import Article, normalise_ws
from newsweave.readers import RawDoc
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def gold_and_article() -> tuple[dict[str, object], Article]:
    case = shared_path("golden", "presse-kim-putin")
    gold = json.loads((case / "gold.json").read_text("utf-8"))
    raw = RawDoc(source=str(case / "page.txt"), data=(case / "page.txt").read_bytes(), input_format="text")
    return gold, extract(raw)


def test_title_and_lead(gold_and_article: tuple[dict[str, object], Article]) -> None:
    gold, article = gold_and_article
    assert article.title == gold["title"]
    assert article.lead is not None and normalise_ws(article.lead) == normalise_ws(str(gold["lead"]))


def test_body_blocks_exactly(gold_and_article: tuple[dict[str, object], Article]) -> None:
    gold, article = gold_and_article
    expected = [(b["kind"], normalise_ws(b["text"])) for b in gold["body"]]  # type: ignore[attr-defined]
    assert [(b.kind, normalise_ws(b.text)) for b in article.body] == expected
    assert ("heading", "Letztes Treffen im Jahr 2011") in [(b.kind, b.text) for b in article.body]


def test_agencies(gold_and_article: tuple[dict[str, object], Article]) -> None:
    gold, article = gold_and_article
    assert list(article.agencies) == gold["agencies"]


def test_one_image_with_caption_and_credit_apart(gold_and_article: tuple[dict[str, object], Article]) -> None:
    gold, article = gold_and_article
    assert [{"caption": i.caption, "credit": i.credit} for i in article.images] == gold["images"]


def test_related_teasers_with_all_four_fields(gold_and_article: tuple[dict[str, object], Article]) -> None:
    gold, article = gold_and_article
    got = [
        {"section": r.section, "title": r.title, "teaser": r.teaser, "image_caption": r.image_caption}
        for r in article.related
    ]
    assert got == gold["related"]


def test_no_furniture_or_teaser_in_text(gold_and_article: tuple[dict[str, object], Article]) -> None:
    gold, article = gold_and_article
    text = normalise_ws(article.text)
    for line in gold["boilerplate"]:  # type: ignore[attr-defined]
        assert normalise_ws(line.lstrip("• ")) not in text
    for card in gold["related"]:  # type: ignore[attr-defined]
        for value in card.values():
            assert normalise_ws(value) not in text
    assert "imago" not in text
    kinds = {f.text: f.kind for f in article.furniture}
    assert kinds["Drucken"] == "share"
    assert kinds["Dieser Browser wird nicht mehr unterstützt"] == "notice"


def test_page_is_not_warned_about(gold_and_article: tuple[dict[str, object], Article]) -> None:
    _, article = gold_and_article
    assert "paywalled" not in article.warnings and "truncated" not in article.warnings


def test_source_is_the_page(gold_and_article: tuple[dict[str, object], Article]) -> None:
    _, article = gold_and_article
    assert Path(article.source).name == "page.txt"
