"""Benchmark live sources against a local server on 127.0.0.1 (never any other address).

1. Throughput: a sitemap of ``--pages`` article pages (our own generated German text,
   tests/fetchserver.py, served from a separate process) is watched once with extraction on and the store written
   (robots.txt, canonicalisation, dedupe, fetch log included); pages per second of the
   entry phase. Anchor, same pages, same server, same thread count: trafilatura 2.3.1's
   ``fetch_url`` + ``extract`` (no store).
2. Politeness: two hosts (two ports) with ``--rate`` requests/s each; the request arrival
   times the servers saw give the achieved rate per host and the shortest gap.

Usage::

    nice -n 10 .venv/bin/python tools/bench_fetch.py --pages 400 --rate 5 --rate-pages 40
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from multiprocessing import Process, Queue
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura
from tests.fetchserver import Request, Site, page, serve, sitemap
from trafilatura.settings import use_config

from newsweave.fetch.http import Fetcher
from newsweave.fetch.watch import Watcher
from newsweave.settings import FetchSettings, Settings
from newsweave.store import Store


def _setup(site: Site, n: int) -> list[str]:
    paths = [f"/news/{i}.html" for i in range(n)]
    for i, p in enumerate(paths):
        site.static(p, page(i))
    site.static("/robots.txt", b"User-agent: *\nAllow: /\n", "text/plain")
    site.static("/sitemap.xml", sitemap(site.base, paths), "application/xml")
    for i in range(16):  # pages outside the sitemap that warm up extraction processes
        site.static(f"/warm/{i}.html", page(100_000 + i))
    return [site.base + p for p in paths]


def _serve_forever(n: int, bases: Queue[str]) -> None:
    """Child process: serve ``n`` pages until terminated (its own GIL, like a real server)."""
    with serve() as site:
        _setup(site, n)
        bases.put(site.base)
        while True:
            time.sleep(3600)


@contextmanager
def server_process(n: int) -> Iterator[str]:
    """A page server in a separate process; yields its base URL (127.0.0.1)."""
    bases: Queue[str] = Queue()
    proc = Process(target=_serve_forever, args=(n, bases), daemon=True)
    proc.start()
    try:
        yield bases.get(timeout=60)
    finally:
        proc.terminate()
        proc.join()


def newsweave_run(base: str, workers: int, enrich: bool, processes: int = 0) -> tuple[int, float]:
    """One watch cycle over the sitemap; (articles stored, seconds of the whole cycle)."""
    fetch = FetchSettings(rate=1e6, per_host=workers, workers=workers, max_pages=100_000, processes=processes)
    cfg = Settings(fetch=fetch)
    with Store.open(":memory:") as store:
        watcher = Watcher(store, cfg, enrich=enrich)
        if processes:  # start the worker processes (and their model loads) outside the timing
            watcher.fetch_pages([f"{base}/warm/{i}.html" for i in range(2 * processes)])
        start = time.perf_counter()
        summary = watcher.cycle([f"{base}/sitemap.xml"])
        seconds = time.perf_counter() - start
        watcher.close()
    return summary.counts["articles"], seconds


def trafilatura_run(urls: list[str], workers: int) -> tuple[int, float]:
    """trafilatura fetch_url + extract over the same URLs with the same thread count."""

    config = use_config()
    config.set("DEFAULT", "SSRF_PROTECTION", "off")  # the server is on 127.0.0.1, which it blocks by default

    def one(url: str) -> bool:
        html = trafilatura.fetch_url(url, config=config)
        return bool(html and trafilatura.extract(html, url=url))

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        ok = sum(pool.map(one, urls))
    return ok, time.perf_counter() - start


def rate_check(rate: float, n: int, hosts: int = 2) -> list[tuple[str, float, float]]:
    """Fetch ``n`` pages per host at ``rate``/s; (host, achieved rate, shortest gap in s) per host."""
    with ExitStack() as stack:
        sites = [stack.enter_context(serve()) for _ in range(hosts)]
        stamps: dict[str, list[float]] = {s.base: [] for s in sites}
        urls = []
        for s in sites:
            _setup(s, n)
            s.route("/news/0.html", _stamped(s, stamps[s.base]))  # warm route not timed
            for i in range(1, n):
                s.route(f"/news/{i}.html", _stamped(s, stamps[s.base]))
            urls += [f"{s.base}/news/{i}.html" for i in range(n)]
        fetcher = Fetcher(FetchSettings(rate=rate, per_host=2, workers=8))
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(fetcher.get, urls))
        fetcher.close()
    out = []
    for host, times in stamps.items():
        times.sort()
        gaps = [b - a for a, b in itertools.pairwise(times)]
        out.append((host, (len(times) - 1) / (times[-1] - times[0]), min(gaps)))
    return out


def _stamped(site: Site, stamps: list[float]) -> Callable[[Request], object]:
    from tests.fetchserver import Reply

    def handle(req: Request) -> Reply:
        stamps.append(time.perf_counter())
        return Reply(200, page(req.hit), {"Content-Type": "text/html; charset=utf-8"})

    return handle


def main() -> None:
    """Run both measurements and print Markdown table rows."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--rate", type=float, default=5.0)
    ap.add_argument("--rate-pages", type=int, default=40)
    ap.add_argument("--enrich", action="store_true", help="also measure with enrichment on")
    ap.add_argument("--processes", type=int, default=0, help="fetch.processes for the newsweave runs")
    args = ap.parse_args()
    with server_process(args.pages) as base:
        urls = [f"{base}/news/{i}.html" for i in range(args.pages)]
        trafilatura_run(urls[:20], args.workers)  # warm-up (imports, connection pools)
        n_nw, s_nw = newsweave_run(base, args.workers, enrich=False, processes=args.processes)
        n_tf, s_tf = trafilatura_run(urls, args.workers)
        print(f"| newsweave watch (extract + store) | {n_nw} | {s_nw:.2f} | {n_nw / s_nw:.1f} |")
        print(f"| trafilatura fetch_url + extract | {n_tf} | {s_tf:.2f} | {n_tf / s_tf:.1f} |")
        print(f"ratio newsweave/trafilatura: {(n_nw / s_nw) / (n_tf / s_tf):.2f}x")
        if args.enrich:
            n_en, s_en = newsweave_run(base, args.workers, enrich=True, processes=args.processes)
            print(f"| newsweave watch (extract + enrich + store) | {n_en} | {s_en:.2f} | {n_en / s_en:.1f} |")
    for host, achieved, gap in rate_check(args.rate, args.rate_pages):
        print(f"| {host} | {args.rate:g} | {achieved:.3f} | {gap * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
