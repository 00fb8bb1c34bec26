"""Accuracy of the rules on real clauses (../shared/corpus-dev) and on the corpus/ samples.

The real clauses are split by region (benchmarks/split.yaml): the development part is where
patterns are tuned, the check part is only scored. For each part and rule: precision, recall and
F1 of detection (a label `conforme` or `parziale` counts as present; a verdict `conforme` or
`parziale` as detected), verdict exactness on every clause and on the clauses where the rule is
present, and every false `conforme` (the costliest error). The contrast pairs are scored the same
way, with the share of pairs whose two sides are both right.

The red-team clauses (benchmarks/redteam.yaml, redteam2.yaml and redteam3.yaml: our own wording,
written to find wrong verdicts) and the reviewers' clauses (benchmarks/reviews.yaml) are scored
too: wrong verdicts and false `conforme` by wording family, uncertain labels apart. The second and
third red teams were each written after the sets before them had been tuned on; half of each is
held out (`redteam_part`), and its disagreements are never printed. The fourth and the sixth
(benchmarks/redteam4.yaml, redteam6.yaml), written blind to the engine's patterns, are wholly held
out (`WHOLLY_HELD_OUT`): each is scored as a whole and per rule, and its disagreements are never
printed, not even with `--show`. The fifth and the seventh (benchmarks/redteam5.yaml and
redteam7.yaml), also written blind, are split in halves as the second and third are: their tuning
halves are shown, their held-out halves only scored. So is the eighth (benchmarks/redteam8.yaml),
blind minimal pairs: two clauses that differ in one detail, named "<pair>--a" and "<pair>--b",
each pair in one half; its sets also count the pairs whose two sides are both right. The ninth
(benchmarks/redteam9.yaml), blind on the two rules weakest on unseen wording (the principle and
non-discrimination), is a tuning set: shown whole; so is the tenth (benchmarks/redteam10.yaml), the
six rules on bodies in whole statute excerpts with their divisions, whose disagreements were seen
before it could be split.

Run: `python -m benchmarks.accuracy [--part development|check|all] [--rule ID] [--show]`.
`--show` prints every disagreement of the parts shown: use it on the development part only.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from statuti_check.contract import Authority
from statuti_check.judge.audit import assess_text, findings_for, text_document
from statuti_check.judge.catalogue import Catalogue, load_catalogue
from statuti_check.read.structure import parse_statute

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus-dev"
CLAUSES = SHARED / "clauses.jsonl"
CONTRAST = SHARED / "contrast.jsonl"
SPLIT = Path(__file__).resolve().parent / "split.yaml"
REDTEAM = Path(__file__).resolve().parent / "redteam.yaml"
REDTEAM2 = Path(__file__).resolve().parent / "redteam2.yaml"
REDTEAM3 = Path(__file__).resolve().parent / "redteam3.yaml"
REDTEAM4 = Path(__file__).resolve().parent / "redteam4.yaml"
REDTEAM5 = Path(__file__).resolve().parent / "redteam5.yaml"
REDTEAM6 = Path(__file__).resolve().parent / "redteam6.yaml"
REDTEAM7 = Path(__file__).resolve().parent / "redteam7.yaml"
REDTEAM8 = Path(__file__).resolve().parent / "redteam8.yaml"
REDTEAM9 = Path(__file__).resolve().parent / "redteam9.yaml"
REDTEAM10 = Path(__file__).resolve().parent / "redteam10.yaml"
REVIEWS = Path(__file__).resolve().parent / "reviews.yaml"
DETECTED = ("conforme", "parziale")
PARTS = ("development", "check")
# The red teams scored whole and per rule, never shown: written blind, never read while tuning
WHOLLY_HELD_OUT = (REDTEAM4, REDTEAM6)
PAIR_SIDE = "--"  # "<pair>--a": one side of a minimal pair (redteam8.yaml)
# The authority the red-team clauses are judged for: every rule applies to it
REDTEAM_AUTHORITY = Authority(name="Comune di Prova", type="comune", population=10_000)


@cache
def split() -> dict[str, dict[str, object]]:
    """How the measured sets are divided into tuning and held-out parts (split.yaml), read once."""
    loaded: dict[str, dict[str, object]] = yaml.safe_load(SPLIT.read_text(encoding="utf-8"))
    return loaded


def clause_part(row: dict[str, object]) -> str:
    """'check' for a clause from a held-out region, 'development' otherwise."""
    regions = split()["clauses"]["check_regions"]
    return "check" if row["regione"] in regions else "development"  # type: ignore[operator]


def contrast_part(row: dict[str, object]) -> str:
    """'check' for a held-out contrast pair (by its number), 'development' otherwise."""
    spec = split()["contrast"]
    residue = int(row["pair"]) % int(spec["modulus"])  # type: ignore[call-overload]
    return "check" if residue in spec["check_residues"] else "development"  # type: ignore[operator]


def unseen(row: dict[str, object]) -> bool:
    """Whether a clause came after the v0.1 tuning (second batch): nobody tuned on it."""
    first = int(split()["clauses"]["first_unseen_id"])  # type: ignore[call-overload]
    row_id = str(row["id"])  # "devc-…" clauses came with the first batch
    return row_id.startswith("dev-") and int(row_id.removeprefix("dev-")) >= first


def load_rows(path: Path) -> list[dict[str, object]]:
    """The JSON lines of a corpus-dev file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def verdicts(
    row: dict[str, object], catalogue: Catalogue, authority_type: str = "comune"
) -> dict[str, tuple[str, str]]:
    """Rule id → (verdict, reason) on one clause, judged alone.

    Labels say what a clause's wording satisfies, so every rule that can must apply: an
    authority of 10,000 inhabitants of the clause's type.
    """
    heading = str(row.get("article_heading") or "")
    raw = f"{heading}\n{row['text']}" if heading else str(row["text"])
    document = text_document(raw, str(row["id"]))
    statute = parse_statute(document)
    authority = Authority(type=authority_type, population=10_000)  # type: ignore[arg-type]
    return {
        finding.rule_id: (finding.verdict, finding.reason)
        for finding in findings_for(statute, authority, catalogue, document.text)
    }


@dataclass
class Tally:
    """Counts of one rule on one part."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    n: int = 0
    present_exact: int = 0
    present: int = 0

    def add(self, label: str, predicted: str) -> None:
        """Count one clause's label against the verdict given."""
        self.tp += label in DETECTED and predicted in DETECTED
        self.fp += label not in DETECTED and predicted in DETECTED
        self.fn += label in DETECTED and predicted not in DETECTED
        # labels never say non_applicabile: a rule that does not apply gives no norm to find
        self.exact += label == predicted or (label, predicted) == ("assente", "non_applicabile")
        self.n += 1
        if label in DETECTED:
            self.present += 1
            self.present_exact += label == predicted

    @property
    def f1(self) -> float:
        """F1 of detection (1.0 when there is nothing to find and nothing was found)."""
        if not self.tp + self.fp + self.fn:
            return 1.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    @property
    def precision(self) -> float:
        """Share of detections that were labelled present."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of labelled clauses that were detected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Score:
    """Tallies of one part, its false `conforme`, its disagreements and its pairs."""

    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    false_conforme: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    pairs_right: int = 0
    pairs: int = 0

    def add(self, row_id: str, labels: dict[str, str], found: dict[str, tuple[str, str]]) -> bool:
        """Count one clause; whether every verdict equals its label."""
        right = True
        for rule, (predicted, reason) in found.items():
            label = labels.get(rule, "assente")
            self.tallies[rule].add(label, predicted)
            if predicted == "conforme" and label != "conforme":
                self.false_conforme.append(f"{row_id} {rule}: label {label}")
            if label != predicted and not (label == "assente" and predicted == "non_applicabile"):
                right = False
                self.disagreements.append(
                    f"{row_id} {rule}: label {label}, got {predicted}: {reason}"
                )
        return right

    def macro_f1(self) -> float:
        """Mean F1 over the rules with at least one positive in this part."""
        f1s = [t.f1 for t in self.tallies.values() if t.present]
        return sum(f1s) / len(f1s) if f1s else 1.0

    def present_exactness(self) -> float:
        """Verdict exactness over the clauses where a rule is present (label conforme/parziale)."""
        present = sum(t.present for t in self.tallies.values())
        return sum(t.present_exact for t in self.tallies.values()) / present if present else 1.0


def score_clauses(
    rows: Iterable[dict[str, object]], catalogue: Catalogue, rule: str | None
) -> Score:
    """The score of real clauses."""
    score = Score()
    for row in rows:
        found = verdicts(row, catalogue)
        if rule:
            found = {rule: found[rule]}
        score.add(str(row["id"]), row["labels"], found)  # type: ignore[arg-type]
    return score


def score_contrast(
    rows: Iterable[dict[str, object]], catalogue: Catalogue, rule: str | None
) -> Score:
    """The score of contrast clauses, and of their pairs (both sides right)."""
    score = Score()
    sides: dict[int, list[bool]] = defaultdict(list)
    for row in rows:
        found = verdicts(row, catalogue, str(row["authority_type"]))
        if rule:
            found = {rule: found[rule]}
        sides[int(row["pair"])].append(score.add(str(row["id"]), row["labels"], found))  # type: ignore[arg-type,call-overload]
    score.pairs = len(sides)
    score.pairs_right = sum(all(both) for both in sides.values())
    return score


def print_table(title: str, scores: dict[str, Score]) -> None:
    """Per rule P/R/F1/exactness for each part side by side, then the totals."""
    names = list(scores)
    rules = sorted({rule for score in scores.values() for rule in score.tallies})
    print(f"\n## {title}")
    header = f"{'rule':28}" + "".join(f" | {n[:11]:>11} P    R    F1  exact sup" for n in names)
    print(header)
    for rule in rules:
        line = f"{rule:28}"
        for name in names:
            t = scores[name].tallies[rule]
            line += (
                f" | {'':11} {t.precision:4.2f} {t.recall:4.2f} {t.f1:4.2f} "
                f"{t.exact / t.n if t.n else 1:5.2f} {t.present:3d}"
            )
        print(line)
    for name, score in scores.items():
        pairs = f", pairs both right {score.pairs_right}/{score.pairs}" if score.pairs else ""
        print(
            f"{name}: macro-F1 {score.macro_f1():.3f}, exactness on present rules "
            f"{score.present_exactness():.3f}, false conforme {len(score.false_conforme)}{pairs}"
        )
        for line in score.false_conforme:
            print(f"  false conforme: {line}")


def evaluate(parts: tuple[str, ...], rule: str | None, show: bool) -> None:
    """Score the real clauses and the contrast pairs of the parts asked for."""
    catalogue = load_catalogue()
    clauses, contrast = load_rows(CLAUSES), load_rows(CONTRAST)
    clause_scores = {
        part: score_clauses([r for r in clauses if clause_part(r) == part], catalogue, rule)
        for part in parts
    }
    if "check" in parts:
        held_out = [r for r in clauses if clause_part(r) == "check" and unseen(r)]
        clause_scores["check, 2nd batch"] = score_clauses(held_out, catalogue, rule)
    print_table("Real clauses (corpus-dev/clauses.jsonl)", clause_scores)
    contrast_scores = {
        part: score_contrast([r for r in contrast if contrast_part(r) == part], catalogue, rule)
        for part in parts
    }
    print_table("Contrast pairs (corpus-dev/contrast.jsonl)", contrast_scores)
    if show:
        for part in parts:
            for line in clause_scores[part].disagreements + contrast_scores[part].disagreements:
                print(f"  [{part}] {line}")


def redteam_part(row: dict[str, str]) -> str:
    """'tuning' or 'held out' for a row of a split red team (redteam2, 3, 5, 7 and 8).

    Half of each set may be read while fixing verdicts; the other half is only scored. The half
    follows the CRC-32 of the row's name, so rows that share a name (redteam3.yaml and
    redteam5.yaml name every row of a clause judged for several rules alike) stay in one half,
    and so do the two sides of a minimal pair ("<pair>--a", "<pair>--b": redteam8.yaml).
    """
    return "held out" if zlib.crc32(pair_of(row).encode()) % 2 else "tuning"


def pair_of(row: dict[str, str]) -> str:
    """The name of a row's minimal pair (its name without the side), or its own name."""
    return row["name"].split(PAIR_SIDE, 1)[0]


def _load(path: Path) -> list[dict[str, str]]:
    """The rows of a red-team file."""
    rows: list[dict[str, str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return rows


def wholly_held_out_title(path: Path) -> str:
    """The title a wholly held-out red team is scored under (and its counts found by)."""
    return f"benchmarks/{path.name}, wholly held out"


def _whole(path: Path) -> tuple[str, list[dict[str, str]], bool]:
    """A wholly held-out red team as one set, never shown."""
    return wholly_held_out_title(path), _load(path), False


def _halves(path: Path) -> list[tuple[str, list[dict[str, str]], bool]]:
    """A split red team as two sets: its tuning half (shown) and its held-out half (only scored)."""
    rows = _load(path)
    return [
        (f"benchmarks/{path.name}, {part} half",
         [r for r in rows if redteam_part(r) == part], part == "tuning")
        for part in ("tuning", "held out")
    ]  # fmt: skip


def redteam_sets() -> list[tuple[str, list[dict[str, str]], bool]]:
    """The red-team sets scored: (title, rows, whether their disagreements may be shown)."""
    return [
        ("benchmarks/redteam.yaml", _load(REDTEAM), True),
        ("benchmarks/reviews.yaml", _load(REVIEWS), True),
        *_halves(REDTEAM2),
        *_halves(REDTEAM3),
        _whole(REDTEAM4),
        *_halves(REDTEAM5),
        _whole(REDTEAM6),
        *_halves(REDTEAM7),
        *_halves(REDTEAM8),
        ("benchmarks/redteam9.yaml", _load(REDTEAM9), True),
        ("benchmarks/redteam10.yaml", _load(REDTEAM10), True),
    ]


def redteam_verdict(row: dict[str, str], catalogue: Catalogue) -> str:
    """The verdict on a red-team row: its clause judged alone for its rule, in a comune of 10,000.

    The `engine` field of redteam2.yaml to redteam10.yaml records this verdict as it was when each
    set was written.
    """
    rule = catalogue.rule(row["rule"])
    return assess_text(rule, row["text"], REDTEAM_AUTHORITY, catalogue).verdict


def evaluate_redteam(rule: str | None, show: bool) -> None:
    """The red-team clauses: wrong verdicts and false `conforme`, by wording family.

    The wholly held-out sets are counted by rule instead: counts only, whatever `show` says.
    """
    catalogue = load_catalogue()
    whole = {wholly_held_out_title(path) for path in WHOLLY_HELD_OUT}
    for title, all_rows, showable in redteam_sets():
        rows = [r for r in all_rows if rule in (None, r["rule"])]
        judged = [(row, redteam_verdict(row, catalogue)) for row in rows]
        wrong: dict[bool, int] = defaultdict(int)
        false_conforme: dict[str, int] = defaultdict(int)
        for row, verdict in judged:
            if verdict == row["expected"]:
                continue
            wrong["dubbio" in row] += 1
            if verdict == "conforme" and "dubbio" not in row:
                false_conforme[row["family"]] += 1
            if show and showable:
                print(f"  [red team] {row['name']} {row['rule']}: {row['expected']} -> {verdict}")
        sure = sum("dubbio" not in r for r in rows)
        print(f"\n## Red-team clauses ({title})\n{len(rows)} judgements, {sure} with a sure "
              f"label: {wrong[False]} wrong ({sum(false_conforme.values())} false conforme); "
              f"{wrong[True]} wrong where the label is uncertain")  # fmt: skip
        if any(PAIR_SIDE in row["name"] for row in rows):
            print(_pairs_line(judged))
        if showable:
            for family, count in sorted(false_conforme.items(), key=lambda item: -item[1]):
                print(f"  {count:3d} false conforme: {family}")
        if title in whole:
            print_per_rule(judged)


def _pairs_line(judged: list[tuple[dict[str, str], str]]) -> str:
    """How many minimal pairs have both sides right (pairs with an uncertain side left out)."""
    sides: dict[str, list[bool]] = defaultdict(list)
    uncertain = {pair_of(row) for row, _ in judged if "dubbio" in row}
    for row, verdict in judged:
        sides[pair_of(row)].append(verdict == row["expected"])
    sure = [all(right) for pair, right in sides.items() if pair not in uncertain]
    return f"  pairs with sure labels: {sum(sure)} of {len(sure)} with both sides right"


def print_per_rule(judged: list[tuple[dict[str, str], str]]) -> None:
    """Wrong verdicts and false `conforme` of the sure labels, per rule: counts, never rows.

    A wholly held-out set says where the engine fails on unseen wording without saying which
    clause, so that nobody tunes to it.
    """
    sure: dict[str, int] = defaultdict(int)
    wrong: dict[str, int] = defaultdict(int)
    false_conforme: dict[str, int] = defaultdict(int)
    for row, verdict in judged:
        if "dubbio" in row:
            continue
        sure[row["rule"]] += 1
        wrong[row["rule"]] += verdict != row["expected"]
        false_conforme[row["rule"]] += verdict == "conforme" and row["expected"] != "conforme"
    for rule in sorted(sure):
        print(f"  {rule:28} {sure[rule]:3d} sure, {wrong[rule]:2d} wrong "
              f"({false_conforme[rule]} false conforme)")  # fmt: skip


def evaluate_corpus() -> None:
    """Verdicts on the corpus/ samples against the verdicts their sidecars record."""
    from statuti_check.judge.audit import audit_file

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
    print(f"\ncorpus/: {agree} of {total} verdicts equal their sidecars")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=[*PARTS, "all"], default="all")
    parser.add_argument("--rule", help="only this rule id")
    parser.add_argument("--show", action="store_true", help="print every disagreement")
    args = parser.parse_args()
    if not CLAUSES.exists():
        print(f"{CLAUSES} not found: the development clauses live in ../shared", file=sys.stderr)
        return 1
    parts = PARTS if args.part == "all" else (args.part,)
    evaluate(parts, args.rule, args.show)
    evaluate_redteam(args.rule, args.show)
    evaluate_corpus()
    return 0


if __name__ == "__main__":
    sys.exit(main())
