"""Duplicates and agency-copy lineage.

Consumes articles (their main text); produces, for each article, the earlier
article it duplicates (:class:`Match`): the same normalised text (``exact``) or
a MinHash estimate over word shingles above a measured threshold (``near``),
found through a :class:`DedupIndex` that is passed in, never global. For a
group of duplicates it picks the canonical member (:func:`choose_canonical`:
the agency original where an agency line says so, else the earliest) and
describes every member against it sentence by sentence (:func:`sentence_diff`:
added, cut, edited).

Thresholds were tuned with ``tools/dedup_eval.py`` on a labelled set built from
the dev pages (numbers in docs/BENCHMARKS.md).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Literal

import numpy as np
from datasketch import MinHashLSH
from rapidfuzz import fuzz, process

from newsweave.model import Article

STAGE = "newsweave.dedupe.v1"
Relation = Literal["exact", "near"]


@dataclass(frozen=True, slots=True)
class DedupSettings:
    """Settings of the dedupe stage (tuned by ``tools/dedup_eval.py``)."""

    # Words per shingle: 3 keeps a typo from hiding more than 3 shingles while
    # same-topic articles by different outlets share few 3-word runs.
    shingle_size: int = 3
    num_perm: int = 128
    # LSH recall knob: candidates need an estimated Jaccard near this; set well
    # below `threshold` because a shortened copy has a low Jaccard, high containment.
    lsh_threshold: float = 0.2
    # Containment (shared shingles / shingles of the shorter text) at or above
    # which two texts are near-duplicates; chosen by the P/R sweep in BENCHMARKS.md.
    threshold: float = 0.5
    # Texts with fewer shingles are matched only exactly (MinHash is noise there).
    min_shingles: int = 8
    # rapidfuzz ratio at or above which an unmatched sentence pair counts as "edited".
    edit_ratio: float = 80.0


_WORD = re.compile(r"\w+", re.UNICODE)


def normalised_words(text: str) -> list[str]:
    """Casefolded NFKC word tokens: punctuation, spacing and case do not count."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def text_hash(text: str) -> str:
    """Hash of the normalised words: equal for texts that differ only in case, punctuation or spacing."""
    return hashlib.blake2b(" ".join(normalised_words(text)).encode("utf-8"), digest_size=16).hexdigest()


def shingles(text: str, size: int) -> set[bytes]:
    """The set of ``size``-word shingles of ``text`` (as UTF-8 bytes)."""
    words = normalised_words(text)
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What dedup needs of one text: exact hash, shingle count and MinHash signature (uint32 bytes)."""

    text_hash: str
    n_shingles: int
    signature: bytes


# Mersenne prime 2**61 - 1: the modulus of the affine permutations (as in datasketch).
_PRIME = np.uint64((1 << 61) - 1)
_MASK32 = np.uint64(0xFFFFFFFF)


@cache
def permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The ``(a, b)`` coefficients of the MinHash permutations (deterministic, so memoised)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(1, 1 << 32, size=num_perm, dtype=np.uint64)
    b = gen.randint(0, 1 << 32, size=num_perm, dtype=np.uint64)
    return a, b


def minhash_signature(items: Iterable[bytes], num_perm: int) -> np.ndarray:
    """MinHash of byte strings: CRC-32 of each, ``num_perm`` affine permutations, minimum per row (uint32)."""
    hashes = np.fromiter((zlib.crc32(i) for i in items), dtype=np.uint64)
    if hashes.size == 0:
        return np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    a, b = permutations(num_perm)
    # a, b and the hashes are < 2**32, so a * h + b < 2**64 never overflows.
    values = ((np.outer(hashes, a) + b) % _PRIME) & _MASK32
    signature: np.ndarray = values.min(axis=0).astype(np.uint32)
    return signature


def fingerprint(text: str, cfg: DedupSettings | None = None) -> Fingerprint:
    """Compute the fingerprint of a main text (pure; runs in worker processes)."""
    cfg = cfg or DedupSettings()
    sh = shingles(text, cfg.shingle_size)
    return Fingerprint(text_hash(text), len(sh), minhash_signature(sh, cfg.num_perm).tobytes())


@dataclass(frozen=True, slots=True)
class Match:
    """An earlier article the new one duplicates."""

    article_id: str
    relation: Relation
    similarity: float  # 1.0 for exact; estimated containment for near


@dataclass
class DedupIndex:
    """Exact-hash table plus MinHash LSH over everything added so far (pass it around; no globals)."""

    cfg: DedupSettings = field(default_factory=DedupSettings)
    _lsh: MinHashLSH = field(init=False)
    _by_hash: dict[str, str] = field(default_factory=dict, init=False)
    _sigs: dict[str, np.ndarray] = field(default_factory=dict, init=False)
    _sizes: dict[str, int] = field(default_factory=dict, init=False)
    _order: dict[str, int] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=self.cfg.lsh_threshold, num_perm=self.cfg.num_perm)

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._order

    def add(self, article_id: str, fp: Fingerprint) -> None:
        """Index ``fp`` under ``article_id`` (a no-op when the id is already there)."""
        if article_id in self._order:
            return
        self._order[article_id] = len(self._order)
        self._by_hash.setdefault(fp.text_hash, article_id)
        if fp.n_shingles >= self.cfg.min_shingles:
            sig = np.frombuffer(fp.signature, dtype=np.uint32)
            self._sigs[article_id] = sig
            self._sizes[article_id] = fp.n_shingles
            self._lsh.insert(article_id, _as_minhash(sig, self.cfg.num_perm), check_duplication=False)

    def match(self, article_id: str, fp: Fingerprint) -> Match | None:
        """The best earlier duplicate of ``fp`` (ties: the earliest added), or None."""
        first = self._by_hash.get(fp.text_hash)
        if first is not None and first != article_id:
            return Match(first, "exact", 1.0)
        if fp.n_shingles < self.cfg.min_shingles:
            return None
        sig = np.frombuffer(fp.signature, dtype=np.uint32)
        best: tuple[float, int, str] | None = None
        for cand in self._lsh.query(_as_minhash(sig, self.cfg.num_perm)):
            if cand == article_id:
                continue
            score = containment(sig, fp.n_shingles, self._sigs[cand], self._sizes[cand])
            key = (-score, self._order[cand], cand)
            if score >= self.cfg.threshold and (best is None or key < best):
                best = key
        return Match(best[2], "near", round(-best[0], 4)) if best else None


class _Signature:
    """The part of a datasketch MinHash that MinHashLSH reads (avoids rebuilding permutations)."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: np.ndarray) -> None:
        self.hashvalues = hashvalues

    def __len__(self) -> int:
        return len(self.hashvalues)


def _as_minhash(sig: np.ndarray, num_perm: int) -> _Signature:
    return _Signature(sig)


def containment(sig_a: np.ndarray, n_a: int, sig_b: np.ndarray, n_b: int) -> float:
    """Estimated share of the shorter text's shingles found in the other (from the MinHash Jaccard)."""
    jac = float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)
    inter = jac * (n_a + n_b) / (1.0 + jac)
    return min(1.0, inter / max(1, min(n_a, n_b)))


def dedupe(articles: Iterable[Article], index: DedupIndex) -> Iterator[tuple[Article, Match | None]]:
    """Match each article against those before it, then add it to ``index``."""
    for article in articles:
        fp = fingerprint(article.text, index.cfg)
        found = index.match(article.id, fp)
        index.add(article.id, fp)
        yield article, found


# -- canonical member -----------------------------------------------------------------------

# Agency names as they appear in datelines and source lines, with the agency's own site.
# Collected from German, Austrian, Swiss and English wire copy conventions.
AGENCIES: dict[str, str] = {
    "dpa": "dpa.com",
    "dpa-AFX": "dpa-afx.de",
    "APA": "apa.at",
    "AFP": "afp.com",
    "Reuters": "reuters.com",
    "AP": "apnews.com",
    "KNA": "kna.de",
    "epd": "epd.de",
    "SDA": "keystone-sda.ch",
    "Keystone-SDA": "keystone-sda.ch",
    "ANSA": "ansa.it",
    "EFE": "efe.com",
}
_NAMES = "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True))
# "Berlin (dpa) -", "(APA/AFP)", "BERLIN (Reuters) —": a parenthesis holding only agency names.
_PAREN = re.compile(r"\(([^()\n]{1,60})\)")
_PAREN_SPLIT = re.compile(r"\s*(?:/|,|\bund\b|\band\b)\s*")
# ... or "Quelle: dpa", "Mit Material von AFP", "(c) APA" at the end.
_SOURCE_LINE = re.compile(
    r"(?:Quelle|Source|Mit Material von|With reporting by|Agenturen?|©|\(c\)|Copyright)\s*:?\s*"
    rf"(?:\w+\s*/\s*)?({_NAMES})\b",
    re.I,
)
_AGENCY_CASE = {a.casefold(): a for a in AGENCIES}
# Characters from either end of the text where an agency line is looked for (a dateline or a credit).
AGENCY_WINDOW = 400


def agency_lines(article: Article) -> tuple[str, ...]:
    """Agencies the article credits: its ``agencies`` field, else a dateline or source line in its text."""
    if article.agencies:
        return article.agencies
    text = article.text
    found = []
    for m in _PAREN.finditer(text[:AGENCY_WINDOW]):
        parts = [p for p in _PAREN_SPLIT.split(m.group(1).strip()) if p]
        if parts and all(p.casefold() in _AGENCY_CASE for p in parts):
            found += parts
    found += [m.group(1) for m in _SOURCE_LINE.finditer(text[-AGENCY_WINDOW:])]
    return tuple(dict.fromkeys(_AGENCY_CASE.get(a.casefold(), a) for a in found))


def _published(article: Article) -> datetime | None:
    if article.published is None:
        return None
    value = article.published.value
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def choose_canonical(members: Sequence[Article]) -> tuple[str, str]:
    """The canonical member of a group (members in insertion order) and why.

    Returns:
        ``(article_id, reason)``: ``agency-site`` an agency's own page, ``agency-line``
        the earliest member crediting an agency, else ``earliest`` (by publication
        date, then insertion order).
    """
    agency_sites = set(AGENCIES.values())
    for art in members:
        if art.site and any(art.site == s or art.site.endswith("." + s) for s in agency_sites):
            return art.id, "agency-site"
    credited = [a for a in members if agency_lines(a)]
    pool, reason = (credited, "agency-line") if credited else (list(members), "earliest")
    order = {a.id: i for i, a in enumerate(members)}
    first = min(pool, key=lambda a: (_published(a) is None, _published(a) or datetime.min, order[a.id]))
    return first.id, reason


# -- sentence diff ---------------------------------------------------------------------------

_SENT_END = re.compile(r"(?<=[.!?…])[\"'»«“”]?\s+(?=[\"'»«„“A-ZÄÖÜ0-9])|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (and paragraph) spans of ``text``; a light splitter, enough for diffs."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _norm_sentence(text: str) -> str:
    return " ".join(normalised_words(text))


def sentence_diff(member: str, canonical: str, cfg: DedupSettings | None = None) -> dict[str, list[list[int]]]:
    """What ``member`` added, cut and edited compared with ``canonical``, as character spans.

    Returns:
        ``{"added": [[start, end], …]}`` spans in ``member``; ``"cut"`` spans in
        ``canonical``; ``"edited"`` ``[m_start, m_end, c_start, c_end]`` pairs of
        sentences changed in place (typos, rewording).
    """
    cfg = cfg or DedupSettings()
    m_spans, c_spans = sentence_spans(member), sentence_spans(canonical)
    m_norm = [_norm_sentence(member[s:e]) for s, e in m_spans]
    c_norm = [_norm_sentence(canonical[s:e]) for s, e in c_spans]
    c_left = {i for i, n in enumerate(c_norm) if n not in set(m_norm)}
    m_left = [i for i, n in enumerate(m_norm) if n not in set(c_norm)]
    added, edited = [], []
    for i in m_left:
        choices = {j: c_norm[j] for j in sorted(c_left)}
        hit = process.extractOne(m_norm[i], choices, scorer=fuzz.ratio, score_cutoff=cfg.edit_ratio)
        if hit is None:
            added.append(list(m_spans[i]))
            continue
        j = int(hit[2])
        c_left.discard(j)
        edited.append([*m_spans[i], *c_spans[j]])
    cut = [list(c_spans[j]) for j in sorted(c_left)]
    return {"added": added, "cut": cut, "edited": edited}
