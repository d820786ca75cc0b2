"""Tests of newsweave.store: schema, migrations, refusing foreign files, articles and their parts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsweave.errors import NewsweaveError
from newsweave.model import Image, Related
from newsweave.store import MIGRATIONS, Store
from tests.storedata import article, as_dict, corpus


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "s.db") as s:
        yield s  # type: ignore[misc]


def test_new_store_is_wal_and_records_migrations(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [r[0] for r in store.conn.execute("SELECT version FROM _migrations ORDER BY version")]
    assert versions == sorted(MIGRATIONS)
    assert store.migrate() == []  # nothing left to apply


def test_reopen_keeps_data(tmp_path: Path) -> None:
    art = corpus(1)[0]
    with Store.open(tmp_path / "s.db") as s, s.transaction():
        s.add_article(art, "h")
    with Store.open(tmp_path / "s.db") as s:
        assert s.article(art.id) == art


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"just some text, not a database\n" * 10, "NW401"),
        (b"SQLite format 3\x00" + b"\x07" * 4000, "NW401"),  # right magic, corrupt pages
    ],
)
def test_foreign_or_corrupt_file_is_refused(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(content)
    with pytest.raises(NewsweaveError) as err:
        Store.open(path)
    assert err.value.code == code


def test_other_applications_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(NewsweaveError) as err:
        Store.open(path)
    assert err.value.code == "NW401"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _migrations VALUES (999, 'from the future', NULL)")
    conn.commit()
    conn.close()
    with pytest.raises(NewsweaveError) as err:
        Store.open(path)
    assert err.value.code == "NW402"


def test_article_round_trip_parts_and_fts(store: Store) -> None:
    import random
    from dataclasses import replace

    art = article(1, random.Random(1))
    art = replace(art, images=(Image("Ein Bild", "Foto: APA"),), related=(Related("Mehr dazu", url="https://x/1"),))
    with store.transaction():
        assert store.add_article(art, "hash") == 1
        assert store.add_article(art, "hash") is None  # same content id: nothing added
    assert as_dict(store.article(art.id)) == as_dict(art)  # type: ignore[arg-type]
    assert store.count("blocks") == len(art.body)
    assert store.conn.execute("SELECT caption, credit FROM images").fetchone() == ("Ein Bild", "Foto: APA")
    word = art.body[0].text.split()[1]
    hits = store.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (f'"{word}"',)).fetchall()
    assert (1,) in hits


def test_changed_page_at_same_url_becomes_a_linked_version(store: Store) -> None:
    import random
    from dataclasses import replace

    from newsweave.model import with_id

    old = article(1, random.Random(1))
    new = with_id(replace(old, text=old.text + "\n\nKorrektur: Die Zahl wurde berichtigt."))
    with store.transaction():
        store.add_article(old, "a")
        assert store.link_version(old) is None
        store.add_article(new, "b")
        assert store.link_version(new) == 2
    rows = store.conn.execute("SELECT article_id, version, previous_id FROM versions ORDER BY version").fetchall()
    assert rows == [(old.id, 1, None), (new.id, 2, old.id)]


def test_stats_and_unknown_table(store: Store) -> None:
    assert store.stats()["articles"] == 0
    with pytest.raises(NewsweaveError):
        store.count("articles; DROP TABLE articles")


def test_every_stage_schema_is_applied_whichever_command_opens_the_store(tmp_path: Path) -> None:
    """Stories and live-source tables come with every store, not only after their command ran."""
    from newsweave.store import SCHEMA_MODULES

    assert SCHEMA_MODULES
    with Store.open(tmp_path / "s.db") as store:
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"stories", "story_members", "live_sources", "fetch_log"} <= tables
