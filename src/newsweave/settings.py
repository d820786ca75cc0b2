"""One home for configuration: typed settings per stage.

Precedence, lowest first: defaults < ``newsweave.toml`` < ``NEWSWEAVE_*``
environment variables < command-line options. Nothing is read at import time:
call :func:`load_settings` and pass the result down.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from newsweave.errors import NewsweaveError


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """Settings of the read and extract stages."""

    input_format: str = "auto"
    max_bytes: int = 32 * 1024 * 1024
    # Pages whose main text is shorter than this many characters get the warning "short".
    min_text_chars: int = 200
    language: str | None = None


@dataclass(frozen=True, slots=True)
class EnrichSettings:
    """Settings of the enrich stage (language, sentences, entities, time expressions, claims)."""

    # Language assumed when identification cannot tell (text too short, or not de/en rules).
    default_language: str = "de"
    entities: bool = True
    # A spaCy pipeline name (e.g. de_core_news_lg) used for entities instead of newsweave's CRF.
    ner_model: str | None = None
    block_languages: bool = True


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Settings of live sources (``newsweave fetch``/``watch``): politeness, limits, retries."""

    # How the operator can be reached (a URL or e-mail), appended to the user-agent; set it.
    contact: str = "https://github.com/newsweave/newsweave"
    # Product token matched against robots.txt ``User-agent`` lines.
    agent: str = "newsweave"
    # Seconds to connect / between two received chunks; a page dripping slower is dropped.
    timeout: float = 15.0
    # Seconds for a whole response (a slow-loris server that never stops is cut off here).
    deadline: float = 60.0
    # News pages are < 2 MiB (DEV pages: median 180 KiB, max 1.4 MiB); feeds and sitemaps
    # of big outlets reach ~5 MiB (sitemaps may be 50 MiB by protocol, which we decline).
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    # Retries on 429/5xx/connection errors, waiting Retry-After or backoff * 2**attempt seconds.
    retries: int = 3
    backoff: float = 1.0
    # A Retry-After longer than this gives up on the URL for this cycle instead of blocking.
    max_retry_after: float = 120.0
    # Requests per second per host (token bucket, burst 1) and requests in flight per host;
    # 1/s is what polite crawlers use (Heritrix/news-please defaults), robots Crawl-delay lowers it.
    rate: float = 1.0
    per_host: int = 2
    # Fetch threads across all hosts (I/O-bound; extraction runs in them unless processes > 0).
    workers: int = 8
    # Worker processes for extraction + enrichment (0: in the fetch threads, one core). Worth it on
    # machines with free cores; each process loads the enrich models once.
    processes: int = 0
    # Entry pages fetched per source per cycle (a new sitemap with 50,000 URLs is worked off over cycles).
    max_pages: int = 500
    http2: bool = True


@dataclass(frozen=True, slots=True)
class Settings:
    """All settings, one section per stage."""

    extract: ExtractSettings = field(default_factory=ExtractSettings)
    enrich: EnrichSettings = field(default_factory=EnrichSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)


def _coerce(value: str, like: Any) -> Any:
    if isinstance(like, bool):
        return value.lower() in {"1", "true", "yes", "on"}
    if isinstance(like, int):
        return int(value)
    if isinstance(like, float):
        return float(value)
    return value


def _apply(section: Any, values: dict[str, Any], origin: str) -> Any:
    known = {f.name for f in fields(section)}
    unknown = set(values) - known
    if unknown:
        raise NewsweaveError("NW901", what=f"{origin}: unknown setting(s) {', '.join(sorted(unknown))}")
    return replace(section, **values)


def load_settings(path: Path | None = None, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Defaults < TOML file < ``NEWSWEAVE_<SECTION>_<NAME>`` env < ``overrides``.

    ``overrides`` are ``extract={"language": "de"}``-style dicts from the CLI.
    """
    settings = Settings()
    if path is None and Path("newsweave.toml").is_file():
        path = Path("newsweave.toml")
    file_values: dict[str, Any] = tomllib.loads(path.read_text("utf-8")) if path else {}
    env = dict(os.environ) if env is None else env
    for f in fields(settings):
        section = getattr(settings, f.name)
        section = _apply(section, file_values.get(f.name, {}), str(path))
        prefix = f"NEWSWEAVE_{f.name.upper()}_"
        from_env = {
            k[len(prefix) :].lower(): _coerce(v, getattr(section, k[len(prefix) :].lower(), ""))
            for k, v in env.items()
            if k.startswith(prefix)
        }
        section = _apply(section, from_env, "environment")
        section = _apply(section, {k: v for k, v in overrides.get(f.name, {}).items() if v is not None}, "options")
        settings = replace(settings, **{f.name: section})
    return settings
