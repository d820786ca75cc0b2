"""Learned line classification for plain-text pages.

Consumes the decoded text of a page (a text dump, a WET record, a browser
copy) and produces one label per non-empty line: ``segment`` turns the page
into :class:`Line` records, ``features`` makes a numeric matrix of line and
context features, ``classifier`` predicts a label per line with the shipped
model artefact, ``labels`` aligns gold texts with lines to make training data.
"""

from newsweave.extractors.textpage.classifier import LABELS, LineClassifier, load_classifier
from newsweave.extractors.textpage.segment import Line, segment

__all__ = ["LABELS", "Line", "LineClassifier", "load_classifier", "segment"]
