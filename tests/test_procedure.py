"""The approval procedure of a statute amendment, per authority type, is data with its sources."""

from __future__ import annotations

import pytest

from statuti_check.act.procedure import procedure_for
from statuti_check.contract import AUTHORITY_TYPES

# What the law says for each type, as the draft must state it (statuti_check/data/procedure.yaml)
LAW = {
    "comune": ("Consiglio comunale", "Art. 6, commi 4 e 5", "due terzi dei consiglieri assegnati"),
    "provincia": ("Assemblea dei sindaci", "Art. 1, comma 55", "almeno un terzo dei comuni"),
    "citta_metropolitana": ("Conferenza metropolitana", "Art. 1, commi 8 e 9",
                            "almeno un terzo dei comuni"),
    "unione": ("Consiglio dell'Unione", "Art. 32, comma 4", "maggioranza prevista dallo Statuto"),
}  # fmt: skip


@pytest.mark.parametrize("authority_type", AUTHORITY_TYPES)
def test_each_type_has_its_organ_majority_and_sources(authority_type):
    procedure = procedure_for(authority_type)
    body, citation, majority = LAW[authority_type]
    assert procedure.approving_body == body
    assert any(c.startswith(citation) for c in procedure.citations)
    assert majority in procedure.approval
    assert all(premise.citation for premise in procedure.premises)
    assert procedure.approval.endswith(";") and procedure.publication.endswith(";")
    assert procedure.entry_into_force.endswith(".")


@pytest.mark.parametrize("authority_type", ["citta_metropolitana", "unione"])
def test_where_the_law_leaves_a_step_to_the_statute_the_text_says_so(authority_type):
    procedure = procedure_for(authority_type)
    assert "in quanto compatibile" in procedure.publication
    assert "previsti dallo Statuto" in procedure.entry_into_force


def test_an_unrecognised_type_gets_the_procedure_of_a_comune():
    assert procedure_for(None) == procedure_for("comune")


@pytest.mark.parametrize(
    ("authority_type", "words"),
    [("comune", "di approvare le seguenti modifiche allo Statuto del Comune:"),
     ("provincia", "per proporle all'Assemblea dei sindaci"),
     ("citta_metropolitana", "per proporle alla Conferenza metropolitana"),
     ("unione", "di approvare le seguenti modifiche allo Statuto dell'Unione:")],
)  # fmt: skip
def test_a_council_that_only_proposes_says_so_in_the_first_point(authority_type, words):
    assert words in procedure_for(authority_type).adopt
