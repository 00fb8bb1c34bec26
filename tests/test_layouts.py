"""parse(render(statute)) == statute for every layout variant real statutes use, as PDF and text."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from statuti_check.parse import parse_file
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
