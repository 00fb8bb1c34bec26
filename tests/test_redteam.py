"""The red-team sets of benchmarks/: their format and their split into a tuning and a held-out half.

The assertions state counts only, so that a failure never prints a held-out clause.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from benchmarks.accuracy import REDTEAM2, REDTEAM3, redteam_part, redteam_sets
from statuti_check.judge.catalogue import load_catalogue

VERDICTS = {"conforme", "parziale", "assente", "non_applicabile"}
FIELDS = {"name", "rule", "text", "expected", "family", "engine"}


def _rows(path: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return rows


@pytest.mark.parametrize("path", [REDTEAM2, REDTEAM3], ids=lambda path: path.name)
def test_a_split_red_team_is_cut_near_half(path: Path) -> None:
    rows = _rows(path)
    held_out = sum(redteam_part(row) == "held out" for row in rows)
    assert 0.4 <= held_out / len(rows) <= 0.6


def test_redteam3_keeps_each_clause_in_one_half() -> None:
    """A clause judged for several rules must not be read through its twin in the tuning half."""
    halves: dict[str, set[str]] = defaultdict(set)
    for row in _rows(REDTEAM3):
        halves[row["text"]].add(redteam_part(row))
    split = sum(len(parts) > 1 for parts in halves.values())
    assert split == 0, f"{split} clauses have rows in both halves"


def test_redteam3_rows_are_well_formed() -> None:
    rows = _rows(REDTEAM3)
    catalogue = load_catalogue()
    for row in rows:
        catalogue.rule(row["rule"])  # an unknown rule raises
    malformed = sum(
        not FIELDS <= set(row) <= FIELDS | {"dubbio"}
        or not row["name"].startswith("g3-")
        or row["expected"] not in VERDICTS
        or row["engine"] not in VERDICTS
        for row in rows
    )
    assert malformed == 0, f"{malformed} malformed rows"
    assert len({(row["name"], row["rule"]) for row in rows}) == len(rows) == 300


def test_held_out_halves_are_scored_but_never_shown() -> None:
    sets = {title: showable for title, _, showable in redteam_sets()}
    held_out = [title for title in sets if title.endswith("held out half")]
    assert held_out == [
        "benchmarks/redteam2.yaml, held out half",
        "benchmarks/redteam3.yaml, held out half",
    ]
    assert not any(sets[title] for title in held_out)
    assert sets["benchmarks/redteam3.yaml, tuning half"]
