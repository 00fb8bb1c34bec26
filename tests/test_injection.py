"""No injection through outputs: formulas, tags, links, images, addresses, bidi names, options.

Each test sends hostile text through one way in (a statute's quote, a file name, an authority's
name from the user's table, a review note, a rule file) and reads the output back the way its
reader would: openpyxl and the csv module for spreadsheets, Markdown libraries for the report,
WeasyPrint for the PDF.
"""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from statuti_check.contract import Report, Review, display_name
from statuti_check.judge.audit import audit_file
from statuti_check.names import file_stem, shown_name
from statuti_check.read.authority import load_authority_table
from statuti_check.report.common import FORMULA_STARTS, file_label, header
from statuti_check.report.corpus import render_csv, summarise
from statuti_check.report.html import TEMPLATES, render_html
from statuti_check.report.markdown import markdown_text, render_markdown
from statuti_check.report.pdf import fetcher, pdf_from_html
from statuti_check.report.xlsx import render_xlsx
from statuti_check.run.discover import output_names
from statuti_check.run.uploads import display_file_name, report_file_name
from tests.support.corpus_build import CORPUS

FILE_FORMULA = '=HYPERLINK("esempio.invalid";"apri").txt'
NAME_FORMULA = "@SOMMA(1;2)"
QUOTE = (
    "-2+3 <script>alert(1)</script> [clicca](javascript:alert(1)) "
    "![immagine](https://esempio.invalid/x.png) <img src=x onerror=alert(1)> "
    "<https://esempio.invalid/auto> www.esempio.invalid\n# titolo\n1. voce"
)
REASON = "+cmd|' /C calc'!A0"
NOTE = "=1+1 <b>grassetto</b> [collegamento](https://esempio.invalid)"
BIDI = "\u202e\u2066\u200f\u061c"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Report:
    """Zocca's audit carrying hostile text everywhere a statute, a user or a file can put it.

    The authority comes from a table of authorities (`--authorities`) naming the file.
    """
    report = audit_file(CORPUS / "zocca.txt")
    table_file = tmp_path_factory.mktemp("enti") / "enti.csv"
    table_file.write_text(f'file;name;type\nzocca.txt;"{NAME_FORMULA}";unione\n', "utf-8")
    authority = load_authority_table(table_file).lookup("zocca.txt", report.authority)
    findings = list(report.findings)
    index = next(i for i, f in enumerate(findings) if f.evidence and f.verdict != "conforme")
    finding = findings[index]
    evidence = finding.evidence[0].model_copy(
        update={"quote": QUOTE, "heading": "=1+1", "highlights": [(0, 4)]}
    )
    review = Review(
        verdict="da_verificare", original_verdict=finding.verdict, note=NOTE,
        author="\t=Autrice", created="2026-01-01T00:00:00+00:00",
    )  # fmt: skip
    findings[index] = finding.model_copy(
        update={"evidence": [evidence], "reason": REASON, "review": review}
    )
    return report.model_copy(
        update={
            "authority": authority,
            "findings": findings,
            "source": report.source.model_copy(update={"path": f"/tmp/{BIDI}{FILE_FORMULA}"}),
        }
    )


def test_an_authority_name_from_the_users_table_reaches_the_report(hostile):
    assert display_name(hostile.authority) == NAME_FORMULA


def test_csv_cells_that_could_be_formulas_are_written_as_text(hostile):
    rows = list(csv.reader(io.StringIO(render_csv(summarise([hostile]))), delimiter=";"))
    line = dict(zip(rows[0], rows[1], strict=True))
    assert line["ente"] == "'" + NAME_FORMULA
    assert line["file"] == "'" + FILE_FORMULA
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell


def test_xlsx_cells_that_could_be_formulas_are_read_back_as_strings(hostile):
    book = load_workbook(io.BytesIO(render_xlsx(summarise([hostile]))))
    values = set()
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.add(cell.value)
    # Written as they are, typed as text: Excel shows them and evaluates none.
    assert {NAME_FORMULA, FILE_FORMULA, QUOTE, REASON} <= values


class Tags(HTMLParser):
    """The tags and attributes of rendered HTML, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


MARKDOWN_RENDERERS = {
    "python-markdown": lambda text: markdown.markdown(text, extensions=["tables"]),
    "commonmark": lambda text: MarkdownIt("commonmark").enable("table").render(text),
}


@pytest.mark.parametrize("renderer", MARKDOWN_RENDERERS.values(), ids=MARKDOWN_RENDERERS.keys())
def test_the_markdown_report_shows_statute_and_user_text_only_as_text(hostile, renderer):
    html = renderer(render_markdown(hostile))
    tags = parsed(html)
    names = {tag for tag, _ in tags.tags}
    assert not names & {"script", "img", "b", "h4", "h5", "h6"}
    links = [attrs.get("href") or "" for tag, attrs in tags.tags if tag == "a"]
    assert links and all(link.startswith("https://www.normattiva.it/") for link in links)
    headings = [tag for tag, _ in tags.tags if tag == "h1"]
    assert len(headings) == 1  # "# titolo" inside the quote stays a quote
    text = " ".join(" ".join(tags.text).split())
    for shown in ("<script>alert(1)</script>", "[clicca](javascript:alert(1))",
                  "<b>grassetto</b>", NAME_FORMULA, "# titolo 1. voce"):  # fmt: skip
        assert shown in text, shown


@pytest.mark.parametrize(
    "text",
    ["*corsivo* _x_ `codice`", "| a | b |", "~~barrato~~", "<!-- commento -->", "&amp; &lt;",
     "> citazione", "+ voce", "\\[x\\](y)", "$x$", "mail@esempio.invalid"],
)  # fmt: skip
def test_markdown_text_is_read_back_as_written(text):
    for render in MARKDOWN_RENDERERS.values():
        html = render(f"Testo: {markdown_text(text)}")
        tags = parsed(html)
        assert [tag for tag, _ in tags.tags] == ["p"], html
        assert "".join(tags.text).strip() == f"Testo: {text}", html


def test_the_html_report_escapes_statute_and_user_text(hostile):
    tags = parsed(render_html(hostile))
    assert not {tag for tag, _ in tags.tags} & {"script", "img", "b"}
    assert all(
        (attrs.get("href") or "").startswith("https://") for tag, attrs in tags.tags if tag == "a"
    )


def test_a_rule_file_may_link_only_to_https_addresses(tmp_path):
    from statuti_check.judge.catalogue import CatalogueError, load_rule

    path = tmp_path / "prova.yaml"
    for url in ("javascript:alert(1)", "http://www.normattiva.it/", "file:///etc/passwd",
                "https://www.normattiva.it/a)b"):  # fmt: skip
        path.write_text(
            "id: prova\ntitle: Prova\nkind: obbligo\nseverity: alta\n"
            f"legal_basis: [{{citation: x, url: '{url}'}}]\nexplanation: x\nproposal: x\n"
            "anchors: [{name: a, label: a, patterns: [giunta]}]\n",
            encoding="utf-8",
        )
        with pytest.raises(CatalogueError) as caught:
            load_rule(path)
        message = str(caught.value)
        assert "legal_basis.0.url" in message and str(path) in message
        assert "possono collegare solo indirizzi https://" in message


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "http://127.0.0.1:9/", "https://esempio.invalid/x.css",
            "data:text/css,p{}", (TEMPLATES / ".." / "html.py").as_uri()],
)  # fmt: skip
def test_the_pdf_renderer_fetches_nothing_but_its_templates(url):
    with pytest.raises(ValueError, match="not a template asset"):
        fetcher().fetch(url)


def test_the_pdf_renderer_serves_its_own_stylesheet():
    response = fetcher().fetch((TEMPLATES / "report.css").as_uri())
    try:
        assert b"@page" in response.read()
    finally:
        response.close()


def test_a_local_image_named_in_the_html_never_reaches_the_pdf(tmp_path):
    from PIL import Image

    image = tmp_path / "segreto.png"
    Image.new("RGB", (40, 40), "red").save(image)
    pdf = pdf_from_html(f'<p>Testo</p><img src="{image.as_uri()}"><img src="segreto.png">')
    assert pdf.startswith(b"%PDF") and b"/Image" not in pdf


def test_bidirectional_controls_leave_names_and_file_names(hostile):
    name = f"statuto{BIDI}gpj.pdf"
    assert shown_name(name) == "statutogpj.pdf" == file_label(f"/a/{name}")
    assert display_file_name(f"../{name}") == "statutogpj.pdf"
    assert output_names([Path(name)]) == {Path(name): "statutogpj"}
    assert report_file_name(hostile, "pdf") == "verifica-HYPERLINK_esempio.invalid_apri.pdf"
    assert not any(char in render_markdown(hostile) for char in BIDI)
    assert not any(char in header(hostile).facts[0][1] for char in BIDI)


@pytest.mark.parametrize(
    ("name", "stem"),
    [("-rf.pdf", "rf"), ("--help.docx", "help"), ("-.pdf", "statuto"), (".-x.pdf", "x"),
     (f"{BIDI}-n.pdf", "n")],
)  # fmt: skip
def test_output_names_never_start_with_a_dash(name, stem):
    assert file_stem(Path(name).stem) == stem
    assert output_names([Path(name)])[Path(name)] == stem


APP_HOSTILE = "<img src=x onerror=alert(1)> [clic](javascript:alert(1)) **grassetto** :red[rosso]"


@pytest.mark.slow
def test_the_app_shows_statute_text_and_file_names_as_text(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    text = (CORPUS / "zocca.txt").read_text(encoding="utf-8")
    text = text.replace("della Giunta\n1. La Giunta", f"della Giunta {APP_HOSTILE}\n1. La Giunta")
    text = text.replace(
        "con arrotondamento aritmetico.", f"con arrotondamento aritmetico. {APP_HOSTILE}"
    )
    monkeypatch.setenv("STATUTI_CHECK_DB", str(tmp_path / "app.sqlite"))
    app = AppTest.from_file(
        str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120
    )
    app.run()
    name = "[nome](javascript:alert(1))_**x**.txt"
    app.file_uploader[0].set_value([(name, text.encode("utf-8"), "text/plain")])
    app.run()
    assert not app.exception and not app.error
    shown = next(caption.value for caption in app.caption if "abitanti" in caption.value)
    assert "file \\[nome\\](javascript:alert(1))\\_\\*\\*x\\*\\*.txt" in shown
    next(t for t in app.toggle if t.label == "Solo le lacune").set_value(False).run()
    title = "Quota minima del 40% per ciascun sesso nella Giunta"  # conforme: not a gap
    section = next(e for e in app.expander if e.label.endswith(title))
    quotes = [h.value for h in section.html if h.value.startswith("<blockquote")]
    assert quotes, "the clause is quoted"
    for quote in quotes:
        assert {tag for tag, _ in parsed(quote).tags} <= {"blockquote", "mark"}
        assert "&lt;img src=x onerror=alert(1)&gt; [clic](javascript:alert(1))" in quote
    where = next(c.value for c in section.caption if c.value.startswith("art. 14"))
    assert "&lt;img" in where and "\\[clic\\]" in where and "\\*\\*grassetto\\*\\*" in where
    assert all(m.value.startswith("**") for m in section.markdown)  # the app's own labels only
    assert section.text[0].value.startswith("Norma presente")  # the reason, as plain text


def test_the_bulk_summary_on_the_terminal_prints_names_as_they_are(hostile, tmp_path):
    from rich.console import Console

    from statuti_check.run.bulk import BulkResult
    from statuti_check.run.console import final_summary

    markup = "[link=https://esempio.invalid]clic[/link]"
    report = hostile.model_copy(
        update={
            "authority": hostile.authority.model_copy(update={"name": markup}),
            "source": hostile.source.model_copy(update={"path": "/x/[blink]statuto.txt"}),
        }
    )
    result = BulkResult(
        run_id=1, database="statuti.sqlite", files=1, skipped=0, reports=[report], failures=[],
        seconds=1.0, summary_files=[],
    )  # fmt: skip
    out = io.StringIO()
    final_summary(result, tmp_path, Console(file=out, width=300))
    printed = out.getvalue()
    assert printed.count(markup) == 2  # in the ranking and in the list of what to check
    assert printed.count("[blink]statuto.txt") == 2
