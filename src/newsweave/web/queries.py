"""Read-only queries the web UI and the JSON API share.

Consumes a newsweave store (the SQLite file :mod:`newsweave.store` writes);
produces frozen view records (:class:`ArticleRow`, :class:`StoryView`, …) that
``ui.py`` renders and ``api.py`` serialises. Every statement is a constant
string with ``?`` parameters; user input never becomes SQL text. Filters are
picked from fixed fragments, and search terms are quoted into an FTS5 phrase
expression by :func:`fts_expression`.

Stories come from the clustering stage, which writes ``stories`` (``id``,
``title``) and ``story_members`` (``story_id``, ``article_id``). Until those
tables exist the story functions return nothing and report ``available=False``.
Entities are read from the ``entities``/``mentions`` tables ingest writes (an
entity is found by its id or by any spelling of its canonical name); stores
older than those tables fall back to the ``entities`` list in each article's
JSON. Search counts read the narrow ``article_meta`` table (same fallback).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeAlias

from newsweave.errors import NewsweaveError
from newsweave.model import Article
from newsweave.store import APPLICATION_ID, ENTITY_LABELS, SQLITE_MAGIC, entity_id

# Snippet markers: control characters that cannot occur in stored text, split off before rendering.
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"
# Longest search query accepted (characters); longer ones are a 400, not a slow FTS parse.
MAX_QUERY_CHARS = 500
# Searches with more than this many days between first and last hit count per month instead of per day.
DAILY_BUCKETS_MAX_DAYS = 120


def connect(path: str | Path, *, read_only: bool = True) -> sqlite3.Connection:
    """Open a store for the web layer (read-only unless told otherwise).

    Raises:
        NewsweaveError: ``NW401`` when the file is missing or not a newsweave store.
    """
    p = Path(path)
    if not p.is_file():
        raise NewsweaveError("NW401", path=str(p), why="no such file")
    with p.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise NewsweaveError("NW401", path=str(p), why="not an SQLite database")
    uri = p.resolve().as_uri() + ("?mode=ro" if read_only else "")
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=10.0)
    conn.row_factory = sqlite3.Row
    # Page cache per connection (the default 2 MiB keeps little of a 100,000-article store's indexes).
    conn.execute("PRAGMA cache_size = -65536")
    if read_only:
        conn.execute("PRAGMA query_only = ON")
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID or not has_table(conn, "articles"):
        conn.close()
        raise NewsweaveError("NW401", path=str(p), why="a different application's SQLite database")
    return conn


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """True when the store has a table (or virtual table) called ``name``."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


# -- records -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One article in a list: enough to show a line and link to it."""

    id: str
    title: str | None
    site: str | None
    language: str | None
    published: str | None
    lead: str | None = None
    snippet: tuple[tuple[str, bool], ...] = ()  # (text, is_hit) pieces of a search snippet


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a paginated list."""

    items: tuple[Any, ...]
    total: int
    limit: int
    offset: int

    @property
    def has_next(self) -> bool:
        """More items after this page."""
        return self.offset + len(self.items) < self.total


@dataclass(frozen=True, slots=True)
class Bucket:
    """A count for one day (``YYYY-MM-DD``) or month (``YYYY-MM``)."""

    key: str
    count: int


@dataclass(frozen=True, slots=True)
class GroupMemberView:
    """An outlet's copy in a duplicate group, with what it changed against the canonical copy."""

    article: ArticleRow
    relation: str
    similarity: float
    added: tuple[str, ...]  # sentences only this copy has
    cut: tuple[str, ...]  # sentences of the canonical copy this one dropped
    edited: tuple[tuple[str, str], ...]  # (canonical sentence, this copy's version)


@dataclass(frozen=True, slots=True)
class DupGroupView:
    """A duplicate group: the same copy run by several outlets."""

    id: str
    canonical_id: str
    canonical_reason: str
    members: tuple[GroupMemberView, ...]


@dataclass(frozen=True, slots=True)
class ArticleView:
    """Everything the article page shows."""

    article: Article
    seq: int
    run_id: int | None
    group: DupGroupView | None
    version: int | None
    previous_id: str | None
    stories: tuple[tuple[str, str], ...]  # (story id, title)


@dataclass(frozen=True, slots=True)
class StorySummary:
    """A story in the list: size, span, languages, outlets, key entities, articles per day."""

    id: str
    title: str
    n_articles: int
    first: str | None
    last: str | None
    languages: tuple[Bucket, ...]
    sites: tuple[Bucket, ...]
    entities: tuple[Bucket, ...]
    per_day: tuple[Bucket, ...]


@dataclass(frozen=True, slots=True)
class TimelineClaim:
    """A claim shown on a story timeline."""

    content: str
    modality: str
    source: str | None
    cue: str


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated article on a story timeline with its claims."""

    article: ArticleRow
    claims: tuple[TimelineClaim, ...]


@dataclass(frozen=True, slots=True)
class StoryView:
    """The story timeline page: entries in date order, who reported first, who confirmed."""

    summary: StorySummary
    entries: tuple[TimelineEntry, ...]
    first_reported_by: ArticleRow | None
    confirmed_by: tuple[ArticleRow, ...]


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A search with its filters (all optional); ``q`` is free text, never FTS syntax."""

    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    language: str | None = None
    site: str | None = None
    entity: str | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of hits plus counts over time and per outlet for the whole match set."""

    page: Page
    over_time: tuple[Bucket, ...]
    per_site: tuple[Bucket, ...]
    granularity: str  # "day" or "month"


@dataclass(frozen=True, slots=True)
class EntityView:
    """The entity page: what it is called, when it is mentioned, where."""

    name: str
    label: str | None
    n_mentions: int
    aliases: tuple[Bucket, ...]
    over_time: tuple[Bucket, ...]
    articles: tuple[ArticleRow, ...]
    stories: tuple[tuple[str, str], ...] = field(default=())
    id: str | None = None  # the corpus entity id (None in stores without the entities table)


# -- helpers -----------------------------------------------------------------------------

_ROW_COLUMNS = "a.id, a.title, a.site, a.language, a.published, a.lead"


def _row(r: sqlite3.Row, snippet: str | None = None) -> ArticleRow:
    return ArticleRow(
        id=r["id"],
        title=r["title"],
        site=r["site"],
        language=r["language"],
        published=r["published"],
        lead=r["lead"],
        snippet=split_snippet(snippet) if snippet else (),
    )


def split_snippet(snippet: str) -> tuple[tuple[str, bool], ...]:
    """Split an FTS5 snippet with :data:`HIT_OPEN`/:data:`HIT_CLOSE` markers into (text, is_hit) pieces."""
    pieces: list[tuple[str, bool]] = []
    for i, part in enumerate(re.split(f"[{HIT_OPEN}{HIT_CLOSE}]", snippet)):
        if part:
            pieces.append((part, i % 2 == 1))
    return tuple(pieces)


def _buckets(rows: Any) -> tuple[Bucket, ...]:
    return tuple(Bucket(str(k) if k is not None else "?", int(n)) for k, n in rows)


def fts_expression(q: str) -> str | None:
    """Turn free text into a safe FTS5 expression: every word or "quoted phrase" becomes a phrase, ANDed.

    FTS5 operators (``OR``, ``NEAR``, ``*``, ``:``, parentheses) typed by a user are searched as words.
    """
    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', q):
        term = (phrase or word).strip()
        if re.search(r"\w", term):
            parts.append('"' + term.replace('"', '""') + '"')
    return " ".join(parts) or None


def _stories_available(conn: sqlite3.Connection) -> bool:
    return has_table(conn, "stories") and has_table(conn, "story_members")


# -- articles ----------------------------------------------------------------------------


def latest_articles(conn: sqlite3.Connection, limit: int, offset: int) -> Page:
    """Articles, newest publication date first (undated last)."""
    total = int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    rows = conn.execute(
        f"SELECT {_ROW_COLUMNS} FROM articles a ORDER BY a.published IS NULL, a.published DESC, a.seq DESC"
        " LIMIT ? OFFSET ?",
        (limit, offset),
    )
    return Page(tuple(_row(r) for r in rows), total, limit, offset)


def _rows_by_id(conn: sqlite3.Connection, ids: list[str]) -> dict[str, ArticleRow]:
    out: dict[str, ArticleRow] = {}
    for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"SELECT {_ROW_COLUMNS} FROM articles a WHERE a.id IN ({marks})", chunk):
            out[r["id"]] = _row(r)
    return out


def _spans(raw: str | None, text: str) -> tuple[str, ...]:
    """Sentences of ``text`` named by a diff list of ``[start, end]`` spans (strings pass through)."""
    out = []
    for item in json.loads(raw or "[]"):
        if isinstance(item, list) and len(item) >= 2 and all(isinstance(x, int) for x in item[:2]):
            out.append(text[item[0] : item[1]])
        else:
            out.append(str(item))
    return tuple(out)


def _edits(raw: str | None, member: str, canonical: str) -> tuple[tuple[str, str], ...]:
    """``[m_start, m_end, c_start, c_end]`` edit pairs as (canonical sentence, member sentence)."""
    out = []
    for item in json.loads(raw or "[]"):
        if isinstance(item, list) and len(item) == 4 and all(isinstance(x, int) for x in item):
            out.append((canonical[item[2] : item[3]], member[item[0] : item[1]]))
    return tuple(out)


def dup_group(conn: sqlite3.Connection, group_id: str) -> DupGroupView | None:
    """A duplicate group with each member's relation, similarity and diff against the canonical copy.

    The store keeps diffs as character spans (see ``dedupe.sentence_diff``); they are resolved to text here.
    """
    g = conn.execute(
        "SELECT g.id, g.canonical_id, g.canonical_reason, a.text FROM dup_groups g"
        " JOIN articles a ON a.id = g.canonical_id WHERE g.id = ?",
        (group_id,),
    ).fetchone()
    if g is None:
        return None
    canonical = g["text"]
    rows = conn.execute(
        f"SELECT {_ROW_COLUMNS}, a.text, m.relation, m.similarity, m.added, m.cut, m.edited FROM dup_members m"
        " JOIN articles a ON a.id = m.article_id WHERE m.group_id = ? ORDER BY a.seq",
        (group_id,),
    ).fetchall()
    members = tuple(
        GroupMemberView(
            article=_row(r),
            relation=r["relation"],
            similarity=float(r["similarity"]),
            added=_spans(r["added"], r["text"]),
            cut=_spans(r["cut"], canonical),
            edited=_edits(r["edited"], r["text"], canonical),
        )
        for r in rows
    )
    return DupGroupView(g["id"], g["canonical_id"], g["canonical_reason"], members)


def dup_groups(conn: sqlite3.Connection, limit: int, offset: int) -> Page:
    """Duplicate groups, largest first: the agency copies several outlets ran."""
    total = int(conn.execute("SELECT COUNT(*) FROM dup_groups").fetchone()[0])
    ids = [
        r[0] for r in conn.execute("SELECT id FROM dup_groups ORDER BY size DESC, id LIMIT ? OFFSET ?", (limit, offset))
    ]
    groups = tuple(g for g in (dup_group(conn, i) for i in ids) if g is not None)
    return Page(groups, total, limit, offset)


def article(conn: sqlite3.Connection, article_id: str) -> ArticleView | None:
    """The article page's data: the full Article, its duplicate group, version and stories."""
    r = conn.execute("SELECT seq, run_id, json FROM articles WHERE id = ?", (article_id,)).fetchone()
    if r is None:
        return None
    member = conn.execute("SELECT group_id FROM dup_members WHERE article_id = ?", (article_id,)).fetchone()
    version = conn.execute("SELECT version, previous_id FROM versions WHERE article_id = ?", (article_id,)).fetchone()
    return ArticleView(
        article=Article.from_json(r["json"]),
        seq=int(r["seq"]),
        run_id=r["run_id"],
        group=dup_group(conn, member[0]) if member else None,
        version=int(version[0]) if version else None,
        previous_id=version[1] if version else None,
        stories=stories_of(conn, [article_id]),
    )


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Headline counts: articles, languages, outlets, duplicate groups, stories."""
    q = conn.execute
    return {
        "articles": int(q("SELECT COUNT(*) FROM articles").fetchone()[0]),
        "languages": dict(q("SELECT COALESCE(language, '?'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC")),
        "sites": dict(q("SELECT COALESCE(site, '?'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC LIMIT 20")),
        "dup_groups": int(q("SELECT COUNT(*) FROM dup_groups").fetchone()[0]),
        "stories": int(q("SELECT COUNT(*) FROM stories").fetchone()[0]) if _stories_available(conn) else None,
    }


# -- stories -----------------------------------------------------------------------------


def stories_of(conn: sqlite3.Connection, article_ids: list[str]) -> tuple[tuple[str, str], ...]:
    """Stories (id, title) that contain any of these articles."""
    if not article_ids or not _stories_available(conn):
        return ()
    marks = ",".join("?" * len(article_ids[:500]))
    rows = conn.execute(
        "SELECT DISTINCT s.id, s.title FROM story_members m JOIN stories s ON s.id = m.story_id"
        f" WHERE m.article_id IN ({marks}) ORDER BY s.id LIMIT 50",
        article_ids[:500],
    )
    return tuple((str(r[0]), str(r[1] or r[0])) for r in rows)


def _story_summary(conn: sqlite3.Connection, story_id: str, title: str | None) -> StorySummary:
    base = " FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ?"
    span = conn.execute(f"SELECT COUNT(*), MIN(a.published), MAX(a.published){base}", (story_id,)).fetchone()
    entities = conn.execute(
        "SELECT e.name, COUNT(DISTINCT mn.article_id) FROM story_members m JOIN mentions mn"
        " ON mn.article_id = m.article_id JOIN entities e ON e.id = mn.entity_id"
        " WHERE m.story_id = ? GROUP BY e.id ORDER BY 2 DESC, 1 LIMIT 8"
        if has_table(conn, "mentions")
        else "SELECT json_extract(e.value, '$.entity'), COUNT(DISTINCT a.id) FROM story_members m"
        " JOIN articles a ON a.id = m.article_id, json_each(a.json, '$.entities') e"
        " WHERE m.story_id = ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 8",
        (story_id,),
    )
    return StorySummary(
        id=story_id,
        title=title or story_id,
        n_articles=int(span[0]),
        first=span[1],
        last=span[2],
        languages=_buckets(conn.execute(f"SELECT a.language, COUNT(*){base} GROUP BY 1 ORDER BY 2 DESC", (story_id,))),
        sites=_buckets(conn.execute(f"SELECT a.site, COUNT(*){base} GROUP BY 1 ORDER BY 2 DESC LIMIT 12", (story_id,))),
        entities=_buckets(entities),
        per_day=_buckets(
            conn.execute(
                f"SELECT substr(a.published, 1, 10), COUNT(*){base} AND a.published IS NOT NULL GROUP BY 1 ORDER BY 1",
                (story_id,),
            )
        ),
    )


def stories(conn: sqlite3.Connection, limit: int, offset: int) -> tuple[Page, bool]:
    """A page of stories, largest first, and whether the store has stories at all."""
    if not _stories_available(conn):
        return Page((), 0, limit, offset), False
    total = int(conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0])
    rows = conn.execute(
        "SELECT s.id, s.title FROM stories s LEFT JOIN story_members m ON m.story_id = s.id"
        " GROUP BY s.id ORDER BY COUNT(m.article_id) DESC, s.id LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    return Page(tuple(_story_summary(conn, r[0], r[1]) for r in rows), total, limit, offset), True


def _timeline_claims(article: Article) -> tuple[TimelineClaim, ...]:
    return tuple(TimelineClaim(c.content, c.modality, c.source, c.cue) for c in article.claims)


def story(conn: sqlite3.Connection, story_id: str) -> StoryView | None:
    """A story's timeline: its articles in date order with their claims; first reporter; confirmers."""
    if not _stories_available(conn):
        return None
    s = conn.execute("SELECT id, title FROM stories WHERE id = ?", (story_id,)).fetchone()
    if s is None:
        return None
    rows = conn.execute(
        f"SELECT {_ROW_COLUMNS}, a.json FROM story_members m JOIN articles a ON a.id = m.article_id"
        " WHERE m.story_id = ? ORDER BY a.published IS NULL, a.published, a.seq LIMIT 500",
        (story_id,),
    ).fetchall()
    entries = tuple(TimelineEntry(_row(r), _timeline_claims(Article.from_json(r["json"]))) for r in rows)
    confirmed = tuple(e.article for e in entries if any(c.modality == "confirmed" for c in e.claims))
    dated = [e.article for e in entries if e.article.published]
    return StoryView(_story_summary(conn, s[0], s[1]), entries, dated[0] if dated else None, confirmed)


# -- search ------------------------------------------------------------------------------

# A JSON string needle that must occur in an article's JSON for it to mention an entity: a cheap
# prefilter before json_each (stores without the mentions table only).
_ENTITY_FILTER_JSON = (
    " AND m.seq IN (SELECT a.seq FROM articles a WHERE instr(a.json, ?) > 0 AND EXISTS"
    " (SELECT 1 FROM json_each(a.json, '$.entities') e WHERE json_extract(e.value, '$.entity') = ?))"
)


def _entity_ids(conn: sqlite3.Connection, name: str) -> list[str]:
    """Ids an entity filter value may mean: itself (an id), its name under every label (any
    spelling that folds alike), and the entities stored under that canonical name. Only when none
    of those exists are aliases searched (a gazetteer entity's id comes from its key, so
    ``Nordkoreas`` or ``north korea`` finds the entity stored as ``Nordkorea``); that search is one
    C-level scan of the entities table, ASCII case-folded."""
    by_name = [entity_id(name, label) for label in ENTITY_LABELS]
    marks = ",".join("?" * len(by_name))
    found = conn.execute(f"SELECT id FROM entities WHERE name = ? OR id IN ({marks})", (name, *by_name)).fetchall()
    if not found:
        needle = json.dumps(name, ensure_ascii=False).lower()
        found = conn.execute("SELECT id FROM entities WHERE instr(lower(aliases), ?) > 0", (needle,)).fetchall()
    return list(dict.fromkeys([name, *by_name, *(str(r[0]) for r in found)]))


def _entity_filter(conn: sqlite3.Connection, name: str) -> tuple[str, list[Any]]:
    if not has_table(conn, "mentions"):
        return _ENTITY_FILTER_JSON, [json.dumps(name, ensure_ascii=False), name]
    ids = _entity_ids(conn, name)
    marks = ",".join("?" * len(ids))
    return f" AND m.id IN (SELECT article_id FROM mentions WHERE entity_id IN ({marks}))", ids


def _filters(conn: sqlite3.Connection, sq: SearchQuery) -> tuple[str, list[Any]]:
    """The WHERE tail for a search's filters over the metadata alias ``m``: fixed fragments, values as parameters."""
    sql, params = "", []
    if sq.language:
        sql += " AND m.language = ?"
        params.append(sq.language)
    if sq.site:
        sql += " AND m.site = ?"
        params.append(sq.site)
    if sq.date_from:
        sql += " AND m.published >= ?"
        params.append(sq.date_from.isoformat())
    if sq.date_to:
        sql += " AND m.published < ?"  # dates are ISO strings; the day after makes date_to inclusive
        params.append((sq.date_to + timedelta(days=1)).isoformat())
    if sq.entity:
        frag, values = _entity_filter(conn, sq.entity)
        sql += frag
        params += values
    return sql, params


# Matches per day, matches per outlet, and the seqs of one page.
_Counts: TypeAlias = tuple[Counter[str | None], Counter[str | None], list[int]]


def _meta_table(conn: sqlite3.Connection) -> str:
    """The narrow metadata table (``seq, published, site, language``), or ``articles`` in older stores."""
    return "article_meta" if has_table(conn, "article_meta") else "articles"


def _hits(conn: sqlite3.Connection, seqs: list[int], expr: str | None) -> tuple[ArticleRow, ...]:
    """Article rows (with a snippet when searching words) for one page of ``seq``s, in that order."""
    if not seqs:
        return ()
    marks = ",".join("?" * len(seqs))
    if expr:
        snippet = f"snippet(articles_fts, -1, '{HIT_OPEN}', '{HIT_CLOSE}', '…', 16)"
        sql = (
            f"SELECT {_ROW_COLUMNS}, a.seq, {snippet} AS snip FROM articles_fts f JOIN articles a ON a.seq = f.rowid"
            f" WHERE articles_fts MATCH ? AND f.rowid IN ({marks})"
        )
        rows = conn.execute(sql, [expr, *seqs]).fetchall()
    else:
        rows = conn.execute(
            f"SELECT {_ROW_COLUMNS}, a.seq, NULL AS snip FROM articles a WHERE a.seq IN ({marks})", seqs
        ).fetchall()
    by_seq = {r["seq"]: _row(r, r["snip"]) for r in rows}
    return tuple(by_seq[s] for s in seqs if s in by_seq)


def _matches(conn: sqlite3.Connection, source: str, params: list[Any], sq: SearchQuery) -> _Counts:
    """Counts per day and outlet, and one page of ``seq``s best match first, from one FTS pass.

    The matches are materialised once inside SQLite and aggregated there: only the buckets and
    the page's rows cross into Python (fetching every match as a row cost ~2 µs each).
    """
    sql = (
        "WITH h AS MATERIALIZED (SELECT m.seq AS seq, substr(m.published, 1, 10) AS day, m.site AS site,"
        f" f.rank AS rank{source})"
        " SELECT 'day', day, COUNT(*), NULL FROM h GROUP BY day"
        " UNION ALL SELECT 'site', site, COUNT(*), NULL FROM h GROUP BY site"
        " UNION ALL SELECT * FROM (SELECT 'page', NULL, seq, rank FROM h ORDER BY rank, seq LIMIT ? OFFSET ?)"
    )
    days: Counter[str | None] = Counter()
    sites: Counter[str | None] = Counter()
    page: list[tuple[float, int]] = []
    for kind, key, n, rank in conn.execute(sql, [*params, sq.limit, sq.offset]):
        if kind == "page":
            page.append((rank, n))
        else:
            (days if kind == "day" else sites)[key] = n
    return days, sites, [seq for _, seq in sorted(page)]


def _filtered(conn: sqlite3.Connection, source: str, params: list[Any], sq: SearchQuery) -> _Counts:
    """Counts per day and outlet, and one page of ``seq``s newest first, for a search without words."""
    days: Counter[str | None] = Counter()
    sites: Counter[str | None] = Counter()
    for day, site, n in conn.execute(
        f"SELECT substr(m.published, 1, 10), m.site, COUNT(*){source} GROUP BY 1, 2", params
    ):
        days[day] += n
        sites[site] += n
    order = "m.published IS NULL, m.published DESC, m.seq DESC"
    page = conn.execute(f"SELECT m.seq{source} ORDER BY {order} LIMIT ? OFFSET ?", [*params, sq.limit, sq.offset])
    return days, sites, [r[0] for r in page]


def search(conn: sqlite3.Connection, sq: SearchQuery) -> SearchResult:
    """Full-text search (FTS5, best match first) with filters, counts over time and per outlet.

    Without words the filters alone select articles, newest first. The counts and the rank order
    come from the matches' narrow ``article_meta`` rows; only the page's rows read the wide ones.
    """
    expr = fts_expression(sq.q)
    where, params = _filters(conn, sq)
    meta = _meta_table(conn)
    if expr:
        source = f" FROM articles_fts f JOIN {meta} m ON m.seq = f.rowid WHERE articles_fts MATCH ?" + where
        days, sites, seqs = _matches(conn, source, [expr, *params], sq)
    else:
        days, sites, seqs = _filtered(conn, f" FROM {meta} m WHERE 1 = 1" + where, params, sq)
    per_site = _buckets(sorted(sites.items(), key=lambda kv: (-kv[1], kv[0] or ""))[:10])
    over_time, granularity = _over_time(sorted((d, n) for d, n in days.items() if d))
    page = Page(_hits(conn, seqs, expr), sum(days.values()), sq.limit, sq.offset)
    return SearchResult(page, over_time, per_site, granularity)


def _over_time(days: list[tuple[str, int]]) -> tuple[tuple[Bucket, ...], str]:
    """Per-day buckets, or per-month ones when the hits span more than DAILY_BUCKETS_MAX_DAYS."""
    try:
        span = (date.fromisoformat(days[-1][0]) - date.fromisoformat(days[0][0])).days if days else 0
    except ValueError:
        span = DAILY_BUCKETS_MAX_DAYS + 1
    if span <= DAILY_BUCKETS_MAX_DAYS:
        return tuple(Bucket(d, n) for d, n in days), "day"
    months: Counter[str] = Counter()
    for d, n in days:
        months[d[:7]] += n
    return tuple(Bucket(m, n) for m, n in sorted(months.items())), "month"


# -- entities ----------------------------------------------------------------------------

# Most articles listed on an entity page (newest first).
ENTITY_ARTICLES = 50


def _entity_articles(conn: sqlite3.Connection, where: str, ids: list[str]) -> tuple[list[tuple[str, int]], list[str]]:
    """Mentions per day and the ids of the 500 newest articles, from one pass over the entity's mentions."""
    sql = (
        "WITH h AS MATERIALIZED (SELECT mn.article_id AS id, m.published AS published FROM mentions mn"
        f" JOIN articles a ON a.id = mn.article_id JOIN {_meta_table(conn)} m ON m.seq = a.seq{where})"
        " SELECT 'day', substr(published, 1, 10), COUNT(*) FROM h WHERE published IS NOT NULL GROUP BY 2"
        " UNION ALL SELECT * FROM (SELECT 'article', id, MAX(published) AS last FROM h GROUP BY id"
        " ORDER BY last DESC, id DESC LIMIT 500)"
    )
    days: list[tuple[str, int]] = []
    newest: list[tuple[str, str]] = []
    for kind, key, value in conn.execute(sql, ids):
        if kind == "day":
            days.append((str(key), int(value)))
        else:
            newest.append((value or "", key))
    return sorted(days), [i for _, i in sorted(newest, reverse=True)]


def entity(conn: sqlite3.Connection, name: str) -> EntityView | None:
    """An entity by id or canonical name (any spelling that folds alike): label, aliases, mentions, articles.

    Counted in SQL over ``mentions`` (a frequent entity has tens of thousands of mentions).
    """
    if not has_table(conn, "mentions"):
        return _entity_from_json(conn, name)
    ids = _entity_ids(conn, name)
    where = f" WHERE mn.entity_id IN ({','.join('?' * len(ids))})"
    counts = conn.execute(f"SELECT entity_id, COUNT(*) FROM mentions mn{where} GROUP BY 1 ORDER BY 2 DESC", ids)
    per_id = counts.fetchall()
    if not per_id:
        return None
    main = per_id[0][0]
    ent = conn.execute("SELECT name, label FROM entities WHERE id = ?", (main,)).fetchone()
    aliases = conn.execute(f"SELECT text, COUNT(*) FROM mentions mn{where} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20", ids)
    days, newest = _entity_articles(conn, where, ids)
    by_id = _rows_by_id(conn, newest[:ENTITY_ARTICLES])
    return EntityView(
        name=ent["name"] if ent else name,
        label=ent["label"] if ent else None,
        n_mentions=sum(int(n) for _, n in per_id),
        aliases=_buckets(aliases),
        over_time=_over_time(days)[0],
        articles=tuple(by_id[i] for i in newest[:ENTITY_ARTICLES] if i in by_id),
        stories=stories_of(conn, newest),
        id=main,
    )


def _entity_from_json(conn: sqlite3.Connection, name: str) -> EntityView | None:
    """:func:`entity` for stores without the ``mentions`` table: scans the articles' JSON."""
    rows = conn.execute(
        f"SELECT {_ROW_COLUMNS}, json_extract(e.value, '$.text') AS surface, json_extract(e.value, '$.label') AS label"
        " FROM articles a, json_each(a.json, '$.entities') e"
        " WHERE instr(a.json, ?) > 0 AND json_extract(e.value, '$.entity') = ?",
        (json.dumps(name, ensure_ascii=False), name),
    ).fetchall()
    if not rows:
        return None
    aliases = Counter(str(r["surface"]) for r in rows)
    labels = Counter(str(r["label"]) for r in rows)
    days = Counter((r["published"] or "")[:10] for r in rows if r["published"])
    arts = {r["id"]: _row(r) for r in rows}
    newest = sorted(arts.values(), key=lambda a: a.published or "", reverse=True)
    over_time, _ = _over_time(sorted(days.items()))
    return EntityView(
        name=name,
        label=labels.most_common(1)[0][0],
        n_mentions=len(rows),
        aliases=tuple(Bucket(k, n) for k, n in aliases.most_common(20)),
        over_time=over_time,
        articles=tuple(newest[:ENTITY_ARTICLES]),
        stories=stories_of(conn, list(arts)),
    )
