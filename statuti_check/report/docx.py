"""The gap report as DOCX (python-docx), for council staff to edit into a motion.

Real Word headings (the navigation pane works), real tables with a repeated header row, verdict
cells shaded and worded, "Pagina X di Y" fields in the footer, Italian as document language,
and proposals in a bordered paragraph that pastes cleanly into a deliberation.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from statuti_check.contract import (
    KIND_WORDS,
    VERDICT_COLOURS,
    VERDICT_WORDS,
    Evidence,
    Finding,
    Report,
    effective,
    verdict_counts,
)
from statuti_check.report.common import (
    SCORE_DEFINITION,
    TECHNICAL_CAPTION,
    TECHNICAL_TITLE,
    first_basis,
    gaps,
    header,
    merged_spans,
    method_notes,
    no_quote,
    outdated_line,
    quote_label,
    review_note,
    scores,
    verdict_text,
    where,
)


def _shade(cell: _Cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in when it lays out pages."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind is None:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {text} "
            run._r.append(code)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        if kind == "separate":
            placeholder = OxmlElement("w:t")
            placeholder.text = "1"
            run._r.append(placeholder)


def page_setup(document: DocxDocument, header: str) -> None:
    """A4, 2 cm margins, `header` at the top right, "Pagina X di Y" in the footer.

    Shared by the gap report and the draft resolution, so a council receives both alike.
    """
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    top = section.header.paragraphs[0]
    top.text = header
    top.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    bottom = section.footer.paragraphs[0]
    bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
    bottom.add_run("Pagina ")
    _field(bottom, "PAGE")
    bottom.add_run(" di ")
    _field(bottom, "NUMPAGES")
    for paragraph in (top, bottom):
        for run in paragraph.runs:
            run.font.size = Pt(8)


def _language(document: DocxDocument) -> None:
    """Italian proofing for the whole document, through the Normal style."""
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(10.5)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "it-IT")
    normal.element.get_or_add_rPr().append(language)


def _table(document: DocxDocument, caption: str, columns: dict[str, float]) -> Table:
    """A grid table (column name → width in cm) with a bold header row repeated on every page.

    The layout is fixed and the widths go on the grid and on each cell (Word reads the cells,
    LibreOffice the grid): a long cell wraps within its column, the table never runs off the page.
    """
    document.add_paragraph().add_run(caption).italic = True
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, columns.values(), strict=True):
        column.width = Cm(width)
    row = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(repeat)
    for cell, column, text in zip(row.cells, table.columns, columns, strict=True):
        cell.width = column.width
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
        _shade(cell, "E8E8E8")
    return table


def _add_row(table: Table, texts: list[str]) -> list[_Cell]:
    """A row of 9-point text, each cell as wide as its column."""
    cells = table.add_row().cells
    for cell, column, text in zip(cells, table.columns, texts, strict=True):
        cell.width = column.width
        cell.text = ""
        cell.paragraphs[0].add_run(text).font.size = Pt(9)
    return cells


def _hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """A clickable link (python-docx has no API for it: a relationship plus w:hyperlink)."""
    relation = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    for tag, key, value in (("w:color", "w:val", "1A4A7A"), ("w:u", "w:val", "single")):
        element = OxmlElement(tag)
        element.set(qn(key), value)
        properties.append(element)
    run.append(properties)
    label = OxmlElement("w:t")
    label.text = text
    run.append(label)
    link.append(run)
    paragraph._p.append(link)


def _verdict_cell(cell: _Cell, verdict: str) -> None:
    for run in cell.paragraphs[0].runs:
        run.bold = True
    _shade(cell, VERDICT_COLOURS[verdict])


def _labelled(document: DocxDocument, label: str, text: str) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label} ").bold = True
    paragraph.add_run(text)
    return paragraph


def _quote(document: DocxDocument, item: Evidence) -> None:
    """The clause, matched words in bold, then where it stands in the statute."""
    paragraph = document.add_paragraph(style="Quote")
    position = 0
    for start, end in merged_spans(item.highlights):
        paragraph.add_run(item.quote[position:start])
        paragraph.add_run(item.quote[start:end]).bold = True
        position = end
    paragraph.add_run(item.quote[position:])
    source = document.add_paragraph()
    source.paragraph_format.left_indent = Cm(1)
    run = source.add_run(f"— {where(item)}")
    run.font.size, run.font.color.rgb = Pt(9), RGBColor(0x44, 0x44, 0x44)


def _proposal(document: DocxDocument, text: str) -> None:
    """The amendment in a bordered, indented paragraph, ready to copy into a deliberation."""
    document.add_paragraph().add_run("Proposta di modifica").bold = True
    paragraph = document.add_paragraph(text)
    paragraph.paragraph_format.left_indent = Cm(0.5)
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "6"), ("space", "4"), ("color", "4A6A8A")):
            border.set(qn(f"w:{key}"), value)
        borders.append(border)
    paragraph._p.get_or_add_pPr().append(borders)


def _gap(document: DocxDocument, finding: Finding, nothing_quoted: str) -> None:
    document.add_heading(f"{finding.title} — {VERDICT_WORDS[effective(finding)]}", level=3)
    _labelled(document, "Esito.", finding.reason)
    if note := review_note(finding):
        _labelled(document, "Verifica manuale.", note)
    if finding.explanation:
        _labelled(document, "La norma in breve.", finding.explanation)
    basis = _labelled(document, "Base normativa.", "")
    for index, (citation, url) in enumerate(
        zip(finding.legal_basis, finding.legal_links, strict=True)
    ):
        if index:
            basis.add_run("; ")
        if url:
            _hyperlink(basis, citation, url)
        else:
            basis.add_run(citation)
    if finding.evidence:
        _labelled(document, f"{quote_label(finding)}.", "")
        for item in finding.evidence:
            _quote(document, item)
    else:
        _labelled(document, "Che cosa dice lo statuto.", nothing_quoted)
    if finding.proposal:
        _proposal(document, finding.proposal)


def _summary(document: DocxDocument, report: Report) -> None:
    document.add_heading("Sintesi", level=2)
    table = _table(document, "Numero di regole per esito", {"Esito": 5.0, "Regole": 2.5})
    for verdict, count in verdict_counts(report.findings).items():
        cells = _add_row(table, [VERDICT_WORDS[verdict], str(count)])
        _verdict_cell(cells[0], verdict)
    for label, score in scores(report):
        paragraph = document.add_paragraph(f"Punteggio di conformità per {label}: ")
        paragraph.add_run(f"{score}%").bold = True
    document.add_paragraph(SCORE_DEFINITION).runs[0].font.size = Pt(9)


def _rules(document: DocxDocument, report: Report) -> None:
    document.add_heading("Quadro delle regole", level=2)
    # 17 cm, the text width: Esito is wide enough for a reviewed verdict in four short lines.
    columns = {"Regola": 4.8, "Tipo": 2.7, "Esito": 3.9, "Base normativa": 5.6}
    table = _table(document, "Esito di ciascuna regola del catalogo", columns)
    for f in report.findings:
        texts = [f.title, KIND_WORDS[f.kind], verdict_text(f), first_basis(f)]
        _verdict_cell(_add_row(table, texts)[2], effective(f))


def render_docx(report: Report) -> bytes:
    """The whole report, in the order and wording of the HTML and Markdown reports."""
    head = header(report)
    document = Document()
    _language(document)
    page_setup(document, f"Verifica dello statuto — {head.name}")
    document.core_properties.title = f"Verifica dello statuto — {head.name}"
    document.core_properties.subject = "Norme antidiscriminatorie e di pari opportunità"
    document.core_properties.author = "statuti-check"
    document.core_properties.language = "it-IT"
    document.add_heading(f"Verifica dello statuto — {head.name}", level=1)
    document.add_paragraph(head.place)
    facts = _table(document, "Dati del documento e della verifica", {"Voce": 4.0, "Valore": 13.0})
    for label, value in head.facts:
        _add_row(facts, [label, value])
    _summary(document, report)
    _rules(document, report)
    document.add_heading("Lacune e proposte di modifica", level=2)
    if not gaps(report):
        document.add_paragraph("Nessuna lacuna: lo statuto soddisfa tutte le regole applicabili.")
    for finding in gaps(report):
        _gap(document, finding, no_quote(report))
    if report.outdated_references:
        document.add_heading("Riferimenti normativi superati", level=2)
        for ref in report.outdated_references:
            document.add_paragraph(outdated_line(ref), style="List Bullet")
    if report.source.warnings:
        document.add_heading("Avvisi sulla lettura del documento", level=2)
        for warning in report.source.warnings:
            document.add_paragraph(warning, style="List Bullet")
    document.add_heading("Metodo e limiti", level=2)
    for note in method_notes(report):
        document.add_paragraph(note)
    document.add_heading(TECHNICAL_TITLE, level=2)
    technical = _table(document, TECHNICAL_CAPTION, {"Voce": 4.0, "Valore": 13.0})
    for label, value in head.technical:
        _add_row(technical, [label, value])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
