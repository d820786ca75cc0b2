from datetime import datetime

from newsweave.model import Article, Block, Image, Published, Related, content_id, join_text


def _article() -> Article:
    body = (Block("paragraph", "Erster Absatz.", 10, 24), Block("heading", "Zwischentitel", 26, 39))
    text = join_text("Der Vorspann.", body)
    return Article(
        id=content_id(None, "Titel", text),
        source="x.txt",
        text=text,
        title="Titel",
        lead="Der Vorspann.",
        body=body,
        agencies=("APA", "AFP"),
        images=(Image("Ein Bild", "imago/ZUMA Press"),),
        related=(Related("Anderer Artikel", "Teaser.", "Außenpolitik", "Bildtext"),),
        published=Published(datetime(2019, 4, 23), "given"),
    )


def test_json_round_trip_is_lossless() -> None:
    article = _article()
    again = Article.from_json(article.to_json())
    assert again == article
    assert again.to_json() == article.to_json()


def test_text_is_lead_and_blocks_joined_by_blank_lines() -> None:
    assert _article().text == "Der Vorspann.\n\nErster Absatz.\n\nZwischentitel"


def test_content_id_ignores_whitespace_but_not_content() -> None:
    assert content_id("u", "t", "a  b\n c") == content_id("u", "t", "a b c")
    assert content_id("u", "t", "a b c") != content_id("u", "t", "a b d")
