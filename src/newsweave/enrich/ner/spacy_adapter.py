"""A user-installed spaCy pipeline as newsweave's entity recogniser (``--ner-model NAME``).

Consumes a pipeline name or path for ``spacy.load`` (``de_core_news_lg``, ``en_core_web_sm``,
a directory) and produces a :class:`SpacyRecognizer` whose candidates carry newsweave's four
types: spaCy's ``PER``/``PERSON`` → PER, ``ORG`` → ORG, ``LOC``/``GPE``/``FAC`` → LOC, names
of things (``MISC``, ``NORP``, ``PRODUCT``, ``EVENT``, ``WORK_OF_ART``, ``LAW``, ``LANGUAGE``)
→ OTH; dates, numbers and amounts are dropped. spaCy is optional (``pip install
newsweave[spacy]``). The factory ``newsweave_crf_ner`` puts newsweave's own CRF into a spaCy
pipeline, so that path can be packaged and tested without downloading any model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsweave.enrich.ner.resolve import Candidate
from newsweave.errors import NewsweaveError
from newsweave.model import EntityLabel

SPACY_LABELS: dict[str, EntityLabel] = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "MISC": "OTH",
    "OTH": "OTH",
    "NORP": "OTH",
    "PRODUCT": "OTH",
    "EVENT": "OTH",
    "WORK_OF_ART": "OTH",
    "LAW": "OTH",
    "LANGUAGE": "OTH",
}
FACTORY = "newsweave_crf_ner"


@dataclass(frozen=True, slots=True)
class SpacyRecognizer:
    """A loaded spaCy ``Language`` object used as a recogniser."""

    nlp: Any  # spacy.language.Language

    def find(self, text: str, offset: int) -> list[Candidate]:
        """Entities spaCy finds in ``text``, mapped to PER/ORG/LOC/OTH."""
        doc = self.nlp(text)
        out: list[Candidate] = []
        for ent in doc.ents:
            label = SPACY_LABELS.get(ent.label_)
            if label is not None:
                out.append(Candidate(ent.start_char + offset, ent.end_char + offset, label, ent.text))
        return out

    def tag(self, words: list[str]) -> list[str]:
        """BIO tags for pre-tokenised words (for ``newsweave eval ner``)."""
        from spacy.tokens import Doc

        doc = Doc(self.nlp.vocab, words=words)
        for _, proc in self.nlp.pipeline:
            doc = proc(doc)
        tags = ["O"] * len(words)
        for ent in doc.ents:
            label = SPACY_LABELS.get(ent.label_)
            if label is not None:
                tags[ent.start : ent.end] = [f"B-{label}"] + [f"I-{label}"] * (ent.end - ent.start - 1)
        return tags


class CrfComponent:
    """spaCy pipeline component running newsweave's CRF over the doc's tokens."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Any) -> Any:
        """Set ``doc.ents`` from the CRF's tags."""
        from spacy.tokens import Span as SpacySpan

        from newsweave.enrich.ner.model import load_model, spans

        words = [t.text for t in doc]
        keep = [i for i, w in enumerate(words) if w.strip()]
        tags = load_model(self.lang).tag([words[i] for i in keep])
        doc.ents = [SpacySpan(doc, keep[s.start], keep[s.end - 1] + 1, label=s.label) for s in spans(tags)]
        return doc


def register_factory() -> None:
    """Register the ``newsweave_crf_ner`` factory with spaCy (idempotent)."""
    from spacy.language import Language

    if Language.has_factory(FACTORY):
        return

    def make(nlp: Any, name: str, lang: str) -> CrfComponent:
        return CrfComponent(lang)

    Language.factory(FACTORY, default_config={"lang": "de"}, func=make)


def load_spacy(name: str) -> SpacyRecognizer:
    """Load a spaCy pipeline by package name or path with ``spacy.load``.

    Raises:
        NewsweaveError: ``NW302`` if spaCy is not installed or the pipeline cannot be loaded.
    """
    try:
        import spacy
    except ImportError:
        raise NewsweaveError("NW302", name=name, why="spaCy is not installed: pip install 'newsweave[spacy]'") from None
    register_factory()
    try:
        nlp = spacy.load(name)
    except (OSError, ValueError) as err:
        raise NewsweaveError("NW302", name=name, why=str(err).splitlines()[0]) from None
    return SpacyRecognizer(nlp)
