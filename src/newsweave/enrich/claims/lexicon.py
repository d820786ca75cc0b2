"""Claim cue lexicons: the per-language data files, loaded into typed rules and word lists.

Consumes ``newsweave/data/enrich/claims_<lang>.toml`` (cue rules, word lists, the reporting-verb
inventory by lemma) and ``claim_verbs_<lang>.tsv`` (the inflected forms of those lemmas, written
by ``tools/build_claim_verbs.py`` from simplemma's dictionary); produces a :class:`ClaimLexicon`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from newsweave.model import Modality

VERB_MODALITIES: tuple[Modality, ...] = ("denied", "confirmed", "announced", "reported")


@dataclass(frozen=True, slots=True)
class ClaimRule:
    """One compiled cue rule (a regex), or the pseudo-rule of the reporting verbs of one modality."""

    name: str
    kind: str
    modality: Modality
    regex: re.Pattern[str] | None
    example: str
    source: str
    needle: str = ""


@dataclass(frozen=True, slots=True)
class VerbSense:
    """One reading of an inflected form: its lemma, the particle it needs ("" if none), the rules."""

    lemma: str
    particle: str
    verb: ClaimRule
    participle: ClaimRule
    needs_complement: bool


@dataclass(frozen=True, slots=True)
class ClaimLexicon:
    """A language's cue rules and word lists."""

    language: str
    rules: tuple[ClaimRule, ...]
    openers: frozenset[str]
    skip_after: frozenset[str]
    stop: frozenset[str]
    trim_before: frozenset[str]
    konjunktiv: frozenset[str]
    hearsay_sources: tuple[str, ...]
    hearsay_prepositional: tuple[str, ...] = ()
    hearsay_heads: frozenset[str] = frozenset()
    object_openers: frozenset[str] = frozenset()
    oblique_articles: frozenset[str] = frozenset()
    soll_plan: re.Pattern[str] | None = None
    soll_purpose: frozenset[str] = frozenset()
    soll_purpose_openers: frozenset[str] = frozenset()
    soll_state: frozenset[str] = frozenset()
    soll_norm: frozenset[str] = frozenset()
    carry_pronouns: frozenset[str] = frozenset()
    announcing_we: frozenset[str] = frozenset()
    evidence_pronouns: frozenset[str] = frozenset()
    reader_possessives: frozenset[str] = frozenset()
    adverb_endings: tuple[str, ...] = ()
    addressee_nouns: tuple[str, ...] = ()
    verbs: dict[str, tuple[VerbSense, ...]] = field(default_factory=dict)
    verb_regex: re.Pattern[str] | None = None
    other_sense: dict[str, frozenset[str]] = field(default_factory=dict)
    commitment: re.Pattern[str] | None = None
    zero_complement: re.Pattern[str] | None = None
    speech_event: re.Pattern[str] | None = None
    speech_event_needle: tuple[str, ...] = ()
    konjunktiv_listed: frozenset[str] = frozenset()
    complementizers: frozenset[str] = frozenset()
    not_before: frozenset[str] = frozenset()
    not_after: frozenset[str] = frozenset()
    clause_joiners: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()
    focus_particles: frozenset[str] = frozenset()
    first_person: frozenset[str] = frozenset()
    crowds: frozenset[str] = frozenset()
    inverting: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    as_clause: frozenset[str] = frozenset()
    clause_openers: frozenset[str] = frozenset()
    time_words: frozenset[str] = frozenset()
    modal_verbs: frozenset[str] = frozenset()
    passive_after: frozenset[str] = frozenset()
    non_sources: frozenset[str] = frozenset()
    open_questions: frozenset[str] = frozenset()
    verb_examples: tuple[tuple[str, str, str], ...] = ()


def _read(name: str) -> str:
    return resources.files("newsweave").joinpath(f"data/enrich/{name}").read_text("utf-8")


def _verb_table(language: str, raw: dict[str, Any]) -> dict[str, tuple[VerbSense, ...]]:
    """Form -> its senses (particle readings first), from the generated TSV and the TOML inventory."""
    modality = {lemma: m for m in reversed(VERB_MODALITIES) for lemma in raw.get(m, ())}
    needs = frozenset(raw.get("needs_complement", ()))
    rules = {
        (m, kind): ClaimRule(f"{kind}_{m}", kind, m, None, "", "")
        for m in VERB_MODALITIES
        for kind in ("verb", "participle")
    }
    table: dict[str, list[VerbSense]] = {}
    for line in _read(f"claim_verbs_{language}.tsv").splitlines():
        if line.startswith("#"):
            continue
        form, lemma, particle = line.split("\t")
        m = modality[lemma]
        sense = VerbSense(lemma, particle, rules[m, "verb"], rules[m, "participle"], lemma in needs)
        table.setdefault(form, []).append(sense)
    return {form: tuple(sorted(senses, key=lambda s: not s.particle)) for form, senses in table.items()}


# Word-list fields of ClaimLexicon and the key each is read from: the TOML's top level ...
TOP_LISTS = {
    "openers": "inversion_openers",
    "skip_after": "skip_after",
    "stop": "stop",
    "trim_before": "trim_before",
    "object_openers": "object_openers",
    "oblique_articles": "oblique_articles",
    "soll_purpose": "soll_purpose",
    "soll_purpose_openers": "soll_purpose_openers",
    "soll_state": "soll_state",
    "soll_norm": "soll_norm",
    "hearsay_heads": "hearsay_heads",
    "carry_pronouns": "carry_pronouns",
    "announcing_we": "announcing_we",
    "evidence_pronouns": "evidence_pronouns",
    "reader_possessives": "reader_possessives",
    "konjunktiv_listed": "konjunktiv",
    "relatives": "relatives",
    "focus_particles": "focus_particles",
    "clause_openers": "clause_openers",
    "time_words": "time_words",
}
# ... and its [verbs] table (same names).
VERB_LISTS = (
    "crowds",
    "open_questions",
    "complementizers",
    "not_before",
    "not_after",
    "clause_joiners",
    "first_person",
    "inverting",
    "particles",
    "as_clause",
    "modal_verbs",
    "passive_after",
    "non_sources",
)


def _trie_pattern(words: list[str]) -> str:
    """One regex alternation for many words, factored by prefix so that the scan runs in C
    ("sag(?:e|en|t|te|ten)"): a plain alternation of 1,100 forms is ~20x slower."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _node_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if "" in node else body


def _rule(r: dict[str, Any]) -> ClaimRule:
    return ClaimRule(
        r["name"], r["kind"], r["modality"], re.compile(r["pattern"]), r["example"], r["source"], r.get("needle", "")
    )


def load_claim_lexicon(language: str) -> ClaimLexicon:
    """Load ``claims_<language>.toml`` and ``claim_verbs_<language>.tsv`` from the package data.

    Args:
        language: ``de`` or ``en``.
    """
    raw = tomllib.loads(_read(f"claims_{language}.toml"))
    verbs = raw.get("verbs", {})
    konj = set(raw.get("konjunktiv", ()))
    if "konjunktiv_forms" in raw:  # generated by tools/build_claim_verbs.py
        konj.update(w for w in _read(raw["konjunktiv_forms"]).splitlines() if not w.startswith("#"))
    table = _verb_table(language, verbs)
    lists = {name: frozenset(raw.get(key, ())) for name, key in TOP_LISTS.items()}
    lists.update({name: frozenset(verbs.get(name, ())) for name in VERB_LISTS})
    return ClaimLexicon(
        language=language,
        rules=tuple(_rule(r) for r in raw["rule"]),
        konjunktiv=frozenset(konj),
        hearsay_sources=tuple(raw["hearsay_sources"]),
        hearsay_prepositional=tuple(raw.get("hearsay_prepositional", ())),
        soll_plan=re.compile(raw["soll_plan"]) if "soll_plan" in raw else None,
        adverb_endings=tuple(raw.get("adverb_endings", ())),
        addressee_nouns=tuple(raw.get("addressee_nouns", ())),
        verbs=table,
        other_sense={lemma: frozenset(words) for lemma, words in verbs.get("other_sense", {}).items()},
        commitment=re.compile(verbs["commitment"]) if "commitment" in verbs else None,
        zero_complement=re.compile(verbs["zero_complement"]) if "zero_complement" in verbs else None,
        speech_event=re.compile(raw["speech_event"]) if "speech_event" in raw else None,
        speech_event_needle=tuple(raw.get("speech_event_needle", ())),
        verb_regex=re.compile(r"(?<!\w)(?:" + _trie_pattern(sorted(table)) + r")(?!\w)") if table else None,
        verb_examples=tuple((e["text"], e["source"], e["modality"]) for e in raw.get("verb_example", ())),
        **lists,
    )
