"""Small pieces every step of reading a unit shares: spans, phrases, facts, construction hits.

The reading is cut by question (topic.py, whose.py, limits.py, shares.py, escapes.py, facts.py);
what more than one of them needs lives here once: the distance between spans, whether two spans
stand in one phrase, a fact at a span, a unit's constructions of some kinds, the closed word lists
(`WORDS`, vocabulary.yaml) and the few grammar patterns several steps read (parentheses, asides
between commas, the openings of a relative clause, a participle).
"""

from __future__ import annotations

import re

from statuti_check.contract import Fact, FactKind
from statuti_check.judge.catalogue import Catalogue
from statuti_check.judge.matching import CONSTRUCTION, Span
from statuti_check.judge.sentences import Found
from statuti_check.judge.vocabulary import vocabulary

WORDS = vocabulary()
PARENTHESIS = re.compile(r"\([^()]{1,400}\)")
ASIDE_WORDS = r"[^,;:.()]{1,80}"  # the words of an aside between two commas (one width for all)
PARTICIPLE = re.compile(r"[a-zà-ù]+(?:at|it|ut)[oaie]\b", re.IGNORECASE)
# The authority and its organs by name, with their capitals ("il Comune", "il Sindaco"; not "il
# bene comune"): a clause's own subject, or the authority named beside another's body.
AUTHORITY = re.compile(rf"\b{WORDS.authorities.pattern}\b")


def distance(spans: list[Span], targets: list[Span]) -> float:
    """Characters between the closest pair of spans (0 when they overlap)."""
    return min(
        (max(0, s - e2, s2 - e) for s, e in spans for s2, e2 in targets), default=float("inf")
    )


def one_phrase(text: str, first: Span, second: Span) -> bool:
    """Whether no comma or stronger stop stands between two spans."""
    start, end = sorted([first, second])
    return not re.search(r"[,;:.()]", text[start[1] : end[0]])


def fact(kind: FactKind, value: str, span: Span, pattern: str, text: str) -> Fact:
    """A fact with the words it was found in."""
    return Fact(fact=kind, value=value, span=span, pattern=pattern, text=text[span[0] : span[1]])


def construction_hits(
    catalogue: Catalogue, shared: dict[str, list[Span]], *kinds: str
) -> list[Found]:
    """Every construction of these kinds found in a unit, with its span."""
    return [
        (construction, span)
        for construction in catalogue.constructions.constructions
        if construction.kind in kinds
        for span in shared.get(CONSTRUCTION + construction.id, [])
    ]
