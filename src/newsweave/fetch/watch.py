"""The watch cycle: sources → new entries → fetch → extract → store (→ enrich → stories).

Consumes source URLs (feeds, sitemaps, homepages whose feeds are discovered) and an open
:class:`~newsweave.store.Store`; produces stored articles and a :class:`CycleSummary`.

One cycle: (1) every source is fetched with a conditional GET (a 304 costs no body) and
parsed into canonical entry URLs (:mod:`~newsweave.fetch.discover`); (2) entries never seen
before are queued in ``live_entries`` and committed; (3) queued entries are fetched in worker threads and
extracted and (optionally) enriched by the ingest stage's ``process`` (in those threads, or in
``fetch.processes`` worker processes), and the single writer stores them through the
ingest :class:`~newsweave.ingest.Writer` (duplicates, versions, rejections as in ``ingest``),
marking each entry ``stored``/``rejected`` in the same transaction. An entry is therefore
fetched once across cycles, and a killed watch resumes from the entries left ``pending``.
A failing source is recorded with its code and never stops the others.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from newsweave.errors import NewsweaveError, Rejected
from newsweave.fetch import state
from newsweave.fetch.discover import Listing, canonical, read_listing
from newsweave.fetch.http import Fetched, Fetcher
from newsweave.fetch.robots import host_of
from newsweave.fetch.warcout import WarcOut
from newsweave.ingest import IngestSettings, Processed, Record, Writer, process, worker_models
from newsweave.model import Article
from newsweave.readers import RawDoc
from newsweave.settings import Settings
from newsweave.store import Store

STAGE = "newsweave.fetch.v1"
# Homepage → feed, sitemap index → sitemap: two levels cover the layouts seen in news sites.
MAX_DEPTH = 2
# Child sitemaps / discovered feeds read per source and cycle (news sitemap indexes list the
# current month first; older children are rarely new).
MAX_CHILDREN = 20
# Results per store transaction: a killed watch redoes at most this many fetches.
COMMIT_EVERY = 50

ArticlesHook = Callable[[Store, list[Article]], None]
ChildErrors = list[tuple[str, NewsweaveError]]


@dataclass(frozen=True, slots=True)
class SourceResult:
    """What reading one source gave: its response, entry URLs, child listings and errors."""

    url: str
    kind: str | None = None
    got: Fetched | None = None
    entries: tuple[str, ...] = ()
    children: tuple[Fetched, ...] = ()
    error: NewsweaveError | None = None
    child_errors: tuple[tuple[str, NewsweaveError], ...] = ()


@dataclass(frozen=True, slots=True)
class EntryResult:
    """One fetched entry: the response and the processed article or rejection, or the fetch error."""

    url: str
    source: str | None
    got: Fetched | None = None
    processed: Processed | None = None
    error: NewsweaveError | None = None


@dataclass
class CycleSummary:
    """Counts of one cycle (also stored in ``runs.counts``)."""

    run_id: int
    counts: Counter[str] = field(default_factory=Counter)
    rejections: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    articles: list[Article] = field(default_factory=list)  # stored this cycle, in order

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**dict(self.counts), "rejections": dict(self.rejections), "seconds": round(self.seconds, 3)}


def read_sources(path: str | Path) -> list[str]:
    """Source URLs from a text file: one per line, ``#`` comments and blank lines ignored.

    Raises:
        NewsweaveError: NW901 for a line that is not an http(s) URL.
    """
    urls = []
    for lineno, text in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        words = text.split()
        if not words or words[0].startswith("#"):
            continue
        if not words[0].startswith(("http://", "https://")):
            raise NewsweaveError("NW901", what=f"{path}:{lineno}: not an http(s) URL: {words[0]!r}")
        urls.append(words[0])
    return list(dict.fromkeys(urls))


def transient(err: NewsweaveError) -> bool:
    """Failures worth retrying next cycle: slow, connection, 429 and 5xx."""
    status = err.params.get("status")
    return err.code in {"NW502", "NW506"} or (err.code == "NW505" and isinstance(status, int) and status >= 429)


def _digest(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def interleave(jobs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Jobs round-robin across hosts, so fetch threads are not all queued behind one host's rate limit."""
    by_host: dict[str, list[tuple[str, str | None]]] = {}
    for job in jobs:
        by_host.setdefault(host_of(job[0]), []).append(job)
    queues = list(by_host.values())
    return [q[i] for i in range(max(map(len, queues), default=0)) for q in queues if i < len(q)]


def _chunks(items: Iterable[EntryResult], size: int) -> Iterator[list[EntryResult]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class Watcher:
    """Runs watch cycles and page fetches against one store (its single writer)."""

    def __init__(
        self,
        store: Store,
        cfg: Settings,
        *,
        fetcher: Fetcher | None = None,
        warc: WarcOut | None = None,
        enrich: bool = False,
        on_articles: ArticlesHook | None = None,
    ) -> None:
        self.store, self.cfg = store, cfg
        self.fetcher = fetcher or Fetcher(cfg.fetch)
        self.warc, self.on_articles = warc, on_articles
        # The ingest stage does extract + enrich + fingerprint; here in the fetch threads, or in
        # ``fetch.processes`` worker processes (each loads the enrich models once).
        self.ingest_cfg = IngestSettings(parallel=1, extract=cfg.extract, enrich=cfg.enrich if enrich else None)
        self._pool: Executor | None = None
        self._validators: state.Validators = {}
        if cfg.fetch.processes > 0:
            self._pool = ProcessPoolExecutor(max_workers=cfg.fetch.processes)
        elif enrich:
            worker_models(cfg.enrich)  # load once now: NW30x before any fetch, no racing first loads

    def close(self) -> None:
        """Stop the extraction processes and close the HTTP connections."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        self.fetcher.close()

    # -- sources -----------------------------------------------------------------------------

    def read_source(self, source: state.SourceState) -> SourceResult:
        """Fetch one source (conditionally) and parse it and its child listings (thread-safe)."""
        url = source.url
        try:
            got = self.fetcher.get(url, etag=source.etag, last_modified=source.last_modified)
            if got.not_modified:
                return SourceResult(url, source.kind, got)
            robots_maps = self.fetcher.robots.sitemaps(got.final_url)
            listing = read_listing(got.body, got.final_url, got.content_type, robots_maps)
        except NewsweaveError as err:
            return SourceResult(url, error=err)
        entries = list(listing.entries)
        children: list[Fetched] = []
        errors: ChildErrors = []
        self._expand(listing, 1, entries, children, errors)
        return SourceResult(url, listing.kind, got, tuple(entries), tuple(children), None, tuple(errors))

    def _expand(
        self,
        listing: Listing,
        depth: int,
        entries: list[str],
        children: list[Fetched],
        errors: list[tuple[str, NewsweaveError]],
    ) -> None:
        for child in listing.listings[:MAX_CHILDREN]:
            etag, modified = self._validators.get(child, (None, None))
            try:
                got = self.fetcher.get(child, etag=etag, last_modified=modified)
                if got.not_modified:  # its entries were queued when it last changed
                    children.append(got)
                    continue
                sub = read_listing(got.body, got.final_url, got.content_type)
            except NewsweaveError as err:
                errors.append((child, err))
                continue
            children.append(got)
            entries.extend(sub.entries)
            if depth < MAX_DEPTH:
                self._expand(sub, depth + 1, entries, children, errors)

    def _record_source(self, res: SourceResult, summary: CycleSummary) -> None:
        store, run_id, counts = self.store, summary.run_id, summary.counts
        counts["sources"] += 1
        if res.error is not None:
            err = res.error
            counts["sources_failed"] += 1
            summary.rejections[err.code] += 1
            state.record_failure(store, res.url, err.code, err.message, err.params.get("status"))
            state.log(store, run_id, state.LogLine(res.url, "source", res.url, err.params.get("status"),
                                                   code=err.code, message=err.message))  # fmt: skip
            return
        assert res.got is not None
        new = 0 if res.got.not_modified else state.queue_entries(store, res.url, list(res.entries))
        counts["not_modified"] += res.got.not_modified
        counts["new_entries"] += new
        state.record_ok(store, res.url, res.kind or "?", res.got, new)
        for got, role in [(res.got, "source"), *((c, "listing") for c in res.children)]:
            self._log_response(got, role, res.url, run_id)
        for child_got in res.children:
            state.record_listing(store, res.url, child_got)
        for child, err in res.child_errors:
            state.log(store, run_id, state.LogLine(child, "listing", res.url, err.params.get("status"),
                                                   code=err.code, message=err.message))  # fmt: skip

    def _log_response(self, got: Fetched, role: str, source: str | None, run_id: int) -> None:
        line = state.LogLine(
            got.url, role, source, got.status, len(got.body), round(got.seconds * 1000), got.http_version
        )
        state.log(self.store, run_id, line)
        if self.warc is not None:
            self.warc.write(got)

    # -- entries -----------------------------------------------------------------------------

    def fetch_entry(self, url: str, source: str | None = None) -> EntryResult:
        """Fetch, extract and (if on) enrich one page (thread-safe; stores nothing)."""
        try:
            got = self.fetcher.get(url)
        except NewsweaveError as err:
            return EntryResult(url, source, error=err)
        page_url = canonical(got.final_url) or got.final_url
        provenance = {"fetched_url": url, "http_status": str(got.status), "http_version": got.http_version}
        raw = RawDoc(page_url, got.body, "html", page_url, None, got.content_type, provenance)
        record = Record(url, _digest(got.body), raw, len(got.body))
        if self._pool is None:
            processed = process(record, self.ingest_cfg)
        else:
            processed = self._pool.submit(process, record, self.ingest_cfg).result()
        return EntryResult(url, source, got, processed)

    def _write_entry(self, res: EntryResult, writer: Writer, stored: list[Article], queued: bool) -> None:
        run_id, summary = writer.run_id, writer.summary
        if res.got is not None:
            self._log_response(res.got, "entry", res.source, run_id)
        if res.error is not None:
            err = res.error
            summary.counts["rejected"] += 1
            summary.rejections[err.code] += 1
            rejected = Rejected.from_error(res.url, "fetch", err)
            self.store.add_rejection(rejected, res.url, run_id)
            state.log(self.store, run_id, state.LogLine(res.url, "entry", res.source, err.params.get("status"),
                                                        code=err.code, message=err.message))  # fmt: skip
            if queued:
                state.finish_entry(self.store, res.url, code=err.code, retry=transient(err))
            return
        assert res.processed is not None
        summary.counts["fetched"] += 1
        writer.write(res.processed)
        article, rejection = res.processed.article, res.processed.rejected
        if article is not None:
            stored.append(article)
        if queued:
            code = rejection.code if rejection else None
            state.finish_entry(self.store, res.url, article_id=article.id if article else None, code=code)

    def _run_entries(self, jobs: list[tuple[str, str | None]], writer: Writer, queued: bool) -> list[Article]:
        stored: list[Article] = []
        pool = ThreadPoolExecutor(max_workers=max(1, self.cfg.fetch.workers))
        try:
            results = pool.map(lambda job: self.fetch_entry(*job), interleave(jobs))
            for chunk in _chunks(results, COMMIT_EVERY):
                with self.store.transaction():
                    for res in chunk:
                        self._write_entry(res, writer, stored, queued)
        finally:
            # On Ctrl-C, drop the queued fetches (they stay pending) instead of working them off.
            pool.shutdown(wait=True, cancel_futures=True)
        return stored

    # -- cycles ------------------------------------------------------------------------------

    def cycle(self, sources: list[str]) -> CycleSummary:
        """One watch cycle over ``sources`` (see the module docstring)."""
        start = time.monotonic()
        store = self.store
        run_id = store.start_run([f"watch:{u}" for u in sources])
        summary = CycleSummary(run_id)
        with store.transaction():
            state.add_sources(store, sources)
        states = state.sources(store, sources)
        self._validators = state.listing_validators(store)  # read here: the threads have no connection
        with ThreadPoolExecutor(max_workers=max(1, min(self.cfg.fetch.workers, len(states)))) as pool:
            results = list(pool.map(self.read_source, states))
        with store.transaction():
            for res in results:
                self._record_source(res, summary)
        jobs: list[tuple[str, str | None]] = []
        for source in sources:  # pending first: an interrupted cycle's entries are finished now
            jobs += [(u, source) for u in state.todo(store, source, self.cfg.fetch.max_pages)]
        return self._finish(summary, jobs, queued=True, start=start)

    def fetch_pages(self, urls: list[str]) -> CycleSummary:
        """Fetch, extract and store the given pages now (``newsweave fetch``; no queue, always fetched)."""
        start = time.monotonic()
        run_id = self.store.start_run([f"fetch:{u}" for u in urls])
        return self._finish(CycleSummary(run_id), [(u, None) for u in urls], queued=False, start=start)

    def _finish(
        self, summary: CycleSummary, jobs: list[tuple[str, str | None]], queued: bool, start: float
    ) -> CycleSummary:
        writer = Writer(self.store, summary.run_id, self.ingest_cfg)
        stored = self._run_entries(jobs, writer, queued)
        summary.counts.update(writer.summary.counts)
        summary.rejections.update(writer.summary.rejections)
        summary.seconds = time.monotonic() - start
        self.store.finish_run(summary.run_id, summary.to_dict())
        if stored and self.on_articles is not None:
            self.on_articles(self.store, stored)
        summary.articles = stored
        return summary
