"""Raw responses archived as WARC, so a watch run can be replayed offline.

Consumes :class:`~newsweave.fetch.http.Fetched` responses; produces one ``.warc.gz`` file per
run in the ``--warc-out`` directory, one gzip member per ``response`` record (the usual
per-record compression, so readers can seek), written with fastwarc. The HTTP block holds the
status line, the headers and the body as received after content decoding (so
``Content-Encoding`` is dropped and ``Content-Length`` fixed); replay with
``newsweave extract FILE.warc.gz`` or ``newsweave ingest`` (the WARC reader).
"""

from __future__ import annotations

import gzip
import io
import os
import uuid
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path

from fastwarc.warc import WarcRecord, WarcRecordType

from newsweave.fetch.http import Fetched

# Headers that describe the transfer, not the body we keep.
_DROP = frozenset({"content-encoding", "transfer-encoding", "content-length", "connection"})


def http_block(got: Fetched) -> bytes:
    """The HTTP/1.1 message of a response (status line, headers, body)."""
    try:
        reason = HTTPStatus(got.status).phrase
    except ValueError:
        reason = ""
    lines = [f"HTTP/1.1 {got.status} {reason}"]
    lines += [f"{k.title()}: {v}" for k, v in got.headers.items() if k not in _DROP]
    lines.append(f"Content-Length: {len(got.body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace") + got.body


class WarcOut:
    """A ``.warc.gz`` file in ``directory`` that responses are appended to; close it when done."""

    def __init__(self, directory: str | Path) -> None:
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self.path = path / f"newsweave-{stamp}-{os.getpid()}.warc.gz"
        self._fh = self.path.open("ab")
        self.records = 0

    def write(self, got: Fetched) -> None:
        """Append the response record of ``got`` (304s carry no body and are skipped)."""
        if got.not_modified:
            return
        record = WarcRecord()
        record.init_headers(record_type=WarcRecordType.response, record_urn=f"uuid:{uuid.uuid4()}".encode())
        record.headers.append("WARC-Target-URI", got.final_url)
        record.headers.append("Content-Type", "application/http; msgtype=response")
        record.set_bytes_content(http_block(got))
        buf = io.BytesIO()
        record.write(buf, checksum_data=True)
        self._fh.write(gzip.compress(buf.getvalue(), compresslevel=6))
        self.records += 1

    def close(self) -> None:
        """Flush and close the file."""
        self._fh.close()
