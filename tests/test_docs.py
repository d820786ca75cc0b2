"""Docs are tested: every error code is documented (sqlite-utils test_docs.py style)."""

from __future__ import annotations

import re

from newsweave.errors import MESSAGES
from tests.conftest import ROOT


def test_every_error_code_is_documented() -> None:
    documented = set(re.findall(r"^\| (NW\d{3}) \|", (ROOT / "docs" / "errors.md").read_text("utf-8"), re.M))
    assert set(MESSAGES) <= documented, sorted(set(MESSAGES) - documented)


def test_cli_reference_is_current() -> None:
    """docs/cli.md equals what tools/gen_cli_docs.py writes (in its own process: click caches
    each command's help option, so an earlier test's direct invocation must not leak in)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_cli_docs.py"), "--check"], check=False)
    assert done.returncode == 0, "docs/cli.md is stale: run `make docs`"


def test_every_command_is_in_the_readme_or_cli_docs() -> None:
    import click

    from newsweave.cli import load_commands

    group = load_commands()
    ctx = click.Context(group)
    docs = (ROOT / "docs" / "cli.md").read_text("utf-8")
    for name in group.list_commands(ctx):
        assert f"`newsweave {name}`" in docs
