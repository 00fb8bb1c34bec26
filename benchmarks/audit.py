"""Time to audit the generated 60-page statute: end to end, and the rule engine alone.

The compiled matchers (with the lemmas and the tokenizer's rules) are loaded once per process
(docs/architecture.md#performance-design), so both figures are taken after a warm-up run.
Run: `python -m benchmarks.audit`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchmarks.extract import build_pdf, median_seconds
from statuti_check.judge.audit import audit_file, audit_parsed
from statuti_check.judge.catalogue import load_catalogue
from statuti_check.read.parse import parse_file


def main() -> int:
    catalogue = load_catalogue()
    with tempfile.TemporaryDirectory() as folder:
        path = build_pdf(Path(folder))
        parsed = parse_file(path)
        audit_parsed(parsed, catalogue)  # warm-up: pipeline and matchers
        engine = median_seconds(lambda: audit_parsed(parsed, catalogue), 7)
        full = median_seconds(lambda: audit_file(path, catalogue), 7)
    commi = sum(len(article.commi) for article in parsed.statute.articles)
    pages, articles = parsed.document.source.pages, len(parsed.statute.articles)
    print(f"statute: {pages} pages, {articles} articles, {commi} commi")
    print(f"catalogue: {len(catalogue.rules)} rules")
    print(f"rule engine alone (matching + assessment): {engine:.3f} s")
    print(f"end to end (extract + structure + engine):  {full:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
