"""DOCX gap reports: headings, tables, shaded verdict cells, page fields, marked quotes."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from statuti_check.cli import main
from statuti_check.contract import VERDICT_COLOURS, VERDICT_WORDS
from statuti_check.report.common import gaps
from statuti_check.report.docx import render_docx
from tests.support.corpus_build import CORPUS


@pytest.fixture(scope="module")
def fanano(corpus_reports):
    return next(r for r in corpus_reports if r.source.path.endswith("fanano.docx"))


@pytest.fixture(scope="module")
def document(fanano):
    return Document(io.BytesIO(render_docx(fanano)))


def fill(cell) -> str | None:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shading is None else shading.get(qn("w:fill"))


def test_sections_are_real_headings_in_order(document, fanano):
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", "Verifica dello statuto — Comune di Fanano")
    assert [text for style, text in headings if style == "Heading 2"] == [
        "Sintesi", "Quadro delle regole", "Lacune e proposte di modifica",
        "Riferimenti normativi superati", "Metodo e limiti", "Dati tecnici",
    ]  # fmt: skip
    assert [text for style, text in headings if style == "Heading 3"] == [
        f"{f.title} — {VERDICT_WORDS[f.verdict]}" for f in gaps(fanano)
    ]


def test_rule_table_has_worded_and_shaded_verdicts_and_a_repeated_header(document, fanano):
    table = document.tables[2]
    assert [c.text for c in table.rows[0].cells] == ["Regola", "Tipo", "Esito", "Base normativa"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert len(table.rows) == len(fanano.findings) + 1
    for row, finding in zip(table.rows[1:], fanano.findings, strict=True):
        assert row.cells[0].text == finding.title
        assert row.cells[2].text == VERDICT_WORDS[finding.verdict]
        assert fill(row.cells[2]) == VERDICT_COLOURS[finding.verdict]


def test_footer_numbers_pages_and_language_is_italian(document):
    footer = document.sections[0].footer.paragraphs[0]
    codes = [node.text.strip() for node in footer._p.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"] and footer.text.startswith("Pagina")
    assert document.sections[0].page_width.cm == pytest.approx(21.0, abs=0.01)
    language = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert language.get(qn("w:val")) == "it-IT"
    assert document.core_properties.title == "Verifica dello statuto — Comune di Fanano"


def test_quotes_mark_matched_words_and_proposals_are_present(document, fanano):
    bold_in_quotes = [
        run.text
        for p in document.paragraphs
        if p.style.name == "Quote"
        for run in p.runs
        if run.bold
    ]
    assert "un terzo" in bold_in_quotes
    text = "\n".join(p.text for p in document.paragraphs)
    for finding in gaps(fanano):
        assert finding.proposal and finding.proposal in text
        assert finding.reason in text


@pytest.mark.slow
def test_every_corpus_statute_renders(corpus_reports):
    for report in corpus_reports:
        document = Document(io.BytesIO(render_docx(report)))
        assert len(document.tables[2].rows) == len(report.findings) + 1


def test_report_command_writes_docx_and_needs_an_output_file(tmp_path, capsys):
    source = str(CORPUS / "fanano.docx")
    assert main(["report", source, "--format", "docx"]) == 1
    assert "DOCX" in capsys.readouterr().err
    target = tmp_path / "fanano.docx"
    assert main(["report", source, "--format", "docx", "-o", str(target)]) == 0
    assert Document(str(target)).paragraphs[0].text.startswith("Verifica dello statuto")
