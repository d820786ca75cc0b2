"""Partitions: the units of work an engine maps the stages over.

Consumes input paths (files, directories, or fsspec URLs of WARC files);
produces :class:`Partition` records and, for each, the stream of
:class:`~newsweave.readers.RawDoc` / :class:`~newsweave.errors.Rejected` it
holds. A WARC file larger than ``partition_bytes`` is cut into byte ranges;
each range is snapped to the next record start by :func:`align` (a gzip member
that inflates to ``WARC/1.``, or a ``WARC/1.`` line after a blank line), and
both neighbours snap the shared cut the same way, so every record belongs to
exactly one partition. Page and JSONL files are batched into partitions of
about ``partition_bytes``. Nothing here imports dask.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from newsweave.errors import NewsweaveError, Rejected
from newsweave.readers import RawDoc
from newsweave.readers.dispatch import read_inputs
from newsweave.readers.files import iter_files
from newsweave.readers.warc import is_warc_name, read_warc_stream
from newsweave.settings import ExtractSettings

# Default partition size. CC-NEWS WARCs are ~1 GB and hold ~25-40k records;
# 64 MB ranges give ~2k records, a few minutes of work per core, small enough
# that a lost worker costs little and large enough that per-task overhead
# (~1 ms in distributed) is noise.
PARTITION_BYTES = 64 * 1024 * 1024
# At most this many page files per partition, however small they are.
MAX_FILES = 512
_GZIP_MAGIC = b"\x1f\x8b\x08"
_PLAIN_MAGIC = b"WARC/1."
_SCAN = 1 << 20
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Partition:
    """A unit of work: a byte range of one WARC file, or a batch of page/JSONL files."""

    inputs: tuple[str, ...]
    start: int = 0
    end: int | None = None  # None: the inputs are read whole

    @property
    def key(self) -> str:
        """A stable description: the same inputs always give the same key."""
        if self.end is None:
            return "\n".join(self.inputs)
        return f"{self.inputs[0]}@{self.start}-{self.end}"

    @property
    def pid(self) -> str:
        """A file-name-safe id: the first input's name plus a hash of :attr:`key`."""
        stem = _SAFE.sub("_", self.inputs[0].rstrip("/").rsplit("/", 1)[-1])[:40] or "input"
        return f"{stem}-{hashlib.blake2b(self.key.encode('utf-8'), digest_size=8).hexdigest()}"


def _is_url(path: str) -> bool:
    return "://" in path


def _open(path: str) -> IO[bytes]:
    if _is_url(path):
        import fsspec  # type: ignore[import-untyped]

        return fsspec.open(path, "rb").open()  # type: ignore[no-any-return]
    return open(path, "rb")


def _size(path: str) -> int:
    if _is_url(path):
        from fsspec.core import url_to_fs  # type: ignore[import-untyped]

        fs, inner = url_to_fs(path)
        return int(fs.size(inner))
    return os.path.getsize(path)


def _warc_ranges(path: str, partition_bytes: int) -> list[Partition]:
    size = _size(path)
    cuts = list(range(0, size, partition_bytes)) or [0]
    return [Partition((path,), start, min(start + partition_bytes, size)) for start in cuts]


def _file_batches(files: list[str], partition_bytes: int) -> Iterator[Partition]:
    batch: list[str] = []
    total = 0
    for name in files:
        batch.append(name)
        total += os.path.getsize(name) if os.path.exists(name) else 0
        if total >= partition_bytes or len(batch) >= MAX_FILES:
            yield Partition(tuple(batch))
            batch, total = [], 0
    if batch:
        yield Partition(tuple(batch))


def plan_partitions(paths: Iterable[str | Path], partition_bytes: int = PARTITION_BYTES) -> list[Partition]:
    """Cut the inputs into partitions, in a stable order.

    Args:
        paths: files, directories (walked in sorted order) or fsspec URLs of WARC files.
        partition_bytes: target size of a WARC byte range or a batch of page files.

    Returns:
        Partitions whose records, read one after the other, are exactly the inputs' records.
    """
    parts: list[Partition] = []
    pages: list[str] = []
    for p in paths:
        if _is_url(str(p)):
            parts.extend(_warc_ranges(str(p), partition_bytes))
            continue
        for item in iter_files([p]):
            name = item.source if isinstance(item, Rejected) else str(item)
            if is_warc_name(name) and not isinstance(item, Rejected):
                parts.extend(_warc_ranges(os.path.abspath(name), partition_bytes))
            else:
                pages.append(name if isinstance(item, Rejected) else os.path.abspath(name))
    parts.extend(_file_batches(pages, partition_bytes))
    return parts


def _is_record_start(fh: IO[bytes], pos: int) -> bool:
    """True when a WARC record starts at ``pos`` (checked by content, not just the magic)."""
    fh.seek(max(0, pos - 4))
    head = fh.read(min(pos, 4) + 512)
    at = head[min(pos, 4) :]
    if at.startswith(_GZIP_MAGIC):
        try:
            return zlib.decompressobj(wbits=31).decompress(at).startswith(_PLAIN_MAGIC)
        except zlib.error:
            return False
    return at.startswith(_PLAIN_MAGIC) and (pos == 0 or head[:4] == b"\r\n\r\n")


def align(fh: IO[bytes], offset: int, size: int) -> int:
    """The first record start at or after ``offset`` (``size`` when there is none)."""
    if offset <= 0:
        return 0
    pos = offset
    while pos < size:
        fh.seek(pos)
        chunk = fh.read(_SCAN + len(_PLAIN_MAGIC))
        if not chunk:
            break
        for match in re.finditer(re.escape(_GZIP_MAGIC) + b"|" + re.escape(_PLAIN_MAGIC), chunk):
            if _is_record_start(fh, pos + match.start()):
                return pos + match.start()
        pos += _SCAN
    return size


class Window(io.RawIOBase):
    """A read-only, seekable view of bytes ``[start, end)`` of a binary file."""

    def __init__(self, fh: IO[bytes], start: int, end: int) -> None:
        super().__init__()
        self._fh, self._start, self._end, self._pos = fh, start, end, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._end - self._start}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        want = min(len(buffer), self._end - self._start - self._pos)
        if want <= 0:
            return 0
        self._fh.seek(self._start + self._pos)
        data = self._fh.read(want)
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


def _read_range(part: Partition, max_bytes: int) -> Iterator[RawDoc | Rejected]:
    path = part.inputs[0]
    try:
        fh = _open(path)
    except OSError as exc:
        yield Rejected.from_error(path, "read", NewsweaveError("NW101", source=path, why=exc.strerror or str(exc)))
        return
    with fh:
        size = _size(path)
        start = align(fh, part.start, size)
        end = align(fh, part.end if part.end is not None else size, size)
        if start < end:
            yield from read_warc_stream(Window(fh, start, end), path, max_bytes=max_bytes)  # type: ignore[arg-type]


def read_partition(part: Partition, cfg: ExtractSettings) -> Iterator[RawDoc | Rejected]:
    """Every input record of ``part``, as the readers yield them (one item per record)."""
    if part.end is None:
        yield from read_inputs(part.inputs, cfg)
    else:
        yield from _read_range(part, cfg.max_bytes)
