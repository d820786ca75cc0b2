"""Parquet shards of articles and rejections, and the manifest that makes runs resumable.

Consumes the :class:`~newsweave.model.Article` / :class:`~newsweave.errors.Rejected`
stream of one partition; produces, under an output directory (a local path or
an fsspec URL such as ``s3://bucket/run``)::

    articles/<pid>.parquet      one row per article, nested columns (see ARTICLE_SCHEMA)
    rejections/<pid>.parquet    one row per rejected input record
    _manifest/<pid>.json        written last: the partition is finished

A shard is written under a temporary name and renamed into place, and its
manifest entry is written (again via a temporary name) only after both shards
exist, so a partition is either finished or absent. Shard names are
deterministic, so a partition redone after a crash overwrites its orphans:
readers trust only partitions in the manifest, and nothing is ever doubled.
On object stores the rename is a copy, but the manifest entry is a single PUT,
which is atomic, so the guarantee holds there too.

Readers use only pyarrow; fsspec (installed with ``newsweave[dask]``) is needed
only for URLs.
"""

from __future__ import annotations

import glob
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from newsweave import __version__
from newsweave.errors import NewsweaveError, Rejected
from newsweave.model import Article

if TYPE_CHECKING:
    from newsweave.ingest import IngestSettings, IngestSummary, Processed, Writer
    from newsweave.store import Store

ARTICLES = "articles"
REJECTIONS = "rejections"
MANIFEST = "_manifest"
# Rows buffered before a row group is flushed: ~1000 articles are a few MB of
# text, so a partition's memory stays bounded however large its WARC range is.
ROW_GROUP_ROWS = 1000

_STR = pa.string()
_SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32())])
ARTICLE_SCHEMA = pa.schema(
    [
        ("partition", _STR),
        ("id", _STR),
        ("source", _STR),
        ("text", _STR),
        ("title", _STR),
        ("lead", _STR),
        ("body", pa.list_(pa.struct([("kind", _STR), ("text", _STR), ("start", pa.int32()), ("end", pa.int32())]))),
        ("url", _STR),
        ("site", _STR),
        ("language", _STR),
        ("authors", pa.list_(_STR)),
        ("agencies", pa.list_(_STR)),
        ("images", pa.list_(pa.struct([("caption", _STR), ("credit", _STR), ("url", _STR)]))),
        (
            "related",
            pa.list_(
                pa.struct(
                    [("title", _STR), ("teaser", _STR), ("section", _STR), ("image_caption", _STR), ("url", _STR)]
                )
            ),
        ),
        ("section", _STR),
        # ISO 8601 as written by Article.to_dict: keeps naive and aware datetimes apart losslessly.
        ("published", pa.struct([("value", _STR), ("source", _STR)])),
        (
            "furniture",
            pa.list_(pa.struct([("text", _STR), ("kind", _STR), ("start", pa.int32()), ("end", pa.int32())])),
        ),
        ("warnings", pa.list_(_STR)),
        ("input_format", _STR),
        (
            "entities",
            pa.list_(
                pa.struct(
                    [("start", pa.int32()), ("end", pa.int32()), ("label", _STR), ("text", _STR), ("entity", _STR)]
                )
            ),
        ),
        (
            "time_expressions",
            pa.list_(
                pa.struct([("start", pa.int32()), ("end", pa.int32()), ("text", _STR), ("value", _STR), ("kind", _STR)])
            ),
        ),
        (
            "claims",
            pa.list_(
                pa.struct(
                    [
                        ("start", pa.int32()),
                        ("end", pa.int32()),
                        ("content", _STR),
                        ("cue", _STR),
                        ("modality", _STR),
                        ("source", _STR),
                        ("source_entity", _STR),
                    ]
                )
            ),
        ),
        ("sentences", pa.list_(pa.list_(pa.int32()))),
        ("extra", _STR),  # free-form dict, as JSON
        ("schema_version", pa.int16()),
    ]
)
REJECTION_SCHEMA = pa.schema(
    [("partition", _STR), ("source", _STR), ("stage", _STR), ("code", _STR), ("message", _STR)]
)


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One finished partition: what it read, what it produced, where."""

    pid: str
    key: str
    records: int
    articles: int
    rejections: int
    seconds: float
    cpu_seconds: float = 0.0  # CPU time of the task thread: per-core speed even on a busy machine
    finished: str = ""
    newsweave: str = __version__

    def to_json(self) -> str:
        """The JSON form stored in ``_manifest/<pid>.json``."""
        return json.dumps(asdict(self), ensure_ascii=False)


class _FileSystem(Protocol):
    def open(self, path: str, mode: str = "rb") -> IO[bytes]: ...
    def mv(self, src: str, dst: str) -> None: ...
    def makedirs(self, path: str, exist_ok: bool = False) -> None: ...
    def exists(self, path: str) -> bool: ...
    def glob(self, pattern: str) -> list[str]: ...


class _LocalFS:
    """The few filesystem calls shards need, for plain paths without fsspec."""

    def open(self, path: str, mode: str = "rb") -> IO[bytes]:
        return open(path, mode)

    def mv(self, src: str, dst: str) -> None:
        os.replace(src, dst)

    def makedirs(self, path: str, exist_ok: bool = False) -> None:
        os.makedirs(path, exist_ok=exist_ok)

    def exists(self, path: str) -> bool:
        return os.path.exists(path)

    def glob(self, pattern: str) -> list[str]:
        return sorted(glob.glob(pattern))


def open_fs(out: str | Path) -> tuple[_FileSystem, str]:
    """``(filesystem, root)`` for a local directory or an fsspec URL.

    Raises:
        NewsweaveError: ``NW901`` when ``out`` is a URL and fsspec is not installed.
    """
    text = str(out)
    if "://" not in text:
        return _LocalFS(), os.path.abspath(text)
    try:
        from fsspec.core import url_to_fs  # type: ignore[import-untyped]
    except ImportError:
        raise NewsweaveError("NW901", what=f"{text}: URLs need fsspec (pip install 'newsweave[dask]')") from None
    fs, root = url_to_fs(text)
    return fs, str(root).rstrip("/")


def article_row(article: Article, partition: str) -> dict[str, Any]:
    """An Article as a row of ARTICLE_SCHEMA."""
    row = article.to_dict()
    row["extra"] = json.dumps(row["extra"], ensure_ascii=False) if row["extra"] else None
    row["partition"] = partition
    return row


def row_article(row: dict[str, Any]) -> Article:
    """The Article stored in a row of ARTICLE_SCHEMA (inverse of :func:`article_row`)."""
    data = {k: v for k, v in row.items() if v is not None and k != "partition"}
    data["extra"] = json.loads(row["extra"]) if row.get("extra") else {}
    return Article.from_dict(data)


class _ShardFile:
    """One Parquet shard written in row groups under a temporary name."""

    def __init__(self, fs: _FileSystem, path: str, schema: pa.Schema) -> None:
        self.fs, self.path, self.schema = fs, path, schema
        self.tmp = f"{path}.tmp-{uuid.uuid4().hex[:8]}"
        self.rows: list[dict[str, Any]] = []
        self.count = 0
        self._fh = fs.open(self.tmp, "wb")
        self._writer = pq.ParquetWriter(self._fh, schema, compression="zstd")

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        self.count += 1
        if len(self.rows) >= ROW_GROUP_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self._writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def commit(self) -> None:
        self.flush()
        self._writer.close()
        self._fh.close()
        self.fs.mv(self.tmp, self.path)


def write_partition(out: str | Path, pid: str, items: Iterable[Article | Rejected]) -> tuple[int, int]:
    """Write one partition's articles and rejections as two shards.

    Args:
        out: the output directory or fsspec URL.
        pid: the partition id (a file-name-safe string).
        items: the partition's stream; it is consumed once.

    Returns:
        ``(articles, rejections)`` written. The manifest entry is *not* written:
        call :func:`mark_done` once the caller knows the partition is complete.
    """
    fs, root = open_fs(out)
    for sub in (ARTICLES, REJECTIONS):
        fs.makedirs(f"{root}/{sub}", exist_ok=True)
    arts = _ShardFile(fs, f"{root}/{ARTICLES}/{pid}.parquet", ARTICLE_SCHEMA)
    rejs = _ShardFile(fs, f"{root}/{REJECTIONS}/{pid}.parquet", REJECTION_SCHEMA)
    for item in items:
        if isinstance(item, Rejected):
            rejs.add({"partition": pid, **item.to_dict()})
        else:
            arts.add(article_row(item, pid))
    arts.commit()
    rejs.commit()
    return arts.count, rejs.count


def mark_done(out: str | Path, entry: ManifestEntry) -> None:
    """Record ``entry`` in the manifest (atomically: temporary name, then rename)."""
    fs, root = open_fs(out)
    fs.makedirs(f"{root}/{MANIFEST}", exist_ok=True)
    if not entry.finished:
        entry = ManifestEntry(**{**asdict(entry), "finished": datetime.now(UTC).isoformat(timespec="seconds")})
    path = f"{root}/{MANIFEST}/{entry.pid}.json"
    tmp = f"{path}.tmp-{uuid.uuid4().hex[:8]}"
    with fs.open(tmp, "wb") as fh:
        fh.write(entry.to_json().encode("utf-8"))
    fs.mv(tmp, path)


def finished(out: str | Path) -> dict[str, ManifestEntry]:
    """The manifest: finished partitions by pid (empty for a new directory)."""
    fs, root = open_fs(out)
    done: dict[str, ManifestEntry] = {}
    if not fs.exists(f"{root}/{MANIFEST}"):
        return done
    for path in fs.glob(f"{root}/{MANIFEST}/*.json"):
        with fs.open(path, "rb") as fh:
            entry = ManifestEntry(**json.loads(fh.read()))
        done[entry.pid] = entry
    return done


def _rows(out: str | Path, sub: str, schema: pa.Schema) -> Iterator[dict[str, Any]]:
    fs, root = open_fs(out)
    for pid in sorted(finished(out)):
        with fs.open(f"{root}/{sub}/{pid}.parquet", "rb") as fh:
            pfile = pq.ParquetFile(fh)
            for group in range(pfile.num_row_groups):
                yield from pfile.read_row_group(group).cast(schema).to_pylist()


def read_articles(out: str | Path) -> Iterator[Article]:
    """Every article of every finished partition, partition by partition."""
    for row in _rows(out, ARTICLES, ARTICLE_SCHEMA):
        yield row_article(row)


def read_rejections(out: str | Path) -> Iterator[Rejected]:
    """Every rejection of every finished partition."""
    for row in _rows(out, REJECTIONS, REJECTION_SCHEMA):
        yield Rejected(source=row["source"], stage=row["stage"], code=row["code"], message=row["message"])


def _processed(outs: Iterable[str | Path], cfg: IngestSettings) -> Iterator[Processed]:
    """Shard rows as the store writer's records: articles keyed by source, then rejections."""
    from newsweave.dedupe import fingerprint
    from newsweave.ingest import Processed

    for out in outs:
        for article in read_articles(out):
            yield Processed(article.source, f"shard:{article.id}", article, fingerprint(article.text, cfg.dedup))
        for rej in read_rejections(out):
            yield Processed(rej.source, f"rejected:{rej.code}", rejected=rej)


def load_into(outs: list[str], store: Store, cfg: IngestSettings | None = None) -> IngestSummary:
    """The second pass: load finished shards into the store, with dedup, through ingest's writer.

    Records whose key is already stored with the same digest are skipped, so
    loading the same shards twice adds nothing.

    Args:
        outs: shard directories or URLs (each the ``out`` of a crawl run).
        store: an open store (this process becomes its single writer).
        cfg: ingest settings (``commit_every`` and ``dedup`` are used).
    """
    from newsweave.ingest import IngestSettings, Writer

    cfg = cfg or IngestSettings()
    run_id = store.start_run([str(o) for o in outs])
    writer = Writer(store, run_id, cfg)
    seen = store.source_digests()
    batch: list[Processed] = []
    status = "failed"
    try:
        for item in _processed(outs, cfg):
            writer.summary.counts["read"] += 1
            if seen.get(item.key) == item.digest:
                writer.summary.counts["skipped"] += 1
                continue
            batch.append(item)
            if len(batch) >= cfg.commit_every:
                _commit(store, writer, batch)
        _commit(store, writer, batch)
        status = "done"
    finally:
        store.finish_run(run_id, writer.summary.to_dict(), status=status)
    return writer.summary


def _commit(store: Store, writer: Writer, batch: list[Processed]) -> None:
    with store.transaction():
        for item in batch:
            writer.write(item)
    batch.clear()
