"""Every rule's embedded examples, as one parametrized test (ids: <rule>-<case>)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from statuti_check.contract import Authority
from statuti_check.judge.audit import assess_text
from statuti_check.judge.catalogue import Example, Rule, load_catalogue

CATALOGUE = load_catalogue()
FIXTURES = Path(__file__).parent / "fixtures" / "rules"
# A comune where every rule applies: the examples test wording, not applicability.
AUTHORITY = Authority(name="Comune di prova", type="comune", population=10_000)


def _cases() -> list[tuple[Rule, Example]]:
    cases = [(rule, example) for rule in CATALOGUE.rules for example in rule.examples]
    for path in sorted(FIXTURES.glob("*.yaml")):
        rule = CATALOGUE.rule(path.stem)
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append((rule, Example.model_validate(raw)))
    return cases


@pytest.mark.parametrize(
    ("rule", "example"), _cases(), ids=lambda case: getattr(case, "id", getattr(case, "name", ""))
)
def test_rule_example(rule: Rule, example: Example, request: pytest.FixtureRequest):
    if example.known_miss:  # a stated limit: the test fails loudly once the engine gets it right
        request.applymarker(pytest.mark.xfail(strict=True, reason=example.known_miss))
    finding = assess_text(rule, example.text, AUTHORITY, CATALOGUE)
    assert finding.verdict == example.verdict, finding.reason
    for key, value in example.values.items():
        assert finding.values.get(key) == pytest.approx(value, abs=1e-3)
    assert finding.reason


@pytest.mark.parametrize("rule", CATALOGUE.rules, ids=lambda rule: rule.id)
def test_rule_has_enough_examples_both_ways(rule: Rule):
    positives = [e for e in rule.examples if e.verdict == "conforme"]
    negatives = [e for e in rule.examples if e.verdict != "conforme"]
    assert len(positives) >= 8 and len(negatives) >= 8
    assert len({e.name for e in rule.examples}) == len(rule.examples)


def test_schema_file_is_up_to_date():
    from statuti_check.judge.catalogue import RULES_DIR, json_schema

    assert (RULES_DIR / "schema.json").read_text(encoding="utf-8") == json_schema(), (
        "run: statuti-check rules schema > statuti_check/rules/schema.json"
    )


def test_malformed_rule_names_file_line_and_field(tmp_path):
    from statuti_check.judge.catalogue import CatalogueError, load_rule

    path = tmp_path / "prova.yaml"
    path.write_text(
        "id: prova\ntitle: Prova\nkind: obbligatorio\nseverity: alta\n"
        "legal_basis: [{citation: x}]\nexplanation: x\nproposal: x\n"
        "anchors: [{name: a, label: a, patterns: ['giunta ~99 sesso']}]\n"
        "examples: [{name: a, text: a, verdict: conforme}, {name: b, text: b, verdict: assente}]\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError) as caught:
        load_rule(path)
    message = str(caught.value)
    assert f"{path}:3: kind: Input should be 'obbligo' or 'raccomandazione'" in message
    assert f"{path}:8: anchors.0.patterns" in message and "gap '~99'" in message


def test_rule_docs_are_up_to_date():
    from statuti_check.judge.ruledocs import render_docs

    docs = Path(__file__).resolve().parents[1] / "docs" / "rules"
    pages = render_docs(CATALOGUE)
    assert {p.name for p in docs.glob("*.md")} == set(pages), "run: statuti-check rules docs"
    for name, content in pages.items():
        assert (docs / name).read_text(encoding="utf-8") == content, "run: statuti-check rules docs"


def test_shared_pattern_sets_expand_and_unknown_names_are_errors(tmp_path):
    from statuti_check.judge.catalogue import CatalogueError, load_catalogue

    (tmp_path / "_patterns.yaml").write_text("giunta: ['giunta', 'assessore']\n", encoding="utf-8")
    rule = (
        "id: prova\ntitle: Prova\nkind: obbligo\nseverity: alta\n"
        "legal_basis: [{citation: x}]\nexplanation: x\nproposal: x\n"
        "anchors: [{name: a, label: a, patterns: ['@giunta', 'vicesindaco']}]\n"
        "examples: [{name: a, text: a, verdict: conforme}, {name: b, text: b, verdict: assente}]\n"
    )
    (tmp_path / "prova.yaml").write_text(rule, encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    assert catalogue.rule("prova").anchors[0].patterns == ["giunta", "assessore", "vicesindaco"]
    (tmp_path / "prova.yaml").write_text(rule.replace("@giunta", "@giunte"), encoding="utf-8")
    with pytest.raises(CatalogueError, match="unknown pattern set '@giunte' \\(known: @giunta\\)"):
        load_catalogue(tmp_path)


def test_a_shared_pattern_set_may_cite_another_one_level_deep(tmp_path):
    from statuti_check.judge.catalogue import load_shared

    (tmp_path / "_patterns.yaml").write_text(
        "giunta: ['giunta']\norgani: ['@giunta', 'consiglio']\n", encoding="utf-8"
    )
    assert load_shared(tmp_path)["organi"] == ["giunta", "consiglio"]


def test_catalogue_holds_every_contract_rule_id():
    """The contract's rules are data (a fixture), so a rule added beyond them needs no test edit."""
    contract = yaml.safe_load((FIXTURES.parent / "contract-rules.yaml").read_text(encoding="utf-8"))
    assert len(contract) == len(set(contract))
    assert set(contract) <= {rule.id for rule in CATALOGUE.rules}


@pytest.mark.parametrize("rule", CATALOGUE.rules, ids=lambda rule: rule.id)
def test_a_rule_brings_its_own_short_title(rule: Rule):
    from statuti_check.report.common import short_title

    assert rule.short_title, f"{rule.id}.yaml: add a short_title (the heatmap's column head)"
    assert short_title(rule.id, rule.title, CATALOGUE) == rule.short_title


def test_a_rule_the_catalogue_no_longer_holds_keeps_its_title_cut():
    from statuti_check.report.common import short_title

    assert short_title("abolita", "Una regola di un altro catalogo", CATALOGUE) == "Una regol…"


@pytest.mark.parametrize(
    ("rule", "kind"),
    [(rule, kind) for rule in CATALOGUE.rules for kind in rule.applies_to.types],
    ids=lambda value: value if isinstance(value, str) else value.id,
)
def test_a_rule_own_proposal_worded_for_each_authority_satisfies_it(rule: Rule, kind: str):
    authority = Authority(name="Ente di prova", type=kind, population=10_000)
    proposal = rule.proposal_for(kind)
    assert "{" not in proposal
    assert assess_text(rule, proposal, authority, CATALOGUE).verdict == "conforme"


def test_a_proposal_names_the_authority_it_is_for():
    rule = CATALOGUE.rule("partecipazione-stranieri")
    assert rule.proposal_for("comune").startswith("Il Comune promuove")
    assert "agli organi della Provincia" in rule.proposal_for("provincia")
    assert rule.proposal_for("unione").startswith("L'Unione promuove")
    assert "Comune" not in rule.proposal_for("citta_metropolitana")
    finding = assess_text(rule, "Nessuna norma.", Authority(type="unione"), CATALOGUE)
    assert finding.proposal is not None and finding.proposal.startswith("L'Unione")


RULE_HEAD = (
    "id: prova\ntitle: Prova\nkind: obbligo\nseverity: alta\n"
    "legal_basis: [{citation: x}]\nexplanation: x\nproposal: x\n"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "anchors: [{name: a, label: a, patterns: ['"
            + "|".join(f"w{i}" for i in range(60))
            + "']}]\n",
            "bad alternatives",
        ),
        (
            "anchors: [{name: a, label: a, patterns: ['" + " ".join(["giunta"] * 20) + "']}]\n",
            "more than 12 terms",
        ),
        ("anchors: [{name: a, label: a, patterns: ['giunta ~3 ~3 sesso']}]\n", "gap"),
        ("anchors: [{name: a, label: a, patterns: ['gi*']}]\n", "prefix needs at least"),
        ("anchors: !!python/object/apply:os.system ['echo pwned']\n", "python/object"),
        ("anchors: [{name: a, label: a, patterns: ['giunta'\n", "prova.yaml"),
    ],
    ids=["alternation", "terms", "double-gap", "short-prefix", "unsafe-yaml", "yaml-syntax"],
)
def test_dangerous_or_broken_user_rules_are_refused_with_the_place(tmp_path, body, expected):
    from statuti_check.judge.catalogue import CatalogueError, load_rule

    path = tmp_path / "prova.yaml"
    path.write_text(RULE_HEAD + body, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_rule(path)
    assert expected in str(caught.value) and str(path) in str(caught.value)


def test_a_proposal_with_an_unknown_placeholder_is_refused(tmp_path):
    from statuti_check.judge.catalogue import CatalogueError, load_rule

    path = tmp_path / "prova.yaml"
    head = RULE_HEAD.replace("proposal: x", "proposal: '{Ente} nomina {Assessore}'")
    path.write_text(head + "anchors: [{name: a, label: a, patterns: [giunta]}]\n", "utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_rule(path)
    assert "unknown placeholder 'Assessore'" in str(caught.value) and "proposal" in str(
        caught.value
    )
