"""Attributed claims: who says what, and how sure.

Consumes ``Article.text`` and its sentence spans; produces :class:`~newsweave.model.Claim`
records with the ``source`` phrase, the ``cue``, a ``modality`` (confirmed | announced |
reported | unconfirmed | denied) and the ``content`` span. Cues are data
(``newsweave/data/enrich/claims_{de,en}.toml``): reporting verbs by lemma with their default
modality (all their forms from simplemma, ``claim_verbs_{de,en}.tsv``), "laut X" / "X zufolge" /
"according to X", "hieß es" taking the previous claim's source, "soll" told apart as hearsay,
plan or purpose, "nach eigenen Angaben" taking the sentence subject, "reportedly", and German
indirect speech in Konjunktiv I continuing the last source.

Modules: :mod:`.lexicon` (data files), :mod:`.cues` (cue occurrences), :mod:`.sources` (source
phrases), :mod:`.finder` (claims of an article).
"""

from newsweave.enrich.claims.finder import find_claims
from newsweave.enrich.claims.lexicon import ClaimLexicon, ClaimRule, load_claim_lexicon

__all__ = ["ClaimLexicon", "ClaimRule", "find_claims", "load_claim_lexicon"]
