"""The gap report as Markdown: what a council can read, paste into a motion, or convert.

Every piece of text that comes from a statute, a file name, a user or a rule file goes through
`markdown_text`, so whatever renders the report (a Markdown viewer, a converter, GitHub) shows it
as the words it is: no tag, link, image or formatting can come from it.
"""

from __future__ import annotations

import re

from statuti_check.contract import (
    KIND_WORDS,
    VERDICT_WORDS,
    Finding,
    Report,
    effective,
    verdict_counts,
)
from statuti_check.report.common import (
    SCORE_DEFINITION,
    TECHNICAL_TITLE,
    first_basis,
    gaps,
    header,
    merged_spans,
    method_notes,
    no_quote,
    outdated_line,
    quote_label,
    review_note,
    scores,
    verdict_text,
    where,
)

# Characters a backslash turns into plain text in CommonMark and in Python-Markdown alike.
_BACKSLASHED = re.compile(r"([\\`*_\[\]])")
# Characters only an entity makes plain in both: tags and autolinks ("<"), entities ("&"), table
# cells ("|"), GFM strikethrough ("~"), email autolinks ("@"), the formulas of some viewers ("$").
_ENTITIES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", "|": "&#124;", "~": "&#126;", "@": "&#64;", "$": "&#36;"}
)
# GFM links bare addresses: "https://…" and "www.…" lose their trigger.
_BARE_LINKS = re.compile(r"(?<=\w):(?=//)|(?<=\bwww)\.", re.IGNORECASE)
# What opens a block at the start of a line: heading, quote, list item, numbered item.
_BLOCK_START = re.compile(r"^([#>+-]|\d+(?=[.)]))")


def markdown_text(text: str) -> str:
    """Text shown as itself in Markdown, whatever it holds: one line, no markup of its own.

    Line breaks become spaces (a new line could open a heading or end a quote); characters
    with a meaning in CommonMark, GFM or Python-Markdown are escaped.
    """
    flat = re.sub(r"\s+", " ", text).translate(_ENTITIES)
    flat = _BACKSLASHED.sub(r"\\\1", flat)
    flat = _BARE_LINKS.sub(lambda found: f"&#{ord(found.group())};", flat)
    return _BLOCK_START.sub(lambda found: _escaped_start(found.group()), flat)


def _escaped_start(opening: str) -> str:
    """A block marker made plain by a backslash: before "#", "-" …, after the digits of "1."."""
    return opening + "\\" if opening[0].isdigit() else "\\" + opening


def _marked(quote: str, highlights: list[tuple[int, int]]) -> str:
    """The quote made plain, with the matched words in italics."""
    out, position = [], 0
    for start, end in merged_spans(highlights):
        out += [markdown_text(quote[position:start]), "*", markdown_text(quote[start:end]), "*"]
        position = end
    out.append(markdown_text(quote[position:]))
    return "".join(out)


def _link(citation: str, url: str | None) -> str:
    """A citation, linked to its (https-only, checked by the catalogue) address."""
    return f"[{markdown_text(citation)}]({url})" if url else markdown_text(citation)


def _basis(finding: Finding) -> str:
    return "; ".join(
        _link(citation, url)
        for citation, url in zip(finding.legal_basis, finding.legal_links, strict=True)
    )


def _header(report: Report) -> list[str]:
    head = header(report)
    lines = [f"# Verifica dello statuto — {markdown_text(head.name)}", ""]
    lines += [markdown_text(head.place), "", "| | |", "|---|---|"]
    facts = (f"| {label} | {markdown_text(value)} |" for label, value in head.facts)
    return [*lines, *facts, ""]


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
        title, basis = markdown_text(f.title), markdown_text(first_basis(f))
        lines.append(f"| {title} | {kind} | **{verdict_text(f)}** | {basis} |")
    return [*lines, ""]


def _gap(finding: Finding, nothing_quoted: str) -> list[str]:
    lines = [f"### {markdown_text(finding.title)} — {VERDICT_WORDS[effective(finding)]}", ""]
    lines += [f"**Esito.** {markdown_text(finding.reason)}", ""]
    if note := review_note(finding):
        lines += [f"**Verifica manuale.** {markdown_text(note)}", ""]
    if finding.explanation:
        lines += [f"**La norma in breve.** {markdown_text(finding.explanation)}", ""]
    lines += [f"**Base normativa.** {_basis(finding)}", ""]
    if finding.evidence:
        lines.append(f"**{quote_label(finding)}.**")
        lines.append("")
        for item in finding.evidence:
            lines += [
                f"> {_marked(item.quote, item.highlights)}",
                ">",
                f"> — {markdown_text(where(item))}",
                "",
            ]
    else:
        lines += [f"**Che cosa dice lo statuto.** {nothing_quoted}", ""]
    if finding.proposal:
        lines += ["**Proposta di modifica.**", "", f"> {markdown_text(finding.proposal)}", ""]
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
        lines += [f"- {markdown_text(outdated_line(r))}" for r in report.outdated_references]
        lines += [""]
    if report.source.warnings:
        lines += ["## Avvisi sulla lettura del documento", ""]
        lines += [f"- {markdown_text(warning)}" for warning in report.source.warnings] + [""]
    lines += ["## Metodo e limiti", ""]
    lines += [line for note in method_notes(report) for line in (markdown_text(note), "")]
    lines += [f"## {TECHNICAL_TITLE}", "", "| | |", "|---|---|"]
    lines += [
        f"| {markdown_text(label)} | {markdown_text(value)} |"
        for label, value in header(report).technical
    ]
    return "\n".join([*lines, ""])
