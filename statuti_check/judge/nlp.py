"""Tokens and lemmas for matching: spaCy's blank Italian tokenizer and a lookup table of lemmas.

No trained model can be downloaded here, so lemmas come from spacy-lookups-data's table, on
lower-cased text, corrected by a domain table where the generic table is wrong for statutes
("giunta" is not "giunto", "sindaco" is not "sindacare", "pari" is not "pario"). One pipeline per
process; every unit of a statute is tokenised once. spaCy is imported with the first pipeline,
not with this module: a bulk run's parent and the light commands never pay for it.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


@cache
def pipeline() -> Language:
    """The shared tokenizer: spaCy's blank Italian pipeline (lemmas come from `lemma_of`)."""
    import spacy

    return spacy.blank("it")


# The lemmas this process knows: the whole table, or the parts of it the loaded catalogues use.
_lemmas: dict[str, str] = {}
_whole = False


def whole_lemma_table() -> dict[str, str]:
    """spacy-lookups-data's Italian `lemma_lookup` table, with the domain corrections.

    The very table spaCy's lookup lemmatizer loads, read straight into a dict: spaCy's own
    `Table` hashes each of its 330,000 entries into a Bloom filter when it is built, which cost
    every process most of a second for a lookup that is a plain dict's. Still a fifth of a second
    to read: a catalogue's matcher keeps the part it can use on disk (statuti_check.judge.lemmas),
    and later processes load only that.
    """
    global _whole
    if not _whole:
        import spacy_lookups_data
        from spacy.util import load_language_data

        table = load_language_data(spacy_lookups_data.it["lemma_lookup"])
        assert isinstance(table, dict)  # a mapping of forms to lemmas
        for lemma, forms in DOMAIN_LEMMAS.items():
            for form in forms:
                table[form] = lemma
        _lemmas.update(table)
        _whole = True
        lemma_of.cache_clear()
    return _lemmas


def know_lemmas(part: dict[str, str]) -> None:
    """Add part of the table: words it lacks keep their lemma unknown (the word itself).

    Safe for matching only when `part` holds every entry whose form is a pattern word or whose
    lemma a pattern can use (statuti_check.judge.lemmas): any other word then fills the same terms
    with its lemma or without it.
    """
    if not _whole:
        _lemmas.update(part)
        lemma_of.cache_clear()


@lru_cache(maxsize=100_000)
def lemma_of(word: str) -> str:
    """The lemma of one word, as spaCy's lookup lemmatizer gives it, as far as matching needs.

    Matching looks lemmas up once per distinct word rather than once per token: a statute
    repeats a few thousand words tens of thousands of times.
    """
    lower = word.lower()
    return _lemmas.get(lower, lower)


def tokenize(texts: list[str]) -> list[Doc]:
    """Tokens of lower-cased texts; token offsets equal offsets in the original texts."""
    nlp = pipeline()
    return [nlp.make_doc(text.lower()) for text in texts]
