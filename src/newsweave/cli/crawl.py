"""``newsweave crawl`` and ``newsweave load``: crawl-scale runs to Parquet shards, then into the store.

``crawl`` maps the stages over partitions of the inputs with the local or the
Dask engine and writes shards plus a manifest to ``--out``; running it again
resumes where it stopped. ``load`` is the second pass: shards into the store,
with dedup.
"""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console

from newsweave.backends import CrawlSettings, RunReport, run
from newsweave.backends.partitions import PARTITION_BYTES
from newsweave.cli import cli
from newsweave.settings import load_settings


def _print_report(rep: RunReport, out: str, console: Console) -> None:
    console.print(
        f"[bold]{rep.engine}[/] ({rep.workers} worker{'s' if rep.workers != 1 else ''}): "
        f"{rep.partitions - rep.skipped} of {rep.partitions} partitions run, {rep.skipped} already finished; "
        f"{rep.records} records -> {rep.articles} articles + {rep.rejections} rejections "
        f"in {rep.seconds:.1f} s; shards in {out}"
    )


@cli.command("crawl")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, help="Output directory or fsspec URL (s3://…) for shards and manifest.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 (with --engine dask).")
@click.option("--workers", type=click.IntRange(1, 4096), help="Local Dask workers when no --scheduler (default: CPUs).")
@click.option(
    "--partition-mb",
    type=click.FloatRange(0.001),
    default=PARTITION_BYTES / 2**20,
    show_default=True,
    help="Target partition size: WARC byte range or batch of page files.",
)
@click.option("--restart", is_flag=True, help="Redo every partition, ignoring the manifest.")
@click.option("--no-enrich", is_flag=True, help="Extraction only: no language, sentences, entities, claims.")
@click.option("--lang", help="Language code to assume when a page does not tell.")
def crawl_cmd(inputs: tuple[str, ...], out: str, engine: str, **opts: Any) -> None:
    """Extract and enrich WARC files (or pages) partition by partition into Parquet shards; resumable.

    Prints the run report as one JSON line on stdout.
    """
    if engine == "local" and (opts["scheduler"] or opts["workers"]):
        raise click.UsageError("--scheduler and --workers need --engine dask")
    settings = load_settings(extract={"language": opts["lang"]})
    cfg = CrawlSettings(
        extract=settings.extract,
        enrich=None if opts["no_enrich"] else settings.enrich,
        partition_bytes=max(1, int(opts["partition_mb"] * 2**20)),
        resume=not opts["restart"],
    )
    kw = {"scheduler": opts["scheduler"], "workers": opts["workers"]} if engine == "dask" else {}
    rep = run(list(inputs), out, cfg, engine=engine, **kw)
    _print_report(rep, out, Console(stderr=True))
    click.echo(json.dumps(rep.to_dict()))


@cli.command("load")
@click.argument("shards", nargs=-1, required=True)
@click.option("--db", default="newsweave.db", show_default=True, help="Store file (SQLite).")
def load_cmd(shards: tuple[str, ...], db: str) -> None:
    """Load crawl shards (directories or URLs written by `crawl`) into the store, with dedup."""
    from newsweave.shards import load_into
    from newsweave.store import Store

    with Store.open(db, create=True) as store:
        summary = load_into(list(shards), store)
    c = summary.counts
    Console(stderr=True).print(
        f"[bold]{c['articles']}[/] new articles, {c['exact'] + c['near']} duplicates, "
        f"{c['already_stored']} already stored, {c['skipped']} already loaded, {c['rejected']} rejections"
    )
    click.echo(json.dumps(summary.to_dict()))
