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


def test_to_dict_validates_against_the_shipped_json_schema() -> None:
    import json
    from importlib.resources import files

    import jsonschema

    schema = json.loads(files("newsweave").joinpath("data/article.schema.json").read_text("utf-8"))
    jsonschema.validate(_article().to_dict(), schema)
    bad = _article().to_dict()
    bad["body"][0]["kind"] = "sidebar"
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("a block kind outside the model was accepted")


def test_extracted_samples_validate_against_the_schema() -> None:
    import json
    from importlib.resources import files

    import jsonschema

    import newsweave
    from tests.conftest import SAMPLES

    schema = json.loads(files("newsweave").joinpath("data/article.schema.json").read_text("utf-8"))
    for path in sorted(SAMPLES.rglob("*.*")):
        if path.suffix in {".txt", ".html"}:
            article = newsweave.extract(path.read_bytes(), source=str(path))
            jsonschema.validate(json.loads(article.to_json()), schema)
