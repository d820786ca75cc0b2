"""Shared fixtures: paths to ../shared (tests skip with a reason where it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = (ROOT.parent / "shared").resolve()
SAMPLES = ROOT / "samples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared is needed for this test")
    return path


@pytest.fixture
def golden_kim() -> Path:
    """The hand-made golden case presse-kim-putin."""
    return shared_path("golden", "presse-kim-putin")
