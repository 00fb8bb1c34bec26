"""The gap report as PDF: the HTML report through WeasyPrint (needs Debian's pango)."""

from __future__ import annotations

import logging

from statuti_check.audit import Report
from statuti_check.report.html import render_html


def render_pdf(report: Report) -> bytes:
    """PDF bytes of the HTML report, laid out by its print stylesheet."""
    from weasyprint import HTML

    # The stylesheet also serves browsers (scrolling tables): WeasyPrint's notes on properties
    # it ignores are not for the reader of a report.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return HTML(string=render_html(report)).write_pdf()  # type: ignore[no-any-return]
