r"""The pattern syntax of rule files and its compiled form.

A pattern is a sequence of terms separated by spaces; each term matches one token:

| term | matches |
|---|---|
| `giunta` | a token with the same lemma ("giunta", "giunte") or the same text |
| `=sindaca` | exactly this form, not lemmatised ("sindaca" but not "sindaco") |
| `sess*` | a token whose text or lemma starts with "sess" (at least 3 letters) |
| `donna\|donne\|femminil*` | any of the alternatives |
| `?pari` | an optional token |
| `~3` | a gap of 0 to 3 tokens of any kind (at most 6: a longer gap is not a clause) |
| `=/` | the slash of a doublet ("il/la", "cittadini/e"), a token of its own |

Example: `presenza ~3 entrambi sesso` matches "presenza di entrambi i sessi" and
"presenza in Giunta di ambo i sessi". Words are lemmatised by the same pipeline as statute text
(`nlp.py`), so a pattern may use any inflected form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

MAX_GAP = 6
MAX_TERMS = 12
MAX_ALTERNATIVES = 40
MIN_STEM = 3
_WORD = re.compile(r"[\w'àèéìíòóùú-]+\*?|/")  # "/" alone: the slash of "il/la", "cittadini/e"


class PatternError(ValueError):
    """A pattern that is malformed or could make matching blow up."""


class Term(NamedTuple):
    """One token position: words (by lemma or form), exact forms, and stems it accepts.

    A tuple, because matching hashes terms millions of times a statute (the sets of terms each
    token fills): a tuple's hash is computed in C.
    """

    words: frozenset[str]
    stems: tuple[str, ...]
    forms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Step:
    """A term, how many tokens may be skipped before it, and whether it may be absent."""

    term: Term
    gap: int = 0
    optional: bool = False


@dataclass(frozen=True)
class _Written:
    """A term as the rule file writes it, checked but not lemmatised (no lemma table needed)."""

    exact: frozenset[str]
    stems: tuple[str, ...]
    forms: frozenset[str]


def _written(text: str) -> _Written:
    words = text.split("|")
    if not all(words) or len(words) > MAX_ALTERNATIVES:
        raise PatternError(f"bad alternatives in term {text!r}")
    forms = frozenset(w[1:].lower() for w in words if w.startswith("="))
    words = [w for w in words if not w.startswith("=")]
    if not all(_WORD.fullmatch(w) for w in words) or not all(map(_WORD.fullmatch, forms)):
        raise PatternError(
            f"term {text!r} may hold only letters, apostrophes, '|', '*', '=' and '?'"
        )
    stems = tuple(sorted({w[:-1].lower() for w in words if w.endswith("*")}))
    if any(len(stem) < MIN_STEM for stem in stems):
        raise PatternError(f"term {text!r}: a prefix needs at least {MIN_STEM} letters")
    return _Written(frozenset(w.lower() for w in words if not w.endswith("*")), stems, forms)


@cache
def parse_pattern(pattern: str) -> tuple[tuple[_Written, int, bool], ...]:
    """(term, gap before it, optional) of each term; PatternError on a malformed or risky one.

    Checking a rule file needs only this: lemmas, and with them the lemma table, wait for the
    matcher (`compile_pattern`), so `rules list` or a bulk run's parent never load them.
    """
    tokens = pattern.split()
    if not tokens:
        raise PatternError("empty pattern")
    if len(tokens) > MAX_TERMS:
        raise PatternError(f"more than {MAX_TERMS} terms")
    if tokens[0].startswith(("~", "?")) or tokens[-1].startswith(("~", "?")):
        raise PatternError("a pattern must start and end with a required word")
    terms: list[tuple[_Written, int, bool]] = []
    gap = 0
    for token in tokens:
        if token.startswith("~"):
            if not token[1:].isdigit() or not 0 < int(token[1:]) <= MAX_GAP or gap:
                raise PatternError(f"gap {token!r}: write one ~1 to ~{MAX_GAP} between words")
            gap = int(token[1:])
            continue
        terms.append((_written(token.lstrip("?")), gap, token.startswith("?")))
        gap = 0
    return tuple(terms)


@cache
def compile_pattern(pattern: str) -> tuple[Step, ...]:
    """Steps of a pattern, each word also standing for its lemma; raises PatternError."""
    from statuti_check.judge.nlp import lemma_of

    return tuple(
        Step(Term(term.exact | {lemma_of(w) for w in term.exact}, term.stems, term.forms), gap, opt)
        for term, gap, opt in parse_pattern(pattern)
    )


def checked_patterns(patterns: list[str]) -> list[str]:
    """The patterns unchanged; ValueError naming the first malformed or dangerous one.

    Used by every model that holds patterns (rule components, constructions), so a rule file's
    error says which pattern is wrong.
    """
    for pattern in patterns:
        try:
            parse_pattern(pattern)
        except PatternError as exc:
            raise ValueError(f"pattern {pattern!r}: {exc}") from exc
    return patterns


def match_at(
    steps: tuple[Step, ...],
    fills: list[frozenset[Term]],
    start: int,
    barriers: frozenset[int] = frozenset(),
) -> int | None:
    """End (exclusive token index) of the shortest match of `steps` starting at `start`.

    A gap never skips a token in `barriers` (punctuation that ends a phrase: "; . : ( )").
    """
    if steps[0].term not in fills[start]:
        return None
    positions = {start + 1}
    for step in steps[1:]:
        reached: set[int] = set()
        for position in positions:
            if step.optional:
                reached.add(position)
            for index in range(position, min(position + step.gap + 1, len(fills))):
                if index > position and index - 1 in barriers:
                    break
                if step.term in fills[index]:
                    reached.add(index + 1)
        if not reached:
            return None
        positions = reached
    return min(positions)
