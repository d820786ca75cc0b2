"""WARC reader: HTML responses become RawDocs, every other record a coded rejection."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from newsweave.errors import Rejected
from newsweave.readers import RawDoc
from newsweave.readers.warc import read_warc, read_warc_stream

PAGE = b"<html><head><title>T</title></head><body><p>Ein kurzer Absatz.</p></body></html>"


def record(
    rtype: str,
    uri: str,
    payload: bytes,
    *,
    rid: str | None = None,
    ctype: str = "text/html; charset=utf-8",
    status: str = "200 OK",
) -> bytes:
    """A WARC/1.0 record made by hand (HTTP response around ``payload`` for responses)."""
    if rtype == "response":
        block = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n\r\n".encode() + payload
        wtype = "application/http; msgtype=response"
    else:
        block, wtype = payload, "application/warc-fields"
    rid = rid or f"<urn:uuid:{abs(hash((rtype, uri, payload))):032x}>"
    head = (
        f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: {rid}\r\nWARC-Date: 2024-05-03T10:00:00Z\r\n"
        f"WARC-Target-URI: {uri}\r\nContent-Type: {wtype}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def run(data: bytes) -> list[RawDoc | Rejected]:
    return list(read_warc_stream(io.BytesIO(data), "t.warc"))


def test_html_response_has_provenance() -> None:
    (doc,) = run(record("response", "https://ex.de/a", PAGE, rid="<urn:uuid:1>"))
    assert isinstance(doc, RawDoc)
    assert doc.url == "https://ex.de/a"
    assert doc.data == PAGE
    assert doc.provenance["warc_record_id"] == "<urn:uuid:1>"
    assert doc.provenance["warc_target_uri"] == "https://ex.de/a"
    assert doc.provenance["warc_date"].startswith("2024-05-03T10:00:00")
    assert doc.content_type == "text/html; charset=utf-8"


def test_other_records_are_counted_skips() -> None:
    data = (
        record("warcinfo", "", b"software: test\r\n")
        + record("request", "https://ex.de/a", b"GET / HTTP/1.1\r\n\r\n")
        + record("response", "https://ex.de/a", PAGE)
        + record("response", "https://ex.de/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", ctype="image/png")
        + record("response", "https://ex.de/gone", PAGE, status="404 Not Found")
    )
    out = run(data)
    assert len(out) == 5
    assert [type(o).__name__ for o in out].count("RawDoc") == 1
    codes = [o.code for o in out if isinstance(o, Rejected)]
    assert codes == ["NW108"] * 4
    messages = " ".join(o.message for o in out if isinstance(o, Rejected))
    assert "warcinfo" in messages and "request" in messages and "image/png" in messages and "404" in messages


def test_gzip_members_and_truncated_gzip() -> None:
    members = [gzip.compress(record("response", f"https://ex.de/{i}", PAGE)) for i in range(3)]
    assert [o.url for o in run(b"".join(members)) if isinstance(o, RawDoc)] == [f"https://ex.de/{i}" for i in range(3)]
    cut = run(b"".join(members)[:-40])
    assert [type(o).__name__ for o in cut] == ["RawDoc", "RawDoc", "Rejected"]
    assert isinstance(cut[2], Rejected) and cut[2].code in {"NW106", "NW107"}


def test_corrupt_member_between_good_ones_loses_nothing_else() -> None:
    good = gzip.compress(record("response", "https://ex.de/1", PAGE))
    bad = b"\x1f\x8b\x08" + b"not deflate at all" * 3
    after = gzip.compress(record("response", "https://ex.de/2", PAGE))
    out = run(good + bad + after)
    assert [o.url for o in out if isinstance(o, RawDoc)] == ["https://ex.de/1", "https://ex.de/2"]
    assert [o.code for o in out if isinstance(o, Rejected)] == ["NW106"]


def test_malformed_header_and_truncated_plain_record() -> None:
    broken = b"WARC/1.0\r\nGarbage: yes\r\nContent-Length: abc\r\n\r\nxxxx\r\n\r\n"
    last = record("response", "https://ex.de/3", PAGE * 20)
    out = run(
        record("response", "https://ex.de/1", PAGE) + broken + record("response", "https://ex.de/2", PAGE) + last[:-300]
    )
    assert [o.url for o in out if isinstance(o, RawDoc)] == ["https://ex.de/1", "https://ex.de/2"]
    assert [o.code for o in out if isinstance(o, Rejected)] == ["NW107", "NW107"]


def test_oversized_payload_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    path.write_bytes(record("response", "https://ex.de/big", b"<html><p>" + b"a" * 5000 + b"</p></html>"))
    (out,) = read_warc(str(path), max_bytes=1000)
    assert isinstance(out, Rejected) and out.code == "NW105"


def test_missing_file() -> None:
    (out,) = read_warc("/nonexistent/x.warc.gz")
    assert isinstance(out, Rejected) and out.code == "NW101"
