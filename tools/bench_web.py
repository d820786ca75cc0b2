"""Latency of the web pages on a generated store: p50/p95 of the story, article, search and entity pages.

Generates an N-article store (default 100,000; synthetic German-like text, 2 languages, 60 outlets,
a year of dates, an entity mention and a claim in every article, stored through the ingest writer's
``Store.add_article``; stories of ~100 articles in the stories stage's tables), starts
``newsweave serve`` on 127.0.0.1 as a subprocess and times a bounded number of real HTTP requests
per page, sequentially, after a warm-up.

    .venv/bin/python tools/bench_web.py --articles 100000 --requests 300 --db /tmp/bench-web-v2.db
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import httpx

from newsweave.model import Article, Block, Claim, Mention, Published, join_text, with_id
from newsweave.store import Store

COMMON = [
    "regierung", "minister", "stadt", "bericht", "polizei", "wahl", "partei", "gericht", "brücke", "hafen",
    "schule", "klinik", "bahn", "streik", "haushalt", "energie", "klima", "wasser", "verkehr", "markt",
]  # fmt: skip
SYLLABLES = ["ka", "ber", "lin", "do", "ster", "mu", "ren", "to", "hal", "vi", "gen", "sa", "rol", "fe", "nik", "um"]
# News vocabulary is Zipf-distributed; the offset of 200 ranks leaves out the stopwords nobody searches for,
# so the 20 common content words each occur in roughly 15% of the articles (tuned by counting in a 5,000 store).
WORDS = COMMON + [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES][: 20_000 - len(COMMON)]
WEIGHTS = [1 / (rank + 200) for rank in range(len(WORDS))]
NAMES = [("Anna Berger", "PER"), ("Nordstadt", "LOC"), ("Stadtrat", "ORG"), ("Kai Müller", "PER"),
         ("Südhafen", "LOC"), ("Verkehrsbetriebe", "ORG"), ("Lena Vogt", "PER"), ("Ostheim", "LOC")]  # fmt: skip


def make_article(i: int, rng: random.Random, start: datetime) -> Article:
    """One synthetic article of ~150 words with two entity mentions and a claim."""
    name, label = NAMES[i % len(NAMES)]
    paras = [" ".join(rng.choices(WORDS, WEIGHTS, k=50)) for _ in range(3)]
    paras[0] = f"{name} sagte, " + paras[0]
    body = tuple(Block("paragraph", p) for p in paras)
    lead = " ".join(rng.choices(WORDS, WEIGHTS, k=20))
    site = f"outlet{i % 60}.example"
    a = Article(
        id="", source=f"bench/{i}", text=join_text(lead, body), title=" ".join(rng.choices(WORDS, WEIGHTS, k=6)),
        lead=lead, body=body, url=f"https://{site}/{i}", site=site, language="de" if i % 3 else "en",
        published=Published(start + timedelta(minutes=5 * i), "meta"),
    )  # fmt: skip
    a = with_id(a)
    at = a.text.index(name)
    claim_start = at + len(name) + 7
    mention = Mention(at, at + len(name), label, name, name)  # type: ignore[arg-type]
    claim = Claim(claim_start, claim_start + 40, a.text[claim_start : claim_start + 40], "sagte", "reported", name)
    return replace(a, entities=(mention,), claims=(claim,))


def build(path: Path, n: int, story_size: int) -> None:
    """Write the store (skipped when it already has n articles).

    Articles go through :meth:`Store.add_article`, the ingest writer's call: article row, parts, FTS,
    ``article_meta`` and the enrichment tables (``entities``, ``mentions``, ``claims``). Stories are
    fixed groups of ``story_size`` articles written to the stories stage's tables (migration 60).
    """
    rng = random.Random(7)
    start = datetime(2024, 1, 1)
    with Store.open(path) as store:
        if store.count("articles") >= n:
            return
        t0 = time.perf_counter()
        n_stories = max(1, n // story_size)
        for lo in range(0, n, 5000):
            with store.transaction() as conn:
                for i in range(lo, min(n, lo + 5000)):
                    a = make_article(i, rng, start)
                    store.add_article(a, a.id)
                    sid = f"s{i % n_stories}"
                    conn.execute(
                        "INSERT OR IGNORE INTO stories VALUES (?, ?, NULL, NULL, ?, '[]', '[]', '[]')",
                        (sid, f"Story {sid}", story_size),
                    )
                    conn.execute("INSERT INTO story_members VALUES (?, ?, ?, 1.0)", (a.id, sid, "e" + sid))
            print(f"  {min(n, lo + 5000)} articles, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        store.conn.execute("ANALYZE")


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def time_pages(base: str, urls: list[str]) -> list[float]:
    """Milliseconds per GET, sequential, keep-alive; every response must be a 200."""
    out = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for url in urls:
            t = time.perf_counter()
            r = client.get(url)
            out.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"{url}: HTTP {r.status_code}")
    return out


def _query_words(rng: random.Random) -> list[str]:
    """A topical word (rank 20-2000), half the time with a common word; a tenth of queries are one common word."""
    if rng.random() < 0.1:
        return [rng.choice(COMMON)]
    words = [rng.choice(WORDS[20:2000])]
    return [*words, rng.choice(COMMON)] if rng.random() < 0.5 else words


def urls(path: Path, requests: int, rng: random.Random) -> dict[str, list[str]]:
    """Random story, article, search and entity URLs (search: one or two words, half with a filter)."""
    import sqlite3

    conn = sqlite3.connect(path)
    stories = [r[0] for r in conn.execute("SELECT id FROM stories")]
    ids = [r[0] for r in conn.execute("SELECT id FROM articles WHERE seq % 97 = 0")]
    conn.close()
    filters = ["", "&language=de", "&site=outlet7.example", "&from=2024-03-01&to=2024-03-31", "&entity=Anna%20Berger"]
    return {
        "story": [f"/stories/{rng.choice(stories)}" for _ in range(requests)],
        "article": [f"/articles/{rng.choice(ids)}" for _ in range(requests)],
        "search": ["/search?q=" + "+".join(_query_words(rng)) + rng.choice(filters) for _ in range(requests)],
        "entity": [f"/entities/{quote(rng.choice(NAMES)[0])}" for _ in range(requests)],
    }


def serve(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start `newsweave serve` on a free loopback port; return the process and its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("newsweave")
    proc = subprocess.Popen([str(exe), "serve", "--db", str(path), "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/api/stats", timeout=1)
            return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def main() -> None:
    """Build (or reuse) the store, serve it, time the pages, print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=300, help="timed requests per page type")
    ap.add_argument("--story-size", type=int, default=100)
    ap.add_argument("--db", type=Path, default=Path("/tmp/bench-web-v2.db"))
    args = ap.parse_args()
    build(args.db, args.articles, args.story_size)
    plan = urls(args.db, args.requests, random.Random(11))
    proc, base = serve(args.db)
    try:
        for page_urls in plan.values():
            time_pages(base, page_urls[:20])  # warm-up: page cache, connections, templates
        print(f"| page | requests | p50 ms | p95 ms | max ms |  ({args.articles:,} articles)")
        print("|---|---:|---:|---:|---:|")
        for name, page_urls in plan.items():
            ms = time_pages(base, page_urls)
            print(f"| {name} | {len(ms)} | {statistics.median(ms):.1f} | {percentile(ms, 95):.1f} | {max(ms):.1f} |")
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
