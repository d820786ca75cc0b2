"""What the page-reading verbs share: their input options, reading, output and rejection report.

``newsweave extract`` and ``newsweave enrich`` take the same inputs (files, directories,
WARC, JSONL, ``.gz``, ``-`` for stdin) and write the same shapes (a JSON array or one
object per line). :func:`page_options` declares those options once; :func:`read_pages`
streams the raw documents with the command line's overrides; :class:`ArticleWriter`
writes articles; :func:`report` prints the run's summary and turns ``--strict`` into
exit code 1.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import IO, Any, TypeVar

import click

from newsweave.cli import parse_date
from newsweave.errors import Rejected
from newsweave.model import Article
from newsweave.readers import RawDoc
from newsweave.readers.dispatch import read_inputs
from newsweave.runner import RunStats
from newsweave.settings import ExtractSettings

F = TypeVar("F", bound=Callable[..., Any])

# Rejections that are deliberate skips (WARC request/metadata records): counted, never printed,
# and no reason for --strict to fail.
SKIP_CODES = frozenset({"NW108"})


def page_options(formats: tuple[str, ...], date_help: str) -> Callable[[F], F]:
    """The arguments and options every page-reading verb takes.

    Args:
        formats: the ``--format`` choices; the first is the default.
        date_help: what ``--date`` means for this verb.

    Returns:
        A decorator adding ``paths``, ``--input-format``, ``--format`` (as ``fmt``), ``-o``,
        ``--date``, ``--lang`` and ``--strict`` to a click command.
    """
    decorators = [
        click.argument("paths", nargs=-1, required=True),
        click.option("--input-format", type=click.Choice(["auto", "text", "html"]), default="auto", show_default=True),
        click.option("--format", "fmt", type=click.Choice(formats), default=formats[0], show_default=True),
        click.option(
            "-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default stdout)."
        ),
        click.option("--date", callback=parse_date, help=date_help),
        click.option("--lang", help="Language code to assume when the page does not tell."),
        click.option("--strict", is_flag=True, help="Exit 1 if any input was rejected."),
    ]

    def apply(func: F) -> F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


def read_pages(
    paths: tuple[str, ...], settings: ExtractSettings, *, url: str | None = None, date: datetime | None = None
) -> Iterator[RawDoc | Rejected]:
    """Raw documents from the inputs, with the command line's ``--url`` and ``--date`` applied.

    A page's own URL and date (from a WARC record or a JSONL field) yield to the options
    only where the options are given: ``--url`` names the one page the user passed,
    ``--date`` is the reference date the user vouches for.
    """
    for item in read_inputs(paths, settings):
        if isinstance(item, RawDoc) and (url or date):
            yield replace(item, url=url or item.url, date=date or item.date)
        else:
            yield item


@dataclass
class ArticleWriter:
    """Writes articles as JSONL, a JSON array, or a text rendering (``render``)."""

    out: IO[str]
    fmt: str
    render: Callable[[Article], str] | None = None
    count: int = 0

    def __enter__(self) -> ArticleWriter:
        if self.fmt == "json":
            self.out.write("[\n")
        return self

    def write(self, article: Article) -> None:
        """Write one article in the chosen format."""
        if self.fmt == "jsonl":
            self.out.write(article.to_json() + "\n")
        elif self.fmt == "json":
            self.out.write(("" if self.count == 0 else ",\n") + article.to_json(indent=2))
        else:
            assert self.render is not None, f"no renderer for format {self.fmt}"
            self.out.write(("" if self.count == 0 else "\n\n") + self.render(article))
        self.count += 1

    def __exit__(self, *exc: object) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n")


def echo_rejection(item: Rejected) -> None:
    """Print one rejection on stderr, unless it is a deliberate skip."""
    if item.code not in SKIP_CODES:
        click.echo(f"rejected {item.source}: {item.code} {item.message}", err=True)


def report(stats: RunStats, *, strict: bool) -> None:
    """Print the run's summary on stderr; exit 1 under ``--strict`` when a page was rejected."""
    reasons = stats.rejected
    if reasons:
        summary = ", ".join(f"{code} x{k}" for code, k in sorted(reasons.items()))
        click.echo(f"{stats.articles} articles, {sum(reasons.values())} rejected ({summary})", err=True)
    if strict and any(code not in SKIP_CODES for code in reasons):
        sys.exit(1)
