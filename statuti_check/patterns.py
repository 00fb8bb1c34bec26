r"""The pattern syntax of rule files, compiled to spaCy `Matcher` token patterns over lemmas.

A pattern is a sequence of terms separated by spaces; each term matches one token:

| term | matches |
|---|---|
| `giunta` | a token with the same lemma ("giunta", "giunte") |
| `sess*` | a token whose text or lemma starts with "sess" |
| `donna\\|donne\\|femminil*` | any of the alternatives |
| `?pari` | an optional token |
| `~3` | a gap of 0 to 3 tokens of any kind (at most 6: a longer gap is not a clause) |

Example: `presenza ~3 entrambi sesso` matches "presenza di entrambi i sessi" and
"presenza in Giunta di ambo i sessi". Words are lemmatised by the same pipeline as statute text,
so a pattern may use any inflected form.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

MAX_GAP = 6
MAX_TERMS = 12
MAX_ALTERNATIVES = 40

TokenPattern = list[dict[str, Any]]


class PatternError(ValueError):
    """A pattern that is malformed or could make matching blow up."""


def _alternatives(term: str) -> TokenPattern:
    from statuti_check.nlp import NORM_SEPARATOR, lemma_of

    optional = term.startswith("?")
    words = term.lstrip("?").split("|")
    if not all(words) or len(words) > MAX_ALTERNATIVES:
        raise PatternError(f"bad alternatives in term {term!r}")
    if not all(re.fullmatch(r"[\w'àèéìíòóùú-]+\*?", w) for w in words):
        raise PatternError(f"term {term!r} may hold only letters, apostrophes, '|', '*' and '?'")
    exact = sorted(
        {lemma_of(w) for w in words if not w.endswith("*")}
        | {w.lower() for w in words if not w.endswith("*")}
    )
    stems = [w[:-1].lower() for w in words if w.endswith("*")]
    if not stems:
        token: dict[str, Any] = {"LEMMA": {"IN": exact}}
    else:  # NORM holds "lemma|lower": a prefix may match either, a word either exactly
        sep = re.escape(NORM_SEPARATOR)
        choices = [f"(?:{'|'.join(map(re.escape, stems))})"]
        if exact:
            choices.append(f"(?:{'|'.join(map(re.escape, exact))})(?:$|{sep})")
        token = {"NORM": {"REGEX": f"(?:^|{sep})(?:{'|'.join(choices)})"}}
    if optional:
        token["OP"] = "?"
    return [token]


@cache
def compile_pattern(pattern: str) -> tuple[dict[str, Any], ...]:
    """Token patterns for spaCy's Matcher; raises PatternError on a bad or dangerous pattern."""
    terms = pattern.split()
    if not terms:
        raise PatternError("empty pattern")
    if len(terms) > MAX_TERMS:
        raise PatternError(f"more than {MAX_TERMS} terms")
    if terms[0].startswith(("~", "?")) or terms[-1].startswith(("~", "?")):
        raise PatternError("a pattern must start and end with a required word")
    tokens: TokenPattern = []
    for term in terms:
        if term.startswith("~"):
            if not term[1:].isdigit() or not 0 < int(term[1:]) <= MAX_GAP:
                raise PatternError(f"gap {term!r}: write ~1 to ~{MAX_GAP}")
            tokens.append({"OP": f"{{0,{int(term[1:])}}}"})
        else:
            tokens.extend(_alternatives(term))
    return tuple(tokens)
