"""What every report format shows the same way: dates, numbers, places, scores, method."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from statuti_check.contract import (
    GAPS,
    ISTAT_ATTRIBUTION,
    ISTAT_SOURCE,
    VERDICT_WORDS,
    Authority,
    Evidence,
    Finding,
    OutdatedReference,
    Report,
    SourceInfo,
    display_name,
    effective,
    place,
)
from statuti_check.names import shown_name
from statuti_check.numbers import italian_date, plural, thousands

if TYPE_CHECKING:  # a renderer is given the catalogue; it never loads one
    from statuti_check.judge.catalogue import Catalogue

SCORE_DEFINITION = (
    "Il punteggio è la quota di regole applicabili soddisfatte: una regola conforme vale 1, "
    "una parziale 0,5, una assente o da verificare 0."
)
METHOD = re.sub(
    r"\s+",
    " ",
    """
    La verifica è automatica: il testo dello statuto è stato letto, suddiviso in articoli e commi
    e confrontato con un catalogo di regole che descrive, per ciascun obbligo di legge o buona
    pratica, le formulazioni che lo soddisfano. «Conforme» richiede che la norma sia espressa in
    forma vincolante («garantisce», «assicura», «deve», «è composta da», «almeno» e simili) per
    l'organo o la procedura di cui la regola si occupa, senza riserve («ove possibile», «di
    norma») e con quote non inferiori al minimo di legge; una norma che si limita a promuovere,
    favorire o auspicare è «parziale»; se il testo non è leggibile l'esito è «da verificare».
    L'esito non sostituisce il parere degli uffici: le citazioni permettono di controllare ogni
    conclusione sul testo.
    """,
).strip()


# A spreadsheet takes a cell that begins with one of these for a formula (tab and carriage return
# on import): text from a statute, a file name or a user must never be one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str | int | float | None) -> str | int | float | None:
    """A CSV value that spreadsheets show as written, never as a formula.

    Text that could start one gets a leading apostrophe, which Excel and LibreOffice read as
    "this is text".
    """
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def where(item: Evidence) -> str:
    """Where evidence sits, e.g. "art. 8 (Giunta comunale), comma 2, pagina 3"."""
    where = place(item.article, item.comma, item.letter, item.heading)
    return f"{where}, pagina {item.page}" if item.page else where


def merged_spans(highlights: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Highlight spans in order, overlapping ones joined, so a word is marked once."""
    merged: list[list[int]] = []
    for start, end in sorted(highlights):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def compliance_score(report: Report, kind: str = "obbligo") -> float | None:
    """Share of applicable rules of a kind that the statute meets, a partial one counting half.

    Rules to be checked by a person count as not met, so doubt never raises the score.
    """
    judged = [f for f in report.findings if f.kind == kind and effective(f) != "non_applicabile"]
    if not judged:
        return None
    points = {"conforme": 1.0, "parziale": 0.5}
    return sum(points.get(effective(f), 0.0) for f in judged) / len(judged)


def gaps(report: Report) -> list[Finding]:
    """Findings a council has to act on, in catalogue order."""
    return [finding for finding in report.findings if effective(finding) in GAPS]


def unreadable(source: SourceInfo) -> bool:
    """No text to judge: no text layer and no page read by OCR (a scan without OCR).

    A scan read by OCR has no text layer either, yet its text was read and judged.
    """
    return not (source.has_text_layer or source.ocr_used)


def short_title(rule_id: str, title: str, catalogue: Catalogue, width: int = 10) -> str:
    """A rule's column head where its title does not fit: the rule file's `short_title`.

    The short title is data of the rule file, so a new rule brings its own; a report's rule the
    catalogue no longer holds, or one without a short title, keeps its title cut to `width`.
    """
    rule = next((r for r in catalogue.rules if r.id == rule_id), None)
    if rule is not None and rule.short_title:
        return rule.short_title
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def no_quote(report: Report) -> str:
    """What a report says of a rule it has nothing to quote for.

    On an unreadable scan, that the text could not be read, never that the statute lacks the norm.
    """
    if unreadable(report.source):
        return "Testo non leggibile: la norma non ha potuto essere cercata."
    return "Nessuna norma pertinente è stata trovata."


def verdict_text(finding: Finding) -> str:
    """The verdict word, saying so when a person changed or confirmed it."""
    word = VERDICT_WORDS[effective(finding)]
    if finding.review is None:
        return word
    return f"{word} (verificato manualmente; esito automatico: {VERDICT_WORDS[finding.verdict]})"


def quote_label(finding: Finding) -> str:
    """What a finding's quotes are, as a heading: for a norm found missing, where to insert it.

    An `assente` finding quotes the article that treats the topic, not a clause of the norm:
    calling it "what the statute says" would read as if the norm were there. A clause that
    denies the norm ("non si applica") is what the statute says. The quotes are the machine's,
    so its verdict decides, whatever a reviewer concluded.
    """
    denied = any(fact.fact == "negation" for fact in finding.trace)
    if finding.verdict == "assente" and not denied:
        return "Dove inserire la norma"
    return "Che cosa dice lo statuto"


def review_note(finding: Finding) -> str | None:
    """Who checked the finding, when, with what result and why."""
    review = finding.review
    if review is None:
        return None
    who = f"{review.author} ({review.role})" if review.role else (
        f"«{review.author}» (nome indicato senza account, prima dell'introduzione degli account)"
    )  # fmt: skip
    confirmed = (
        f", confermato da {review.confirmed_by} il {italian_date(review.confirmed[:10])}"
        if review.confirmed_by and review.confirmed and review.confirmed_by != who
        else ""
    )
    scope = (
        f" Registrata sulla verifica n. {review.audit}; vale anche per le verifiche successive "
        "dello stesso file (stessa impronta SHA-256)."
        if review.audit
        else ""
    )
    return (
        f"Verificato manualmente da {who} il {italian_date(review.created[:10])}{confirmed}: "
        f"{VERDICT_WORDS[review.verdict]} (esito automatico: "
        f"{VERDICT_WORDS[review.original_verdict]}). Nota: {review.note}{scope}"
    )


@dataclass(frozen=True)
class Header:
    """The first lines of every report (who, where, which document, when), and more.

    `technical` is the data a council does not need (hashes, versions, the text reader): every
    report prints it last, under TECHNICAL_TITLE.
    """

    name: str
    place: str
    facts: list[tuple[str, str]]
    technical: list[tuple[str, str]]


TECHNICAL_TITLE = "Dati tecnici"
TECHNICAL_CAPTION = "Impronte digitali, versioni e lettura del testo"


def file_label(path: str) -> str:
    """A file's name as reports print it (statuti_check.names.shown_name), without folders."""
    return shown_name(Path(path).name)


def population_text(authority: Authority) -> str:
    """The population with its source, "39.885 abitanti (fonte: ISTAT, censimento 2011)"."""
    if authority.population is None:
        return "popolazione non nota"
    source = authority.population_source or "non indicata"
    said = f"popolazione {source}" if source.startswith("indicata") else f"fonte: {source}"
    return f"{thousands(authority.population)} abitanti ({said})"


def header(report: Report) -> Header:
    """Authority, place and population with its source, and the facts of document and audit."""
    authority, source, statute = report.authority, report.source, report.statute
    place = ", ".join(part for part in (authority.province, authority.region) if part)
    population = population_text(authority)
    return Header(
        name=display_name(authority),
        place=f"{place} · {population}" if place else population,
        facts=[
            (
                "Documento",
                f"{file_label(source.path)} ({source.format.upper()}, {source.pages} pag.)",
            ),
            (
                "Statuto",
                f"data di adozione: {italian_date(statute.adopted)}; ultima modifica: "
                f"{italian_date(statute.last_amended)}; "
                + plural(statute.articles, "articolo", "articoli"),
            ),
            ("Data della verifica", italian_date(report.audit_date)),
        ],
        technical=[
            ("Impronta digitale del documento (SHA-256)", source.sha256),
            ("Strumento", f"statuti-check {report.tool.version}"),
            (
                "Catalogo delle regole",
                f"versione {report.catalogue.version}, "
                f"{plural(report.catalogue.rules, 'regola', 'regole')}",
            ),
            ("Impronta digitale del catalogo (SHA-256)", report.catalogue.sha256),
            ("Lettura del testo", source.engine),
        ],
    )


def scores(report: Report) -> list[tuple[str, int]]:
    """Whole-percent scores for obligations and for good practices, where any apply."""
    return [
        (label, round(score * 100))
        for kind, label in (
            ("obbligo", "gli obblighi di legge"),
            ("raccomandazione", "le buone pratiche"),
        )
        if (score := compliance_score(report, kind)) is not None
    ]


def first_basis(finding: Finding) -> str:
    """The main legal basis, for one-line tables."""
    return finding.legal_basis[0] + (" (e altre fonti)" if len(finding.legal_basis) > 1 else "")


def outdated_line(ref: OutdatedReference) -> str:
    """One outdated citation and what replaces it."""
    return (
        f"{place(ref.article, ref.comma)}: richiama {ref.label}, atto superato. {ref.replace_with}."
    )


def method_notes(report: Report) -> list[str]:
    """The method paragraph, and the ISTAT attribution when the population comes from ISTAT."""
    notes = [METHOD]
    if (report.authority.population_source or "").startswith(ISTAT_SOURCE):
        notes.append(ISTAT_ATTRIBUTION)
    return notes
