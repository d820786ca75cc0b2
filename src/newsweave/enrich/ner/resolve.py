"""Entity resolution: one canonical name per entity, across spellings, languages and articles.

Consumes candidate mentions (tagger and gazetteer output, with character offsets) and produces
:class:`~newsweave.model.Mention` records whose ``entity`` is the canonical name:

* a gazetteer alias or exonym names its entry (``Vladivostok`` → ``Wladiwostok`` in German,
  ``Russische Föderation`` → ``Russland``, ``Kremlchef`` → ``Wladimir Putin``), and the mention
  carries the entry's language-independent ``key``, so that ``Nordkorea`` and ``North Korea``,
  ``Kreml`` and ``Kremlin`` are one entity in the store;
* a one-word person mention (``Kim``, ``Putins``) takes the full name seen earlier in the
  article that contains it; the first full name wins (``Kim`` → ``Kim Jong-un``, not
  ``Kim Jong-il`` introduced later);
* across a corpus, an :class:`EntityRegistry` passed in by the caller maps surnames and close
  spellings (rapidfuzz ratio) to names it has seen before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from newsweave.enrich.ner.gazetteer import TERRITORY_RANK, Entry, Gazetteer
from newsweave.model import EntityLabel, Mention

# Minimum rapidfuzz ratio (0-100) for two spellings to be one entity across articles. Tuned by
# hand on exonym pairs: Medwedew/Medvedev scores 75 (handled by the gazetteer instead),
# Selenski/Selenskyj 94, Pompeo/Pompei 83; 90 accepts transliteration variants, not
# different people.
FUZZY_MIN_RATIO = 90
GENITIVE = ("'s", "’s", "s", "'")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A mention before resolution: character offsets, a type and the surface text."""

    start: int
    end: int
    label: EntityLabel
    text: str
    entry: Entry | None = None  # set when a gazetteer or title rule found it


@dataclass
class EntityRegistry:
    """Canonical names seen so far in a corpus; pass one through a run to link articles.

    Mutable on purpose and owned by the caller (no process-wide state).
    """

    names: dict[str, list[str]] = field(default_factory=dict)  # label -> canonical names

    def canonical(self, name: str, label: str) -> str:
        """The canonical name ``name`` resolves to, registering it if it is new."""
        known = self.names.setdefault(label, [])
        if name in known:
            return name
        if label == "PER" and " " not in name:
            full = [k for k in known if name in k.split()]
            if len(full) == 1:
                return full[0]
        match = process.extractOne(name, known, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_RATIO)
        if match is not None:
            return str(match[0])
        known.append(name)
        return name


def strip_genitive(word: str) -> str:
    """``Putins`` → ``Putin``, ``Trump's`` → ``Trump`` (words of four letters or more)."""
    for ending in GENITIVE:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _label(found: EntityLabel, entry: Entry) -> EntityLabel | None:
    """The type of a gazetteer hit, or None when the hit should not name this mention.

    Own-list and country entries are trusted over the tagger. A city only names a mention the
    tagger also calls LOC: "Kim" is a town in Colorado, but a person in a Kim Jong-un story.
    """
    if entry.rank >= TERRITORY_RANK:
        return entry.label
    return "LOC" if found in ("LOC", "OTH") else None


def gazetteer_key(name: str, label: EntityLabel, gazetteer: Gazetteer) -> str | None:
    """The key :func:`resolve` gives a mention whose canonical name and label are these, or None.

    Used to re-key entities stored before mentions carried keys (store migration 22).
    """
    entry = gazetteer.lookup(name)
    if entry is None or name not in (entry.name_de, entry.name_en) or _label(label, entry) != label:
        return None
    return entry.key


def _person(cand: Candidate, people: dict[str, str]) -> str:
    """Canonical name of a person mention not in the gazetteer; learns full names."""
    words = cand.text.split()
    if len(words) >= 2:
        for word in words:
            people.setdefault(word, cand.text)
        return cand.text
    word = words[0] if words else cand.text
    return people.get(word) or people.get(strip_genitive(word)) or strip_genitive(word)


def resolve(
    candidates: Iterable[Candidate],
    gazetteer: Gazetteer,
    lang: str | None,
    registry: EntityRegistry | None = None,
) -> tuple[Mention, ...]:
    """Resolve candidates (any order) to mentions with canonical names, in text order."""
    people: dict[str, str] = {}
    # (canonical name, label) -> gazetteer key, for later mentions of that entity ("Putin" after
    # "Wladimir Putin"); the label keeps a person called Washington apart from the city.
    keys: dict[tuple[str, str], str] = {}
    seen: set[str] = set()
    out: list[Mention] = []
    for cand in sorted(candidates, key=lambda c: (c.start, -c.end)):
        entry = cand.entry or gazetteer.lookup(cand.text)
        kind = _label(cand.label, entry) if entry is not None else None
        label = kind or cand.label
        person = people.get(cand.text) or people.get(strip_genitive(cand.text))
        key = None
        if person is not None and (kind is None or entry is None or entry.rank < TERRITORY_RANK):
            # A word of a person named earlier is that person, whatever the tagger said.
            label, name = "PER", person
        elif entry is not None and kind is not None:
            name, key = entry.name(lang), entry.key
            keys.setdefault((name, label), key)
            if label == "PER":
                for word in name.split():
                    people.setdefault(word, name)
        elif label == "PER":
            name = _person(cand, people)
        else:
            # "Nordkoreas" is "Nordkorea" only if that name was seen: "Paris" is not "Pari".
            stem = strip_genitive(cand.text)
            name = stem if stem in seen else cand.text
            if registry is not None:
                name = registry.canonical(name, label)
        if label == "PER" and registry is not None and kind is None:
            name = registry.canonical(name, label)
        seen.add(name)
        out.append(Mention(cand.start, cand.end, label, cand.text, name, key or keys.get((name, label))))
    return tuple(out)
