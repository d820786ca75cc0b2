"""``newsweave ingest``, ``export`` and ``stats``: the corpus store from the command line."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import IO, Any

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from newsweave.cli import cli
from newsweave.errors import NewsweaveError
from newsweave.ingest import IngestSettings, IngestSummary, ingest, input_bytes
from newsweave.settings import load_settings
from newsweave.store import Store

DB_OPTION = click.option("--db", default="newsweave.db", show_default=True, help="Store file (SQLite).")
# Columns of CSV/Parquet export and the fields --where may filter on.
FLAT_COLUMNS = (
    "id", "url", "site", "title", "lead", "text", "language", "published", "published_source",
    "section", "authors", "agencies", "source", "dup_group", "canonical_id", "relation",
)  # fmt: skip
WHERE_FIELDS = {
    "id": "a.id", "url": "a.url", "site": "a.site", "title": "a.title", "language": "a.language",
    "published": "a.published", "section": "a.section", "source": "a.source", "run": "a.run_id",
    "dup_group": "m.group_id", "relation": "m.relation",
}  # fmt: skip
_WHERE = re.compile(r"^\s*(\w+)\s*(=|!=|>=|<=|>|<|~)\s*(.*?)\s*$")
_OPS = {"=": "= ?", "!=": "!= ?", ">=": ">= ?", "<=": "<= ?", ">": "> ?", "<": "< ?", "~": "LIKE ?"}


def parse_where(clauses: tuple[str, ...]) -> tuple[str, list[str]]:
    """``field OP value`` filters to an SQL condition with bound parameters (no injection).

    Fields are a fixed list (``WHERE_FIELDS``); ``~`` is a substring match.

    Raises:
        click.BadParameter: unknown field or malformed clause.
    """
    conds, params = [], []
    for clause in clauses:
        m = _WHERE.match(clause)
        if not m or m.group(1) not in WHERE_FIELDS:
            known = ", ".join(sorted(WHERE_FIELDS))
            raise click.BadParameter(f"{clause!r}: expected FIELD OP VALUE with FIELD in {known}", param_hint="--where")
        name, op, value = m.groups()
        conds.append(f"{WHERE_FIELDS[name]} {_OPS[op]}")
        params.append(f"%{value}%" if op == "~" else value)
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def _open(db: str, *, create: bool) -> Store:
    try:
        return Store.open(db, create=create)
    except NewsweaveError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(2)


def _print_summary(summary: IngestSummary, console: Console) -> None:
    c = summary.counts
    console.print(
        f"[bold]{c['articles']}[/] new articles, {c['exact'] + c['near']} duplicates "
        f"({c['exact']} exact, {c['near']} near), {c['versions']} new versions, "
        f"{c['already_stored']} already stored, {c['skipped']} unchanged records skipped, "
        f"{c['rejected']} rejected"
    )
    for code, n in sorted(summary.rejections.items()):
        console.print(f"  rejected {code}: {n}")


def _stories(store: Store, console: Console) -> None:
    """Attach the articles no story holds yet to stories (incremental: only new articles are clustered)."""
    from newsweave.stories.persist import update_stories

    done = update_stories(store)
    console.print(
        f"stories: {done.added} articles clustered, {done.new_stories} new stories, "
        f"{done.touched_stories} stories updated"
    )


def _ingest_settings(opts: dict[str, Any]) -> IngestSettings:
    """Run settings from the ``ingest`` options (settings file and environment underneath)."""
    settings = load_settings(extract={"language": opts["lang"]}, enrich={"entities": opts["entities"]})
    cfg = IngestSettings(
        extract=settings.extract, commit_every=opts["commit_every"], enrich=settings.enrich if opts["enrich"] else None
    )
    return replace(cfg, parallel=opts["parallel"]) if opts["parallel"] else cfg


@cli.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@DB_OPTION
@click.option("--parallel", type=click.IntRange(1, 256), help="Extraction processes (default: CPU count).")
@click.option("--commit-every", type=click.IntRange(1), default=500, show_default=True, help="Records per commit.")
@click.option("--lang", help="Language code to assume when a page does not tell.")
@click.option(
    "--enrich/--no-enrich", default=True, show_default=True, help="Entities, claims, time expressions per article."
)
@click.option("--entities/--no-entities", default=None, help="Entity recognition when enriching (default: on).")
@click.option("--stories/--no-stories", default=True, show_default=True, help="Update stories after the ingest.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
    help="dask: extract and enrich on a Dask cluster into Parquet shards (--out), then load them here.",
)  # fmt: skip
@click.option("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 (with --engine dask).")
@click.option("--workers", type=click.IntRange(1, 4096), help="Local Dask workers when no --scheduler.")
@click.option("--out", help="Shard directory or fsspec URL for --engine dask (default: DB.shards); reruns resume.")
def ingest_cmd(inputs: tuple[str, ...], db: str, quiet: bool, **opts: Any) -> None:
    """Read, extract, enrich, dedupe and store pages (files, directories, WARC, JSONL); resumable; then stories."""
    console = Console(stderr=True)
    if opts["engine"] == "dask":
        _ingest_dask(inputs, db, opts, console)
        return
    if opts["scheduler"] or opts["workers"] or opts["out"]:
        raise click.UsageError("--scheduler, --workers and --out need --engine dask")
    cfg = _ingest_settings(opts)
    store = _open(db, create=True)
    columns = (
        TextColumn("[bold]ingest"), BarColumn(), DownloadColumn(), TextColumn("{task.fields[articles]} articles"),
        TextColumn("{task.fields[rate]:.0f}/s"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
    )  # fmt: skip
    with store:
        with Progress(*columns, console=console, disable=quiet, transient=False) as bar:
            task = bar.add_task("ingest", total=input_bytes(inputs) or None, articles=0, rate=0.0)

            def on_progress(done: int, summary: IngestSummary) -> None:
                n = summary.counts["read"]
                if n % 50 == 0:
                    elapsed = bar.tasks[0].elapsed or 0.0
                    bar.update(task, completed=done, articles=summary.counts["articles"], rate=n / max(elapsed, 1e-6))

            summary = ingest(list(inputs), store, cfg, on_progress)
            bar.update(task, completed=bar.tasks[0].total or 0, articles=summary.counts["articles"])
        _print_summary(summary, console)
        if opts["stories"]:
            _stories(store, console)


def _ingest_dask(inputs: tuple[str, ...], db: str, opts: dict[str, Any], console: Console) -> None:
    """The same stages on Dask (``newsweave crawl``), then the shards loaded here (dedup), then stories."""
    from newsweave.backends import CrawlSettings, run
    from newsweave.shards import load_into

    cfg = _ingest_settings(opts)
    out = opts["out"] or f"{db}.shards"
    report = run(list(inputs), out, CrawlSettings(extract=cfg.extract, enrich=cfg.enrich), engine="dask",
                 scheduler=opts["scheduler"], workers=opts["workers"])  # fmt: skip
    console.print(f"dask: {report.to_dict()}")
    with _open(db, create=True) as store:
        summary = load_into([out], store)
        _print_summary(summary, console)
        if opts["stories"]:
            _stories(store, console)


def _rows(store: Store, where: str, params: list[str]) -> Iterator[tuple[Any, ...]]:
    sql = (
        "SELECT a.json, m.group_id, g.canonical_id, m.relation FROM articles a"
        " LEFT JOIN dup_members m ON m.article_id = a.id LEFT JOIN dup_groups g ON g.id = m.group_id"
        f"{where} ORDER BY a.seq"
    )
    try:
        yield from store.conn.execute(sql, params)
    except Exception as exc:
        raise NewsweaveError("NW901", what=f"export failed: {exc}") from None


def _flat(article: dict[str, Any], group: str | None, canonical: str | None, relation: str | None) -> dict[str, Any]:
    pub = article.get("published") or {}
    out = {k: article.get(k) for k in FLAT_COLUMNS}
    out.update(
        published=pub.get("value"), published_source=pub.get("source"),
        authors="; ".join(article.get("authors", ())), agencies="; ".join(article.get("agencies", ())),
        dup_group=group, canonical_id=canonical, relation=relation,
    )  # fmt: skip
    return out


def _write_parquet(rows: Iterator[dict[str, Any]], output: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise NewsweaveError("NW901", what="parquet export needs pyarrow: pip install 'newsweave[parquet]'") from None
    data = list(rows)
    table = pa.Table.from_pylist(data, schema=pa.schema([(c, pa.string()) for c in FLAT_COLUMNS]))
    pq.write_table(table, output)
    return len(data)


@cli.command("export")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet", "csv"]), default="jsonl", show_default=True)
@click.option("--where", multiple=True, help="Filter FIELD OP VALUE (OP: = != < <= > >= ~), repeatable.")
@click.option("-o", "--output", default="-", help="Output file (default stdout; required for parquet).")
def export_cmd(db: str, fmt: str, where: tuple[str, ...], output: str) -> None:
    """Export stored articles as JSONL (full Article JSON), CSV or Parquet (flat columns)."""
    cond, params = parse_where(where)
    if fmt == "parquet" and output == "-":
        raise click.BadParameter("parquet needs a file: -o FILE", param_hint="--output")
    with _open(db, create=False) as store:
        rows = _rows(store, cond, params)
        if fmt == "parquet":
            n = _write_parquet((_flat(json.loads(r[0]), *r[1:]) for r in rows), output)
        else:
            with click.open_file(output, "w", encoding="utf-8") as out:
                n = _write_text(rows, fmt, out)
    click.echo(f"{n} articles exported", err=True)


def _write_text(rows: Iterator[tuple[Any, ...]], fmt: str, out: IO[str]) -> int:
    n = 0
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS) if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for raw, group, canonical, relation in rows:
        if writer:
            writer.writerow(_flat(json.loads(raw), group, canonical, relation))
        else:
            out.write(raw + "\n")
        n += 1
    return n


@cli.command("stats")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stats_cmd(db: str, as_json: bool) -> None:
    """Counts of a store: articles, languages, sites, duplicates, versions, rejections by code, runs."""
    with _open(db, create=False) as store:
        stats = store.stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    for key, value in stats.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for k, v in value.items():
                click.echo(f"  {k}: {v}")
        else:
            click.echo(f"{key}: {value}")
