"""Cue occurrences in one sentence: regex rules, and reporting verbs found by their inflected form.

Consumes a sentence and a :class:`~newsweave.enrich.claims.lexicon.ClaimLexicon`; produces
:class:`Cue` records (span, shown text, a source span the pattern named itself) with the rule
that found them. A reporting verb counts when its form is in the lexicon's verb table, a
separable verb's particle closes the clause ("teilte … mit,") or a phrasal verb's particle
follows it ("pointed out"), and a verb that needs a complement has one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from newsweave.enrich.claims.lexicon import ClaimLexicon, ClaimRule, VerbSense
from newsweave.enrich.claims.sources import ARTICLES, PRONOUNS

WORD = re.compile(r"\w+(?:[\u0308\u00ad]\w*)*")
QUOTE_CHARS = ("„", "“", "”", '"', "»", "«")
QUOTES = re.compile("|".join(QUOTE_CHARS))
# A complement starts within this many words after the verb ("told reporters at the briefing that"
# is 5), a quote within this many characters ("called it the “end of an era”"); tuned on the
# claims tuning sets (farther "that"s belong to other clauses).
COMPLEMENT_WORDS = 5
COMPLEMENT_CHARS = 30
# A reporting clause after its content has a subject of at most this many words ("…, the state
# emergency service of Ukraine reported" is 6).
SUBJECT_WORDS = 6
SUBJECT_OPENERS = ARTICLES | PRONOUNS | {"his", "her", "its", "their"}
# A clause ends at punctuation (the separable particle stands right before it).
CLAUSE_END = re.compile(r"[,;:.!?()–—\"“”„»«]|$")
# A bracket of a few words inside a clause: an acronym, a party, a date.
SHORT_BRACKET = re.compile(r"\s\([^()\n]{1,40}\)")
# A colon introducing speech on the same line: "warnt: „…“", "sagte: Die Lage …" (not "Related posts:").
COLON_SPEECH = re.compile(r"\s*:[ \t]*[„“\"»«A-ZÄÖÜ]")
COMMENT_HEADER = re.compile(r":?\s*\n\s*\d")
IMPERATIVE_BEFORE = {"ich", "bitte"}
SUBJECT_PRONOUNS = {"er", "sie", "es", "man", "dies", "das"}
FIRST_SINGULAR = re.compile(r"\b(?:ich|Ich)\b")
PREV_WORD = re.compile(r"(\w+)\s+$")
# A bracket opening at most three words before the verb ("(LPeco berichtete)"; round 6, heldout4).
BACK_REFERENCE = re.compile(r"\((?:[\w.-]+\s){1,3}$")
# A negation right before a verb ("didn't say", "did not confirm", "never said").
NEGATED = re.compile(r"(?:n[’']t|\bnot|\bnever)\s+$")
# Perfect auxiliaries: a verb form after one of these in its clause is a participle.
AUXILIARY = re.compile(r"\b(?:hat|hatte|haben|hatten|habe|hätte|hätten|has|have|had)\b")


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue in a sentence: its span, the text shown as ``Claim.cue``, a source the pattern named."""

    start: int
    end: int
    text: str
    source: tuple[int, int] | None = None


def regex_cues(sentence: str, rule: ClaimRule) -> Iterator[Cue]:
    """The matches of a regex rule; a named group ``source`` gives the source span."""
    if rule.regex is None:
        return
    named = "source" in rule.regex.groupindex
    for m in rule.regex.finditer(sentence):
        source = (m.start("source"), m.end("source")) if named and m.group("source") else None
        yield Cue(m.start(), m.end(), m.group(), source)


def _clause_after(sentence: str, end: int) -> list[str]:
    """The words from ``end`` to the clause's end; a short bracket inside it is skipped ("teilte die
    Erdbebenwarte (USGS) am Mittwoch mit", "kündigte am Montag (8.) an"; round 6, smartdata audit)."""
    rest = SHORT_BRACKET.sub(lambda b: " " * len(b.group()), sentence[end:])
    return WORD.findall(rest[: CLAUSE_END.search(rest).start()])  # type: ignore[union-attr]


def _particle_ok(sentence: str, end: int, particle: str, lex: ClaimLexicon) -> bool:
    """German: the particle is the clause's last word; English: it follows the verb or one word."""
    words = _clause_after(sentence, end)
    if lex.language != "de":  # "called on Monday": a time, not the particle of "call on"
        at = words.index(particle) if particle in words[:2] else -1
        return at >= 0 and not (at + 1 < len(words) and words[at + 1].lower() in lex.time_words)
    # A joiner right after the verb is a modal particle ("stellt aber auch klar"), not a new clause.
    cut = next((i for i, w in enumerate(words) if i and w in lex.clause_joiners), len(words))
    return cut > 0 and words[cut - 1] == particle


def _has_complement(sentence: str, start: int, end: int, lex: ClaimLexicon) -> bool:
    """A complement of a verb of saying: "dass"/"that" or a colon or quote right after it, the
    reported part before it ("…, erklärte er", "…, the agency reported"), or Konjunktiv I."""
    after = sentence[end:].split("\n", 1)[0]
    # "Das erklärte die Stadträtin": the reported part is the sentence before.
    fronted = [w.lower() for w in WORD.findall(sentence[:start])] in ([o] for o in lex.object_openers)
    if fronted or COLON_SPEECH.match(after) or QUOTES.search(after[:COMPLEMENT_CHARS]):
        return True
    # In the verb's clause or right after its comma ("führte aus, dass"), not in a later clause
    # ("continued, showing that …").
    clause, _, rest = after.partition(",")
    words = WORD.findall(clause.split(";", 1)[0])[:COMPLEMENT_WORDS] + WORD.findall(rest)[:1]
    if any(w.lower() in lex.complementizers for w in words):
        return True
    if lex.zero_complement is not None and lex.zero_complement.match(after):
        return True  # "he thinks none of these problems will have disappeared": "that" left out
    mark = max(sentence.rfind(c, 0, start) for c in (",", ";", ":", *QUOTE_CHARS))
    subject = WORD.findall(sentence[mark + 1 : start])
    if subject and subject[0].lower() in lex.relatives | lex.as_clause:
        return True  # "which Nissan claims is …", "wie die Agentur meldet", "as the paper reported"
    # German postposes the reporting clause inverted ("…, erklärte er"), English either way.
    limit = 0 if lex.language == "de" else SUBJECT_WORDS
    if mark >= 0 and sentence[mark] not in ";:" and len(subject) <= limit and _subject_like(subject):
        return True  # "…, erklärte er", "…,” the physicians stated": the reported part comes first
    return konjunktiv(sentence, lex) is not None


def konjunktiv(sentence: str, lex: ClaimLexicon) -> re.Match[str] | None:
    """The first Konjunktiv-I verb of the sentence ("sei", "komme"); not after "ich" (indicative),
    not first in its clause or after "bitte" (an imperative: "Bitte aktiviere JavaScript")."""
    prev = ""
    for m in WORD.finditer(sentence):
        word = m.group()
        listed = word in lex.konjunktiv_listed
        if word in lex.konjunktiv and prev not in IMPERATIVE_BEFORE and (listed or _beside_subject(sentence, m, prev)):
            return m
        prev = word.lower()
    return None


def _beside_subject(sentence: str, m: re.Match[str], prev: str) -> bool:
    """A regular Konjunktiv-I form counts in the second place after a noun or pronoun ("das Land
    verkaufe", "verkaufe es"), not first in its clause (an imperative), not after an article ("eine
    süße Paraphrase"), not in a stray English line ("the next time I comment")."""
    first = not sentence[: m.start()].strip() or sentence[: m.start()].rstrip()[-1:] in ",;:"
    before = list(WORD.finditer(sentence, max(0, m.start() - 40), m.start()))
    opening = bool(before) and not sentence[: before[-1].start()].strip()  # "Dann schalte": sentence-initial
    capital = bool(before) and before[-1].group()[0].isupper() and not opening
    return not first and (capital or prev in SUBJECT_PRONOUNS or _next_word(sentence, m.end()) in SUBJECT_PRONOUNS)


def _subject_like(words: list[str]) -> bool:
    """Nothing (an inverted subject follows), or words opening like a noun phrase."""
    return not words or words[0][0].isupper() or words[0].lower() in SUBJECT_OPENERS


def _clause_particle(sentence: str, end: int, lex: ClaimLexicon) -> str:
    """The separable particle closing the verb's clause, if any ("schreiben … vor": vorschreiben)."""
    if lex.language != "de":
        return ""
    words = _clause_after(sentence, end)
    cut = next((i for i, w in enumerate(words) if i and w in lex.clause_joiners), len(words))
    return words[cut - 1] if cut > 0 and words[cut - 1] in lex.particles else ""


def _sense(sentence: str, m: re.Match[str], senses: tuple[VerbSense, ...], lex: ClaimLexicon) -> VerbSense | None:
    closing = _clause_particle(sentence, m.end(), lex)
    for sense in senses:
        if lex.language == "de" and sense.particle != closing:
            continue  # "sagte … ab" is absagen, no report; "teilte … mit" is mitteilen
        if sense.particle and not _particle_ok(sentence, m.end(), sense.particle, lex):
            continue
        if sense.needs_complement and not _has_complement(sentence, m.start(), m.end(), lex):
            continue
        return sense
    return None


def _first_singular(sentence: str, start: int, word: str) -> bool:
    """ "ich" shortly before the verb, with no quotation mark between (the quoted "Ich" is another voice);
    not a past tense after a comma, which is a speech tag ("Das kann ich verstehen, sagte X"; round 6)."""
    if word.endswith("te") and sentence[:start].rstrip().endswith(","):
        return False
    window = sentence[max(0, start - 60) : start]
    hit = list(FIRST_SINGULAR.finditer(window))
    return bool(hit) and not QUOTES.search(window, hit[-1].end())


def _next_word(sentence: str, end: int) -> str:
    nxt = WORD.match(sentence, end + 1) if sentence[end : end + 1] == " " else None
    return nxt.group().lower() if nxt else ""


def _clause_words(sentence: str, m: re.Match[str]) -> set[str]:
    """The lowercased words of the clause around a verb (to the nearest punctuation either side)."""
    lo = max(sentence.rfind(c, 0, m.start()) for c in ",;:") + 1
    hi = CLAUSE_END.search(sentence, m.end()).start()  # type: ignore[union-attr]
    return {w.lower() for w in WORD.findall(sentence[lo:hi])}


def _opening_word(sentence: str) -> set[str]:
    """The sentence's first word, lowercased: a fronted object ("Über die Gründe …, berichtet X")."""
    first = WORD.search(sentence)
    return {first.group().lower()} if first else set()


def _next_words(sentence: str, end: int, lex: ClaimLexicon) -> set[str]:
    """The next word, in German the next three of the clause ("fordert zwei Tote"), lowercased."""
    words = WORD.findall(re.split(r"[,;:.!?]", sentence[end : end + 40], maxsplit=1)[0])
    return {w.lower() for w in words[: 3 if lex.language == "de" else 1]}


def _prev_word(sentence: str, start: int) -> str:
    m = PREV_WORD.search(sentence[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


def verb_cues(sentence: str, lex: ClaimLexicon) -> Iterator[tuple[Cue, ClaimRule]]:
    """Reporting verbs of the sentence with the pseudo-rule of their modality and form."""
    odd = "\u0308" in sentence or "\u00ad" in sentence  # decomposed umlauts, soft hyphens: word by word
    scan = WORD if odd or lex.verb_regex is None else lex.verb_regex
    for m in scan.finditer(sentence):
        word = m.group()
        if not word[0].islower():
            continue
        if not word.isascii():  # decomposed umlauts ("erza\u0308hlt"), soft hyphens ("hinzu\u00adfügen")
            word = unicodedata.normalize("NFC", word).replace("\u00ad", "")
        senses = lex.verbs.get(word)
        if not senses:
            continue
        if _prev_word(sentence, m.start()) in lex.not_after or sentence[m.start() - 1 : m.start()] == "-":
            continue  # an infinitive ("to comment", "zu erklären"), a noun ("for fear"), "self-declared"
        sense = _sense(sentence, m, senses, lex)
        if (
            sense is not None
            and sense.lemma in lex.other_sense
            and lex.other_sense[sense.lemma] & (_clause_words(sentence, m) | _opening_word(sentence))
            and not COLON_SPEECH.search(sentence, m.end())
        ):
            continue  # "den Lebensunterhalt bestreiten", "berichtet über X" (but "berichtete über X: „…“")
        if sense is None or _no_content(sentence, m, word, lex):
            continue
        clause_start = max(sentence.rfind(c, 0, m.start()) for c in ",;:") + 1
        participle = AUXILIARY.search(sentence, clause_start, m.start()) is not None
        if not _finite(sentence, m, word, sense, participle, lex):
            continue
        text = f"{m.group()} {sense.particle}" if sense.particle else m.group()
        yield Cue(m.start(), m.end(), text), sense.participle if participle else sense.verb


def _no_content(sentence: str, m: re.Match[str], word: str, lex: ClaimLexicon) -> bool:
    """A reporting verb whose surroundings show it reports nothing: a first-person or adjectival use,
    a negated open question, a back-reference, the reader addressed, the first person singular."""
    nxt = _next_word(sentence, m.end())
    if nxt in lex.first_person or lex.not_before & _next_words(sentence, m.end(), lex):
        return True
    if nxt in lex.open_questions and NEGATED.search(sentence, max(0, m.start() - 20), m.start()):
        return True  # "didn't say when …": no content
    if sentence.startswith(")", m.end()) and BACK_REFERENCE.search(sentence, 0, m.start()):
        return True  # "(LPeco berichtete)", "(we reported)": the outlet's back-reference, no content
    if lex.language == "de" and sentence.startswith(" Sie", m.end()):
        return True  # "bestätigen Sie den Link": the reader addressed, an imperative
    # "Seit Jahren sammle ich Dokumente, schreibe Briefe": the first person singular
    return lex.language == "de" and word.endswith("e") and _first_singular(sentence, m.start(), word)


def _finite(sentence: str, m: re.Match[str], word: str, sense: VerbSense, aux: bool, lex: ClaimLexicon) -> bool:
    """Whether the form reports as a finite verb or a perfect: not an infinitive under a modal
    ("wollte ein paar Worte sagen", "bestätigen konnten"), not a passive ("festgestellt worden"),
    not a bare participle ("wie gesagt"); ``aux``: its clause has a perfect auxiliary."""
    nxt = _next_word(sentence, m.end())
    sentence_start = max(sentence.rfind(c, 0, m.start()) for c in ";:") + 1
    if word == sense.lemma and (
        nxt in lex.modal_verbs or lex.modal_verbs & _words(sentence[sentence_start : m.start()])
    ):
        return False
    if nxt in lex.passive_after or COMMENT_HEADER.match(sentence, m.end()):
        return False  # "sei festgestellt worden"; "Anna sagt:" over a comment's date line
    return not (lex.language == "de" and _participle(word, sense.lemma) and not aux)


def _participle(word: str, lemma: str) -> bool:
    """A German past participle: "ge" where the lemma has none ("gesagt"/sagen, "angekündigt"/ankündigen)."""
    k = next((i for i, (a, b) in enumerate(zip(word, lemma, strict=False)) if a != b), min(len(word), len(lemma)))
    return word[k : k + 2] == "ge" and lemma[k : k + 2] != "ge"


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}
