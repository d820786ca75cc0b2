"""JSONL files (one page per line) to raw documents.

Consumes ``.jsonl`` / ``.jsonl.gz`` files or stdin whose lines are JSON objects
with an ``html`` or a ``text`` field and optional ``url``, ``date`` (ISO) and
``id``; produces one :class:`~newsweave.readers.RawDoc` per line or a
:class:`~newsweave.errors.Rejected` (``NW107`` malformed line, ``NW102`` no
page field, ``NW106`` corrupt gzip). Lines are streamed, never loaded at once.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

from newsweave.errors import NewsweaveError, Rejected
from newsweave.readers import RawDoc
from newsweave.readers.files import MAX_BYTES

STAGE = "read"


def _parse_date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def doc_from_record(obj: Any, source: str, max_bytes: int = MAX_BYTES) -> RawDoc:
    """One JSON object to a RawDoc.

    Raises:
        NewsweaveError: ``NW107`` not an object, ``NW102`` no ``html``/``text``, ``NW105`` too large.
    """
    if not isinstance(obj, dict):
        raise NewsweaveError("NW107", source=source, why="line is not a JSON object")
    html, text = obj.get("html"), obj.get("text")
    page, fmt = (html, "html") if isinstance(html, str) and html.strip() else (text, "text")
    if not isinstance(page, str) or not page.strip():
        raise NewsweaveError("NW102", source=source)
    if len(page) > max_bytes:
        raise NewsweaveError("NW105", source=source, limit=max_bytes)
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    provenance = {"id": str(obj["id"])} if obj.get("id") is not None else {}
    return RawDoc(source, page, fmt, url, _parse_date(obj.get("date")), provenance=provenance)  # type: ignore[arg-type]


def _lines(fh: IO[bytes], source: str, max_bytes: int) -> Iterator[RawDoc | Rejected]:
    for lineno, line in enumerate(fh, 1):
        if not line.strip():
            continue
        rec_source = f"{source}:{lineno}"
        try:
            obj = json.loads(line)
            if isinstance(obj, dict) and obj.get("id") is not None:
                rec_source = f"{source}#{obj['id']}"
            yield doc_from_record(obj, rec_source, max_bytes)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Rejected.from_error(rec_source, STAGE, NewsweaveError("NW107", source=rec_source, why=str(exc)))
        except NewsweaveError as err:
            yield Rejected.from_error(rec_source, STAGE, err)


def read_jsonl_stream(fh: IO[bytes], source: str, *, max_bytes: int = MAX_BYTES) -> Iterator[RawDoc | Rejected]:
    """Stream RawDocs from an open binary JSONL stream (plain or gzip)."""
    try:
        yield from _lines(fh, source, max_bytes)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield Rejected.from_error(source, STAGE, NewsweaveError("NW106", source=source, why=str(exc) or "truncated"))


def read_jsonl(path: str, *, max_bytes: int = MAX_BYTES) -> Iterator[RawDoc | Rejected]:
    """Stream RawDocs from a ``.jsonl`` or ``.jsonl.gz`` file."""
    try:
        fh: IO[bytes] = gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")  # type: ignore[assignment]  # noqa: SIM115
    except OSError as exc:
        yield Rejected.from_error(path, STAGE, NewsweaveError("NW101", source=path, why=exc.strerror or str(exc)))
        return
    with fh:
        yield from read_jsonl_stream(fh, path, max_bytes=max_bytes)
