"""Accuracy of the rules on real clauses (../shared/corpus-dev) and on the corpus/ samples.

For each rule: precision, recall and F1 of detection (a label `conforme` or `parziale` counts as
present; a verdict `conforme` or `parziale` as detected), exact-verdict accuracy, and every false
`conforme` (the costliest error). Run: `python -m benchmarks.accuracy [--rule ID] [--show]`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from statuti_check.audit import findings_for
from statuti_check.authority import Authority
from statuti_check.catalogue import load_catalogue
from statuti_check.document import Document, Page, SourceInfo
from statuti_check.extract.clean import clean_pages
from statuti_check.structure import parse_statute

CLAUSES = Path(__file__).resolve().parents[2] / "shared" / "corpus-dev" / "clauses.jsonl"
DETECTED = ("conforme", "parziale")


def clause_document(row: dict[str, str]) -> Document:
    """A clause as a one-page document, cleaned exactly as an extracted file would be."""
    raw = f"{row['article_heading']}\n{row['text']}" if row["article_heading"] else row["text"]
    (text,), _ = clean_pages([raw], running_lines=False)
    source = SourceInfo(path=row["id"], sha256="", format="txt", pages=1, paginated=False,
                        has_text_layer=True, engine="txt")  # fmt: skip
    return Document(source=source, pages=[Page(number=1, text=text)])


# Labels say what a clause's wording satisfies, so every rule must apply: a comune of 10,000.
CLAUSE_AUTHORITY = Authority(type="comune", population=10_000)


def evaluate(rule_filter: str | None, show: bool) -> int:
    catalogue = load_catalogue()
    rows = [json.loads(line) for line in CLAUSES.read_text(encoding="utf-8").splitlines() if line]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    false_conforme: list[str] = []
    for row in rows:
        document = clause_document(row)
        statute = parse_statute(document)
        for finding in findings_for(statute, CLAUSE_AUTHORITY, catalogue, document.text):
            rule = finding.rule_id
            if rule_filter and rule != rule_filter:
                continue
            label = row["labels"].get(rule, "assente")
            predicted = finding.verdict
            tally = counts[rule]
            tally["tp"] += label in DETECTED and predicted in DETECTED
            tally["fp"] += label not in DETECTED and predicted in DETECTED
            tally["fn"] += label in DETECTED and predicted not in DETECTED
            tally["exact"] += label == predicted
            tally["n"] += 1
            if predicted == "conforme" and label != "conforme":
                false_conforme.append(f"{row['id']} {rule}: label {label}")
            if show and label != predicted:
                print(f"  {row['id']} {rule}: label {label}, got {predicted}: {finding.reason}")
    print(f"{'rule':32} {'P':>5} {'R':>5} {'F1':>5} {'exact':>6}  support")
    f1s = []
    for rule in sorted(counts):
        t = counts[rule]
        precision = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 1.0
        recall = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        support = t["tp"] + t["fn"]
        if support:
            f1s.append(f1)
        exact = t["exact"] / t["n"]
        print(f"{rule:32} {precision:5.2f} {recall:5.2f} {f1:5.2f} {exact:6.2f}  {support}")
    if f1s:
        print(f"macro-F1 over rules with positives: {sum(f1s) / len(f1s):.3f}")
    print(f"false conforme: {len(false_conforme)}")
    for line in false_conforme:
        print(f"  {line}")
    return 0


def evaluate_corpus() -> int:
    """Verdicts on the corpus/ samples against the verdicts their sidecars record."""
    from statuti_check.audit import audit_file

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    agree = total = 0
    for sidecar in sorted(corpus.glob("*.expected.json")):
        truth = json.loads(sidecar.read_text(encoding="utf-8"))
        report = audit_file(corpus / truth["file"])
        for finding in report.findings:
            expected = truth["intended_verdicts"].get(finding.rule_id, {}).get("verdict")
            total += 1
            agree += finding.verdict == expected
            if finding.verdict != expected:
                print(f"  {truth['file']} {finding.rule_id}: expected {expected}, got "
                      f"{finding.verdict}: {finding.reason}")  # fmt: skip
    print(f"corpus/: {agree} of {total} verdicts equal their sidecars")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rule", help="only this rule id")
    parser.add_argument("--show", action="store_true", help="print every disagreement")
    args = parser.parse_args()
    if not CLAUSES.exists():
        print(f"{CLAUSES} not found: the development clauses live in ../shared", file=sys.stderr)
        return 1
    evaluate(args.rule, args.show)
    return evaluate_corpus()


if __name__ == "__main__":
    sys.exit(main())
