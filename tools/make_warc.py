"""Build a large WARC from the DEV pages by repetition, for the streaming/memory benchmark.

Writes warcinfo, then per page a request and a response record (the page bytes
as an HTTP 200 text/html payload), repeating the DEV pages with a numbered URL
until the file reaches ``--size`` bytes. Output goes to /tmp (never the repo):
the pages belong to their publishers.

Usage::

    .venv/bin/python tools/make_warc.py --shared ../shared --out /tmp/dev-1g.warc --size 1e9 [--gzip]
"""

from __future__ import annotations

import argparse
import gzip
import uuid
from pathlib import Path


def warc_record(rtype: str, uri: str, block: bytes, content_type: str) -> bytes:
    """One WARC/1.0 record."""
    head = (
        f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"WARC-Date: 2026-01-01T00:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def pages(shared: Path) -> list[tuple[str, bytes]]:
    """(url, html bytes) of every DEV page."""
    dev = shared / "bench" / "extraction" / "dev"
    out = []
    for page in sorted(dev.glob("*/*/page.html.gz")):
        out.append((f"https://example.org/{page.parent.name}", gzip.decompress(page.read_bytes())))
    return out


def main() -> None:
    """Write the WARC and print its size and page count."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/newsweave-dev-1g.warc"))
    ap.add_argument("--size", type=float, default=1e9)
    ap.add_argument("--gzip", action="store_true", help="one gzip member per record (.warc.gz)")
    args = ap.parse_args()
    source = pages(args.shared)
    wrap = (lambda b: gzip.compress(b, 1)) if args.gzip else (lambda b: b)
    written = n = 0
    with args.out.open("wb") as fh:
        written += fh.write(
            wrap(warc_record("warcinfo", "", b"software: newsweave make_warc\r\n", "application/warc-fields"))
        )
        while written < args.size:
            url, html = source[n % len(source)]
            url = f"{url}?copy={n // len(source)}"
            request = f"GET {url} HTTP/1.1\r\nHost: example.org\r\n\r\n".encode()
            written += fh.write(wrap(warc_record("request", url, request, "application/http; msgtype=request")))
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html
            written += fh.write(wrap(warc_record("response", url, http, "application/http; msgtype=response")))
            n += 1
    print(f"{args.out}: {written / 1e6:.0f} MB, {n} pages, {2 * n + 1} records")


if __name__ == "__main__":
    main()
