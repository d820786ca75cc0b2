"""read_inputs: the reader is picked by name, directories are walked, nothing is lost."""

from __future__ import annotations

import json
from pathlib import Path

from newsweave.errors import Rejected
from newsweave.readers import RawDoc
from newsweave.readers.dispatch import read_inputs
from newsweave.readers.html import is_html_name, read_html
from newsweave.settings import ExtractSettings
from tests.test_readers_warc import PAGE, record


def test_mixed_directory(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(PAGE)
    (tmp_path / "b.warc").write_bytes(record("warcinfo", "", b"x: y\r\n") + record("response", "https://ex.de/b", PAGE))
    (tmp_path / "c.jsonl").write_text(json.dumps({"html": "<p>c</p>", "url": "https://ex.de/c"}) + "\n")
    (tmp_path / "d.txt").write_text("Ein Textseite.\n")
    out = list(read_inputs([tmp_path, tmp_path / "missing.html"]))
    docs = [o for o in out if isinstance(o, RawDoc)]
    rejected = [o for o in out if isinstance(o, Rejected)]
    assert [Path(d.source).name.split("#")[0].split(":")[0] for d in docs] == ["a.html", "b.warc", "c.jsonl", "d.txt"]
    assert sorted(r.code for r in rejected) == ["NW101", "NW108"]


def test_html_reader_and_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.html").write_bytes(b"<html>" + b"a" * 2000)
    (tmp_path / "ok.htm").write_bytes(PAGE)
    out = list(read_html([tmp_path], max_bytes=1000))
    assert isinstance(out[0], Rejected) and out[0].code == "NW105"
    assert isinstance(out[1], RawDoc) and out[1].input_format == "html"
    assert is_html_name("x.HTML.gz") and not is_html_name("x.txt")
    limited = list(read_inputs([tmp_path], ExtractSettings(max_bytes=1000)))
    assert [type(o).__name__ for o in limited] == ["Rejected", "RawDoc"]
