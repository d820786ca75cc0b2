"""Engines: the same pure stages mapped over partitions, in-process or on a cluster.

Consumes input paths and a :class:`CrawlSettings`; produces Parquet shards and
a manifest under ``out`` (see :mod:`newsweave.shards`) and a :class:`RunReport`.
The work of one partition is :func:`run_partition`: read → extract → enrich
(unless ``CrawlSettings.enrich`` is None) → write shards; it is a plain function of its arguments, with the models
passed in, so ``backends.local`` and ``backends.dask`` give the same shards for
the same input. The engine's only job is to decide where ``run_partition``
runs and to record finished partitions in the manifest; a rerun skips them.
Nothing in this package but ``backends/dask.py`` imports dask.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from newsweave.backends.partitions import PARTITION_BYTES, Partition, plan_partitions, read_partition
from newsweave.errors import NewsweaveError, Rejected
from newsweave.model import Article
from newsweave.runner import extract_one
from newsweave.settings import EnrichSettings, ExtractSettings
from newsweave.shards import ManifestEntry, finished, write_partition


@dataclass(frozen=True, slots=True)
class CrawlSettings:
    """Settings of one crawl run (picklable: sent once to every worker)."""

    extract: ExtractSettings = field(default_factory=ExtractSettings)
    enrich: EnrichSettings | None = field(default_factory=EnrichSettings)  # None: extraction only
    partition_bytes: int = PARTITION_BYTES
    resume: bool = True  # skip partitions already in the manifest


@dataclass(frozen=True, slots=True)
class RunReport:
    """What a run did: partitions planned, skipped as finished, and the record counts of those it ran."""

    engine: str
    partitions: int
    skipped: int
    records: int
    articles: int
    rejections: int
    seconds: float
    workers: int = 1
    cpu_seconds: float = 0.0  # summed over the partitions run

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


Models = Any  # newsweave.enrich.EnrichModels, or None without enrichment
OnDone = Callable[[ManifestEntry], None]


def load_models(cfg: CrawlSettings) -> Models:
    """Load what the stages need, once per process: the enrichment models (None without enrichment)."""
    if cfg.enrich is None:
        return None
    from newsweave.enrich import load_enrich_models

    return load_enrich_models(cfg.enrich)


def process_partition(part: Partition, cfg: CrawlSettings, models: Models) -> Iterator[Article | Rejected]:
    """Every record of ``part`` through the stages: one Article or one Rejected per input record."""
    from newsweave.enrich import enrich

    for raw in read_partition(part, cfg.extract):
        item = extract_one(raw, cfg.extract)
        if isinstance(item, Article) and cfg.enrich is not None:
            try:
                item = enrich(item, cfg.enrich, models)
            except NewsweaveError as err:
                item = Rejected.from_error(item.source, "enrich", err)
        yield item


def run_partition(part: Partition, out: str, cfg: CrawlSettings, models: Models) -> ManifestEntry:
    """Process one partition and write its shards; return the manifest entry to record.

    The caller records the entry with :func:`newsweave.shards.mark_done` once it
    has the result, so a partition whose worker died is simply run again.
    """
    began, cpu = time.perf_counter(), time.thread_time()
    n_articles, n_rejections = write_partition(out, part.pid, process_partition(part, cfg, models))
    return ManifestEntry(
        pid=part.pid,
        key=part.key,
        records=n_articles + n_rejections,
        articles=n_articles,
        rejections=n_rejections,
        seconds=round(time.perf_counter() - began, 3),
        cpu_seconds=round(time.thread_time() - cpu, 3),
    )


def pending(parts: list[Partition], out: str, cfg: CrawlSettings) -> list[Partition]:
    """The partitions still to run (all of them unless ``cfg.resume``)."""
    if not cfg.resume:
        return parts
    done = finished(out)
    return [p for p in parts if p.pid not in done]


def plan(inputs: Iterable[str | Path], cfg: CrawlSettings) -> list[Partition]:
    """The run's partitions (see :func:`newsweave.backends.partitions.plan_partitions`)."""
    return plan_partitions(inputs, cfg.partition_bytes)


def report(engine: str, parts: list[Partition], entries: list[ManifestEntry], began: float, workers: int) -> RunReport:
    """Sum the entries of the partitions a run did."""
    return RunReport(
        engine=engine,
        partitions=len(parts),
        skipped=len(parts) - len(entries),
        records=sum(e.records for e in entries),
        articles=sum(e.articles for e in entries),
        rejections=sum(e.rejections for e in entries),
        seconds=round(time.perf_counter() - began, 3),
        workers=workers,
        cpu_seconds=round(sum(e.cpu_seconds for e in entries), 3),
    )


def run(
    inputs: list[str], out: str, cfg: CrawlSettings | None = None, *, engine: str = "local", **kw: Any
) -> RunReport:
    """Run the crawl with the named engine (``local`` or ``dask``).

    Args:
        inputs: files, directories or fsspec URLs of WARC files.
        out: output directory or fsspec URL for shards and manifest.
        cfg: crawl settings.
        engine: ``local`` (in this process) or ``dask`` (needs ``newsweave[dask]``).
        **kw: engine options (dask: ``scheduler``, ``workers``, ``client``, ``on_done``).
    """
    cfg = cfg or CrawlSettings()
    if engine == "local":
        from newsweave.backends.local import run_local

        return run_local(inputs, out, cfg, **kw)
    if engine == "dask":
        try:
            from newsweave.backends.dask import run_dask
        except ImportError as exc:
            raise NewsweaveError("NW901", what=f"--engine dask needs newsweave[dask] ({exc})") from None
        return run_dask(inputs, out, cfg, **kw)
    raise NewsweaveError("NW901", what=f"unknown engine {engine!r} (local or dask)")


__all__ = [
    "CrawlSettings",
    "Partition",
    "RunReport",
    "load_models",
    "pending",
    "plan",
    "process_partition",
    "run",
    "run_partition",
]
