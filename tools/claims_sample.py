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
(``docs/claims_annotation.md``). ``--exclude-through claims_gold_heldout2.jsonl --per-lang 70
--rare 15 --seed 2027`` gives the 153 sentences of ``tests/data/claims_gold_heldout3.jsonl``, drawn
from pages none of the three earlier sets uses (it was drawn as ``--exclude-all`` when that flag
meant those three sets; ``--exclude-all`` now also excludes heldout3's pages).

The fifth-round set ``tests/data/claims_gold_heldout4.jsonl`` (216 sentences, pages none of the
four earlier sets uses) is German then English, one draw each; its records are these spans in
this order::

    .venv/bin/python tools/claims_sample.py --exclude-all --lang de --per-lang 100 --rare 20 \
        --wide-rare --seed 2028
    .venv/bin/python tools/claims_sample.py --exclude-all --lang en --per-lang 100 --rare 20 \
        --per-case 6 --short-gold-lines --wide-rare --seed 2028

The unused English pages are few (51), so the English draw allows 6 sentences per page and
sentences on short lines of gold bodies (scrapinghub news paragraphs of one or two sentences);
``--wide-rare`` widens the second draw's wording because the narrow one finds nothing new there.
``tests/test_claims_gold_files.py`` checks that these commands still give the stored spans.

The sixth-round set ``tests/data/claims_gold_heldout5.jsonl`` (190 sentences) is drawn from the
news documents of the stories benchmark (``../shared/bench/stories/dev/docs.jsonl``, case ids
``st-<id>``), because the unused DEV pages are spent; per language, German then English, 60
sentences round-robin over the marker classes, 10 more with rare-modality wording and 25 with no
marker at all, at most 2 per document::

    .venv/bin/python tools/claims_sample.py --stories 60 10 25 --per-case 2 --seed 2029

Each part of a stories draw takes a prefix of its seeded order, so a larger count keeps the
smaller draw's sentences.
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
# The claim gold files in the order they were drawn; each later draw excludes the pages of the earlier ones.
GOLD_SETS = (
    "claims_gold.jsonl",
    "claims_gold_heldout.jsonl",
    "claims_gold_heldout2.jsonl",
    "claims_gold_heldout3.jsonl",
    "claims_gold_heldout4.jsonl",
)
# Defaults (the heldout2 draw): the two sets that existed then.
EXCLUDE = GOLD_SETS[:2]
# With ``--exclude-all``: every set drawn before the fifth round (heldout4), so a new set uses fresh pages.
EXCLUDE_ALL = GOLD_SETS[:4]

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
# ``--wide-rare`` (fifth round): the second draw also takes hearsay "soll ... sein/haben" with words
# between, media reports and announcements in other word orders; the unused pages hold no sentence
# with the narrower wording above beyond the first draw (checked with the fifth-round draw).
RARE_WIDE = {
    "de": re.compile(
        RARE["de"].pattern + r"|\bsoll(en)?\b[^.;:!?]{0,80}\b(sein|haben|können)\b|\bMedien berichte\w*"
        r"|\bBerichte\w* (zufolge|die Runde)|\b(ankündig\w+|kündigt\w*)\b"
    ),
    "en": re.compile(
        RARE["en"].pattern
        + r"|\b(sources? (say|said)|reports? (say|said|suggest)|(is|are) said to"
        + r"|(isn’t|isn't|not) expected|plans? to)\b"
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


def _body_line(body: str, start: int, end: int, min_line: int = MIN_LINE) -> bool:
    if "\n" in body[start:end]:
        return False
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", end)
    line = body[line_start : line_end if line_end >= 0 else len(body)].strip()
    return len(line) >= min_line and not line.startswith(("*", "+", "|", "o "))


def _gold_body(case: str) -> bool:
    """Whether the case is scored on a gold body (fundus, scrapinghub) rather than on ``page.txt``."""
    return case.startswith(("fu-", "sh-"))


def candidates(
    dev: Path, case: str, lang: str, markers: dict[str, re.Pattern[str]], short_gold_lines: bool = False
) -> list[Candidate]:
    """Sentences of one case that look like body text and match one of ``markers``.

    Args:
        dev: The DEV folder.
        case: The case id.
        lang: Its language.
        markers: Marker classes; a sentence is kept when one matches.
        short_gold_lines: Keep sentences on short lines of gold bodies too (news paragraphs of
            one or two sentences); the line-length filter is then applied to ``page.txt`` only.
    """
    body = case_body(dev, case)
    min_line = 0 if short_gold_lines and _gold_body(case) else MIN_LINE
    out: list[Candidate] = []
    for start, end in split_sentences(body, load_splitter(lang)):
        text = body[start:end]
        if (
            not MIN_CHARS <= len(text) <= MAX_CHARS
            or FURNITURE.search(text)
            or not _body_line(body, start, end, min_line)
        ):
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


@dataclass(frozen=True, slots=True)
class Scope:
    """Which pages and sentences a draw may use (the defaults are those of the heldout2 draw)."""

    exclude: tuple[str, ...] = EXCLUDE
    langs: tuple[str, ...] = ("de", "en")
    # Body-line length filter on page.txt only, not on gold bodies (fifth round, English).
    short_gold_lines: bool = False
    # Second draw with RARE_WIDE instead of RARE (fifth round).
    wide_rare: bool = False


def draw(dev: Path, per_lang: int, per_case: int, rare: int, seed: int, scope: Scope = Scope()) -> list[Candidate]:
    """The whole seeded selection, German then English (or ``scope.langs``), each sorted by case and offset."""
    rng = random.Random(seed)
    cases = eligible(dev, used_cases(ROOT / "tests" / "data", scope.exclude))
    rng.shuffle(cases)
    out: list[Candidate] = []
    for lang in scope.langs:
        mine = [case for case, cl in cases if cl == lang]
        pool = [c for case in mine for c in candidates(dev, case, lang, COMPILED[lang], scope.short_gold_lines)]
        taken = select(pool, lang, per_lang, per_case, rng)
        rare_marks = {"rare": (RARE_WIDE if scope.wide_rare else RARE)[lang]}
        extra_pool = [c for case in mine for c in candidates(dev, case, lang, rare_marks, scope.short_gold_lines)]
        taken += select_rare(extra_pool, taken, rare, per_case, seed + 1)
        out += sorted(taken, key=lambda c: (c.case, c.start))
    return out


# Stories source (sixth round): the stories benchmark's short news texts (head and tail of an article,
# about 150-210 words, paragraphs of one to three sentences), so no line-length filter; a sentence must
# lie within one paragraph.
STORIES_LANGS = ("de", "en")


def stories_docs(dev: Path) -> list[tuple[str, str]]:
    """(case, lang) of the stories benchmark's German and English documents, case ids ``st-<id>``, file order."""
    path = dev.parent.parent / "stories" / "dev" / "docs.jsonl"
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [(f"st-{r['id']}", r["lang"]) for r in rows if r["lang"] in STORIES_LANGS]


def story_sentences(dev: Path, case: str, lang: str) -> list[Candidate]:
    """Every body sentence of one stories document with the marker classes it matches (maybe none)."""
    body = case_body(dev, case)
    out: list[Candidate] = []
    for start, end in split_sentences(body, load_splitter(lang)):
        text = body[start:end]
        if not MIN_CHARS <= len(text) <= MAX_CHARS or FURNITURE.search(text) or "\n" in text:
            continue
        marks = tuple(name for name, rx in COMPILED[lang].items() if rx.search(text))
        if RARE_WIDE[lang].search(text):
            marks += ("rare",)
        out.append(Candidate(case, lang, start, end, hashlib.sha1(text.encode()).hexdigest()[:10], marks))
    return out


def draw_stories(dev: Path, lang: str, sizes: tuple[int, int, int], per_case: int, seed: int) -> list[Candidate]:
    """The sixth-round draw for one language: marked, rare-wording and plain sentences of the stories docs.

    Args:
        dev: The extraction DEV folder (the stories documents lie beside it).
        lang: "de" or "en".
        sizes: (marked, rare, plain): sentences drawn round-robin over marker classes, then more with
            rare-modality wording (``RARE_WIDE``), then sentences with no marker at all.
        per_case: At most this many sentences per document over all three draws.
        seed: Seeds the document shuffle and each draw.
    """
    rng = random.Random(seed)
    docs = [case for case, cl in stories_docs(dev) if cl == lang]
    rng.shuffle(docs)
    pool = [c for case in docs for c in story_sentences(dev, case, lang)]
    marked = [c for c in pool if c.markers and c.markers != ("rare",)]
    taken = select(marked, lang, sizes[0], per_case, rng)
    taken += select_rare([c for c in pool if "rare" in c.markers], taken, sizes[1], per_case, seed + 1)
    taken += select_rare([c for c in pool if not c.markers], taken, sizes[2], per_case, seed + 2)
    return sorted(taken, key=lambda c: (c.case, c.start))


def _excluded(exclude_all: bool, through: str | None) -> tuple[str, ...]:
    if through is not None:
        return GOLD_SETS[: GOLD_SETS.index(through) + 1]
    return EXCLUDE_ALL if exclude_all else EXCLUDE


def main() -> None:
    """Print the seeded candidate selection as JSONL."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "bench" / "extraction" / "dev")
    ap.add_argument("--per-lang", type=int, default=85)
    ap.add_argument("--per-case", type=int, default=3)
    ap.add_argument("--rare", type=int, default=20, help="second draw per language: rare-modality wording")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--exclude-all", action="store_true", help="exclude the pages of all four earlier gold sets")
    ap.add_argument(
        "--exclude-through",
        choices=GOLD_SETS[1:],
        help="exclude the pages of this gold set and the ones drawn before it (reproduces older draws)",
    )
    ap.add_argument("--lang", choices=tuple(MARKERS), help="draw one language only (default: German, then English)")
    ap.add_argument(
        "--short-gold-lines",
        action="store_true",
        help="apply the body-line length filter to page.txt only, not to gold bodies (fundus, scrapinghub)",
    )
    ap.add_argument("--wide-rare", action="store_true", help="second draw: also hearsay 'soll', media reports, plans")
    ap.add_argument("--show", action="store_true", help="print each sentence's text to stderr for reading")
    ap.add_argument(
        "--stories",
        nargs=3,
        type=int,
        metavar=("MARKED", "RARE", "PLAIN"),
        help="draw from the stories benchmark's news documents instead (sixth round): sentences per language",
    )
    args = ap.parse_args()
    if args.stories:
        drawn = [
            c
            for lang in ((args.lang,) if args.lang else STORIES_LANGS)
            for c in draw_stories(args.dev, lang, tuple(args.stories), args.per_case, args.seed)
        ]
        _emit(drawn, args.dev, args.show)
        return
    scope = Scope(
        exclude=_excluded(args.exclude_all, args.exclude_through),
        langs=(args.lang,) if args.lang else tuple(MARKERS),
        short_gold_lines=args.short_gold_lines,
        wide_rare=args.wide_rare,
    )
    _emit(draw(args.dev, args.per_lang, args.per_case, args.rare, args.seed, scope), args.dev, args.show)


def _emit(drawn: list[Candidate], dev: Path, show: bool) -> None:
    for cand in drawn:
        print(json.dumps({**asdict(cand), "claims": None}, ensure_ascii=False))
        if show:
            text = case_body(dev, cand.case)[cand.start : cand.end]
            print(f"{cand.case}@{cand.start} {list(cand.markers)}: {text}", file=sys.stderr)


if __name__ == "__main__":
    main()
