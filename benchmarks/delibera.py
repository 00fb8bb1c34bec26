"""Time to draft the council resolution: placing, re-auditing and rendering the DOCX.

Each placement is kept only after a re-audit of the amended statute, so a draft costs a few
audits. Run: `python -m benchmarks.delibera`. Medians over 3 runs, after one warm-up, per
corpus statute: the default draft (legal obligations) and one with every gap.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.extract import median_seconds
from statuti_check.act.amendments import build_draft, draftable_rules
from statuti_check.judge.audit import audit_parsed
from statuti_check.judge.catalogue import Catalogue, load_catalogue
from statuti_check.read.parse import parse_file
from statuti_check.report.delibera import render_delibera
from tests.support.corpus_build import CORPUS


def timings(path: Path, catalogue: Catalogue) -> str | None:
    """One statute's line: default draft, draft of every gap, DOCX rendering."""
    parsed = parse_file(path)
    report = audit_parsed(parsed, catalogue)
    every = [finding.rule_id for finding in draftable_rules(report)]
    if not every:
        return None
    default = median_seconds(lambda: build_draft(parsed, report, catalogue), 3)
    draft = build_draft(parsed, report, catalogue, every)
    full = median_seconds(lambda: build_draft(parsed, report, catalogue, every), 3)
    docx = median_seconds(lambda: render_delibera(draft), 3)
    return (f"{path.name:36} obblighi {default:.2f} s · {len(every):2} lacune {full:.2f} s"
            f" · DOCX {docx:.2f} s")  # fmt: skip


def main() -> int:
    catalogue = load_catalogue()
    for path in sorted(p for p in CORPUS.iterdir() if p.is_file() and p.suffix != ".json"):
        if line := timings(path, catalogue):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
