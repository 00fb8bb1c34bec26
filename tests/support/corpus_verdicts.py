"""What the engine finds today for one rule in every corpus statute, as `intended_verdicts` lines.

A new rule needs an intended verdict in each `corpus/src/<slug>.yaml`. This prints, per statute,
a line to check against the statute's text and paste under its `intended_verdicts:` (then `make
corpus` rewrites the sidecars). It is a starting point, not the truth: the intended verdict is
what the statute was written to contain.

    python -m tests.support.corpus_verdicts RULE_ID [--rules DIR]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from statuti_check import audit_file, load_catalogue
from tests.support.corpus_build import CORPUS, load_styles


def suggestions(rule_id: str, rules: Path | None = None) -> dict[str, str]:
    """Slug → the `intended_verdicts` line the engine's verdict on that statute would be."""
    catalogue = load_catalogue(rules)
    catalogue.rule(rule_id)  # an unknown id fails before any statute is read
    lines = {}
    for slug, style in load_styles().items():
        report = audit_file(CORPUS / f"{slug}.{style.format}", catalogue)
        finding = next(f for f in report.findings if f.rule_id == rule_id)
        articles = sorted({e.article for e in finding.evidence if e.article})
        entry = {"verdict": finding.verdict, "articles": articles, "note": finding.reason}
        lines[slug] = f"{rule_id}: {json.dumps(entry, ensure_ascii=False)}"
    return lines


def main() -> None:
    """Print one suggested line per corpus statute."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rule_id")
    parser.add_argument("--rules", type=Path, help="the catalogue folder holding the new rule")
    args = parser.parse_args()
    for slug, line in suggestions(args.rule_id, args.rules).items():
        print(f"# corpus/src/{slug}.yaml, under intended_verdicts:\n  {line}")


if __name__ == "__main__":
    main()
