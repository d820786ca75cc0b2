"""The runner: every input record becomes an article or a coded rejection, in order."""

from __future__ import annotations

import gzip
from pathlib import Path

from click.testing import CliRunner

from newsweave.cli import load_commands
from newsweave.errors import Rejected
from newsweave.model import Article
from newsweave.readers.dispatch import read_inputs
from newsweave.runner import RunStats, run
from newsweave.settings import ExtractSettings
from tests.test_extract_html import page
from tests.test_readers_warc import record


def bad_inputs(tmp: Path) -> int:
    """Write good and bad inputs; return the number of input records."""
    good = page().encode()
    (tmp / "good.html").write_bytes(good)
    (tmp / "latin1-says-utf8.html").write_bytes(page().replace("utf-8", "utf-8").encode("cp1252", "replace"))
    (tmp / "empty.html").write_bytes(b"")
    (tmp / "blank-body.html").write_bytes(b"<html><body>   </body></html>")
    (tmp / "binary.html").write_bytes(bytes(range(256)) * 50)
    (tmp / "deep.html").write_bytes(b"<html><body>" + b"<div>" * 10_000 + b"<p>x</p>" + b"</div>" * 10_000)
    (tmp / "huge.html").write_bytes(b"<html><body><p>" + b"a " * 3_000_000 + b"</p></body></html>")
    (tmp / "cut.html.gz").write_bytes(gzip.compress(good)[:-100])
    warc = (
        record("warcinfo", "", b"x: y\r\n")
        + record("response", "https://ex.de/ok", good)
        + record("response", "https://ex.de/pdf", b"%PDF-1.4 ...", ctype="application/pdf")
        + b"WARC/1.0\r\nGarbage: x\r\nContent-Length: zz\r\n\r\nyy\r\n\r\n"
        + record("response", "https://ex.de/ok2", good)
    )
    (tmp / "crawl.warc.gz").write_bytes(gzip.compress(warc[: len(warc) // 2]) + gzip.compress(warc[len(warc) // 2 :]))
    (tmp / "crawl2.warc").write_bytes(warc)
    return 8 + 5 + 5


def test_inputs_equal_articles_plus_rejections(tmp_path: Path) -> None:
    cfg = ExtractSettings(max_bytes=4 * 1024 * 1024)
    bad_inputs(tmp_path)
    stats = RunStats()
    out = list(run(read_inputs([tmp_path], cfg), cfg, stats=stats, progress=False))
    assert stats.inputs == len(out)
    articles = [o for o in out if isinstance(o, Article)]
    assert {Path(a.source.split("#")[0]).name for a in articles} >= {
        "good.html",
        "latin1-says-utf8.html",
        "crawl2.warc",
    }
    codes = {Path(o.source.split("#")[0].split("@")[0]).name: o.code for o in out if isinstance(o, Rejected)}
    assert codes["empty.html"] == "NW102"
    assert codes["binary.html"] == "NW103"
    assert codes["huge.html"] == "NW105"
    assert codes["cut.html.gz"] == "NW106"
    assert codes["blank-body.html"] in {"NW201", "NW102"}
    assert stats.rejected["NW108"] >= 4  # warcinfo and pdf records of both archives
    plain = [o for o in out if o.source.startswith(str(tmp_path / "crawl2.warc"))]
    assert len(plain) == 5  # warcinfo, ok, pdf, garbage (one NW107), ok2
    assert sum(isinstance(o, Article) for o in plain) == 2


def test_parallel_equals_serial(tmp_path: Path) -> None:
    for i in range(40):
        (tmp_path / f"p{i:02d}.html").write_text(page().replace("Brücke", f"Brücke {i}"), "utf-8")
    serial = list(run(read_inputs([tmp_path]), progress=False))
    parallel = list(run(read_inputs([tmp_path]), parallel=2, progress=False))
    assert [a.id for a in serial] == [a.id for a in parallel]  # type: ignore[union-attr]
    assert all(isinstance(a, Article) for a in parallel)


def test_cli_reads_warc_and_counts(tmp_path: Path) -> None:
    warc = record("warcinfo", "", b"x: y\r\n") + record("response", "https://ex.de/ok", page().encode())
    (tmp_path / "c.warc").write_bytes(warc)
    result = CliRunner().invoke(load_commands(), ["extract", str(tmp_path / "c.warc"), "--parallel", "2"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1 and '"warc_record_id"' in lines[0]
    assert "NW108 x1" in result.stderr


def test_progress_bar_goes_to_stderr_and_keeps_every_record(tmp_path: Path, capsys: object) -> None:
    for i in range(3):
        (tmp_path / f"p{i}.html").write_text(page().replace("Brücke", f"Brücke {i}"), "utf-8")
    (tmp_path / "empty.html").write_bytes(b"")
    stats = RunStats()
    out = list(run(read_inputs([tmp_path]), stats=stats, progress=True, total=4))
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert len(out) == stats.inputs == 4
    assert "extract" in err and "rejected" in err and "pages/s" in err
