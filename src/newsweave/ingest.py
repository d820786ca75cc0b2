"""Ingest: inputs to the corpus store, resumable and idempotent.

Consumes paths (pages, directories, WARC, JSONL; ``.jsonl`` lines that are
newsweave Article JSON skip extraction); produces rows in a
:class:`~newsweave.store.Store` and an :class:`IngestSummary`.

Pipeline: readers → extract + enrich + fingerprint (a pool of worker processes,
each loading the enrich models once; results taken back in input order) → one
writer that stores articles with their entities, claims and time expressions,
links versions, finds duplicates through a :class:`~newsweave.dedupe.DedupIndex`
and commits every ``commit_every`` records in one transaction. Each input record has a key
(its source) and a digest of its raw bytes in the ``sources`` table: a record
whose key and digest are already there is skipped before any work, which makes
re-ingest cheap and a killed run resumable; a record whose digest changed is
processed again (a changed page at the same URL becomes a new version).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from newsweave.dedupe import DedupIndex, DedupSettings, Fingerprint, Match, choose_canonical, fingerprint, sentence_diff
from newsweave.enrich import EnrichModels, enrich, load_enrich_models
from newsweave.errors import NewsweaveError, Rejected
from newsweave.model import Article, with_id
from newsweave.readers import RawDoc
from newsweave.readers.dispatch import read_inputs
from newsweave.readers.jsonl import doc_from_record
from newsweave.runner import extract_one
from newsweave.settings import EnrichSettings, ExtractSettings
from newsweave.store import Store

STAGE = "newsweave.ingest.v1"
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """Settings of one ingest run."""

    parallel: int = max(1, os.cpu_count() or 1)
    # Records per transaction: large enough that commits cost little (~1 ms each),
    # small enough that a killed run redoes at most a second or two of work.
    commit_every: int = 500
    # Records per task sent to a worker process (amortises pickling).
    task_size: int = 64
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    # Enrich every new article in the workers (None: store articles as extracted). Articles read
    # from Article JSON that already has sentences were enriched before and are kept as they are.
    enrich: EnrichSettings | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """One input record before processing: its key, the digest of its bytes and the payload."""

    key: str
    digest: str
    payload: RawDoc | bytes | Rejected
    size: int = 0  # input bytes it stands for (drives the progress bar)


@dataclass(frozen=True, slots=True)
class Processed:
    """A record after extraction: an article with its fingerprint, or a rejection."""

    key: str
    digest: str
    article: Article | None = None
    fp: Fingerprint | None = None
    rejected: Rejected | None = None
    json: str | None = None  # the article's JSON, serialised in the worker


@dataclass
class IngestSummary:
    """What a run did; ``counts`` keys: read, skipped, articles, already_stored, exact, near, versions, rejected."""

    run_id: int
    counts: Counter[str] = field(default_factory=Counter)
    rejections: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (stored in ``runs.counts``)."""
        return {**dict(self.counts), "rejections": dict(self.rejections)}


def _digest(*parts: bytes | str | None) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else (part or b""))
        h.update(b"\x1f")
    return h.hexdigest()


# -- reading ---------------------------------------------------------------------------------


def _jsonl_records(path: Path) -> Iterator[Record]:
    """Lines of a JSONL file as records, parsed later in the workers."""
    name = str(path)
    try:
        fh = gzip.open(path, "rb") if name.endswith(".gz") else path.open("rb")  # noqa: SIM115
        with fh:
            for lineno, line in enumerate(fh, 1):
                if line.strip():
                    yield Record(f"{name}:{lineno}", _digest(line), line, len(line))
    except (OSError, EOFError) as exc:
        err = NewsweaveError("NW106" if name.endswith(".gz") else "NW101", source=name, why=str(exc))
        yield Record(name, f"rejected:{err.code}", Rejected.from_error(name, "read", err))


def _raw_records(path: str, cfg: ExtractSettings) -> Iterator[Record]:
    for item in read_inputs([path], cfg):
        if isinstance(item, Rejected):
            yield Record(item.source, f"rejected:{item.code}", item)
            continue
        size = len(item.data)
        yield Record(item.source, _digest(item.data, item.url, str(item.date or "")), item, size)


def iter_records(inputs: Iterable[str], cfg: ExtractSettings) -> Iterator[Record]:
    """Every record of every input, in a stable order (directories sorted)."""
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    yield from iter_records([str(child)], cfg)
        elif name.lower().endswith(JSONL_SUFFIXES) and path.is_file():
            yield from _jsonl_records(path)
        else:
            yield from _raw_records(name, cfg)


def input_bytes(inputs: Iterable[str]) -> int:
    """Total size of the inputs on disk (the progress bar's 100 %)."""
    total = 0
    for name in inputs:
        path = Path(name)
        files = path.rglob("*") if path.is_dir() else [path]
        total += sum(p.stat().st_size for p in files if p.is_file())
    return total


# -- processing (worker side) -----------------------------------------------------------------


def _article_from_line(line: bytes, source: str, cfg: IngestSettings) -> Article:
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise NewsweaveError("NW107", source=source, why=str(exc)) from None
    if isinstance(obj, dict) and "schema_version" in obj and isinstance(obj.get("text"), str):
        try:
            return with_id(Article.from_dict(obj))
        except (KeyError, TypeError, ValueError) as exc:
            raise NewsweaveError("NW107", source=source, why=f"bad article JSON: {exc}") from None
    from newsweave.extractors import extract

    return extract(doc_from_record(obj, source, cfg.extract.max_bytes), cfg.extract)


@cache
def worker_models(cfg: EnrichSettings) -> EnrichModels:
    """The enrich models of this process, loaded on first use (one load per worker process).

    Raises:
        NewsweaveError: NW301/NW302 when the models cannot be loaded.
    """
    return load_enrich_models(cfg)


def _enriched(article: Article, key: str, cfg: EnrichSettings | None) -> Article | Rejected:
    """``article`` enriched with this process's models; unchanged when off or enriched already."""
    if cfg is None or article.sentences:
        return article
    try:
        return enrich(article, cfg, worker_models(cfg))
    except NewsweaveError as err:
        return Rejected.from_error(key, "enrich", err)


def process(record: Record, cfg: IngestSettings) -> Processed:
    """Extract, enrich and fingerprint one record; bad input becomes a rejection (picklable)."""
    payload = record.payload
    if isinstance(payload, Rejected):
        return Processed(record.key, record.digest, rejected=payload)
    if isinstance(payload, RawDoc):
        result = extract_one(payload, cfg.extract)  # the runner's extract: coded errors become Rejected
        if isinstance(result, Rejected):
            return Processed(record.key, record.digest, rejected=result)
        article = result
    else:
        try:
            article = _article_from_line(payload, record.key, cfg)
        except NewsweaveError as err:
            return Processed(record.key, record.digest, rejected=Rejected.from_error(record.key, "extract", err))
    enriched = _enriched(article, record.key, cfg.enrich)
    if isinstance(enriched, Rejected):
        return Processed(record.key, record.digest, rejected=enriched)
    article = enriched
    return Processed(record.key, record.digest, article, fingerprint(article.text, cfg.dedup), json=article.to_json())


def process_batch(records: list[Record], cfg: IngestSettings) -> list[Processed]:
    """``process`` over a list (one worker task)."""
    return [process(r, cfg) for r in records]


def _batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def process_all(records: Iterable[Record], cfg: IngestSettings) -> Iterator[Processed]:
    """Process records in worker processes, yielding results in input order with bounded memory."""
    fn = partial(process_batch, cfg=cfg)
    if cfg.parallel <= 1:
        for batch in _batches(records, cfg.task_size):
            yield from fn(batch)
        return
    with ProcessPoolExecutor(max_workers=cfg.parallel) as pool:
        pending: deque[Future[list[Processed]]] = deque()
        for batch in _batches(records, cfg.task_size):
            pending.append(pool.submit(fn, batch))
            if len(pending) >= 3 * cfg.parallel:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


# -- writing (the single writer) ------------------------------------------------------------


class Writer:
    """Stores processed records: articles, versions, duplicate groups, rejections, source keys."""

    def __init__(self, store: Store, run_id: int, cfg: IngestSettings) -> None:
        self.store, self.run_id, self.cfg = store, run_id, cfg
        self.summary = IngestSummary(run_id)
        self._index: DedupIndex | None = None
        self.sizes: dict[str, int] = {}  # input bytes of records in flight, by key
        self.bytes_done = 0

    def index(self) -> DedupIndex:
        """The near-duplicate index, rebuilt from the store on first need (re-ingest never needs it)."""
        if self._index is None:
            self._index = DedupIndex(self.cfg.dedup)
            for article_id, thash, n_shingles, sig in self.store.fingerprints():
                self._index.add(article_id, Fingerprint(thash, n_shingles, sig))
        return self._index

    def write(self, item: Processed) -> None:
        """Store one processed record (call inside a store transaction)."""
        counts = self.summary.counts
        if item.rejected is not None:
            self.summary.rejections[item.rejected.code] += 1
            counts["rejected"] += 1
            self.store.add_rejection(item.rejected, item.key, self.run_id)
            self.store.mark_source(item.key, item.digest, self.run_id, code=item.rejected.code)
            return
        article, fp = item.article, item.fp
        assert article is not None and fp is not None
        index = self.index()
        if self.store.add_article(article, fp.text_hash, self.run_id, as_json=item.json) is None:
            counts["already_stored"] += 1
        else:
            counts["articles"] += 1
            if self.store.link_version(article):
                counts["versions"] += 1
            self.store.add_fingerprint(article.id, fp.n_shingles, fp.signature)
            found = index.match(article.id, fp)
            index.add(article.id, fp)
            if found is not None:
                counts[found.relation] += 1
                self._join(article, found)
        self.store.mark_source(item.key, item.digest, self.run_id, article_id=article.id)

    def _join(self, article: Article, found: Match) -> None:
        """Put ``article`` in the group of its match; re-pick the canonical and refresh diffs."""
        store = self.store
        group_id = store.group_of(found.article_id)
        old: str | None = None
        if group_id is None:
            group_id = found.article_id
            store.save_group(group_id, found.article_id, "earliest", 1)
            store.save_member(found.article_id, group_id, "first", 1.0, {})
        else:
            old = store.canonical_of(group_id)
        store.save_member(article.id, group_id, found.relation, found.similarity, {})
        members = store.group_members(group_id)
        arts = {m.article_id: store.article(m.article_id) for m in members}
        canonical_id, reason = choose_canonical([a for a in arts.values() if a is not None])
        canonical = arts[canonical_id]
        assert canonical is not None
        store.save_group(group_id, canonical_id, reason, len(members))
        for m in members:
            art = arts[m.article_id]
            if art is None or (canonical_id == old and m.article_id != article.id):
                continue
            diff = {} if art.id == canonical_id else sentence_diff(art.text, canonical.text, self.cfg.dedup)
            store.save_member(art.id, group_id, m.relation, m.similarity, diff)


ProgressFn = Callable[[int, IngestSummary], None]


def _fresh(records: Iterable[Record], seen: dict[str, str], writer: Writer) -> Iterator[Record]:
    """Drop records already stored with the same digest (the resume/re-ingest fast path)."""
    for record in records:
        writer.summary.counts["read"] += 1
        if seen.get(record.key) == record.digest:
            writer.summary.counts["skipped"] += 1
            writer.bytes_done += record.size
            continue
        seen[record.key] = record.digest
        writer.sizes[record.key] = record.size
        yield record


def ingest(
    inputs: list[str], store: Store, cfg: IngestSettings | None = None, progress: ProgressFn | None = None
) -> IngestSummary:
    """Ingest ``inputs`` into ``store``; safe to interrupt and run again.

    Args:
        inputs: files, directories, WARC or JSONL files.
        store: an open store (this process becomes its single writer).
        cfg: run settings.
        progress: called after each record with the input bytes done and the summary so far.

    Returns:
        The run's summary (also stored in the ``runs`` table).
    """
    cfg = cfg or IngestSettings()
    run_id = store.start_run([str(Path(i).resolve()) if i != "-" else i for i in inputs])
    writer = Writer(store, run_id, cfg)
    records = _fresh(iter_records(inputs, cfg.extract), store.source_digests(), writer)
    pending = 0
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        for item in process_all(records, cfg):
            writer.write(item)
            writer.bytes_done += writer.sizes.pop(item.key, 0)
            pending += 1
            if pending >= cfg.commit_every:
                store.conn.execute("COMMIT")
                store.conn.execute("BEGIN IMMEDIATE")
                pending = 0
            if progress:
                progress(writer.bytes_done, writer.summary)
        store.conn.execute("COMMIT")
    except BaseException:
        store.conn.execute("ROLLBACK")
        store.finish_run(run_id, writer.summary.to_dict(), status="failed")
        raise
    store.finish_run(run_id, writer.summary.to_dict())
    return writer.summary


__all__ = ["IngestSettings", "IngestSummary", "Record", "ingest", "iter_records", "process"]
