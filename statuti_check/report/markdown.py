"""The gap report as Markdown: what a council can read, paste into a motion, or convert."""

from __future__ import annotations

from statuti_check.assessment import Finding
from statuti_check.audit import Report, verdict_counts
from statuti_check.report.common import (
    KIND_WORDS,
    SCORE_DEFINITION,
    TECHNICAL_TITLE,
    VERDICT_WORDS,
    effective,
    first_basis,
    gaps,
    header,
    method_notes,
    no_quote,
    outdated_line,
    quote_label,
    review_note,
    scores,
    verdict_text,
    where,
)
from statuti_check.report.text import marked


def _basis(finding: Finding) -> str:
    return "; ".join(
        f"[{citation}]({url})" if url else citation
        for citation, url in zip(finding.legal_basis, finding.legal_links, strict=True)
    )


def _header(report: Report) -> list[str]:
    head = header(report)
    lines = [f"# Verifica dello statuto — {head.name}", "", head.place, "", "| | |", "|---|---|"]
    return [*lines, *(f"| {label} | {value} |" for label, value in head.facts), ""]


def _summary(report: Report) -> list[str]:
    counts = " · ".join(
        f"{VERDICT_WORDS[v].lower()}: {n}" for v, n in verdict_counts(report.findings).items()
    )
    lines = ["## Sintesi", "", counts, ""]
    lines += [
        f"- Punteggio di conformità per {label}: **{score}%**" for label, score in scores(report)
    ]
    return [*lines, "", SCORE_DEFINITION, ""]


def _table(report: Report) -> list[str]:
    lines = [
        "## Quadro delle regole",
        "",
        "| Regola | Tipo | Esito | Base normativa |",
        "|---|---|---|---|",
    ]
    for f in report.findings:
        kind = KIND_WORDS[f.kind]
        lines.append(f"| {f.title} | {kind} | **{verdict_text(f)}** | {first_basis(f)} |")
    return [*lines, ""]


def _gap(finding: Finding, nothing_quoted: str) -> list[str]:
    lines = [f"### {finding.title} — {VERDICT_WORDS[effective(finding)]}", ""]
    lines += [f"**Esito.** {finding.reason}", ""]
    if note := review_note(finding):
        lines += [f"**Verifica manuale.** {note}", ""]
    if finding.explanation:
        lines += [f"**La norma in breve.** {finding.explanation}", ""]
    lines += [f"**Base normativa.** {_basis(finding)}", ""]
    if finding.evidence:
        lines.append(f"**{quote_label(finding)}.**")
        lines.append("")
        for item in finding.evidence:
            lines += [
                f"> {marked(item.quote, item.highlights, colour=False)}",
                ">",
                f"> — {where(item)}",
                "",
            ]
    else:
        lines += [f"**Che cosa dice lo statuto.** {nothing_quoted}", ""]
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
        lines += _gap(finding, no_quote(report))
    if report.outdated_references:
        lines += ["## Riferimenti normativi superati", ""]
        lines += [f"- {outdated_line(ref)}" for ref in report.outdated_references] + [""]
    if report.source.warnings:
        lines += ["## Avvisi sulla lettura del documento", ""]
        lines += [f"- {warning}" for warning in report.source.warnings] + [""]
    lines += ["## Metodo e limiti", ""]
    lines += [line for note in method_notes(report) for line in (note, "")]
    lines += [f"## {TECHNICAL_TITLE}", "", "| | |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in header(report).technical]
    return "\n".join([*lines, ""])
