"""``newsweave eval``: score newsweave's stages against gold data.

``eval_group`` is the reusable click group; each stage adds a sub-command (``eval ner`` here,
``eval stories`` and others elsewhere) with ``@eval_group.command(...)``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from newsweave.cli import cli
from newsweave.enrich.ner.evaluate import Tagger


@cli.group("eval")
def eval_group() -> None:
    """Score a stage against gold data (strict metrics)."""


def _load(lang: str, model: str | None) -> Tagger:
    from newsweave.enrich.ner.model import load_model, open_model

    if model is None:
        return load_model(lang)
    path = Path(model)
    if path.suffix == ".crfsuite":
        return open_model(path, lang)
    from newsweave.enrich.ner.spacy_adapter import load_spacy

    return load_spacy(model)


def _lang_of(data: Path) -> str:
    """Language from the file's records (first record's ``lang``), default ``de``."""
    from newsweave.enrich.ner.evaluate import read_records

    first = next(read_records(data), None)
    return str(first.get("lang", "de")) if first else "de"


@eval_group.command("ner")
@click.option(
    "--data",
    "data",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="NER gold file: JSONL(.gz) records with tokens and BIO tags (../shared/data/ner format).",
)
@click.option("--lang", type=click.Choice(["de", "en"]), help="Model language (default: the records' lang).")
@click.option("--model", help="A .crfsuite file or a spaCy pipeline name/path (default: the shipped model).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_ner(data: Path, lang: str | None, model: str | None, fmt: str) -> None:
    """Strict span P/R/F1 per type and overall of a NER model on DATA."""
    from newsweave.enrich.ner.evaluate import TYPES, evaluate, read_records

    lang = lang or _lang_of(data)
    scores = evaluate(_load(lang, model), read_records(data))
    if fmt == "json":
        click.echo(json.dumps({"data": str(data), "lang": lang, "scores": [s.as_dict() for s in scores.values()]}))
        return
    click.echo(f"{'type':5} {'gold':>6} {'pred':>6} {'P':>7} {'R':>7} {'F1':>7}")
    for label in [*(t for t in TYPES if t in scores), "ALL"]:
        s = scores[label]
        click.echo(f"{label:5} {s.tp + s.fn:6d} {s.tp + s.fp:6d} {s.precision:7.4f} {s.recall:7.4f} {s.f1:7.4f}")


__all__ = ["eval_group", "eval_ner"]
