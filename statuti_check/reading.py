"""How one unit of a statute reads against one rule: structured facts, then a level.

`read_unit` collects facts (the topic, the required words, the construction that governs them,
provisos, negations, limits, a quantity), each with its span and the pattern or construction
that found it; `level_of` decides from those facts alone. The Italian reason is written from the
same facts afterwards (assessment.py), so no decision ever depends on the wording of a message.

A wrong `conforme` hides a gap, so the default is turned around: a complete clause is `full` only
when the construction governing its required words is one the rule accepts (rules/
_constructions.yaml); an aim, an unknown verb or no verb at all leave it `weak`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from statuti_check.catalogue import Catalogue, Component, Rule
from statuti_check.constructions import MODAL_KINDS, Construction
from statuti_check.matching import CONSTRUCTION, EXCLUDE, GLOBAL, OTHERS, Span, Unit
from statuti_check.quantities import binding_floor

FactKind = Literal[
    "topic", "requirement", "partial", "modality", "proviso", "negation", "exception", "limit",
    "quantity", "referral", "units",
]  # fmt: skip
Level = Literal["full", "low_quantity", "weak", "partial", "negated", "anchor"]
LEVELS: tuple[Level, ...] = ("full", "low_quantity", "weak", "partial", "negated", "anchor")
NO_CONSTRUCTION = "nessuna"  # the value of a modality fact when no construction governs
EXCEPTION_REACH = 30  # characters after "fatta eccezione per" within which a body is excepted

_SENTENCE_END = re.compile(r"[.;:]\s+(?=[A-ZÀ-Ý])")


class Fact(BaseModel):
    """One thing the assessment found in a unit; the verdict is a function of these."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fact: FactKind
    value: str
    span: tuple[int, int] | None = None
    pattern: str | None = None
    text: str | None = None


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


def _distance(spans: list[Span], targets: list[Span]) -> float:
    """Characters between the closest pair of spans (0 when they overlap)."""
    return min(
        (max(0, s - e2, s2 - e) for s, e in spans for s2, e2 in targets), default=float("inf")
    )


def _sentence(text: str, span: Span) -> Span:
    """The sentence around a span ("." ";" or ":" before a capital ends one)."""
    start = 0
    for end in _SENTENCE_END.finditer(text, 0, span[0]):
        start = end.end()
    after = _SENTENCE_END.search(text, span[1])
    return start, after.start() + 1 if after else len(text)


def _inside(span: Span, bounds: Span) -> bool:
    return bounds[0] <= span[0] and span[1] <= bounds[1]


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def _fact(kind: FactKind, value: str, span: Span, pattern: str, text: str) -> Fact:
    return Fact(fact=kind, value=value, span=span, pattern=pattern, text=text[span[0] : span[1]])


def _component_facts(
    kind: FactKind, rule: Rule, components: list[Component], hits: dict[str, list[Span]], text: str
) -> list[Fact]:
    return [
        _fact(kind, c.name, span, f"{rule.id}/{c.name}", text)
        for c in components
        for span in hits.get(c.name, [])[:1]
    ]


def _construction_hits(
    catalogue: Catalogue, shared: dict[str, list[Span]], *kinds: str
) -> list[tuple[Construction, Span]]:
    return [
        (construction, span)
        for construction in catalogue.constructions.constructions
        if construction.kind in kinds
        for span in shared.get(CONSTRUCTION + construction.id, [])
    ]


def _unexcepted(
    anchors: dict[str, list[Span]], exceptions: list[Span], others: list[Span]
) -> dict[str, list[Span]]:
    """Anchor spans that no exception names and that are the authority's own bodies.

    "fatta eccezione per la Giunta" takes the Giunta out of a clause; "gli organi collegiali
    delle associazioni" and "i propri consigli di amministrazione" (of the companies) are
    someone else's bodies.
    """

    def kept(span: Span) -> bool:
        excepted = any(0 <= span[0] - end <= EXCEPTION_REACH for _, end in exceptions)
        foreign = any(start < span[1] + EXCEPTION_REACH and span[0] < end for start, end in others)
        return not excepted and not foreign

    return {
        name: spans
        for name, all_spans in anchors.items()
        if (spans := list(filter(kept, all_spans)))
    }


def _near_anchors(rule: Rule, hits: dict[str, list[Span]], titled: bool) -> dict[str, list[Span]]:
    """Hits of the other components kept only within `rule.window` characters of an anchor.

    "La Giunta è composta da sei assessori. … Il Comune promuove la parità tra donne e uomini
    nella vita sociale" mentions both, but the second sentence is not about the Giunta.
    """
    if titled or rule.window is None:
        return hits
    anchor_names = {a.name for a in rule.anchors}
    anchors = sorted({s for name in anchor_names for s in hits.get(name, [])})
    kept = {}
    for name, spans in hits.items():
        near = (
            spans
            if name in anchor_names
            else [s for s in spans if _distance([s], anchors) <= rule.window]
        )
        if near:
            kept[name] = near
    return kept


def _governing(
    text: str, core: Span, modal: list[tuple[Construction, Span]]
) -> tuple[Construction, Span] | None:
    """The construction that governs the required words in their sentence.

    Italian puts the governing verb before its object ("garantisce la presenza di entrambi i
    sessi"), so the construction that begins before the words and ends nearest them decides
    (one that opens them counts too: "composte da donne e uomini"); a composition stated after
    its subject ("ciascun sesso è rappresentato almeno per il 40%") is read when none precedes.
    A construction that begins inside the words ("genere meno rappresentato") governs nothing;
    of two ending at the same place the longer wins ("può adottare" over "adottare").
    """
    bounds = _sentence(text, core)
    candidates = [(c, span) for c, span in modal if _inside(span, bounds)]
    before = [c for c in candidates if c[1][0] <= core[0]]
    if before:
        return _wrapped(text, max(before, key=lambda c: (c[1][1], c[1][1] - c[1][0])), before)
    after = [c for c in candidates if c[1][0] >= core[1]]
    if not after:
        return None
    return _wrapped(text, min(after, key=lambda c: (c[1][0], c[1][0] - c[1][1])), candidates)


# An aim reaches the verb it introduces ("si impegna a comporre la Giunta in modo che …",
# "si adopera affinché nelle designazioni presso enti e società sia rispettato …") unless
# punctuation or a conjunction right before the verb starts another clause ("promuove la
# collegialità e garantisce …", "promuove la parità, nomina la Giunta garantendo …").
_REACH = 90
_NEW_CLAUSE = re.compile(r"[,;:()]|\b(?:e|ed|o|oppure|nonché)\s*$", re.IGNORECASE)


def _wrapped(
    text: str, chosen: tuple[Construction, Span], candidates: list[tuple[Construction, Span]]
) -> tuple[Construction, Span]:
    """An aim that governs the chosen verb governs the clause: "può adottare" is a facoltà."""
    start = chosen[1][0]
    bindings = [span for c, span in candidates if c.kind == "binding"]
    for construction, span in candidates:
        gap = text[span[1] : start]
        linked = span[1] <= start and len(gap) <= _REACH and not _NEW_CLAUSE.search(gap)
        inside_binding = any(b != span and _inside(span, b) for b in bindings)  # "non può"
        governs = construction.kind == "aim" and construction.governs_verbs
        if governs and linked and not inside_binding:
            return construction, (span[0], chosen[1][1])
    return chosen


def _cores(text: str, required: list[Span], anchors: list[Span]) -> list[Span]:
    """The mentions of the required words that make a clause: one per sentence, nearest the topic.

    "garantisce la presenza di entrambi i sessi negli organi collegiali e la promuove nella
    Giunta": within a sentence the mention nearest the topic is the Giunta's; separate
    sentences are separate clauses, each judged on its own.
    """
    by_sentence: dict[Span, list[Span]] = {}
    for span in required:
        by_sentence.setdefault(_sentence(text, span), []).append(span)
    return [
        min(spans, key=lambda s: (_distance([s], anchors), s)) for spans in by_sentence.values()
    ]


def _limits(
    rule: Rule, hits: dict[str, list[Span]], core: Span, governing: Span | None, text: str
) -> list[Fact]:
    """Limits that narrow the clause, unless one of their `unless` words widens it again.

    A limit narrows when it stands in the governed words ("favorisce l'occupazione femminile
    come condizione della parità tra uomini e donne": between the verb and the required words),
    or when it is closer to the required words than any `unless` word ("la Giunta è nominata nel
    rispetto del principio di pari opportunità"; "in ogni campo della vita sociale" widens).
    """
    governed = (governing[1], core[0]) if governing and governing[1] <= core[0] else None
    facts = []
    for limit in rule.limits:
        spans = hits.get(limit.name, [])
        widening = hits.get(f"{limit.name}.unless", [])
        inside = _within(spans, governed) if not _within(widening, governed) else []
        if inside or (spans and _distance(spans, [core]) < _distance(widening, [core])):
            span = inside[0] if inside else min(spans, key=lambda s: _distance([s], [core]))
            facts.append(_fact("limit", limit.name, span, f"{rule.id}/{limit.name}", text))
    return facts


def _within(spans: list[Span], bounds: Span | None) -> list[Span]:
    return [span for span in spans if bounds and _inside(span, bounds)]


def _in_sentence(
    text: str, found: list[tuple[Construction, Span]], core: Span, kind: FactKind
) -> list[Fact]:
    bounds = _sentence(text, core)
    return [
        _fact(kind, c.id, span, f"construction:{c.id}", text)
        for c, span in found
        if _inside(span, bounds)
    ]


def read_unit(rule: Rule, unit: Unit, catalogue: Catalogue) -> Reading | None:
    """The facts of a unit that touches the rule's topic (None when it does not)."""
    hits = dict(unit.hits.get(rule.id, {}))
    shared = unit.hits.get(GLOBAL, {})
    if EXCLUDE in hits and f"{EXCLUDE}.unless" not in hits:
        return None
    exceptions = [span for _, span in _construction_hits(catalogue, shared, "exception")]
    anchor_names = [a.name for a in rule.anchors]
    anchors = {n: hits.pop(n) for n in anchor_names if n in hits}
    hits.update(_unexcepted(anchors, exceptions, hits.get(OTHERS, [])))
    titled = unit.heading_hits.get(rule.id, {}) if rule.heading_anchors else {}
    if not all(name in hits or name in titled for name in anchor_names):
        return None
    hits = _near_anchors(rule, hits, any(name not in hits for name in anchor_names))
    text = unit.text
    facts = _component_facts("topic", rule, rule.anchors, hits, text)
    if not facts:  # the topic is in the heading ("Art. 12 - Commissioni consiliari")
        facts = [
            Fact(fact="topic", value=a.name, pattern=f"{rule.id}/{a.name}") for a in rule.anchors
        ]
    facts += _component_facts("requirement", rule, rule.requires, hits, text)
    facts += _component_facts("partial", rule, rule.partial, hits, text)
    referrals = _construction_hits(catalogue, shared, "referral")
    facts += [_fact("referral", c.id, s, f"construction:{c.id}", text) for c, s in referrals[:1]]
    if not referrals and all(c.name in hits for c in rule.requires):
        facts += _clause_facts(rule, unit, catalogue, hits)
    return Reading(unit, tuple(facts), level_of(rule, facts, catalogue))


def _clause_facts(
    rule: Rule, unit: Unit, catalogue: Catalogue, hits: dict[str, list[Span]]
) -> list[Fact]:
    """Modality, provisos, negations, limits and quantity of a clause with all required words.

    Each sentence holding the required words is read as a clause; the one that binds best
    stands for the unit (a unit may repeat a norm weakly and then state it firmly).
    """
    names = [c.name for c in rule.requires] or [a.name for a in rule.anchors]
    required = sorted({s for name in names for s in hits.get(name, [])})
    anchors = sorted({s for a in rule.anchors for s in hits.get(a.name, [])})
    clauses = [
        _clause(rule, unit, catalogue, hits, core)
        for core in _cores(unit.text, required, anchors) or [(0, 0)]
    ]
    return min(clauses, key=lambda facts: LEVELS.index(level_of(rule, facts, catalogue)))


def _clause(
    rule: Rule,
    unit: Unit,
    catalogue: Catalogue,
    hits: dict[str, list[Span]],
    core: Span,
) -> list[Fact]:
    text = unit.text
    shared = unit.hits.get(GLOBAL, {})
    modal = _construction_hits(catalogue, shared, *MODAL_KINDS)
    governing = _governing(text, core, modal)
    if governing:
        construction, span = governing
        facts = [_fact("modality", construction.id, span, f"construction:{construction.id}", text)]
    else:
        facts = [Fact(fact="modality", value=NO_CONSTRUCTION)]
    allowed = catalogue.constructions.resolve(rule.allowed_provisos)
    provisos = [
        c for c in _construction_hits(catalogue, shared, "proviso") if c[0].id not in allowed
    ]
    facts += _in_sentence(text, provisos, core, "proviso")
    facts += _in_sentence(text, _construction_hits(catalogue, shared, "negation"), core, "negation")
    facts += _limits(rule, hits, core, governing[1] if governing else None, text)
    if rule.quantity:
        near = [start for start, _ in hits.get(rule.quantity.near, [])]
        share = binding_floor(text, near=near)
        if share is not None:
            facts.append(
                Fact(fact="quantity", value=f"{share.value:.4f}", span=(share.start, share.end),
                     pattern="quantities.binding_floor", text=share.text)
            )  # fmt: skip
    return facts


def level_of(rule: Rule, facts: list[Fact], catalogue: Catalogue) -> Level:
    """The level a unit's facts reach for a rule: a function of the facts alone."""
    kinds = {fact.fact for fact in facts}
    present = {fact.value for fact in facts if fact.fact == "requirement"}
    missing = [c for c in rule.requires if c.name not in present]
    if "referral" in kinds:  # "si applica l'articolo 24": the norm is elsewhere
        return "anchor"
    if missing or "modality" not in kinds:
        partial = "partial" in kinds or (present and rule.quantity is None)
        return "partial" if partial else "anchor"
    if "negation" in kinds:
        return "negated"
    quantity = next((float(f.value) for f in facts if f.fact == "quantity"), None)
    if rule.quantity and quantity is None:  # a rule on a share needs the share
        return "partial" if "partial" in kinds else "anchor"
    if not _binds(rule, facts, catalogue) or kinds & {"proviso", "limit"}:
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
