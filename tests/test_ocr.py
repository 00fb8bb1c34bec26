"""Scanned statutes: OCR (Tesseract, Italian) gives the text version's verdicts; without OCR,
nothing is claimed missing (`da_verificare`, never `assente`)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from statuti_check.audit import audit_file
from statuti_check.cli import main
from statuti_check.extract import ocr
from tests.support.corpus_build import CORPUS

SOURCE = CORPUS / "castelnuovo-rangone.pdf"
requires_ocr = pytest.mark.skipif(
    not ocr.available(),
    reason="Tesseract with Italian is not installed (apt-get install tesseract-ocr tesseract-ocr-ita)",
)


def scan_of(path: Path, dpi: int = 200) -> bytes:
    """The PDF as a scanner would give it: one image per page, no text layer."""
    document = pdfium.PdfDocument(str(path))
    images = [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scan") / "castelnuovo-scansione.pdf"
    path.write_bytes(scan_of(SOURCE))
    return path


def test_a_scan_without_ocr_claims_nothing_missing(scan):
    report = audit_file(scan, ocr="never")
    assert not report.source.has_text_layer and not report.source.ocr_used
    verdicts = {f.verdict for f in report.findings}
    assert verdicts <= {"da_verificare", "non_applicabile"} and "da_verificare" in verdicts
    assert any("non sono state lette" in warning for warning in report.source.warnings)


@requires_ocr
def test_a_scan_read_by_ocr_gets_the_verdicts_of_the_text_version(scan):
    text_version = audit_file(SOURCE)
    report = audit_file(scan)
    assert report.source.ocr_used and report.source.ocr_pages == list(
        range(1, report.source.pages + 1)
    )
    assert [(f.rule_id, f.verdict) for f in report.findings] == [
        (f.rule_id, f.verdict) for f in text_version.findings
    ]
    assert any("riconoscimento ottico" in warning for warning in report.source.warnings)


def test_unread_pages_turn_missing_into_to_be_checked(tmp_path):
    """Text pages plus one scanned page nobody read: a norm may be on it."""
    text = pdfium.PdfDocument(str(SOURCE))
    scanned = pdfium.PdfDocument(io.BytesIO(scan_of(SOURCE)))
    text.import_pages(scanned, [0])
    mixed = tmp_path / "misto.pdf"
    text.save(str(mixed))
    report = audit_file(mixed, ocr="never")
    assert report.source.unread_pages == [report.source.pages]
    verdicts = {f.rule_id: f.verdict for f in report.findings}
    alone = {f.rule_id: f.verdict for f in audit_file(SOURCE).findings}
    for rule_id, verdict in alone.items():
        expected = "da_verificare" if verdict == "assente" else verdict
        assert verdicts[rule_id] == expected, rule_id
    reason = next(f.reason for f in report.findings if f.verdict == "da_verificare")
    assert (
        f"ma la pagina {report.source.pages} è un'immagine senza testo e non è stata letta"
        in reason
    )


def test_the_cli_takes_an_ocr_mode(scan, capsys):
    assert main(["audit", str(scan), "--ocr", "never", "--format", "json"]) == 0
    assert '"ocr_used": false' in capsys.readouterr().out
    assert main(["audit", str(scan), "--ocr", "sempre"]) == 1


@requires_ocr
def test_a_quote_on_a_scanned_page_is_boxed_on_its_image():
    """Evidence on an OCR page names its page, and the app boxes it there as on a text page."""
    from statuti_check.highlight import clause_boxes, page_image

    scan, text = CORPUS / "crevalcore-scansione.pdf", CORPUS / "crevalcore.pdf"
    finding = next(f for f in audit_file(scan).findings if f.rule_id == "giunta-entrambi-sessi")
    evidence = finding.evidence[0]
    assert (evidence.article, evidence.comma, evidence.page) == ("8", "2", 3)
    scanned = clause_boxes(scan, evidence.page, evidence.quote)
    printed = clause_boxes(text, evidence.page, evidence.quote)
    assert len(scanned) == len(printed) >= 1
    for got, want in zip(scanned, printed, strict=True):
        assert abs(got.top - want.top) < 4 and abs(got.x0 - want.x0) < 4
    assert page_image(scan.read_bytes(), evidence.page, evidence.quote)[1]
