"""Plain-text renderings for the terminal: the outline of a statute and an audit scorecard."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from statuti_check.contract import (
    KIND_WORDS,
    VERDICT_ANSI,
    VERDICT_WORDS,
    Report,
    display_name,
    effective,
    place,
    verdict_counts,
)
from statuti_check.numbers import italian_date
from statuti_check.read.model import Article, Division, ParsedStatute, Span
from statuti_check.report.common import (
    file_label,
    gaps,
    merged_spans,
    population_text,
    verdict_text,
)


def _pages(node: Span) -> str:
    if node.page_start is None:
        return ""
    same = node.page_end in (None, node.page_start)
    return f", p. {node.page_start}" + ("" if same else f"-{node.page_end}")


def _outline_line(node: Division | Article) -> tuple[int, str]:
    """Indentation and text of one outline row."""
    if isinstance(node, Division):
        heading = f" — {node.heading}" if node.heading else ""
        return _INDENT[node.kind], f"{node.kind.upper()} {node.number}{heading}"
    count = len(node.commi)
    commi = f"{count} comm{'a' if count == 1 else 'i'}"
    title = f"Art. {node.number}".ljust(12) + (node.heading or "(senza rubrica)")
    return -1, f"{title}  [{commi}{_pages(node)}]"


_INDENT = {"titolo": 0, "capo": 2, "sezione": 4}
_MATTER_LABELS = {"deliberazione": "deliberazione di adozione", "allegato": "allegato",
                  "chiusura": "firme e pubblicazione"}  # fmt: skip


def _set_aside(parsed: ParsedStatute) -> list[str]:
    """Indexes and other matter read apart from the articles, so a user sees where they went."""
    statute = parsed.statute
    lines = [
        f"Indice{_pages(index)}: {len(index.entries)} voci, non lette come articoli"
        for index in statute.indexes
    ]
    if statute.other_matter:
        parts = [f"{_MATTER_LABELS[m.kind]}{_pages(m)}" for m in statute.other_matter]
        lines.append("Parti escluse dagli articoli: " + "; ".join(parts))
    return lines


def outline(parsed: ParsedStatute) -> str:
    """A scannable outline: authority, acts, then titoli, capi and articles with commi and pages."""
    authority, statute, source = parsed.authority, parsed.statute, parsed.document.source
    front = statute.front_matter
    where = ", ".join(part for part in (authority.province, authority.region) if part)
    lines = [f"{authority.name or 'Ente non riconosciuto'}" + (f" ({where})" if where else "")]
    if authority.population is not None:
        lines.append(f"Popolazione: {population_text(authority)}")
    if authority.candidates:
        lines.append("Nome ambiguo, possibili enti: " + ", ".join(authority.candidates))
    lines += [
        f"File: {file_label(source.path)} · {source.format.upper()} · {source.pages} pag. "
        f"· sha256 {source.sha256[:12]}…",
        f"Adottato: {italian_date(front.adopted)} · "
        f"Ultima modifica: {italian_date(front.last_amended)}",
        f"Articoli: {len(statute.articles)}",
        *_set_aside(parsed),
        "",
    ]
    nodes: list[Division | Article] = [*statute.divisions, *statute.articles]
    depth = 0
    for node in sorted(nodes, key=lambda node: node.start):
        indent, text = _outline_line(node)
        if indent >= 0:
            depth = indent + 2
        lines.append(" " * (indent if indent >= 0 else depth) + text)
    warnings = source.warnings + statute.warnings
    if warnings:
        lines += ["", "Avvisi:"] + [f"- {warning}" for warning in warnings]
    return "\n".join(lines)


def use_colour(stream: TextIO | None = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return (
        (stream or sys.stdout).isatty()
        and "NO_COLOR" not in os.environ
        and os.environ.get("TERM") != "dumb"
    )


def marked(quote: str, highlights: list[tuple[int, int]], colour: bool) -> str:
    """The quote with the matched words in bold on a terminal, between asterisks otherwise."""
    opening, closing = ("\033[1m", "\033[0m") if colour else ("*", "*")
    out, position = [], 0
    for start, end in merged_spans(highlights):
        out += [quote[position:start], opening, quote[start:end], closing]
        position = end
    out.append(quote[position:])
    return "".join(out)


def _badge(verdict: str, colour: bool) -> str:
    word = VERDICT_WORDS[verdict].ljust(15)
    return f"\033[{VERDICT_ANSI[verdict]}m{word}\033[0m" if colour else word


def scorecard(report: Report, colour: bool = False) -> str:
    """One line per rule (badge in words, colour only as an extra), then the gaps explained."""
    authority = report.authority
    where = ", ".join(part for part in (authority.province, authority.region) if part)
    population = (
        f" · {population_text(authority)}"
        if authority.population is not None
        else " · popolazione non nota"
    )
    lines = [
        display_name(authority) + (f" ({where})" if where else "") + population,
        f"File: {file_label(report.source.path)} · articoli: {report.statute.articles} · "
        f"catalogo {report.catalogue.version}",
        "Esito: "
        + ", ".join(
            f"{VERDICT_WORDS[verdict].lower()} {count}"
            for verdict, count in verdict_counts(report.findings).items()
        ),
        "",
    ]
    for finding in report.findings:
        kind = KIND_WORDS[finding.kind]
        lines.append(f"{_badge(effective(finding), colour)} {finding.title}  [{kind}]")
    for finding in gaps(report):
        lines += [
            "",
            f"■ {finding.title} — {verdict_text(finding)}",
            f"  {finding.reason}",
        ]
        for item in finding.evidence[:1]:
            where = place(item.article, item.comma, item.letter)
            where += f", p. {item.page}" if item.page else ""
            lines.append(f"  «{marked(item.quote, item.highlights, colour)}» ({where})")
        lines.append(f"  Base normativa: {'; '.join(finding.legal_basis)}")
    if report.outdated_references:
        lines += ["", "Riferimenti normativi superati:"]
        lines += [
            f"- {place(ref.article, ref.comma)}: {ref.label} → {ref.replace_with}"
            for ref in report.outdated_references
        ]
    for warning in report.source.warnings:
        lines += ["", f"Avviso: {warning}"]
    return "\n".join(lines)
