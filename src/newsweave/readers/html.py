"""HTML files, directories and stdin to raw documents, bytes as read.

Consumes paths (``-`` for stdin); produces :class:`~newsweave.readers.RawDoc`
with ``input_format="html"`` and the undecoded bytes, or a
:class:`~newsweave.errors.Rejected`. Decoding (BOM, HTTP header, meta tag,
detection) happens once, in the extract stage, with ``readers.decode``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from newsweave.errors import Rejected
from newsweave.readers import RawDoc
from newsweave.readers.files import MAX_BYTES, read_files

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")


def is_html_name(path: str | Path) -> bool:
    """True when the file name says HTML (``.html``, ``.htm``, gzipped too)."""
    return str(path).lower().endswith(HTML_SUFFIXES)


def read_html(paths: Iterable[str | Path], *, max_bytes: int = MAX_BYTES) -> Iterator[RawDoc | Rejected]:
    """Yield one HTML RawDoc (bytes) per file, directory entry or stdin, or a Rejected.

    Args:
        paths: files, directories (read recursively, sorted) or ``-`` for stdin.
        max_bytes: larger inputs are rejected with ``NW105`` without being read whole.
    """
    yield from read_files(paths, input_format="html", max_bytes=max_bytes)
