"""Attributed claims: who says what, and how sure.

Consumes ``Article.text`` and its sentence spans; produces
:class:`~newsweave.model.Claim` records with the ``source`` phrase, the
``cue``, a ``modality`` (confirmed | announced | reported | unconfirmed |
denied) and the ``content`` span. Cues are data
(``newsweave/data/enrich/claims_{de,en}.toml``): speech verbs with the subject
before them or inverted after them, "laut X" / "X zufolge" / "according to X",
"hieß es" taking the previous claim's source, "soll" told apart as hearsay, plan
or purpose, "nach eigenen Angaben" taking the sentence subject, "reportedly",
and German indirect speech in Konjunktiv I continuing the last source.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from newsweave.model import Claim, Modality

TOKEN = re.compile(r"[\w][\w'’.-]*[\w]|[\w]|[^\w\s]")
PUNCT_STOP = set(',.;:!?()[]“”„"»«‘’–—')
DETERMINERS = {"die", "das", "den", "dem", "ein", "eine", "einen", "einem", "a", "an"}
ARTICLES = {"der", "die", "das", "ein", "eine", "the", "a", "an"}
BOUNDARY_WORDS = {"dass", "that", "und", "and", "but", "aber"}
SUBORDINATORS = {"as", "while", "when", "because", "although", "though", "so", "wie", "weil", "während", "als"}
RELATIVES = {"who", "which", "whose", "der", "die", "das", "deren", "dessen", "welche"}
ADJECTIVE_MARKERS = {
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "einer",
    "einen",
    "seinen",
    "seine",
    "ihren",
    "ihre",
    "the",
    "a",
    "an",
    "his",
    "her",
    "their",
}
PRONOUNS = {"he", "she", "they", "we", "it", "i", "you", "er", "sie", "es", "wir", "ich"}
FIRST_PERSON = re.compile(r"\b(?:ich|Ich|wir|Wir)\b")
PASSIVE = re.compile(r"\b(?:was|were|been|be|is|are|being|wurde|wurden|worden)\s(?:\w+ly\s|later\s|also\s)?$")
# German passive or reflexive auxiliary earlier in a verb-final clause ("wurde er ... bestätigt",
# "fühlt sich ... bestätigt").
CLAUSE_PASSIVE = re.compile(r"\b(?:wurde|wurden|worden|wird|werden|sich)\b")
# A claim is carried to Konjunktiv-I / "hieß es" sentences at most this many sentences back
# (tuned on the claims gold: quotes run on for 2-3 sentences in the dev pages).
CARRY_SENTENCES = 3
# Content shorter than this is a fragment ("Vergangene Woche hatte"): the whole sentence is used.
MIN_CONTENT_CHARS = 25
# Longest source phrase, in tokens (longer phrases in the gold are rare titles + names).
MAX_SOURCE_TOKENS = 8


@dataclass(frozen=True, slots=True)
class ClaimRule:
    """One compiled cue rule."""

    name: str
    kind: str
    modality: Modality
    regex: re.Pattern[str]
    example: str
    source: str
    needle: str = ""


@dataclass(frozen=True, slots=True)
class ClaimLexicon:
    """A language's cue rules and word lists."""

    language: str
    rules: tuple[ClaimRule, ...]
    openers: frozenset[str]
    skip_after: frozenset[str]
    stop: frozenset[str]
    trim_before: frozenset[str]
    konjunktiv: re.Pattern[str] | None
    hearsay_sources: tuple[str, ...]
    object_openers: frozenset[str] = frozenset()
    soll_plan: re.Pattern[str] | None = None
    soll_purpose: frozenset[str] = frozenset()
    adverb_endings: tuple[str, ...] = ()


def load_claim_lexicon(language: str) -> ClaimLexicon:
    """Load ``claims_<language>.toml`` from the package data.

    Args:
        language: ``de`` or ``en``.
    """
    path = resources.files("newsweave").joinpath(f"data/enrich/claims_{language}.toml")
    raw = tomllib.loads(path.read_text("utf-8"))
    rules = tuple(
        ClaimRule(
            r["name"],
            r["kind"],
            r["modality"],
            re.compile(r["pattern"]),
            r["example"],
            r["source"],
            r.get("needle", ""),
        )
        for r in raw["rule"]
    )
    konj = raw.get("konjunktiv") or []
    return ClaimLexicon(
        language,
        rules,
        frozenset(raw["inversion_openers"]),
        frozenset(raw["skip_after"]),
        frozenset(raw["stop"]),
        frozenset(raw["trim_before"]),
        re.compile(r"(?<!\bich )\b(?:" + "|".join(konj) + r")\b") if konj else None,
        tuple(raw["hearsay_sources"]),
        frozenset(raw.get("object_openers", ())),
        re.compile(raw["soll_plan"]) if "soll_plan" in raw else None,
        frozenset(raw.get("soll_purpose", ())),
        tuple(raw.get("adverb_endings", ())),
    )


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


def _source_after(sentence: str, pos: int, lex: ClaimLexicon) -> tuple[int, int] | None:
    """The noun phrase following ``pos``: skip adverbs, stop at punctuation or a stop word."""
    toks = _tokens(sentence[pos:])
    i = 0
    while i < len(toks) and toks[i][2].lower() in lex.skip_after:
        i += 1
    picked: list[tuple[int, int, str]] = []
    seen_cap = False
    for s, e, t in toks[i:]:
        low = t.lower()
        if t in PUNCT_STOP or (picked and low in lex.stop) or len(picked) >= MAX_SOURCE_TOKENS:
            break
        if seen_cap and (
            low in DETERMINERS or (lex.language == "de" and t[0].islower() and low not in {"der", "des", "von", "und"})
        ):
            break
        seen_cap = seen_cap or any(ch.isupper() for ch in t)  # "Müller", "42-Jährige"
        picked.append((s, e, t))
    while picked and picked[-1][2].lower() in lex.stop | {"der", "des", "von", "und", "the", "of"}:
        picked.pop()
    return (pos + picked[0][0], pos + picked[-1][1]) if picked else None


def _segment_before(toks: list[tuple[int, int, str]], lex: ClaimLexicon) -> tuple[list[tuple[int, int, str]], str]:
    """Tokens back to the nearest boundary, and the boundary token ('' at sentence start)."""
    picked: list[tuple[int, int, str]] = []
    while toks:
        tok = toks.pop()
        if tok[2] in PUNCT_STOP or tok[2].lower() in BOUNDARY_WORDS:
            return picked, tok[2]
        picked.insert(0, tok)
    return picked, ""


def _trim(picked: list[tuple[int, int, str]], lex: ClaimLexicon) -> list[tuple[int, int, str]]:
    while picked and (
        picked[-1][2].lower() in lex.trim_before or (lex.language == "en" and picked[-1][2].endswith("ly"))
    ):
        picked.pop()
    while picked and picked[0][2].lower() in SUBORDINATORS:
        picked.pop(0)
    return picked


def _is_apposition(picked: list[tuple[int, int, str]], boundary: str) -> bool:
    """ "who is 60", "77", ", a spokesperson for X,", ", die Kritiker,": not a subject."""
    first = picked[0][2]
    lowered = first[0].islower() and first.lower() not in PRONOUNS and boundary == ","
    return first.lower() in RELATIVES or first[0].isdigit() or lowered


def _is_opener(picked: list[tuple[int, int, str]], lex: ClaimLexicon) -> bool:
    """An adverbial before an inverted subject: "Am Montag", "Gebetsmühlenartig"."""
    first = picked[0][2].lower()
    return first in lex.openers or (
        len(picked) == 1 and bool(lex.adverb_endings) and first.endswith(lex.adverb_endings)
    )


def _source_before(
    sentence: str, pos: int, lex: ClaimLexicon, appositions: bool | None = None
) -> tuple[int, int] | None:
    """The subject right before ``pos``, skipping appositions (English by default); None when inverted."""
    appositions = lex.language == "en" if appositions is None else appositions
    toks = _tokens(sentence[:pos])
    picked, boundary = _segment_before(toks, lex)
    if not picked and boundary.lower() in {"and", "und"} and toks:
        toks.pop()  # "X responded and confirmed": skip the first verb
        picked, boundary = _segment_before(toks, lex)
        picked = picked[:-1] if picked and picked[-1][2][0].islower() else picked
    picked = _trim(picked, lex)
    if len(picked) > 1 and picked[0][2] in {"which", "whom"}:  # "..., which Islamabad denies"
        picked = picked[1:]
    # Right after a comma ("X, a spokesman, said") or a relative ("X, who is 60 said"): an apposition;
    # "At a briefing, the minister said" is a subject.
    if appositions and boundary == "," and (not picked or picked[0][2].lower() in RELATIVES):
        for _ in range(3):
            if toks and toks[-1][2] in "\"”’'“»«":
                return None
            prev, boundary = _segment_before(toks, lex)
            prev = _trim(prev, lex)
            if prev and not _is_apposition(prev, boundary):
                picked = prev
                break
            if boundary != ",":
                break
    if not picked or _is_opener(picked, lex) or len(picked) > MAX_SOURCE_TOKENS + 4:
        return None
    return picked[0][0], picked[-1][1]


def _subject(sentence: str, start: int, lex: ClaimLexicon) -> tuple[int, int] | None:
    """The subject of the clause from ``start``: its first noun phrase, or the one after the
    finite verb when the clause opens with an adverbial ("Auch in Altenburg hält Vion ...")."""
    toks = _tokens(sentence[start:])
    if not toks:
        return None
    span = None
    if start > 0:  # right after a sentence-initial cue: the finite verb, then the subject
        span = _source_after(sentence, start + toks[0][1], lex)
    elif toks[0][2].lower() in ARTICLES:  # "Der dänische Spielzeug-Gigant": the article, then the phrase
        rest = _source_after(sentence, start + toks[0][1], lex)
        span = (start + toks[0][0], rest[1]) if rest else None
    elif toks[0][2].lower() not in lex.openers:
        span = _source_after(sentence, start, lex)
    else:
        seen_cap = False
        for _, e, t in toks[1:]:
            if seen_cap and t[0].islower():
                span = _source_after(sentence, start + e, lex)
                break
            seen_cap = seen_cap or t[0].isupper()
    if span is None or not any(
        t[0].isupper() or t.lower() in PRONOUNS for _, _, t in _tokens(sentence[span[0] : span[1]])
    ):
        return None
    return span


def _name_like(toks: list[tuple[int, int, str]], lex: ClaimLexicon) -> bool:
    """ "Booker Omole", "China und Russland": capitalised words only, not an adverbial opener."""
    joiners = {"und", "and", "of", "von", "de", "der", "the"}
    return (
        0 < len(toks) <= 5
        and toks[0][2].lower() not in lex.openers
        and all(t[0].isupper() or t in joiners for _, _, t in toks)
    )


def _apposed_subject(sentence: str, pos: int, head_end: int, lex: ClaimLexicon) -> tuple[int, int] | None:
    """ "X, <apposition>, VERB": the sentence-initial name X, e.g. "Booker Omole, Generalsekretär
    der CPM-K, sagte" or "China und Russland, die schärfsten Kritiker ..., riefen"."""
    toks = _tokens(sentence[:pos])
    commas = [i for i, t in enumerate(toks) if t[2] == ","]
    if len(commas) < 2 or commas[-1] != len(toks) - 1 or any(t[2] in '"“”„»«' for t in toks):
        return None
    head, apposed = toks[: commas[0]], toks[commas[-2] + 1 : commas[-1]]
    if not apposed or not _name_like(head, lex):
        return None
    if not _is_apposition(apposed, ",") and (lex.language != "de" or _source_after(sentence, head_end, lex)):
        return None
    return head[0][0], head[-1][1]


def _verb_source(sentence: str, m: re.Match[str], rule: ClaimRule, lex: ClaimLexicon) -> tuple[int, int] | None:
    if rule.kind == "participle":
        aux = list(re.finditer(r"\b(?:hat|hatte|haben|hatten|has|have|had)\b", sentence[: m.start()]))
        if aux:
            before = _source_before(sentence, aux[-1].start(), lex)
            return before or _source_after(sentence, aux[-1].end(), lex)
    head_end = m.start() + len(m.group().split()[0])  # "weist der 42-Jährige zurück": subject inside the cue
    prev = _tokens(sentence[: m.start()])
    if len(prev) == 1 and prev[0][2].lower() in lex.object_openers:  # "Beides weist X zurück"
        return _source_after(sentence, head_end, lex)
    if lex.language == "de" and prev and prev[-1][2] == "und":  # "X kritisierte Y ... und sagte"
        return _subject(sentence, 0, lex)
    apposed = _apposed_subject(sentence, m.start(), head_end, lex)
    if apposed:
        return apposed
    before = _source_before(sentence, m.start(), lex)
    after = before or _source_after(sentence, head_end, lex)
    return after or _source_before(sentence, m.start(), lex, appositions=True)


def _extend_source(sentence: str, span: tuple[int, int] | None, lex: ClaimLexicon) -> tuple[int, int] | None:
    """ "according to data from Global Citizen Solutions": the phrase runs on through from/by/of + a name."""
    if span is None or lex.language != "en":
        return span
    link = re.match(r"\s(?:from|by|of)\s(?:the\s)?(?=[A-Z])", sentence[span[1] :])
    more = _source_after(sentence, span[1] + link.end(), lex) if link else None
    return (span[0], more[1]) if more else span


def _clause_passive(sentence: str, m: re.Match[str], lex: ClaimLexicon) -> re.Match[str] | None:
    """The passive/reflexive auxiliary of a German participle cue's own clause (not across "," or "und")."""
    if lex.language != "de" or not m.group().endswith("t"):
        return None
    start = max(sentence.rfind(c, 0, m.start()) for c in ",;:") + 1
    und = list(re.finditer(r"\bund\b", sentence[start : m.start()]))
    return CLAUSE_PASSIVE.search(sentence, start + und[-1].end() if und else start, m.start())


def _passive(sentence: str, m: re.Match[str], rule: ClaimRule, lex: ClaimLexicon) -> bool:
    """A speech verb in the passive: its subject is what was said, not who said it."""
    if rule.kind != "verb":
        return False
    before = sentence[: m.start()]
    return bool(PASSIVE.search(before) or re.search(r"\bbeen\b", m.group()) or _clause_passive(sentence, m, lex))


def _find_source(sentence: str, m: re.Match[str], rule: ClaimRule, lex: ClaimLexicon) -> tuple[int, int] | None:
    if _passive(sentence, m, rule, lex):
        by = re.match(r"\s(?:by|von)\s", sentence[m.end() :])
        if by:
            return _source_after(sentence, m.end() + by.end(), lex)
        aux = _clause_passive(sentence, m, lex)
        von = re.search(r"\bvon\s", sentence[aux.end() : m.start()]) if aux else None  # "wurde von X bestätigt"
        return _source_after(sentence, aux.end() + von.end(), lex) if aux and von else None
    if "source" in m.re.groupindex and m.group("source"):
        return m.start("source"), m.end("source")
    if rule.kind in {"verb", "participle"}:
        return _verb_source(sentence, m, rule, lex)
    if rule.kind == "after":
        return _extend_source(sentence, _source_after(sentence, m.end(), lex), lex)
    return _cue_source(sentence, m, rule, lex)


def _cue_source(sentence: str, m: re.Match[str], rule: ClaimRule, lex: ClaimLexicon) -> tuple[int, int] | None:
    """Sources of the non-verb cues: after "laut", before "zufolge", the subject for "eigenen Angaben"."""
    if rule.kind == "before":
        return _source_before(sentence, m.start(), lex)
    if rule.kind == "subject":
        return _subject(sentence, m.end() if not sentence[: m.start()].strip() else 0, lex)
    return None


def _outside_quotes(sentence: str) -> str:
    """The sentence with quoted stretches blanked (same length), for Konjunktiv detection."""
    return re.sub(r"[„“\"»«][^„“\"»«]*[“”\"«»]", lambda q: " " * len(q.group()), sentence)


def _content(sentence: str, lo: int, hi: int) -> tuple[int, int]:
    """The larger part of the sentence outside the cue-and-source region [lo, hi)."""
    left, right = (0, lo), (hi, len(sentence))
    a, b = left if lo >= len(sentence) - hi else right
    strip = " ,;:.–—\"“”„»«'"
    while a < b and sentence[a] in strip:
        a += 1
    while b > a and sentence[b - 1] in strip:
        b -= 1
    return a, b


@dataclass(frozen=True, slots=True)
class _Hit:
    rule: ClaimRule
    cue: tuple[int, int]
    source: tuple[int, int] | None
    modality: Modality


def _soll_modality(sentence: str, m: re.Match[str], lex: ClaimLexicon) -> Modality | None:
    """Hearsay "soll" (unconfirmed), a plan (announced), or a purpose or duty (None)."""
    clause = re.split(r"[,;:–—]", sentence[m.end() :], maxsplit=1)[0]
    if re.search(r"\w(?:t|en)\shaben\b", clause):  # "soll das Land verlassen haben"
        return "unconfirmed"
    if lex.soll_plan is not None and lex.soll_plan.search(sentence, 0, m.end() + len(clause)):  # "soll im Herbst"
        return "announced"
    words = re.findall(r"\w+", clause)
    if words and words[-1].lower() in lex.soll_purpose:  # "sollen den Markteintritt erleichtern"
        return None
    return "unconfirmed"


def _hits(sentence: str, lex: ClaimLexicon, rules: Iterable[ClaimRule]) -> list[_Hit]:
    """Cue matches in rule order, without overlaps between cues."""
    hits: list[_Hit] = []
    for rule in rules:
        for m in rule.regex.finditer(sentence):
            if any(m.start() < h.cue[1] and h.cue[0] < m.end() for h in hits):
                continue
            prev = _tokens(sentence[max(0, m.start() - 12) : m.start()])
            if rule.kind == "verb" and prev and prev[-1][2].lower() in ADJECTIVE_MARKERS:
                continue  # "seinen erklärten Gegner", "the reported case": an adjective
            modality = _soll_modality(sentence, m, lex) if rule.kind == "soll" else rule.modality
            source = _find_source(sentence, m, rule, lex)
            passive_unsourced = source is None and rule.kind == "verb" and PASSIVE.search(sentence[: m.start()])
            if modality is None or passive_unsourced or (source is None and _clause_passive(sentence, m, lex)):
                continue
            hits.append(_Hit(rule, (m.start(), m.end()), source, modality))
    return hits


def _is_hearsay(source: str | None, lex: ClaimLexicon) -> bool:
    return bool(source) and any(w in source.lower() for w in lex.hearsay_sources)  # type: ignore[union-attr]


def _sentence_claims(
    sentence: str, offset: int, lex: ClaimLexicon, carried: str | None, rules: Iterable[ClaimRule]
) -> list[Claim]:
    """Claims of one sentence; ``carried`` is the source of a recent claim, for "hieß es" and Konjunktiv I."""
    if sentence.rstrip(" \"”“»«'’").endswith("?"):
        return []
    hits = _hits(sentence, lex, rules)
    sourced = [h for h in hits if h.rule.kind not in {"modal", "none", "soll"} or h.source]
    modal = [h for h in hits if h not in sourced]
    out: list[Claim] = []
    # Each "reportedly" of a sentence is a claim; beside a sourced cue it is part of that claim
    # ("reportedly ... according to X"; tuned on the claims gold).
    for h in sourced + ([] if sourced else modal):
        src = sentence[h.source[0] : h.source[1]] if h.source else None
        modality = h.modality
        if h.rule.kind in {"impersonal", "subject"} and src is None:
            src = carried
        if src is None and h.rule.kind == "verb" and out and out[-1].source:
            src = out[-1].source  # "X wies zurück und sagte": the same subject
        hearsay_adverb = any(m.rule.name in {"reportedly", "angeblich"} for m in modal)
        if _is_hearsay(src, lex) or (hearsay_adverb and h.rule.kind in {"after", "before"}):
            modality = "unconfirmed"
        lo = min(h.cue[0], h.source[0] if h.source else h.cue[0])
        hi = max(h.cue[1], h.source[1] if h.source else h.cue[1])
        a, b = _content(sentence, lo, hi)
        a, b = (a, b) if b - a >= MIN_CONTENT_CHARS else _content(sentence, 0, 0)
        cue = sentence[h.cue[0] : h.cue[1]]
        out.append(Claim(offset + a, offset + b, sentence[a:b], cue, modality, src))
    plain = _outside_quotes(sentence)
    if not out and carried and lex.konjunktiv is not None and not FIRST_PERSON.search(plain):
        m = lex.konjunktiv.search(plain)
        if m:
            a, b = _content(sentence, 0, 0)
            out.append(Claim(offset + a, offset + b, sentence[a:b], m.group(), "reported", carried))
    return out


def _active_rules(text: str, sentences: tuple[tuple[int, int], ...], lex: ClaimLexicon) -> list[list[ClaimRule]]:
    """Per sentence, the rules whose cue occurs in it: one pass per rule over the whole text.

    Running every rule on every sentence costs 25 regex calls a sentence; most find nothing.
    """
    starts = [s for s, _ in sentences]
    active: list[list[ClaimRule]] = [[] for _ in sentences]
    lowered = text.lower()
    for rule in lex.rules:
        if rule.needle and rule.needle not in lowered:
            continue
        for m in rule.regex.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i >= 0 and (not active[i] or active[i][-1] is not rule):
                active[i].append(rule)
    return active


def find_claims(text: str, sentences: tuple[tuple[int, int], ...], lex: ClaimLexicon) -> tuple[Claim, ...]:
    """Find attributed claims in ``text``.

    Args:
        text: the article text (offsets of the result point into it).
        sentences: sentence spans over ``text``, in order.
        lex: the language's cue lexicon from :func:`load_claim_lexicon`.

    Returns:
        Claims in text order.
    """
    out: list[Claim] = []
    carried: str | None = None
    since = CARRY_SENTENCES + 1
    active = _active_rules(text, sentences, lex)
    for (start, end), rules in zip(sentences, active, strict=True):
        recent = carried if since <= CARRY_SENTENCES else None
        claims = _sentence_claims(text[start:end], start, lex, recent, rules)
        out.extend(claims)
        sources = [c.source for c in claims if c.source]
        if sources:
            carried, since = sources[-1], 0
        else:
            since += 1
        if "\n\n" in text[end : end + 3] and lex.language == "de":
            since += 1
    return tuple(out)
