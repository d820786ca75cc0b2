"""The Dask engine: the same partitions and stages on a ``distributed`` cluster.

Consumes input paths and :class:`~newsweave.backends.CrawlSettings`; produces
the same shards and manifest as ``backends.local``. Each partition is one task
(:func:`newsweave.backends.run_partition`) with a deterministic key; workers
write the shards straight to ``out`` (shared storage or an fsspec URL) and
return only the small manifest entry, which this process records as each task
finishes. When a worker dies, the scheduler runs its tasks again elsewhere;
the rerun overwrites the orphan shards, so nothing is lost or doubled.

Models are loaded once per worker process by :class:`ModelsPlugin` (also on
workers that join or restart later) and passed to the stage explicitly. This
is the only module of newsweave that imports dask.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from newsweave.backends import CrawlSettings, Models, RunReport, load_models, pending, plan, report, run_partition
from newsweave.backends.partitions import Partition
from newsweave.shards import ManifestEntry, mark_done

PLUGIN = "newsweave-models"
# Retries of a task that raised (a worker that died is rescheduled without
# counting here, up to distributed's allowed-failures).
TASK_RETRIES = 1


class ModelsPlugin(WorkerPlugin):
    """Loads the stage models once per worker process and keeps them for its tasks."""

    name = PLUGIN

    def __init__(self, cfg: CrawlSettings) -> None:
        self.cfg = cfg
        self.models: Models = None

    def setup(self, worker: Any) -> None:
        """Called by the worker on start (and on registration): load the models."""
        self.models = load_models(self.cfg)


def _task(part: Partition, out: str, cfg: CrawlSettings) -> ManifestEntry:
    """One partition on a worker, with that worker's models."""
    plugin = get_worker().plugins.get(PLUGIN)
    models = plugin.models if isinstance(plugin, ModelsPlugin) else load_models(cfg)
    return run_partition(part, out, cfg, models)


@contextmanager
def connect(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client for an existing scheduler, or for a local cluster of ``workers`` processes.

    Args:
        scheduler: address such as ``tcp://host:8786``; wins over ``workers``.
        workers: number of local worker processes (one thread each); default: CPU count.
    """
    if scheduler:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    n = workers or os.cpu_count() or 1
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def _submit(client: Client, parts: list[Partition], out: str, cfg: CrawlSettings) -> list[Any]:
    client.register_plugin(ModelsPlugin(cfg), name=PLUGIN)
    keys = [f"newsweave-partition-{p.pid}" for p in parts]
    return client.map(_task, parts, out=out, cfg=cfg, key=keys, pure=False, retries=TASK_RETRIES)


def run_on(
    client: Client, inputs: list[str], out: str, cfg: CrawlSettings, on_done: Callable[[ManifestEntry], None] | None
) -> RunReport:
    """Run every pending partition on ``client``'s cluster; record each as it finishes."""
    began = time.perf_counter()
    parts = plan(inputs, cfg)
    todo = pending(parts, out, cfg)
    entries: list[ManifestEntry] = []
    if todo:
        # Only as_completed holds the futures: each is released once recorded, so a
        # worker lost later does not make the scheduler recompute finished partitions.
        for future in as_completed(_submit(client, todo, out, cfg)):  # type: ignore[no-untyped-call]
            entry: ManifestEntry = future.result()
            future.release()
            mark_done(out, entry)
            entries.append(entry)
            if on_done is not None:
                on_done(entry)
    n_workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
    return report("dask", parts, entries, began, workers=n_workers)


def run_dask(
    inputs: list[str],
    out: str,
    cfg: CrawlSettings,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    client: Client | None = None,
    on_done: Callable[[ManifestEntry], None] | None = None,
) -> RunReport:
    """Run the crawl on a Dask cluster.

    Args:
        inputs: files, directories or fsspec URLs of WARC files (readable by the workers).
        out: output directory or fsspec URL (writable by the workers).
        cfg: crawl settings.
        scheduler: address of an existing scheduler (``tcp://host:8786``).
        workers: size of a local cluster when there is no scheduler.
        client: an existing client (wins over ``scheduler`` and ``workers``).
        on_done: called with each finished partition's manifest entry.

    Returns:
        The run's report; ``skipped`` counts partitions a previous run finished.
    """
    if client is not None:
        return run_on(client, inputs, out, cfg, on_done)
    with connect(scheduler, workers) as own:
        return run_on(own, inputs, out, cfg, on_done)
