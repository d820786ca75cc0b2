"""Plain-text pages (text dumps, WET records, copy-paste) to Articles.

Consumes the decoded text of a page and produces an :class:`Article`:
``textpage.segment`` splits it into lines, the learned line classifier labels
each line (title, lead, paragraph, heading, list item, quote or other), and
``textpage.assemble`` applies the cue rules and builds the fields: title,
lead, body blocks, images with caption and credit, related teasers, agencies,
authors, typed furniture and warnings.
"""

from __future__ import annotations

from newsweave.errors import NewsweaveError
from newsweave.extractors.textpage.assemble import assemble
from newsweave.extractors.textpage.classifier import load_classifier
from newsweave.extractors.textpage.dates import is_dateline, page_date
from newsweave.extractors.textpage.lexicon import load_lexicon
from newsweave.extractors.textpage.segment import segment
from newsweave.model import Article, Furniture, content_id, join_text
from newsweave.readers import RawDoc
from newsweave.settings import ExtractSettings


def extract_text(text: str, raw: RawDoc, cfg: ExtractSettings) -> Article:
    """Extract an Article from a plain-text page.

    Args:
        text: the decoded page.
        raw: the input record (source, URL).
        cfg: extraction settings.

    Raises:
        NewsweaveError: ``NW201`` when no line of the page reads as main text.
    """
    lines = segment(text)
    labels = load_classifier().predict(lines) if lines else []
    parts = assemble(lines, labels, load_lexicon())
    body = tuple(b for b in parts.body if not (b.kind in {"paragraph", "heading"} and is_dateline(b.text)))
    furniture = parts.furniture
    if len(body) < len(parts.body):  # datelines the classifier kept: metadata, not text
        dated = [Furniture(b.text, "metadata", b.start, b.end) for b in parts.body if b not in body]
        furniture = tuple(sorted((*furniture, *dated), key=lambda f: f.start))
    if not body and not parts.lead:
        raise NewsweaveError("NW201", source=raw.source)
    main_text = join_text(parts.lead, body)
    return Article(
        id=content_id(raw.url, parts.title, main_text),  # as ``with_id``, without a second Article
        source=raw.source,
        text=main_text,
        title=parts.title,
        lead=parts.lead,
        body=body,
        url=raw.url,
        language=cfg.language,
        authors=parts.authors,
        agencies=parts.agencies,
        images=parts.images,
        related=parts.related,
        furniture=furniture,
        published=page_date(furniture),
        warnings=parts.warnings,
        input_format="text",
    )
