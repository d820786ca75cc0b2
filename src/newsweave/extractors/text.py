"""Plain-text pages (text dumps, WET records, copy-paste) to Articles.

Segments the page into lines, classifies each line and assembles the Article.
This first version keeps lines that read like prose (C4-style); the learned
classifier in ``extractors.textpage`` replaces it.
"""

from __future__ import annotations

import re

from newsweave.errors import NewsweaveError
from newsweave.model import Article, Block, Furniture, join_text, with_id
from newsweave.readers import RawDoc
from newsweave.settings import ExtractSettings

_TERMINAL = re.compile(r"[.!?…。！？][\"'”“»«)\]]*$")


def _lines(text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            out.append((start, start + len(stripped), stripped))
        pos += len(line)
    return out


def extract_text(text: str, raw: RawDoc, cfg: ExtractSettings) -> Article:
    """Extract an Article from a plain-text page."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = _lines(text)
    body: list[Block] = []
    furniture: list[Furniture] = []
    title = None
    for start, end, line in lines:
        if _TERMINAL.search(line) and len(line.split()) >= 5:
            body.append(Block("paragraph", line, start, end))
        else:
            if title is None and not body and 3 <= len(line.split()) <= 25:
                title = line
                continue
            furniture.append(Furniture(line, "other", start, end))
    if not body:
        raise NewsweaveError("NW201", source=raw.source)
    article = Article(
        id="",
        source=raw.source,
        text=join_text(None, tuple(body)),
        title=title,
        body=tuple(body),
        url=raw.url,
        furniture=tuple(furniture),
        input_format="text",
    )
    return with_id(article)
