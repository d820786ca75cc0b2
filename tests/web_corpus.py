"""A small store for the web tests, written for them: a German/English story with agency copies,
entities and claims, plus an XSS corpus in every field a page shows.

Articles go in through the store's real ingest path (Article JSONL); the ``stories`` and
``story_members`` tables follow the contract documented in ``newsweave.web.queries`` until the
clustering stage writes them.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newsweave.ingest import IngestSettings, ingest
from newsweave.model import Article, Block, Claim, Furniture, Image, Mention, Published, Related, join_text, with_id
from newsweave.store import Store

MARKER = "__xss"
XSS = (
    f"<script>window.{MARKER}=1</script>",
    f'<img src=x onerror="window.{MARKER}=1">',
    f"<svg onload=window.{MARKER}=1>",
    f"<svg><script>window.{MARKER}=1</script></svg>",
    f'"><script>window.{MARKER}=1</script>',
    f"'><img src=x onerror=window.{MARKER}=1>",
    f"</title><script>window.{MARKER}=1</script>",
    f'<iframe srcdoc="<script>parent.{MARKER}=1</script>"></iframe>',
    f'<a href="javascript:window.{MARKER}=1">click</a>',
    f"<details open ontoggle=window.{MARKER}=1>",
    f'<math><mi xlink:href="javascript:window.{MARKER}=1">x</mi></math>',
    f"<div <script>window.{MARKER}=1</script>",
    f"<<script>window.{MARKER}=1//<</script>",
    f"<body onload=window.{MARKER}=1>",
    "{{ 7*7 }}{% raw %}",
)
JS_URL = f"javascript:window.{MARKER}=1"


def _article(source: str, title: str, lead: str, paras: list[str], **kw: object) -> Article:
    body = tuple(Block("heading" if p.startswith("## ") else "paragraph", p.removeprefix("## ")) for p in paras)
    a = Article(id="", source=source, text=join_text(lead, body), title=title, lead=lead, body=body, **kw)  # type: ignore[arg-type]
    return with_id(a)


def _mention(a: Article, surface: str, label: str, entity: str, nth: int = 0) -> Mention:
    at = -1
    for _ in range(nth + 1):
        at = a.text.index(surface, at + 1)
    return Mention(at, at + len(surface), label, surface, entity)  # type: ignore[arg-type]


def _claim(a: Article, content: str, cue: str, modality: str, source: str | None, entity: str | None) -> Claim:
    at = a.text.index(content)
    return Claim(at, at + len(content), content, cue, modality, source, entity)  # type: ignore[arg-type]


def story_articles() -> list[Article]:
    """Three outlets run the same (invented) agency copy about a bridge closure; one English report."""
    lead = "Die Hafenbrücke in Nordstadt bleibt nach einem Schaden an einem Pfeiler gesperrt."
    paras = [
        "Das teilte die Stadtverwaltung Nordstadt am Montag mit. Bürgermeisterin Anna Berger sagte, die Sperrung"
        " werde mindestens zwei Wochen dauern.",
        "## Umleitung über den Ring",
        "Nach Angaben der Verkehrsbetriebe sollen die Busse über den Ring fahren. Berger bestätigte, dass Taucher"
        " den Pfeiler untersuchen.",
    ]
    out = []
    for i, (site, day, extra) in enumerate(
        [("kurier.example", 3, ""), ("tagblatt.example", 3, " Pendler müssen mit Staus rechnen."),
         ("anzeiger.example", 4, "")]
    ):  # fmt: skip
        p = list(paras)
        p[-1] += extra
        a = _article(
            f"web-fixture/{site}.txt", "Hafenbrücke in Nordstadt gesperrt", lead, p, url=f"https://{site}/bruecke",
            site=site, language="de", agencies=("dpa",), published=Published(datetime(2024, 6, day, 9 + i), "meta"),
            images=(Image("Die gesperrte Hafenbrücke am Montag.", "Foto: Beispiel/Bilderdienst"),),
            related=(Related("Weitere Brücken im Test", section="Verkehr", url="https://kurier.example/test"),),
            furniture=(Furniture("Teilen Drucken Merken", "share"), Furniture("Newsletter bestellen", "newsletter")),
            input_format="text",
        )  # fmt: skip
        ents = (_mention(a, "Nordstadt", "LOC", "Nordstadt"), _mention(a, "Anna Berger", "PER", "Anna Berger"),
                _mention(a, "Berger", "PER", "Anna Berger", nth=1))  # fmt: skip
        claims = (
            _claim(a, "die Sperrung werde mindestens zwei Wochen dauern", "sagte", "reported", "Anna Berger",
                   "Anna Berger"),
            _claim(a, "dass Taucher den Pfeiler untersuchen", "bestätigte", "confirmed", "Berger", "Anna Berger"),
        )  # fmt: skip
        out.append(replace(a, entities=ents, claims=claims))
    en = _article(
        "web-fixture/en-harbour.txt", "Harbour bridge in Nordstadt closed for weeks",
        "A damaged pier has closed the harbour bridge in Nordstadt.",
        ["Mayor Anna Berger said the closure would last at least two weeks, according to the city."],
        url="https://gazette.example/bridge", site="gazette.example", language="en",
        published=Published(datetime(2024, 6, 5, 8), "json-ld"),
    )  # fmt: skip
    en = replace(en, entities=(_mention(en, "Nordstadt", "LOC", "Nordstadt"),
                               _mention(en, "Anna Berger", "PER", "Anna Berger")))  # fmt: skip
    return [*out, en]


def xss_article(i: int, payload: str) -> Article:
    """An article with ``payload`` in its title, lead, body, caption, credit, related teaser and entities."""
    a = _article(
        f"web-fixture/xss-{i}.html", f"XSS {i} {payload}", f"Lead {payload}",
        [f"Body {payload} mentions Evil{i} here.", f"## Sub {payload}"],
        url=JS_URL, site=f"xss{i}.example{payload}", language="en", section=payload, authors=(payload,),
        published=Published(datetime(2024, 6, 10), "text"),
        images=(Image(f"Caption {payload}", f"Credit {payload}", JS_URL),),
        related=(Related(f"Teaser {payload}", payload, payload, payload, JS_URL),),
        furniture=(Furniture(f"Furniture {payload}", "other"),), input_format="html",
    )  # fmt: skip
    name = f"Evil{i} {payload}"
    at = a.text.index(f"Evil{i}")
    m = Mention(at, at + len(f"Evil{i}"), "PER", f"Evil{i}", name)
    c = Claim(0, len(a.lead or ""), a.lead or "", payload, "reported", payload, name)
    return replace(a, entities=(m,), claims=(c,))


def build_store(path: Path, *, xss: bool = True) -> dict[str, object]:
    """Ingest the fixture articles into a new store at ``path``; return ids the tests need."""
    arts = story_articles() + ([xss_article(i, p) for i, p in enumerate(XSS)] if xss else [])
    jsonl = path.with_suffix(".jsonl")
    jsonl.write_text("".join(a.to_json() + "\n" for a in arts), encoding="utf-8")
    with Store.open(path) as store:
        ingest([str(jsonl)], store, IngestSettings(parallel=1))
    conn = sqlite3.connect(path)
    with conn:
        # The story tables are the stories stage's (migration 60); fixed stories, not clustered ones.
        story = "INSERT INTO stories VALUES (?, ?, NULL, NULL, 0, '[]', '[]', '[]')"
        member = "INSERT INTO story_members (article_id, story_id, event_id, similarity) VALUES (?, ?, ?, 1.0)"
        conn.execute(story, ("s1", "Nordstadt bridge closure"))
        conn.executemany(member, [(a.id, "s1", "e1") for a in arts[:4]])
        if xss:
            conn.execute(story, ("s-xss", XSS[0]))
            conn.executemany(member, [(a.id, "s-xss", "e-xss") for a in arts[4:]])
    conn.close()
    return {"story": [a.id for a in arts[:4]], "xss": [a.id for a in arts[4:]], "all": [a.id for a in arts]}


def xss_urls(ids: dict[str, Any]) -> list[str]:
    """Every page that shows stored payloads, plus payloads arriving through the URL."""
    urls = ["/", "/?limit=100", "/stories/s-xss", "/search?q=script", "/search?q=Evil0", "/api/stats"]
    urls += [f"/articles/{i}" for i in ids["xss"]]
    for i, payload in enumerate(XSS):
        urls += [
            f"/entities/{quote(f'Evil{i} {payload}', safe='')}",
            f"/search?q={quote(payload, safe='')}",
            f"/search?site={quote(payload, safe='')}&entity={quote(payload, safe='')}&language=x",
            f"/entities/{quote(payload, safe='')}",
            f"/articles/{quote(payload, safe='')}",
            f"/stories/{quote(payload, safe='')}",
        ]
    return urls


if __name__ == "__main__":  # pragma: no cover - manual use: python -m tests.web_corpus out.db
    import sys

    print(json.dumps(build_store(Path(sys.argv[1])), indent=1))
