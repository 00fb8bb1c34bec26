"""The reviewers' clauses of benchmarks/reviews.yaml: their format.

Their verdicts are scored by benchmarks.accuracy, not asserted here: a review is written to find
wrong verdicts, and some of its rows stay wrong until the engine is fixed on them.
"""

from __future__ import annotations

from collections import Counter

import yaml

from benchmarks.accuracy import REVIEWS
from statuti_check.judge.catalogue import load_catalogue
from tests.test_redteam import LABELS, VERDICTS

FIELDS = {"name", "rule", "text", "expected", "family"}
# a review written against a given engine records that engine's verdict (`engine`) and may say why a
# label is uncertain (`dubbio`)
OPTIONAL = {"engine", "dubbio"}


def _rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = yaml.safe_load(REVIEWS.read_text(encoding="utf-8"))
    return rows


def test_review_rows_are_well_formed() -> None:
    catalogue = load_catalogue()
    rows = _rows()
    for row in rows:
        catalogue.rule(row["rule"])  # an unknown rule raises
    malformed = sum(
        not FIELDS <= set(row) <= FIELDS | OPTIONAL
        or row["expected"] not in LABELS
        or row.get("engine", "conforme") not in VERDICTS
        or not row["family"].startswith("review ")
        or not row["name"].startswith(f"r{row['family'].removeprefix('review ')}-")
        for row in rows
    )
    assert malformed == 0, f"{malformed} malformed rows"
    assert len({(row["name"], row["rule"]) for row in rows}) == len(rows)


def test_review_7_is_recorded_whole() -> None:
    """Review 7 (against the engine of commit f8a303d) keeps every row and the verdict it met."""
    rows = [row for row in _rows() if row["family"] == "review 7"]
    assert len(rows) == 108
    assert all("engine" in row for row in rows)
    assert Counter(row["engine"] != row["expected"] for row in rows)[True] == 43


def test_review_8_is_recorded_whole() -> None:
    """Review 8 (against the engine of commit ec48b88, after the review 7 fixes) keeps every row and
    the verdict it met."""
    rows = [row for row in _rows() if row["family"] == "review 8"]
    assert len(rows) == 113
    assert all("engine" in row for row in rows)
    assert Counter(row["engine"] != row["expected"] for row in rows)[True] == 39
