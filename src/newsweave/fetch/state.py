"""Live-source state in the store: sources, the entry queue and the fetch log.

Consumes outcomes of the watch cycle; produces rows in tables added by store
migrations 9 and 10 (see ``docs/sources.md``):

* ``live_sources`` one row per source URL: kind, last fetch, ETag/Last-Modified, counts,
  consecutive failures and the last error (``newsweave sources`` shows them as health);
* ``live_entries`` every article URL ever listed, canonical, with its state
  (``pending`` → ``stored``/``rejected``, or ``retry`` after a transient failure): the
  primary key is what makes an entry fetched once across cycles, and ``pending`` rows are
  what an interrupted watch resumes from;
* ``fetch_log`` one row per HTTP request made for a source or an entry;
* ``live_listings`` (migration 10) the ETag/Last-Modified of child listings (sitemaps of a
  sitemap index, feeds found on a homepage), so they are fetched conditionally too.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from newsweave.fetch.http import Fetched
from newsweave.store import Store, migration

# An entry that failed transiently (timeout, 429/5xx, connection) is retried in later cycles
# this many times in all before it counts as rejected.
MAX_TRIES = 3


@migration(9, "live sources: live_sources, live_entries, fetch_log")
def _live_tables(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE live_sources (url TEXT PRIMARY KEY, kind TEXT, added TEXT NOT NULL, last_fetch TEXT,"
        " last_ok TEXT, last_status INTEGER, etag TEXT, last_modified TEXT, entries INTEGER NOT NULL DEFAULT 0,"
        " articles INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,"
        " errors INTEGER NOT NULL DEFAULT 0, last_code TEXT, last_error TEXT) WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TABLE live_entries (url TEXT PRIMARY KEY, source TEXT NOT NULL, found TEXT NOT NULL,"
        " state TEXT NOT NULL DEFAULT 'pending', tries INTEGER NOT NULL DEFAULT 0, code TEXT,"
        " article_id TEXT, fetched TEXT) WITHOUT ROWID"
    )
    conn.execute("CREATE INDEX live_entries_todo ON live_entries(source, state)")
    conn.execute(
        "CREATE TABLE fetch_log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, run_id INTEGER, source TEXT,"
        " url TEXT NOT NULL, role TEXT NOT NULL, status INTEGER, bytes INTEGER NOT NULL DEFAULT 0,"
        " ms INTEGER, http TEXT, code TEXT, message TEXT)"
    )


@migration(10, "live sources: validators of child listings")
def _listing_table(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE live_listings (url TEXT PRIMARY KEY, source TEXT NOT NULL, etag TEXT, last_modified TEXT,"
        " last_fetch TEXT NOT NULL) WITHOUT ROWID"
    )


def now() -> str:
    """UTC now, ISO seconds (the format of every time column)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class SourceState:
    """One row of ``live_sources``."""

    url: str
    kind: str | None
    last_fetch: str | None
    last_ok: str | None
    last_status: int | None
    etag: str | None
    last_modified: str | None
    entries: int
    articles: int
    failures: int
    errors: int
    last_code: str | None
    last_error: str | None

    @property
    def health(self) -> str:
        """``new`` (never fetched), ``ok``, or ``failing`` (the last fetch failed)."""
        if self.last_fetch is None:
            return "new"
        return "ok" if self.failures == 0 else "failing"


_COLUMNS = "url, kind, last_fetch, last_ok, last_status, etag, last_modified, entries, articles, failures, errors,"
_COLUMNS += " last_code, last_error"


def add_sources(store: Store, urls: list[str]) -> None:
    """Register source URLs (existing ones keep their state)."""
    stamp = now()
    store.conn.executemany("INSERT OR IGNORE INTO live_sources (url, added) VALUES (?, ?)", [(u, stamp) for u in urls])


def sources(store: Store, urls: list[str] | None = None) -> list[SourceState]:
    """State of the given sources (all when None), in the order asked or added."""
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM live_sources ORDER BY added, url").fetchall()
    states = {r[0]: SourceState(*r) for r in rows}
    return list(states.values()) if urls is None else [states[u] for u in urls if u in states]


def record_ok(store: Store, url: str, kind: str, got: Fetched, new_entries: int) -> None:
    """A source fetched (or answered 304): remember validators, reset its failure count."""
    etag, modified = got.headers.get("etag"), got.headers.get("last-modified")
    stamp = now()
    store.conn.execute(
        "UPDATE live_sources SET kind = ?, last_fetch = ?, last_ok = ?, last_status = ?,"
        " etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), entries = entries + ?,"
        " failures = 0 WHERE url = ?",
        (kind, stamp, stamp, got.status, etag, modified, new_entries, url),
    )


def record_failure(store: Store, url: str, code: str, message: str, status: int | None = None) -> None:
    """A source that could not be read this cycle."""
    store.conn.execute(
        "UPDATE live_sources SET last_fetch = ?, last_status = ?, failures = failures + 1, errors = errors + 1,"
        " last_code = ?, last_error = ? WHERE url = ?",
        (now(), status, code, message, url),
    )


def queue_entries(store: Store, source: str, urls: list[str]) -> int:
    """Add entry URLs not seen before (from any source); return how many were new."""
    stamp = now()
    before = store.conn.total_changes
    store.conn.executemany(
        "INSERT OR IGNORE INTO live_entries (url, source, found) VALUES (?, ?, ?)", [(u, source, stamp) for u in urls]
    )
    return store.conn.total_changes - before


def todo(store: Store, source: str, limit: int) -> list[str]:
    """Entries of ``source`` still to fetch (pending or to retry), oldest first."""
    rows = store.conn.execute(
        "SELECT url FROM live_entries WHERE source = ? AND state IN ('pending', 'retry') ORDER BY found, url LIMIT ?",
        (source, limit),
    )
    return [r[0] for r in rows]


def finish_entry(
    store: Store, url: str, *, article_id: str | None = None, code: str | None = None, retry: bool = False
) -> None:
    """Record an entry's outcome: stored as ``article_id``, rejected with ``code``, or to retry."""
    if article_id is not None:
        state = "stored"
    else:
        tries = store.conn.execute("SELECT tries FROM live_entries WHERE url = ?", (url,)).fetchone()
        state = "retry" if retry and tries and tries[0] + 1 < MAX_TRIES else "rejected"
    store.conn.execute(
        "UPDATE live_entries SET state = ?, tries = tries + 1, code = ?, article_id = ?, fetched = ? WHERE url = ?",
        (state, code, article_id, now(), url),
    )
    if article_id is not None:
        store.conn.execute(
            "UPDATE live_sources SET articles = articles + 1"
            " WHERE url = (SELECT source FROM live_entries WHERE url = ?)",
            (url,),
        )


@dataclass(frozen=True, slots=True)
class LogLine:
    """One request for the fetch log."""

    url: str
    role: str  # "source", "listing" (a child sitemap or discovered feed) or "entry"
    source: str | None = None
    status: int | None = None
    size: int = 0
    ms: int | None = None
    http: str | None = None
    code: str | None = None
    message: str | None = None


def log(store: Store, run_id: int | None, line: LogLine) -> None:
    """Append to the fetch log."""
    store.conn.execute(
        "INSERT INTO fetch_log (at, run_id, source, url, role, status, bytes, ms, http, code, message)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (now(), run_id, line.source, line.url, line.role, line.status, line.size, line.ms, line.http, line.code,
         line.message),
    )  # fmt: skip


def entry_counts(store: Store) -> dict[str, dict[str, int]]:
    """Entries per source and state (for ``newsweave sources``)."""
    out: dict[str, dict[str, int]] = {}
    for source, state, n in store.conn.execute("SELECT source, state, COUNT(*) FROM live_entries GROUP BY 1, 2"):
        out.setdefault(source, {})[state] = n
    return out


Validators = dict[str, tuple[str | None, str | None]]


def listing_validators(store: Store) -> Validators:
    """``{url: (etag, last_modified)}`` of every child listing seen before."""
    return {r[0]: (r[1], r[2]) for r in store.conn.execute("SELECT url, etag, last_modified FROM live_listings")}


def record_listing(store: Store, source: str, got: Fetched) -> None:
    """Remember a child listing's validators (a 304 keeps the old ones)."""
    store.conn.execute(
        "INSERT INTO live_listings (url, source, etag, last_modified, last_fetch) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(url) DO UPDATE SET etag = COALESCE(excluded.etag, etag),"
        " last_modified = COALESCE(excluded.last_modified, last_modified), last_fetch = excluded.last_fetch",
        (got.url, source, got.headers.get("etag"), got.headers.get("last-modified"), now()),
    )
