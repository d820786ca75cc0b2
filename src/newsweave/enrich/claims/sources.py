"""Source phrases of claims: the noun phrase before or after a cue, found without a parser.

Consumes one sentence, a position (a cue's start or end) and the language's
:class:`~newsweave.enrich.claims.lexicon.ClaimLexicon` word lists; produces a ``(start, end)``
span of the source phrase or None. Subjects before a verb skip appositions and adverbs, inverted
subjects follow the verb, objects of "laut"/"according to" run to a stop word.
"""

from __future__ import annotations

import re

from newsweave.enrich.claims.lexicon import ClaimLexicon

# Abbreviations whose period is no sentence punctuation: titles, months, company forms ("from
# Nov. 13 through", "Gov. Kristi Noem", "Acme Inc. said"; round 5) and initialisms ("the U.S.
# attorney"; round 6), not before a sentence-opening pronoun or article ("to the U.S. He rejected").
TOKEN = re.compile(
    r"(?:Mr|Ms|Mrs|Dr|Prof|St|Gov|Sen|Rep|Gen|Lt|Col|Capt|Sgt|Jr|Sr|Inc|Corp|Co|Ltd|Jan|Feb|Mar|Apr|Aug|Sept|Sep"
    r"|Oct|Nov|Dec|No|Nr|Mt|Ft|vs|bzw|ca|Str)\.(?!\w)|(?:[A-Z]\.){2,}(?!\w)(?!\s+(?:He|She|They|It|We|I|The|But|And)\b)|[\w][\w'’.\u00ad\u0308-]*[\w]|[\w]|[^\w\s\u00ad]"
)
DASHES = {"—", "–"}
QUOTE_OPENERS = {"„", "»", "“", '"'}
# "from Tynemouth, North Tyneside": the segment after the comma is the place's region.
PLACE_PREPOSITIONS = {"from", "in", "aus"}
PUNCT_STOP = set(',.;:!?()[]“”„"»«‘’–—')
DETERMINERS = {"die", "das", "den", "dem", "ein", "eine", "einen", "einem", "a", "an"}
ARTICLES = {"der", "die", "das", "ein", "eine", "the", "a", "an"}
BOUNDARY_WORDS = {"dass", "that", "und", "and", "but", "aber"}
SUBORDINATORS = {"as", "while", "when", "because", "although", "though", "so", "wie", "weil", "während", "als"}
RELATIVES = {"who", "which", "whose", "der", "die", "das", "deren", "dessen", "welche"}
PRONOUNS = {"he", "she", "they", "we", "it", "i", "you", "er", "sie", "es", "wir", "ich"}
OBJECT_RELATIVES = {"which", "whom"}
AUXILIARIES = {"did", "does", "do", "has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "can"}
# Capitalised words that open a noun phrase rather than end a name ("The firm", "Former officials").
SUBJECT_HEADS = {"the", "a", "an", "this", "these", "those", "former", "some", "many", "its", "his", "her", "their"}
GENITIVE_ARTICLES = {"der", "des", "of", "von"}  # "einer Umfrage von Afrobarometer"
OBJECT_DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those"}
# Comma-separated segments of an apposition skipped back to the name ("Nathaniel Pieper, senior
# vice president of fleet, finances and alliances at Alaska, said" has 4).
APPOSITION_SEGMENTS = 5
# A bracket of at most this many tokens after a name is its party, acronym or reference ("(CDU)",
# "(D-Calif.)", "(»Jungle World« 35/2023)": 7 tokens; round 6, heldout4).
PARENTHESIS_TOKENS = 8
# Longest source phrase, in tokens (longer phrases in the gold are rare titles + names).
MAX_SOURCE_TOKENS = 8

Token = tuple[int, int, str]
# What may follow a sentence-final reporting verb ("…, an official said in a statement on Wednesday.").
FINAL_TAIL = re.compile(
    r"(\w+)(?:\s+(?:in|on|at|late|earlier|later|yesterday|today|tonight|last|this)\b[^,;:\"“”„»«]*)?[.!?]?"
)
# A German extended attribute: article, up to five words, an inflected participle or adjective, the
# noun ("laut der am Montag veröffentlichten Pressemitteilung").
EXTENDED_ATTRIBUTE = re.compile(
    r"\s*(?:der|die|das|dem|den|des|einer|einem|eines)\s(?:[\w.-]+\s){1,5}?\w+(?:en|te|ten|ene|enen)\s([A-ZÄÖÜ][\w-]+)"
)


def tokens(text: str) -> list[Token]:
    """(start, end, text) of the words and punctuation marks of ``text``."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


def source_after(sentence: str, pos: int, lex: ClaimLexicon) -> tuple[int, int] | None:
    """The noun phrase following ``pos``: skip adverbs, stop at punctuation or a stop word."""
    toks = tokens(sentence[pos:])
    i = 0
    while i < len(toks) and toks[i][2].lower() in lex.skip_after:
        i += 1
    if _short_adverbial(toks, i, lex):  # "erklärt auf Nachfrage Martin Rölen": skip "auf Nachfrage"
        i += 2
    if i < len(toks) and toks[i][2].lower() in lex.stop - ARTICLES:  # "sagte in »CNN«": no subject follows
        return None
    if i + 1 < len(toks) and toks[i][2] == "von" and toks[i + 1][2][0].islower():
        return None  # "berichtete von einer Zustimmung": an object, not "von Weizsäcker"
    if i + 1 < len(toks) and toks[i][2].lower() in ARTICLES and toks[i + 1][2].lower() in ARTICLES:
        return None  # "laut der die Menschen …": a relative "der", the source is its antecedent
    pronoun = i < len(toks) and (toks[i][2] in PRONOUNS or (lex.language == "en" and toks[i][2].lower() in PRONOUNS))
    if pronoun:  # "verkündete er die Suspendierung", "He won …, insisting": just the pronoun
        return pos + toks[i][0], pos + toks[i][1]
    picked = _phrase_after(toks[i:], sentence, pos, lex)
    while picked and picked[-1][2].lower() in lex.stop | {"der", "des", "von", "und", "the", "of"}:
        picked.pop()
    if not picked and lex.language == "de":
        return _extended_attribute(sentence, pos)
    return (pos + picked[0][0], pos + picked[-1][1]) if picked else None


def _phrase_after(toks: list[Token], sentence: str, pos: int, lex: ClaimLexicon) -> list[Token]:
    """Tokens of the noun phrase opening ``toks``: up to punctuation, a stop word, or (after a
    capitalised word) a determiner, a German lowercase word or number, a dative addressee."""
    picked: list[Token] = []
    seen_cap = False
    for s, e, t in toks:
        low = t.lower()
        if t in PUNCT_STOP or (picked and low in lex.stop) or len(picked) >= MAX_SOURCE_TOKENS:
            break
        if low == "der" and picked and lex.language == "de" and _addressee(picked, sentence, pos + e, lex):
            break  # "sagte Andreas Albath der „Financial Times“": the medium addressed, not a genitive
        if seen_cap and (
            low in DETERMINERS
            or (lex.language == "de" and t[0].islower() and low not in {"der", "des", "von", "und"})
            or (lex.language == "de" and t[0].isdigit())  # "der Archäologen 60 Meter lang"
        ):
            break
        seen_cap = seen_cap or any(ch.isupper() for ch in t)  # "Müller", "42-Jährige"
        picked.append((s, e, t))
    return picked


def _addressee(picked: list[Token], sentence: str, after: int, lex: ClaimLexicon) -> bool:
    """German "der" after a full name, before a quoted title or before a medium ("sagt Eymer der
    Zeitung") opens a dative object (the finder blanks the quote marks of a quoted name: two spaces)."""
    name = len(picked) >= 2 and all(t[2][0].isupper() for t in picked[-2:])
    quoted = sentence[after : after + 2] == "  " or sentence[after : after + 2].lstrip()[:1] in QUOTE_OPENERS
    medium = any(t.lower().endswith(lex.addressee_nouns) for _, _, t in tokens(sentence[after : after + 40])[:3])
    return name or quoted or medium


def _short_adverbial(toks: list[Token], i: int, lex: ClaimLexicon) -> bool:
    """German: a preposition and a bare noun before a capitalised name ("auf Nachfrage Martin
    Rölen", "in Berlin Kanzler Scholz"); not before an article ("zu Beginn der Sitzung")."""
    return (
        lex.language == "de"
        and i + 3 < len(toks)
        and toks[i][2] in lex.stop
        and toks[i][2].lower() not in ARTICLES
        and toks[i + 1][2][0].isupper()
        and all(t[2][0].isupper() and t[2] not in PUNCT_STOP for t in toks[i + 2 : i + 4])
    )


def _extended_attribute(sentence: str, pos: int) -> tuple[int, int] | None:
    """German article + participle phrase + noun: "der am Montag veröffentlichten Pressemitteilung"."""
    m = EXTENDED_ATTRIBUTE.match(sentence, pos)
    return (pos + (m.start(1) - pos), m.end(1)) if m else None


def _segment_before(toks: list[Token], lex: ClaimLexicon) -> tuple[list[Token], str]:
    """Tokens back to the nearest boundary, and the boundary token ('' at sentence start)."""
    picked: list[Token] = []
    while toks:
        tok = toks.pop()
        if tok[2] in PUNCT_STOP or tok[2].lower() in BOUNDARY_WORDS or tok[2].lower() in lex.clause_openers:
            return picked, tok[2]
        picked.insert(0, tok)
    return picked, ""


def _trim(picked: list[Token], lex: ClaimLexicon) -> list[Token]:
    while picked and (
        picked[-1][2].lower() in lex.trim_before
        or (lex.language == "en" and picked[-1][2].endswith("ly") and picked[-1][2].islower())
    ):
        picked.pop()
    while picked and picked[0][2].lower() in SUBORDINATORS:
        picked.pop(0)
    return picked


def _is_apposition(picked: list[Token], boundary: str) -> bool:
    """ "who is 60", "77", ", a spokesperson for X,", ", die Kritiker,": not a subject."""
    first = picked[0][2]
    lowered = first[0].islower() and first.lower() not in PRONOUNS and boundary in {",", "and"}
    return first.lower() in RELATIVES or first[0].isdigit() or lowered


def _is_opener(picked: list[Token], lex: ClaimLexicon) -> bool:
    """An adverbial before an inverted subject: "Am Montag", "Gebetsmühlenartig"."""
    first = picked[0][2].lower()
    preposition = first in lex.stop and first not in ARTICLES | PRONOUNS  # "zum Kalender hinzufügen"
    return (
        first in lex.openers
        or preposition
        or first.isdigit()
        or (len(picked) == 1 and bool(lex.adverb_endings) and first.endswith(lex.adverb_endings))
    )


def source_before(
    sentence: str, pos: int, lex: ClaimLexicon, appositions: bool | None = None
) -> tuple[int, int] | None:
    """The subject right before ``pos``, skipping appositions (English by default); None when inverted."""
    appositions = lex.language == "en" if appositions is None else appositions
    toks = _drop_parenthesis(tokens(sentence[:pos]))
    if len(toks) > 1 and toks[-1][2] == "-" and sentence[toks[-1][0] - 1] == " ":
        picked, boundary = _before_parenthesis(toks[:-1], "-", lex)  # "X - which … - called"
    else:
        picked, boundary = _segment_before(toks, lex)
    if not picked and boundary.lower() in {"and", "und"} and toks:
        toks.pop()  # "X responded and confirmed": skip the first verb
        picked, boundary = _segment_before(toks, lex)
        picked = picked[:-1] if picked and picked[-1][2][0].islower() else picked
    if not picked and boundary in DASHES:  # "Andy Beshear — whose father … — promised"
        picked, boundary = _before_parenthesis(toks, boundary, lex)
    picked = _trim(picked, lex)
    object_relative = len(picked) > 1 and picked[0][2] in {"which", "whom"}
    if object_relative:  # "..., which Islamabad denies": its own subject, not a place's region
        picked = picked[1:]
    # Right after a comma ("X, a spokesman, said") or a relative ("X, who is 60 said"): an apposition;
    # "At a briefing, the minister said" is a subject.
    if appositions and boundary == "," and not object_relative and _apposition_end(picked, toks):
        apposed = _apposed_name(toks, lex)
        # "The plane landed at 6am, an airport official said.": before a sentence-final cue, a
        # segment that is no name is the content, not the subject; the tail is a speech tag, not "…, a
        # deal announced at …" (matched up to the trailing whitespace: no backtracking over its run).
        tag = FINAL_TAIL.fullmatch(sentence, pos, len(sentence.rstrip()))
        content = tag is not None and tag.group(1) in lex.inverting and not _name_like(apposed, lex)
        picked = apposed if apposed and not content else picked
    picked = _noun_phrase(picked, lex)
    if lex.language == "en" and len(picked) > 1 and picked[-1][2] in PRONOUNS:
        picked = picked[-1:]  # a pronoun right before the verb is its subject ("That's why today we")
    if picked and lex.time_words and _is_opener(picked, lex):
        picked = _after_adverbial(picked, lex)
    if not picked or _is_opener(picked, lex):
        return None
    if len(picked) > MAX_SOURCE_TOKENS + 4:  # German extended attribute: "Eine … von X entwickelte Theorie"
        return (
            trailing_noun_phrase(sentence, picked[-1][1])
            if lex.language == "de" and picked[-1][2][0].isupper()
            else None
        )
    return picked[0][0], picked[-1][1]


def _drop_parenthesis(toks: list[Token]) -> list[Token]:
    """A short bracket right before the verb belongs to the name ("Henry Tesch (CDU) berichtete")."""
    if not toks or toks[-1][2] != ")":
        return toks
    at = next((i for i in range(len(toks) - 2, -1, -1) if toks[i][2] == "("), None)
    return toks[:at] if at is not None and 0 < len(toks) - at - 2 <= PARENTHESIS_TOKENS else toks


def _after_adverbial(picked: list[Token], lex: ClaimLexicon) -> list[Token]:
    """English subject after a fronted adverbial without a comma ("This week SDK announced", "In
    September 2019 Bill Maher suggested", "Yesterday the company said"): the trailing capitalised
    words, or the trailing article + lowercase noun phrase; [] when there is neither."""
    if any(t[2].lower() == "to" for t in picked):  # "according to a story her sister Maya has told"
        return []
    if picked[-1][2].lower() in PRONOUNS:  # "That is why today we are announcing"
        return picked[-1:]
    i = len(picked)
    while i > 1 and picked[i - 1][2][0].isupper() and picked[i - 1][2].lower() not in lex.time_words:
        i -= 1
    if i == len(picked):  # lowercase end: back to its article ("This week the company")
        i = next((k for k in range(len(picked) - 1, 0, -1) if picked[k][2].lower() in ARTICLES), len(picked))
        words = picked[i + 1 :]
        if not words or any(t[2][0].isupper() or t[2].lower() in lex.time_words | lex.stop for t in words):
            return []
    elif i > 1 and picked[i - 1][2].lower() in ARTICLES:  # "At the event the Kremlin said"
        i -= 1
    return picked[i:] if i < len(picked) and i > 0 else []


def _before_parenthesis(toks: list[Token], dash: str, lex: ClaimLexicon) -> tuple[list[Token], str]:
    """The segment before a dash-enclosed parenthesis that ends right before the verb; nothing
    when the dash has no partner in the sentence."""
    at = next((i for i in range(len(toks) - 1, -1, -1) if toks[i][2] == dash), None)
    if at is None:
        return [], dash
    del toks[at:]
    return _segment_before(toks, lex)


def _apposition_end(picked: list[Token], toks: list[Token]) -> bool:
    """Whether the segment after a comma closes an apposition rather than being the subject:
    empty, a relative clause ("X, who is 60 said"), an indefinite description ("X, vice president
    of PMG, a grading company in Florida told"), or the region of a place ("X, 60, from Tynemouth,
    North Tyneside, said"); "At a briefing, the minister said" is a subject."""
    return not picked or picked[0][2].lower() in RELATIVES | {"a", "an"} or _region(picked, toks)


def _region(picked: list[Token], toks: list[Token]) -> bool:
    """A name after "from/in <Place>," is the place's region ("from Tynemouth, North Tyneside")."""
    return (
        len(toks) >= 2 and toks[-2][2] in PLACE_PREPOSITIONS and toks[-1][2][0].isupper() and picked[0][2][0].isupper()
    )


def _titled_name(toks: list[Token]) -> bool:
    """Lowercase title words ending in a two-word name: "mechanical engineer Richard Weir"."""
    return (
        len(toks) >= 3
        and toks[0][2][0].islower()
        and all(t[2][0].isupper() for t in toks[-2:])
        and all(t[2][0].islower() for t in toks[:-2])
    )


def _apposed_name(toks: list[Token], lex: ClaimLexicon) -> list[Token]:
    """Back over comma-separated appositions to the subject: the first name-like segment, else the
    first that is no apposition ("Mayer, Disney's chairman of direct-to-consumer, said": Mayer)."""
    candidate: list[Token] = []
    for _ in range(APPOSITION_SEGMENTS):
        if toks and toks[-1][2] in "\"”’'“»«":
            return []
        prev, boundary = _segment_before(toks, lex)
        prev = _trim(prev, lex)
        if prev and not (boundary == "," and _region(prev, toks)):
            if _titled_name(prev):  # "mechanical engineer Richard Weir": a title before a name
                return prev
            if not _is_apposition(prev, boundary):
                candidate = candidate or prev
                if _name_like(prev, lex):
                    return prev
        if boundary not in {",", "and"}:  # "… of fleet, finances and alliances at Alaska, said"
            break
    return candidate


def _noun_phrase(picked: list[Token], lex: ClaimLexicon) -> list[Token]:
    """The subject noun phrase of a segment: a relative clause cut off ("A spokesperson who … said"),
    a focus particle dropped ("Auch Jesus sagte"); English: none when it holds a past-tense verb
    ("Apple cancelled its project first announced": a clause, not a subject)."""
    rel = next((i for i, t in enumerate(picked) if i and t[2].lower() in lex.relatives), None)
    if rel is not None:  # "billboards in which people say": the object relative's own subject
        picked = picked[rel + 1 :] if picked[rel][2] in OBJECT_RELATIVES and rel + 1 < len(picked) else picked[:rel]
    while picked and picked[-1][2] in "-–—":
        picked.pop()
    while picked and picked[0][2] in "-–—'‘’\"“”„»«":  # "WASHINGTON (Reuters) - Scientists …", "'…,' X told"
        picked.pop(0)
    if len(picked) > 1 and picked[0][2].lower() in lex.focus_particles and picked[1][2].lower() not in lex.openers:
        picked = picked[1:]
    if lex.language == "en" and any(_finite_past(picked, i) for i in range(len(picked))):
        return []  # a clause ("Apple cancelled its project first announced", "declared an emergency")
    if len(picked) > 1 and picked[0][2].lower() in ARTICLES and picked[1][2].lower() in ARTICLES | PRONOUNS:
        return []  # "…, die das Produkt betont": a relative clause, not a subject
    return picked


def relative_clause(sentence: str, pos: int, lex: ClaimLexicon) -> bool:
    """Whether the clause before ``pos`` is a German relative clause ("…, die das Produkt betont")."""
    if lex.language != "de":
        return False
    picked, boundary = _segment_before(tokens(sentence[:pos]), lex)
    words = [t[2].lower() for t in picked[:2]]
    return boundary == "," and len(words) == 2 and words[0] in ARTICLES and words[1] in ARTICLES | PRONOUNS


def trailing_noun_phrase(sentence: str, pos: int) -> tuple[int, int] | None:
    """The noun phrase ending at ``pos`` ("betonte der Chef seinem Redetext zufolge": seinem
    Redetext): capitalised words and their determiners, through genitives ("dem Bericht der Zeitung")."""
    toks = tokens(sentence[:pos])
    i = len(toks)
    while i > 0 and toks[i - 1][2][0].isupper():
        i -= 1
        if i > 0 and toks[i - 1][2][0].islower():
            i -= 1  # its determiner or adjective
            if i > 0 and toks[i][2].lower() in GENITIVE_ARTICLES and toks[i - 1][2][0].isupper():
                continue
            break
    return (toks[i][0], toks[-1][1]) if i < len(toks) else None


def _finite_past(picked: list[Token], i: int) -> bool:
    """An English past-tense verb inside a would-be subject ("Apple cancelled its project first
    announced"), not a participle modifying a noun ("research published in", "elected officials")."""
    word = picked[i][2]
    nxt = picked[i + 1][2].lower() if i + 1 < len(picked) else ""
    # Followed by a determiner it has an object ("cancelled its project"); before a noun it is an
    # adjective ("elected officials", "concerned residents").
    return word.islower() and word.endswith("ed") and (nxt in OBJECT_DETERMINERS or nxt[:1].isdigit())


def _after_focus_particle(sentence: str, skip: int, lex: ClaimLexicon) -> tuple[int, int] | None:
    """The subject after a sentence-initial focus particle ("Allein das Bankhaus hat nach eigenen
    Angaben …": the particle is no subject). One particle only: "allein allein …" has no subject
    (a recursion per particle would overflow the stack on a run of them)."""
    rest = tokens(sentence[skip:])
    if not rest or rest[0][2].lower() in lex.focus_particles - lex.openers:
        return None
    span = subject(sentence[skip:], 0, lex)
    return (span[0] + skip, span[1] + skip) if span else None


def subject(sentence: str, start: int, lex: ClaimLexicon) -> tuple[int, int] | None:
    """The subject of the clause from ``start``: its first noun phrase, or the one after the
    finite verb when the clause opens with an adverbial ("Auch in Altenburg hält Vion ...")."""
    toks = tokens(sentence[start:])
    if start == 0 and len(toks) > 1 and toks[0][2].lower() in lex.focus_particles - lex.openers:
        return _after_focus_particle(sentence, toks[1][0], lex)
    if not toks:
        return None
    span = None
    if start > 0:  # right after a sentence-initial cue: the finite verb, then the subject
        span = source_after(sentence, start + toks[0][1], lex)
    elif toks[0][2].lower() in ARTICLES:  # "Der dänische Spielzeug-Gigant": the article, then the phrase
        rest = source_after(sentence, start + toks[0][1], lex)
        span = (start + toks[0][0], rest[1]) if rest else None
    elif toks[0][2][0].isdigit():  # "2013 ging er nach Berlin": after the verb
        verb = next((e for _, e, t in toks[1:] if t[0].islower()), None)
        span = source_after(sentence, start + verb, lex) if verb else None
    elif lex.language == "en" and toks[0][2] == "It":  # "It did not reveal … and said" ("it" is a stop word)
        span = toks[0][0] + start, toks[0][1] + start
    elif toks[0][2].lower() not in lex.openers:
        span = source_after(sentence, start, lex)
    else:
        seen_cap = False
        for _, e, t in toks[1:]:
            if seen_cap and t[0].islower():
                span = source_after(sentence, start + e, lex)
                break
            seen_cap = seen_cap or t[0].isupper()
    words = tokens(sentence[span[0] : span[1]]) if span else []
    if not any(t[0].isupper() or t.lower() in PRONOUNS for _, _, t in words):
        return None
    # English: a past-tense form, an auxiliary, or a lowercase word after a name, ends the subject
    # ("The former mayor joined the race", "the Government came out fighting", "The army did not
    # reveal …": round 6).
    past = next(
        (
            i
            for i, (_, _, t) in enumerate(words)
            if i
            and t.islower()
            and (
                t.endswith("ed")
                or t in AUXILIARIES
                or (words[i - 1][2][0].isupper() and words[i - 1][2].lower() not in SUBJECT_HEADS)
            )
        ),
        None,
    )
    if lex.language == "en" and past is not None:
        return span[0] + words[0][0], span[0] + words[past - 1][1]  # type: ignore[index]
    return span


def _name_like(toks: list[Token], lex: ClaimLexicon) -> bool:
    """ "Booker Omole", "China und Russland": capitalised words only, not an adverbial opener."""
    joiners = {"und", "and", "of", "von", "de", "der", "the"}
    return (
        0 < len(toks) <= 5
        and toks[0][2].lower() not in lex.openers
        and all(t[0].isupper() or t in joiners for _, _, t in toks)
    )


def apposed_subject(sentence: str, pos: int, head_end: int, lex: ClaimLexicon) -> tuple[int, int] | None:
    """ "X, <apposition>, VERB": the sentence-initial name X, e.g. "Booker Omole, Generalsekretär
    der CPM-K, sagte" or "China und Russland, die schärfsten Kritiker ..., riefen"."""
    toks = tokens(sentence[:pos])
    commas = [i for i, t in enumerate(toks) if t[2] == ","]
    if len(commas) < 2 or commas[-1] != len(toks) - 1 or any(t[2] in '"“”„»«' for t in toks):
        return None
    head, apposed = toks[: commas[0]], toks[commas[-2] + 1 : commas[-1]]
    if not apposed or not _name_like(head, lex):
        return None
    if not _is_apposition(apposed, ",") and (lex.language != "de" or source_after(sentence, head_end, lex)):
        return None
    return head[0][0], head[-1][1]


def extend_source(sentence: str, span: tuple[int, int] | None, lex: ClaimLexicon) -> tuple[int, int] | None:
    """ "according to data from Global Citizen Solutions", "a report in the Argus Leader": the phrase
    runs on through from/by/of/in + a name."""
    if span is None or lex.language != "en":
        return span
    link = re.match(r"\s(?:from|by|of|in)\s(?:the\s)?(?=[A-Z])", sentence[span[1] :])
    more = source_after(sentence, span[1] + link.end(), lex) if link else None
    return (span[0], more[1]) if more else span
