"""The gap report as HTML (Jinja2): accessible, printable (CSS paged media), base of the PDF."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from statuti_check.contract import (
    ISTAT_ATTRIBUTION,
    KIND_WORDS,
    VERDICT_WORDS,
    Report,
    effective,
    verdict_counts,
)
from statuti_check.numbers import italian_date, plural
from statuti_check.report.common import (
    METHOD,
    SCORE_DEFINITION,
    TECHNICAL_CAPTION,
    TECHNICAL_TITLE,
    file_label,
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
from statuti_check.report.corpus import CorpusSummary, province_of, verdict_totals

TEMPLATES = Path(str(resources.files("statuti_check.report").joinpath("templates")))


@cache
def _environment() -> Environment:
    # StrictUndefined: a missing variable is an error in the tests, never a blank in a report.
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )
    environment.globals["kind_words"] = KIND_WORDS
    return environment


def marked_html(quote: str, highlights: list[tuple[int, int]]) -> Markup:
    """The quote escaped, with the matched words in <mark> (overlaps merged)."""
    out, position = Markup(""), 0
    for start, end in merged_spans(highlights):
        out += escape(quote[position:start]) + Markup("<mark>") + escape(quote[start:end])
        out += Markup("</mark>")
        position = end
    return out + escape(quote[position:])


def _context(report: Report) -> dict[str, Any]:
    head = header(report)
    return {
        "name": head.name,
        "place": head.place,
        "facts": head.facts,
        "technical": head.technical,
        "no_quote": no_quote(report),
        "technical_title": TECHNICAL_TITLE,
        "technical_caption": TECHNICAL_CAPTION,
        "summary": list(verdict_counts(report.findings).items()),
        "scores": scores(report),
        "score_definition": SCORE_DEFINITION,
        "words": VERDICT_WORDS,
        "findings": report.findings,
        "first_basis": first_basis,
        "effective": effective,
        "verdict_text": verdict_text,
        "gaps": [
            {
                "finding": f,
                "verdict": effective(f),
                "review": review_note(f),
                "quote_label": quote_label(f),
                "basis": list(zip(f.legal_basis, f.legal_links, strict=True)),
                "quotes": [(marked_html(e.quote, e.highlights), where(e)) for e in f.evidence],
            }
            for f in gaps(report)
        ],
        "outdated": [outdated_line(ref) for ref in report.outdated_references],
        "warnings": report.source.warnings,
        "method": method_notes(report),
        "css": Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
    }


def render_html(report: Report) -> str:
    """A standalone HTML page (styles inlined) for one statute's audit."""
    return _environment().get_template("report.html.j2").render(**_context(report))


SHORT_WORDS = {
    "conforme": "sì",
    "parziale": "parz.",
    "assente": "no",
    "non_applicabile": "n.a.",
    "da_verificare": "verif.",
}


def render_corpus_html(summary: CorpusSummary, on: date | None = None) -> str:
    """The corpus heatmap: authorities × rules, per-rule counts, unread files, method."""
    totals = verdict_totals(summary)
    unread = plural(len(summary.failures), "file non letto", "file non letti")
    headline = (
        f"{plural(len(summary.rows), 'statuto verificato', 'statuti verificati')} al "
        f"{italian_date(on or date.today())}{f', {unread}' if summary.failures else ''} · "
        + " · ".join(f"{VERDICT_WORDS[v].lower()}: {n}" for v, n in totals.items())
    )
    return (
        _environment()
        .get_template("corpus.html.j2")
        .render(
            headline=headline,
            rules=summary.rules,
            rows=[
                {
                    "name": row.name,
                    "province": province_of(row),
                    "gaps": row.obligation_gaps,
                    "verdicts": [row.verdicts[rule.id] for rule in summary.rules],
                }
                for row in summary.rows
            ],
            counts=summary.rule_counts(),
            total=len(summary.rows),
            failures=[{"name": file_label(f.path), "reason": f.reason} for f in summary.failures],
            words=VERDICT_WORDS,
            short=SHORT_WORDS,
            score_definition=SCORE_DEFINITION,
            method=METHOD,
            attribution=ISTAT_ATTRIBUTION,
            css=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        )
    )
