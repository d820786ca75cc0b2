"""The whole pipeline on the bundled samples: ingest (extract, enrich, dedupe) → stories → web API.

One CLI ingest of ``samples/text`` and ``samples/html`` (German and English pages; the same dpa and
Reuters copies run by two outlets each) into a temporary store, then checks on what every stage
left there and on what the JSON API serves from it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from newsweave.cli import load_commands
from newsweave.model import Article, Claim, Mention, with_id
from newsweave.store import Store
from newsweave.web.app import create_app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
INPUTS = [SAMPLES / "text", SAMPLES / "html"]
# Sample files (by name) that are the same agency copy run by two outlets.
DPA_KIM = ("de-kim-wladiwostok-kurier.txt", "de-kim-wladiwostok-tagblatt.txt")
REUTERS_NOTRE_DAME = ("en-notre-dame-courier.txt", "en-notre-dame-gazette.txt")
# Every sample page about the Kim–Putin summit, German and English, text and HTML.
KIM_PUTIN = (*DPA_KIM, "de-kim-besuch-angekuendigt-rundschau.html", "en-kim-putin-vladivostok-worldwire.html")


def _ingest(db: Path, *extra: str) -> str:
    args = ["ingest", *map(str, INPUTS), "--db", str(db), "--quiet", "--parallel", "2", *extra]
    result = CliRunner().invoke(load_commands(), args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("pipeline") / "samples.db"
    _ingest(db)
    return db


@pytest.fixture(scope="module")
def conn(store: Path) -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(store)
    yield c
    c.close()


@pytest.fixture(scope="module")
def client(store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store), base_url="http://127.0.0.1") as c:
        yield c


def _ids(conn: sqlite3.Connection, names: tuple[str, ...]) -> list[str]:
    """Article ids of sample files, in the order given."""
    rows = dict(conn.execute("SELECT source, id FROM articles").fetchall())
    by_name = {Path(source).name: aid for source, aid in rows.items()}
    return [by_name[n] for n in names]


def test_articles_and_rejections_add_up_to_the_inputs(conn: sqlite3.Connection) -> None:
    inputs = sum(1 for d in INPUTS for p in d.iterdir() if p.is_file())
    articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    rejected = conn.execute("SELECT COUNT(*) FROM rejections").fetchone()[0]
    assert conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == inputs
    assert articles + rejected == inputs
    assert articles >= inputs - 1  # every sample is a real article page


@pytest.mark.parametrize("copies", [DPA_KIM, REUTERS_NOTRE_DAME])
def test_agency_copies_form_a_group_with_a_canonical_member(conn: sqlite3.Connection, copies: tuple[str, str]) -> None:
    ids = _ids(conn, copies)
    groups = {conn.execute("SELECT group_id FROM dup_members WHERE article_id = ?", (i,)).fetchone()[0] for i in ids}
    assert len(groups) == 1
    canonical, reason, size = conn.execute(
        "SELECT canonical_id, canonical_reason, size FROM dup_groups WHERE id = ?", (groups.pop(),)
    ).fetchone()
    assert canonical in ids and size == 2
    assert reason in {"agency-line", "earliest"}


def _entity_by_alias(conn: sqlite3.Connection, alias: str, label: str) -> str:
    """The one stored entity of ``label`` that has ``alias`` among its aliases."""
    rows = conn.execute(
        "SELECT e.id FROM entities e, json_each(e.aliases) a WHERE e.label = ? AND a.value = ?", (label, alias)
    ).fetchall()
    assert len(rows) == 1, (alias, rows)
    return str(rows[0][0])


def _languages(conn: sqlite3.Connection, eid: str) -> set[str]:
    rows = conn.execute(
        "SELECT DISTINCT a.language FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?",
        (eid,),
    ).fetchall()
    return {lang for (lang,) in rows}


@pytest.mark.parametrize(
    ("german", "english", "label"),
    [
        ("Wladimir Putin", "Vladimir Putin", "PER"),  # transliteration
        ("Nordkorea", "North Korea", "LOC"),  # exonym: one gazetteer key (iso:KP)
        ("Kreml", "Kremlin", "ORG"),
    ],
)
def test_entities_are_resolved_across_spellings_and_languages(
    conn: sqlite3.Connection, german: str, english: str, label: str
) -> None:
    eid = _entity_by_alias(conn, german, label)
    assert eid == _entity_by_alias(conn, english, label)  # one entity, whichever spelling came first
    assert _languages(conn, eid) == {"de", "en"}


def test_every_mention_has_its_entity(conn: sqlite3.Connection) -> None:
    kim = conn.execute("SELECT label FROM entities WHERE name = 'Kim Jong-un'").fetchone()
    assert kim == ("PER",)
    dangling = conn.execute(
        "SELECT COUNT(*) FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id WHERE e.id IS NULL"
    ).fetchone()[0]
    assert dangling == 0


def test_entity_page_finds_a_keyed_entity_by_either_name(conn: sqlite3.Connection) -> None:
    from newsweave.web.queries import entity

    eid = _entity_by_alias(conn, "Nordkorea", "LOC")
    name = conn.execute("SELECT name FROM entities WHERE id = ?", (eid,)).fetchone()[0]
    conn.row_factory = sqlite3.Row
    try:
        view = entity(conn, "North Korea" if name == "Nordkorea" else "Nordkorea")
    finally:
        conn.row_factory = None
    assert view is not None and view.id == eid
    surfaces = {b.key for b in view.aliases}  # as written: "Nordkoreas", "North Korea's" ...
    assert any(s.startswith("Nordkorea") for s in surfaces) and any(s.startswith("North Korea") for s in surfaces)


def test_mentions_claims_and_times_match_the_stored_articles(conn: sqlite3.Connection) -> None:
    """The tables hold exactly what each article's JSON says, with offsets into its text."""
    for aid, raw, text in conn.execute("SELECT id, json, text FROM articles").fetchall():
        art = json.loads(raw)
        mentions = conn.execute('SELECT start, "end", text FROM mentions WHERE article_id = ?', (aid,)).fetchall()
        assert sorted(mentions) == sorted((m["start"], m["end"], m["text"]) for m in art["entities"])
        assert all(text[s:e] == t for s, e, t in mentions)
        claims = conn.execute("SELECT COUNT(*) FROM claims WHERE article_id = ?", (aid,)).fetchone()[0]
        assert claims == len(art["claims"])
        times = conn.execute("SELECT COUNT(*) FROM time_expressions WHERE article_id = ?", (aid,)).fetchone()[0]
        assert times == len(art["time_expressions"])
    kim = _ids(conn, DPA_KIM[:1])[0]
    modalities = {m for (m,) in conn.execute("SELECT modality FROM claims WHERE article_id = ?", (kim,))}
    assert modalities and modalities <= {"confirmed", "announced", "reported", "unconfirmed", "denied"}
    assert conn.execute("SELECT COUNT(DISTINCT article_id) FROM time_expressions").fetchone()[0] >= 4


def test_kim_putin_articles_share_a_story(conn: sqlite3.Connection) -> None:
    ids = _ids(conn, KIM_PUTIN)
    marks = ",".join("?" * len(ids))
    stories = conn.execute(f"SELECT DISTINCT story_id FROM story_members WHERE article_id IN ({marks})", ids)
    assert len(stories.fetchall()) == 1
    assert (
        conn.execute("SELECT COUNT(*) FROM story_members").fetchone()[0]
        == conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    )


def test_web_api_serves_stories_articles_search_and_entities(conn: sqlite3.Connection, client: TestClient) -> None:
    kim_ids = _ids(conn, KIM_PUTIN)
    story = conn.execute("SELECT story_id FROM story_members WHERE article_id = ?", (kim_ids[0],)).fetchone()[0]
    stories: dict[str, Any] = client.get("/api/stories?limit=50").json()
    assert story in {s["id"] for s in stories["items"]}

    body = client.get(f"/api/articles/{kim_ids[0]}").json()
    assert body["ok"] and body["article"]["claims"] and body["article"]["entities"]
    assert body["group"]["canonical_id"] in kim_ids[:2]
    assert story in {s["id"] for s in body["stories"]}

    hits = client.get("/api/search?q=Putin").json()
    assert set(kim_ids) <= {h["id"] for h in hits["items"]}
    assert hits["total"] == len(hits["items"]) and sum(b["count"] for b in hits["per_site"]) == hits["total"]
    only_en = client.get("/api/search", params={"q": "Putin", "language": "en"}).json()
    assert {h["language"] for h in only_en["items"]} == {"en"}

    putin = _entity_by_alias(conn, "Vladimir Putin", "PER")
    entity = client.get(f"/api/entities/{putin}").json()["entity"]
    assert entity["id"] == putin and entity["label"] == "PER"
    assert {a["id"] for a in entity["articles"]} >= set(kim_ids[2:])
    by_other_spelling = client.get("/api/entities/Wladimir Putin").json()["entity"]
    assert by_other_spelling["id"] == putin
    filtered = client.get("/api/search", params={"q": "Kim", "entity": "Vladimir Putin"}).json()
    assert filtered["total"] >= 3 and {h["id"] for h in filtered["items"]} <= set(kim_ids)


def test_reingest_adds_nothing(store: Path, conn: sqlite3.Connection) -> None:
    tables = ("articles", "entities", "mentions", "claims", "time_expressions", "story_members", "stories")
    before = [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables]
    output = _ingest(store)
    assert "0 new articles" in output
    assert [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables] == before


def test_no_enrich_no_stories(tmp_path: Path) -> None:
    db = tmp_path / "raw.db"
    _ingest(db, "--no-enrich", "--no-stories")
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT COUNT(*) FROM articles").fetchone()[0] > 0
        for table in ("mentions", "claims", "story_members"):
            assert c.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_a_store_from_before_the_enrichment_tables_is_backfilled(tmp_path: Path) -> None:
    """Migrations 20 and 21 fill the new tables from the stored Article JSON of an older store."""
    text = "Wladimir Putin empfing Kim Jong-un. Vladimir Putin sagte, es sei gut gewesen."
    base = with_id(Article(id="", source="own:1", text=text, language="de", site="a.example"))
    mentions = (Mention(0, 14, "PER", "Wladimir Putin", "Wladimir Putin"), Mention(36, 50, "PER", "Vladimir Putin",
                "Vladimir Putin"), Mention(23, 34, "PER", "Kim Jong-un", "Kim Jong-un"))  # fmt: skip
    art = replace(base, entities=mentions, claims=(Claim(56, 77, text[56:77], "sagte", "reported", "Vladimir Putin"),))
    db = tmp_path / "old.db"
    with Store.open(db) as store, store.transaction() as c:
        store.add_article(art, art.id)
        for table in ("mentions", "entities", "claims", "time_expressions", "article_meta"):
            c.execute(f"DROP TABLE {table}")
        c.execute("DELETE FROM _migrations WHERE version IN (20, 21)")
    with Store.open(db) as store:
        q = store.conn.execute
        assert q("SELECT name, label, aliases FROM entities ORDER BY name").fetchall() == [
            ("Kim Jong-un", "PER", '["Kim Jong-un"]'),
            ("Wladimir Putin", "PER", '["Vladimir Putin", "Wladimir Putin"]'),
        ]
        assert q("SELECT COUNT(*), COUNT(DISTINCT entity_id) FROM mentions").fetchone() == (3, 2)
        assert q("SELECT source, modality FROM claims").fetchall() == [("Vladimir Putin", "reported")]
        assert q("SELECT site, language FROM article_meta").fetchall() == [("a.example", "de")]


def test_a_store_from_before_entity_keys_is_rekeyed(tmp_path: Path) -> None:
    """Migration 22 merges entities stored under folded names into their gazetteer key."""
    de_text, en_text = "Nordkorea schweigt. Washington auch.", "North Korea is silent. Washington too."
    de = with_id(Article(id="", source="own:de", text=de_text, language="de"))
    en = with_id(Article(id="", source="own:en", text=en_text, language="en"))
    # As enrichment wrote them before mentions carried keys; "Washington" the person has no key.
    de = replace(
        de,
        entities=(Mention(0, 9, "LOC", "Nordkorea", "Nordkorea"), Mention(20, 30, "PER", "Washington", "Washington")),
    )
    en = replace(en, entities=(Mention(0, 11, "LOC", "North Korea", "North Korea"),))
    db = tmp_path / "old.db"
    with Store.open(db) as store, store.transaction() as c:
        store.add_article(de, de.id)
        store.add_article(en, en.id)
        assert c.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == 3
        c.execute("DELETE FROM _migrations WHERE version = 22")
    with Store.open(db) as store:
        q = store.conn.execute
        rows = q("SELECT name, label, aliases FROM entities ORDER BY label").fetchall()
        assert [(label, aliases) for _, label, aliases in rows] == [
            ("LOC", '["Nordkorea", "North Korea"]'),
            ("PER", '["Washington"]'),
        ]
        assert rows[0][0] in {"Nordkorea", "North Korea"}  # one of the two names it had
        assert q("SELECT COUNT(DISTINCT entity_id) FROM mentions").fetchone()[0] == 2
        dangling = "SELECT COUNT(*) FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id WHERE e.id IS NULL"
        assert q(dangling).fetchone()[0] == 0
