"""Synthetic articles for the store tests, written by us (no publisher text).

Sentences are built from templates (subject × action × place × time), so every
article is distinct prose, copies share whole sentences, and unrelated articles
share few 3-word shingles.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsweave.model import Article, Block, Published, join_text, with_id

SUBJECTS = [
    "Die Landesregierung", "Der Stadtrat von Linz", "Die Gewerkschaft", "Ein Sprecher der Polizei",
    "Die Ministerin für Verkehr", "Der Vorstand des Vereins", "Die Opposition im Landtag", "Das Gericht in Graz",
    "The city council", "A spokesperson for the airline", "The health ministry", "Local residents",
]  # fmt: skip
ACTIONS = [
    "kündigte neue Maßnahmen an", "wies die Vorwürfe zurück", "forderte mehr Geld für Schulen",
    "legte einen Entwurf vor", "verschob die Entscheidung", "kritisierte den Zeitplan scharf",
    "announced a review of the budget", "rejected the proposal", "called for an inquiry",
]  # fmt: skip
PLACES = ["in Wien", "in Salzburg", "am Bodensee", "in Leipzig", "in Bristol", "near the harbour", "im Rathaus"]
TIMES = ["am Montag", "am Dienstagabend", "in der Nacht", "on Friday", "last week", "nach langer Debatte"]


def sentence(rng: random.Random) -> str:
    """One template sentence with a number, so sentences rarely repeat."""
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(PLACES)} {rng.choice(TIMES)}, "
        f"es geht um {rng.randint(2, 9999)} Euro und {rng.randint(2, 500)} Stellen."
    )


def article(i: int, rng: random.Random, *, paragraphs: int = 5, site: str | None = None) -> Article:
    """A fresh article."""
    paras = [" ".join(sentence(rng) for _ in range(3)) for _ in range(paragraphs)]
    body = tuple(Block("paragraph", p) for p in paras[1:])
    site = site or f"zeitung{i % 7}.example"
    return with_id(
        Article(
            id="", source=f"test:{i}", text=join_text(paras[0], body), title=f"Meldung {i}", lead=paras[0],
            body=body, url=f"https://{site}/artikel/{i}", site=site, language="de",
            published=Published(datetime(2024, 5, 1, tzinfo=UTC) + timedelta(hours=i), "given"),
        )
    )  # fmt: skip


def copy_of(orig: Article, i: int, rng: random.Random, *, dateline: str = "") -> Article:
    """A republished copy: one paragraph cut, one local paragraph added, another site."""
    body = [*orig.body[:-1], Block("paragraph", sentence(rng) + " " + sentence(rng))]
    lead = dateline + (orig.lead or "")
    site = f"andere{i}.example"
    return with_id(
        replace(
            orig, source=f"test:{i}", lead=lead, body=tuple(body), text=join_text(lead, tuple(body)),
            url=f"https://{site}/{i}", site=site,
            published=Published(datetime(2024, 5, 1, tzinfo=UTC) + timedelta(hours=i), "given"),
        )
    )  # fmt: skip


def corpus(n: int, seed: int = 3) -> list[Article]:
    """``n`` articles: mostly fresh, every 6th a copy of an earlier one, every 10th an exact copy elsewhere."""
    rng = random.Random(seed)
    out: list[Article] = []
    for i in range(n):
        if i and i % 10 == 0:
            orig = out[rng.randrange(len(out))]
            out.append(with_id(replace(orig, url=f"https://spiegel{i}.example/x", source=f"test:{i}")))
        elif i and i % 6 == 0:
            out.append(copy_of(out[rng.randrange(len(out))], i, rng, dateline="Wien (APA) - " if i % 12 == 0 else ""))
        else:
            out.append(article(i, rng))
    return out


def write_jsonl(path: Path, articles: list[Article], *, bad_lines: int = 0) -> Path:
    """Write articles as newsweave Article JSON lines (plus ``bad_lines`` malformed ones)."""
    with path.open("w", encoding="utf-8") as fh:
        for k, art in enumerate(articles):
            fh.write(art.to_json() + "\n")
            if k < bad_lines:
                fh.write('{"schema_version": 1, "text": broken json\n')
    return path


def as_dict(art: Article) -> dict[str, object]:
    """JSON round-trip form used to compare articles."""
    return json.loads(art.to_json())  # type: ignore[no-any-return]
