"""Measure near-duplicate precision and recall on a labelled set built from the dev pages.

The set (written to /tmp, never into the repository):

* originals: the gold bodies of the fundus and scrapinghub dev pages (full article texts);
* copies: for each original, variants made by realistic transformations, as when an
  outlet republishes agency copy: another outlet's byline and furniture, paragraphs
  cut, paragraphs reordered, headline rewritten, typos, an added local paragraph, an
  agency dateline; 1 to 3 transformations per copy;
* distractors: the SemEval-2022 Task 8 dev articles (../shared/bench/stories), which
  include many pairs of different outlets' articles on the same story.

Each text's true group is its original; the system's group is the chain of matches
made by :class:`newsweave.dedupe.DedupIndex` in a shuffled stream. Pairwise precision and
recall are reported for each threshold (and shingle size / LSH threshold).

Usage:
    nice -n 10 .venv/bin/python tools/dedup_eval.py --shared ../shared [--out /tmp/dedup_eval]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter, defaultdict
from dataclasses import replace
from itertools import combinations
from pathlib import Path

from newsweave.dedupe import DedupIndex, DedupSettings, Fingerprint, fingerprint

BYLINES = ["Von {n}, {c}", "{n} | {c}", "By {n} in {c}", "Autor: {n}"]
NAMES = ["Anna Berger", "Tom Klein", "Sara Novak", "Luis Ortega", "Mia Wolf", "Jon Park"]
CITIES = ["Graz", "Bremen", "Leeds", "Basel", "Dresden", "Porto"]
FURNITURE = [
    "Teilen auf Facebook Twitter WhatsApp E-Mail",
    "Mehr zum Thema",
    "Newsletter abonnieren: Die wichtigsten Nachrichten jeden Morgen",
    "Share this article",
    "© {o} 2024 Alle Rechte vorbehalten",
    "Lesen Sie auch: {o} Plus – jetzt 4 Wochen gratis testen",
    "Related coverage",
    "Kommentare (12)",
]
OUTLETS = ["Tagesblatt", "Rundschau", "Daily Courier", "Kurier am Sonntag", "Morning Post"]
LOCAL = [
    "Auch in {c} wird das Thema diskutiert. Der Bürgermeister sagte am Abend, man beobachte die Lage genau "
    "und werde im Gemeinderat darüber sprechen. Vertreter der örtlichen Wirtschaft zeigten sich zurückhaltend.",
    "In {c}, local officials said they were monitoring the situation closely. A council spokesperson told "
    "this newspaper that residents would be informed about any consequences at a meeting next week.",
]


def load_originals(shared: Path) -> list[tuple[str, str]]:
    """(case id, gold body) of the dev pages with full gold bodies of 400+ characters."""
    out = []
    for gold in sorted((shared / "bench/extraction/dev").glob("*/*/gold.json")):
        data = json.loads(gold.read_text("utf-8"))
        body = data.get("body") or ""
        if data.get("gold_type") == "body" and len(body) >= 400:
            out.append((data["id"], body))
    return out


def load_distractors(shared: Path) -> list[tuple[str, str]]:
    """(doc id, text) of the SemEval story dev articles."""
    path = shared / "bench/stories/dev/docs.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [(f"semeval-{r['id']}", r["text"]) for r in rows if len(r["text"]) >= 200]


def _paras(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def _typos(text: str, rng: random.Random, rate: float = 0.02) -> str:
    words = text.split(" ")
    for i in rng.sample(range(len(words)), max(1, int(len(words) * rate))):
        w = words[i]
        if len(w) > 3:
            j = rng.randrange(1, len(w) - 1)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :] if rng.random() < 0.5 else w[:j] + w[j + 1 :]
    return " ".join(words)


def transform(text: str, kind: str, rng: random.Random) -> str:  # noqa: PLR0911 (one branch per kind)
    """Apply one named transformation to an article text."""
    paras, city = _paras(text), rng.choice(CITIES)
    if kind == "furniture":
        outlet = rng.choice(OUTLETS)
        byline = rng.choice(BYLINES).format(n=rng.choice(NAMES), c=city)
        tail = [f.format(o=outlet) for f in rng.sample(FURNITURE, 4)]
        return "\n".join([byline, *paras, *tail])
    if kind == "cut" and len(paras) > 2:
        keep = max(1, int(len(paras) * rng.uniform(0.5, 0.8)))
        kept = [paras[0], *sorted(rng.sample(paras[1:], keep - 1), key=paras.index)] if keep > 1 else paras[:1]
        return "\n".join(kept)
    if kind == "reorder" and len(paras) > 3:
        middle = paras[1:]
        rng.shuffle(middle)
        return "\n".join([paras[0], *middle])
    if kind == "typos":
        return _typos(text, rng)
    if kind == "local":
        at = rng.randrange(1, len(paras) + 1)
        return "\n".join([*paras[:at], rng.choice(LOCAL).format(c=city), *paras[at:]])
    if kind == "dateline":
        return f"{city} (dpa) - " + text
    return text  # "headline": the title changes, the text stays (titles are not in the fingerprint)


KINDS = ["furniture", "cut", "reorder", "headline", "typos", "local", "dateline"]


def build_set(shared: Path, copies: int, seed: int) -> list[tuple[str, str, str]]:
    """(item id, true group, text) for originals, their copies and the distractors, shuffled."""
    rng = random.Random(seed)
    items = []
    for case, body in load_originals(shared):
        items.append((case, case, body))
        for k in range(copies):
            text = body
            for kind in rng.sample(KINDS, rng.randint(1, 3)):
                text = transform(text, kind, rng)
            items.append((f"{case}~{k}", case, text))
    items += [(doc, doc, text) for doc, text in load_distractors(shared)]
    rng.shuffle(items)
    return items


def pairs_of(groups: dict[str, str]) -> set[tuple[str, str]]:
    """All unordered pairs of items sharing a group."""
    members: dict[str, list[str]] = defaultdict(list)
    for item, group in groups.items():
        members[group].append(item)
    return {tuple(sorted(p)) for ms in members.values() for p in combinations(ms, 2)}  # type: ignore[misc]


def evaluate(items: list[tuple[str, str, str]], fps: list[Fingerprint], cfg: DedupSettings) -> dict[str, float]:
    """Stream items through a fresh index; pairwise P/R/F1 of the groups it forms."""
    index, pred, truth = DedupIndex(cfg), {}, {}
    for (item, group, _text), fp in zip(items, fps, strict=True):
        found = index.match(item, fp)
        index.add(item, fp)
        pred[item] = pred[found.article_id] if found else item
        truth[item] = group
    p_pairs, t_pairs = pairs_of(pred), pairs_of(truth)
    tp = len(p_pairs & t_pairs)
    prec, rec = tp / max(1, len(p_pairs)), tp / max(1, len(t_pairs))
    return {
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(2 * prec * rec / max(1e-9, prec + rec), 4),
        "pred_pairs": len(p_pairs),
        "true_pairs": len(t_pairs),
        "false_pairs": len(p_pairs - t_pairs),
    }


def main() -> None:
    """Build the set, sweep the settings, print a Markdown table and write details to --out."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/dedup_eval"))
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--sizes", type=int, nargs="+", default=[3, 5], help="shingle sizes to sweep")
    ap.add_argument("--lsh", type=float, nargs="+", default=[0.2, 0.3, 0.5], help="LSH thresholds to sweep")
    args = ap.parse_args()
    items = build_set(args.shared, args.copies, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "set.jsonl").open("w", encoding="utf-8") as fh:
        for item, group, text in items:
            fh.write(json.dumps({"id": item, "group": group, "text": text}, ensure_ascii=False) + "\n")
    print(f"{len(items)} texts, {len(Counter(g for _, g, _ in items))} true groups")
    print("| shingle | lsh | threshold | precision | recall | F1 | false pairs | s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    results = []
    for size in args.sizes:
        base = DedupSettings(shingle_size=size)
        fps = [fingerprint(text, base) for _, _, text in items]
        for lsh in args.lsh:
            for thr in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
                t0 = time.perf_counter()
                res = evaluate(items, fps, replace(base, lsh_threshold=lsh, threshold=thr))
                secs = time.perf_counter() - t0
                results.append({"shingle": size, "lsh": lsh, "threshold": thr, **res})
                print(
                    f"| {size} | {lsh} | {thr} | {res['precision']:.4f} | {res['recall']:.4f} | {res['f1']:.4f} "
                    f"| {res['false_pairs']} | {secs:.1f} |"
                )
    (args.out / "sweep.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
