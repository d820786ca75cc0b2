"""Pick candidate sentences for a claims gold set from dev pages no earlier gold set uses.

Consumes the extraction benchmark's DEV cases (``../shared/bench/extraction/dev``) and
the existing claim gold files (their case ids are excluded); produces, on stdout, one
JSONL record per candidate sentence: ``case``, ``lang``, ``start``/``end`` into the case
body (``newsweave.enrich.scoring.case_body``: the gold body, or ``page.txt`` for
snippet-only trafilatura cases), the span's short SHA-1, the marker classes found and
``claims: null`` for the annotator to fill in. With ``--show`` the sentence text goes
to stderr for reading; it is never written to the repository.

Sentences are chosen by broad surface markers (quotes, reporting verbs, Konjunktiv I,
"laut", "zufolge", "soll", "according to", "reportedly", "denied", "is expected to"),
never by the output of a claim extractor, so the set tests precision (many marked
sentences hold no claim) as well as recall. Selection is seeded and deterministic:
cases are shuffled, then sentences are drawn round-robin over marker classes (rarest
first, so denials, rumours and announcements are not crowded out by "said"), at most
``--per-case`` per page. A second draw (``--rare`` per language) adds sentences with the
wording of the rare modalities (denials, confirmations, hearsay, announcements).

Usage::

    .venv/bin/python tools/claims_sample.py --dev ../shared/bench/extraction/dev \
        --per-lang 85 --rare 20 --seed 2026 [--show] > /tmp/candidates.jsonl

These defaults give the 210 sentences of ``tests/data/claims_gold_heldout2.jsonl`` (same
case, offsets and hash, in the same order); the labels there were added by hand
(``docs/claims_annotation.md``). ``--exclude-all --per-lang 70 --rare 15 --seed 2027`` gives
the 153 sentences of ``tests/data/claims_gold_heldout3.jsonl``, drawn from pages none of the
three earlier sets uses.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from newsweave.enrich.scoring import case_body
from newsweave.enrich.sentences import load_splitter, split_sentences

ROOT = Path(__file__).resolve().parent.parent
EXCLUDE = ("claims_gold.jsonl", "claims_gold_heldout.jsonl")
# With ``--exclude-all``: also the sets drawn later (heldout2), so a new set uses fresh pages.
EXCLUDE_ALL = (*EXCLUDE, "claims_gold_heldout2.jsonl")

# Marker classes per language, rarest first (the round-robin starts with them).
MARKERS: dict[str, dict[str, str]] = {
    "de": {
        "denial": r"\b(dementi\w*|bestr(itt|eitet|itten)|zurückgewiesen|wies\w* \w+ zurück|weist \w+ zurück"
        r"|verneint\w*)",
        "rumour": r"\b(angeblich\w*|Gerücht\w*|Spekulation\w*|offenbar|mutmaßlich\w*|Insider\w*|Kreise\w*)",
        "confirm": r"\b(bestätig\w+)",
        "announce": r"\b(kündig\w+ \w+ an|angekündigt|kündigt\w*|will|plant|sollen|soll)\b",
        "according": r"\b(laut|zufolge|nach Angaben|nach Informationen|demnach|so der|so die|hieß es|heißt es)\b",
        "konjunktiv": r"\b(sei|seien|habe|hätten|könne|müsse|wolle|gebe|werde)\b",
        "verb": r"\b(sagt\w*|gesagt|erklärt\w*|betont\w*|berichte\w*|teilt\w* \w+ mit|mitgeteilt|meint\w*|fordert\w*"
        r"|warnt\w*|schätzt|kritisiert\w*|behaupt\w+|vermute\w*|glaubt)\b",
        "quote": r"[„“\"»«]",
    },
    "en": {
        "denial": r"\b(den(y|ied|ies|ial)|rejected|dismissed)\b",
        "rumour": r"\b(reportedly|allegedly|rumou?r\w*|speculat\w+|sources|unconfirmed|purported\w*)\b",
        "confirm": r"\b(confirm\w*)\b",
        "announce": r"\b(announc\w+|(is|are|was|were) expected to|plans? to|will|pledged|promised|vowed)\b",
        "according": r"\b(according to|as per|citing|cited)\b",
        "verb": r"\b(said|says|told|claim\w*|stated|added|insist\w*|argu\w+|warn\w*|believe\w*|suggest\w*"
        r"|report\w*|wrote|noted|explained)\b",
        "quote": r"[“”\"]",
    },
}
COMPILED = {lang: {k: re.compile(v) for k, v in m.items()} for lang, m in MARKERS.items()}
# Second draw: wording of the rare modalities (denials, confirmations, hearsay, announcements),
# which the first draw meets only a few times per hundred sentences on these pages.
RARE = {
    "de": re.compile(
        r"\b(dementi\w*|bestr(itt|eitet|itten)|zurückgewiesen|(wies|weist)\b.{0,60}\bzurück|widersprach"
        r"|bestätigt\w*|angeblich\w*|Gerücht\w*|Berichten zufolge|Medienbericht\w*|angekündigt|kündigt\w*"
        r"|soll(en)? \w+ (haben|sein))"
    ),
    "en": re.compile(
        r"\b(den(y|ied|ies|ial)|refut\w+|disput\w+|rejects?|rejected|confirm\w*|reportedly|allegedly|rumou?r\w*|announc\w+"
        r"|(is|are|was|were) expected to|pledged|vowed|promised|declined to comment)\b"
    ),
}
# Sentence length bounds in characters: shorter ones are headings and furniture, longer
# ones run-ons across page parts (checked by reading 30 page.txt samples).
MIN_CHARS, MAX_CHARS = 50, 420
# page.txt lines shorter than this are menus, teasers and captions, not body paragraphs.
MIN_LINE = 120
FURNITURE = re.compile(r"cookie|©|newsletter|javascript|datenschutz|privacy|subscribe|abonn", re.I)


def used_cases(data: Path, names: tuple[str, ...] = EXCLUDE) -> set[str]:
    """Case ids already used by the claim gold files ``names``."""
    return {json.loads(line)["case"] for name in names for line in (data / name).read_text("utf-8").splitlines()}


def eligible(dev: Path, exclude: set[str]) -> list[tuple[str, str]]:
    """(case, lang) of German and English dev cases not in ``exclude``."""
    rows = [json.loads(line) for line in (dev / "manifest.jsonl").read_text("utf-8").splitlines()]
    return [(r["id"], r["lang"]) for r in rows if r["lang"] in MARKERS and r["id"] not in exclude]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One marked sentence: where it is, its hash, and which marker classes it matched."""

    case: str
    lang: str
    start: int
    end: int
    sha1: str
    markers: tuple[str, ...]


def _body_line(body: str, start: int, end: int) -> bool:
    if "\n" in body[start:end]:
        return False
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", end)
    line = body[line_start : line_end if line_end >= 0 else len(body)].strip()
    return len(line) >= MIN_LINE and not line.startswith(("*", "+", "|", "o "))


def candidates(dev: Path, case: str, lang: str, markers: dict[str, re.Pattern[str]]) -> list[Candidate]:
    """Sentences of one case that look like body text and match one of ``markers``."""
    body = case_body(dev, case)
    out: list[Candidate] = []
    for start, end in split_sentences(body, load_splitter(lang)):
        text = body[start:end]
        if not MIN_CHARS <= len(text) <= MAX_CHARS or FURNITURE.search(text) or not _body_line(body, start, end):
            continue
        marks = tuple(name for name, rx in markers.items() if rx.search(text))
        if marks:
            out.append(Candidate(case, lang, start, end, hashlib.sha1(text.encode()).hexdigest()[:10], marks))
    return out


def select(pool: list[Candidate], lang: str, n: int, per_case: int, rng: random.Random) -> list[Candidate]:
    """Round-robin over marker classes (rarest first), at most ``per_case`` per page."""
    buckets: dict[str, list[Candidate]] = defaultdict(list)
    for cand in pool:
        buckets[cand.markers[0]].append(cand)
    for bucket in buckets.values():
        rng.shuffle(bucket)
    taken: list[Candidate] = []
    per: dict[str, int] = defaultdict(int)
    while len(taken) < n and any(buckets.values()):
        for name in MARKERS[lang]:
            bucket = buckets.get(name, [])
            while bucket:
                cand = bucket.pop()
                if per[cand.case] < per_case:
                    per[cand.case] += 1
                    taken.append(cand)
                    break
            if len(taken) >= n:
                break
    return taken


def select_rare(pool: list[Candidate], taken: list[Candidate], n: int, per_case: int, seed: int) -> list[Candidate]:
    """Up to ``n`` more sentences with rare-modality wording, not taken yet, same per-page cap."""
    seen = {(c.case, c.start) for c in taken}
    per: dict[str, int] = defaultdict(int)
    for cand in taken:
        per[cand.case] += 1
    rest = [c for c in pool if (c.case, c.start) not in seen]
    random.Random(seed).shuffle(rest)
    extra: list[Candidate] = []
    for cand in rest:
        if len(extra) < n and per[cand.case] < per_case:
            per[cand.case] += 1
            extra.append(cand)
    return extra


def draw(
    dev: Path, per_lang: int, per_case: int, rare: int, seed: int, exclude: tuple[str, ...] = EXCLUDE
) -> list[Candidate]:
    """The whole seeded selection, German then English, each sorted by case and offset."""
    rng = random.Random(seed)
    cases = eligible(dev, used_cases(ROOT / "tests" / "data", exclude))
    rng.shuffle(cases)
    out: list[Candidate] = []
    for lang in MARKERS:
        mine = [case for case, cl in cases if cl == lang]
        pool = [c for case in mine for c in candidates(dev, case, lang, COMPILED[lang])]
        taken = select(pool, lang, per_lang, per_case, rng)
        extra_pool = [c for case in mine for c in candidates(dev, case, lang, {"rare": RARE[lang]})]
        taken += select_rare(extra_pool, taken, rare, per_case, seed + 1)
        out += sorted(taken, key=lambda c: (c.case, c.start))
    return out


def main() -> None:
    """Print the seeded candidate selection as JSONL."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "bench" / "extraction" / "dev")
    ap.add_argument("--per-lang", type=int, default=85)
    ap.add_argument("--per-case", type=int, default=3)
    ap.add_argument("--rare", type=int, default=20, help="second draw per language: rare-modality wording")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--exclude-all", action="store_true", help="also exclude pages of claims_gold_heldout2.jsonl")
    ap.add_argument("--show", action="store_true", help="print each sentence's text to stderr for reading")
    args = ap.parse_args()
    exclude = EXCLUDE_ALL if args.exclude_all else EXCLUDE
    for cand in draw(args.dev, args.per_lang, args.per_case, args.rare, args.seed, exclude):
        print(json.dumps({**asdict(cand), "claims": None}, ensure_ascii=False))
        if args.show:
            text = case_body(args.dev, cand.case)[cand.start : cand.end]
            print(f"{cand.case}@{cand.start} {list(cand.markers)}: {text}", file=sys.stderr)


if __name__ == "__main__":
    main()
