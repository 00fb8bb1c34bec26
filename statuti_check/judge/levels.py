"""What level a unit's facts reach for a rule: `Reading`, `LEVELS`, `level_of`.

The level is a function of the facts alone, never of the words they were found in, so the reading
(facts.py and the modules it calls) and the decision can be checked apart. It sits below both
facts.py and escapes.py: facts.py keeps the clause that reaches the best level, and escapes.py
decides a reading's level again once another comma takes its norm back (`with_escapes`). The
levels and their order: docs/verdict-model.md#levels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from statuti_check.contract import Fact, FactKind
from statuti_check.judge.catalogue import Catalogue, Rule
from statuti_check.judge.constructions import NO_CONSTRUCTION
from statuti_check.judge.matching import Span, Unit

Level = Literal["full", "low_quantity", "weak", "partial", "negated", "anchor"]
LEVELS: tuple[Level, ...] = ("full", "low_quantity", "weak", "partial", "negated", "anchor")


@dataclass(frozen=True)
class Reading:
    """The facts of one unit for one rule, and the level they decide."""

    unit: Unit
    facts: tuple[Fact, ...]
    level: Level

    @property
    def spans(self) -> list[Span]:
        """The words to mark in the quote: every fact with a span."""
        return sorted({fact.span for fact in self.facts if fact.span})

    def of(self, kind: FactKind) -> list[Fact]:
        """The facts of one kind."""
        return [fact for fact in self.facts if fact.fact == kind]


def level_of(rule: Rule, facts: list[Fact], catalogue: Catalogue) -> Level:
    """The level a unit's facts reach for a rule: a function of the facts alone."""
    kinds = {fact.fact for fact in facts}
    present = {fact.value for fact in facts if fact.fact == "requirement"}
    missing = [c for c in rule.requires if c.name not in present]
    if kinds & {"referral", "subject"}:  # the norm is elsewhere, or another body's task
        return "anchor"
    if missing or "modality" not in kinds:
        partial = "partial" in kinds or (present and rule.quantity is None)
        return "partial" if partial else "anchor"
    if "negation" in kinds:
        return "negated"
    quantity = next((float(f.value) for f in facts if f.fact == "quantity"), None)
    if rule.quantity and quantity is None:  # a rule on a share needs the share
        return "partial" if "partial" in kinds else "anchor"
    weakening = {"proviso", "limit", "escape", "exception", "object"}
    if not _binds(rule, facts, catalogue) or kinds & weakening:
        return "weak"
    if rule.quantity and quantity is not None and quantity < rule.quantity.minimum:
        return "low_quantity"
    return "full"


def _binds(rule: Rule, facts: list[Fact], catalogue: Catalogue) -> bool:
    """Whether the governing construction is one the rule accepts (or none is needed)."""
    modality = next(fact.value for fact in facts if fact.fact == "modality")
    if modality == NO_CONSTRUCTION:
        return not rule.needs_construction
    return modality in catalogue.accepted(rule)
