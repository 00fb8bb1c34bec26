"""The gap report as Markdown: what a council can read, paste into a motion, or convert."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from statuti_check.assessment import Evidence, Finding
from statuti_check.audit import Report
from statuti_check.authority import display_name
from statuti_check.report.text import VERDICT_WORDS, marked

GAPS = ("parziale", "assente", "da_verificare")
METHOD = re.sub(
    r"\s+",
    " ",
    """
    La verifica è automatica: il testo dello statuto è stato letto, suddiviso in articoli e commi
    e confrontato con un catalogo di regole che descrive, per ciascun obbligo di legge o buona
    pratica, le formulazioni che lo soddisfano. «Conforme» richiede che tutti gli elementi della
    norma siano nello stesso comma, senza attenuazioni («ove possibile», «di norma») e con quote
    non inferiori al minimo di legge; nel dubbio l'esito è «da verificare». L'esito non
    sostituisce il parere degli uffici: le citazioni permettono di controllare ogni conclusione
    sul testo.
    """,
).strip()


def compliance_score(report: Report, kind: str = "obbligo") -> float | None:
    """Share of applicable rules of a kind that the statute meets, a partial one counting half.

    Rules to be checked by a person count as not met, so doubt never raises the score.
    """
    judged = [f for f in report.findings if f.kind == kind and f.verdict != "non_applicabile"]
    if not judged:
        return None
    points = sum(1.0 if f.verdict == "conforme" else 0.5 if f.verdict == "parziale" else 0.0
                 for f in judged)  # fmt: skip
    return points / len(judged)


def _italian_date(iso: str | None) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else "non indicata"


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _where(item: Evidence) -> str:
    parts = [f"art. {item.article}" if item.article else "testo"]
    if item.heading:
        parts[0] += f" ({item.heading})"
    if item.comma:
        parts.append(f"comma {item.comma}")
    if item.letter:
        parts.append(f"lettera {item.letter})")
    if item.page:
        parts.append(f"pagina {item.page}")
    return ", ".join(parts)


def _basis(finding: Finding) -> str:
    return "; ".join(
        f"[{citation}]({url})" if url else citation
        for citation, url in zip(finding.legal_basis, finding.legal_links, strict=True)
    )


def _header(report: Report) -> list[str]:
    authority, source, statute = report.authority, report.source, report.statute
    place = ", ".join(part for part in (authority.province, authority.region) if part)
    population = (
        f"{_thousands(authority.population)} abitanti ({authority.population_source})"
        if authority.population is not None
        else "popolazione non nota"
    )
    return [
        f"# Verifica dello statuto — {display_name(authority)}",
        "",
        f"{place + ' · ' if place else ''}{population}",
        "",
        "| | |",
        "|---|---|",
        f"| Documento | {Path(source.path).name} ({source.format.upper()}, {source.pages} pag.; "
        f"sha256 `{source.sha256[:16]}…`) |",
        f"| Statuto | adottato il {_italian_date(statute.adopted)}, ultima modifica "
        f"{_italian_date(statute.last_amended)}; {statute.articles} articoli |",
        f"| Data della verifica | {_italian_date(report.audit_date)} |",
        f"| Strumento | statuti-check {report.tool.version}, catalogo {report.catalogue.version} "
        f"({report.catalogue.rules} regole) |",
        "",
    ]


def _summary(report: Report) -> list[str]:
    counts = " · ".join(f"{VERDICT_WORDS[v].lower()}: {n}" for v, n in report.summary.items())
    lines = ["## Sintesi", "", counts, ""]
    for kind, label in (
        ("obbligo", "gli obblighi di legge"),
        ("raccomandazione", "le buone pratiche"),
    ):
        score = compliance_score(report, kind)
        if score is not None:
            lines.append(f"- Punteggio di conformità per {label}: **{score * 100:.0f}%**")
    lines += [
        "",
        "Il punteggio è la quota di regole applicabili soddisfatte: una regola conforme vale 1, "
        "una parziale 0,5, una assente o da verificare 0.",
        "",
    ]
    return lines


def _table(report: Report) -> list[str]:
    lines = [
        "## Quadro delle regole",
        "",
        "| Regola | Tipo | Esito | Base normativa |",
        "|---|---|---|---|",
    ]
    for f in report.findings:
        first = f.legal_basis[0] + (" e altre" if len(f.legal_basis) > 1 else "")
        lines.append(f"| {f.title} | {f.kind} | **{VERDICT_WORDS[f.verdict]}** | {first} |")
    return [*lines, ""]


def _gap(finding: Finding) -> list[str]:
    lines = [f"### {finding.title} — {VERDICT_WORDS[finding.verdict]}", ""]
    lines += [f"**Esito.** {finding.reason}", "", f"**Base normativa.** {_basis(finding)}", ""]
    if finding.evidence:
        lines.append("**Che cosa dice lo statuto.**")
        lines.append("")
        for item in finding.evidence:
            lines += [
                f"> {marked(item.quote, item.highlights, colour=False)}",
                ">",
                f"> — {_where(item)}",
                "",
            ]
    else:
        lines += ["**Che cosa dice lo statuto.** Nessuna norma pertinente è stata trovata.", ""]
    if finding.proposal:
        lines += ["**Proposta di modifica.**", "", f"> {finding.proposal}", ""]
    return lines


def render_markdown(report: Report) -> str:
    """The whole report: header, summary, rule table, each gap, outdated references, method."""
    lines = _header(report) + _summary(report) + _table(report)
    gaps = [f for f in report.findings if f.verdict in GAPS]
    lines += ["## Lacune e proposte di modifica", ""]
    if not gaps:
        lines += ["Nessuna lacuna: lo statuto soddisfa tutte le regole applicabili.", ""]
    for finding in gaps:
        lines += _gap(finding)
    if report.outdated_references:
        lines += ["## Riferimenti normativi superati", ""]
        for ref in report.outdated_references:
            where = f"art. {ref.article}" + (f", comma {ref.comma}" if ref.comma else "")
            lines.append(f"- {where}: cita la {ref.label}; va sostituita con {ref.replace_with}.")
        lines.append("")
    if report.source.warnings:
        lines += ["## Avvisi sulla lettura del documento", ""]
        lines += [f"- {warning}" for warning in report.source.warnings] + [""]
    lines += ["## Metodo e limiti", "", METHOD, ""]
    return "\n".join(lines)
