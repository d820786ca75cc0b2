"""The local engine: partitions one after the other in this process.

Consumes input paths and :class:`~newsweave.backends.CrawlSettings`; produces
the same shards and manifest as the Dask engine, and is the reference the
Dask engine is tested against. Models are loaded once, here, and passed in.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from newsweave.backends import CrawlSettings, RunReport, load_models, pending, plan, report, run_partition
from newsweave.shards import ManifestEntry, mark_done


def run_local(
    inputs: list[str],
    out: str,
    cfg: CrawlSettings,
    *,
    on_done: Callable[[ManifestEntry], None] | None = None,
) -> RunReport:
    """Run every pending partition in order, recording each in the manifest as it finishes.

    Args:
        inputs: files, directories or fsspec URLs of WARC files.
        out: output directory or fsspec URL.
        cfg: crawl settings.
        on_done: called with each finished partition's manifest entry.

    Returns:
        The run's report; ``skipped`` counts partitions a previous run finished.
    """
    began = time.perf_counter()
    parts = plan(inputs, cfg)
    models = load_models(cfg)
    entries: list[ManifestEntry] = []
    for part in pending(parts, out, cfg):
        entry = run_partition(part, out, cfg, models)
        mark_done(out, entry)
        entries.append(entry)
        if on_done is not None:
            on_done(entry)
    return report("local", parts, entries, began, workers=1)
