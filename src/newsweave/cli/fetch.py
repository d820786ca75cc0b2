"""``newsweave fetch``, ``watch`` and ``sources``: live sources from the command line.

``fetch URL…`` fetches pages now (robots.txt and rate limits still apply) and stores them
(``--db``) or prints their articles as JSONL; ``watch SOURCES.txt`` runs watch cycles over feed,
sitemap and homepage URLs every ``--every`` (or ``--once``), storing new entries, enriching
them and attaching them to stories; ``sources`` lists the watched sources with their health.
Politeness settings live in the ``[fetch]`` section of ``newsweave.toml`` or ``NEWSWEAVE_FETCH_*``.
"""

from __future__ import annotations

import json
import re
import sys
import time
from contextlib import ExitStack
from typing import Any

import click

from newsweave.cli import cli
from newsweave.fetch import state  # registers the live-source store migration before any Store.open
from newsweave.fetch.warcout import WarcOut
from newsweave.fetch.watch import ArticlesHook, CycleSummary, Watcher, read_sources
from newsweave.model import Article
from newsweave.settings import Settings, load_settings
from newsweave.store import Store

_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(ctx: click.Context, param: click.Parameter, value: str) -> float:
    """click callback: ``90s``, ``15m``, ``1h`` (a bare number is seconds) to seconds."""
    m = _EVERY.match(value)
    if not m or float(m.group(1)) <= 0:
        raise click.BadParameter(f"expected a duration like 15m, 90s or 1h, got {value!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def _settings(opts: dict[str, Any]) -> Settings:
    fetch = {
        "contact": opts.get("contact"), "rate": opts.get("rate"), "max_pages": opts.get("max_pages"),
        "processes": opts.get("processes"),
    }  # fmt: skip
    return load_settings(fetch=fetch)


def _stories_hook(wanted: bool) -> ArticlesHook | None:
    """The stories update run after each cycle; imported before the store opens (its migration)."""
    if not wanted:
        return None
    from newsweave.stories.persist import update_stories

    def attach(store: Store, articles: list[Article]) -> None:
        update_stories(store)

    return attach


def _watcher(store: Store, cfg: Settings, opts: dict[str, Any], hook: ArticlesHook | None, stack: ExitStack) -> Watcher:
    warc = None
    if opts.get("warc_out"):
        warc = WarcOut(opts["warc_out"])
        stack.callback(warc.close)
    watcher = Watcher(store, cfg, warc=warc, enrich=opts.get("enrich", True), on_articles=hook)
    stack.callback(watcher.close)
    return watcher


def _report(kind: str, summary: CycleSummary) -> None:
    c = summary.counts
    rejections = ", ".join(f"{k} {v}" for k, v in sorted(summary.rejections.items())) or "none"
    click.echo(
        f"{kind}: {c['sources']} sources ({c['sources_failed']} failed, {c['not_modified']} not modified), "
        f"{c['new_entries']} new entries, {c['fetched']} pages, {c['articles']} articles stored; "
        f"rejections: {rejections}; {summary.seconds:.1f} s",
        err=True,
    )


WARC_OPTION = click.option("--warc-out", type=click.Path(file_okay=False), help="Archive raw responses as WARC here.")
ENRICH_OPTION = click.option("--enrich/--no-enrich", default=True, show_default=True, help="Enrich new articles.")
CONTACT_OPTION = click.option("--contact", help="Operator contact (URL or e-mail) for the user-agent.")
STORIES_OPTION = click.option(
    "--stories/--no-stories", default=True, show_default=True, help="Attach new stored articles to stories."
)
RATE_OPTION = click.option("--rate", type=float, help="Requests per second per host (default 1).")
PROCESSES_OPTION = click.option(
    "--processes", type=click.IntRange(0, 256), help="Extraction processes (default 0: in the fetch threads)."
)


@cli.command("fetch")
@click.argument("urls", nargs=-1, required=True)
@click.option("--db", help="Store the articles in this store (default: print them as JSONL).")
@STORIES_OPTION
@WARC_OPTION
@ENRICH_OPTION
@CONTACT_OPTION
@RATE_OPTION
@PROCESSES_OPTION
def fetch_cmd(urls: tuple[str, ...], db: str | None, **opts: Any) -> None:
    """Fetch pages now, extract (and enrich) them, and store or print the articles."""
    cfg = _settings(opts)
    hook = _stories_hook(opts["stories"] and db is not None)
    with ExitStack() as stack:
        store = stack.enter_context(Store.open(db or ":memory:"))
        summary = _watcher(store, cfg, opts, hook, stack).fetch_pages(list(urls))
        if db is None:
            for article in summary.articles:
                click.echo(article.to_json())
        for row in store.conn.execute("SELECT key, code, message FROM rejections WHERE run_id = ?", (summary.run_id,)):
            click.echo(f"rejected {row[0]}: {row[1]} {row[2]}", err=True)
    click.echo(f"fetch: {summary.counts['articles']} articles, {summary.counts['rejected']} rejected", err=True)


@cli.command("watch")
@click.argument("sources_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", default="newsweave.db", show_default=True, help="Store file (SQLite).")
@click.option("--every", default="15m", show_default=True, callback=parse_every, help="Time between cycles.")
@click.option("--once", is_flag=True, help="Run one cycle and exit.")
@click.option("--max-pages", type=int, help="Entries fetched per source and cycle (default 500).")
@STORIES_OPTION
@WARC_OPTION
@ENRICH_OPTION
@CONTACT_OPTION
@RATE_OPTION
@PROCESSES_OPTION
def watch_cmd(sources_file: str, db: str, every: float, once: bool, **opts: Any) -> None:
    """Watch feeds, sitemaps and homepages (one URL per line) and store new articles.

    Safe to stop at any time: the next run resumes with the entries left pending.
    """
    cfg = _settings(opts)
    hook = _stories_hook(opts["stories"])
    with ExitStack() as stack:
        store = stack.enter_context(Store.open(db))
        watcher = _watcher(store, cfg, opts, hook, stack)
        try:
            while True:
                started = time.monotonic()
                _report("cycle", watcher.cycle(read_sources(sources_file)))
                if once:
                    break
                time.sleep(max(0.0, every - (time.monotonic() - started)))
        except KeyboardInterrupt:
            click.echo("watch: interrupted; pending entries are fetched on the next run", err=True)


@cli.command("sources")
@click.option("--db", default="newsweave.db", show_default=True, help="Store file (SQLite).")
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
def sources_cmd(db: str, as_json: bool) -> None:
    """List watched sources with their health: last fetch, status, entries, articles, last error."""
    with Store.open(db, create=False) as store:
        rows = state.sources(store)
        counts = state.entry_counts(store)
    if as_json:
        for s in rows:
            click.echo(json.dumps({**_row(s), "queue": counts.get(s.url, {})}, ensure_ascii=False))
        return
    _table(rows, counts)


def _row(s: Any) -> dict[str, Any]:
    return {
        "url": s.url, "kind": s.kind, "health": s.health, "last_fetch": s.last_fetch, "last_ok": s.last_ok,
        "last_status": s.last_status, "entries": s.entries, "articles": s.articles, "failures": s.failures,
        "errors": s.errors, "last_code": s.last_code, "last_error": s.last_error,
    }  # fmt: skip


def _table(rows: list[Any], counts: dict[str, dict[str, int]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("source", "kind", "health", "last fetch", "status", "entries", "articles", "pending", "last error")
    style = {"ok": "green", "failing": "red", "new": "yellow"}
    for s in rows:
        pending = counts.get(s.url, {}).get("pending", 0) + counts.get(s.url, {}).get("retry", 0)
        health = f"[{style[s.health]}]{s.health}[/]" + (f" ×{s.failures}" if s.failures else "")
        error = f"{s.last_code} {s.last_error}" if s.failures else ""
        table.add_row(s.url, s.kind or "", health, s.last_fetch or "", str(s.last_status or ""), str(s.entries),
                      str(s.articles), str(pending), error)  # fmt: skip
    # Piped output keeps whole URLs and errors (a terminal gets its own width).
    Console(file=sys.stdout, width=None if sys.stdout.isatty() else 240).print(table)


__all__ = ["fetch_cmd", "parse_every", "sources_cmd", "watch_cmd"]
