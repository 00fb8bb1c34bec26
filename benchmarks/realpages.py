"""Accuracy on real statute articles gathered from stored public pages, kept outside the repository.

The articles are statutes as published (third-party text), so the project does not ship them. A
directory (`--dir`, else $STATUTI_REALPAGES, else ../realpages beside the repository) holds, for
each collecting group G, `G_texts.jsonl` (one article a line, with the fields of corpus-dev's
clauses.jsonl but no labels) and `G_labels1.jsonl`, `G_labels2.jsonl`: the labels of two readers
who worked independently with the corpus's annotation guide (`id`, `labels`, `dubbio`, `note`).

A rule's label on an article is sure when the two readers agree and neither marked it `dubbio`;
the others are counted apart. The articles are split by region (split.yaml, `realpages`): the
held-out regions are only scored, their disagreements never printed, as for corpus-dev's check
part. None of these regions' articles is in corpus-dev's check part.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.accuracy import Score, load_rows, split, verdicts
from statuti_check.contract import AUTHORITY_TYPES
from statuti_check.judge.catalogue import Catalogue, load_catalogue

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "realpages"


@dataclass
class Reading:
    """The labels two readers agree on, and the rules where they differ or either is unsure."""

    sure: dict[str, str]
    unsure: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, first: dict[str, object], second: dict[str, object], rules: list[str]) -> Reading:
        """Every rule's label on one article: sure, or the two readers' labels when unsure."""
        reading = cls(sure={})
        doubtful = {*first.get("dubbio", ()), *second.get("dubbio", ())}  # type: ignore[misc]
        for rule in rules:
            one = first["labels"].get(rule, "assente")  # type: ignore[attr-defined]
            two = second["labels"].get(rule, "assente")  # type: ignore[attr-defined]
            if one == two and rule not in doubtful:
                reading.sure[rule] = one
            else:
                reading.unsure[rule] = (one, two)
        return reading


def held_out(row: dict[str, object]) -> bool:
    """Whether an article is in a held-out region (split.yaml)."""
    regions = split()["realpages"]["held_out_regions"]
    return _region(str(row["regione"])) in {_region(r) for r in regions}  # type: ignore[attr-defined]


def _region(name: str) -> str:
    """A region's name as compared: "Emilia Romagna" and "Emilia-Romagna" are one."""
    return name.lower().replace("-", " ").strip()


@dataclass
class Part:
    """The score of one part on sure labels, and its wrong verdicts where the readers differ."""

    score: Score = field(default_factory=Score)
    unsure_lines: list[str] = field(default_factory=list)

    @property
    def unsure_wrong(self) -> int:
        """Verdicts that are neither reader's label, where the readers differ or doubt."""
        return len(self.unsure_lines)


def score(directory: Path, catalogue: Catalogue) -> tuple[dict[str, Part], Counter[bool]]:
    """Both parts' scores, and the readers' agreement over (article, rule)."""
    parts = {"tuning": Part(), "held out": Part()}
    agreement: Counter[bool] = Counter()
    for texts in sorted(directory.glob("*_texts.jsonl")):
        group = texts.name.removesuffix("_texts.jsonl")
        if not all((directory / f"{group}_labels{n}.jsonl").exists() for n in (1, 2)):
            print(f"{group}: not labelled by two readers yet, left out", file=sys.stderr)
            continue
        first, second = (
            {str(r["id"]): r for r in load_rows(directory / f"{group}_labels{n}.jsonl")}
            for n in (1, 2)
        )
        for row in load_rows(texts):
            kind = str(row.get("tipo"))
            found = verdicts(row, catalogue, kind if kind in AUTHORITY_TYPES else "comune")
            reading = Reading.of(first[str(row["id"])], second[str(row["id"])], list(found))
            agreement.update(a == b for a, b in reading.unsure.values())
            agreement[True] += len(reading.sure)
            part = parts["held out" if held_out(row) else "tuning"]
            part.score.add(str(row["id"]), reading.sure, {r: found[r] for r in reading.sure})
            for rule, labels in reading.unsure.items():
                if found[rule][0] not in labels:
                    part.unsure_lines.append(f"{row['id']} {rule}: {labels} → {found[rule][0]}")
    return parts, agreement


def _print_part(name: str, part: Part, show: bool) -> None:
    """One part's summary line, its false `conforme` and, for the tuning part, its disagreements."""
    s = part.score
    present = sum(t.present for t in s.tallies.values())
    print(f"{name}: macro-F1 {s.macro_f1():.3f}, exactness on present rules "
          f"{s.present_exactness():.3f} ({present} present), {len(s.disagreements)} wrong, "
          f"false conforme {len(s.false_conforme)}; {part.unsure_wrong} wrong where the "
          "readers differ or doubt")  # fmt: skip
    for line in s.false_conforme:
        print(f"  false conforme: {line}")
    if show and name == "tuning":
        for line in [*s.disagreements, *part.unsure_lines]:
            print(f"  [{name}] {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(os.environ.get("STATUTI_REALPAGES", DEFAULT_DIR))
    parser.add_argument("--dir", type=Path, default=default)
    parser.add_argument("--show", action="store_true", help="print the tuning part's disagreements")
    args = parser.parse_args()
    if not any(args.dir.glob("*_texts.jsonl")):
        print(f"{args.dir}: no real pages, skipped (third-party text, kept outside the repository)",
              file=sys.stderr)  # fmt: skip
        return 0
    parts, agreement = score(args.dir, load_catalogue())
    print(f"readers agree on {agreement[True]} of {agreement.total()} (article, rule) labels")
    for name, part in parts.items():
        _print_part(name, part, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
