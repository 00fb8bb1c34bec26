"""Verdicts that hold when a clause is written another way (benchmarks/invariance.py, in small).

Each rewrite keeps the meaning of a clause as real statutes vary it; the verdict must not move.
"""

from __future__ import annotations

import pytest

from benchmarks.invariance import REWRITES
from statuti_check.contract import Authority
from statuti_check.judge.audit import assess_text
from statuti_check.judge.catalogue import load_catalogue

CATALOGUE = load_catalogue()
COMUNE = Authority(name="Comune di prova", type="comune", population=10_000)
CLAUSES = [  # (rule, clause, verdict): one of each strength, worded as statutes word them
    ("giunta-entrambi-sessi", "Il Sindaco nomina la Giunta garantendo la presenza di entrambi i sessi.", "conforme"),
    ("giunta-quota-40", "La Giunta è composta in modo che nessuno dei due sessi sia rappresentato in misura inferiore al 40 per cento.", "conforme"),
    ("giunta-quota-40", "Il Sindaco garantisce che nella Giunta ciascun sesso sia rappresentato in misura non inferiore a un terzo.", "parziale"),
    ("pari-opportunita-principio", "Il Comune promuove la parità tra donne e uomini nel lavoro, nella famiglia e in ogni ambito della vita sociale.", "conforme"),
    ("pari-opportunita-principio", "Il Comune assicura pari opportunità tra donne e uomini al proprio personale dipendente.", "parziale"),
    ("organi-collegiali-genere", "Il Comune promuove, ove possibile, la presenza di entrambi i sessi nelle commissioni comunali.", "parziale"),
]  # fmt: skip


@pytest.mark.parametrize("rewrite", list(REWRITES))
@pytest.mark.parametrize(("rule", "clause", "verdict"), CLAUSES)
def test_a_rewrite_that_keeps_the_meaning_keeps_the_verdict(
    rewrite: str, rule: str, clause: str, verdict: str
):
    assert assess_text(CATALOGUE.rule(rule), clause, COMUNE, CATALOGUE).verdict == verdict
    rewritten = REWRITES[rewrite](clause)
    assert assess_text(CATALOGUE.rule(rule), rewritten, COMUNE, CATALOGUE).verdict == verdict
