"""The corpus summary as an XLSX workbook a councillor opens in Excel or LibreOffice.

Sheets: the ranked matrix (one coloured cell per verdict, with the verdict word, frozen header,
filters), one matrix per province when there are several, per-rule counts with the proposals,
every finding with its evidence, the unread files, the comuni of Modena beside their state in
March 2009 when the corpus holds any, and notes on method and sources.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from statuti_check.contract import (
    ISTAT_ATTRIBUTION,
    KIND_WORDS,
    VERDICT_COLOURS,
    VERDICT_WORDS,
    VERDICTS,
)
from statuti_check.numbers import italian_date
from statuti_check.report import baseline
from statuti_check.report.common import METHOD, SCORE_DEFINITION, where
from statuti_check.report.corpus import (
    FIXED_COLUMNS,
    FIXED_LABELS,
    CorpusSummary,
    Row,
    failure_values,
    fixed_values,
    province_of,
)

Cell = str | int | float | None
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_FILLS = {
    verdict: PatternFill("solid", fgColor=colour) for verdict, colour in VERDICT_COLOURS.items()
}
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _cell(value: Cell) -> Cell:
    """Text without the control characters Excel's XML cannot hold (file names may have them)."""
    return ILLEGAL_CHARACTERS_RE.sub("?", value) if isinstance(value, str) else value


def sheet_title(name: str) -> str:
    """Excel's sheet-name rules: at most 31 characters, no brackets, colons, *, ? or slashes."""
    return _SHEET_NAME_FORBIDDEN.sub("-", name)[:31] or "Foglio"


def _table(
    sheet: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Cell]], widths: Sequence[int]
) -> None:
    """Header row (bold, grey, frozen, with filters), then rows; wide text columns wrap."""
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = Font(bold=True), _HEADER_FILL, _CENTRE
    for row in rows:
        sheet.append([_cell(value) for value in row])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions


def _matrix(sheet: Worksheet, summary: CorpusSummary, rows: list[Row], unread: bool) -> None:
    """Authorities × rules; verdict cells carry the word and the verdict's colour."""
    header = [FIXED_LABELS[c] for c in FIXED_COLUMNS] + [rule.title for rule in summary.rules]
    lines: list[tuple[dict[str, str | int | None], dict[str, str]]] = [
        (fixed_values(row), row.verdicts) for row in rows
    ]
    if unread:
        lines += [(failure_values(failure), {}) for failure in summary.failures]
    _table(
        sheet,
        header,
        (
            [values.get(c) for c in FIXED_COLUMNS]
            + [VERDICT_WORDS[verdicts.get(rule.id, "da_verificare")] for rule in summary.rules]
            for values, verdicts in lines
        ),
        [34, 12, 14, 16, 12, 22, 12, 12, 28, 30] + [16] * len(summary.rules),
    )
    sheet.row_dimensions[1].height = 75
    first_rule = len(FIXED_COLUMNS) + 1
    codes = {word: verdict for verdict, word in VERDICT_WORDS.items()}
    for line in sheet.iter_rows(min_row=2, min_col=first_rule):
        for cell in line:
            cell.fill, cell.alignment = _FILLS[codes[str(cell.value)]], _CENTRE


def _rules_sheet(sheet: Worksheet, summary: CorpusSummary) -> None:
    counts = summary.rule_counts()
    proposals = _proposals(summary)
    _table(
        sheet,
        ["Regola", "Identificativo", "Tipo", *(VERDICT_WORDS[v] for v in VERDICTS),
         "Proposta di modifica"],
        (
            [rule.title, rule.id, KIND_WORDS[rule.kind], *(counts[rule.id][v] for v in VERDICTS),
             proposals.get(rule.id)]
            for rule in summary.rules
        ),
        [44, 26, 16, 12, 12, 12, 16, 16, 90],
    )  # fmt: skip
    for line in sheet.iter_rows(min_row=2):
        line[-1].alignment = _WRAP


def _proposals(summary: CorpusSummary) -> dict[str, str]:
    """Each rule's amendment text, from the first report where it was proposed."""
    found: dict[str, str] = {}
    for row in summary.rows:
        for finding in row.report.findings:
            if finding.proposal:
                found.setdefault(finding.rule_id, finding.proposal)
    return found


def _evidence_sheet(sheet: Worksheet, summary: CorpusSummary) -> None:
    """One line per finding: the verdict, why, and where the statute says it (first quote)."""
    lines = []
    for row in summary.rows:
        for finding in row.report.findings:
            quote = finding.evidence[0] if finding.evidence else None
            lines.append([
                row.name, finding.title, VERDICT_WORDS[finding.verdict], finding.reason,
                where(quote) if quote else None, quote.page if quote else None,
                quote.quote if quote else None,
            ])  # fmt: skip
    _table(
        sheet,
        ["Ente", "Regola", "Esito", "Motivazione", "Dove", "Pagina", "Citazione"],
        lines,
        [30, 36, 16, 60, 36, 8, 90],
    )
    codes = {word: verdict for verdict, word in VERDICT_WORDS.items()}
    for line in sheet.iter_rows(min_row=2):
        line[2].fill = _FILLS[codes[str(line[2].value)]]
        for cell in (line[3], line[4], line[6]):
            cell.alignment = _WRAP


def _baseline_sheet(sheet: Worksheet, rows: list[baseline.Comparison]) -> None:
    """The 47 comuni of Modena: the 2009 state, today's Giunta verdicts, what that means."""
    _table(sheet, baseline.columns(), baseline.table(rows), [26, 12, 30, 18, 18, 50, 30])
    codes = {word: verdict for verdict, word in VERDICT_WORDS.items()}
    for line in sheet.iter_rows(min_row=2, min_col=4, max_col=5):
        for cell in line:
            if str(cell.value) in codes:
                cell.fill = _FILLS[codes[str(cell.value)]]
    for line in (baseline.headline(rows), baseline.SOURCE):
        sheet.append([])
        sheet.append([line])


def _notes_sheet(sheet: Worksheet, summary: CorpusSummary, on: date) -> None:
    versions = {row.report.catalogue.version for row in summary.rows}
    lines = [
        ["Verifica degli statuti — quadro d'insieme"],
        [f"Data del quadro: {italian_date(on)}; statuti verificati: {len(summary.rows)}; "
         f"file non letti: {len(summary.failures)}; catalogo: {', '.join(sorted(versions))}."],
        ["Gli enti sono ordinati per numero di lacune negli obblighi di legge (parziali, assenti "
         "o da verificare), poi per numero di norme assenti."],
        [SCORE_DEFINITION],
        ["Legenda: " + "; ".join(VERDICT_WORDS.values()) + ". Il colore accompagna sempre la "
         "parola dell'esito."],
        [METHOD],
        [ISTAT_ATTRIBUTION],
    ]  # fmt: skip
    for line in lines:
        sheet.append(line)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 140
    for line in sheet.iter_rows(min_row=2):
        line[0].alignment = _WRAP


def _as_text(book: Workbook) -> None:
    """Every cell openpyxl took for a formula (text beginning with "=") is stored as text.

    The workbook writes no formulas of its own, so any is text from a statute, a file name or a
    user: Excel and LibreOffice must show it, never evaluate it. Other text cells are already
    of type string, whatever they begin with ("+", "-", "@").
    """
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                if cell.data_type == "f":
                    cell.data_type = "s"


def render_xlsx(summary: CorpusSummary, on: date | None = None) -> bytes:
    """The workbook's bytes; `on` dates the notes sheet (default today)."""
    book = Workbook()
    _matrix(book.active, summary, summary.rows, unread=True)
    book.active.title = "Sintesi"
    provinces = summary.provinces
    if len(provinces) > 1:
        for province in provinces:
            rows = [row for row in summary.rows if province_of(row) == province]
            _matrix(book.create_sheet(sheet_title(province)), summary, rows, unread=False)
    _rules_sheet(book.create_sheet("Regole"), summary)
    _evidence_sheet(book.create_sheet("Evidenze"), summary)
    if summary.failures:
        _table(
            book.create_sheet("File non letti"),
            ["File", "Motivo"],
            ([failure.path, failure.reason] for failure in summary.failures),
            [60, 90],
        )
    comparison = baseline.compare([row.report for row in summary.rows])
    if any(row.verdicts for row in comparison):
        _baseline_sheet(book.create_sheet("Modena 2009"), comparison)
    _notes_sheet(book.create_sheet("Note"), summary, on or date.today())
    _as_text(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
