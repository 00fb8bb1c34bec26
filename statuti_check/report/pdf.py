"""The gap report as PDF: the HTML report through WeasyPrint (needs Debian's pango)."""

from __future__ import annotations

from statuti_check.audit import Report
from statuti_check.report.html import render_html


def render_pdf(report: Report) -> bytes:
    """PDF bytes of the HTML report, laid out by its print stylesheet."""
    from weasyprint import HTML

    return HTML(string=render_html(report)).write_pdf()  # type: ignore[no-any-return]
