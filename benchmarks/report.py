"""Time to render one gap report in each format (issue target: under 2 s for the PDF).

Run: `python -m benchmarks.report`. Medians over 5 runs, after one warm-up.
"""

from __future__ import annotations

import sys

from benchmarks.extract import median_seconds
from statuti_check.judge.audit import audit_file
from statuti_check.report.corpus import render_csv, summarise
from statuti_check.report.docx import render_docx
from statuti_check.report.html import render_corpus_html, render_html
from statuti_check.report.markdown import render_markdown
from statuti_check.report.pdf import render_pdf
from statuti_check.report.xlsx import render_xlsx
from tests.support.corpus_build import CORPUS


def main() -> int:
    report = audit_file(CORPUS / "fanano.docx")
    for render in (render_markdown, render_html, render_pdf, render_docx):
        render(report)
        print(f"{render.__name__:18} {median_seconds(lambda r=render: r(report), 5):.3f} s")
    # A corpus summary of 500 authorities (the same report repeated): a province or region.
    summary = summarise([report] * 500)
    for corpus_render in (render_csv, render_xlsx, render_corpus_html):
        seconds = median_seconds(lambda r=corpus_render: r(summary), 3)
        print(f"{corpus_render.__name__:18} {seconds:.3f} s (500 authorities)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
