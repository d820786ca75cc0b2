"""``newsweave crawl`` and ``newsweave load`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsweave.cli import load_commands
from newsweave.shards import finished
from tests.conftest import SAMPLES


def test_crawl_resumes_and_load_dedupes(tmp_path: Path) -> None:
    cli = load_commands()
    out, db = str(tmp_path / "shards"), str(tmp_path / "nw.db")
    args = ["crawl", str(SAMPLES / "html"), "--out", out, "--no-enrich", "--partition-mb", "0.01"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout.strip().splitlines()[-1])
    n_pages = len(list((SAMPLES / "html").glob("*.html")))
    assert report["records"] == n_pages == report["articles"] + report["rejections"]
    assert report["partitions"] == len(finished(out)) > 1
    again = json.loads(CliRunner().invoke(cli, args).stdout.strip().splitlines()[-1])
    assert again["skipped"] == report["partitions"] and again["records"] == 0
    loaded = CliRunner().invoke(cli, ["load", out, "--db", db])
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.stdout.strip().splitlines()[-1])["articles"] == report["articles"]


def test_workers_without_dask_engine_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(load_commands(), ["crawl", str(SAMPLES), "--out", str(tmp_path), "--workers", "2"])
    assert result.exit_code == 2
