"""Compose the labelled story stream (stream.jsonl) from the facts we wrote (facts.txt).

Consumes ``facts.txt`` (per story: date, article day offsets, headlines and fact sentences in
German and English, written by the newsweave developers); produces ``stream.jsonl`` records
``{"id", "date", "lang", "site", "title", "text", "cluster"}`` in date order, the shape of
Miranda et al. 2018's streams plus the outlet. Seeded, so the file is reproducible:

    python tests/data/stream/compose.py > tests/data/stream/stream.jsonl

Each offset gives one article; early articles draw on a story's early facts and later ones
on its later facts (the fact lists are in story order); some carry a background sentence
shared with other stories about the same actors (the hard case); some are wire copies in
the other language on the same day.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

SITES = {
    "de": [
        "Weser-Abendblatt",
        "Alpenpost",
        "Berliner Tagesbote",
        "Isar-Anzeiger",
        "Ostsee-Rundschau",
        "Mainfeld Zeitung",
    ],
    "en": ["Harbour Times", "The Daily Ledger", "Midland Courier", "Capital Wire", "Pennine Echo", "Atlantic Review"],
}
PREFIXES = {
    "de": ["", "", "", "", "Analyse: ", "Live: ", "Kommentar: "],
    "en": ["", "", "", "", "Analysis: ", "Live: "],
}
# Share of articles with a wire copy in the other language on the same day.
COPY_RATE = 0.17


@dataclass
class Story:
    id: str
    day: date
    offsets: list[int]
    pool: str
    heads: dict[str, list[str]] = field(default_factory=lambda: {"de": [], "en": []})
    facts: dict[str, list[str]] = field(default_factory=lambda: {"de": [], "en": []})


def parse(path: Path) -> tuple[list[Story], dict[tuple[str, str], list[str]]]:
    stories: list[Story] = []
    background: dict[tuple[str, str], list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("=="):
            sid, day, offs, pool = (p.strip() for p in line[2:].split("|"))
            stories.append(Story(sid, date.fromisoformat(day), [int(o) for o in offs.split(",")], pool))
        elif line.startswith("bg "):
            head, text = line[3:].split(":", 1)
            pool, lang = head.split()
            background.setdefault((pool, lang), []).append(text.strip())
        else:
            lang, kind, text = line[:2], line[2], line[3:].strip()
            (stories[-1].heads if kind == "#" else stories[-1].facts)[lang].append(text)
    return stories, background


def _text(rng: random.Random, story: Story, lang: str, rank: float, background: list[str]) -> str:
    facts = story.facts[lang]
    centre = rank * (len(facts) - 1)
    weights = [1.0 / (1.0 + abs(i - centre)) ** 2 for i in range(len(facts))]
    k = rng.choice([1, 2, 2, 3, 3, 4])
    picked: set[int] = set()
    while len(picked) < min(k, len(facts)):
        picked.add(rng.choices(range(len(facts)), weights)[0])
    sentences = [facts[i] for i in sorted(picked)]
    if background and rng.random() < 0.5:
        sentences.append(rng.choice(background))
    return " ".join(sentences)


def _article(rng: random.Random, story: Story, lang: str, when: datetime, rank: float, bg: list[str]) -> dict:
    heads = story.heads[lang]
    title = rng.choice(PREFIXES[lang]) + heads[min(len(heads) - 1, int(rank * len(heads) + rng.random() * 0.8))]
    return {
        "date": when.isoformat(),
        "lang": lang,
        "site": rng.choice(SITES[lang]),
        "title": title,
        "text": _text(rng, story, lang, rank, bg),
        "cluster": story.id,
    }


def compose(stories: list[Story], background: dict[tuple[str, str], list[str]], seed: int = 6) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for story in stories:
        offsets = sorted(story.offsets)
        span = max(1, offsets[-1] - offsets[0])
        for off in offsets:
            rank = (off - offsets[0]) / span
            when = datetime.combine(story.day + timedelta(days=off), datetime.min.time(), UTC)
            when += timedelta(minutes=rng.randrange(6 * 60, 22 * 60))
            lang = rng.choice(["de", "en"])
            out.append(_article(rng, story, lang, when, rank, background.get((story.pool, lang), [])))
            if rng.random() < COPY_RATE:
                other = "en" if lang == "de" else "de"
                later = when + timedelta(minutes=rng.randrange(20, 180))
                out.append(_article(rng, story, other, later, rank, background.get((story.pool, other), [])))
    out.sort(key=lambda r: r["date"])
    return [{"id": f"nw{i:04d}", **r} for i, r in enumerate(out, 1)]


def main() -> None:
    stories, background = parse(Path(__file__).with_name("facts.txt"))
    for record in compose(stories, background):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
