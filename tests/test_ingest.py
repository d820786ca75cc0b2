"""Tests of newsweave.ingest: idempotency, versions, rejections, and surviving SIGKILL."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from newsweave.ingest import IngestSettings, ingest
from newsweave.model import with_id
from newsweave.store import Store
from tests.storedata import corpus, write_jsonl

CFG = IngestSettings(parallel=1, commit_every=7)


def dump(path: Path) -> dict[str, list[Any]]:
    """Every row of every table that a run's content decides (run ids and times left out)."""
    with Store.open(path) as store:
        q = store.conn.execute
        fts_ok = q("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')") is not None
        return {
            "articles": q("SELECT seq, id, url, title, text, text_hash, json FROM articles ORDER BY seq").fetchall(),
            "blocks": q("SELECT * FROM blocks ORDER BY article_id, pos").fetchall(),
            "sources": q("SELECT key, digest, article_id, code FROM sources ORDER BY key").fetchall(),
            "rejections": q("SELECT key, source, stage, code FROM rejections ORDER BY seq").fetchall(),
            "versions": q("SELECT * FROM versions ORDER BY article_id").fetchall(),
            "fingerprints": q("SELECT * FROM fingerprints ORDER BY article_id").fetchall(),
            "dup_groups": q("SELECT * FROM dup_groups ORDER BY id").fetchall(),
            "dup_members": q("SELECT * FROM dup_members ORDER BY article_id").fetchall(),
            "fts": q("SELECT rowid, title, text FROM articles_fts ORDER BY rowid").fetchall(),
            "article_meta": q("SELECT * FROM article_meta ORDER BY seq").fetchall(),
            "entities": q("SELECT * FROM entities ORDER BY id").fetchall(),
            "mentions": q("SELECT * FROM mentions ORDER BY article_id, start").fetchall(),
            "claims": q("SELECT * FROM claims ORDER BY article_id, start").fetchall(),
            "time_expressions": q("SELECT * FROM time_expressions ORDER BY article_id, start").fetchall(),
            "fts_ok": [fts_ok],
        }


def test_reingest_adds_nothing_and_skips_every_record(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "a.jsonl", corpus(60), bad_lines=2)
    with Store.open(tmp_path / "s.db") as store:
        first = ingest([str(data)], store, CFG)
        before = dump(tmp_path / "s.db")
        second = ingest([str(data)], store, CFG)
    assert first.counts["articles"] == 60  # an exact copy at another URL is a new article (its own id) ...
    assert first.counts["exact"] == 5 and first.counts["near"] >= 7  # ... in the group of its original
    assert first.rejections == {"NW107": 2}
    assert second.counts["skipped"] == 62 and second.counts["articles"] == 0 and second.counts["rejected"] == 0
    assert dump(tmp_path / "s.db") == before


def test_groups_have_canonical_and_diffs(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "a.jsonl", corpus(40))
    with Store.open(tmp_path / "s.db") as store:
        ingest([str(data)], store, CFG)
        rows = store.conn.execute(
            "SELECT m.article_id, m.relation, m.added, m.cut, g.canonical_id FROM dup_members m"
            " JOIN dup_groups g ON g.id = m.group_id WHERE m.relation = 'near'"
        ).fetchall()
        assert rows
        for article_id, _rel, added, cut, canonical in rows:
            if article_id != canonical:
                assert json.loads(added) and json.loads(cut)  # each copy cut one paragraph and added one
        reasons = {r[0] for r in store.conn.execute("SELECT canonical_reason FROM dup_groups")}
        assert "agency-line" in reasons  # copies with "Wien (APA) -" win over the uncredited original


def test_changed_record_becomes_new_version(tmp_path: Path) -> None:
    arts = corpus(5)
    data = write_jsonl(tmp_path / "a.jsonl", arts)
    with Store.open(tmp_path / "s.db") as store:
        ingest([str(data)], store, CFG)
        changed = with_id(replace(arts[2], text=arts[2].text + "\n\nUpdate: Die Sitzung wurde vertagt."))
        write_jsonl(data, [*arts[:2], changed, *arts[3:]])
        summary = ingest([str(data)], store, CFG)
        assert summary.counts["articles"] == 1 and summary.counts["versions"] == 1 and summary.counts["skipped"] == 4
        row = store.conn.execute("SELECT version, previous_id FROM versions WHERE article_id = ?", (changed.id,))
        assert row.fetchone() == (2, arts[2].id)


def test_parallel_equals_serial(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "a.jsonl", corpus(80), bad_lines=1)
    for name, parallel in (("one.db", 1), ("two.db", 2)):
        with Store.open(tmp_path / name) as store:
            ingest([str(data)], store, replace(CFG, parallel=parallel, task_size=5))
    assert dump(tmp_path / "one.db") == dump(tmp_path / "two.db")


def _ingest_cmd(data: Path, db: Path, parallel: int) -> list[str]:
    return [sys.executable, "-m", "newsweave", "ingest", str(data), "--db", str(db), "--quiet",
            "--parallel", str(parallel), "--commit-every", "5"]  # fmt: skip


@pytest.mark.slow
def test_sigkill_at_random_moments_then_rerun_equals_clean_run(tmp_path: Path) -> None:
    """Kill a real ingest (SIGKILL, whole process group) at 20 random moments; each rerun must equal a clean run."""
    data = write_jsonl(tmp_path / "a.jsonl", corpus(400), bad_lines=3)
    clean = tmp_path / "clean.db"
    clean_secs = {}  # per --parallel: with enrichment, two processes finish much sooner than one
    for parallel in (1, 2):
        t0 = time.monotonic()
        subprocess.run(_ingest_cmd(data, clean.with_suffix(f".{parallel}"), parallel), check=True, capture_output=True)
        clean_secs[parallel] = time.monotonic() - t0
    expected = dump(clean.with_suffix(".1"))
    assert dump(clean.with_suffix(".2")) == expected
    rng = random.Random(2024)
    killed_mid_run = 0
    # Kill at random moments until 20 kills have landed while ingest was running (a kill that
    # comes after a fast run finished does not count); the cap keeps a slow machine bounded.
    for i in range(60):
        if killed_mid_run >= 20:
            break
        db = tmp_path / f"k{i}.db"
        parallel = 1 + i % 2
        proc = subprocess.Popen(_ingest_cmd(data, db, parallel), start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(0.05, 0.9 * clean_secs[parallel]))
        if proc.poll() is None:
            killed_mid_run += 1
        with contextlib.suppress(ProcessLookupError):  # it may have finished already
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        subprocess.run(_ingest_cmd(data, db, parallel), check=True, capture_output=True)
        assert dump(db) == expected, f"kill {i}: store differs from a clean run"
    assert killed_mid_run >= 20  # the kills really landed while ingest was running
