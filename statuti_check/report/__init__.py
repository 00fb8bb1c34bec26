"""Writing reports: a `Report` (contract.py) becomes the bytes of one output format.

Enters: reports, a corpus of reports (corpus.py), a draft resolution (act/draft.py). Leaves:
PDF, DOCX, HTML, Markdown, JSON, CSV and XLSX, and plain text for the terminal. Renderers read
the contract only, never the pipeline that wrote the report (tests/test_architecture.py).

`render(report, fmt)` is the one dispatch by format; each format's module is imported when
asked for, so importing this package stays light (WeasyPrint alone takes seconds to load).
"""

from __future__ import annotations

from statuti_check.contract import Report

REPORT_FORMATS = ("pdf", "docx", "html", "md", "json")
# A draft resolution (report/delibera.py): the DOCX, or the amendment model as JSON.
DRAFT_FORMATS = ("delibera", "delibera-json")


def render(report: Report, fmt: str) -> bytes:
    """One report format's bytes: "pdf", "docx", "html", "md", or the JSON contract otherwise."""
    if fmt == "pdf":
        from statuti_check.report.pdf import render_pdf

        return render_pdf(report)
    if fmt == "docx":
        from statuti_check.report.docx import render_docx

        return render_docx(report)
    if fmt == "html":
        from statuti_check.report.html import render_html

        return render_html(report).encode("utf-8")
    if fmt == "md":
        from statuti_check.report.markdown import render_markdown

        return render_markdown(report).encode("utf-8")
    return (report.model_dump_json(indent=2) + "\n").encode("utf-8")
