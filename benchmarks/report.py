"""Time to render one gap report in each format (issue target: under 2 s for the PDF).

Run: `python -m benchmarks.report`. Medians over 5 runs, after one warm-up.
"""

from __future__ import annotations

import sys

from benchmarks.extract import median_seconds
from statuti_check.audit import audit_file
from statuti_check.report.html import render_html
from statuti_check.report.markdown import render_markdown
from statuti_check.report.pdf import render_pdf
from tests.support.corpus_build import CORPUS


def main() -> int:
    report = audit_file(CORPUS / "fanano.docx")
    for render in (render_markdown, render_html, render_pdf):
        render(report)
        print(f"{render.__name__:16} {median_seconds(lambda r=render: r(report), 5):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
