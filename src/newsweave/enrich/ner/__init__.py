"""Named entities of an article: PER, ORG, LOC, OTH, each resolved to a canonical name.

Consumes an :class:`~newsweave.model.Article` (its ``text``, ``language`` and, if present,
``sentences``) and produces a tuple of :class:`~newsweave.model.Mention` with offsets into
``Article.text``. The recogniser is newsweave's own CRF per language (``ner-de-v3``,
``ner-en-v3``) or, with ``NerSettings.model``, a spaCy pipeline the user installed; its
output is completed by gazetteer rules (agencies, countries, ``Kremlchef``, a person after a
title such as ``US-Außenminister``) and resolved by :mod:`newsweave.enrich.ner.resolve`.

Usage::

    models = load_models()
    mentions = find_entities(article, models, NerSettings())
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from newsweave.enrich.ner.features import Match, Token, tokenize
from newsweave.enrich.ner.gazetteer import TERRITORY_RANK, Gazetteer, load_gazetteer
from newsweave.enrich.ner.model import LANGUAGES, NerModel, load_model, spans
from newsweave.enrich.ner.resolve import GENITIVE, Candidate, EntityRegistry, resolve, strip_genitive
from newsweave.model import Article, EntityLabel, Mention

# Sentence ends for articles that arrive without ``sentences``: . ! ? before a capital, digit
# or opening quote, and every line break. Close enough for tagging; the enrich stage's pysbd
# sentences are used when present.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"„“'(A-ZÄÖÜ0-9])|\n+")
# Person names after a title are at most this many capitalised tokens ("Mike Pompeo").
MAX_NAME_TOKENS = 3
LABELS: tuple[EntityLabel, ...] = ("PER", "ORG", "LOC", "OTH")


class Recognizer(Protocol):
    """Anything that finds entity spans in a piece of text (the CRF, a spaCy pipeline)."""

    def find(self, text: str, offset: int) -> list[Candidate]:
        """Candidates in ``text``, with offsets shifted by ``offset``."""
        ...


@dataclass(frozen=True, slots=True)
class NerSettings:
    """Settings of entity recognition."""

    model: str | None = None  # a spaCy pipeline name (``de_core_news_lg``); None: newsweave's CRF
    default_language: str = "de"  # used when the article has no language
    gazetteer_rules: bool = True  # add gazetteer, title and title-pattern mentions


@dataclass(frozen=True, slots=True)
class CrfRecognizer:
    """newsweave's own CRF tagger as a :class:`Recognizer`."""

    model: NerModel

    def find(self, text: str, offset: int) -> list[Candidate]:
        """Tag ``text`` as one sentence."""
        return self.find_tokens(text, offset, tokenize(text, offset))

    def find_tokens(
        self, text: str, offset: int, tokens: Sequence[Token], matches: Sequence[Match] | None = None
    ) -> list[Candidate]:
        """Tag ``text`` already split into ``tokens`` (offsets include ``offset``).

        ``matches`` are the gazetteer matches of the tokens' words, if the caller has them.
        """
        tags = self.model.tag([t.text for t in tokens], matches)
        return [_candidate(tokens, s.start, s.end, s.label, text, offset) for s in spans(tags)]

    def find_pieces(
        self,
        pieces: Sequence[tuple[str, int, Sequence[Token]]],
        words: Sequence[Sequence[str]],
        matches: Sequence[Sequence[Match]],
    ) -> list[list[Candidate]]:
        """Tag all sentences of an article at once: ``(text, offset, tokens)`` each, non-empty.

        ``words`` are the tokens' texts and ``matches`` their gazetteer matches, per sentence.
        """
        all_tags = self.model.tag_sentences(words, matches)
        return [
            [_candidate(tokens, s.start, s.end, s.label, text, offset) for s in spans(tags)]
            for (text, offset, tokens), tags in zip(pieces, all_tags, strict=True)
        ]


@dataclass(frozen=True, slots=True)
class NerModels:
    """Explicitly loaded recognisers per language plus the gazetteer."""

    recognizers: Mapping[str, Recognizer]
    gazetteer: Gazetteer
    registry: EntityRegistry | None = field(default=None, compare=False)

    def for_language(self, lang: str | None, default: str) -> Recognizer:
        """The recogniser for ``lang``, else the default language's, else any."""
        found = self.recognizers.get(lang or default) or self.recognizers.get(default)
        return found if found is not None else next(iter(self.recognizers.values()))


def _candidate(tokens: Sequence[Token], start: int, end: int, label: str, text: str, offset: int) -> Candidate:
    first, last = tokens[start], tokens[end - 1]
    surface = text[first.start - offset : last.end - offset]
    return Candidate(first.start, last.end, label if label in LABELS else "OTH", surface)


@functools.cache
def load_models(languages: tuple[str, ...] = LANGUAGES, spacy_model: str | None = None) -> NerModels:
    """Load the recognisers once per process (cached): the CRFs, or one spaCy pipeline."""
    gaz = load_gazetteer()
    if spacy_model is not None:
        from newsweave.enrich.ner.spacy_adapter import load_spacy

        nlp = load_spacy(spacy_model)
        return NerModels(dict.fromkeys(languages, nlp), gaz)
    return NerModels({lang: CrfRecognizer(load_model(lang)) for lang in languages}, gaz)


def _sentences(article: Article) -> Iterator[tuple[int, int]]:
    if article.sentences:
        yield from article.sentences
        return
    start = 0
    for m in _SENTENCE_END.finditer(article.text):
        yield start, m.start()
        start = m.end()
    yield start, len(article.text)


def _rule_candidates(
    tokens: Sequence[Token], words: Sequence[str], gaz: Gazetteer, matches: Sequence[Match]
) -> Iterator[Candidate]:
    """Gazetteer hits of the own list and countries, resolvable titles, names after titles."""
    for start, end, entry in matches:
        if entry.rank >= TERRITORY_RANK:
            yield Candidate(tokens[start].start, tokens[end - 1].end, entry.label, " ".join(words[start:end]), entry)
    for i, word in enumerate(words):
        if "title" not in gaz.word_flags(word):  # memoised per word; gaz.title is not
            continue
        key = gaz.title(word)
        if key is None:
            continue
        if key != "*" and key in gaz.entries:
            entry = gaz.entries[key]
            yield Candidate(tokens[i].start, tokens[i].end, entry.label, word, entry)
        elif key == "*" and i + 1 < len(words) and words[i + 1] in gaz.first_names:
            end = i + 2
            while end < len(words) and end - i <= MAX_NAME_TOKENS and words[end][:1].isupper():
                end += 1
            yield Candidate(tokens[i + 1].start, tokens[end - 1].end, "PER", " ".join(words[i + 1 : end]))


def _widen(
    found: list[Candidate], tokens: Sequence[Token], words: Sequence[str], matches: Sequence[Match]
) -> list[Candidate]:
    """A tagger span inside a longer name of the own list becomes that name.

    The tagger often stops short of a name's last part ("Kim Jong" in "Kim Jong Un", whose "Un"
    reads like a sentence word); the own list knows the whole name and its entity.
    """
    names = [(s, e, entry) for s, e, entry in matches if e - s > 1 and entry.rank >= TERRITORY_RANK]
    if not names:
        return found
    spans = [(tokens[s].start, tokens[e - 1].end, " ".join(words[s:e]), entry) for s, e, entry in names]
    out: dict[tuple[int, int], Candidate] = {}
    for cand in found:
        wider = next(
            (
                Candidate(start, end, entry.label, text, entry)
                for start, end, text, entry in spans
                if start <= cand.start and cand.end <= end and (start, end) != (cand.start, cand.end)
            ),
            cand,
        )
        out.setdefault((wider.start, wider.end), wider)
    return list(out.values())


def _merge(found: list[Candidate], extra: Iterator[Candidate]) -> list[Candidate]:
    """Add rule candidates that overlap no tagger candidate (the tagger wins overlaps)."""
    taken = [(c.start, c.end) for c in found]
    out = list(found)
    for cand in extra:
        if all(cand.end <= s or cand.start >= e for s, e in taken):
            out.append(cand)
            taken.append((cand.start, cand.end))
    return out


def _propagate(
    pieces: Sequence[tuple[str, int, list[Token]]], found: list[Candidate], registry: EntityRegistry | None
) -> list[Candidate]:
    """Tag further occurrences of names already found (one label per name per article).

    A surname seen in a full name ("Olga Wrzesniewska") or known to the corpus registry, and any
    one-word name the tagger found once, is a mention wherever else it stands capitalised in the
    article; the tagger misses lone rare names, especially at a sentence start.
    """
    names: dict[str, EntityLabel] = {}
    if registry is not None:
        names.update((full.split()[-1], "PER") for full in registry.names.get("PER", ()) if " " in full)
    for cand in found:
        words = cand.text.split()
        if cand.label == "PER" and len(words) > 1:
            names.setdefault(words[-1], "PER")
        elif len(words) == 1:
            names.setdefault(cand.text, cand.label)
    if not names:
        return found
    # Each name also in every genitive form that strip_genitive takes back to it, so each token
    # costs one dict lookup (the bare name wins over a genitive reading).
    lookup: dict[str, EntityLabel] = {}
    for form in (name + end for name in names for end in GENITIVE):
        base = strip_genitive(form)
        if base in names:
            lookup[form] = names[base]
    lookup.update(names)
    extra = (
        Candidate(tok.start, tok.end, label, tok.text)
        for _, _, tokens in pieces
        for tok in tokens
        if (label := lookup.get(tok.text)) and tok.text[:1].isupper()
    )
    return _merge(found, extra)


def find_entities(article: Article, models: NerModels, cfg: NerSettings | None = None) -> tuple[Mention, ...]:
    """Entity mentions of ``article``, resolved to canonical names.

    Args:
        article: the article; ``language`` picks the model (else ``cfg.default_language``).
        models: recognisers from :func:`load_models` (or built by hand).
        cfg: settings; defaults when None.

    Returns:
        Mentions in text order, offsets into ``article.text``.
    """
    cfg = cfg or NerSettings()
    lang = article.language if article.language and article.language in models.recognizers else cfg.default_language
    recognizer = models.for_language(lang, cfg.default_language)
    pieces = [
        (article.text[s:e], s, tokens) for s, e in _sentences(article) if (tokens := tokenize(article.text[s:e], s))
    ]
    words = [[t.text for t in tokens] for _, _, tokens in pieces]
    matches = [models.gazetteer.match_tokens(w) for w in words]
    if isinstance(recognizer, CrfRecognizer) and recognizer.model.gazetteer is models.gazetteer:
        tagged = recognizer.find_pieces(pieces, words, matches)
    else:
        tagged = [recognizer.find(piece, start) for piece, start, _ in pieces]
    found: list[Candidate] = []
    for (_, _, tokens), sent_words, sent_matches, sent_found in zip(pieces, words, matches, tagged, strict=True):
        if cfg.gazetteer_rules:
            widened = _widen(sent_found, tokens, sent_words, sent_matches)
            found.extend(_merge(widened, _rule_candidates(tokens, sent_words, models.gazetteer, sent_matches)))
        else:
            found.extend(sent_found)
    found = _propagate(pieces, found, models.registry)
    return resolve(found, models.gazetteer, lang, models.registry)


__all__ = [
    "CrfRecognizer",
    "EntityRegistry",
    "NerModels",
    "NerSettings",
    "Recognizer",
    "find_entities",
    "load_models",
]
