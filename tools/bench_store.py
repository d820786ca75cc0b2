"""Scale benchmark of the store: generate N articles (text already extracted) and ingest them twice.

Writes N newsweave Article JSON lines to ``--workdir`` (default /tmp/nw_bench_store):
synthetic German-like texts over a Zipf vocabulary, of which ~10 % are near-duplicate
copies of an earlier article (cut, typo'd, with an added paragraph, an agency dateline)
and ~3 % exact copies at another URL. Then runs ``newsweave ingest`` as a subprocess
(fresh store, then the same input again) and reports wall time, articles/s and the
peak resident memory of the whole process tree (writer + workers, sampled every 0.1 s).

Usage:
    nice -n 10 .venv/bin/python tools/bench_store.py --n 100000 --parallel 2
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from newsweave.model import Article, Block, Published, join_text, with_id

SYLLABLES = ["ber", "lin", "ge", "setz", "rung", "kanz", "ler", "mi", "nis", "ter", "wahl", "par", "tei", "stadt"]
SYLLABLES += ["ver", "hand", "lung", "ko", "a", "li", "tion", "markt", "preis", "eu", "ro", "pa", "bund", "land"]


def vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    """Pseudo-words of 1-4 syllables."""
    return ["".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))) for _ in range(size)]


def sentence(rng: random.Random, vocab: list[str], weights: list[float]) -> str:
    """One sentence of 8-20 Zipf-distributed words."""
    words = rng.choices(vocab, cum_weights=weights, k=rng.randint(8, 20))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def make_article(i: int, rng: random.Random, vocab: list[str], weights: list[float]) -> Article:
    """A fresh synthetic article."""
    paras = [" ".join(sentence(rng, vocab, weights) for _ in range(rng.randint(2, 4))) for _ in range(5)]
    body = tuple(Block("paragraph", p) for p in paras[1:])
    published = Published(datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=i), "given")
    site = f"outlet{rng.randrange(200)}.example"
    return with_id(
        Article(
            id="", source=f"bench:{i}", text=join_text(paras[0], body), title=sentence(rng, vocab, weights),
            lead=paras[0], body=body, url=f"https://{site}/a/{i}", site=site, language="de", published=published,
        )
    )  # fmt: skip


def make_copy(i: int, orig: Article, rng: random.Random, vocab: list[str], weights: list[float]) -> Article:
    """A near-duplicate of ``orig`` republished elsewhere."""
    body = list(orig.body)
    if rng.random() < 0.5 and len(body) > 2:
        body.pop(rng.randrange(1, len(body)))
    if rng.random() < 0.5:
        body.insert(rng.randrange(len(body) + 1), Block("paragraph", sentence(rng, vocab, weights)))
    lead = ("Berlin (dpa) - " if rng.random() < 0.3 else "") + (orig.lead or "")
    site = f"outlet{rng.randrange(200)}.example"
    text = join_text(lead, tuple(body))
    return with_id(
        Article(
            id="", source=f"bench:{i}", text=text, title=orig.title, lead=lead, body=tuple(body),
            url=f"https://{site}/a/{i}", site=site, language="de", published=orig.published,
        )
    )  # fmt: skip


def generate(path: Path, n: int, seed: int) -> None:
    """Write ``n`` Article JSON lines."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights = list(accumulate(1.0 / (r + 1) for r in range(len(vocab))))  # Zipf, as cumulative weights
    made: list[Article] = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            roll = rng.random()
            if made and roll < 0.03:
                orig = rng.choice(made)
                site = f"outlet{rng.randrange(200)}.example"
                art = with_id(
                    Article(**{**{f: getattr(orig, f) for f in orig.__slots__}, "url": f"https://{site}/x/{i}"})
                )  # type: ignore[attr-defined]
            elif made and roll < 0.13:
                art = make_copy(i, rng.choice(made[-5000:]), rng, vocab, weights)
            else:
                art = make_article(i, rng, vocab, weights)
                made.append(art)
            fh.write(art.to_json() + "\n")


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return total


def run_ingest(data: Path, db: Path, parallel: int) -> tuple[float, int, str]:
    """Run ``newsweave ingest``; return (seconds, peak tree RSS, summary line)."""
    cmd = [sys.executable, "-m", "newsweave", "ingest", str(data), "--db", str(db), "--parallel", str(parallel)]
    t0, peak = time.perf_counter(), 0
    # The store alone (read, dedupe, write): enrichment and stories have their own benchmarks.
    proc = subprocess.Popen([*cmd, "--quiet", "--no-enrich", "--no-stories"], stderr=subprocess.PIPE, text=True)
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.1)
    secs = time.perf_counter() - t0
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode:
        raise SystemExit(f"ingest failed: {err}")
    return secs, peak, " ".join(err.split())


def main() -> None:
    """Generate, ingest, re-ingest; print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--parallel", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/nw_bench_store"))
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    data, db = args.workdir / f"articles-{args.n}.jsonl", args.workdir / "bench.db"
    if not data.exists():
        t0 = time.perf_counter()
        generate(data, args.n, args.seed)
        print(f"generated {args.n} articles in {time.perf_counter() - t0:.0f} s ({data.stat().st_size >> 20} MiB)")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    first = run_ingest(data, db, args.parallel)
    rows1 = sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    second = run_ingest(data, db, args.parallel)
    conn = sqlite3.connect(db)
    rows2 = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    members = dict(conn.execute("SELECT relation, COUNT(*) FROM dup_members GROUP BY 1"))
    print(f"first run: {first[2]}\nsecond run: {second[2]}\ndup members: {members}")
    print("| run | seconds | articles/s | peak RSS (MiB) | rows |")
    print("|---|---:|---:|---:|---:|")
    print(f"| ingest | {first[0]:.1f} | {args.n / first[0]:.0f} | {first[1] >> 20} | {rows1} |")
    print(f"| re-ingest | {second[0]:.1f} | {args.n / second[0]:.0f} | {second[1] >> 20} | {rows2 - rows1} added |")
    print(f"speed-up of re-ingest: {first[0] / second[0]:.1f}x")


if __name__ == "__main__":
    main()
