"""The closed list of constructions (rules/_constructions.yaml) and how they decide verdicts."""

from __future__ import annotations

import shutil

import pytest
import yaml

from statuti_check.contract import Authority
from statuti_check.judge.audit import _matcher, assess_text
from statuti_check.judge.catalogue import RULES_DIR, CatalogueError, load_catalogue
from statuti_check.judge.constructions import Construction
from statuti_check.judge.matching import CONSTRUCTION, GLOBAL

CATALOGUE = load_catalogue()
COMUNE = Authority(name="Comune di prova", type="comune", population=10_000)


def _examples() -> list[tuple[Construction, str]]:
    return [(c, example) for c in CATALOGUE.constructions.constructions for example in c.examples]


@pytest.mark.parametrize(
    ("construction", "example"), _examples(), ids=lambda case: getattr(case, "id", case)
)
def test_each_construction_is_found_in_its_examples(construction: Construction, example: str):
    hits = _matcher(CATALOGUE).hits([example])[0]
    assert CONSTRUCTION + construction.id in hits.get(GLOBAL, {}), example


def _verdict(rule_id: str, text: str) -> str:
    return assess_text(CATALOGUE.rule(rule_id), text, COMUNE, CATALOGUE).verdict


# Verbs that appear in statutes near the Giunta but guarantee nothing: none is in the closed list
# of binding forms, so none may ever give `conforme`.
NOT_A_GUARANTEE = [
    "auspica", "considera", "valuta", "esamina", "segnala", "studia", "incoraggia", "cura",
    "osserva", "sostiene", "persegue", "riconosce", "valorizza", "promuove", "favorisce",
]  # fmt: skip


@pytest.mark.parametrize("verb", NOT_A_GUARANTEE)
def test_a_verb_outside_the_binding_list_never_gives_conforme(verb: str):
    text = f"Nella nomina della Giunta il Sindaco {verb} la presenza di entrambi i sessi."
    assert _verdict("giunta-entrambi-sessi", text) == "parziale"


@pytest.mark.parametrize("verb", ["garantisce", "assicura", "deve garantire"])
def test_a_verb_of_guarantee_gives_conforme(verb: str):
    text = f"Nella nomina della Giunta il Sindaco {verb} la presenza di entrambi i sessi."
    assert _verdict("giunta-entrambi-sessi", text) == "conforme"


def test_the_verb_nearest_the_required_words_governs_them():
    text = (
        "Il Comune garantisce la parità tra donne e uomini e promuove la presenza di entrambi i "
        "sessi nella Giunta."
    )
    finding = assess_text(CATALOGUE.rule("giunta-entrambi-sessi"), text, COMUNE, CATALOGUE)
    assert finding.verdict == "parziale"
    assert [f.text for f in finding.trace if f.fact == "modality"] == ["promuove"]


def test_a_modal_governing_a_verb_of_guarantee_is_a_facolta():
    text = "Il Sindaco può garantire nella Giunta la presenza di entrambi i sessi."
    finding = assess_text(CATALOGUE.rule("giunta-entrambi-sessi"), text, COMUNE, CATALOGUE)
    assert finding.verdict == "parziale"
    assert [f.value for f in finding.trace if f.fact == "modality"] == ["facolta"]


def test_a_body_named_as_an_exception_is_not_covered():
    text = (
        "Negli organi collegiali del Comune, fatta eccezione per la Giunta, è garantita la "
        "presenza di entrambi i sessi."
    )
    assert _verdict("giunta-entrambi-sessi", text) == "assente"
    assert _verdict("organi-collegiali-genere", text) == "conforme"


def test_a_proviso_the_law_itself_contains_does_not_weaken_the_rule_that_allows_it():
    text = (
        "Nelle commissioni di concorso almeno un terzo dei posti di componente è riservato alle "
        "donne, salva motivata impossibilità."
    )
    assert _verdict("commissioni-concorso", text) == "conforme"
    giunta = (
        "Nella Giunta è garantita la presenza di entrambi i sessi, salva motivata impossibilità."
    )
    assert _verdict("giunta-entrambi-sessi", giunta) == "parziale"


def test_every_fact_names_the_pattern_or_construction_that_found_it():
    text = "Il Sindaco nomina la Giunta garantendo, ove possibile, la presenza di entrambi i sessi."
    finding = assess_text(CATALOGUE.rule("giunta-entrambi-sessi"), text, COMUNE, CATALOGUE)
    facts = {f.fact: f for f in finding.trace}
    assert facts["modality"].pattern == "construction:garanzia"
    assert facts["proviso"].pattern == "construction:ove_possibile"
    assert facts["requirement"].pattern == "giunta-entrambi-sessi/entrambi_sessi"
    assert all(text[s:e] == f.text for f in finding.trace if f.span for s, e in [f.span])


@pytest.mark.slow
def test_verdicts_do_not_depend_on_the_words_of_labels(tmp_path):
    """Relabelling every construction and component changes reasons, never verdicts."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    data = yaml.safe_load((folder / "_constructions.yaml").read_text(encoding="utf-8"))
    for construction in data["constructions"]:
        construction["label"] = f"etichetta {construction['id']}"
    (folder / "_constructions.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    for path in folder.glob("[a-z]*.yaml"):
        rule = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("anchors", "requires", "partial", "limits"):
            for component in rule.get(key) or []:
                component["label"] = "negazione"  # the word the old engine searched for
        path.write_text(yaml.safe_dump(rule, allow_unicode=True), encoding="utf-8")
    relabelled = load_catalogue(folder)
    for rule in CATALOGUE.rules:
        for example in rule.examples:
            before = assess_text(rule, example.text, COMUNE, CATALOGUE)
            after = assess_text(relabelled.rule(rule.id), example.text, COMUNE, relabelled)
            assert after.verdict == before.verdict, (rule.id, example.name)


def test_a_rule_naming_an_unknown_construction_is_refused_with_its_file(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    path = folder / "giunta-entrambi-sessi.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "binding: [vincolanti]", "binding: [vincolanti, garantiscie]"
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        CatalogueError, match=r"giunta-entrambi-sessi\.yaml: binding: .*garantiscie"
    ):
        load_catalogue(folder)


def test_a_user_catalogue_without_constructions_uses_the_project_list(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    for name in ("_patterns.yaml", "giunta-entrambi-sessi.yaml"):
        shutil.copy(RULES_DIR / name, folder / name)
    catalogue = load_catalogue(folder)
    assert catalogue.constructions == CATALOGUE.constructions


def test_one_clause_binds_one_body_and_only_promotes_another_and_knows_both():
    text = (
        "Il Comune garantisce la presenza di entrambi i sessi nella Giunta e promuove la presenza "
        "di donne e uomini nelle nomine presso enti e aziende."
    )
    giunta = assess_text(CATALOGUE.rule("giunta-entrambi-sessi"), text, COMUNE, CATALOGUE)
    nomine = assess_text(CATALOGUE.rule("nomine-enti-genere"), text, COMUNE, CATALOGUE)
    assert (giunta.verdict, nomine.verdict) == ("conforme", "parziale")
    scopes = {fact.value for fact in giunta.trace if fact.fact == "scope"}
    assert scopes == {"giunta-entrambi-sessi/giunta", "nomine-enti-genere/enti_dipendenti"}


def test_a_condition_is_named_in_the_reason_without_weakening_the_verdict():
    text = (
        "Qualora il Comune debba designare più rappresentanti in un ente o in un'azienda, le "
        "designazioni devono comprendere persone di entrambi i sessi."
    )
    finding = assess_text(CATALOGUE.rule("nomine-enti-genere"), text, COMUNE, CATALOGUE)
    assert finding.verdict == "conforme" and "«Qualora»" in finding.reason
