"""Tokens and lemmas for matching: spaCy's blank Italian pipeline with the lookup lemmatizer.

No trained model can be downloaded here, so lemmas come from spacy-lookups-data's table, on
lower-cased text, corrected by a domain table where the generic table is wrong for statutes
("giunta" is not "giunto", "sindaco" is not "sindacare", "pari" is not "pario"). One pipeline per
process; every unit of a statute goes through `nlp.pipe` once.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# lemma: the inflected forms statutes use that the lookup table gets wrong (or lacks)
DOMAIN_LEMMAS: dict[str, tuple[str, ...]] = {
    "giunta": ("giunta", "giunte"),
    "sindaco": ("sindaco", "sindaca", "sindaci", "sindache"),
    "vicesindaco": ("vicesindaco", "vicesindaca", "vicesindaci"),
    "assessore": ("assessore", "assessora", "assessori", "assessore"),
    "consigliere": ("consigliere", "consigliera", "consiglieri", "consigliere"),
    "presidente": ("presidente", "presidentessa", "presidenti"),
    "pari": ("pari",),
    "concorso": ("concorso", "concorsi"),
    "uomo": ("uomo", "uomini"),
    "donna": ("donna", "donne"),
    "rappresentante": ("rappresentante", "rappresentanti"),
    "genere": ("genere", "generi"),
    "nomina": ("nomina", "nomine"),
    "componente": ("componente", "componenti"),
    "consulta": ("consulta", "consulte"),
    "quota": ("quota", "quote"),
    "bilancio": ("bilancio", "bilanci"),
    "garantire": ("garantita", "garantito", "garantiti", "garantite"),
    "assicurare": ("assicurata", "assicurato", "assicurati", "assicurate"),
    "nominare": ("nominato", "nominati", "nominata", "nominate"),
    "designare": ("designato", "designati", "designata", "designate"),
    "entrambi": ("entrambi", "entrambe", "ambo", "ambedue", "ambi"),
    "eletto": ("eletto", "eletti", "eletta", "elette"),
    "straniero": ("straniero", "stranieri", "straniera", "straniere"),
}


NORM_SEPARATOR = "|"


@Language.component("lemma_and_lower")
def _lemma_and_lower(doc: Doc) -> Doc:
    """Put "lemma|lower" in NORM, so one pattern token can test a prefix against both."""
    for token in doc:
        token.norm_ = f"{token.lemma_}{NORM_SEPARATOR}{token.lower_}"
    return doc


@cache
def pipeline() -> Language:
    """The shared pipeline: tokenizer plus lookup lemmatizer with the domain corrections."""
    nlp = spacy.blank("it")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("lemma_and_lower")
    nlp.initialize()
    lemmatizer = nlp.get_pipe("lemmatizer")
    table = lemmatizer.lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]
    for lemma, forms in DOMAIN_LEMMAS.items():
        for form in forms:
            table[form] = lemma
    return nlp


def lemma_of(word: str) -> str:
    """The lemma the pipeline gives a single lower-cased word (used to compile patterns)."""
    return pipeline()(word.lower())[0].lemma_


def analyse(texts: list[str]) -> list[Doc]:
    """Docs for lower-cased texts; offsets of tokens equal offsets in the original texts."""
    return list(pipeline().pipe(text.lower() for text in texts))
