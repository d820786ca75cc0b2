"""The ``newsweave`` command line: a click group with one verb per stage.

Each verb lives in its own module of this package and registers itself on
:data:`cli`; :func:`main` imports them all. JSON goes to stdout (or ``-o``),
logs and progress to stderr. Exit codes: 0 ok, 1 some inputs rejected under
``--strict``, 2 usage error.
"""

from __future__ import annotations

import importlib
import sys
from datetime import datetime

import click

from newsweave import __version__
from newsweave.errors import NewsweaveError

# Modules that define commands; each is imported by main() and registers on `cli`.
COMMAND_MODULES: list[str] = [
    "newsweave.cli.extract",
    "newsweave.cli.store",
    "newsweave.cli.serve",
    "newsweave.cli.crawl",
    "newsweave.cli.enrich",
    "newsweave.cli.eval",
    "newsweave.cli.stories",
    "newsweave.cli.fetch",
]


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """click callback: an ISO date option, or a usage error."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsweave")
def cli() -> None:
    """newsweave: news pages to structured articles, claims and stories."""


def load_commands() -> click.Group:
    """Import every command module so its verbs are registered; return the group."""
    for name in COMMAND_MODULES:
        importlib.import_module(name)
    return cli


def main() -> None:
    """Entry point of the ``newsweave`` script."""
    group = load_commands()
    try:
        group(standalone_mode=True)
    except NewsweaveError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(2)
