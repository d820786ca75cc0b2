"""The typed, immutable data model every stage consumes and produces.

An :class:`Article` is what extraction makes of one page; enrichment adds
:class:`Mention`, :class:`TimeExpression` and :class:`Claim` records through
``dataclasses.replace``. Offsets in blocks and furniture point into the
decoded input text; offsets in enrichment records point into ``Article.text``.

``to_json`` / ``from_json`` give the stable JSON form documented in
``docs/schema.md`` and ``src/newsweave/data/article.schema.json``.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any, Literal, get_args

SCHEMA_VERSION = 1

BlockKind = Literal["paragraph", "heading", "quote", "list_item"]
FurnitureKind = Literal[
    "navigation",
    "share",
    "notice",
    "teaser",
    "advertising",
    "comments",
    "newsletter",
    "metadata",
    "other",
]
DateSource = Literal["json-ld", "meta", "url", "text", "warc-date", "given", "http"]
EntityLabel = Literal["PER", "ORG", "LOC", "OTH"]
Modality = Literal["confirmed", "announced", "reported", "unconfirmed", "denied"]

BLOCK_KINDS: tuple[str, ...] = get_args(BlockKind)
FURNITURE_KINDS: tuple[str, ...] = get_args(FurnitureKind)
MODALITIES: tuple[str, ...] = get_args(Modality)


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the main text: a paragraph, sub-headline, quote or list item."""

    kind: BlockKind
    text: str
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class Image:
    """A picture of the article with its caption and credit kept apart."""

    caption: str | None = None
    credit: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Related:
    """A related-article teaser card shown on the page (not part of the text)."""

    title: str
    teaser: str | None = None
    section: str | None = None
    image_caption: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Published:
    """A publication date and where it was found."""

    value: datetime
    source: DateSource


@dataclass(frozen=True, slots=True)
class Furniture:
    """A discarded line of page furniture, with its class."""

    text: str
    kind: FurnitureKind
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention: ``start``/``end`` point into ``Article.text``."""

    start: int
    end: int
    label: EntityLabel
    text: str
    entity: str  # canonical name the mention resolves to, in the article's language
    key: str | None = None  # language-independent id of a known entity ("gn:2013348", "org:un")


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression with its normalised value (ISO date, week, month or year)."""

    start: int
    end: int
    text: str
    value: str | None
    kind: Literal["date", "week", "month", "year", "time", "relative", "underspecified"]


@dataclass(frozen=True, slots=True)
class Claim:
    """An attributed statement: who says what, and how sure."""

    start: int
    end: int
    content: str
    cue: str
    modality: Modality
    source: str | None = None
    source_entity: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A news article with its page parts as typed fields.

    ``text`` is the main text: ``lead`` and the body blocks joined by blank lines.
    ``id`` is a content hash over URL, title and text, so the same page always
    gets the same id.
    """

    id: str
    source: str
    text: str
    title: str | None = None
    lead: str | None = None
    body: tuple[Block, ...] = ()
    url: str | None = None
    site: str | None = None
    language: str | None = None
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    related: tuple[Related, ...] = ()
    section: str | None = None
    published: Published | None = None
    furniture: tuple[Furniture, ...] = ()
    warnings: tuple[str, ...] = ()
    input_format: Literal["text", "html"] = "text"
    entities: tuple[Mention, ...] = ()
    time_expressions: tuple[TimeExpression, ...] = ()
    claims: tuple[Claim, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict form, with ``schema_version`` first."""
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        for f in fields(self):
            out[f.name] = _to_plain(getattr(self, f.name))
        return out

    def to_json(self, *, indent: int | None = None) -> str:
        """Serialise to the stable JSON form (``from_json`` reads it back)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build an Article from ``to_dict`` output; unknown keys are ignored."""
        version = data.get("schema_version", SCHEMA_VERSION)
        if version > SCHEMA_VERSION:
            raise ValueError(f"schema_version {version} is newer than this newsweave ({SCHEMA_VERSION})")
        pub = data.get("published")
        kwargs: dict[str, Any] = {
            "id": data["id"],
            "source": data["source"],
            "text": data["text"],
            "title": data.get("title"),
            "lead": data.get("lead"),
            "body": tuple(Block(**b) for b in data.get("body", ())),
            "url": data.get("url"),
            "site": data.get("site"),
            "language": data.get("language"),
            "authors": tuple(data.get("authors", ())),
            "agencies": tuple(data.get("agencies", ())),
            "images": tuple(Image(**i) for i in data.get("images", ())),
            "related": tuple(Related(**r) for r in data.get("related", ())),
            "section": data.get("section"),
            "published": Published(datetime.fromisoformat(pub["value"]), pub["source"]) if pub else None,
            "furniture": tuple(Furniture(**f) for f in data.get("furniture", ())),
            "warnings": tuple(data.get("warnings", ())),
            "input_format": data.get("input_format", "text"),
            "entities": tuple(Mention(**m) for m in data.get("entities", ())),
            "time_expressions": tuple(TimeExpression(**t) for t in data.get("time_expressions", ())),
            "claims": tuple(Claim(**c) for c in data.get("claims", ())),
            "sentences": tuple((int(s), int(e)) for s, e in data.get("sentences", ())),
            "extra": dict(data.get("extra", {})),
        }
        return cls(**kwargs)

    @classmethod
    def from_json(cls, raw: str) -> Article:
        """Parse the JSON form written by ``to_json``."""
        return cls.from_dict(json.loads(raw))


def _to_plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _to_plain(getattr(value, f.name)) for f in fields(value)}
    return value


def join_text(lead: str | None, body: tuple[Block, ...]) -> str:
    """The main text: lead and body blocks joined by blank lines."""
    parts = [lead] if lead else []
    parts.extend(b.text for b in body)
    return "\n\n".join(parts)


def normalise_ws(text: str) -> str:
    """NFC and single spaces: the form content hashes and comparisons use."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_id(url: str | None, title: str | None, text: str) -> str:
    """A stable content hash (32 hex chars) over URL, title and main text."""
    h = hashlib.blake2b(digest_size=16)
    for part in (url or "", title or "", text):
        h.update(normalise_ws(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def with_id(article: Article) -> Article:
    """Return ``article`` with ``id`` recomputed from its content."""
    return replace(article, id=content_id(article.url, article.title, article.text))
