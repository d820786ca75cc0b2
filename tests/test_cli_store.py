"""Tests of the ingest, export and stats commands."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.cli import load_commands
from newsweave.store import Store
from tests.storedata import corpus, write_jsonl


@pytest.fixture
def db(tmp_path: Path) -> Path:
    data = write_jsonl(tmp_path / "in.jsonl", corpus(30), bad_lines=1)
    path = tmp_path / "s.db"
    result = CliRunner().invoke(load_commands(), ["ingest", str(data), "--db", str(path), "--parallel", "1"])
    assert result.exit_code == 0, result.output
    assert "30 new articles" in result.output and "rejected NW107: 1" in result.output
    return path


def test_export_jsonl_with_where(db: Path) -> None:
    result = CliRunner().invoke(load_commands(), ["export", "--db", str(db), "--where", "site=zeitung1.example"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["site"] == "zeitung1.example" for r in rows)


def test_export_csv_has_duplicate_columns(db: Path) -> None:
    result = CliRunner().invoke(
        load_commands(), ["export", "--db", str(db), "--format", "csv", "--where", "relation=near"]
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(r["relation"] == "near" and r["canonical_id"] for r in rows)


def test_export_parquet(db: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "a.parquet"
    result = CliRunner().invoke(load_commands(), ["export", "--db", str(db), "--format", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == 30


@pytest.mark.parametrize("where", ["site=x' OR 1=1 --", "1=1", "json=1", "site"])
def test_where_is_validated_or_bound(db: Path, where: str) -> None:
    result = CliRunner().invoke(load_commands(), ["export", "--db", str(db), "--where", where])
    assert result.exit_code == 2 or result.stdout == ""  # bad field -> usage error; odd value -> no match


def test_stats_json(db: Path) -> None:
    result = CliRunner().invoke(load_commands(), ["stats", "--db", str(db), "--json"])
    stats = json.loads(result.stdout)
    assert stats["articles"] == 30 and stats["rejections"] == {"NW107": 1} and stats["dup_groups"] > 0


def test_foreign_db_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("my shopping list\n")
    for args in (["stats", "--db", str(bad)], ["ingest", str(bad), "--db", str(bad)]):
        result = CliRunner().invoke(load_commands(), args)
        assert result.exit_code == 2
        assert "NW401" in result.output and "Traceback" not in result.output


def test_ingest_engine_dask_gives_the_same_store_as_local(tmp_path: Path) -> None:
    """`ingest --engine dask` runs the stages on a real local Dask cluster, then loads the shards."""
    pytest.importorskip("distributed")
    samples = Path(__file__).resolve().parents[1] / "samples" / "html"
    runner, cli = CliRunner(), load_commands()
    common = ["--no-entities", "--no-stories", "--quiet"]
    local = runner.invoke(cli, ["ingest", str(samples), "--db", str(tmp_path / "local.db"), *common])
    assert local.exit_code == 0, local.output
    dask = runner.invoke(cli, ["ingest", str(samples), "--db", str(tmp_path / "dask.db"), "--engine", "dask",
                               "--workers", "2", *common])  # fmt: skip
    assert dask.exit_code == 0, dask.output
    ids = {}
    for name in ("local", "dask"):
        with Store.open(tmp_path / f"{name}.db") as store:
            ids[name] = sorted(r[0] for r in store.conn.execute("SELECT id FROM articles"))
    assert ids["dask"] == ids["local"] and len(ids["local"]) == 6
    again = runner.invoke(cli, ["ingest", str(samples), "--db", str(tmp_path / "dask.db"), "--engine", "dask",
                                "--workers", "2", *common])  # fmt: skip
    assert again.exit_code == 0, again.output


def test_dask_only_options_need_the_dask_engine(tmp_path: Path) -> None:
    res = CliRunner().invoke(load_commands(), ["ingest", "x", "--db", str(tmp_path / "s.db"), "--workers", "2"])
    assert res.exit_code == 2 and "--engine dask" in res.output
