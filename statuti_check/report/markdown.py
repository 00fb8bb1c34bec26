"""The gap report as Markdown: what a council can read, paste into a motion, or convert."""

from __future__ import annotations

from pathlib import Path

from statuti_check.assessment import Finding
from statuti_check.audit import Report
from statuti_check.authority import display_name
from statuti_check.report.common import (
    METHOD,
    SCORE_DEFINITION,
    VERDICT_WORDS,
    compliance_score,
    gaps,
    italian_date,
    thousands,
    where,
)
from statuti_check.report.text import marked


def _basis(finding: Finding) -> str:
    return "; ".join(
        f"[{citation}]({url})" if url else citation
        for citation, url in zip(finding.legal_basis, finding.legal_links, strict=True)
    )


def _header(report: Report) -> list[str]:
    authority, source, statute = report.authority, report.source, report.statute
    place = ", ".join(part for part in (authority.province, authority.region) if part)
    population = (
        f"{thousands(authority.population)} abitanti ({authority.population_source})"
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
        f"| Statuto | adottato il {italian_date(statute.adopted)}, ultima modifica "
        f"{italian_date(statute.last_amended)}; {statute.articles} articoli |",
        f"| Data della verifica | {italian_date(report.audit_date)} |",
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
    lines += ["", SCORE_DEFINITION, ""]
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
                f"> — {where(item)}",
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
    lines += ["## Lacune e proposte di modifica", ""]
    if not gaps(report):
        lines += ["Nessuna lacuna: lo statuto soddisfa tutte le regole applicabili.", ""]
    for finding in gaps(report):
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
