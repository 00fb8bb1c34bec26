"""parse(render(statute)) == statute for every layout variant real statutes use, as PDF and text."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from statuti_check.read.parse import parse_file
from tests.support.compare import expected, summary
from tests.support.corpus_build import Style, load_source, render, sidecar

ARTICLES = ["dash", "paren", "next_line", "caps_next_line", "colon_compact"]
COMMI = ["dot", "paren", "dash", "unnumbered", "run_together"]
SOURCE = load_source("zocca")


@pytest.mark.parametrize(
    ("article", "comma", "fmt"), list(itertools.product(ARTICLES, COMMI, ["pdf", "txt"]))
)
def test_layout_variant(article: str, comma: str, fmt: str, tmp_path: Path):
    style = Style(format=fmt, article=article, comma=comma, division="next_line", wrap=0)
    path = tmp_path / f"statuto.{fmt}"
    path.write_bytes(render(SOURCE, style))
    assert summary(parse_file(path)) == expected(sidecar(SOURCE, style))


def test_wrapped_text_without_blank_lines(tmp_path: Path):
    style = Style(format="txt", article="dash", comma="dot", wrap=72, blank_lines=False)
    path = tmp_path / "statuto.txt"
    path.write_bytes(render(SOURCE, style))
    assert summary(parse_file(path)) == expected(sidecar(SOURCE, style))


def letters_only(text: str) -> str:
    """Text without spaces, punctuation or hyphens: what reading order alone decides."""
    return re.sub(r"\W", "", text).lower()


def source_commi(source: dict) -> dict[str, list[str]]:
    return {
        item["articolo"]["number"]: item["articolo"]["commi"]
        for item in source["body"]
        if "articolo" in item
    }


@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
@pytest.mark.parametrize(("article", "comma"), [("dash", "dot"), ("next_line", "paren")])
def test_two_column_pdf_is_read_column_by_column(article, comma, engine, tmp_path: Path):
    """Regional bulletins print statutes in two columns: every comma must read as written."""
    style = Style(format="pdf", article=article, comma=comma, division="next_line", columns=2)
    path = tmp_path / "statuto.pdf"
    path.write_bytes(render(SOURCE, style))
    parsed = parse_file(path, engine=engine)
    assert summary(parsed) == expected(sidecar(SOURCE, style))
    commi = source_commi(SOURCE)
    for parsed_article in parsed.statute.articles:
        written = [letters_only(text) for text in commi[parsed_article.number]]
        read = [letters_only(c.text).removeprefix(c.number or "") for c in parsed_article.commi]
        assert read == written, parsed_article.number


@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
def test_two_column_pdf_with_unnumbered_commi_keeps_every_article_in_order(engine, tmp_path):
    """Unnumbered commi split only where the layout shows it; a comma ending exactly at the
    foot of a column may run on into the next one, but no text leaves its article."""
    style = Style(format="pdf", article="next_line", comma="unnumbered", division="next_line",
                  columns=2)  # fmt: skip
    path = tmp_path / "statuto.pdf"
    path.write_bytes(render(SOURCE, style))
    parsed = parse_file(path, engine=engine)
    truth = expected(sidecar(SOURCE, style))
    got = summary(parsed)
    assert {k: v for k, v in got.items() if k != "articles"} == {
        k: v for k, v in truth.items() if k != "articles"
    }
    strip = [{k: v for k, v in a.items() if k != "commi"} for a in got["articles"]]
    assert strip == [{k: v for k, v in a.items() if k != "commi"} for a in truth["articles"]]
    commi = source_commi(SOURCE)
    for parsed_article in parsed.statute.articles:
        written = "".join(letters_only(text) for text in commi[parsed_article.number])
        read = "".join(letters_only(c.text) for c in parsed_article.commi)
        assert read == written, parsed_article.number


@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
def test_two_columns_on_shared_baselines(engine, tmp_path: Path):
    """pdfplumber joins what sits at one height: both columns' lines, when baselines align."""
    from tests.conftest import two_column_pdf

    left = [
        "Art. 1 - Principi",
        "1. Il Comune garantisce la parità tra donne e uomini in ogni "
        "ambito della propria attività e ne promuove la piena realizzazione.",
    ]
    right = [
        "Art. 2 - Giunta",
        "1. La Giunta è composta dal Sindaco e dagli assessori, che "
        "il Sindaco nomina garantendo la presenza di entrambi i sessi.",
    ]
    filler = [f"{i}. Il Comune cura l'interesse pubblico della comunità e ne promuove lo "
              "sviluppo civile, sociale ed economico." for i in range(2, 9)]  # fmt: skip
    path = tmp_path / "statuto.pdf"
    path.write_bytes(two_column_pdf(left + filler, right + filler))
    parsed = parse_file(path, engine=engine)
    assert [(a.number, a.heading) for a in parsed.statute.articles] == [
        ("1", "Principi"), ("2", "Giunta"),
    ]  # fmt: skip
    for article, written in zip(parsed.statute.articles, (left, right), strict=True):
        assert letters_only(article.commi[0].text) == letters_only(written[1]).removeprefix("1")


def test_a_stamp_printed_upside_down_does_not_stop_the_reading(tmp_path: Path):
    from tests.conftest import make_pdf

    path = tmp_path / "statuto.pdf"
    lines = ["Art. 1 - Principi"] + [f"{i}. Il Comune garantisce la parità." for i in range(1, 11)]
    path.write_bytes(make_pdf([lines], upside_down="TIMBRO CAPOVOLTO"))
    parsed = parse_file(path)
    assert [a.number for a in parsed.statute.articles] == ["1"]
    assert len(parsed.statute.articles[0].commi) == 10
