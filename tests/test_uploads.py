"""Uploaded statutes: names from users, size limits, corrections, downloads."""

from __future__ import annotations

import io
import zipfile

import pytest

from statuti_check.errors import InputError
from statuti_check.judge.catalogue import load_catalogue
from statuti_check.read.highlight import clause_boxes, page_image
from statuti_check.run.uploads import (
    audit_upload,
    choice_of,
    comune_choices,
    corrected,
    display_file_name,
    report_file_name,
    zip_reports,
)
from statuti_check.settings import Limits
from tests.support.corpus_build import CORPUS

CATALOGUE = load_catalogue()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Statuto Zocca.pdf", "Statuto Zocca.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\anna\\statuto.docx", "statuto.docx"),
        ("a\x00b\x1fc.txt", "a?b?c.txt"),
        ("." * 5, "statuto"),
        ("x" * 300 + ".pdf", "x" * 120),
    ],
)
def test_file_names_from_users_never_carry_folders_or_controls(name, shown):
    assert display_file_name(name) == shown


@pytest.fixture(scope="module")
def fanano():
    data = (CORPUS / "fanano.docx").read_bytes()
    return audit_upload("../uffici/Fanano statuto.docx", data, Limits())


def test_an_upload_is_audited_under_its_own_safe_name(fanano):
    assert fanano.report.source.path == "Fanano statuto.docx"
    assert fanano.report.authority.name == "Fanano"
    assert report_file_name(fanano.report, "pdf") == "verifica-Fanano_statuto.pdf"


def test_an_upload_is_judged_in_its_worker_only(fanano, monkeypatch):
    """The app keeps the worker's report: nothing is matched or judged in the app's process."""
    from statuti_check.judge import audit

    def judged_here(*args, **kwargs):
        raise AssertionError("judged in the app's process")

    monkeypatch.setattr(audit, "findings_for", judged_here)
    monkeypatch.setattr(audit, "audit_parsed", judged_here)
    monkeypatch.setattr("statuti_check.run.uploads.audit_parsed", judged_here)
    data = (CORPUS / "fanano.docx").read_bytes()
    again = audit_upload("../uffici/Fanano statuto.docx", data, Limits())
    assert again.report.findings == fanano.report.findings
    assert again.parsed.statute == fanano.parsed.statute
    assert again.report.source.path == "Fanano statuto.docx"


def test_an_oversized_upload_is_refused_before_reading():
    with pytest.raises(InputError) as error:
        audit_upload("grande.pdf", b"%PDF-1.7" + b"0" * 2048, Limits(max_file_bytes=1024))
    assert error.value.user_message == "Il file supera il limite di 1 KB per statuto."


def test_correcting_the_authority_judges_again_without_rereading(fanano):
    assert choice_of(fanano.report.authority) == "Fanano (MO)" and "Fanano (MO)" in comune_choices()
    smaller = corrected(fanano, CATALOGUE, choice="Fanano (MO)", name=None,
                        authority_type="comune", population=2000)  # fmt: skip
    assert smaller.report.authority.population_source == "indicata dall'utente"
    verdicts = {f.rule_id: f.verdict for f in smaller.report.findings}
    assert verdicts["giunta-quota-40"] == "non_applicabile"
    other = corrected(fanano, CATALOGUE, choice="Sestola (MO)", name=None,
                      authority_type="comune", population=None)  # fmt: skip
    assert other.report.authority.name == "Sestola" and other.parsed is fanano.parsed


@pytest.mark.slow
def test_zip_holds_every_report_with_unique_names(fanano):
    archive = zipfile.ZipFile(io.BytesIO(zip_reports([fanano.report, fanano.report])))
    assert sorted(archive.namelist()) == [
        "verifica-Fanano_statuto-2.docx", "verifica-Fanano_statuto-2.pdf",
        "verifica-Fanano_statuto.docx", "verifica-Fanano_statuto.pdf",
    ]  # fmt: skip
    assert archive.read("verifica-Fanano_statuto.pdf").startswith(b"%PDF-")


@pytest.mark.slow
def test_clause_boxes_on_the_right_page_only():
    pdf = CORPUS / "sassuolo.pdf"
    quote = "Nelle commissioni, nelle consulte e negli altri organi collegiali non elettivi"
    assert len(clause_boxes(pdf, 2, quote)) == 1
    assert clause_boxes(pdf, 1, quote) == [] and clause_boxes(pdf, 99, quote) == []
    image, found = page_image(pdf.read_bytes(), 2, quote)
    assert found and image.startswith(b"\x89PNG")


def test_reviews_stay_when_the_authority_is_corrected_or_the_file_uploaded_again(fanano, tmp_path):
    from statuti_check.members.accounts import Account
    from statuti_check.run.store import Store, now
    from statuti_check.run.uploads import remember, review

    store = Store(tmp_path / "app.sqlite")
    anna = Account(username="anna", name="Anna Rossi", role="revisora", created=now())
    store.add_account(anna, None, "test")
    audited = remember(store, fanano, anna)
    rule = "giunta-quota-40"
    review(store, audited, rule, "conforme", "Delibera del 2024.", anna)
    again = [
        remember(store, corrected(audited, CATALOGUE, choice="Fanano (MO)", name=None,
                                  authority_type="comune", population=3100), anna),
        remember(store, audit_upload("Fanano.docx", (CORPUS / "fanano.docx").read_bytes(), Limits()), None),
    ]  # fmt: skip
    for each in again:
        finding = next(f for f in each.report.findings if f.rule_id == rule)
        assert finding.review is not None and finding.review.author == "Anna Rossi"
        assert finding.review.audit == audited.run_id  # made on the first audit of these bytes
    assert again[0].run_id == audited.run_id + 1 and again[1].run_id is None  # anonymous: not kept
    assert [r.owner for r in store.runs()] == ["anna", "anna"]
    store.close()


def test_a_population_is_the_users_only_when_the_user_changed_it(fanano):
    shown = fanano.report.authority.population  # what the form shows and sends back untouched
    other = corrected(fanano, CATALOGUE, choice="Montecreto (MO)", name=None,
                      authority_type="comune", population=shown)  # fmt: skip
    assert other.report.authority.population == 1000
    assert other.report.authority.population_source == "ISTAT, censimento 2011"
    typed = corrected(fanano, CATALOGUE, choice="Fanano (MO)", name=None,
                      authority_type="comune", population=2000)  # fmt: skip
    again = corrected(typed, CATALOGUE, choice="Fanano (MO)", name=None,
                      authority_type="comune", population=2000)  # fmt: skip
    assert again.report.authority.population == 2000
    assert again.report.authority.population_source == "indicata dall'utente"
