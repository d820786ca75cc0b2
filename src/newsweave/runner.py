"""The local engine: raw documents in, articles and rejections out, in order.

Consumes a stream of :class:`~newsweave.readers.RawDoc` | :class:`~newsweave.errors.Rejected`
(from ``readers.dispatch.read_inputs``); produces ``Article | Rejected`` in
input order and counts rejection reasons in :class:`RunStats`, so that
``inputs = articles + rejections`` holds for every run. ``parallel > 1`` uses a
process pool fed in chunks (memory stays bounded by ``parallel * chunk``
documents); a rich progress bar with rate and ETA goes to stderr, only when
stderr is a terminal.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from newsweave.errors import NewsweaveError, Rejected
from newsweave.model import Article
from newsweave.readers import RawDoc
from newsweave.settings import ExtractSettings

STAGE = "extract"
# Documents per task sent to a worker: large enough to amortise pickling,
# small enough that a 1 GB WARC keeps a few MB in flight per worker.
CHUNK = 16


@dataclass(slots=True)
class RunStats:
    """What a run produced: article count and rejections by code."""

    articles: int = 0
    rejected: Counter[str] = field(default_factory=Counter)

    @property
    def inputs(self) -> int:
        """Records read: articles plus rejections."""
        return self.articles + sum(self.rejected.values())

    def add(self, item: Article | Rejected) -> None:
        """Count one output."""
        if isinstance(item, Rejected):
            self.rejected[item.code] += 1
        else:
            self.articles += 1


def extract_one(raw: RawDoc | Rejected, cfg: ExtractSettings) -> Article | Rejected:
    """Extract one document; coded errors and unexpected parser failures become Rejected."""
    if isinstance(raw, Rejected):
        return raw
    from newsweave.extractors import extract

    try:
        return extract(raw, cfg)
    except NewsweaveError as err:
        return Rejected.from_error(raw.source, STAGE, err)
    except RecursionError:
        return Rejected.from_error(raw.source, STAGE, NewsweaveError("NW202", source=raw.source, why="too deep"))


def _extract_chunk(chunk: list[RawDoc | Rejected], cfg: ExtractSettings) -> list[Article | Rejected]:
    return [extract_one(raw, cfg) for raw in chunk]


def _chunks(items: Iterable[RawDoc | Rejected], size: int) -> Iterator[list[RawDoc | Rejected]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _parallel(raws: Iterable[RawDoc | Rejected], cfg: ExtractSettings, workers: int) -> Iterator[Article | Rejected]:
    """Ordered results from a pool, at most ``2 * workers`` chunks in flight."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[Future[list[Article | Rejected]]] = []
        for chunk in _chunks(raws, CHUNK):
            pending.append(pool.submit(_extract_chunk, chunk, cfg))
            if len(pending) >= 2 * workers:
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()


def run(
    raws: Iterable[RawDoc | Rejected],
    cfg: ExtractSettings | None = None,
    *,
    parallel: int = 1,
    stats: RunStats | None = None,
    progress: bool | None = None,
    total: int | None = None,
) -> Iterator[Article | Rejected]:
    """Extract a stream of raw documents, in input order.

    Args:
        raws: RawDocs and readers' rejections.
        cfg: extract settings.
        parallel: worker processes (1 = in this process).
        stats: counts are added here as items are yielded.
        progress: show a progress bar on stderr; ``None`` = only when stderr is a TTY.
        total: expected number of inputs, for the ETA (unknown: rate only).

    Yields:
        One Article or Rejected per input record.
    """
    cfg = cfg or ExtractSettings()
    stats = stats if stats is not None else RunStats()
    results = _parallel(raws, cfg, parallel) if parallel > 1 else (extract_one(r, cfg) for r in raws)
    show = sys.stderr.isatty() if progress is None else progress
    if not show:
        for item in results:
            stats.add(item)
            yield item
        return
    yield from _with_progress(results, stats, total)


def _with_progress(results: Iterator[Article | Rejected], stats: RunStats, total: int | None) -> Iterator[Any]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [TextColumn("extract"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]} pages/s")]
    columns += [TimeElapsedColumn(), TimeRemainingColumn(), TextColumn("{task.fields[rejected]} rejected")]
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("extract", total=total, rate="-", rejected=0)
        for item in results:
            stats.add(item)
            elapsed = bar.tasks[0].elapsed or 0.0
            rate = f"{stats.inputs / elapsed:.1f}" if elapsed > 0 else "-"
            bar.update(task, advance=1, rate=rate, rejected=sum(stats.rejected.values()))
            yield item
