"""Rendered reports stay on the page: no word of a reviewed report crosses the page margins.

A review makes the Esito cell long ("PARZIALE (verificato manualmente; esito automatico:
ASSENTE)"); with columns sized by their content it widened its column and pushed "Base
normativa" past the page edge. The PDF is checked on its word boxes; the DOCX is laid out by
LibreOffice (as a council secretary's word processor would) and checked the same way.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from statuti_check.contract import Report, Review, Verdict, with_reviews
from statuti_check.judge.audit import audit_file
from statuti_check.report.docx import render_docx
from statuti_check.report.pdf import render_pdf
from tests.support.corpus_build import CORPUS

pytestmark = (
    pytest.mark.slow
)  # renders PDF and DOCX and lays them out with LibreOffice and pdftoppm

CM = 72 / 2.54  # points per centimetre; both formats have 2 cm side margins
TOLERANCE = 1.0  # points: rounding of glyph boxes


@pytest.fixture(scope="module")
def reviewed() -> Report:
    """Fanano with every rule reviewed: each Esito cell at its longest."""
    report = audit_file(CORPUS / "fanano.docx")

    def longest(verdict: Verdict) -> Verdict:
        return "non_applicabile" if verdict == "da_verificare" else "da_verificare"

    reviews = {
        f.rule_id: Review(
            verdict=longest(f.verdict),
            original_verdict=f.verdict,
            author="Anna Rossi",
            note="Verifica.",
            created="2026-11-20T10:00:00+00:00",
        )
        for f in report.findings
    }
    return with_reviews(report, reviews)


def words_off_the_page(pdf_bytes: bytes) -> list[str]:
    """Words whose box crosses the left or right page margin, with their page."""
    off = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            left, right = 2 * CM - TOLERANCE, page.width - 2 * CM + TOLERANCE
            off += [
                f"p. {number}: {word['text']} ({word['x0']:.0f}-{word['x1']:.0f})"
                for word in page.extract_words()
                if word["x0"] < left or word["x1"] > right
            ]
    return off


def test_the_pdf_report_of_a_reviewed_statute_stays_within_the_margins(reviewed):
    data = render_pdf(reviewed)
    assert words_off_the_page(data) == []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = {word["text"] for page in pdf.pages for word in page.extract_words()}
    assert {"normativa", "manualmente;", "automatico:"} <= words  # the long cells are there


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) non installato: impaginazione del DOCX non verificabile",
)
def test_the_docx_report_of_a_reviewed_statute_stays_within_the_margins(reviewed, tmp_path):
    source = tmp_path / "rapporto.docx"
    source.write_bytes(render_docx(reviewed))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    data = Path(tmp_path / "rapporto.pdf").read_bytes()
    assert words_off_the_page(data) == []


def test_every_docx_table_cell_has_its_column_width_within_the_text_width(reviewed):
    """Word lays out a fixed table by its cells' widths, LibreOffice by the grid: both agree."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = Document(io.BytesIO(render_docx(reviewed)))
    for table in document.tables:
        grid = [column.width for column in table.columns]
        assert sum(grid) <= Cm(17) + Cm(0.01)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for row in table.rows:
            assert [cell.width for cell in row.cells] == grid
