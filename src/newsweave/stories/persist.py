"""Story tables in the store, and the incremental update of a store's stories.

Consumes a :class:`~newsweave.store.Store` and a :class:`~newsweave.stories.cluster.StoryIndex`;
produces the tables ``stories`` (one record per story), ``story_members`` (article → event,
story), ``story_centroids`` (event and story centroids with their span) and ``story_state``
(running IDF counts, stream clock, embedder name). Migration 60 creates them (61 adds the
centroids' headline words, languages and title vector the pair scorer reads); they register on
the store's migration registry when this module is imported (``newsweave.store`` imports it).

:func:`update_stories` loads only the *active* centroids (those inside their time window), adds
the articles no story holds yet in date order, and writes back what changed: the work is
proportional to the new articles and the active centroids, not to the store.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from newsweave.model import Article
from newsweave.store import Store, _run_ddl, migration
from newsweave.stories.cluster import Assignment, Centroid, ClusterParams, Event, Story, StoryIndex
from newsweave.stories.embed import HASH_BITS, Embedder, LexicalEmbedder, doc_of
from newsweave.stories.pairs import load_scorer
from newsweave.stories.timeline import record

# Articles embedded and clustered per batch (one transaction each).
BATCH = 256


@migration(60, "stories: stories, story_members, story_centroids, story_state")
def _stories_tables(conn: sqlite3.Connection) -> None:
    _run_ddl(
        conn,
        """
        CREATE TABLE stories (
            id TEXT PRIMARY KEY, title TEXT NOT NULL, first_seen TEXT, last_seen TEXT,
            n_articles INTEGER NOT NULL, languages TEXT NOT NULL, outlets TEXT NOT NULL, entities TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX stories_last_seen ON stories(last_seen);
        CREATE TABLE story_members (
            article_id TEXT PRIMARY KEY REFERENCES articles(id), story_id TEXT NOT NULL,
            event_id TEXT NOT NULL, similarity REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX story_members_story ON story_members(story_id);
        CREATE TABLE story_centroids (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, story_id TEXT NOT NULL, first REAL, last REAL,
            size INTEGER NOT NULL, seq INTEGER NOT NULL, terms BLOB NOT NULL, dense BLOB
        ) WITHOUT ROWID;
        CREATE INDEX story_centroids_last ON story_centroids(kind, last);
        CREATE TABLE story_state (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID
        """,
    )


@migration(61, "stories: centroid headline words, languages and title vector (for the pair scorer)")
def _centroid_headlines(conn: sqlite3.Connection) -> None:
    _run_ddl(
        conn,
        """
        ALTER TABLE story_centroids ADD COLUMN headline TEXT;
        ALTER TABLE story_centroids ADD COLUMN title_dense BLOB
        """,
    )


def _pack_headline(c: Centroid) -> str:
    return json.dumps({"words": sorted(c.title_words), "langs": sorted(c.langs)}, ensure_ascii=False)


def _pack_terms(c: Centroid) -> bytes:
    keys = np.fromiter(c.terms.keys(), dtype=np.int32, count=len(c.terms))
    vals = np.fromiter(c.terms.values(), dtype=np.float32, count=len(c.terms))
    return keys.tobytes() + vals.tobytes()


def _unpack_terms(blob: bytes) -> dict[int, float]:
    n = len(blob) // 8
    keys = np.frombuffer(blob[: 4 * n], dtype=np.int32)
    vals = np.frombuffer(blob[4 * n :], dtype=np.float32)
    return dict(zip(keys.tolist(), vals.tolist(), strict=True))


def save_index(conn: sqlite3.Connection, index: StoryIndex) -> None:
    """Write the changed centroids and the running state (inside the caller's transaction)."""
    for cid in sorted(index.dirty):
        c: Centroid = index.events[cid] if cid in index.events else index.stories[cid]
        kind, story_id = ("event", index.events[cid].story_id) if cid in index.events else ("story", cid)
        dense = c.dense.astype(np.float32).tobytes() if c.dense is not None else None
        title = c.title_dense.astype(np.float32).tobytes() if c.title_dense is not None else None
        conn.execute(
            "INSERT OR REPLACE INTO story_centroids VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (cid, kind, story_id, c.first, c.last, c.size, c.seq, _pack_terms(c), dense, _pack_headline(c), title),
        )
    state = {"n_docs": index.n_docs, "clock": index.clock, "embedder": index.embedder,
             "n_events": index.n_events, "n_stories": index.n_stories}  # fmt: skip
    conn.execute("INSERT OR REPLACE INTO story_state VALUES ('meta', ?)", (json.dumps(state),))
    conn.execute("INSERT OR REPLACE INTO story_state VALUES ('df', ?)", (zlib.compress(index.df.tobytes(), 1),))
    index.dirty.clear()


def _centroid(row: sqlite3.Row, cls: Callable[..., Centroid]) -> Centroid:
    c = cls(row["id"], first=row["first"], last=row["last"], size=row["size"], seq=row["seq"])
    c.terms = _unpack_terms(row["terms"])
    c.dense = np.frombuffer(row["dense"], dtype=np.float32).copy() if row["dense"] else None
    c.title_dense = np.frombuffer(row["title_dense"], dtype=np.float32).copy() if row["title_dense"] else None
    headline = json.loads(row["headline"]) if row["headline"] else {}
    c.title_words, c.langs = set(headline.get("words", ())), set(headline.get("langs", ()))
    c.norm = float(np.sqrt(sum(w * w for w in c.terms.values())))
    return c


def load_index(conn: sqlite3.Connection, params: ClusterParams | None = None) -> StoryIndex:
    """The saved state with its active centroids (inside their windows); an empty index if none."""
    index = StoryIndex(params or ClusterParams())
    meta = conn.execute("SELECT value FROM story_state WHERE key = 'meta'").fetchone()
    if meta is None:
        return index
    state = json.loads(meta[0])
    index.n_docs, index.clock, index.embedder = state["n_docs"], state["clock"], state["embedder"]
    df = conn.execute("SELECT value FROM story_state WHERE key = 'df'").fetchone()
    index.df = (
        np.frombuffer(zlib.decompress(df[0]), dtype=np.int32).copy() if df else np.zeros(1 << HASH_BITS, np.int32)
    )
    conn.row_factory = sqlite3.Row
    horizon = (index.clock or 0.0) - index.params.story_window_days
    rows = conn.execute("SELECT * FROM story_centroids WHERE last IS NULL OR last >= ?", (horizon,)).fetchall()
    conn.row_factory = None
    for row in rows:
        if row["kind"] == "story":
            index.stories[row["id"]] = _centroid(row, Story)  # type: ignore[assignment]
    for row in rows:
        if row["kind"] == "event" and row["story_id"] in index.stories:
            event = _centroid(row, Event)
            assert isinstance(event, Event)
            event.story_id = row["story_id"]
            index.events[row["id"]] = event
    index.id_offset(state["n_events"], state["n_stories"])
    index.reindex()
    return index


@dataclass(frozen=True, slots=True)
class UpdateSummary:
    """What one update did."""

    added: int
    new_events: int
    new_stories: int
    touched_stories: int


def _pending(conn: sqlite3.Connection, limit: int) -> list[Article]:
    rows = conn.execute(
        "SELECT a.json FROM articles a LEFT JOIN story_members m ON m.article_id = a.id"
        " WHERE m.article_id IS NULL ORDER BY a.published IS NULL, a.published, a.seq LIMIT ?",
        (limit,),
    ).fetchall()
    return [Article.from_json(r[0]) for r in rows]


def _group_event(conn: sqlite3.Connection, article_id: str) -> tuple[str | None, str | None]:
    row = conn.execute(
        "SELECT d.group_id, (SELECT m.event_id FROM dup_members o JOIN story_members m ON m.article_id = o.article_id"
        " WHERE o.group_id = d.group_id LIMIT 1) FROM dup_members d WHERE d.article_id = ?",
        (article_id,),
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def _refresh_records(conn: sqlite3.Connection, story_ids: set[str]) -> None:
    for sid in sorted(story_ids):
        rows = conn.execute(
            "SELECT a.json FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ?"
            " ORDER BY a.seq",
            (sid,),
        ).fetchall()
        rec = record(sid, [Article.from_json(r[0]) for r in rows])
        conn.execute(
            "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (rec.id, rec.label, rec.first_seen, rec.last_seen, len(rec.articles), json.dumps(rec.languages),
             json.dumps(rec.outlets, ensure_ascii=False), json.dumps(rec.entities, ensure_ascii=False)),
        )  # fmt: skip


def _add_batch(
    conn: sqlite3.Connection, index: StoryIndex, embedder: Embedder, batch: list[Article]
) -> list[Assignment]:
    docs = [doc_of(a) for a in batch]
    out = []
    for doc, vec in zip(docs, embedder.embed(docs), strict=True):
        group, event = _group_event(conn, doc.id)
        if group and event and event in index.events:
            index.groups[group] = event
        a = index.add(doc, vec, group)
        conn.execute(
            "INSERT INTO story_members VALUES (?, ?, ?, ?)", (a.article_id, a.story_id, a.event_id, a.similarity)
        )
        out.append(a)
    return out


def update_stories(
    store: Store, embedder: Embedder | None = None, params: ClusterParams | None = None
) -> UpdateSummary:
    """Cluster the store's articles that no story holds yet (in date order) and save the result.

    Args:
        store: an open store (its migrations include this module's).
        embedder: the representation (default: the no-model lexical one).
        params: clustering thresholds (default: :class:`ClusterParams`).

    Returns:
        Counts of what was added.
    """
    embedder = embedder or LexicalEmbedder()
    index = load_index(store.conn, params)
    index.embedder, index.scorer = embedder.name, load_scorer(embedder.name)
    added = new_events = new_stories = 0
    touched: set[str] = set()
    while batch := _pending(store.conn, BATCH):
        with store.transaction() as conn:
            done = _add_batch(conn, index, embedder, batch)
            touched.update(a.story_id for a in done)
            _refresh_records(conn, {a.story_id for a in done})
            save_index(conn, index)
        added += len(done)
        new_events += sum(a.new_event for a in done)
        new_stories += sum(a.new_story for a in done)
    return UpdateSummary(added, new_events, new_stories, len(touched))


def open_store(path: str) -> Store:
    """Open (and migrate) a store with the story tables."""
    return Store.open(path)
