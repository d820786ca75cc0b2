"""Crawl-scale benchmark: the crawl engines over WARC files built from the dev pages.

Builds per-record-gzipped WARC files (one ``warcinfo`` record each, then one
HTTP response per page, as CC-NEWS does) from ``../shared/bench/extraction/dev``
in a temporary directory, then measures records per second for the local
engine, the Dask engine with 1 worker and with 2 workers (one thread each),
and plain ``trafilatura.extract`` over the same payloads in one process (the
anchor). From the per-core figure and the measured bytes per record it
estimates the cores needed to keep up with one day of CC-NEWS.

Run: ``nice -n 10 .venv/bin/python tools/bench_dask.py --shared ../shared --pages 120``
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

from newsweave.backends import CrawlSettings, RunReport, run
from newsweave.settings import EnrichSettings

# CC-NEWS volume: ~15 WARC files of ~1 GB a day (the figure).
CC_NEWS_BYTES_PER_DAY = 15 * 10**9


def warc_record(wtype: str, uri: str | None, payload: bytes, *, date: str = "2024-05-03T10:00:00Z") -> bytes:
    """One WARC/1.0 record; ``response`` records wrap ``payload`` in an HTTP 200 text/html response."""
    if wtype == "response":
        http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(payload)}\r\n\r\n"
        block, ctype = http.encode("ascii") + payload, "application/http; msgtype=response"
    else:
        block, ctype = payload, "application/warc-fields"
    head = [
        "WARC/1.0",
        f"WARC-Type: {wtype}",
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, (uri or '') + str(len(payload)))}>",
        f"WARC-Date: {date}",
        *([f"WARC-Target-URI: {uri}"] if uri else []),
        f"Content-Type: {ctype}",
        f"Content-Length: {len(block)}",
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"


def write_warc(path: Path, pages: Iterable[tuple[str, bytes]], *, compress: bool = True) -> int:
    """Write a WARC (gzip per record when ``compress``): a warcinfo record, then one response per page.

    Returns:
        The number of records written.
    """
    records = [warc_record("warcinfo", None, b"software: newsweave tools/bench_dask.py\r\n")]
    records += [warc_record("response", url, html) for url, html in pages]
    with path.open("wb") as fh:
        for rec in records:
            fh.write(gzip.compress(rec, mtime=0) if compress else rec)
    return len(records)


def dev_pages(shared: Path, limit: int | None = None) -> list[tuple[str, bytes]]:
    """``(url, html bytes)`` of the dev pages in manifest order (read-only use of ../shared)."""
    dev = shared / "bench" / "extraction" / "dev"
    pages: list[tuple[str, bytes]] = []
    with (dev / "manifest.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            case = json.loads(line)
            page = dev / case["path"] / "page.html.gz"
            if page.is_file():
                pages.append((case["url"], gzip.decompress(page.read_bytes())))
            if limit and len(pages) >= limit:
                break
    return pages


def build_warcs(pages: Sequence[tuple[str, bytes]], out: Path, files: int) -> list[Path]:
    """Spread ``pages`` over ``files`` WARC.gz files under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(files):
        path = out / f"dev-{i:02d}.warc.gz"
        write_warc(path, pages[i::files])
        paths.append(path)
    return paths


def _anchor(pages: Sequence[tuple[str, bytes]]) -> tuple[float, float]:
    """Wall and CPU seconds of plain trafilatura.extract over the same payloads, one process."""
    import trafilatura

    began, cpu = time.perf_counter(), time.thread_time()
    for url, html in pages:
        trafilatura.extract(html, url=url)
    return time.perf_counter() - began, time.thread_time() - cpu


def _run_engine(warcs: list[str], out: str, cfg: CrawlSettings, workers: int | None) -> tuple[float, RunReport]:
    """Wall seconds and report of one run; a Dask cluster is started before the clock starts."""
    if workers is None:
        began = time.perf_counter()
        rep = run(warcs, out, cfg, engine="local")
        return time.perf_counter() - began, rep
    from newsweave.backends.dask import connect

    with connect(workers=workers) as client:
        began = time.perf_counter()
        rep = run(warcs, out, cfg, engine="dask", client=client)
        return time.perf_counter() - began, rep


def main(argv: list[str] | None = None) -> None:
    """Build the WARCs, time each engine, print a Markdown section."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--pages", type=int, default=120)
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--partition-mb", type=float, default=0.5)
    ap.add_argument("--entities", action="store_true", help="Include NER (needs the trained model files).")
    args = ap.parse_args(argv)

    pages = dev_pages(args.shared, args.pages)
    cfg = CrawlSettings(enrich=EnrichSettings(entities=args.entities), partition_bytes=int(args.partition_mb * 2**20))
    rows: list[tuple[str, float, RunReport]] = []
    with tempfile.TemporaryDirectory() as tmp:
        warcs = [str(p) for p in build_warcs(pages, Path(tmp) / "warc", args.files)]
        warc_bytes = sum(os.path.getsize(p) for p in warcs)
        anchor = _anchor(pages)
        for label, workers in (("local engine", None), ("dask, 1 worker", 1), ("dask, 2 workers", 2)):
            secs, rep = _run_engine(warcs, f"{tmp}/out-{workers}", cfg, workers)
            rows.append((label, secs, rep))
    print("\n".join(_table(len(pages), len(warcs), warc_bytes, anchor, rows)))


def _table(
    n_pages: int,
    n_files: int,
    warc_bytes: int,
    anchor: tuple[float, float],
    rows: list[tuple[str, float, RunReport]],
) -> list[str]:
    records = rows[0][2].records
    per_record = warc_bytes / records
    local_rate = records / rows[0][1]
    out = [
        f"Input: {n_files} WARC.gz files, {records} records ({n_pages} dev pages + {n_files} warcinfo), "
        f"{warc_bytes / 2**20:.1f} MiB, {per_record / 1024:.1f} KiB per record "
        f"({2**30 / per_record:,.0f} records per GiB). Load average at start: {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores.",
        "",
        "| engine | partitions | wall s | records/s (wall) | vs local | task CPU s | records per CPU s "
        "| articles | rejections |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, secs, rep in rows:
        rate = rep.records / secs
        out.append(
            f"| {label} | {rep.partitions} | {secs:.1f} | {rate:.2f} | {rate / local_rate:.2f}x "
            f"| {rep.cpu_seconds:.1f} | {rep.records / rep.cpu_seconds:.2f} | {rep.articles} | {rep.rejections} |"
        )
    out.append(
        f"| anchor: `trafilatura.extract` only, 1 process | | {anchor[0]:.1f} | {n_pages / anchor[0]:.2f} "
        f"| {n_pages / anchor[0] / local_rate:.2f}x | {anchor[1]:.1f} | {n_pages / anchor[1]:.2f} | | |"
    )
    last = rows[-1][2]
    per_core_wall = last.records / rows[-1][1] / 2
    per_core = last.records / last.cpu_seconds
    per_day = CC_NEWS_BYTES_PER_DAY / per_record
    cores = per_day / (per_core * 86400)
    out += [
        "",
        f"Per core: **{per_core:.2f} records/s** of task CPU time in the 2-worker run "
        f"({per_core * 3600:,.0f} per core-hour); by wall clock on this shared machine "
        f"{per_core_wall:.2f} records/s per worker. One CC-NEWS day (15 GB) at the measured "
        f"{per_record / 1024:.1f} KiB per record is ~{per_day:,.0f} records, so keeping up needs "
        f"**~{cores:.1f} dedicated cores** running around the clock ({cores * 24:,.0f} core-hours a day; "
        f"by the wall-clock figure, {per_day / (per_core_wall * 86400):.1f}).",
    ]
    return out


if __name__ == "__main__":
    main()
