"""The amendment model: placed where the audit points, numbered without collisions, re-audited.

Every corpus statute with gaps, audited as each type of authority, gets a draft whose amended
text re-audits `conforme` on every included rule with no other verdict worse; so do generated
statutes. Numbers never collide with an existing article or comma.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statuti_check.act.amendments import (
    DraftError,
    _new_article_number,
    build_draft,
    default_rules,
    draftable_rules,
    reaudit,
    self_check,
)
from statuti_check.act.draft import Amendment
from statuti_check.act.procedure import procedure_for
from statuti_check.contract import AUTHORITY_TYPES, Report
from statuti_check.judge.audit import audit_parsed, with_overrides
from statuti_check.judge.catalogue import load_catalogue
from statuti_check.read.authority import resolve_authority
from statuti_check.read.model import ParsedStatute, Statute
from statuti_check.read.parse import parse_file
from statuti_check.read.structure import parse_statute
from tests.support.corpus_build import CORPUS, render_text
from tests.support.markers import ocr_marked
from tests.test_properties import document_of, statutes, styles

STATUTES = sorted(
    path for path in CORPUS.iterdir() if path.is_file() and not path.name.endswith(".json")
)


@cache
def audited(path: Path, authority_type: str) -> tuple[ParsedStatute, Report]:
    parsed = parse_file(path)
    authority = with_overrides(parsed.authority, authority_type=authority_type)  # type: ignore[arg-type]
    return parsed, audit_parsed(parsed, load_catalogue(), authority)


def collisions(statute: Statute, amendments: list[Amendment]) -> list[str]:
    """New numbers that an existing article or comma (or another new one) already has."""
    articles = {a.number for a in statute.articles}
    commi = {a.number: {c.number for c in a.commi if c.number} for a in statute.articles}
    found = []
    for amendment in amendments:
        if amendment.kind == "insert_article":
            if amendment.new_article in articles:
                found.append(f"art. {amendment.new_article}")
            articles.add(amendment.new_article or "")
        elif amendment.kind == "insert_comma":
            for comma in amendment.commi:
                if comma.number and comma.number in commi[amendment.article]:
                    found.append(f"art. {amendment.article} c. {comma.number}")
                commi[amendment.article].add(comma.number or "")
    return found


@pytest.mark.parametrize("authority_type", AUTHORITY_TYPES)
@pytest.mark.parametrize("path", ocr_marked(STATUTES), ids=lambda p: p.name)
@pytest.mark.slow
def test_every_corpus_draft_reaudits_conforme_without_collisions(path, authority_type):
    parsed, report = audited(path, authority_type)
    rules = [f.rule_id for f in draftable_rules(report)]
    if not rules:
        pytest.skip(f"{path.name} come {authority_type}: nessuna lacuna")
    draft = build_draft(parsed, report, load_catalogue(), rules)
    assert draft.check.passed, draft.check.problems
    after = {check.rule_id: check.after for check in draft.check.rules}
    assert {rule: after[rule] for rule in rules} == dict.fromkeys(rules, "conforme")
    assert collisions(parsed.statute, draft.amendments) == []
    assert [a.number for a in draft.amendments] == list(range(1, len(draft.amendments) + 1))
    covered = {rule for a in draft.amendments for rule in a.rule_ids}
    assert covered <= set(rules)
    assert draft.procedure == procedure_for(authority_type)  # type: ignore[arg-type]


def test_the_default_is_the_legal_obligations_with_gaps():
    _, report = audited(CORPUS / "lugo.odt", "comune")
    assert default_rules(report) == [
        "giunta-entrambi-sessi", "giunta-quota-40", "partecipazione-stranieri",
    ]  # fmt: skip


def test_a_weak_clause_is_replaced_and_a_rule_it_already_satisfies_gets_nothing():
    parsed, report = audited(CORPUS / "lugo.odt", "comune")
    draft = build_draft(parsed, report, load_catalogue(), ["giunta-entrambi-sessi",
                                                           "giunta-quota-40"])  # fmt: skip
    (amendment,) = draft.amendments
    assert amendment.kind == "replace_words"
    assert amendment.formula == "Al comma 1 dell'articolo 7, le parole"
    assert "promuovendo la presenza di entrambi i sessi" in (amendment.old_words or "")
    assert "40 per cento" in (amendment.new_words or "")
    assert [rule.amendments for rule in draft.rules] == [[1], []]  # the quota comes with it


def test_a_new_comma_follows_the_comma_on_the_topic_with_a_bis_number():
    parsed, report = audited(CORPUS / "castelnuovo-rangone.pdf", "comune")
    draft = build_draft(parsed, report, load_catalogue(), ["giunta-quota-40"])
    (amendment,) = draft.amendments
    assert amendment.kind == "insert_comma"
    assert amendment.formula == "All'articolo 7, dopo il comma 1, è inserito il seguente:"
    assert [c.number for c in amendment.commi] == ["1 bis"]


def test_unnumbered_commi_are_named_by_their_place():
    parsed, report = audited(CORPUS / "riolunato.odt", "comune")
    draft = build_draft(parsed, report, load_catalogue(), ["organi-collegiali-genere"])
    (amendment,) = draft.amendments
    assert amendment.formula == "All'articolo 1, dopo il secondo comma, è aggiunto il seguente:"
    assert [c.number for c in amendment.commi] == [None]


def test_gaps_without_a_place_share_a_new_article_after_the_principles():
    parsed, report = audited(CORPUS / "treviso.html", "comune")
    draft = build_draft(parsed, report, load_catalogue(), ["nomine-enti-genere", "bilancio-genere"])
    (amendment,) = draft.amendments
    assert amendment.kind == "insert_article"
    assert amendment.new_article == "2 bis"
    assert amendment.new_heading == "Pari opportunità e non discriminazione"
    assert [(c.number, c.rule_id) for c in amendment.commi] == [
        ("1", "nomine-enti-genere"), ("2", "bilancio-genere"),
    ]  # fmt: skip


def test_an_article_level_rule_shares_a_new_article_with_a_neighbour_it_does_not_spoil():
    """organismo-parita judges whole articles; its trap ("concorso") drops only its own sentence.

    Until the trap spoilt the whole article, the two proposals needed an article each; now the
    comma on competition boards beside the body's comma leaves the body's article conforme.
    """
    parsed, report = audited(CORPUS / "cento.docx", "comune")
    draft = build_draft(parsed, report, load_catalogue(), ["commissioni-concorso",
                                                           "organismo-parita"])  # fmt: skip
    assert draft.check.passed
    assert [(a.new_article, a.rule_ids) for a in draft.amendments] == [
        ("1 bis", ["commissioni-concorso", "organismo-parita"]),
    ]  # fmt: skip


def test_the_self_check_rejects_a_weak_wording():
    parsed, report = audited(CORPUS / "treviso.html", "comune")
    draft = build_draft(parsed, report, load_catalogue(), ["organi-collegiali-genere"])
    (amendment,) = draft.amendments
    weak = amendment.model_copy(update={"commi": [c.model_copy(update={
        "text": "Il Comune promuove, ove possibile, la presenza di entrambi i sessi nelle "
        "commissioni e nei comitati."}) for c in amendment.commi]})  # fmt: skip
    check = self_check(parsed, report, [weak], ["organi-collegiali-genere"], load_catalogue())
    assert not check.passed
    (problem,) = check.problems
    assert problem.startswith("«organi-collegiali-genere»: dopo le modifiche l'esito sarebbe")
    assert [c.after for c in check.rules if c.rule_id == "organi-collegiali-genere"] != ["conforme"]


def test_the_amended_text_keeps_the_rest_of_the_statute():
    parsed, report = audited(CORPUS / "fanano.docx", "comune")
    draft = build_draft(parsed, report, load_catalogue())
    amended = reaudit(parsed, report, draft.amendments, load_catalogue())
    assert amended.statute.articles == report.statute.articles + sum(
        a.kind == "insert_article" for a in draft.amendments
    )


@pytest.mark.parametrize(
    ("include", "message"),
    [
        (["nessuna-regola"], "Regole sconosciute: nessuna-regola"),
        (["giunta-entrambi-sessi"], "non presentano lacune da colmare: giunta-entrambi-sessi"),
        ([], "Nessuna lacuna scelta"),
    ],
)
def test_rules_that_cannot_be_drafted_are_refused_in_italian(include, message):
    parsed, report = audited(CORPUS / "fanano.docx", "comune")
    with pytest.raises(DraftError) as raised:
        build_draft(parsed, report, load_catalogue(), include)
    assert message in raised.value.user_message


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=statutes(), style=styles, data=st.data())
@pytest.mark.slow
def test_drafts_of_generated_statutes_reaudit_conforme(source: dict[str, Any], style, data):
    articles = [entry["articolo"] for entry in source["body"] if "articolo" in entry]
    weak = data.draw(st.sampled_from(articles))
    weak["commi"].append(
        "Il Sindaco nomina gli assessori promuovendo la presenza di entrambi i sessi."
    )
    document = document_of(render_text(source, style))
    statute = parse_statute(document)
    authority = resolve_authority("Vignola", "comune")
    parsed = ParsedStatute(document=document, statute=statute, authority=authority)
    report = audit_parsed(parsed, load_catalogue(), authority)
    rules = [f.rule_id for f in draftable_rules(report)]
    draft = build_draft(parsed, report, load_catalogue(), rules)
    assert draft.check.passed, draft.check.problems
    assert collisions(statute, draft.amendments) == []


def test_two_rules_never_rewrite_the_same_words():
    """Riolunato's Giunta sentence is weak for two rules: one rewrites it, the other adds."""
    parsed, report = audited(CORPUS / "riolunato.odt", "comune")
    rules = ["giunta-entrambi-sessi", "pari-opportunita-principio"]
    draft = build_draft(parsed, report, load_catalogue(), rules)
    assert draft.check.passed
    spans = sorted((a.start, a.end) for a in draft.amendments if a.kind == "replace_words")
    assert all(end <= start for (_, end), (start, _) in pairwise(spans))
    assert [a.kind for a in draft.amendments] == ["replace_words", "insert_comma"]


def test_a_second_new_article_follows_the_first():
    parsed, report = audited(CORPUS / "riolunato.odt", "comune")
    draft = build_draft(parsed, report, load_catalogue(), ["commissioni-concorso",
                                                           "organismo-parita"])  # fmt: skip
    assert [(a.formula, a.new_article) for a in draft.amendments] == [
        ("Dopo l'articolo 1 è inserito il seguente:", "1 bis"),
    ]
    # Riolunato numbers no commi: neither do its new articles
    assert {c.number for a in draft.amendments for c in a.commi} == {None}
    # a second new article after the same place (a rule that needs one of its own) follows it
    statute = parsed.statute
    first = next(i for i, a in enumerate(statute.articles) if a.number == "1")
    assert _new_article_number(statute, first, 1)[1:] == ("1 ter", "1 bis")


def test_a_replaced_sentence_is_never_cut_at_an_abbreviation():
    """ "dell'art. 46" does not end the sentence: the whole of it is replaced, nothing dangles."""
    text = (
        "COMUNE DI VIGNOLA\nStatuto comunale\n\nArt. 1 – Principi\n1. Il Comune di Vignola è "
        "ente locale autonomo.\n\nArt. 2 – Giunta\n1. La Giunta è composta dal Sindaco e da "
        "quattro assessori.\n2. Il Sindaco nomina gli assessori promuovendo la presenza di "
        "entrambi i sessi, ai sensi dell'art. 46 del decreto legislativo n. 267 del 2000.\n"
    )
    document = document_of(text)
    authority = resolve_authority("Vignola", "comune")
    parsed = ParsedStatute(document=document, statute=parse_statute(document), authority=authority)
    report = audit_parsed(parsed, load_catalogue(), authority)
    draft = build_draft(parsed, report, load_catalogue(), ["giunta-entrambi-sessi"])
    (amendment,) = draft.amendments
    assert amendment.kind == "replace_words"
    assert (amendment.old_words or "").endswith("n. 267 del 2000")
    assert draft.check.passed
