"""One entry point for every input: pick the reader by name, then by content.

Consumes paths (files, directories, ``-`` for stdin); produces a stream of
:class:`~newsweave.readers.RawDoc` or :class:`~newsweave.errors.Rejected`.
``.warc``/``.warc.gz`` go to ``readers.warc``, ``.jsonl``/``.jsonl.gz`` to
``readers.jsonl``, everything else (HTML and text pages, ``.gz`` too) to
``readers.files``. Directories are walked in sorted order and each file is
dispatched the same way; stdin is sniffed (WARC header or gzip magic, a JSON
object per line, otherwise one page).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsweave.errors import NewsweaveError, Rejected
from newsweave.readers import InputFormat, RawDoc
from newsweave.readers.files import MAX_BYTES, iter_files, read_path
from newsweave.readers.jsonl import read_jsonl, read_jsonl_stream
from newsweave.readers.warc import is_warc_name, read_warc, read_warc_stream
from newsweave.settings import ExtractSettings

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


def _read_file(path: Path, fmt: InputFormat, max_bytes: int) -> Iterator[RawDoc | Rejected]:
    name = str(path)
    if is_warc_name(name):
        yield from read_warc(name, max_bytes=max_bytes)
    elif name.lower().endswith(JSONL_SUFFIXES):
        yield from read_jsonl(name, max_bytes=max_bytes)
    else:
        try:
            yield RawDoc(source=name, data=read_path(path, max_bytes=max_bytes), input_format=fmt)
        except NewsweaveError as err:
            yield Rejected.from_error(name, "read", err)


def _read_stdin(fmt: InputFormat, max_bytes: int) -> Iterator[RawDoc | Rejected]:
    """stdin: sniff WARC (plain or gzip) and JSONL, else one page.

    A WARC on stdin is buffered (readers need to seek to resume after a bad
    record); pipe large archives through a file instead.
    """
    data = sys.stdin.buffer.read()
    head = data[:64].lstrip()
    if head.startswith((b"WARC/", b"\x1f\x8b\x08")):
        yield from read_warc_stream(io.BytesIO(data), "<stdin>", max_bytes=max_bytes)
    elif head.startswith(b"{") and data.count(b"\n{") >= 1:
        yield from read_jsonl_stream(io.BytesIO(data), "<stdin>", max_bytes=max_bytes)
    elif len(data) > max_bytes:
        yield Rejected.from_error("<stdin>", "read", NewsweaveError("NW105", source="<stdin>", limit=max_bytes))
    else:
        yield RawDoc(source="<stdin>", data=data, input_format=fmt)


def read_inputs(paths: Iterable[str | Path], cfg: ExtractSettings | None = None) -> Iterator[RawDoc | Rejected]:
    """Stream raw documents from any mix of files, directories, archives and stdin.

    Args:
        paths: files, directories, or ``-`` for stdin.
        cfg: extract settings (``input_format`` and ``max_bytes`` are used).

    Yields:
        A RawDoc per page found, or a Rejected (with a code) per input that is not one.
    """
    cfg = cfg or ExtractSettings()
    fmt: InputFormat = cfg.input_format if cfg.input_format in ("text", "html") else "auto"  # type: ignore[assignment]
    for p in paths:
        if str(p) == "-":
            yield from _read_stdin(fmt, cfg.max_bytes)
            continue
        for item in iter_files([p]):
            if isinstance(item, Rejected):
                yield item
            else:
                yield from _read_file(item, fmt, cfg.max_bytes)


__all__ = ["MAX_BYTES", "read_inputs"]
