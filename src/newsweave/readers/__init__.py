"""Readers: inputs (files, directories, stdin, archives) to raw documents.

Every reader yields :class:`RawDoc` or :class:`~newsweave.errors.Rejected` and
keeps going; the extract stage turns a RawDoc into an Article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

InputFormat = Literal["auto", "text", "html"]


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One page as read, before extraction.

    ``data`` is bytes as read (decoded by the extract stage) or already-decoded text.
    """

    source: str
    data: bytes | str
    input_format: InputFormat = "auto"
    url: str | None = None
    date: datetime | None = None
    content_type: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)


__all__ = ["InputFormat", "RawDoc"]
