"""Bytes to text: the charset decision every reader shares.

Order: byte-order mark, then strict UTF-8, then a declared charset (HTTP
header or HTML meta tag) that actually decodes, then detection with
charset-normalizer, then cp1252 as the web's de-facto Latin default. Binary
payloads are refused with ``NW103`` instead of being decoded into garbage.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from newsweave.errors import NewsweaveError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
# Share of control bytes (other than tab, newline, CR, form feed) above which a
# payload is binary. Real text pages have none; 5% tolerates a few stray bytes.
BINARY_CONTROL_SHARE = 0.05
_SNIFF = 8192


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset named by an HTTP ``Content-Type`` or an HTML meta tag, if any."""
    if content_type:
        header = re.search(r"charset\s*=\s*([^\s;]+)", content_type, re.I)
        if header and (name := _codec(header.group(1))):
            return name
    meta = _META_CHARSET.search(data[:_SNIFF])
    return _codec(meta.group(1).decode("ascii", "ignore")) if meta else None


def looks_binary(data: bytes) -> bool:
    """True for payloads with NUL-heavy or control-byte-heavy heads (images, archives)."""
    head = data[:_SNIFF]
    if not head:
        return False
    controls = sum(1 for b in head if b < 9 or (13 < b < 32 and b != 27))
    return controls / len(head) > BINARY_CONTROL_SHARE


def decode(data: bytes, *, source: str = "<bytes>", content_type: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text and say which charset was used.

    Raises:
        NewsweaveError: ``NW102`` empty, ``NW103`` binary, ``NW104`` undecodable.
    """
    if not data.strip():
        raise NewsweaveError("NW102", source=source)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name), name
            except UnicodeDecodeError as exc:
                raise NewsweaveError("NW104", source=source, why=f"bad {name} after BOM: {exc.reason}") from None
    if looks_binary(data):
        raise NewsweaveError("NW103", source=source, why="control bytes in the first 8 KiB")
    declared = declared_charset(data, content_type)
    # Valid UTF-8 with non-ASCII bytes is almost never another charset, so it
    # wins over a declaration (pages that say latin-1 and send UTF-8 are common).
    for candidate in ("utf-8", declared):
        if candidate is not None:
            try:
                return data.decode(candidate), candidate
            except (UnicodeDecodeError, LookupError):
                continue
    best = from_bytes(data[: 1 << 20]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("cp1252", errors="replace"), "cp1252"
