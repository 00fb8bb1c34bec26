"""The gap report as HTML (Jinja2): accessible, printable (CSS paged media), base of the PDF."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from statuti_check.audit import Report
from statuti_check.report.common import (
    METHOD,
    SCORE_DEFINITION,
    VERDICT_WORDS,
    first_basis,
    gaps,
    header,
    merged_spans,
    outdated_line,
    scores,
    where,
)

TEMPLATES = Path(str(resources.files("statuti_check.report").joinpath("templates")))


@cache
def _environment() -> Environment:
    # StrictUndefined: a missing variable is an error in the tests, never a blank in a report.
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )


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
        "summary": list(report.summary.items()),
        "scores": scores(report),
        "score_definition": SCORE_DEFINITION,
        "words": VERDICT_WORDS,
        "findings": report.findings,
        "first_basis": first_basis,
        "gaps": [
            {
                "finding": f,
                "basis": list(zip(f.legal_basis, f.legal_links, strict=True)),
                "quotes": [(marked_html(e.quote, e.highlights), where(e)) for e in f.evidence],
            }
            for f in gaps(report)
        ],
        "outdated": [outdated_line(ref) for ref in report.outdated_references],
        "warnings": report.source.warnings,
        "method": METHOD,
        "css": Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
    }


def render_html(report: Report) -> str:
    """A standalone HTML page (styles inlined) for one statute's audit."""
    return _environment().get_template("report.html.j2").render(**_context(report))
