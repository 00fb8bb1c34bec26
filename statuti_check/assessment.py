"""From matched units to one finding per rule: verdict, Italian reason, evidence, values, proposal.

The order of doubt follows design.md §3: a restricted clause is `parziale`, a negated one or an
unreadable text is `da_verificare`, and `conforme` needs every component in one unit with no
hedge and any quantity at or above the legal minimum. A wrong `conforme` hides a gap, so every
uncertainty moves away from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from statuti_check.authority import Authority
from statuti_check.catalogue import Component, Rule, Verdict
from statuti_check.matching import EXCLUDE, GLOBAL, Span, Unit
from statuti_check.numbers import italian_list, thousands
from statuti_check.quantities import Share, binding_floor

Level = Literal["full", "weak", "low_quantity", "partial", "anchor"]
_SCORES: dict[Level, float] = {
    "full": 1.0,
    "weak": 0.7,
    "low_quantity": 0.7,
    "partial": 0.5,
    "anchor": 0.2,
}
MAX_EVIDENCE = 3
QUOTE_CHARS = 600
TYPE_NAMES = {
    "comune": "i comuni",
    "provincia": "le province",
    "citta_metropolitana": "le città metropolitane",
    "unione": "le unioni di comuni",
}


class Evidence(BaseModel):
    """Where the statute says it: article, heading, comma, page, quote and matched words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    article: str | None
    heading: str | None
    comma: str | None
    letter: str | None = None
    page: int | None
    quote: str
    highlights: list[tuple[int, int]]
    score: float


class Review(BaseModel):
    """A person's check of a machine verdict: it sits next to the verdict, never replaces it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    verdict: Verdict
    original_verdict: Verdict
    note: str
    author: str
    created: str


class Finding(BaseModel):
    """The verdict of one rule on one statute, with the reasons a councillor can check."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    title: str
    kind: str
    severity: str
    verdict: Verdict
    reason: str
    legal_basis: list[str]
    legal_links: list[str | None]
    values: dict[str, float | str]
    evidence: list[Evidence]
    proposal: str | None
    trace: list[str]
    review: Review | None = None
    explanation: str = ""  # what the rule asks and why, in plain Italian (from the catalogue)


@dataclass(frozen=True)
class _Reading:
    """How one unit reads against a rule."""

    unit: Unit
    level: Level
    missing: list[Component]
    notes: list[str]
    share: Share | None
    spans: list[Span]


def _spans(hits: dict[str, list[Span]], names: list[str]) -> list[Span]:
    return sorted({span for name in names for span in hits.get(name, [])})


def _distance(spans: list[Span], targets: list[Span]) -> float:
    """Characters between the closest pair of spans (0 when they overlap)."""
    return min(
        (max(0, s - e2, s2 - e) for s, e in spans for s2, e2 in targets), default=float("inf")
    )


def _weakened(rule: Rule, hits: dict[str, list[Span]]) -> list[str]:
    """Weakeners closer to the required words than any of their `unless` words.

    In "assicura la parità … e promuove la presenza di ambo i sessi nella Giunta" the verb
    governing the presence is "promuove": the nearer verb decides, not the first one.
    """
    targets = _spans(hits, [c.name for c in rule.requires or rule.anchors])
    notes = []
    for weakener in rule.weakeners:
        if weakener.name in hits:
            weak = _distance(hits[weakener.name], targets)
            strong = _distance(hits.get(f"{weakener.name}.unless", []), targets)
            if weak < strong:
                notes.append(weakener.label)
    return notes


def _near_anchors(rule: Rule, hits: dict[str, list[Span]], titled: bool) -> dict[str, list[Span]]:
    """Hits of the other components kept only within `rule.window` characters of an anchor.

    "La Giunta è composta da sei assessori. … Il Comune promuove la parità tra donne e uomini
    nella vita sociale" mentions both, but the second sentence is not about the Giunta.
    """
    window = rule.window
    if titled or window is None:
        return hits
    anchors = _spans(hits, [a.name for a in rule.anchors])
    anchor_names = {a.name for a in rule.anchors}
    kept = {}
    for name, spans in hits.items():
        near = (
            spans
            if name in anchor_names
            else [s for s in spans if _distance([s], anchors) <= window]
        )
        if near:
            kept[name] = near
    return kept


_SENTENCE_END = re.compile(r"[.;:]\s+(?=[A-ZÀ-Ý])")


def _in_sentence_of(text: str, spans: list[Span], targets: list[Span]) -> list[Span]:
    """The spans that share a sentence with a target.

    "Le elezioni avvengono, di norma, …" does not weaken "I consiglieri aggiunti sono eletti"
    in the sentence before.
    """
    return [
        span
        for span in spans
        if any(
            not _SENTENCE_END.search(text, min(span[1], t[1]), max(span[0], t[0])) for t in targets
        )
    ]


def _read(rule: Rule, unit: Unit) -> _Reading | None:
    hits = unit.hits.get(rule.id, {})
    titled = unit.heading_hits.get(rule.id, {}) if rule.heading_anchors else {}
    if EXCLUDE in hits or not all(a.name in hits or a.name in titled for a in rule.anchors):
        return None
    from_heading = any(a.name not in hits for a in rule.anchors)
    hits = _near_anchors(rule, hits, from_heading)
    names = [c.name for c in rule.all_components() if c.name in hits]
    spans = _spans(hits, names)
    missing = [c for c in rule.requires if c.name not in hits]
    present = [c for c in rule.requires if c.name in hits]
    shared = unit.hits.get(GLOBAL, {})
    share = None
    if rule.quantity and not missing:
        near = [start for start, _ in hits.get(rule.quantity.near, [])]
        share = binding_floor(unit.text, near=near)
    if "referral" in shared:  # "si applica l'articolo 24": the norm is elsewhere
        return _Reading(unit, "anchor", missing, [], None, spans)
    if not missing and (rule.quantity is None or share is not None):
        notes = _weakened(rule, hits)
        core = _spans(hits, [c.name for c in rule.requires or rule.anchors])
        hedges = _in_sentence_of(unit.text, shared.get("hedge", []), core)
        if hedges:
            notes.append("la formulazione è attenuata («ove possibile», «di norma» o simili)")
            spans = sorted(set(spans) | set(hedges))
        negations = _in_sentence_of(unit.text, shared.get("negation", []), core)
        if negations:
            notes.append("la norma contiene una negazione da verificare")
            spans = sorted(set(spans) | set(negations))
        if share is not None:
            spans = sorted(set(spans) | {(share.start, share.end)})
        if share is not None and rule.quantity and share.value < rule.quantity.minimum:
            return _Reading(unit, "low_quantity", [], notes, share, spans)
        return _Reading(unit, "weak" if notes else "full", [], notes, share, spans)
    partial = [c.label for c in rule.partial if c.name in hits]
    if (present and rule.quantity is None) or partial:
        return _Reading(unit, "partial", missing, partial, None, spans)
    return _Reading(unit, "anchor", missing, [], None, spans)


def _in_heading(reading: _Reading) -> bool:
    """Whether a matched word is also in the article's heading ("Art. 24 - La Giunta").

    Among equal readings the article about the topic is the better evidence, and for a missing
    norm the better place to propose the amendment.
    """
    article = reading.unit.article
    heading = (article.heading or "").lower() if article else ""
    return bool(heading) and any(
        reading.unit.text[start:end].lower() in heading for start, end in reading.spans
    )


def _evidence(reading: _Reading) -> Evidence:
    unit = reading.unit
    quote, highlights = unit.text, reading.spans
    if len(quote) > QUOTE_CHARS:  # keep the matched words in view
        first = highlights[0][0] if highlights else 0
        begin = max(0, min(first - 100, len(quote) - QUOTE_CHARS))
        quote = ("…" if begin else "") + quote[begin : begin + QUOTE_CHARS] + "…"
        shift = begin - (1 if begin else 0)
        highlights = [
            (s - shift, e - shift) for s, e in highlights if begin <= s and e <= begin + QUOTE_CHARS
        ]
    article = unit.article
    return Evidence(
        article=article.number if article else None,
        heading=article.heading if article else None,
        comma=unit.comma.number if unit.comma else None,
        letter=unit.letter,
        page=unit.page,
        quote=quote,
        highlights=highlights,
        score=_SCORES[reading.level],
    )


def _where(reading: _Reading) -> str:
    """Where a unit is, in Italian: "all'art. 24, comma 2", or "nel testo esaminato"."""
    unit = reading.unit
    if unit.article is None:
        return "nel testo esaminato"
    where = f"all'art. {unit.article.number}"
    if unit.comma and unit.comma.number:
        where += f", comma {unit.comma.number}"
    if unit.letter:
        where += f", lettera {unit.letter})"
    return where


def _percent(value: float) -> str:
    return f"{value * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def _labels(components: list[Component]) -> str:
    labels = [c.label for c in components]
    return ", ".join(labels[:-1]) + " e " + labels[-1] if len(labels) > 1 else labels[0]


def applicability(
    rule: Rule, authority: Authority, on: date | None = None
) -> tuple[bool | None, str]:
    """Whether the rule binds this authority on a date (None: unknown), and the Italian reason."""
    in_force = rule.applies_to.in_force_from
    if on is not None and in_force is not None and on < in_force:
        return False, f"Alla data di riferimento ({on:%d/%m/%Y}) la norma non era ancora in vigore."
    types = rule.applies_to.types
    if authority.type is None and len(types) < 4:
        return (
            None,
            "Il tipo di ente non è stato riconosciuto: la norma riguarda solo "
            + ", ".join(TYPE_NAMES[t] for t in types)
            + ".",
        )
    if authority.type is not None and authority.type not in types:
        return False, f"La norma riguarda solo {', '.join(TYPE_NAMES[t] for t in types)}."
    floor = rule.applies_to.min_population
    if floor is not None:
        floor_text = thousands(floor)
        if authority.population is None:
            return (
                None,
                f"Popolazione non nota: la norma si applica ai comuni con più di {floor_text} "
                "abitanti.",
            )
        if authority.population <= floor:
            count = thousands(authority.population)
            return False, (
                f"La norma si applica ai comuni con più di {floor_text} abitanti; "
                f"l'ente ne conta {count} ({authority.population_source})."
            )
    return True, ""


def assess(
    rule: Rule,
    comma_units: list[Unit],
    article_units: list[Unit],
    authority: Authority,
    readable: bool = True,
    on: date | None = None,
    unread: tuple[int, ...] = (),
) -> Finding:
    """The finding of one rule on a statute's units, as of `on` (default: today).

    `unread` lists pages without text that nobody read (scans without OCR): a norm not found
    may be on them, so "assente" becomes "da_verificare".
    """
    applies, why_not = applicability(rule, authority, on or date.today())
    units = article_units if rule.unit == "articolo" else comma_units
    readings = [reading for unit in units if (reading := _read(rule, unit))]
    order: list[Level] = ["full", "low_quantity", "weak", "partial", "anchor"]
    readings.sort(key=lambda r: (order.index(r.level), not _in_heading(r), -len(r.spans)))
    best = readings[0] if readings else None
    trace = [f"{len(readings)} unità pertinenti"] + [
        f"{_where(r)}: {r.level}" for r in readings[:5]
    ]

    def finding(
        verdict: Verdict, reason: str, values: dict[str, float | str] | None = None
    ) -> Finding:
        shown = [r for r in readings if best and r.level == best.level][:MAX_EVIDENCE]
        return Finding(
            rule_id=rule.id, title=rule.title, kind=rule.kind, severity=rule.severity,
            verdict=verdict, reason=reason,
            legal_basis=[basis.citation for basis in rule.legal_basis],
            legal_links=[basis.url for basis in rule.legal_basis],
            values=values or {}, evidence=[_evidence(r) for r in shown],
            explanation=rule.explanation,
            proposal=(
                rule.proposal_for(authority.type)
                if verdict in ("parziale", "assente", "da_verificare")
                else None
            ),
            trace=trace,
        )  # fmt: skip

    if applies is False:
        return finding("non_applicabile", why_not)
    if not readable:
        return finding(
            "da_verificare",
            "Il testo dello statuto non è leggibile (pagine scansionate senza testo o testo "
            "danneggiato): la norma non può essere cercata. È necessaria una verifica manuale "
            "o una nuova lettura con il riconoscimento ottico dei caratteri (OCR).",
        )
    values: dict[str, float | str] = {}
    if best and best.share is not None:
        values["quota"] = round(best.share.value, 3)
    if best and best.level == "full":
        share = f" (quota minima indicata: {_percent(best.share.value)})" if best.share else ""
        return finding("conforme", f"Norma presente {_where(best)}{share}.", values)
    if best and any("negazione" in note for note in best.notes):
        return finding(
            "da_verificare",
            f"La norma individuata {_where(best)} contiene una negazione: occorre verificarne il "
            "significato.",
            values,
        )
    if best and best.level == "low_quantity" and rule.quantity and best.share:
        return finding(
            "parziale",
            f"Lo statuto, {_where(best)}, indica una quota minima ({best.share.text}: "
            f"{_percent(best.share.value)}) inferiore al {_percent(rule.quantity.minimum)} "
            f"previsto {rule.quantity.basis}.",
            values,
        )
    if best and best.level == "weak":
        return finding(
            "parziale", f"La norma è presente {_where(best)}, ma {'; '.join(best.notes)}.", values
        )
    if applies is None:
        return finding("da_verificare", why_not + " Lo statuto non contiene una norma conforme.")
    if best and best.level == "partial":
        missing = f"; elementi mancanti: {_labels(best.missing)}" if best.missing else ""
        notes = f" ({'; '.join(best.notes)})" if best.notes else ""
        return finding("parziale", f"Norma incompleta {_where(best)}{notes}{missing}.", values)
    anchor = (
        f" L'argomento è trattato {_where(best)}, dove la nuova norma può essere inserita."
        if best and best.unit.article
        else ""
    )
    if unread:
        pages = italian_list([str(page) for page in unread[:10]]) + (
            " …" if len(unread) > 10 else ""
        )
        unread_pages = (
            f"la pagina {pages} è un'immagine senza testo e non è stata letta"
            if len(unread) == 1
            else f"le pagine {pages} sono immagini senza testo e non sono state lette"
        )
        return finding(
            "da_verificare",
            f"Nelle pagine lette non c'è una norma su «{rule.title}», ma {unread_pages}: la "
            "norma potrebbe trovarsi lì.",
        )
    return finding("assente", f"Lo statuto non contiene una norma su «{rule.title}».{anchor}")
