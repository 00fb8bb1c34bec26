"""The red-team sets of benchmarks/: their format and their split into a tuning and a held-out half.

The assertions state counts only, so that a failure never prints a held-out clause.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from benchmarks.accuracy import (
    REDTEAM2,
    REDTEAM3,
    REDTEAM4,
    WHOLLY_HELD_OUT,
    evaluate_redteam,
    redteam_part,
    redteam_sets,
)
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


@pytest.mark.parametrize(
    ("path", "prefix", "size"),
    [(REDTEAM3, "g3-", 300), (REDTEAM4, "g4-", 232)],
    ids=lambda value: value.name if isinstance(value, Path) else str(value),
)
def test_red_team_rows_are_well_formed(path: Path, prefix: str, size: int) -> None:
    rows = _rows(path)
    catalogue = load_catalogue()
    for row in rows:
        catalogue.rule(row["rule"])  # an unknown rule raises
    malformed = sum(
        not FIELDS <= set(row) <= FIELDS | {"dubbio"}
        or not row["name"].startswith(prefix)
        or row["expected"] not in VERDICTS
        or row["engine"] not in VERDICTS
        for row in rows
    )
    assert malformed == 0, f"{malformed} malformed rows"
    assert len({(row["name"], row["rule"]) for row in rows}) == len(rows) == size


def test_redteam4_covers_every_rule() -> None:
    """The blind set estimates accuracy on unseen wording for the whole catalogue."""
    rules = {row["rule"] for row in _rows(REDTEAM4)}
    assert rules == {rule.id for rule in load_catalogue().rules}


def test_redteam4_clauses_share_one_text_per_name() -> None:
    """A clause judged for several rules is one text under one name."""
    texts: dict[str, set[str]] = defaultdict(set)
    for row in _rows(REDTEAM4):
        texts[row["name"]].add(row["text"])
    assert sum(len(versions) > 1 for versions in texts.values()) == 0


def test_held_out_halves_are_scored_but_never_shown() -> None:
    sets = {title: showable for title, _, showable in redteam_sets()}
    held_out = [title for title in sets if title.endswith("held out half")]
    assert held_out == [
        "benchmarks/redteam2.yaml, held out half",
        "benchmarks/redteam3.yaml, held out half",
    ]
    assert not any(sets[title] for title in held_out)
    assert sets["benchmarks/redteam3.yaml, tuning half"]
    assert sets[WHOLLY_HELD_OUT] is False


def test_the_wholly_held_out_set_is_counted_per_rule_even_with_show(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--show` prints no row of redteam4.yaml, only its counts (which rows are wrong stays unseen)."""
    evaluate_redteam("bilancio-genere", show=True)
    out = capsys.readouterr().out
    leaks = sum(line.lstrip().startswith("[red team] g4-") for line in out.splitlines())
    assert leaks == 0, f"{leaks} rows of the wholly held-out set printed"
    section = out.split(f"({WHOLLY_HELD_OUT})", 1)[1]
    assert "judgements" in section
    assert "  bilancio-genere " in section
