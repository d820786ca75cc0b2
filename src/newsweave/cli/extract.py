"""``newsweave extract``: pages to articles as JSONL, JSON, Markdown or text."""

from __future__ import annotations

from datetime import datetime
from typing import IO

import click

from newsweave.cli import cli
from newsweave.cli.pages import ArticleWriter, echo_rejection, page_options, read_pages, report
from newsweave.errors import Rejected
from newsweave.model import Article
from newsweave.readers.files import iter_files
from newsweave.readers.warc import is_warc_name
from newsweave.runner import RunStats, run
from newsweave.settings import load_settings

FORMATS = ("jsonl", "json", "markdown", "text")  # the first is the default


def render_markdown(article: Article) -> str:
    """A readable Markdown rendering of an article (title, lead, body, parts)."""
    out = [f"# {article.title}" if article.title else "# (untitled)", ""]
    meta = [
        f"{k}: {v}"
        for k, v in (
            ("source", article.source),
            ("published", article.published.value.date().isoformat() if article.published else None),
            ("agencies", ", ".join(article.agencies) or None),
            ("authors", ", ".join(article.authors) or None),
        )
        if v
    ]
    out += [f"_{' · '.join(meta)}_", ""] if meta else []
    if article.lead:
        out += [f"**{article.lead}**", ""]
    for block in article.body:
        prefix = {"heading": "## ", "quote": "> ", "list_item": "- "}.get(block.kind, "")
        out += [prefix + block.text, ""]
    for image in article.images:
        out += [f"![{image.caption or ''}]() _{image.credit or ''}_", ""]
    if article.related:
        out += ["---", "Related:", ""] + [f"- {r.title}" for r in article.related] + [""]
    return "\n".join(out)


def _count_pages(paths: tuple[str, ...]) -> int | None:
    """Number of input files when every input is a plain page file (for the ETA), else None."""
    if "-" in paths:
        return None
    n = 0
    for item in iter_files(paths):
        if isinstance(item, Rejected) or is_warc_name(str(item)) or ".jsonl" in item.name:
            return None
        n += 1
    return n


def render_text(article: Article) -> str:
    """The title and main text, for reading or piping into other tools."""
    return (f"{article.title}\n\n" if article.title else "") + article.text + "\n"


RENDERERS = {"markdown": render_markdown, "text": render_text}


@cli.command("extract")
@page_options(FORMATS, "Publication date YYYY-MM-DD, used when the page has none.")
@click.option("--url", help="URL of the page (single input).")
@click.option("--parallel", type=click.IntRange(1, 256), default=1, show_default=True, help="Worker processes.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when it is a TTY).")
def extract_cmd(  # noqa: PLR0913, PLR0917  (one parameter per click option)
    paths: tuple[str, ...],
    input_format: str,
    fmt: str,
    output: IO[str],
    date: datetime | None,
    lang: str | None,
    strict: bool,
    url: str | None,
    parallel: int,
    progress: bool | None,
) -> None:
    """Extract articles from pages: HTML/text files, directories, WARC(.gz), JSONL(.gz), - for stdin."""
    settings = load_settings(extract={"language": lang, "input_format": input_format}).extract
    raws = read_pages(paths, settings, url=url, date=date)
    stats = RunStats()
    total = _count_pages(paths) if progress is not False else None
    with ArticleWriter(output, fmt, RENDERERS.get(fmt)) as writer:
        for item in run(raws, settings, parallel=parallel, stats=stats, progress=progress, total=total):
            if isinstance(item, Rejected):
                echo_rejection(item)
            else:
                writer.write(item)
    report(stats, strict=strict)
