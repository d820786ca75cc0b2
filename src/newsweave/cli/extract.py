"""``newsweave extract``: pages to articles as JSONL, JSON, Markdown or text."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

import click

from newsweave.cli import cli, parse_date
from newsweave.errors import Rejected
from newsweave.model import Article
from newsweave.readers import RawDoc
from newsweave.readers.dispatch import read_inputs
from newsweave.readers.files import iter_files
from newsweave.readers.warc import is_warc_name
from newsweave.runner import RunStats, run
from newsweave.settings import load_settings

FORMATS = ("json", "jsonl", "markdown", "text")


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


def _write(article: Article, fmt: str, out: IO[str], first: bool) -> None:
    if fmt == "jsonl":
        out.write(article.to_json() + "\n")
    elif fmt == "json":
        out.write(("" if first else ",\n") + article.to_json(indent=2))
    elif fmt == "markdown":
        out.write(("" if first else "\n\n") + render_markdown(article))
    else:
        out.write(("" if first else "\n\n") + (f"{article.title}\n\n" if article.title else "") + article.text + "\n")


def run_extract(raws: Iterator[RawDoc | Rejected], **cfg: Any) -> Iterator[Article | Rejected]:
    """Extract each RawDoc; readers' rejections and extraction errors pass through as Rejected."""
    yield from run(raws, load_settings(extract=cfg).extract, progress=False)


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


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--input-format", type=click.Choice(["auto", "text", "html"]), default="auto", show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option(
    "-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default stdout)."
)
@click.option("--date", callback=parse_date, help="Publication date YYYY-MM-DD, used when the page has none.")
@click.option("--lang", help="Language code to assume when the page does not tell.")
@click.option("--url", help="URL of the page (single input).")
@click.option("--strict", is_flag=True, help="Exit 1 if any input was rejected.")
@click.option("--parallel", type=click.IntRange(1, 256), default=1, show_default=True, help="Worker processes.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when it is a TTY).")
def extract_cmd(  # noqa: PLR0913, PLR0917  (one parameter per click option)
    paths: tuple[str, ...],
    input_format: str,
    fmt: str,
    output: IO[str],
    date: datetime | None,
    lang: str | None,
    url: str | None,
    strict: bool,
    parallel: int,
    progress: bool | None,
) -> None:
    """Extract articles from pages: HTML/text files, directories, WARC(.gz), JSONL(.gz), - for stdin."""
    settings = load_settings(extract={"language": lang, "input_format": input_format}).extract
    raws = (
        RawDoc(r.source, r.data, r.input_format, url or r.url, date or r.date, r.content_type, r.provenance)
        if isinstance(r, RawDoc)
        else r
        for r in read_inputs(paths, settings)
    )
    if fmt == "json":
        output.write("[\n")
    n = 0
    stats = RunStats()
    total = _count_pages(paths) if progress is not False else None
    for item in run(raws, settings, parallel=parallel, stats=stats, progress=progress, total=total):
        if isinstance(item, Rejected):
            if item.code != "NW108":  # deliberate skips (WARC request records...) are only counted
                click.echo(f"rejected {item.source}: {item.code} {item.message}", err=True)
            continue
        _write(item, fmt, output, n == 0)
        n += 1
    if fmt == "json":
        output.write("\n]\n")
    reasons = stats.rejected
    if reasons:
        summary = ", ".join(f"{code} x{k}" for code, k in sorted(reasons.items()))
        click.echo(f"{n} articles, {sum(reasons.values())} rejected ({summary})", err=True)
    if strict and any(code != "NW108" for code in reasons):
        sys.exit(1)
