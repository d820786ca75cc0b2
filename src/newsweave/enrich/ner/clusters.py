"""Distributional word classes for the NER tagger (the Brown-cluster trick, offline).

Consumes ``newsweave/data/models/ner-clusters-v1.tsv.gz``, written by
``tools/build_ner_clusters.py``: ~200k German and English word forms, each with a k-means class
of its multilingual USE v3 embedding at three granularities (1024, 256, 64). Produces
:class:`WordClusters`, which gives a word's class features (``c1024=17``, ``c256=3`` …), so a
name never seen in the labelled data still shares weights with names used like it
(``Wladiwostok`` with other cities, ``Steinmeier`` with other politicians).
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

CLUSTERS_VERSION = "v1"


@dataclass(frozen=True, slots=True)
class WordClusters:
    """Word → class id per granularity, with case fallbacks for unlisted forms."""

    granularities: tuple[int, ...]  # e.g. (1024, 256, 64), fine first
    classes: Mapping[str, tuple[int, ...]]  # word -> one class id per granularity
    neighbours: Mapping[str, str] = field(default_factory=dict)  # word -> "ORG:5,PER:2"

    def lookup(self, word: str) -> tuple[int, ...] | None:
        """Class ids of ``word``, else of its lower-case or title-case form (``DIE``, ``BERLIN``)."""
        found = self.classes.get(word)
        if found is None and word[:1].isupper():
            found = self.classes.get(word.lower()) or self.classes.get(word.title())
        return found

    def features(self, word: str, levels: tuple[int, ...] | None = None, prefix: str = "") -> list[str]:
        """Class features of ``word`` at ``levels`` (all granularities if None); ``c=none`` if unlisted."""
        found = self.lookup(word)
        if found is None:
            return [prefix + "c=none"]
        return [
            f"{prefix}c{k}={c}" for k, c in zip(self.granularities, found, strict=True) if levels is None or k in levels
        ]

    def neighbour_features(self, word: str) -> list[str]:
        """Entity labels of the word's nearest labelled words, binned: ``nn_ORG=hi`` (7+ of 10).

        Only models whose card sets ``labels`` use them; the shipped models do not.
        """
        found = self.neighbours.get(word)
        if found is None and word[:1].isupper():
            found = self.neighbours.get(word.title())
        if not found:
            return []
        out = []
        for item in found.split(","):
            label, count = item.split(":")
            # bins of the 10 neighbours: 1-3 lo, 4-6 mid, 7+ hi (untuned, equal thirds)
            out.append(f"nn_{label}=" + ("hi" if int(count) >= 7 else "mid" if int(count) >= 4 else "lo"))
        return out


def read_clusters(text: str) -> WordClusters:
    """Parse a cluster table: a ``# word<TAB>k1024<TAB>k256…[<TAB>nn]`` header, then one word per line.

    Equal class tuples and neighbour strings are shared (a few thousand distinct ones), which
    keeps the 200k-word table at about half the memory of one tuple per word.
    """
    lines = text.splitlines()
    header = lines[0].lstrip("# ").split("\t")
    levels = len([h for h in header[1:] if h.startswith("k")])
    granularities = tuple(int(h[1:]) for h in header[1 : 1 + levels])
    shared: dict[str, tuple[int, ...]] = {}
    names: dict[str, str] = {}
    classes: dict[str, tuple[int, ...]] = {}
    neighbours: dict[str, str] = {}
    for line in lines[1:]:
        word, ids, near = _split_row(line, levels)
        found = shared.get(ids)
        if found is None:
            found = shared[ids] = tuple(map(int, ids.split("\t")))
        classes[word] = found
        if near:
            neighbours[word] = names.setdefault(near, near)
    return WordClusters(granularities, classes, neighbours)


def _split_row(line: str, levels: int) -> tuple[str, str, str]:
    """(word, tab-joined class ids, neighbour labels or "") of one table row."""
    word, rest = line.split("\t", 1)
    parts = rest.split("\t")
    return word, "\t".join(parts[:levels]), parts[levels] if len(parts) > levels else ""


@functools.cache
def load_clusters(version: str = CLUSTERS_VERSION) -> WordClusters:
    """The shipped cluster table, read once per process (about 0.3 s); a path is read as is."""
    if "/" in version:
        raw = Path(version).read_bytes()
    else:
        raw = (
            resources.files("newsweave.data").joinpath("models").joinpath(f"ner-clusters-{version}.tsv.gz").read_bytes()
        )
    return read_clusters(gzip.decompress(raw).decode("utf-8"))
