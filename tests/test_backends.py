"""Engines: the Dask engine gives the local engine's shards, survives a killed worker, and resumes.

WARC files are built in tmp from ``samples/html`` (always there) plus a few dev
pages of ``../shared`` when present; the real ``distributed.LocalCluster`` has
two worker processes with one thread each.
"""

from __future__ import annotations

import importlib.util
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from newsweave.backends import CrawlSettings, run
from newsweave.backends.partitions import plan_partitions, read_partition
from newsweave.errors import Rejected
from newsweave.settings import EnrichSettings, ExtractSettings
from newsweave.shards import ManifestEntry, finished, read_articles, read_rejections
from tests.conftest import ROOT, SAMPLES, SHARED

# Small partitions, so a handful of pages still gives several tasks per worker.
PARTITION_BYTES = 60_000
N_DEV_PAGES = 6


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_dask", ROOT / "tools" / "bench_dask.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pages() -> list[tuple[str, bytes]]:
    pages = [(f"https://samples.newsweave.test/{p.stem}", p.read_bytes()) for p in sorted(SAMPLES.glob("html/*.html"))]
    if (SHARED / "bench" / "extraction" / "dev" / "manifest.jsonl").is_file():
        pages += _bench().dev_pages(SHARED, N_DEV_PAGES)
    return pages


@pytest.fixture(scope="module")
def warcs(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], int]:
    """Two WARC.gz files and their record count (pages + one warcinfo each)."""
    pages = _pages()
    paths = _bench().build_warcs(pages, tmp_path_factory.mktemp("warc"), 2)
    return [str(p) for p in paths], len(pages) + 2


@pytest.fixture(scope="module")
def cfg() -> CrawlSettings:
    # Entities off: the NER model files are build artefacts (make train-ner); the
    # rest of enrichment (language, sentences, time expressions, claims) runs.
    return CrawlSettings(enrich=EnrichSettings(entities=False), partition_bytes=PARTITION_BYTES)


@pytest.fixture(scope="module")
def local_out(warcs: tuple[list[str], int], cfg: CrawlSettings, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = str(tmp_path_factory.mktemp("local"))
    rep = run(warcs[0], out, cfg, engine="local")
    assert rep.records == warcs[1]
    assert all(a.sentences and a.language for a in read_articles(out)), "articles must come out enriched"
    return out


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def _articles(out: str) -> dict[str, dict[str, Any]]:
    arts = list(read_articles(out))
    assert len(arts) == len({a.id for a in arts}), "an article was written twice"
    return {a.id: a.to_dict() for a in arts}


def _rejections(out: str) -> list[Rejected]:
    return sorted(read_rejections(out), key=lambda r: r.source)


@pytest.mark.parametrize("compress", [True, False])
def test_byte_ranges_hold_every_record_once(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("t.warc.gz" if compress else "t.warc")
    n = _bench().write_warc(path, _pages(), compress=compress)
    cfg = ExtractSettings()
    parts = plan_partitions([path], partition_bytes=7_000)
    assert len(parts) > 3
    sources = [item.source for part in parts for item in read_partition(part, cfg)]
    whole = [item.source for item in read_partition(plan_partitions([path], 10**9)[0], cfg)]
    assert len(whole) == n
    assert sources == whole


def test_page_files_are_batched_and_missing_inputs_rejected(tmp_path: Path) -> None:
    parts = plan_partitions([SAMPLES / "html", tmp_path / "missing.warc.gz"], partition_bytes=10**9)
    items = [item for part in parts for item in read_partition(part, ExtractSettings())]
    assert len(parts) == 1
    assert [i.code for i in items if isinstance(i, Rejected)] == ["NW101"]
    assert len(items) == len(list((SAMPLES / "html").glob("*.html"))) + 1


def test_local_run_resumes_after_a_crash(warcs: tuple[list[str], int], cfg: CrawlSettings, local_out: str) -> None:
    out = str(Path(local_out).parent / "crashed")

    def crash_after_two(entry: ManifestEntry) -> None:
        if len(finished(out)) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(warcs[0], out, cfg, engine="local", on_done=crash_after_two)
    assert len(finished(out)) == 2
    rep = run(warcs[0], out, cfg, engine="local")
    assert rep.skipped == 2 and rep.partitions > 2
    assert sum(e.records for e in finished(out).values()) == warcs[1]
    assert _articles(out) == _articles(local_out)


def test_dask_matches_local(
    client: Any, warcs: tuple[list[str], int], cfg: CrawlSettings, local_out: str, tmp_path: Path
) -> None:
    rep = run(warcs[0], str(tmp_path), cfg, engine="dask", client=client)
    assert rep.workers == 2 and rep.skipped == 0
    assert rep.records == warcs[1] == rep.articles + rep.rejections
    assert _articles(str(tmp_path)) == _articles(local_out)
    assert _rejections(str(tmp_path)) == _rejections(local_out)


def test_killed_worker_loses_and_doubles_nothing(
    client: Any, warcs: tuple[list[str], int], cfg: CrawlSettings, local_out: str, tmp_path: Path
) -> None:
    pids: dict[str, int] = client.run(os.getpid)
    killed: list[int] = []

    def kill_a_busy_worker(entry: ManifestEntry) -> None:
        if killed:
            return
        busy = [w for w, keys in client.processing().items() if keys and w in pids]
        if busy:  # a worker with tasks running or queued: its work must move elsewhere
            killed.append(pids[busy[0]])
            os.kill(pids[busy[0]], signal.SIGKILL)

    rep = run(warcs[0], str(tmp_path), cfg, engine="dask", client=client, on_done=kill_a_busy_worker)
    assert killed, "no worker was busy after the first partition: too few partitions for this test"
    done = finished(str(tmp_path))
    assert len(done) == rep.partitions
    assert sum(e.records for e in done.values()) == warcs[1]
    assert sum(e.articles + e.rejections for e in done.values()) == warcs[1]
    assert _articles(str(tmp_path)) == _articles(local_out)
    assert _rejections(str(tmp_path)) == _rejections(local_out)
