"""Write the first-name and surname lists of the gazetteer from Faker's person providers.

Faker (MIT licence, Copyright (c) 2012 Daniele Faraglia) ships name lists per locale. This tool
collects the Latin-script ones into ``src/newsweave/data/gazetteer/first_names.txt`` and
``last_names.txt`` (one name a line, sorted), so newsweave needs no Faker at run time.

Usage:
    .venv/bin/python tools/build_names.py
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

# Latin-script locales whose names show up in German and English news.
LOCALES = [
    "de_DE",
    "de_AT",
    "de_CH",
    "en_US",
    "en_GB",
    "en_IE",
    "fr_FR",
    "it_IT",
    "es_ES",
    "pt_PT",
    "pt_BR",
    "nl_NL",
    "pl_PL",
    "cs_CZ",
    "sk_SK",
    "hu_HU",
    "ro_RO",
    "hr_HR",
    "sl_SI",
    "sv_SE",
    "no_NO",
    "da_DK",
    "fi_FI",
    "tr_TR",
    "et_EE",
    "lv_LV",
    "lt_LT",
    "id_ID",
    "vi_VN",
]
_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿĀ-ɏ'’-]+$")
OUT = Path(__file__).resolve().parent.parent / "src" / "newsweave" / "data" / "gazetteer"


def _collect(attr_prefix: str) -> set[str]:
    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in dir(provider):
            if attr.startswith(attr_prefix) and not attr.endswith("_unisex_and_male_and_female"):
                value = getattr(provider, attr)
                if isinstance(value, dict | tuple | list):
                    names.update(n for n in value if isinstance(n, str) and _NAME.match(n))
    return names


def main() -> int:
    """Write both lists."""
    header = "# From Faker's person providers (MIT licence, (c) 2012 Daniele Faraglia); tools/build_names.py\n"
    for attr, fname in (("first_names", "first_names.txt"), ("last_names", "last_names.txt")):
        names = sorted(_collect(attr))
        (OUT / fname).write_text(header + "\n".join(names) + "\n", "utf-8")
        print(f"{fname}: {len(names)} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
