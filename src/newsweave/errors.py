"""Coded errors and rejections.

Bad input is data, not an exception that escapes: readers and stages turn it
into a :class:`Rejected` record with a stable code (tests assert the code, never
the wording) and the run goes on. Only bugs propagate.

Codes:
    NW1xx  reading and decoding input
    NW2xx  extraction
    NW3xx  enrichment
    NW4xx  store
    NW5xx  live sources
    NW6xx  stories
    NW9xx  usage
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MESSAGES: dict[str, str] = {
    "NW101": "cannot open {source}: {why}",
    "NW102": "{source} is empty",
    "NW103": "{source} looks binary, not text or HTML ({why})",
    "NW104": "{source} cannot be decoded as text ({why})",
    "NW105": "{source} is larger than the limit of {limit} bytes",
    "NW106": "{source}: corrupt compressed data ({why})",
    "NW107": "{source}: malformed record ({why})",
    "NW108": "{source}: record skipped ({why})",
    "NW201": "{source}: no main text found",
    "NW202": "{source}: HTML could not be parsed ({why})",
    "NW203": "{source}: unsupported input format {fmt!r}",
    "NW204": "model artefact {path} cannot be used ({why})",
    "NW301": "{source}: enrichment failed ({why})",
    "NW302": "NER model {name} cannot be loaded ({why})",
    "NW401": "{path} is not a newsweave store ({why})",
    "NW402": "{path}: store schema {found} is newer than this newsweave ({known})",
    "NW501": "{url}: disallowed by robots.txt for {agent}",
    "NW502": "{url}: too slow ({why})",
    "NW503": "{url}: response larger than the limit of {limit} bytes",
    "NW504": "{url}: redirects not followed ({why})",
    "NW505": "{url}: HTTP status {status} ({why})",
    "NW506": "{url}: connection failed ({why})",
    "NW507": "{url}: wrongly encoded ({why})",
    "NW508": "{url}: not a feed, sitemap or page with feeds ({why})",
    "NW601": "story embedder {model} needs an optional package: pip install 'newsweave[{extra}]'",
    "NW602": "unknown story embedder {name!r} (known: {known})",
    "NW603": "no story {id!r} in the store",
    "NW604": "{source}: bad stream record ({why})",
    "NW901": "{what}",
}


class NewsweaveError(Exception):
    """An error a user can act on, with a stable code such as ``NW104``."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        template = MESSAGES.get(code, "{code}")
        try:
            message = template.format(code=code, **params)
        except (KeyError, IndexError):
            message = f"{template} {params}"
        self.message = message
        super().__init__(f"{code} {message}")


class Skip(NewsweaveError):
    """Raised by a stage to drop one input with a reason; the runner records it."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input record that did not become an article, and why."""

    source: str
    stage: str
    code: str
    message: str

    @classmethod
    def from_error(cls, source: str, stage: str, err: NewsweaveError) -> Rejected:
        """Record ``err`` raised while ``stage`` handled ``source``."""
        return cls(source=source, stage=stage, code=err.code, message=err.message)

    def to_dict(self) -> dict[str, str]:
        """The JSON form used in JSONL output and the store."""
        return {"source": self.source, "stage": self.stage, "code": self.code, "message": self.message}
