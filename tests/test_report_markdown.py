"""The Markdown gap report on corpus statutes: sections, quotes, proposals, score."""

from __future__ import annotations

import pytest

from statuti_check.audit import audit_file
from statuti_check.cli import main
from statuti_check.report.common import compliance_score
from statuti_check.report.markdown import render_markdown
from tests.support.corpus_build import CORPUS


@pytest.fixture(scope="module")
def fanano():
    return audit_file(CORPUS / "fanano.docx")


def test_report_has_every_section_in_order(fanano):
    text = render_markdown(fanano)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[0] == "# Verifica dello statuto — Comune di Fanano"
    sections = [h for h in headings if h.startswith("## ")]
    assert sections == [
        "## Sintesi", "## Quadro delle regole", "## Lacune e proposte di modifica",
        "## Riferimenti normativi superati", "## Metodo e limiti", "## Dati tecnici",
    ]  # fmt: skip
    gaps = [f for f in fanano.findings if f.verdict in ("parziale", "assente", "da_verificare")]
    assert len([h for h in headings if h.startswith("### ")]) == len(gaps)


def test_gap_shows_quote_place_reason_link_and_proposal(fanano):
    text = render_markdown(fanano)
    section = text.split("### Quota minima del 40% per ciascun sesso nella Giunta — PARZIALE")[1]
    section = section.split("### ")[0]
    assert "un terzo: 33,3%" in section
    assert (
        "> Il Sindaco nomina gli *assessori* *garantendo* la presenza di *entrambi i sessi*, ciascuno in misura non inferiore a *un terzo*."
        in section
    )
    assert "— art. 8 (Giunta comunale), comma 2" in section
    assert "(https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2014-04-07;56)" in section
    assert (
        "> Nella Giunta nessuno dei due sessi può essere rappresentato in misura inferiore al 40 per cento"
        in section
    )


def test_outdated_references_are_listed(fanano):
    text = render_markdown(fanano)
    assert (
        "- art. 1, comma 1: richiama la legge 8 giugno 1990, n. 142 (ordinamento delle autonomie "
        "locali), atto superato. Il riferimento va aggiornato al D.Lgs. 18 agosto 2000, n. 267 "
        "(TUEL)." in text
    )


def test_a_statute_without_dates_says_so_plainly(fanano):
    undated = fanano.statute.model_copy(update={"adopted": None, "last_amended": None})
    text = render_markdown(fanano.model_copy(update={"statute": undated}))
    assert "data di adozione: non indicata; ultima modifica: non indicata;" in text


def test_compliance_score_counts_partial_as_half_and_skips_non_applicable(fanano):
    obligations = [
        f for f in fanano.findings if f.kind == "obbligo" and f.verdict != "non_applicabile"
    ]
    expected = sum({"conforme": 1, "parziale": 0.5}.get(f.verdict, 0) for f in obligations) / len(
        obligations
    )
    assert compliance_score(fanano) == pytest.approx(expected)
    assert "**83%**" in render_markdown(fanano)


def test_a_compliant_statute_has_no_gaps():
    report = audit_file(CORPUS / "sassuolo.pdf")
    text = render_markdown(report)
    assert "Nessuna lacuna: lo statuto soddisfa tutte le regole applicabili." in text
    assert "### " not in text and "**Proposta di modifica.**" not in text
    assert "Punteggio di conformità per gli obblighi di legge: **100%**" in text


def test_report_command_writes_markdown_and_json(tmp_path, capsys):
    target = tmp_path / "fanano.md"
    assert main(["report", str(CORPUS / "fanano.docx"), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith(
        "# Verifica dello statuto — Comune di Fanano"
    )
    assert main(["report", str(CORPUS / "fanano.docx"), "--format", "json"]) == 0
    assert '"schema_version": "1"' in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_istat_attribution_accompanies_an_istat_population(corpus_reports, fmt):
    from statuti_check.run.bulk import render

    def text_of(report) -> str:
        data = render(report, fmt)
        if fmt == "docx":
            import io

            from docx import Document

            return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        return data.decode("utf-8")

    by_source = {r.authority.population_source: r for r in corpus_reports}
    assert "CC BY 3.0 IT" in text_of(by_source["ISTAT, censimento 2011"])
    assert "CC BY 3.0 IT" not in text_of(by_source[None])


def test_rules_are_called_as_the_scores_call_them(fanano):
    text = render_markdown(fanano)
    assert "| obbligo di legge |" in text and "| buona pratica |" in text
    assert "| raccomandazione |" not in text


def test_each_gap_says_what_the_rule_asks_in_every_format(fanano):
    import io

    from docx import Document

    from statuti_check.catalogue import load_catalogue
    from statuti_check.report.docx import render_docx
    from statuti_check.report.html import render_html

    gap = next(f for f in fanano.findings if f.verdict in ("parziale", "assente"))
    explanation = load_catalogue().rule(gap.rule_id).explanation
    assert gap.explanation == explanation
    assert f"**La norma in breve.** {explanation}" in render_markdown(fanano)
    assert "<strong>La norma in breve.</strong> " + explanation.replace("'", "&#39;") in (
        render_html(fanano)
    )
    paragraphs = [p.text for p in Document(io.BytesIO(render_docx(fanano))).paragraphs]
    assert f"La norma in breve. {explanation}" in paragraphs


def test_population_reads_with_its_source():
    from statuti_check.authority import Authority
    from statuti_check.report.common import population_text

    assert population_text(Authority()) == "popolazione non nota"
    istat = Authority(population=39885, population_source="ISTAT, censimento 2011")
    assert population_text(istat) == "39.885 abitanti (fonte: ISTAT, censimento 2011)"
    given = Authority(population=2500, population_source="indicata dall'utente")
    assert population_text(given) == "2.500 abitanti (popolazione indicata dall'utente)"


def test_a_province_summed_from_istat_figures_carries_the_attribution(fanano):
    province = fanano.authority.model_copy(update={
        "type": "provincia", "name": "Modena", "population": 700_913,
        "population_source": "ISTAT, censimento 2011, somma dei comuni",
    })  # fmt: skip
    text = render_markdown(fanano.model_copy(update={"authority": province}))
    assert "(fonte: ISTAT, censimento 2011, somma dei comuni)" in text and "CC BY 3.0 IT" in text


def test_the_quote_of_an_absent_norm_is_labelled_as_where_to_insert_it(fanano):
    import io

    import pdfplumber
    from docx import Document

    from statuti_check.report.docx import render_docx
    from statuti_check.report.html import render_html
    from statuti_check.report.pdf import render_pdf

    absent = next(f for f in fanano.findings if f.rule_id == "bilancio-genere")
    assert absent.verdict == "assente" and absent.evidence  # the article on the topic

    def section(text: str, title: str = absent.title) -> str:
        text = " ".join(text.split())
        start = text.index(f"{title} — ")
        return text[start : text.index("Proposta di modifica", start)]

    with pdfplumber.open(io.BytesIO(render_pdf(fanano))) as pdf:
        pdf_text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(render_docx(fanano))).paragraphs)
    texts = (render_markdown(fanano), render_html(fanano), docx_text, pdf_text)
    partial = next(f for f in fanano.findings if f.verdict == "parziale" and f.evidence)
    for text in texts:
        gap = section(text)
        assert "Dove inserire la norma" in gap and "Che cosa dice lo statuto" not in gap
        assert "Che cosa dice lo statuto" in section(text, partial.title)


def test_an_unreadable_scan_is_never_said_to_lack_a_norm(tmp_path):
    from PIL import Image

    scan = tmp_path / "scansione.pdf"
    Image.new("L", (170, 240), 255).save(scan, "PDF", resolution=20)
    text = render_markdown(audit_file(scan, ocr="never"))
    assert "Nessuna norma pertinente" not in text and "Proposta di modifica" not in text
    assert text.count("Testo non leggibile: la norma non ha potuto essere cercata.") == 14
