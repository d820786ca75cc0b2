"""Docs are tested: every error code is documented (sqlite-utils test_docs.py style)."""

from __future__ import annotations

import re

from newsweave.errors import MESSAGES
from tests.conftest import ROOT


def test_every_error_code_is_documented() -> None:
    documented = set(re.findall(r"^\| (NW\d{3}) \|", (ROOT / "docs" / "errors.md").read_text("utf-8"), re.M))
    assert set(MESSAGES) <= documented, sorted(set(MESSAGES) - documented)
