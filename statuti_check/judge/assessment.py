"""From matched units to one finding per rule: verdict, Italian reason, evidence, values, proposal.

Each unit that touches a rule's topic is read into structured facts (facts.py); the best
reading decides the verdict, and the Italian reason is written from its facts afterwards. The
facts are the finding's `trace`. `conforme` needs a binding construction the rule accepts
governing the required words, with no proviso and any quantity at or above the legal minimum;
a negated clause is `assente`; unreadable text is `da_verificare`.

The order of decisions: docs/verdict-model.md#from-levels-to-a-verdict.
"""

from __future__ import annotations

from datetime import date
from typing import get_args

from statuti_check.contract import (
    GAPS,
    TYPE_ARTICLES,
    TYPE_PLURALS,
    Authority,
    Evidence,
    Fact,
    Finding,
    Verdict,
    place,
)
from statuti_check.judge.catalogue import Catalogue, Component, Rule
from statuti_check.judge.constructions import NO_CONSTRUCTION, ConstructionKind
from statuti_check.judge.escapes import with_escapes
from statuti_check.judge.facts import read_unit
from statuti_check.judge.levels import LEVELS, Level, Reading
from statuti_check.judge.matching import Unit
from statuti_check.numbers import italian_list, thousands

_SCORES: dict[Level, float] = {
    "full": 1.0,
    "weak": 0.7,
    "low_quantity": 0.7,
    "partial": 0.5,
    "negated": 0.3,
    "anchor": 0.2,
}
MAX_EVIDENCE = 3
QUOTE_CHARS = 600


def _whom(kind: str) -> str:
    """The authorities of a type, as a sentence names them: "i comuni", "le province"."""
    return f"{TYPE_ARTICLES[kind]} {TYPE_PLURALS[kind]}"


def _in_heading(reading: Reading) -> bool:
    """Whether a matched word is also in the article's heading ("Art. 24 - La Giunta").

    Among equal readings the article about the topic is the better evidence, and for a missing
    norm the better place to propose the amendment.
    """
    article = reading.unit.article
    heading = (article.heading or "").lower() if article else ""
    return bool(heading) and any(
        reading.unit.text[start:end].lower() in heading for start, end in reading.spans
    )


def _evidence(reading: Reading) -> Evidence:
    unit = reading.unit
    quote, highlights = unit.quoted, reading.spans
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


def _where(reading: Reading) -> str:
    """Where a unit is, in Italian: "all'art. 24, comma 2", or "nel testo esaminato"."""
    unit = reading.unit
    if unit.article is None:
        return "nel testo esaminato"
    comma = unit.comma.number if unit.comma else None
    return "all'" + place(unit.article.number, comma or None, unit.letter)


def _named_by_division(reading: Reading) -> str:
    """Why a norm found under a capo that alone names its body is left to a reader.

    "Capo III – La Giunta … Art. 31 – Composizione, 2. Nessuno dei due sessi …": the comma
    reads as the Giunta's, but nothing in the article says so, and a comma under a capo may
    speak of anything else (staff, experts, offices). A wrong `conforme` would hide a gap, so a
    person confirms it.
    """
    heading = reading.unit.heading_text or ""
    return (
        f"La norma sembra presente {_where(reading)}, ma l'organo è nominato solo "
        f"nell'intestazione del capo o della sezione («{heading}») e non nell'articolo: "
        "occorre verificare che il comma riguardi quell'organo."
    )


def _percent(value: float) -> str:
    return f"{value * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def _labels(components: list[Component]) -> str:
    labels = [c.label for c in components]
    return ", ".join(labels[:-1]) + " e " + labels[-1] if len(labels) > 1 else labels[0]


_FACT_NAMES: dict[str, str] = {
    "units": "Parti dello statuto pertinenti",
    "topic": "Argomento",
    "requirement": "Elemento richiesto",
    "partial": "Elemento che rende la norma parziale",
    "modality": "Formula",
    "proviso": "Riserva",
    "negation": "Negazione",
    "exception": "Eccezione",
    "limit": "Limite",
    "quantity": "Quota",
    "referral": "Rinvio ad altra norma",
    "condition": "Condizione",
    "subject": "Soggetto diverso dall'ente",
    "scope": "Organo o procedura nominati",
    "legacy": "Nota (rapporto precedente)",
    "escape": "Deroga o riserva altrove nell'articolo",
    "object": "Oggetto diverso della formula",
}


# the facts whose value is the id of the construction that found them: a construction's kind, an
# escape (a proviso or negation said elsewhere in the article), or the form whose object is other
_FOUND_BY_CONSTRUCTION = {*get_args(ConstructionKind), "escape", "object"}


def _fact_meaning(fact: Fact, rule: Rule, catalogue: Catalogue) -> str:
    """What one fact means for the rule, in Italian (from the catalogue's labels)."""
    components = {c.name: c.label for c in rule.all_components()}
    if fact.fact in ("topic", "requirement", "partial", "limit"):
        return components.get(fact.value, fact.value)
    if fact.fact == "quantity":
        return _percent(float(fact.value))
    if fact.fact == "scope":
        body_rule, _, component = fact.value.partition("/")
        labels = {c.name: c.label for c in catalogue.rule(body_rule).anchors}
        return labels.get(component, fact.value)
    if fact.fact == "modality":
        if fact.value == NO_CONSTRUCTION:
            return "nessuna formula che renda la norma vincolante"
        accepted = fact.value in catalogue.accepted(rule)
        return f"{catalogue.constructions.get(fact.value).label} (" + (
            "basta per questa regola)" if accepted else "non basta per questa regola)"
        )
    if fact.fact == "object":
        label = catalogue.constructions.get(fact.value).label
        return f"la formula ({label}) riguarda questo oggetto, non la presenza richiesta"
    if fact.fact in _FOUND_BY_CONSTRUCTION:
        return catalogue.constructions.get(fact.value).label
    return fact.value


def explain(finding: Finding, catalogue: Catalogue) -> list[tuple[str, str, str]]:
    """The finding's trace as rows a councillor can read: element, words found, meaning.

    Facts recorded by another catalogue (an older report) are shown as they were stored.
    """
    try:
        rule = catalogue.rule(finding.rule_id)
    except KeyError:
        return [(_FACT_NAMES.get(f.fact, f.fact), f.text or "", f.value) for f in finding.trace]
    rows = []
    for fact in finding.trace:
        try:
            meaning = _fact_meaning(fact, rule, catalogue)
        except (KeyError, ValueError):
            meaning = fact.value
        rows.append((_FACT_NAMES.get(fact.fact, fact.fact), fact.text or "", meaning))
    return rows


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
            + ", ".join(_whom(t) for t in types)
            + ".",
        )
    if authority.type is not None and authority.type not in types:
        return False, f"La norma riguarda solo {', '.join(_whom(t) for t in types)}."
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


def _weak_reasons(reading: Reading, rule: Rule, catalogue: Catalogue) -> list[str]:
    """What keeps a complete clause from binding, in Italian, one item per fact."""
    reasons = []
    for fact in reading.of("modality"):
        if fact.value == NO_CONSTRUCTION and rule.needs_construction:
            reasons.append(
                "non contiene una formula che la renda vincolante (ad esempio «garantisce», "
                "«assicura», «deve», «è composta da»)"
            )
        elif fact.value != NO_CONSTRUCTION and fact.value not in catalogue.accepted(rule):
            construction = catalogue.constructions.get(fact.value)
            reasons.append(
                f"si limita a {construction.label} («{fact.text}»)"
                if construction.kind == "aim"
                else f"la formula usata («{fact.text}») non basta a renderla vincolante"
            )
    reasons += [
        f"l'obbligo riguarda altro («{fact.text}»), non quanto la regola richiede"
        for fact in reading.of("object")
    ]
    reasons += [f"vale con una riserva («{fact.text}»)" for fact in reading.of("proviso")]
    reasons += [
        f"lo stesso articolo ne consente la deroga o la limita («{fact.text}»)"
        for fact in reading.of("escape")
    ]
    reasons += [
        f"esclude dalla norma alcuni casi («{fact.text}»)" for fact in reading.of("exception")
    ]
    labels = {c.name: c.label for c in rule.limits}
    reasons += [labels[fact.value] for fact in reading.of("limit")]
    return reasons


def _share(reading: Reading) -> Fact | None:
    return next(iter(reading.of("quantity")), None)


def assess(
    rule: Rule,
    comma_units: list[Unit],
    article_units: list[Unit],
    authority: Authority,
    catalogue: Catalogue,
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
    # read_unit reads only units with a hit of the rule: the others are passed over here, by a
    # membership test rather than a call that finds nothing (most units, for every rule)
    touched = [
        unit
        for unit in units
        if rule.id in unit.hits or (rule.heading_anchors and rule.id in unit.heading_hits)
    ]
    readings = [
        with_escapes(rule, reading, units, catalogue)
        for unit in touched
        if (reading := read_unit(rule, unit, catalogue))
    ]
    # of equal levels, a binding norm its article takes back explains best ("1. … devono essere
    # rappresentati entrambi i sessi. 2. … può nominare una Giunta di un solo sesso")
    # … and a norm that names its body before one whose body only a capo names
    readings.sort(
        key=lambda r: (
            LEVELS.index(r.level),
            r.unit.from_division,
            not r.of("escape"),
            not _in_heading(r),
            -len(r.spans),
        )
    )
    best = readings[0] if readings else None
    trace = [Fact(fact="units", value=str(len(readings))), *(best.facts if best else ())]

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
            # unread text is no sign of a missing norm: nothing to propose until it is read
            proposal=(
                rule.proposal_for(authority.type)
                if readable and verdict in GAPS
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
    share = _share(best) if best else None
    values: dict[str, float | str] = {"quota": round(float(share.value), 3)} if share else {}
    if best and best.level == "full" and best.unit.from_division:
        return finding("da_verificare", _named_by_division(best), values)
    if best and best.level == "full":
        stated = f" (quota minima indicata: {_percent(float(share.value))})" if share else ""
        conditions = [f"«{fact.text}»" for fact in best.of("condition")]
        condition = f"; vale a una condizione ({', '.join(conditions)})" if conditions else ""
        return finding("conforme", f"Norma presente {_where(best)}{stated}{condition}.", values)
    if best and best.level == "low_quantity" and rule.quantity and share:
        return finding(
            "parziale",
            f"Lo statuto, {_where(best)}, indica una quota minima ({share.text}: "
            f"{_percent(float(share.value))}) inferiore al {_percent(rule.quantity.minimum)} "
            f"previsto {rule.quantity.basis}.",
            values,
        )
    if best and best.level == "weak":
        reasons = "; ".join(_weak_reasons(best, rule, catalogue))
        return finding("parziale", f"La norma è presente {_where(best)}, ma {reasons}.", values)
    if applies is None:
        return finding("da_verificare", why_not + " Lo statuto non contiene una norma conforme.")
    if best and best.level == "partial":
        present = {fact.value for fact in best.of("requirement")}
        missing = [c for c in rule.requires if c.name not in present]
        labels = {c.name: c.label for c in rule.partial}
        notes = "; ".join(labels[fact.value] for fact in best.of("partial"))
        missing_text = f"; elementi mancanti: {_labels(missing)}" if missing else ""
        notes_text = f" ({notes})" if notes else ""
        return finding(
            "parziale", f"Norma incompleta {_where(best)}{notes_text}{missing_text}.", values
        )
    if best and best.level == "negated":
        negation = best.of("negation")[0]
        return finding(
            "assente",
            f"La norma individuata {_where(best)} è formulata in negativo («{negation.text}»): "
            "lo statuto non prevede quanto richiesto.",
        )
    anchor = (
        f" L'argomento è trattato {_where(best)}, dove la nuova norma può essere inserita."
        if best and best.unit.article
        else ""
    )
    if best and (subjects := best.of("subject")):
        where = _where(best)
        anchor = (
            f" {where[0].upper()}{where[1:]}, la norma riguarda i compiti di un altro organismo "
            f"(«{subjects[0].text}»), non un impegno dell'ente.{anchor}"
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
