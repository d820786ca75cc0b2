"""JSONL reader: one page per line, bad lines become coded rejections."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from newsweave.errors import Rejected
from newsweave.readers import RawDoc
from newsweave.readers.jsonl import read_jsonl


def test_lines_with_html_text_and_errors(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "url": "https://ex.de/a", "date": "2024-05-03", "html": "<p>Hallo Welt.</p>"}),
        json.dumps({"text": "Ein Text."}),
        "{not json",
        json.dumps({"title": "no page"}),
        json.dumps([1, 2]),
        "",
    ]
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    out = list(read_jsonl(str(path)))
    assert len(out) == 5
    first, second = out[0], out[1]
    assert isinstance(first, RawDoc) and first.input_format == "html" and first.url == "https://ex.de/a"
    assert first.date is not None and first.date.day == 3 and first.provenance == {"id": "a"}
    assert isinstance(second, RawDoc) and second.input_format == "text"
    assert [o.code for o in out[2:] if isinstance(o, Rejected)] == ["NW107", "NW102", "NW107"]


def test_truncated_gzip(tmp_path: Path) -> None:
    body = "\n".join(json.dumps({"html": f"<p>{i} " + "x" * 200 + "</p>"}) for i in range(200)).encode()
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(body)[:-200])
    out = list(read_jsonl(str(path)))
    assert isinstance(out[-1], Rejected) and out[-1].code == "NW106"
    assert all(isinstance(o, RawDoc) for o in out[:-1])
