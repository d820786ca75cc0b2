"""``newsweave enrich``: pages to enriched articles (entities, time expressions, claims)."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import datetime
from typing import IO, Any

import click

from newsweave.cli import cli, parse_date
from newsweave.cli.extract import _write, run_extract
from newsweave.errors import NewsweaveError, Rejected
from newsweave.model import Article
from newsweave.readers import RawDoc
from newsweave.readers.files import read_files
from newsweave.settings import load_settings


@cli.command("enrich")
@click.argument("paths", nargs=-1, required=True)
@click.option("--input-format", type=click.Choice(["auto", "text", "html"]), default="auto", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="jsonl", show_default=True)
@click.option(
    "-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default stdout)."
)
@click.option("--date", callback=parse_date, help="Publication date YYYY-MM-DD, the reference for relative dates.")
@click.option("--lang", help="Language code to assume when the page does not tell.")
@click.option("--ner-model", help="An installed spaCy pipeline (e.g. de_core_news_lg) for entities.")
@click.option("--no-entities", is_flag=True, help="Skip entity recognition.")
@click.option("--strict", is_flag=True, help="Exit 1 if any input was rejected.")
def enrich_cmd(paths: tuple[str, ...], output: IO[str], **opts: Any) -> None:
    """Extract and enrich pages: files, directories, - for stdin, .gz too."""
    from newsweave.enrich import enrich, load_enrich_models

    overrides = {"ner_model": opts["ner_model"], "entities": False if opts["no_entities"] else None}
    cfg = load_settings(enrich=overrides).enrich
    models = load_enrich_models(cfg)
    date: datetime | None = opts["date"]
    fmt: str = opts["fmt"]
    raws = (
        RawDoc(r.source, r.data, r.input_format, r.url, date or r.date) if isinstance(r, RawDoc) else r
        for r in read_files(paths, input_format=opts["input_format"])
    )
    reasons: Counter[str] = Counter()
    output.write("[\n" if fmt == "json" else "")
    n = 0
    for extracted in run_extract(raws, language=opts["lang"]):
        item: Article | Rejected = extracted
        if isinstance(extracted, Article):
            try:
                item = enrich(extracted, cfg, models)
            except NewsweaveError as err:
                item = Rejected.from_error(extracted.source, "enrich", err)
        if isinstance(item, Rejected):
            reasons[item.code] += 1
            click.echo(f"rejected {item.source}: {item.code} {item.message}", err=True)
            continue
        _write(item, fmt, output, n == 0)
        n += 1
    output.write("\n]\n" if fmt == "json" else "")
    if opts["strict"] and reasons:
        sys.exit(1)
