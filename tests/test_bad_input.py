"""Bad input becomes an Article or a coded rejection, never a traceback."""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsweave
from newsweave.errors import NewsweaveError, Rejected
from newsweave.readers.files import read_files

PROSE = (
    "Die Regierung hat am Dienstag neue Pläne für den Ausbau der Bahn vorgestellt. "
    "Der Minister sagte, die Strecken sollen bis 2030 fertig sein. Kritiker halten das für unrealistisch.\n\n"
    "Nach Angaben des Ministeriums kostet das Vorhaben mehrere Milliarden Euro. Die Opposition fordert mehr Tempo.\n"
)
KNOWN_CODES = {"NW102", "NW103", "NW104", "NW105", "NW201", "NW202"}


def _outcome(data: str | bytes) -> str:
    try:
        article = newsweave.extract(data)
    except NewsweaveError as err:
        assert err.code in KNOWN_CODES, err
        return err.code
    assert isinstance(article.text, str)
    return "article"


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "cp1252", "latin-1", "utf-16", "utf-8-sig"],
)
def test_common_encodings_decode_to_the_same_text(encoding: str) -> None:
    article = newsweave.extract(PROSE.encode(encoding))
    assert "Pläne" in article.text
    assert article.text == newsweave.extract(PROSE).text


def test_utf16_with_bom_is_read() -> None:
    data = codecs.BOM_UTF16_LE + PROSE.encode("utf-16-le")
    assert newsweave.extract(data).text == newsweave.extract(PROSE).text


def test_misdeclared_meta_charset_does_not_produce_mojibake() -> None:
    html = "<html><head><meta charset='iso-8859-1'></head><body><article><p>" + PROSE + "</p></article></body></html>"
    article = newsweave.extract(html.encode("utf-8"), input_format="html")
    assert "Pläne" in article.text
    assert "PlÃ¤ne" not in article.text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "NW102"),
        (b"   \n\t\n", "NW102"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "NW103"),
        (b"\x00" * 5000, "NW103"),
    ],
)
def test_empty_and_binary_input_are_rejected_with_a_code(data: bytes, code: str) -> None:
    with pytest.raises(NewsweaveError) as info:
        newsweave.extract(data)
    assert info.value.code == code


def test_nul_bytes_inside_text_are_dropped() -> None:
    article = newsweave.extract(PROSE.replace("Regierung", "Regie\x00rung"))
    assert "\x00" not in article.text


def test_mixed_line_endings_give_the_same_text() -> None:
    unix = newsweave.extract(PROSE)
    mixed = newsweave.extract(PROSE.replace("\n\n", "\r\n\r\n", 1).replace("\n", "\r", 1))
    assert " ".join(unix.text.split()) == " ".join(mixed.text.split())


def test_a_50_mb_single_line_is_handled() -> None:
    line = ("Ein sehr langer Satz ohne Zeilenumbruch, der sich immer wiederholt. " * 760_000)[: 50 * 1024 * 1024]
    assert _outcome(line.encode()) in {"article", "NW105"}


def test_reader_turns_missing_and_corrupt_files_into_rejections(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(PROSE, encoding="utf-8")
    corrupt = tmp_path / "broken.txt.gz"
    corrupt.write_bytes(gzip.compress(PROSE.encode())[:40])
    items = list(read_files([good, corrupt, tmp_path / "missing.txt"]))
    assert [type(i).__name__ for i in items] == ["RawDoc", "Rejected", "Rejected"]
    assert [i.code for i in items if isinstance(i, Rejected)] == ["NW106", "NW101"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise_anything_but_coded_errors(data: bytes) -> None:
    _outcome(data)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=3000))
def test_arbitrary_text_never_raises_anything_but_coded_errors(text: str) -> None:
    _outcome(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([PROSE, "\r\n", "\x00", "<p>", "• Drucken\n", "ä", "\ufeff", "\u2028"]), max_size=30))
def test_mixtures_of_prose_and_noise_never_crash(parts: list[str]) -> None:
    for data in ("".join(parts), "".join(parts).encode("utf-8", "surrogatepass")):
        _outcome(data)
