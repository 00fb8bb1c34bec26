"""HTML and PDF gap reports: well-formed, complete, readable back."""

from __future__ import annotations

import io
import re
from xml.etree import ElementTree

import pdfplumber
import pytest

from statuti_check.cli import main
from statuti_check.judge.audit import audit_file
from statuti_check.report.html import marked_html, render_html
from statuti_check.report.pdf import render_pdf
from tests.support.corpus_build import CORPUS


@pytest.fixture(scope="module")
def fanano():
    return audit_file(CORPUS / "fanano.docx")


def test_html_is_well_formed_and_accessible(fanano):
    html = render_html(fanano)
    root = ElementTree.fromstring(re.sub(r"^<!DOCTYPE html>\s*", "", html))
    assert root.get("lang") == "it"
    assert [e.text for e in root.iter("h2")] == [
        "Sintesi", "Quadro delle regole", "Lacune e proposte di modifica",
        "Riferimenti normativi superati", "Metodo e limiti", "Dati tecnici",
    ]  # fmt: skip
    assert [c.text for c in root.iter("caption")] == [
        "Dati del documento e della verifica", "Esito di ciascuna regola del catalogo",
        "Impronte digitali, versioni e lettura del testo",
    ]  # fmt: skip
    badges = [e for e in root.iter("span") if "badge" in (e.get("class") or "")]
    assert badges and all(
        b.text in {"CONFORME", "PARZIALE", "ASSENTE", "NON APPLICABILE", "DA VERIFICARE"}
        for b in badges
    )


def test_html_gap_has_marked_quote_links_and_proposal(fanano):
    html = render_html(fanano)
    assert "<mark>un terzo</mark>" in html
    assert (
        '<a href="https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2014-04-07;56">'
        in html
    )
    assert "Proposta di modifica" in html and "40 per cento dei componenti" in html


def test_quote_markup_is_escaped():
    assert str(marked_html("a <b> & c", [(0, 1)])) == "<mark>a</mark> &lt;b&gt; &amp; c"


@pytest.mark.slow
def test_pdf_reads_back_with_pages_headings_verdicts_and_quotes(fanano):
    with pdfplumber.open(io.BytesIO(render_pdf(fanano))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        assert len(pdf.pages) >= 2
    for expected in ("Verifica dello statuto — Comune di Fanano", "Lacune e proposte di modifica",
                     "PARZIALE", "ASSENTE", "ciascuno in misura non inferiore a un terzo",
                     "Pagina 1 di"):  # fmt: skip
        assert expected in text


@pytest.mark.slow
def test_report_command_pdf_needs_an_output_file(tmp_path, capsys):
    assert main(["report", str(CORPUS / "fanano.docx"), "--format", "pdf"]) == 1
    target = tmp_path / "fanano.pdf"
    assert main(["report", str(CORPUS / "fanano.docx"), "--format", "pdf", "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF-")


@pytest.mark.slow
def test_technical_data_come_last_in_every_report(fanano):
    """Hashes, versions and the text reader are for the record, not for the council."""
    from docx import Document

    from statuti_check.report.docx import render_docx
    from statuti_check.report.markdown import render_markdown

    with pdfplumber.open(io.BytesIO(render_pdf(fanano))) as pdf:
        pdf_text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    docx = Document(io.BytesIO(render_docx(fanano)))
    docx_text = "\n".join(
        [p.text for p in docx.paragraphs]
        + [cell.text for table in docx.tables[-1:] for row in table.rows for cell in row.cells]
    )
    html_text = re.sub(r"<[^>]+>", " ", render_html(fanano))
    rendered = {"pdf": pdf_text, "docx": docx_text, "html": html_text,
                "md": render_markdown(fanano)}  # fmt: skip
    for fmt, text in rendered.items():
        before, _, after = text.rpartition("Dati tecnici")
        assert "Metodo e limiti" in before, fmt
        for technical in (fanano.source.sha256[:32], f"statuti-check {fanano.tool.version}"):
            assert technical not in before, (fmt, technical)
        # the PDF wraps a hash at the column edge: its first half is enough to find it
        assert fanano.source.sha256[:32] in after and fanano.catalogue.sha256[:32] in after, fmt
