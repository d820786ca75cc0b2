"""Parquet shards and the manifest: lossless round trip, atomic finish, resumable reads."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsweave.errors import Rejected
from newsweave.model import (
    Article,
    Block,
    Claim,
    Furniture,
    Image,
    Mention,
    Published,
    Related,
    TimeExpression,
    with_id,
)
from newsweave.shards import (
    ARTICLE_SCHEMA,
    ManifestEntry,
    finished,
    load_into,
    mark_done,
    read_articles,
    read_rejections,
    write_partition,
)


def _full_article(n: int = 0) -> Article:
    """An article with every field set (text written for this test)."""
    lead = f"Der Stadtrat beschließt den Haushalt Nummer {n}."
    body = (Block("paragraph", "Die Opposition kritisiert die Pläne scharf.", 10, 50), Block("heading", "Ausblick"))
    text = lead + "\n\n" + "\n\n".join(b.text for b in body)
    return with_id(
        Article(
            id="",
            source=f"t.warc#<urn:uuid:{n}>",
            text=text,
            title=f"Haushalt {n}",
            lead=lead,
            body=body,
            url=f"https://example.de/haushalt-{n}",
            site="example.de",
            language="de",
            authors=("Anna Beispiel",),
            agencies=("dpa",),
            images=(Image("Das Rathaus", "Foto: A. Beispiel", "https://example.de/r.jpg"),),
            related=(Related("Mehr zum Haushalt", "Teaser", "Politik", None, "https://example.de/m"),),
            section="Politik",
            published=Published(datetime(2024, 5, 3, 10, 0, tzinfo=UTC), "json-ld"),
            furniture=(Furniture("Teilen", "share", 0, 6),),
            warnings=("short",),
            input_format="html",
            entities=(Mention(4, 13, "ORG", "Stadtrat", "Stadtrat"),),
            time_expressions=(TimeExpression(0, 3, "heute", "2024-05-03", "date"),),
            claims=(Claim(0, 20, "die Pläne", "kritisiert", "reported", "Opposition", None),),
            sentences=((0, 10), (12, 40)),
            extra={"k": [1, "zwei"]},
        )
    )


def _rejected(n: int) -> Rejected:
    return Rejected(f"t.warc#<urn:uuid:r{n}>", "read", "NW108", "record skipped (warcinfo record)")


def test_schema_has_a_column_for_every_article_field() -> None:
    assert {f.name for f in fields(Article)} <= set(ARTICLE_SCHEMA.names)


def test_round_trip_is_lossless(tmp_path: Path) -> None:
    articles = [_full_article(i) for i in range(3)] + [with_id(Article(id="", source="s", text="nur Text"))]
    n_art, n_rej = write_partition(tmp_path, "p1", [articles[0], _rejected(0), *articles[1:]])
    assert (n_art, n_rej) == (4, 1)
    mark_done(tmp_path, ManifestEntry("p1", "k", 5, 4, 1, 0.1))
    back = list(read_articles(tmp_path))
    assert [a.to_dict() for a in back] == [a.to_dict() for a in articles]
    assert list(read_rejections(tmp_path)) == [_rejected(0)]


def test_unfinished_partition_is_invisible_and_rewrite_does_not_double(tmp_path: Path) -> None:
    write_partition(tmp_path, "a", [_full_article(1)])
    write_partition(tmp_path, "b", [_full_article(2), _rejected(2)])  # "crashed" before mark_done
    mark_done(tmp_path, ManifestEntry("a", "ka", 1, 1, 0, 0.0))
    assert [a.title for a in read_articles(tmp_path)] == ["Haushalt 1"]
    assert list(read_rejections(tmp_path)) == []
    write_partition(tmp_path, "b", [_full_article(2), _rejected(2)])  # the rerun
    mark_done(tmp_path, ManifestEntry("b", "kb", 2, 1, 1, 0.0))
    assert sorted(a.title or "" for a in read_articles(tmp_path)) == ["Haushalt 1", "Haushalt 2"]
    assert len(list(read_rejections(tmp_path))) == 1
    assert set(finished(tmp_path)) == {"a", "b"}
    assert not list(tmp_path.rglob("*.tmp-*")), "temporary files must be renamed into place"


def test_row_groups_flush_without_losing_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsweave.shards.ROW_GROUP_ROWS", 2)
    arts = [_full_article(i) for i in range(5)]
    write_partition(tmp_path, "p", arts)
    mark_done(tmp_path, ManifestEntry("p", "k", 5, 5, 0, 0.0))
    assert [a.id for a in read_articles(tmp_path)] == [a.id for a in arts]


def test_fsspec_url_output() -> None:
    pytest.importorskip("fsspec")
    out = "memory://newsweave-test-shards"
    write_partition(out, "p", [_full_article(7), _rejected(7)])
    mark_done(out, ManifestEntry("p", "k", 2, 1, 1, 0.0))
    assert [a.title for a in read_articles(out)] == ["Haushalt 7"]
    assert finished(out)["p"].records == 2


def test_load_into_store_dedupes_and_is_idempotent(tmp_path: Path) -> None:
    from newsweave.store import Store

    out = tmp_path / "shards"
    write_partition(out, "p", [_full_article(1), _full_article(1), _rejected(1)])
    mark_done(out, ManifestEntry("p", "k", 3, 2, 1, 0.0))
    with Store.open(tmp_path / "nw.db") as store:
        first = load_into([str(out)], store)
        again = load_into([str(out)], store)
        assert store.count("articles") == 1
    assert first.counts["articles"] == 1 and first.counts["rejected"] == 1
    assert again.counts["skipped"] == 3 and again.counts["articles"] == 0
