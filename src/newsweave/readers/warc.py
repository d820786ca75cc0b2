"""WARC and WARC.gz files to raw documents, streamed record by record.

Consumes a ``.warc`` / ``.warc.gz`` path (or an open binary stream); produces
one :class:`~newsweave.readers.RawDoc` per HTTP response record with an HTML
payload (bytes, the HTTP ``Content-Type`` kept for charset decisions) and a
:class:`~newsweave.errors.Rejected` for every other record, so that
``records = RawDocs + Rejected`` always holds:

* ``NW108`` skipped on purpose (warcinfo/request/metadata records, non-200
  responses, non-HTML payloads), the reason in the message;
* ``NW107`` malformed record (bad header; reading resumes at the next record);
* ``NW106`` truncated record (the stream ended inside it);
* ``NW105`` payload above the size limit.

Provenance: ``warc_record_id``, ``warc_target_uri`` and ``warc_date`` (the
crawl time, which extraction may use as a last-resort date ``warc-date``).
Memory is bounded by one record: payloads are read with a limit, never the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

from fastwarc.warc import ArchiveIterator

from newsweave.errors import NewsweaveError, Rejected
from newsweave.readers import RawDoc
from newsweave.readers.files import MAX_BYTES

STAGE = "read"
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_HTML_TYPES = re.compile(r"text/html|application/xhtml|text/plain", re.I)
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.I)
# Bytes scanned when looking for the next record after a malformed one; a
# record header is a few hundred bytes, payloads rarely exceed a few MB.
_RESYNC_CHUNK = 1 << 20


def is_warc_name(path: str) -> bool:
    """True when the file name says WARC (``.warc``, ``.warc.gz``)."""
    return path.lower().endswith(WARC_SUFFIXES)


def _reject(source: str, code: str, **params: Any) -> Rejected:
    return Rejected.from_error(source, STAGE, NewsweaveError(code, source=source, **params))


def _skip_reason(record: Any) -> str | None:
    """Why a record is not an HTML page, or None when it is one."""
    rtype = str(record.record_type)
    if rtype != "response":
        return f"{rtype} record"
    if not record.is_http:
        return "response record without HTTP headers"
    status = record.http_headers.status_code
    if status != 200:
        return f"HTTP status {status}"
    ctype = record.http_content_type or ""
    if ctype and not _HTML_TYPES.search(ctype):
        return f"non-HTML payload ({ctype})"
    return None


def _header_problem(record: Any) -> tuple[str, str] | None:
    """``(code, why)`` when the record headers rule it out, else None."""
    if not record.record_id or str(record.record_type) == "unknown" or record.headers.get("Content-Length") is None:
        return "NW107", "missing or invalid WARC-Type, WARC-Record-ID or Content-Length"
    if (why := _skip_reason(record)) is not None:
        return "NW108", why
    if not record.headers.get("WARC-Target-URI"):
        return "NW107", "response record without WARC-Target-URI"
    return None


def record_to_doc(record: Any, source: str, max_bytes: int = MAX_BYTES) -> RawDoc | Rejected:
    """One fastwarc record to a RawDoc, or a Rejected with its code and reason."""
    rid = record.record_id or ""
    rec_source = f"{source}#{rid}" if rid else f"{source}@{record.stream_pos}"
    if (problem := _header_problem(record)) is not None:
        return _reject(rec_source, problem[0], why=problem[1])
    uri = record.headers.get("WARC-Target-URI")
    payload = record.reader.read(max_bytes + 1)
    if len(payload) > max_bytes:
        return _reject(rec_source, "NW105", limit=max_bytes)
    if len(payload) < record.content_length:
        return _reject(rec_source, "NW107", why=f"record truncated at {len(payload)} of {record.content_length} bytes")
    if not record.http_content_type and not _HTML_SNIFF.search(payload[:4096]):
        return _reject(rec_source, "NW108", why="payload without Content-Type that is not HTML")
    date = record.record_date
    provenance = {"warc_record_id": rid, "warc_target_uri": uri}
    if date is not None:
        provenance["warc_date"] = date.isoformat()
    return RawDoc(
        source=rec_source,
        data=payload,
        input_format="html",
        url=uri,
        content_type=record.http_headers.get("Content-Type"),
        provenance=provenance,
    )


def _next_record_offset(fh: IO[bytes], after: int, gzipped: bool) -> int | None:
    """Offset of the next record start (gzip member or ``WARC/1.`` line) after ``after``."""
    marker = _GZIP_MAGIC if gzipped else b"WARC/1."
    pos = after
    while True:
        fh.seek(pos)
        chunk = fh.read(_RESYNC_CHUNK + len(marker))
        if not chunk:
            return None
        hit = chunk.find(marker)
        if hit >= 0:
            return pos + hit
        pos += _RESYNC_CHUNK


def _iterate_from(
    fh: IO[bytes], offset: int, source: str, max_bytes: int, state: dict[str, Any]
) -> Iterator[RawDoc | Rejected]:
    fh.seek(offset)
    for record in ArchiveIterator(fh, parse_http=True, auto_decode="all", fsspec_args=False):
        item = record_to_doc(record, source, max_bytes)
        state["last"] = offset + record.stream_pos
        state["last_bad"] = isinstance(item, Rejected) and item.code in {"NW106", "NW107"}
        yield item


def read_warc_stream(fh: IO[bytes], source: str, *, max_bytes: int = MAX_BYTES) -> Iterator[RawDoc | Rejected]:
    """Stream RawDocs and Rejected from a seekable binary WARC stream (plain or gzip).

    After a parse error, reading resumes at the next record marker: a record
    that fails where it starts is one ``NW107``/``NW106`` rejection; junk
    between records that belongs to no record is skipped without one.
    """
    gzipped = fh.read(3) == _GZIP_MAGIC
    offset = 0
    while True:
        state: dict[str, Any] = {"last": None, "last_bad": False}
        try:
            yield from _iterate_from(fh, offset, source, max_bytes, state)
            return
        except (OSError, ValueError) as exc:
            code = "NW106" if "ecompress" in str(exc) or "runcat" in str(exc) else "NW107"
            if state["last"] is None:  # the record at `offset` itself is bad
                yield _reject(f"{source}@{offset}", code, why=str(exc) or type(exc).__name__)
                nxt = _next_record_offset(fh, offset + 1, gzipped)
            else:
                nxt = _next_record_offset(fh, state["last"] + 1, gzipped)
                if nxt is None and not state["last_bad"]:
                    yield _reject(f"{source}@{state['last']}+", code, why=str(exc) or type(exc).__name__)
            if nxt is None:
                return
            offset = nxt


def read_warc(path: str, *, max_bytes: int = MAX_BYTES) -> Iterator[RawDoc | Rejected]:
    """Stream RawDocs and Rejected from a ``.warc`` or ``.warc.gz`` file."""
    try:
        fh = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        yield _reject(path, "NW101", why=exc.strerror or str(exc))
        return
    with fh:
        yield from read_warc_stream(fh, path, max_bytes=max_bytes)
