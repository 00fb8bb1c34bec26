"""Reviewers' verdicts: stored with who, when and why, shown next to the machine verdict."""

from __future__ import annotations

import io

import pytest
from docx import Document

from statuti_check.contract import Review
from statuti_check.members.accounts import Account
from statuti_check.report.common import compliance_score, gaps
from statuti_check.report.corpus import summarise
from statuti_check.report.docx import render_docx
from statuti_check.report.html import render_html
from statuti_check.report.markdown import render_markdown
from statuti_check.run.bulk import BulkOptions, run_bulk
from statuti_check.run.store import Store, now
from tests.support.corpus_build import CORPUS

pytestmark = pytest.mark.slow  # a bulk run of corpus statutes is set up for each test

RULE = "giunta-quota-40"


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    run_bulk([CORPUS / "fanano.docx"], out, BulkOptions(), workers=1)
    store = Store(out / "statuti.sqlite")
    report = store.latest_reports()[0]
    for username, name in (("anna", "Anna Rossi"), ("bice", "Bice Verdi")):
        store.add_account(
            Account(username=username, name=name, role="revisora", created=now()), None, "test"
        )
    store.add_review(
        store.account("anna"), report.source.sha256, RULE, "conforme", "parziale",
        "La delibera di modifica del 2024 ha già portato la quota al 40%.",
    )  # fmt: skip
    yield store, report
    store.close()


def test_the_latest_review_is_attached_and_the_machine_verdict_kept(stored):
    store, before = stored
    machine = next(f for f in before.findings if f.rule_id == RULE)
    assert machine.verdict == "parziale" and machine.review is None
    store.add_review(
        store.account("bice"), before.source.sha256, "partecipazione-stranieri", "parziale",
        "parziale", "Confermo: manca la quota.",
    )  # fmt: skip
    after = store.latest_reports()[0]
    finding = next(f for f in after.findings if f.rule_id == RULE)
    assert finding.verdict == "parziale" and finding.review is not None
    assert finding.review.author == "Anna Rossi" and finding.review.verdict == "conforme"
    assert RULE not in [f.rule_id for f in gaps(after)]
    assert compliance_score(after) > compliance_score(before)
    assert summarise([after]).rows[0].verdicts[RULE] == "conforme"


def test_every_report_format_shows_the_review_next_to_the_machine_verdict(stored):
    store, _ = stored
    report = store.latest_reports()[0]
    expected = "CONFORME (verificato manualmente; esito automatico: PARZIALE)"
    assert expected in render_markdown(report)
    assert expected in render_html(report)
    document = Document(io.BytesIO(render_docx(report)))
    assert expected in [row.cells[2].text for row in document.tables[2].rows]
    reviewed_gap = next(f for f in report.findings if f.rule_id == "partecipazione-stranieri")
    assert reviewed_gap.review is not None
    text = render_markdown(report)
    assert "**Verifica manuale.** Verificato manualmente da Bice Verdi (revisora) il " in text


def test_a_bulk_audit_shows_reviews_in_its_reports_summary_and_exit_code(stored, tmp_path):
    import csv

    from statuti_check.cli import main

    store, _ = stored
    out = tmp_path / "again"
    code = main(["audit", str(CORPUS / "fanano.docx"), "--out", str(out), "--db", str(store.path),
                 "--formats", "md", "--fail-on", "parziale"])  # fmt: skip
    assert "CONFORME (verificato manualmente; esito automatico: PARZIALE)" in (
        out / "rapporti" / "fanano.md"
    ).read_text(encoding="utf-8")
    rows = list(csv.DictReader(
        io.StringIO((out / "sintesi.csv").read_text("utf-8-sig")), delimiter=";"
    ))  # fmt: skip
    assert rows[0][RULE] == "conforme"
    reviewed = {f.rule_id: f for f in store.reports(store.latest_run() or 0)[0].findings}
    assert reviewed[RULE].review is not None
    parziali = {
        r
        for r, f in reviewed.items()
        if (f.review.verdict if f.review else f.verdict) == "parziale"
    }
    assert code == (3 if parziali else 0)


@pytest.mark.slow
def test_every_summary_counts_the_reviewed_verdicts_and_the_json_keeps_the_machine_ones(stored):
    import json

    import pdfplumber
    from openpyxl import load_workbook

    from statuti_check.contract import verdict_counts, with_reviews
    from statuti_check.report.corpus import verdict_totals
    from statuti_check.report.pdf import render_pdf
    from statuti_check.report.text import scorecard
    from statuti_check.report.xlsx import render_xlsx

    _, machine = stored
    review = Review(verdict="conforme", original_verdict="parziale", author="Anna Rossi",
                    note="Delibera del 2024.", created="2026-11-20T10:00:00+00:00")  # fmt: skip
    report = with_reviews(machine, {RULE: review})
    counts = dict(machine.summary)
    counts["conforme"] += 1
    counts["parziale"] -= 1
    assert verdict_counts(report.findings) == counts
    assert verdict_counts(report.findings, reviewed=False) == machine.summary
    data = json.loads(report.model_dump_json())
    assert data["summary"] == counts and data["machine_summary"] == machine.summary
    words = {"conforme": "CONFORME", "parziale": "PARZIALE"}
    md = render_markdown(report)
    assert f"conforme: {counts['conforme']} · parziale: {counts['parziale']}" in md
    html = render_html(report)
    for verdict, word in words.items():
        assert f'<span class="badge {verdict}">{word}</span> {counts[verdict]}</li>' in html
    sintesi = Document(io.BytesIO(render_docx(report))).tables[1]
    assert {r.cells[0].text: r.cells[1].text for r in sintesi.rows}["CONFORME"] == str(
        counts["conforme"]
    )
    with pdfplumber.open(io.BytesIO(render_pdf(report))) as pdf:
        first = pdf.pages[0].extract_text() or ""
    assert f"CONFORME {counts['conforme']}" in first and f"PARZIALE {counts['parziale']}" in first
    assert f"conforme {counts['conforme']}, parziale {counts['parziale']}" in scorecard(report)
    assert verdict_totals(summarise([report])) == counts
    rules = load_workbook(io.BytesIO(render_xlsx(summarise([report]))))["Regole"]
    header = [cell.value for cell in rules[1]]
    row = next(r for r in rules.iter_rows(values_only=True) if r[1] == RULE)
    assert row[header.index("CONFORME")] == 1 and row[header.index("PARZIALE")] == 0
