"""Accuracy on the real clauses of ../shared/corpus-dev: the development part only.

The check part (benchmarks/split.yaml) is scored by `python -m benchmarks.accuracy`, never
asserted here: a test on it would invite tuning to it.
"""

from __future__ import annotations

import pytest

from benchmarks.accuracy import (
    CLAUSES,
    CONTRAST,
    clause_part,
    contrast_part,
    load_rows,
    score_clauses,
    score_contrast,
)
from statuti_check.judge.catalogue import load_catalogue

pytestmark = [
    pytest.mark.skipif(
        not CLAUSES.exists() or not CONTRAST.exists(),
        reason="../shared/corpus-dev is not beside the repository (real clauses are not shipped)",
    ),
    pytest.mark.slow,  # audits every clause of ../shared/corpus-dev
]


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_development_clauses_no_false_conforme_and_macro_f1(catalogue):
    rows = [row for row in load_rows(CLAUSES) if clause_part(row) == "development"]
    score = score_clauses(rows, catalogue, None)
    assert score.false_conforme == []
    assert score.macro_f1() >= 0.97


def test_development_contrast_pairs_no_false_conforme(catalogue):
    rows = [row for row in load_rows(CONTRAST) if contrast_part(row) == "development"]
    score = score_contrast(rows, catalogue, None)
    assert score.false_conforme == []
    assert score.pairs_right >= 0.9 * score.pairs


def test_the_split_keeps_whole_regions_and_whole_pairs_apart():
    clauses = load_rows(CLAUSES)
    regions = {part: {row["regione"] for row in clauses if clause_part(row) == part}
               for part in ("development", "check")}  # fmt: skip
    assert regions["development"].isdisjoint(regions["check"])
    checked = sum(clause_part(row) == "check" for row in clauses) / len(clauses)
    assert 0.25 <= checked <= 0.35
    pairs: dict[object, set[str]] = {}
    for row in load_rows(CONTRAST):
        pairs.setdefault(row["pair"], set()).add(contrast_part(row))
    assert all(len(parts) == 1 for parts in pairs.values())
