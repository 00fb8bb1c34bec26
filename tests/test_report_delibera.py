"""The draft resolution as DOCX: read back with python-docx, laid out by LibreOffice, via the CLI.

Each authority type gets its own organs and procedure; the testo a fronte marks insertions bold
and underlined and deletions struck through; no word leaves the page. One page of each part
(premises, operative part, testo a fronte) is kept in out/delibera/ to be looked at.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from statuti_check.act.amendments import build_draft, draftable_rules
from statuti_check.cli import main
from statuti_check.contract import AUTHORITY_TYPES
from statuti_check.judge.catalogue import load_catalogue
from statuti_check.report.delibera import ANNEX, render_delibera
from tests.support.corpus_build import CORPUS
from tests.support.markers import ocr_marked
from tests.test_amendments import STATUTES, audited
from tests.test_report_layout import words_off_the_page

OUT = Path(__file__).resolve().parent.parent / "out" / "delibera"
# Words of each type's procedure the resolution must carry (data/procedure.yaml)
PROCEDURE_WORDS = {
    "comune": ["Proposta di deliberazione del Consiglio comunale", "due terzi dei consiglieri",
               "Bollettino Ufficiale della Regione", "raccolta ufficiale degli statuti",
               "decorsi trenta giorni"],
    "provincia": ["Proposta di deliberazione del Consiglio provinciale", "Assemblea dei sindaci",
                  "art. 1, comma 55"],
    "citta_metropolitana": ["Proposta di deliberazione del Consiglio metropolitano",
                            "Conferenza metropolitana", "commi 8 e 9"],
    "unione": ["Proposta di deliberazione del Consiglio dell'Unione", "art. 32, comma 4",
               "maggioranza prevista dallo Statuto dell'Unione"],
}  # fmt: skip


def draft_docx(path: Path, authority_type: str, every_gap: bool = True) -> bytes:
    parsed, report = audited(path, authority_type)
    rules = [f.rule_id for f in draftable_rules(report)] if every_gap else None
    return render_delibera(build_draft(parsed, report, load_catalogue(), rules))


def text_of(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("authority_type", AUTHORITY_TYPES)
@pytest.mark.parametrize(
    "path",
    ocr_marked([p for p in STATUTES if p.stem not in ("formigine", "sassuolo")]),
    ids=lambda p: p.name,
)
@pytest.mark.slow
def test_the_resolution_reads_back_with_its_parts(path, authority_type):
    data = draft_docx(path, authority_type)
    text = text_of(data)
    for words in [*PROCEDURE_WORDS[authority_type], "Oggetto:", "Premesso che lo Statuto",
                  "Considerato che lo Statuto vigente", "DELIBERA", ANNEX]:  # fmt: skip
        assert words in text, words
    table = Document(io.BytesIO(data)).tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["Testo vigente", "Testo proposto"]
    assert len(table.rows) > 1


def test_insertions_are_bold_and_underlined_and_deletions_struck_through():
    table = Document(io.BytesIO(draft_docx(CORPUS / "lugo.odt", "comune"))).tables[0]
    runs = [run for row in table.rows[1:] for cell in row.cells for p in cell.paragraphs
            for run in p.runs]  # fmt: skip
    struck = [run.text for run in runs if run.font.strike]
    marked = [run.text for run in runs if run.bold and run.underline]
    assert any("promuovendo la presenza di entrambi i sessi" in text for text in struck)
    assert any("40 per cento" in text for text in marked)
    assert not [run.text for run in runs if run.font.strike and run.bold]


def test_the_operative_part_uses_the_legislative_formulas():
    text = text_of(draft_docx(CORPUS / "castelnuovo-rangone.pdf", "comune"))
    assert "All'articolo 7, dopo il comma 1, è inserito il seguente:" in text
    assert "«1-bis. " in text
    assert "Dopo l'articolo 2 è inserito il seguente:" in text
    assert "«Art. 2-bis – " in text


def test_the_default_draft_holds_only_the_obligations():
    text = text_of(draft_docx(CORPUS / "castelnuovo-rangone.pdf", "comune", every_gap=False))
    assert "Quota minima del 40%" in text
    assert "Bilancio di genere" not in text


def _pages(pdf: Path, stem: str) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(OUT / stem)], check=True,
                   timeout=120)  # fmt: skip
    return sorted(OUT.glob(f"{stem}-*.png"))


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (soffice) o pdftoppm non installati: impaginazione non verificabile",
)
@pytest.mark.parametrize(
    ("name", "authority_type"),
    [("lugo.odt", "comune"), ("citta-metropolitana-bologna.html", "citta_metropolitana"),
     ("unione-terre-verdi.txt", "unione"), ("fiumalbo.docx", "provincia")],
)  # fmt: skip
@pytest.mark.slow
def test_the_resolution_stays_on_the_page_and_is_kept_as_images(name, authority_type, tmp_path):
    source = tmp_path / f"delibera-{Path(name).stem}.docx"
    source.write_bytes(draft_docx(CORPUS / name, authority_type))
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = source.with_suffix(".pdf")
    assert words_off_the_page(pdf.read_bytes()) == []
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob(f"{source.stem}-*.png"):
        old.unlink()
    assert len(_pages(pdf, source.stem)) >= 2


def test_the_cli_writes_the_docx_and_the_json(tmp_path, capsys):
    output = tmp_path / "delibera.docx"
    assert main(["report", str(CORPUS / "lugo.odt"), "--format", "delibera", "-o",
                 str(output)]) == 0  # fmt: skip
    assert "DELIBERA" in text_of(output.read_bytes())
    assert capsys.readouterr().out == f"Proposta di deliberazione scritta in {output}\n"
    assert main(["report", str(CORPUS / "lugo.odt"), "--format", "delibera-json",
                 "--include", "tutte"]) == 0  # fmt: skip
    draft = json.loads(capsys.readouterr().out)
    assert draft["check"]["passed"] is True
    assert {"linguaggio-genere", "giunta-entrambi-sessi"} <= {r["rule_id"] for r in draft["rules"]}
    assert draft["amendments"][0]["kind"] in ("insert_comma", "insert_article", "replace_words")


def test_the_cli_refuses_an_unknown_rule_in_italian(capsys):
    code = main(["report", str(CORPUS / "lugo.odt"), "--format", "delibera-json", "--include",
                 "giunta-inventata"])  # fmt: skip
    assert code == 2
    assert "Regole sconosciute: giunta-inventata" in capsys.readouterr().err


def test_the_cli_asks_for_an_output_file_for_the_docx(capsys):
    assert main(["report", str(CORPUS / "lugo.odt"), "--format", "delibera"]) == 1
    assert "indicare il file di uscita con -o" in capsys.readouterr().err


def test_an_unrecognised_authority_type_is_flagged_in_the_draft():
    parsed, report = audited(CORPUS / "lugo.odt", "comune")
    unknown = report.model_copy(
        update={"authority": report.authority.model_copy(update={"type": None})}
    )
    text = text_of(render_delibera(build_draft(parsed, unknown, load_catalogue())))
    assert "il tipo di ente non è stato riconosciuto" in text
    assert "Proposta di deliberazione del Consiglio comunale" in text


def test_the_premises_cite_the_acts_that_adopted_and_last_amended_the_statute():
    text = text_of(draft_docx(CORPUS / "lugo.odt", "comune", every_gap=False))
    assert (
        "Premesso che lo Statuto del Comune vigente è stato adottato con deliberazione n. 36 del "
        "15/05/2006 ed è stato modificato da ultimo con deliberazione n. 88 del 20/12/2018;"
    ) in text
