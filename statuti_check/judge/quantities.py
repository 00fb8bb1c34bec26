"""Shares in Italian legal prose, as the floor each sex is guaranteed.

"40%", "quaranta per cento", "due quinti", "un terzo", "1/3", "metà"; "non superiore al 60 per
cento" (a ceiling for one sex is a floor of 40% for the other); "almeno due assessori" (a count,
turned into a share when the size of the body is stated).

The rule engine compares the floor found here with the legal minimum, so "un terzo" in a
Giunta clause reads as 0.333 < 0.40 and gives `parziale`, never `conforme`.

Which share counts for a rule: docs/verdict-model.md#reading-a-unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

_UNITS = {
    "uno": 1, "un": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6,
    "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "undici": 11, "dodici": 12, "tredici": 13,
    "quattordici": 14, "quindici": 15, "sedici": 16,
}  # fmt: skip
_TENS = {"venti": 20, "trenta": 30, "quaranta": 40, "cinquanta": 50, "sessanta": 60, "settanta": 70}
_DENOMINATORS = {
    "mezzo": 2, "terzo": 3, "terzi": 3, "quarto": 4, "quarti": 4, "quinto": 5, "quinti": 5,
    "sesto": 6, "sesti": 6, "settimo": 7, "settimi": 7, "ottavo": 8, "ottavi": 8, "nono": 9,
    "noni": 9, "decimo": 10, "decimi": 10,
}  # fmt: skip
_NUMBER_WORD = "|".join(
    sorted([*(t + u for t in _TENS for u in ("", "uno", "due", "tre", "quattro", "cinque")),
            *(t[:-1] + u for t in _TENS for u in ("uno", "otto")), *_UNITS], key=len, reverse=True)
)  # fmt: skip
_NUMBER = rf"(?:\d{{1,3}}(?:[.,]\d+)?|{_NUMBER_WORD})"
SHARE_START = re.compile(rf"{_NUMBER}\b", re.IGNORECASE)  # a number or a fraction's first word
_CEILING = r"(?:super(?:iore|are|a|i|ino)|oltre|più|ecced(?:ere|a|ano|e)|massim[oa])"
_PERCENT = re.compile(
    rf"(?P<ceiling>{_CEILING}\W+(?:\w+\W+){{0,3}}?)?(?P<num>{_NUMBER})\s*(?:%|per\s*cento|percento)"
)
_FRACTION = re.compile(
    rf"(?P<ceiling>{_CEILING}\W+(?:\w+\W+){{0,3}}?)?"
    # "due quinti", "2 quinti", "2/5", "metà"
    rf"(?:(?P<n>{_NUMBER_WORD}|\b\d)\s+(?P<d>{'|'.join(_DENOMINATORS)})\b"
    r"|(?P<nd>\d)\s*/\s*(?P<dd>\d{1,2})\b|(?P<half>\bmetà\b)"
    # a count out of a stated whole: "tre componenti su cinque", "due su cinque"
    rf"|\b(?P<rn>{_NUMBER})\s+(?:[a-zà-ù]+\s+)?su\s+(?P<rd>{_NUMBER})\b)"
)
# Parity stated in words: "un egual numero di donne e di uomini", "un numero eguale di assessori
# di ciascun sesso", "rappresentanza paritaria". An equal number is parity only when the sexes
# follow ("in numero uguale al massimo consentito", "di voti", "di esperti interni ed esterni"
# are not); "un numero pari" is an even number.
_PARITY = re.compile(
    r"\b(?:(?:egual|ugual|pari|stesso|medesimo)\s+numero|numero\s+(?:eguale|uguale))\b"
    r"(?=[^.;:]{0,40}?\b(?:donn[ae]|uom[oi]|uomini|sess[oi]|gener[ei]|femminil|maschil))"
    r"|\b(?:rappresentanza\s+paritaria|composizione\s+paritaria|parità\s+numerica"
    r"|in\s+modo\s+paritario)\b"
    # … or said of the composition: "la composizione della Giunta è (tendenzialmente) paritaria"
    r"|\bcomposizione\b[^.;:]{0,40}?\b(?:è|sia|risulta)\s+(?:[a-zà-ù]+\s+)?paritaria\b"
    # or after them: "composta da donne e uomini in pari numero"
    r"|\b(?:donn[ae]|uomini|sessi|generi)\b[^.;:,]{0,20}?"
    r"\bin\s+(?:(?:pari|egual|ugual)\s+numero|numero\s+(?:pari|eguale|uguale))\b"
    r"(?!\s+(?:a|al|alla|allo|ai|agli|alle|all')\b|\s+per\s+ciascun)"  # not "pari a quello …"
)
_COUNT = re.compile(rf"\b(?:almeno|non meno di|minimo)\s+(?P<num>{_NUMBER})\s+(?P<what>\w+)")
_SIZE = re.compile(
    rf"\bda\s+(?:un\s+numero\s+(?:massimo\s+)?(?:di\s+)?)?(?:n\.\s*)?(?P<num>{_NUMBER})\s+"
    r"(?P<who>assessor|membri|componenti)"
)


@dataclass(frozen=True)
class Share:
    """A floor for each sex found in a text, with where it was found and how it was worded."""

    value: float
    text: str
    start: int
    end: int
    kind: Literal["share", "ceiling", "count"]


def number_value(word: str) -> float | None:
    """A number written in figures or words: "40", "40,5", "quaranta", "trentatré"."""
    word = word.lower().strip()
    if re.fullmatch(r"\d+(?:[.,]\d+)?", word):
        return float(word.replace(",", "."))
    if word in _UNITS:
        return float(_UNITS[word])
    for tens, value in _TENS.items():
        stem = tens[:-1]
        if word.startswith(tens):
            rest = word[len(tens) :]
        elif word.startswith(stem) and word[len(stem) :] in ("uno", "otto"):
            rest = word[len(stem) :]
        else:
            continue
        return float(value + (_UNITS.get(rest.replace("tré", "tre"), 0) if rest else 0))
    return None


def _floor(value: float, ceiling: bool) -> float:
    return round(1 - value if ceiling else value, 4)


def _percent_shares(text: str) -> list[Share]:
    shares = []
    for match in _PERCENT.finditer(text):
        value = number_value(match["num"])
        if value is not None and 0 < value <= 100:
            ceiling = bool(match["ceiling"])
            shares.append(
                Share(
                    _floor(value / 100, ceiling),
                    match.group(0),
                    match.start(),
                    match.end(),
                    "ceiling" if ceiling else "share",
                )
            )
    return shares


def _fraction_shares(text: str) -> list[Share]:
    shares = []
    for match in _FRACTION.finditer(text):
        if match["half"]:
            value = 0.5
        elif match["nd"]:
            value = int(match["nd"]) / max(int(match["dd"]), 1)
        elif match["rn"]:
            value = (number_value(match["rn"]) or 0) / (number_value(match["rd"]) or 1)
        else:
            numerator = number_value(match["n"]) or 0
            value = numerator / _DENOMINATORS[match["d"]]
        if 0 < value <= 1:
            ceiling = bool(match["ceiling"])
            shares.append(
                Share(
                    _floor(value, ceiling),
                    match.group(0),
                    match.start(),
                    match.end(),
                    "ceiling" if ceiling else "share",
                )
            )
    return shares


def body_size(text: str) -> int | None:
    """Members of a body: "dal Sindaco e da sei assessori" (plus the mayor), "da tre membri"."""
    match = _SIZE.search(text)
    value = number_value(match["num"]) if match else None
    if not match or not value:
        return None
    return int(value) + (1 if match["who"] == "assessor" else 0)


def _count_shares(text: str) -> list[Share]:
    size = body_size(text)
    shares = []
    for match in _COUNT.finditer(text):
        count = number_value(match["num"])
        if match["what"] in _DENOMINATORS:
            continue  # "almeno due quinti": a fraction's numerator (see _fraction_shares)
        if count and size and count < size:
            shares.append(
                Share(round(count / size, 4), match.group(0), match.start(), match.end(), "count")
            )
    return shares


def _parity_shares(text: str) -> list[Share]:
    return [Share(0.5, m.group(0), m.start(), m.end(), "share") for m in _PARITY.finditer(text)]


def find_shares(text: str) -> list[Share]:
    """Every floor stated in `text` (lower-cased or not), in order of appearance."""
    lowered = text.lower().replace("tré", "tre")  # same length: offsets stay valid
    shares = (
        _percent_shares(lowered)
        + _fraction_shares(lowered)
        + _count_shares(lowered)
        + _parity_shares(lowered)
    )
    return sorted(shares, key=lambda share: share.start)


def reaches(share: Share, position: int, reach: int) -> bool:
    """Whether a word at `position` stands within `reach` characters of the share."""
    return share.start - reach <= position <= share.end + reach


def binding_floor(
    text: str,
    near: list[int] | None = None,
    reach: int = 150,
    keep: Callable[[Share], bool] = lambda share: True,
) -> Share | None:
    """The floor a statute actually guarantees: the lowest one it states.

    "rappresentanza paritaria e comunque non inferiore a un terzo" binds at one third, not at
    parity, so the smallest share wins. With `near` (offsets of words about sex or gender), only
    shares within `reach` characters count: "assessori non superiori a un terzo dei consiglieri"
    is about the size of the Giunta, not about women and men. `keep` lets the caller drop shares
    that belong to another body.
    """
    shares = [
        share
        for share in find_shares(text)
        if (near is None or any(reaches(share, p, reach) for p in near)) and keep(share)
    ]
    return min(shares, key=lambda share: share.value) if shares else None
