"""The corpus store: articles and their parts in one SQLite file.

Consumes :class:`~newsweave.model.Article` and :class:`~newsweave.errors.Rejected`
records from the ingest writer; produces a SQLite database (WAL mode, stdlib
``sqlite3``, no ORM) that the CLI, the API and later stages read. One process
writes, through :meth:`Store.transaction` (``BEGIN IMMEDIATE``), so a batch of
articles, their blocks, source keys and duplicate links commit together or not
at all: a killed ingest leaves no half-written article.

The schema is built by migrations, decorated functions recorded in the
``_migrations`` table; later stages add their tables with new migrations.
:meth:`Store.add_article` also writes what enrichment found (``entities``,
``mentions``, ``claims``, ``time_expressions``) and the narrow ``article_meta``
row that search counts read, in the caller's transaction.
``docs/store.md`` documents every table.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsweave import __version__
from newsweave.errors import NewsweaveError, Rejected
from newsweave.model import Article

# PRAGMA application_id of newsweave stores ("NWVE"): tells our files from other SQLite files.
APPLICATION_ID = 0x4E575645
SQLITE_MAGIC = b"SQLite format 3\x00"

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, tuple[str, Migration]] = {}
# Later stages keep their tables next to their code and register migrations there; every Store
# imports them all before migrating, so whichever command opens a store knows the whole schema
# (a store migrated by `newsweave watch` still opens in `newsweave stats`).
SCHEMA_MODULES: tuple[str, ...] = ("newsweave.stories.persist", "newsweave.fetch.state")


def load_schema_modules() -> None:
    """Import the stage modules that register migrations (idempotent)."""
    for name in SCHEMA_MODULES:
        importlib.import_module(name)


def migration(version: int, name: str) -> Callable[[Migration], Migration]:
    """Register ``fn`` as schema migration ``version`` (applied once, in order)."""

    def register(fn: Migration) -> Migration:
        if version in MIGRATIONS:
            raise ValueError(f"duplicate migration {version}")
        MIGRATIONS[version] = (name, fn)
        return fn

    return register


def _run_ddl(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the surrounding transaction; run statement by statement.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


@migration(1, "articles, parts, runs, rejections, sources, versions, duplicates, fts")
def _initial(conn: sqlite3.Connection) -> None:
    _run_ddl(
        conn,
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT,
            inputs TEXT NOT NULL, version TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'running',
            counts TEXT
        );
        CREATE TABLE articles (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            url TEXT, site TEXT, title TEXT, lead TEXT, text TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            language TEXT, published TEXT, published_source TEXT, section TEXT,
            authors TEXT NOT NULL DEFAULT '[]', agencies TEXT NOT NULL DEFAULT '[]',
            source TEXT NOT NULL, input_format TEXT,
            run_id INTEGER REFERENCES runs(id),
            json TEXT NOT NULL
        );
        CREATE INDEX articles_url ON articles(url);
        CREATE INDEX articles_text_hash ON articles(text_hash);
        CREATE INDEX articles_site ON articles(site);
        CREATE INDEX articles_published ON articles(published);
        CREATE TABLE blocks (
            article_id TEXT NOT NULL REFERENCES articles(id), pos INTEGER NOT NULL,
            kind TEXT NOT NULL, text TEXT NOT NULL, start INTEGER, "end" INTEGER,
            PRIMARY KEY (article_id, pos)
        ) WITHOUT ROWID;
        CREATE TABLE images (
            article_id TEXT NOT NULL REFERENCES articles(id), pos INTEGER NOT NULL,
            caption TEXT, credit TEXT, url TEXT,
            PRIMARY KEY (article_id, pos)
        ) WITHOUT ROWID;
        CREATE TABLE related (
            article_id TEXT NOT NULL REFERENCES articles(id), pos INTEGER NOT NULL,
            title TEXT NOT NULL, teaser TEXT, section TEXT, image_caption TEXT, url TEXT,
            PRIMARY KEY (article_id, pos)
        ) WITHOUT ROWID;
        CREATE TABLE furniture (
            article_id TEXT NOT NULL REFERENCES articles(id), pos INTEGER NOT NULL,
            kind TEXT NOT NULL, text TEXT NOT NULL, start INTEGER, "end" INTEGER,
            PRIMARY KEY (article_id, pos)
        ) WITHOUT ROWID;
        CREATE TABLE sources (
            key TEXT PRIMARY KEY, digest TEXT NOT NULL,
            article_id TEXT, code TEXT, run_id INTEGER REFERENCES runs(id)
        ) WITHOUT ROWID;
        CREATE TABLE rejections (
            seq INTEGER PRIMARY KEY, key TEXT NOT NULL, source TEXT NOT NULL,
            stage TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
            run_id INTEGER REFERENCES runs(id)
        );
        CREATE INDEX rejections_code ON rejections(code);
        CREATE TABLE versions (
            article_id TEXT PRIMARY KEY REFERENCES articles(id), url TEXT NOT NULL,
            version INTEGER NOT NULL, previous_id TEXT REFERENCES articles(id)
        ) WITHOUT ROWID;
        CREATE INDEX versions_url ON versions(url, version);
        CREATE TABLE fingerprints (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            n_shingles INTEGER NOT NULL, signature BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE dup_groups (
            id TEXT PRIMARY KEY, canonical_id TEXT NOT NULL REFERENCES articles(id),
            canonical_reason TEXT NOT NULL, size INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE dup_members (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            group_id TEXT NOT NULL REFERENCES dup_groups(id),
            relation TEXT NOT NULL, similarity REAL NOT NULL,
            added TEXT NOT NULL DEFAULT '[]', cut TEXT NOT NULL DEFAULT '[]', edited TEXT NOT NULL DEFAULT '[]'
        ) WITHOUT ROWID;
        CREATE INDEX dup_members_group ON dup_members(group_id);
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, lead, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
        )
        """,
    )


@migration(20, "enrichment: entities, mentions, claims, time_expressions")
def _enrichment_tables(conn: sqlite3.Connection) -> None:
    _run_ddl(
        conn,
        """
        CREATE TABLE entities (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, label TEXT NOT NULL, aliases TEXT NOT NULL DEFAULT '[]'
        ) WITHOUT ROWID;
        CREATE INDEX entities_name ON entities(name);
        CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles(id), entity_id TEXT NOT NULL REFERENCES entities(id),
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL,
            PRIMARY KEY (article_id, start, "end")
        ) WITHOUT ROWID;
        CREATE INDEX mentions_entity ON mentions(entity_id, article_id, text);
        CREATE TABLE claims (
            article_id TEXT NOT NULL REFERENCES articles(id), start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            content TEXT NOT NULL, cue TEXT NOT NULL, modality TEXT NOT NULL, source TEXT, source_entity TEXT,
            PRIMARY KEY (article_id, start, "end")
        ) WITHOUT ROWID;
        CREATE INDEX claims_source_entity ON claims(source_entity) WHERE source_entity IS NOT NULL;
        CREATE TABLE time_expressions (
            article_id TEXT NOT NULL REFERENCES articles(id), start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL, value TEXT, kind TEXT NOT NULL,
            PRIMARY KEY (article_id, start, "end")
        ) WITHOUT ROWID
        """,
    )
    for (raw,) in conn.execute("SELECT json FROM articles ORDER BY seq").fetchall():
        _add_enrichment(conn, Article.from_json(raw))


@migration(21, "article_meta: a narrow copy of the columns search counts and filters on")
def _article_meta(conn: sqlite3.Connection) -> None:
    # Search facets read published/site/language for every match; in `articles` those columns sit
    # after the large `text`, so each read walked overflow pages (758 ms p95 on 100,000 articles).
    _run_ddl(
        conn,
        """
        CREATE TABLE article_meta (
            seq INTEGER PRIMARY KEY REFERENCES articles(seq), id TEXT NOT NULL, published TEXT, site TEXT,
            language TEXT
        );
        CREATE INDEX article_meta_published ON article_meta(published);
        INSERT INTO article_meta SELECT seq, id, published, site, language FROM articles
        """,
    )


@migration(22, "entities: gazetteer entities merged under their language-independent key")
def _entity_keys(conn: sqlite3.Connection) -> None:
    # Mentions carry a gazetteer key since this version; entities stored before were hashed from
    # their folded name, so Nordkorea and North Korea were two. Re-key them as ingest now would.
    rows = conn.execute("SELECT id, name, label, aliases FROM entities").fetchall()
    if not rows:
        return
    from newsweave.enrich.ner.gazetteer import load_gazetteer  # ~0.5 s, only for stores with entities
    from newsweave.enrich.ner.resolve import gazetteer_key

    gazetteer = load_gazetteer()
    for eid, name, label, aliases in rows:
        key = gazetteer_key(name, label, gazetteer)
        new = entity_id(name, label, key) if key else eid
        if new == eid:
            continue
        row = conn.execute("SELECT aliases FROM entities WHERE id = ?", (new,)).fetchone()
        if row is None:
            conn.execute("INSERT INTO entities VALUES (?, ?, ?, ?)", (new, name, label, aliases))
        else:
            merged = sorted(set(json.loads(row[0])) | set(json.loads(aliases)))
            conn.execute("UPDATE entities SET aliases = ? WHERE id = ?", (json.dumps(merged, ensure_ascii=False), new))
        conn.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (new, eid))  # before the row goes (FK)
        conn.execute("DELETE FROM entities WHERE id = ?", (eid,))


# German ↔ English transliteration pairs folded together in entity keys, so that one person or
# place spelled both ways (Wladimir/Vladimir, Pjöngjang/Pyongyang, Tschernobyl/Chernobyl) is one
# entity; chosen from the exonym pairs of the sample corpus and the golden page's gold aliases.
FOLDS: tuple[tuple[str, str], ...] = (("tsch", "ch"), ("sch", "sh"), ("w", "v"), ("j", "y"))
ENTITY_LABELS: tuple[str, ...] = ("PER", "ORG", "LOC", "OTH")


def entity_key(name: str) -> str:
    """A canonical name folded for matching: case, accents, hyphens and transliteration pairs."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = " ".join(re.findall(r"\w+", text))
    for a, b in FOLDS:
        text = text.replace(a, b)
    return text


def entity_id(name: str, label: str, key: str | None = None) -> str:
    """The corpus-wide id of an entity: a hash of its label and gazetteer key or folded name.

    Mentions of a gazetteer entity share its language-independent ``key`` (``Nordkorea`` and
    ``North Korea``: ``iso:KP``); other mentions whose canonical names fold alike
    (:func:`entity_key`) and share a label merge into one entity, whatever run or article they
    come from. The entity's ``name`` is the first one stored.
    """
    ident = f"key:{key}" if key else entity_key(name)
    return hashlib.blake2b(f"{label}\x1f{ident}".encode(), digest_size=8).hexdigest()


def _merge_entities(conn: sqlite3.Connection, article: Article) -> None:
    """Create the article's entities, or add its surface forms to their aliases."""
    surfaces: dict[str, set[str]] = {}
    names: dict[str, tuple[str, str]] = {}
    for m in article.entities:
        eid = entity_id(m.entity, m.label, m.key)
        names.setdefault(eid, (m.entity, m.label))
        surfaces.setdefault(eid, set()).update((m.text, m.entity))
    for eid, forms in sorted(surfaces.items()):
        name, label = names[eid]
        row = conn.execute("SELECT aliases FROM entities WHERE id = ?", (eid,)).fetchone()
        known = set(json.loads(row[0])) if row else set()
        if row is None:
            conn.execute("INSERT INTO entities VALUES (?, ?, ?, '[]')", (eid, name, label))
        if not forms <= known:
            aliases = json.dumps(sorted(known | forms), ensure_ascii=False)
            conn.execute("UPDATE entities SET aliases = ? WHERE id = ?", (aliases, eid))


def _add_enrichment(conn: sqlite3.Connection, article: Article) -> None:
    """Store the article's entity mentions (merged into corpus entities), claims and time expressions."""
    aid = article.id
    _merge_entities(conn, article)
    conn.executemany(
        'INSERT OR IGNORE INTO mentions (article_id, entity_id, start, "end", text, label) VALUES (?, ?, ?, ?, ?, ?)',
        [(aid, entity_id(m.entity, m.label, m.key), m.start, m.end, m.text, m.label) for m in article.entities],
    )
    conn.executemany(
        'INSERT OR IGNORE INTO claims (article_id, start, "end", content, cue, modality, source, source_entity)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(aid, c.start, c.end, c.content, c.cue, c.modality, c.source, c.source_entity) for c in article.claims],
    )
    conn.executemany(
        'INSERT OR IGNORE INTO time_expressions (article_id, start, "end", text, value, kind)'
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(aid, t.start, t.end, t.text, t.value, t.kind) for t in article.time_expressions],
    )


@dataclass(frozen=True, slots=True)
class GroupMember:
    """One member of a duplicate group as the store knows it."""

    article_id: str
    seq: int
    relation: str
    similarity: float


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_file(path: Path) -> None:
    """Refuse files that are not SQLite before sqlite3 touches them."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise NewsweaveError("NW401", path=str(path), why="it is a directory")
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        raise NewsweaveError("NW401", path=str(path), why="not an SQLite database")


class Store:
    """A newsweave corpus store over one SQLite file (see the module docstring).

    Use :meth:`Store.open`; the store is a context manager that closes itself.
    """

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        """Open (and create or migrate) the store at ``path``; ``:memory:`` works too.

        Raises:
            NewsweaveError: ``NW401`` a corrupt or foreign file, ``NW402`` a store
                written by a newer newsweave.
        """
        name = str(path)
        if name != ":memory:":
            p = Path(path)
            _check_file(p)
            if not create and not p.exists():
                raise NewsweaveError("NW401", path=name, why="no such file")
        try:
            conn = sqlite3.connect(name, isolation_level=None, timeout=30.0)
            store = cls(conn, name)
            store._setup()
        except sqlite3.DatabaseError as exc:
            raise NewsweaveError("NW401", path=name, why=str(exc)) from None
        return store

    def _setup(self) -> None:
        conn = self.conn
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app_id not in (0, APPLICATION_ID) or (tables and "_migrations" not in tables):
            raise NewsweaveError("NW401", path=self.path, why="a different application's SQLite database")
        if self.path != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        # WAL + NORMAL survives a killed process (only power loss may drop the last commits).
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -65536")
        self.migrate()

    def migrate(self) -> list[int]:
        """Apply pending migrations, each in its own transaction; return the versions applied."""
        load_schema_modules()
        with self.transaction() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT)"
            )
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        done = {r[0] for r in self.conn.execute("SELECT version FROM _migrations")}
        newest = max(done, default=0)
        known = max(MIGRATIONS)
        if newest > known:
            raise NewsweaveError("NW402", path=self.path, found=newest, known=known)
        applied = []
        for version in sorted(set(MIGRATIONS) - done):
            name, fn = MIGRATIONS[version]
            with self.transaction() as conn:
                fn(conn)
                conn.execute("INSERT INTO _migrations VALUES (?, ?, ?)", (version, name, _now()))
            applied.append(version)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; rolls back on any exception."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs and sources ------------------------------------------------------------------

    def start_run(self, inputs: list[str]) -> int:
        """Record the start of an ingest run; return its id."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO runs (started, inputs, version) VALUES (?, ?, ?)",
                (_now(), json.dumps(inputs, ensure_ascii=False), __version__),
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, counts: dict[str, Any], status: str = "done") -> None:
        """Record the end of a run with its summary counts."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE runs SET finished = ?, status = ?, counts = ? WHERE id = ?",
                (_now(), status, json.dumps(counts, sort_keys=True), run_id),
            )

    def source_digests(self) -> dict[str, str]:
        """Every record key already handled, with the digest of its raw bytes."""
        return dict(self.conn.execute("SELECT key, digest FROM sources"))

    def mark_source(
        self, key: str, digest: str, run_id: int, *, article_id: str | None = None, code: str | None = None
    ) -> None:
        """Remember that record ``key`` with ``digest`` became ``article_id`` or was rejected with ``code``."""
        self.conn.execute(
            "INSERT OR REPLACE INTO sources (key, digest, article_id, code, run_id) VALUES (?, ?, ?, ?, ?)",
            (key, digest, article_id, code, run_id),
        )

    def add_rejection(self, rejected: Rejected, key: str, run_id: int) -> None:
        """Store one rejection (queryable by code)."""
        self.conn.execute(
            "INSERT INTO rejections (key, source, stage, code, message, run_id) VALUES (?, ?, ?, ?, ?, ?)",
            (key, rejected.source, rejected.stage, rejected.code, rejected.message, run_id),
        )

    # -- articles --------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        """True when an article with this content id is stored."""
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add_article(
        self, article: Article, text_hash: str, run_id: int | None = None, *, as_json: str | None = None
    ) -> int | None:
        """Insert an article with its parts, FTS and meta rows and enrichment; return its ``seq`` (None if stored).

        Its entity mentions, claims and time expressions go to their tables in the same transaction;
        mentions merge into corpus entities by canonical name and label (:func:`entity_id`).

        ``as_json`` is ``article.to_json()`` when the caller has it already (serialised in a worker).
        """
        if self.has_article(article.id):
            return None
        pub = article.published
        cur = self.conn.execute(
            "INSERT INTO articles (id, url, site, title, lead, text, text_hash, language, published,"
            " published_source, section, authors, agencies, source, input_format, run_id, json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id, article.url, article.site, article.title, article.lead, article.text, text_hash,
                article.language, pub.value.isoformat() if pub else None, pub.source if pub else None,
                article.section, json.dumps(list(article.authors), ensure_ascii=False),
                json.dumps(list(article.agencies), ensure_ascii=False), article.source, article.input_format,
                run_id, as_json or article.to_json(),
            ),
        )  # fmt: skip
        seq = int(cur.lastrowid or 0)
        self.conn.execute(
            "INSERT INTO articles_fts (rowid, title, lead, text) VALUES (?, ?, ?, ?)",
            (seq, article.title, article.lead, article.text),
        )
        self.conn.execute(
            "INSERT INTO article_meta (seq, id, published, site, language) VALUES (?, ?, ?, ?, ?)",
            (seq, article.id, pub.value.isoformat() if pub else None, article.site, article.language),
        )
        self._add_parts(article)
        _add_enrichment(self.conn, article)
        return seq

    def _add_parts(self, article: Article) -> None:
        aid, conn = article.id, self.conn
        conn.executemany(
            'INSERT INTO blocks (article_id, pos, kind, text, start, "end") VALUES (?, ?, ?, ?, ?, ?)',
            [(aid, i, b.kind, b.text, b.start, b.end) for i, b in enumerate(article.body)],
        )
        conn.executemany(
            "INSERT INTO images (article_id, pos, caption, credit, url) VALUES (?, ?, ?, ?, ?)",
            [(aid, i, m.caption, m.credit, m.url) for i, m in enumerate(article.images)],
        )
        conn.executemany(
            "INSERT INTO related (article_id, pos, title, teaser, section, image_caption, url)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(aid, i, r.title, r.teaser, r.section, r.image_caption, r.url) for i, r in enumerate(article.related)],
        )
        conn.executemany(
            'INSERT INTO furniture (article_id, pos, kind, text, start, "end") VALUES (?, ?, ?, ?, ?, ?)',
            [(aid, i, f.kind, f.text, f.start, f.end) for i, f in enumerate(article.furniture)],
        )

    def article(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        row = self.conn.execute("SELECT json FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.from_json(row[0]) if row else None

    def article_seq(self, article_id: str) -> int | None:
        """Insertion order of an article (its ``seq``), or None."""
        row = self.conn.execute("SELECT seq FROM articles WHERE id = ?", (article_id,)).fetchone()
        return int(row[0]) if row else None

    def first_with_text_hash(self, text_hash: str, exclude: str) -> str | None:
        """The earliest stored article other than ``exclude`` with the same normalised text."""
        row = self.conn.execute(
            "SELECT id FROM articles WHERE text_hash = ? AND id != ? ORDER BY seq LIMIT 1", (text_hash, exclude)
        ).fetchone()
        return str(row[0]) if row else None

    # -- versions --------------------------------------------------------------------------

    def link_version(self, article: Article) -> int | None:
        """Link ``article`` to the latest stored article at the same URL; return its version number.

        The first article seen at a URL is version 1 (recorded once a second appears).
        """
        if not article.url:
            return None
        prev = self.conn.execute(
            "SELECT id FROM articles WHERE url = ? AND id != ? ORDER BY seq DESC LIMIT 1", (article.url, article.id)
        ).fetchone()
        if prev is None:
            return None
        last = self.conn.execute("SELECT MAX(version) FROM versions WHERE url = ?", (article.url,)).fetchone()[0]
        if last is None:
            self.conn.execute("INSERT INTO versions VALUES (?, ?, 1, NULL)", (prev[0], article.url))
            last = 1
        self.conn.execute("INSERT INTO versions VALUES (?, ?, ?, ?)", (article.id, article.url, last + 1, prev[0]))
        return int(last) + 1

    # -- fingerprints and duplicate groups -------------------------------------------------

    def add_fingerprint(self, article_id: str, n_shingles: int, signature: bytes) -> None:
        """Store the MinHash signature the near-duplicate index is rebuilt from."""
        self.conn.execute("INSERT OR REPLACE INTO fingerprints VALUES (?, ?, ?)", (article_id, n_shingles, signature))

    def fingerprints(self) -> Iterator[tuple[str, str, int, bytes]]:
        """``(article_id, text_hash, n_shingles, signature)`` of every article, in insertion order."""
        yield from self.conn.execute(
            "SELECT f.article_id, a.text_hash, f.n_shingles, f.signature FROM fingerprints f"
            " JOIN articles a ON a.id = f.article_id ORDER BY a.seq"
        )

    def group_of(self, article_id: str) -> str | None:
        """The duplicate group an article belongs to, or None."""
        row = self.conn.execute("SELECT group_id FROM dup_members WHERE article_id = ?", (article_id,)).fetchone()
        return str(row[0]) if row else None

    def canonical_of(self, group_id: str) -> str | None:
        """The canonical member of a group, or None."""
        row = self.conn.execute("SELECT canonical_id FROM dup_groups WHERE id = ?", (group_id,)).fetchone()
        return str(row[0]) if row else None

    def group_members(self, group_id: str) -> list[GroupMember]:
        """Members of a group in insertion order."""
        rows = self.conn.execute(
            "SELECT m.article_id, a.seq, m.relation, m.similarity FROM dup_members m"
            " JOIN articles a ON a.id = m.article_id WHERE m.group_id = ? ORDER BY a.seq",
            (group_id,),
        )
        return [GroupMember(r[0], r[1], r[2], r[3]) for r in rows]

    def save_group(self, group_id: str, canonical_id: str, reason: str, size: int) -> None:
        """Create or update a duplicate group."""
        self.conn.execute(
            "INSERT INTO dup_groups VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            " canonical_id = excluded.canonical_id, canonical_reason = excluded.canonical_reason,"
            " size = excluded.size",
            (group_id, canonical_id, reason, size),
        )

    def save_member(
        self, article_id: str, group_id: str, relation: str, similarity: float, diff: dict[str, list[Any]]
    ) -> None:
        """Create or update one member with its sentence-level diff against the canonical."""
        self.conn.execute(
            "INSERT OR REPLACE INTO dup_members VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                article_id, group_id, relation, similarity,
                json.dumps(diff.get("added", []), ensure_ascii=False),
                json.dumps(diff.get("cut", []), ensure_ascii=False),
                json.dumps(diff.get("edited", []), ensure_ascii=False),
            ),
        )  # fmt: skip

    # -- reading ---------------------------------------------------------------------------

    def count(self, table: str) -> int:
        """Rows in one of the store's own tables."""
        if table not in {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}:
            raise NewsweaveError("NW901", what=f"no table {table!r} in the store")
        return int(self.conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])

    def stats(self) -> dict[str, Any]:
        """Counts a user asks for first: articles, duplicates, versions, rejections by code, runs."""
        q = self.conn.execute
        return {
            "articles": self.count("articles"),
            "languages": dict(q("SELECT COALESCE(language, '?'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC")),
            "sites": dict(q("SELECT COALESCE(site, '?'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC LIMIT 10")),
            "dup_groups": self.count("dup_groups"),
            "entities": self.count("entities"),
            "mentions": self.count("mentions"),
            "claims": self.count("claims"),
            "duplicates": dict(q("SELECT relation, COUNT(*) FROM dup_members GROUP BY 1 ORDER BY 1")),
            "versions": int(q("SELECT COUNT(*) FROM versions WHERE previous_id IS NOT NULL").fetchone()[0]),
            "rejections": dict(q("SELECT code, COUNT(*) FROM rejections GROUP BY 1 ORDER BY 1")),
            "runs": self.count("runs"),
            "schema": max(r[0] for r in q("SELECT version FROM _migrations")),
        }
