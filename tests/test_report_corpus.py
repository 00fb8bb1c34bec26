"""Corpus summary: ranking, CSV, XLSX (cells, colours, sheets) and the HTML heatmap."""

from __future__ import annotations

import csv
import io
import re
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from statuti_check.contract import VERDICT_COLOURS, VERDICT_WORDS, Failure
from statuti_check.report import baseline
from statuti_check.report.corpus import changes, latest_versions, render_csv, summarise
from statuti_check.report.html import SHORT_WORDS, render_corpus_html
from statuti_check.report.xlsx import render_xlsx, sheet_title

BROKEN = Failure(path="archivio/rotto.pdf", reason="Il file non è un PDF valido.")


@pytest.fixture(scope="module")
def summary(corpus_reports):
    return summarise(corpus_reports, [BROKEN])


def obligation_gaps(report) -> int:
    return sum(
        f.kind == "obbligo" and f.verdict in {"parziale", "assente", "da_verificare"}
        for f in report.findings
    )


def test_rows_are_ranked_by_gaps_on_obligations(summary, corpus_reports):
    gaps = [obligation_gaps(row.report) for row in summary.rows]
    assert len(summary.rows) == len(corpus_reports)
    assert gaps == sorted(gaps, reverse=True) and gaps[0] > gaps[-1]
    assert [rule.id for rule in summary.rules] == [f.rule_id for f in corpus_reports[0].findings]


def test_rule_counts_add_up_to_the_authorities(summary, corpus_reports):
    for rule_id, counts in summary.rule_counts().items():
        assert sum(counts.values()) == len(corpus_reports)
        expected = sum(
            f.verdict == "conforme"
            for report in corpus_reports
            for f in report.findings
            if f.rule_id == rule_id
        )
        assert counts["conforme"] == expected


def test_csv_holds_every_verdict_and_lists_unread_files_as_to_be_checked(summary):
    rows = list(csv.DictReader(io.StringIO(render_csv(summary)), delimiter=";"))
    assert len(rows) == len(summary.rows) + 1
    for line, row in zip(rows, summary.rows, strict=False):
        assert line["ente"] == row.name
        assert {rule.id: line[rule.id] for rule in summary.rules} == row.verdicts
    unread = rows[-1]
    assert unread["file"] == "rotto.pdf" and "non è un PDF valido" in unread["note"]
    assert {unread[rule.id] for rule in summary.rules} == {"da_verificare"}


def test_xlsx_cells_carry_verdict_words_and_colours(summary):
    book = load_workbook(io.BytesIO(render_xlsx(summary)))
    assert book.sheetnames == [
        "Sintesi", "Bologna", "Ferrara", "Modena", "Ravenna", "Reggio nell'Emilia", "Treviso",
        "non indicata", "Regole", "Evidenze", "File non letti",
        "Modena 2009", "Note",
    ]  # fmt: skip
    sheet = book["Sintesi"]
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref == sheet.dimensions
    header = [cell.value for cell in sheet[1]]
    first_rule = header.index(summary.rules[0].title)
    words = {word: verdict for verdict, word in VERDICT_WORDS.items()}
    for line, row in zip(sheet.iter_rows(min_row=2), summary.rows, strict=False):
        assert line[0].value == row.name
        for rule, cell in zip(summary.rules, line[first_rule:], strict=True):
            assert words[cell.value] == row.verdicts[rule.id]
            assert cell.fill.fgColor.rgb.endswith(VERDICT_COLOURS[row.verdicts[rule.id]])
    assert sheet.max_row == len(summary.rows) + 2  # header, authorities, the unread file


@pytest.mark.slow
def test_xlsx_province_rule_and_evidence_sheets(summary):
    book = load_workbook(io.BytesIO(render_xlsx(summary)))
    modena = [row for row in summary.rows if row.report.authority.province == "Modena"]
    assert book["Modena"].max_row == len(modena) + 1
    counts = summary.rule_counts()
    for line in book["Regole"].iter_rows(min_row=2, values_only=True):
        assert line[3] == counts[line[1]]["conforme"]
    evidence = book["Evidenze"]
    assert evidence.max_row == 1 + len(summary.rows) * len(summary.rules)
    quotes = [line[6] for line in evidence.iter_rows(min_row=2, values_only=True) if line[6]]
    assert any("un terzo" in quote for quote in quotes)
    assert "CC BY 3.0 IT" in " ".join(str(c.value) for c in book["Note"]["A"])


def test_xlsx_sets_the_modena_comuni_beside_their_2009_state(summary):
    sheet = load_workbook(io.BytesIO(render_xlsx(summary)))["Modena 2009"]
    lines = list(sheet.iter_rows(min_row=2, max_row=48))
    assert [cell.value for cell in sheet[1]] == list(baseline.columns())
    audited = {
        row.report.authority.name: row.verdicts for row in summary.rows
        if row.report.authority.province == "Modena" and row.report.authority.type == "comune"
    }  # fmt: skip
    assert len(lines) == 47 and len(audited) == 7
    words = {word: verdict for verdict, word in VERDICT_WORDS.items()}
    for line in lines:
        verdicts = audited.get(line[0].value)
        if verdicts is None:
            assert line[3].value == line[4].value == baseline.NOT_AUDITED
            continue
        for cell, rule in zip(line[3:5], [r.id for r in baseline.compared()], strict=True):
            assert words[cell.value] == verdicts[rule]
            assert cell.fill.fgColor.rgb.endswith(VERDICT_COLOURS[verdicts[rule]])
    assert "Nel marzo 2009 20 comuni su 47" in str(sheet.cell(50, 1).value)


def test_no_2009_sheet_without_a_modena_comune(corpus_reports):
    others = [r for r in corpus_reports if r.authority.province != "Modena"]
    assert (
        others
        and "Modena 2009"
        not in load_workbook(io.BytesIO(render_xlsx(summarise(others)))).sheetnames
    )


def test_sheet_titles_follow_excel_rules():
    assert sheet_title("Pesaro e Urbino/Ancona: [vecchia]") == "Pesaro e Urbino-Ancona- -vecchi"
    assert sheet_title("") == "Foglio"


def test_heatmap_is_well_formed_with_one_cell_per_verdict(summary):
    html = render_corpus_html(summary)
    root = ElementTree.fromstring(re.sub(r"^<!DOCTYPE html>\s*", "", html))
    table = next(t for t in root.iter("table") if t.get("class") == "heatmap")
    body = table.find("tbody")
    assert body is not None and len(body) == len(summary.rows)
    for tr, row in zip(body, summary.rows, strict=True):
        cells = [td for td in tr if "cell" in (td.get("class") or "")]
        assert [td.get("class").split()[1] for td in cells] == [
            row.verdicts[rule.id] for rule in summary.rules
        ]
        assert all(td.text == SHORT_WORDS[td.get("class").split()[1]] for td in cells)
    assert "rotto.pdf" in html and "CC BY 3.0 IT" in html


def test_empty_corpus_renders():
    empty = summarise([], [BROKEN])
    assert render_csv(empty).startswith("ente;")
    assert load_workbook(io.BytesIO(render_xlsx(empty)))["File non letti"].max_row == 2
    assert "rotto.pdf" in render_corpus_html(empty)


def test_rows_needing_a_look_say_why(corpus_reports):
    from statuti_check.contract import Authority

    fanano = next(r for r in corpus_reports if r.source.path.endswith("fanano.docx"))
    ambiguous = fanano.model_copy(
        update={
            "authority": Authority(
                name="Castro", type="comune", candidates=["Castro (BG)", "Castro (LE)"]
            )
        }
    )
    scanned = fanano.model_copy(
        update={"source": fanano.source.model_copy(update={"has_text_layer": False})}
    )
    unknown = fanano.model_copy(update={"authority": Authority(type="comune")})
    notes = {row.report.source.has_text_layer: row.note for row in summarise([scanned]).rows}
    assert "scansionato" in notes[False]
    assert "Castro (BG), Castro (LE)" in summarise([ambiguous]).rows[0].note
    opening = fanano.statute.opening
    assert opening.startswith("Comune di Fanano / Provincia di Modena")
    assert summarise([unknown]).rows[0].note == (
        f"ente non riconosciuto nel testo; inizio del documento: «{opening}»"
    )
    assert summarise([fanano]).rows[0].note == ""


def test_a_scan_read_by_ocr_is_never_called_unreadable(corpus_reports):
    fanano = next(r for r in corpus_reports if r.source.path.endswith("fanano.docx"))
    text = fanano.source.model_copy(update={"has_text_layer": False, "ocr_used": True})
    read = fanano.model_copy(update={"source": text.model_copy(update={"ocr_pages": [1, 2]})})
    partly = fanano.model_copy(update={"source": text.model_copy(update={"unread_pages": [3]})})
    unread = fanano.model_copy(update={"source": text.model_copy(update={"ocr_used": False})})
    notes = [summarise([report]).rows[0].note for report in (read, partly, unread)]
    assert notes == [
        "testo letto con il riconoscimento ottico (OCR): possibili errori di lettura",
        "1 pagina senza testo non letta: alcuni esiti da verificare",
        "testo non leggibile (documento scansionato, non letto con l'OCR): esiti da verificare",
    ]
    book = load_workbook(io.BytesIO(render_xlsx(summarise([read]))))
    cells = [str(c.value) for sheet in book for line in sheet.iter_rows() for c in line]
    assert "non leggibile" not in " ".join(cells) and any("(OCR)" in cell for cell in cells)


def test_versions_of_one_authority_give_the_latest_row_and_the_changes(corpus_reports):
    zocca = next(r for r in corpus_reports if r.source.path.endswith("zocca.txt"))
    older_statute = zocca.statute.model_copy(update={"last_amended": "2001-01-01"})
    findings = [
        f.model_copy(update={"verdict": "assente"}) if f.rule_id == "giunta-entrambi-sessi" else f
        for f in zocca.findings
    ]
    older_source = zocca.source.model_copy(update={"sha256": "0" * 64, "path": "zocca-2001.txt"})
    older = zocca.model_copy(
        update={"statute": older_statute, "findings": findings, "source": older_source}
    )
    assert latest_versions([zocca, older]) == [zocca]
    assert [(c.rule, c.before, c.after, c.before_file) for c in changes([zocca, older])] == [
        ("Presenza di entrambi i sessi nella Giunta", "assente", "conforme", "zocca-2001.txt")
    ]
    assert changes([zocca, zocca]) == []
    # crevalcore and its scan are one authority: one row, and no change between them
    authorities = {(r.authority.type, r.authority.istat_code) for r in corpus_reports}
    assert len(latest_versions(corpus_reports)) == len(authorities) == len(corpus_reports) - 1
    assert [c for c in changes(corpus_reports) if "crevalcore" in c.before_file] == []


def test_files_of_one_name_are_told_apart_by_their_folders(corpus_reports):
    from statuti_check.report.corpus import file_labels

    assert file_labels(["/x/modena/statuto.pdf", "/y/carpi/statuto.pdf", "zocca.txt"]) == [
        "modena/statuto.pdf", "carpi/statuto.pdf", "zocca.txt",
    ]  # fmt: skip
    assert file_labels(["/a/s/statuto.pdf", "/b/s/statuto.pdf"]) == [
        "a/s/statuto.pdf",
        "b/s/statuto.pdf",
    ]
    assert file_labels(["a\x07b.txt"]) == ["a?b.txt"]
    one, two = corpus_reports[0], corpus_reports[1]
    same = [r.model_copy(update={"source": r.source.model_copy(update={"path": f"/{d}/statuto.pdf"})})
            for r, d in ((one, "primo"), (two, "secondo"))]  # fmt: skip
    assert sorted(row.file for row in summarise(same).rows) == [
        "primo/statuto.pdf",
        "secondo/statuto.pdf",
    ]
