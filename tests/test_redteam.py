"""The red-team sets of benchmarks/: their format and their split into a tuning and a held-out half.

The assertions state counts only, so that a failure never prints a held-out clause.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from benchmarks import accuracy
from benchmarks.accuracy import (
    REDTEAM2,
    REDTEAM3,
    REDTEAM4,
    REDTEAM5,
    REDTEAM6,
    REDTEAM7,
    REDTEAM8,
    REDTEAM9,
    REDTEAM10,
    WHOLLY_HELD_OUT,
    evaluate_redteam,
    redteam_part,
    redteam_sets,
    wholly_held_out_title,
)
from statuti_check.judge.catalogue import load_catalogue

# da_verificare: a norm whose body only a capo or sezione names, for a person to confirm
VERDICTS = {"conforme", "parziale", "assente", "non_applicabile", "da_verificare"}
# What a label can say: a rule that does not apply gives no norm to find, so never non_applicabile
LABELS = {"conforme", "parziale", "assente"}
FIELDS = {"name", "rule", "text", "expected", "family", "engine"}


def _rows(path: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return rows


@pytest.mark.parametrize(
    "path", [REDTEAM2, REDTEAM3, REDTEAM5, REDTEAM7, REDTEAM8], ids=lambda path: path.name
)
def test_a_split_red_team_is_cut_near_half(path: Path) -> None:
    rows = _rows(path)
    held_out = sum(redteam_part(row) == "held out" for row in rows)
    assert 0.4 <= held_out / len(rows) <= 0.6


@pytest.mark.parametrize("path", [REDTEAM3, REDTEAM5, REDTEAM7], ids=lambda path: path.name)
def test_a_split_red_team_keeps_each_clause_in_one_half(path: Path) -> None:
    """A clause judged for several rules must not be read through its twin in the tuning half."""
    halves: dict[str, set[str]] = defaultdict(set)
    for row in _rows(path):
        halves[row["text"]].add(redteam_part(row))
    split = sum(len(parts) > 1 for parts in halves.values())
    assert split == 0, f"{split} clauses have rows in both halves"


@pytest.mark.parametrize(
    ("path", "prefix", "size"),
    [
        (REDTEAM3, "g3-", 300),
        (REDTEAM4, "g4-", 232),
        (REDTEAM5, "g5-", 278),
        (REDTEAM6, "g6-", 258),
        (REDTEAM7, "g7-", 238),
        (REDTEAM8, "g8-", 250),
        (REDTEAM9, "g9-", 187),
        (REDTEAM10, "g10-", 184),
    ],
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


BLIND = [REDTEAM4, REDTEAM5, REDTEAM6, REDTEAM7, REDTEAM8]


def _shown_with_every_verdict_wrong(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> str:
    """What `--show` prints for one rule when every verdict is wrong, so every row could leak."""
    monkeypatch.setattr(accuracy, "redteam_verdict", lambda row, catalogue: "non_applicabile")
    evaluate_redteam("bilancio-genere", show=True)
    return capsys.readouterr().out


@pytest.mark.parametrize("path", BLIND, ids=lambda path: path.name)
def test_a_blind_red_team_covers_every_rule(path: Path) -> None:
    """A blind set estimates accuracy on unseen wording for the whole catalogue."""
    rules = {row["rule"] for row in _rows(path)}
    assert rules == {rule.id for rule in load_catalogue().rules}


@pytest.mark.parametrize("path", BLIND, ids=lambda path: path.name)
def test_a_blind_red_team_shares_one_text_per_name(path: Path) -> None:
    """A clause judged for several rules is one text under one name."""
    texts: dict[str, set[str]] = defaultdict(set)
    for row in _rows(path):
        texts[row["name"]].add(row["text"])
    assert sum(len(versions) > 1 for versions in texts.values()) == 0


def test_a_minimal_pair_has_two_sides_in_one_half() -> None:
    """Each pair of redteam8.yaml is two rows for one rule, and its sides share a half."""
    pairs: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _rows(REDTEAM8):
        pairs[accuracy.pair_of(row)].append(row)
    odd = sum(
        sorted(row["name"].rsplit("--", 1)[1] for row in rows) != ["a", "b"]
        or len({row["rule"] for row in rows}) != 1
        or len({redteam_part(row) for row in rows}) != 1
        for rows in pairs.values()
    )
    assert (len(pairs), odd) == (125, 0)


def test_held_out_halves_are_scored_but_never_shown() -> None:
    sets = {title: showable for title, _, showable in redteam_sets()}
    held_out = [title for title in sets if title.endswith("held out half")]
    assert held_out == [
        "benchmarks/redteam2.yaml, held out half",
        "benchmarks/redteam3.yaml, held out half",
        "benchmarks/redteam5.yaml, held out half",
        "benchmarks/redteam7.yaml, held out half",
        "benchmarks/redteam8.yaml, held out half",
    ]
    assert not any(sets[title] for title in held_out)
    assert sets["benchmarks/redteam3.yaml, tuning half"]
    assert sets["benchmarks/redteam5.yaml, tuning half"]
    assert sets["benchmarks/redteam7.yaml, tuning half"]
    assert sets["benchmarks/redteam8.yaml, tuning half"]
    assert not any(sets[wholly_held_out_title(path)] for path in WHOLLY_HELD_OUT)


@pytest.mark.parametrize(
    ("path", "prefix"), [(REDTEAM4, "g4-"), (REDTEAM6, "g6-")], ids=("redteam4", "redteam6")
)
def test_a_wholly_held_out_set_is_counted_per_rule_even_with_show(
    path: Path, prefix: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--show` prints no row of the set, only its counts (which rows are wrong stays unseen).

    Every verdict is made wrong, so that each of its rows is a disagreement that could leak.
    """
    out = _shown_with_every_verdict_wrong(capsys, monkeypatch)
    leaks = sum(line.lstrip().startswith(f"[red team] {prefix}") for line in out.splitlines())
    assert leaks == 0, f"{leaks} rows of the wholly held-out set printed"
    section = out.split(f"({wholly_held_out_title(path)})", 1)[1].split("\n## ", 1)[0]
    assert "judgements" in section
    assert "  bilancio-genere " in section


@pytest.mark.parametrize(
    "path",
    [REDTEAM5, REDTEAM6, REDTEAM7, REDTEAM8, REDTEAM9, REDTEAM10],
    ids=lambda path: path.name,
)
def test_a_blind_red_team_labels_say_what_a_labeller_can_say(path: Path) -> None:
    """Sure labels are conforme, parziale or assente; an uncertain one says why."""
    rows = _rows(path)
    invalid = sum(row["expected"] not in LABELS for row in rows)
    unexplained = sum("dubbio" in row and not str(row["dubbio"]).strip() for row in rows)
    assert (invalid, unexplained) == (0, 0)


@pytest.mark.parametrize(
    ("path", "other_floor"), [(REDTEAM5, 10), (REDTEAM6, 8)], ids=("redteam5", "redteam6")
)
def test_a_blind_red_team_weighs_every_rule_as_written(path: Path, other_floor: int) -> None:
    """The general principle, the grounds and each body rule are judged often enough to count.

    Every other rule needs `other_floor` rows: each set was written to its own brief.
    """
    per_rule: dict[str, int] = defaultdict(int)
    for row in _rows(path):
        per_rule[row["rule"]] += 1
    body_rules = ("giunta-entrambi-sessi", "giunta-quota-40", "organi-collegiali-genere",
                  "nomine-enti-genere", "commissioni-concorso")  # fmt: skip
    floors = {"pari-opportunita-principio": 40, "non-discriminazione": 25}
    floors |= {rule: 15 for rule in body_rules}
    short = sum(count < floors.get(rule, other_floor) for rule, count in per_rule.items())
    assert short == 0, f"{short} rules judged too few times"


@pytest.mark.parametrize(
    ("path", "prefix"),
    [(REDTEAM5, "g5-"), (REDTEAM7, "g7-"), (REDTEAM8, "g8-")],
    ids=("redteam5", "redteam7", "redteam8"),
)
def test_a_split_red_team_never_prints_its_held_out_rows(
    path: Path, prefix: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--show` prints the tuning half's disagreements, never a row of the held-out half.

    Every verdict is made wrong, so that each row of both halves is a disagreement to print.
    """
    printed = {
        line.split()[2]
        for line in _shown_with_every_verdict_wrong(capsys, monkeypatch).splitlines()
        if line.lstrip().startswith(f"[red team] {prefix}")
    }
    rows = [row for row in _rows(path) if row["rule"] == "bilancio-genere"]
    tuning = {row["name"] for row in rows if redteam_part(row) == "tuning"}
    assert printed == tuning
