"""Lemmas for matching: the lookup table of spaCy's Italian lemmatizer, without spaCy.

No trained model can be downloaded here, so lemmas come from spacy-lookups-data's table, on
lower-cased words, corrected by a domain table where the generic table is wrong for statutes
("giunta" is not "giunto", "sindaco" is not "sindacare", "pari" is not "pario"). The table is a
gzipped JSON file, read with the standard library when a matcher is built, never by the light
commands; spaCy itself is not needed (the tokens come from statuti_check.judge.tokens).
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

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
        table = _lookup_table()
        for lemma, forms in DOMAIN_LEMMAS.items():
            for form in forms:
                table[form] = lemma
        _lemmas.update(table)
        _whole = True
        lemma_of.cache_clear()
    return _lemmas


def _lookup_table() -> dict[str, str]:
    """spacy-lookups-data's Italian lookup table, read as spaCy's `load_language_data` reads it.

    The package names the file without ".gz"; as spaCy does, the plain file is read when it
    exists, else the gzipped one (the one the wheel ships).
    """
    import spacy_lookups_data

    path = Path(str(spacy_lookups_data.it["lemma_lookup"]))
    if path.exists():
        table = json.loads(path.read_bytes())
    else:
        table = json.loads(gzip.decompress(path.with_name(path.name + ".gz").read_bytes()))
    assert isinstance(table, dict)  # a mapping of forms to lemmas
    return table


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
