"""``newsweave enrich``: pages to enriched articles (entities, time expressions, claims)."""

from __future__ import annotations

from datetime import datetime
from typing import IO

import click

from newsweave.cli import cli
from newsweave.cli.pages import ArticleWriter, echo_rejection, page_options, read_pages, report
from newsweave.errors import NewsweaveError, Rejected
from newsweave.model import Article
from newsweave.runner import RunStats, run
from newsweave.settings import load_settings


@cli.command("enrich")
@page_options(("jsonl", "json"), "Publication date YYYY-MM-DD, the reference for relative dates.")
@click.option("--ner-model", help="An installed spaCy pipeline (e.g. de_core_news_lg) for entities.")
@click.option("--no-entities", is_flag=True, help="Skip entity recognition.")
def enrich_cmd(  # noqa: PLR0913, PLR0917  (one parameter per click option)
    paths: tuple[str, ...],
    input_format: str,
    fmt: str,
    output: IO[str],
    date: datetime | None,
    lang: str | None,
    strict: bool,
    ner_model: str | None,
    no_entities: bool,
) -> None:
    """Extract and enrich pages: HTML/text files, directories, WARC(.gz), JSONL(.gz), - for stdin."""
    from newsweave.enrich import enrich, load_enrich_models

    settings = load_settings(
        extract={"language": lang, "input_format": input_format},
        enrich={"ner_model": ner_model, "entities": False if no_entities else None},
    )
    models = load_enrich_models(settings.enrich)
    stats = RunStats()
    with ArticleWriter(output, fmt) as writer:
        for extracted in run(read_pages(paths, settings.extract, date=date), settings.extract, progress=False):
            item: Article | Rejected = extracted
            if isinstance(extracted, Article):
                try:
                    item = enrich(extracted, settings.enrich, models)
                except NewsweaveError as err:
                    item = Rejected.from_error(extracted.source, "enrich", err)
            stats.add(item)
            if isinstance(item, Rejected):
                echo_rejection(item)
            else:
                writer.write(item)
    report(stats, strict=strict)
