"""Story records and timelines.

Consumes the (enriched) :class:`~newsweave.model.Article` records of one story; produces a
:class:`StoryRecord` (id, label = the most representative headline, first and last seen,
articles, languages, outlets, key entities) and a :class:`Timeline`: dated entries (article
publication dates and the event dates enrichment resolved in their text) and, for each claim
reported in the story, its status over time — who reported it first, who confirmed it and
when, who denied it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.model import Article
from newsweave.stories.embed import bridge, fold, stopwords

# Claims whose content words overlap at least this much (Jaccard) are one claim told twice
# (tuned by hand on the golden Kim–Putin page: "the meeting will take place in Wladiwostok" variants).
CLAIM_MERGE_JACCARD = 0.5
# Key entities kept per story record.
KEY_ENTITIES = 8
# Modalities after which a claim counts as settled.
CONFIRMING = frozenset({"confirmed"})
DENYING = frozenset({"denied"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A story as lists and the API show it."""

    id: str
    label: str
    first_seen: str | None
    last_seen: str | None
    articles: tuple[str, ...]
    languages: tuple[tuple[str, int], ...]
    outlets: tuple[tuple[str, int], ...]
    entities: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """One dated line of a timeline: an article's publication or an event date it mentions."""

    date: str | None
    kind: str  # "article" or "event"
    article_id: str
    title: str
    site: str | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """One article's telling of a claim."""

    date: str | None
    article_id: str
    site: str | None
    source: str | None
    modality: str


@dataclass(frozen=True, slots=True)
class ClaimStatus:
    """A claim over time: every report, and the first report, confirmation and denial."""

    content: str
    status: str  # the latest modality
    reports: tuple[Report, ...]
    first_reported: Report
    confirmed: Report | None
    denied: Report | None


@dataclass(frozen=True, slots=True)
class Timeline:
    """A story's record, dated entries and claims."""

    story: StoryRecord
    entries: tuple[Entry, ...]
    claims: tuple[ClaimStatus, ...]


def _date(article: Article) -> str | None:
    return article.published.value.isoformat() if article.published else None


def in_time_order(articles: Sequence[Article]) -> list[Article]:
    """Dated articles by date, undated ones after them in the given (arrival) order."""
    pos = {id(a): i for i, a in enumerate(articles)}
    return sorted(articles, key=lambda a: (_date(a) is None, _date(a) or "", pos[id(a)]))


def content_key(text: str) -> frozenset[str]:
    """Folded, bridged, stemmed content words of a text (for matching headlines and claims)."""
    stop, lexicon = stopwords(), bridge()
    words = (fold(w) for w in _WORD.findall(text))
    return frozenset(lexicon.get(w, w)[:6] for w in words if w not in stop and len(w) > 2)


def label_of(articles: Sequence[Article]) -> str:
    """The most representative headline: the one whose words recur most across the story's headlines."""
    titles = [a.title for a in articles if a.title]
    if not titles:
        return (articles[0].text[:80] if articles else "").strip()
    keys = [content_key(t) for t in titles]
    df = Counter(w for k in keys for w in k)
    return max(zip(titles, keys, strict=True), key=lambda tk: sum(df[w] for w in tk[1]) / (1 + len(tk[1])) ** 0.5)[0]


def record(story_id: str, articles: Sequence[Article]) -> StoryRecord:
    """The story record of ``articles`` (any order)."""
    ordered = in_time_order(articles)
    dates = [d for d in map(_date, ordered) if d]
    ents: Counter[tuple[str, str]] = Counter()  # articles per entity: label and gazetteer key, else name
    names: dict[tuple[str, str], str] = {}  # the first name an entity had in the story (keyed ones differ by language)
    for a in ordered:
        idents = {(m.label, m.key or m.entity): m.entity for m in a.entities if m.entity}
        for ident, name in idents.items():
            names.setdefault(ident, name)
        ents.update(idents.keys())
    return StoryRecord(
        id=story_id,
        label=label_of(ordered),
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
        articles=tuple(a.id for a in ordered),
        languages=tuple(Counter(a.language or "?" for a in ordered).most_common()),
        outlets=tuple(Counter(a.site for a in ordered if a.site).most_common()),
        entities=tuple((names[i], n) for i, n in ents.most_common(KEY_ENTITIES)),
    )


def _entries(ordered: Sequence[Article]) -> list[Entry]:
    out = []
    for a in ordered:
        out.append(Entry(_date(a), "article", a.id, a.title or "", a.site))
        for t in a.time_expressions:
            if t.value and t.kind in ("date", "time") and t.value[:10] != (_date(a) or "")[:10]:
                out.append(Entry(t.value, "event", a.id, a.title or "", a.site, t.text))
    return sorted(out, key=lambda e: (e.date is None, e.date or ""))


def _status(content: str, reports: list[Report]) -> ClaimStatus:
    confirmed = next((r for r in reports if r.modality in CONFIRMING), None)
    denied = next((r for r in reports if r.modality in DENYING), None)
    return ClaimStatus(content, reports[-1].modality, tuple(reports), reports[0], confirmed, denied)


def claims_over_time(ordered: Sequence[Article]) -> list[ClaimStatus]:
    """Group the claims of time-ordered articles by content and track their modality."""
    groups: list[tuple[frozenset[str], str, list[Report]]] = []
    for a in ordered:
        for c in a.claims:
            key = content_key(c.content)
            if not key:
                continue
            report = Report(_date(a), a.id, a.site, c.source, c.modality)
            for gkey, _, reports in groups:
                if len(key & gkey) / len(key | gkey) >= CLAIM_MERGE_JACCARD:
                    reports.append(report)
                    break
            else:
                groups.append((key, c.content, [report]))
    return [_status(content, reports) for _, content, reports in groups]


def timeline(story_id: str, articles: Sequence[Article]) -> Timeline:
    """A story's timeline from its articles (any order)."""
    ordered = in_time_order(articles)
    return Timeline(record(story_id, ordered), tuple(_entries(ordered)), tuple(claims_over_time(ordered)))
