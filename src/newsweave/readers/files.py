"""Read files, directories (recursively) and stdin into raw documents.

``.gz`` files are decompressed transparently; corrupt archives, unreadable
files and oversized inputs become rejections with a code, never tracebacks.
"""

from __future__ import annotations

import gzip
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from newsweave.errors import NewsweaveError, Rejected
from newsweave.readers import InputFormat, RawDoc

# Default ceiling for one page: far above any real article page (the largest
# dev page is ~2 MB of HTML), low enough that one bad file cannot exhaust memory.
MAX_BYTES = 32 * 1024 * 1024
_SKIP_NAMES = {"gold.json", "manifest.jsonl"}


def _read_limited(fh: BinaryIO, source: str, max_bytes: int) -> bytes:
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise NewsweaveError("NW105", source=source, limit=max_bytes)
    return data


def read_path(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """Read one file (gunzipping ``.gz``) with a size limit.

    Raises:
        NewsweaveError: ``NW101`` unreadable, ``NW105`` too large, ``NW106`` corrupt gzip.
    """
    source = str(path)
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as gz:
                return _read_limited(gz, source, max_bytes)  # type: ignore[arg-type]
        with path.open("rb") as fh:
            return _read_limited(fh, source, max_bytes)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise NewsweaveError("NW106", source=source, why=str(exc) or type(exc).__name__) from None
    except OSError as exc:
        raise NewsweaveError("NW101", source=source, why=exc.strerror or str(exc)) from None


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Rejected]:
    """Expand paths: files as given, directories recursively in sorted order."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and child.name not in _SKIP_NAMES:
                    yield child
        elif path.exists():
            yield path
        else:
            yield Rejected(str(path), "read", "NW101", f"cannot open {path}: no such file or directory")


def read_files(
    paths: Iterable[str | Path], *, input_format: InputFormat = "auto", max_bytes: int = MAX_BYTES
) -> Iterator[RawDoc | Rejected]:
    """Yield a RawDoc per file (``-`` is stdin) or a Rejected with its reason."""
    for p in paths:
        if str(p) == "-":
            try:
                data = _read_limited(sys.stdin.buffer, "<stdin>", max_bytes)
            except NewsweaveError as err:
                yield Rejected.from_error("<stdin>", "read", err)
                continue
            yield RawDoc(source="<stdin>", data=data, input_format=input_format)
            continue
        for item in iter_files([p]):
            if isinstance(item, Rejected):
                yield item
                continue
            try:
                yield RawDoc(source=str(item), data=read_path(item, max_bytes=max_bytes), input_format=input_format)
            except NewsweaveError as err:
                yield Rejected.from_error(str(item), "read", err)
