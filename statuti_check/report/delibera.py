"""The draft council resolution ("proposta di deliberazione") as DOCX, with its testo a fronte.

Formal Italian in the order a council secretary expects: the authority, the title and the
Oggetto, the premises (the statute in force, the laws behind each gap, what the statute lacks),
DELIBERA with the numbered amendments in the standard legislative formulas, the approval,
publication and entry-into-force clauses of the authority's type, and the annex: a two-column
table, text in force | proposed text, insertions bold and underlined, deletions struck through.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from statuti_check.act.draft import Amendment, Draft, DraftRule, Run, display_number
from statuti_check.contract import AUTHORITY_WORDS, display_name
from statuti_check.numbers import italian_date
from statuti_check.report.docx import _language, _table, page_setup

SUBJECT = "Modifiche allo Statuto in materia di pari opportunità e di non discriminazione"
ANNEX = "Allegato A – Testo a fronte"
QUOTE_INDENT = Cm(1)


def _words(draft: Draft) -> dict[str, str]:
    return AUTHORITY_WORDS.get(draft.authority.type or "", AUTHORITY_WORDS["comune"])


def _centred(document: DocxDocument, text: str, size: float, bold: bool = True) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)
    return paragraph


def _justified(document: DocxDocument, text: str) -> Paragraph:
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return paragraph


def _quoted(document: DocxDocument, lines: list[str]) -> None:
    """The text an amendment inserts, indented, opened and closed by the «…» of the formulas."""
    for index, line in enumerate(lines):
        opening = "«" if index == 0 else ""
        closing = "»." if index == len(lines) - 1 else ""
        paragraph = _justified(document, f"{opening}{line}{closing}")
        paragraph.paragraph_format.left_indent = QUOTE_INDENT


def _heading(document: DocxDocument, draft: Draft) -> None:
    name = display_name(draft.authority)
    _centred(document, name.upper(), 14)
    if draft.authority.province:
        _centred(document, f"Provincia di {draft.authority.province}", 10, bold=False)
    document.add_paragraph()
    _centred(document, f"Proposta di deliberazione {draft.procedure.council_of}", 13)
    subject = document.add_paragraph()
    subject.add_run("Oggetto: ").bold = True
    subject.add_run(SUBJECT + ".")
    if draft.authority.type is None:
        document.add_paragraph().add_run(
            "Avvertenza: il tipo di ente non è stato riconosciuto; organi e procedimento "
            "indicati sono quelli di un comune e vanno verificati."
        ).italic = True


def _act(draft: Draft, kind: str, when: str) -> str:
    """How an act is cited: "con deliberazione n. 36 del 15/05/2006", or "il 15/05/2006"."""
    number = next(
        (a.number for a in draft.acts if a.kind == kind and a.date.isoformat() == when), None
    )
    return (
        f"con deliberazione n. {number} del {italian_date(when)}"
        if number
        else (f"il {italian_date(when)}")
    )


def _statute_premise(draft: Draft) -> str:
    """The statute in force: adoption and last amendment as found in its text."""
    of = _words(draft)["dell_ente"]
    adopted, amended = draft.statute.adopted, draft.statute.last_amended
    text = f"Premesso che lo Statuto {of} vigente"
    if adopted:
        text += f" è stato adottato {_act(draft, 'adozione', adopted)}"
    else:
        text += " (la cui data di adozione non risulta dal testo esaminato)"
    if amended:
        text += f" ed è stato modificato da ultimo {_act(draft, 'modifica', amended)}"
    return text + ";"


def _gap_premise(rule: DraftRule) -> str:
    """What the statute lacks: "Considerato che lo Statuto vigente non contiene …".

    The main source is cited without the catalogue's gloss after its colon; for a partial or
    unverifiable norm the audit's reason follows, as a clause of the sentence.
    """
    source = rule.legal_basis[0].split(":")[0]
    kind = "riferimento normativo" if rule.kind == "obbligo" else "buona pratica; riferimento"
    lead = {
        "assente": "non contiene una norma",
        "parziale": "contiene solo in parte una norma",
    }.get(rule.verdict, "non consente di accertare la presenza di una norma")
    text = f"Considerato che lo Statuto vigente {lead} su «{rule.title}» ({kind}: {source})"
    if rule.verdict != "assente":
        reason = rule.reason.rstrip(".")
        text += ": " + reason[:1].lower() + reason[1:]
    return text + ";"


def _premises(document: DocxDocument, draft: Draft) -> None:
    _centred(document, f"IL {draft.procedure.council.upper()}", 12)
    _justified(document, _statute_premise(draft))
    for kind, lead in (
        ("obbligo", "Viste le seguenti disposizioni di legge:"),
        ("raccomandazione", "Visti inoltre, per le buone pratiche che la proposta accoglie:"),
    ):
        sources = [basis for rule in draft.rules if rule.kind == kind for basis in rule.legal_basis]
        if sources:
            _justified(document, lead)
        for source in dict.fromkeys(sources):
            paragraph = document.add_paragraph(source + ";", style="List Bullet")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for rule in draft.rules:
        _justified(document, _gap_premise(rule))
    for premise in draft.procedure.premises:
        _justified(document, premise.text)
    _justified(
        document,
        "Ritenuto pertanto di modificare lo Statuto come indicato nel dispositivo e nel testo a "
        f"fronte ({ANNEX}), che forma parte integrante e sostanziale della presente "
        "deliberazione;",
    )


def _quoted_commi(amendment: Amendment) -> list[str]:
    if amendment.kind == "insert_article":
        number = display_number(amendment.new_article or "")
        lines = [f"Art. {number} – {amendment.new_heading}"]
        return lines + [f"{c.number}. {c.text}" for c in amendment.commi]
    return [(f"{display_number(c.number)}. " if c.number else "") + c.text for c in amendment.commi]


def _operative(document: DocxDocument, draft: Draft) -> None:
    _centred(document, "DELIBERA", 13)
    _justified(document, f"1. {draft.procedure.adopt}")
    for amendment in draft.amendments:
        paragraph = _justified(document, f"{amendment.number}) {amendment.formula}")
        paragraph.paragraph_format.left_indent = Cm(0.5)
        if amendment.kind == "replace_words":
            paragraph.add_run(f" «{amendment.old_words}» sono sostituite dalle seguenti:")
            _quoted(document, [amendment.new_words or ""])
        else:
            _quoted(document, _quoted_commi(amendment))
    closing = (draft.procedure.approval, draft.procedure.publication,
               draft.procedure.entry_into_force)  # fmt: skip
    for number, text in enumerate(closing, start=2):
        _justified(document, f"{number}. {text}")


def _runs(cell: _Cell, paragraphs: list[list[Run]]) -> None:
    """A cell's paragraphs, insertions bold and underlined, deletions struck through."""
    cell.text = ""
    for index, runs in enumerate(paragraphs):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        for piece in runs:
            run = paragraph.add_run(piece.text)
            run.font.size = Pt(9)
            if piece.style == "inserted":
                run.bold = run.underline = True
            elif piece.style == "deleted":
                run.font.strike = True


def _synopsis(document: DocxDocument, draft: Draft) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(ANNEX, level=1)
    _justified(
        document,
        "Le parti aggiunte sono in grassetto sottolineato, quelle soppresse sono barrate.",
    )
    table = _table(document, "Confronto articolo per articolo", {
        "Testo vigente": 8.5, "Testo proposto": 8.5,
    })  # fmt: skip
    for row in draft.synopsis:
        cells = table.add_row().cells
        for cell, column, side in zip(cells, table.columns, (row.in_force, row.proposed),
                                      strict=True):  # fmt: skip
            cell.width = column.width
            _runs(cell, side)


def _check_note(document: DocxDocument, draft: Draft) -> None:
    """How the draft was checked: the amended statute read again by statuti-check."""
    note = document.add_paragraph()
    note.add_run(
        "Verifica automatica: lo Statuto modificato come proposto è stato riletto e verificato "
        "di nuovo con statuti-check; ciascuna delle norme indicate nelle premesse risulta "
        "conforme e nessun altro esito peggiora. La proposta va comunque esaminata dagli uffici "
        "prima dell'iscrizione all'ordine del giorno."
    ).italic = True
    for run in note.runs:
        run.font.size = Pt(9)


def render_draft(draft: Draft, fmt: str) -> bytes:
    """A draft in one of DRAFT_FORMATS: the DOCX, or the amendment model as JSON."""
    if fmt == "delibera":
        return render_delibera(draft)
    return (draft.model_dump_json(indent=2) + "\n").encode("utf-8")


def render_delibera(draft: Draft) -> bytes:
    """The draft resolution as DOCX bytes."""
    document = Document()
    _language(document)
    page_setup(document, f"{display_name(draft.authority)} — Proposta di deliberazione")
    _heading(document, draft)
    _premises(document, draft)
    _operative(document, draft)
    _check_note(document, draft)
    _synopsis(document, draft)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
