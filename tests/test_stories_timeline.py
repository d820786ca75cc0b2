"""Stories: timelines with claim status, store persistence and incremental updates, CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from newsweave.cli import load_commands
from newsweave.model import Article, Claim, Mention, Published
from newsweave.store import Store
from newsweave.stories.evaluate import read_stream
from newsweave.stories.persist import load_index, update_stories
from newsweave.stories.timeline import record, timeline

STREAM = Path(__file__).parent / "data" / "stream" / "stream.jsonl"


def _article(aid: str, day: int, title: str, text: str, site: str, claims: tuple[Claim, ...] = ()) -> Article:
    when = Published(datetime(2019, 4, day, 9, tzinfo=UTC), "given")
    return Article(aid, f"test:{aid}", text, title=title, language="de", site=site, published=when, claims=claims)


def _claim(content: str, modality: str, source: str) -> Claim:
    return Claim(0, len(content), content, "cue", modality, source)  # type: ignore[arg-type]


def test_claim_goes_from_reported_to_confirmed_in_time_order() -> None:
    place = "das Treffen findet in Wladiwostok statt"
    arts = [
        _article("c", 25, "Putin und Kim treffen sich", "…", "Alpenpost", (_claim(place, "confirmed", "Kreml"),)),
        _article(
            "a", 18, "Kim soll bald zu Putin reisen", "…", "Isar-Anzeiger", (_claim(place, "reported", "Medien"),)
        ),
        _article("b", 23, "Termin steht", "…", "Alpenpost", (_claim("Kim reist mit dem Zug", "announced", "KCNA"),)),
    ]
    tl = timeline("s1", arts)
    assert [e.article_id for e in tl.entries] == ["a", "b", "c"]
    meeting = next(c for c in tl.claims if "Wladiwostok" in c.content)
    assert meeting.first_reported.article_id == "a" and meeting.first_reported.modality == "reported"
    assert meeting.confirmed is not None and meeting.confirmed.article_id == "c" and meeting.status == "confirmed"
    assert tl.story.first_seen is not None and tl.story.first_seen.startswith("2019-04-18")


def _stream_articles(n: int) -> list[Article]:
    out = []
    for doc, _ in list(read_stream(STREAM))[:n]:
        when = Published(datetime.fromisoformat(doc.published or ""), "given")
        out.append(Article(doc.id, f"stream:{doc.id}", doc.text, title=doc.title, language=doc.lang,
                           site=doc.site, published=when))  # fmt: skip
    return out


def _fill(store: Store, articles: list[Article]) -> None:
    with store.transaction():
        for a in articles:
            store.add_article(a, a.id)


def test_store_update_is_incremental_and_matches_one_pass(tmp_path: Path) -> None:
    arts = _stream_articles(120)
    with Store.open(tmp_path / "two.db") as store:
        _fill(store, arts[:60])
        first = update_stories(store)
        _fill(store, arts[60:])
        second = update_stories(store)
        assert (first.added, second.added) == (60, 60)
        assert update_stories(store).added == 0
        two = dict(store.conn.execute("SELECT article_id, story_id FROM story_members"))
        assert load_index(store.conn).n_docs == 120
    with Store.open(tmp_path / "one.db") as store:
        _fill(store, arts)
        update_stories(store)
        one = dict(store.conn.execute("SELECT article_id, story_id FROM story_members"))
    assert one == two


def test_cli_stories_story_and_eval(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    with Store.open(db) as store:
        _fill(store, _stream_articles(80))
    runner = CliRunner()
    cli = load_commands()
    res = runner.invoke(cli, ["stories", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert rows and rows[0]["articles"] >= 3 and rows[0]["label"]
    res = runner.invoke(cli, ["story", rows[0]["id"], "--db", db, "--format", "json"])
    assert res.exit_code == 0 and len(json.loads(res.stdout)["entries"]) >= 3
    assert runner.invoke(cli, ["story", rows[0]["id"], "--db", db]).exit_code == 0
    res = runner.invoke(cli, ["eval", "stories", "--data", str(STREAM), "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["scores"]["all"]["bcubed"]["f1"] >= 0.9


def test_key_entities_count_one_entity_across_languages() -> None:
    de = replace(
        _article("a", 1, "Kim reist", "Nordkorea schweigt.", "a.example"),
        language="de",
        entities=(Mention(0, 9, "LOC", "Nordkorea", "Nordkorea", "iso:KP"),),
    )
    en = replace(
        _article("b", 2, "Kim travels", "North Korea is silent. Kremlin too.", "b.example"),
        language="en",
        entities=(
            Mention(0, 11, "LOC", "North Korea", "North Korea", "iso:KP"),
            Mention(23, 30, "ORG", "Kremlin", "Kremlin", "org:kremlin"),
        ),
    )
    rec = record("s1", [en, de])
    assert rec.entities == (("Nordkorea", 2), ("Kremlin", 1))  # named as first seen, in time order
