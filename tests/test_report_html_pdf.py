"""HTML and PDF gap reports: well-formed, complete, readable back."""

from __future__ import annotations

import io
import re
from xml.etree import ElementTree

import pdfplumber
import pytest

from statuti_check.audit import audit_file
from statuti_check.cli import main
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
        "Riferimenti normativi superati", "Metodo e limiti",
    ]  # fmt: skip
    assert [c.text for c in root.iter("caption")] == [
        "Dati del documento e della verifica", "Esito di ciascuna regola del catalogo",
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


def test_pdf_reads_back_with_pages_headings_verdicts_and_quotes(fanano):
    with pdfplumber.open(io.BytesIO(render_pdf(fanano))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        assert len(pdf.pages) >= 2
    for expected in ("Verifica dello statuto — Comune di Fanano", "Lacune e proposte di modifica",
                     "PARZIALE", "ASSENTE", "ciascuno in misura non inferiore a un terzo",
                     "Pagina 1 di"):  # fmt: skip
        assert expected in text


def test_report_command_pdf_needs_an_output_file(tmp_path, capsys):
    assert main(["report", str(CORPUS / "fanano.docx"), "--format", "pdf"]) == 1
    target = tmp_path / "fanano.pdf"
    assert main(["report", str(CORPUS / "fanano.docx"), "--format", "pdf", "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF-")
