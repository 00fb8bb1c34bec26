"""Wording families × body rules (tests/fixtures/families.yaml): the verdict follows the family.

Each form of a family (binding, aim, proviso, negation) is written around each body rule's object,
so a form that works for the Giunta but not for the nominations, or a proviso the closed list
lacks, fails here by name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from statuti_check.contract import Authority
from statuti_check.judge.audit import assess_text
from statuti_check.judge.catalogue import load_catalogue

CATALOGUE = load_catalogue()
GRID = yaml.safe_load((Path(__file__).parent / "fixtures" / "families.yaml").read_text("utf-8"))
# A comune where every rule applies: the grid tests wording, not applicability.
AUTHORITY = Authority(name="Comune di prova", type="comune", population=10_000)


def _clause(form: str, place: str) -> str:
    fronted = place[0].upper() + place[1:] + ","
    return form.format(obj=GRID["object"], loc=place, Loc=fronted)


CASES = [
    pytest.param(rule, _clause(form, place), family["verdict"], id=f"{name}-{rule}-{number}")
    for name, family in GRID["families"].items()
    for number, form in enumerate(family["forms"])
    for rule, place in GRID["bodies"].items()
]


@pytest.mark.parametrize(("rule", "clause", "verdict"), CASES)
def test_family_form_gets_the_family_verdict(rule: str, clause: str, verdict: str):
    finding = assess_text(CATALOGUE.rule(rule), clause, AUTHORITY, CATALOGUE)
    assert finding.verdict == verdict, f"{clause!r}: {finding.reason}"


def test_every_body_rule_is_in_the_grid():
    bodies = {rule.id for rule in CATALOGUE.rules if rule.body_topic}
    missing = bodies - set(GRID["bodies"]) - set(GRID["shares"])
    assert not missing, f"add a place for {sorted(missing)} to tests/fixtures/families.yaml"
