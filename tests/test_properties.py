"""Property tests (hypothesis) for the structure parser and the quantity parser.

The parser must survive any text with offsets inside it and articles in document order, and read
back exactly any statute we generate and render in a supported layout; the quantity parser must
survive any text and read every floor it is given.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statuti_check.contract import SourceInfo
from statuti_check.judge.quantities import binding_floor, find_shares
from statuti_check.read.authority import resolve_authority
from statuti_check.read.model import Document, Page, ParsedStatute
from statuti_check.read.structure import parse_statute
from tests.support.compare import expected, summary
from tests.support.corpus_build import Style, render_text, sidecar

pytestmark = pytest.mark.slow  # Hypothesis renders and parses many generated statutes

WORDS = [
    "il",
    "comune",
    "garantisce",
    "promuove",
    "assicura",
    "la",
    "partecipazione",
    "dei",
    "cittadini",
    "alla",
    "vita",
    "pubblica",
    "consiglio",
    "giunta",
    "sindaco",
    "regolamento",
    "disciplina",
    "modalità",
    "forme",
    "presente",
    "statuto",
    "legge",
    "funzioni",
    "servizi",
    "uffici",
    "pubblici",
    "atti",
    "trasparenza",
    "bilancio",
    "programma",
    "sociale",
    "territorio",
    "sviluppo",
    "cultura",
    "tutela",
    "ambiente",
    "associazioni",
    "volontariato",
    "informazione",
    "accesso",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def document_of(text: str) -> Document:
    source = SourceInfo(path="statuto.txt", sha256="0" * 64, format="txt", pages=1,
                        paginated=False, has_text_layer=True, engine="txt")  # fmt: skip
    return Document(source=source, pages=[Page(number=1, text=text)])


sentence = st.lists(st.sampled_from(WORDS), min_size=4, max_size=18).map(
    lambda words: " ".join(words).capitalize() + "."
)
comma_text = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
heading = st.one_of(
    st.none(), st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(
        lambda words: " ".join(words).capitalize()
    )
)  # fmt: skip


@st.composite
def statutes(draw: st.DrawFn) -> dict[str, Any]:
    """A statute source in corpus/src form: titoli now and then, articles numbered in order."""
    body: list[dict[str, Any]] = []
    titoli = 0
    for number in range(1, draw(st.integers(1, 12)) + 1):
        if titoli < len(ROMAN) and (number == 1 or (draw(st.booleans()) and number % 3 == 0)):
            body.append({"titolo": {"number": ROMAN[titoli], "heading": draw(heading) or "Norme"}})
            titoli += 1
        commi = draw(st.lists(comma_text, min_size=1, max_size=4))
        body.append({"articolo": {"number": str(number), "heading": draw(heading), "commi": commi}})
    return {
        "slug": "generato",
        "front_matter": [
            "COMUNE DI VIGNOLA",
            "Statuto comunale",
            "Approvato con deliberazione C.C. n. 1 del 10.01.2001",
        ],
        "authority": {"name": "Vignola", "type": "comune"},
        "adopted": "2001-01-10",
        "body": body,
    }


styles = st.builds(
    Style,
    format=st.just("txt"),
    article=st.sampled_from(["dash", "paren", "next_line", "caps_next_line", "colon_compact"]),
    comma=st.sampled_from(["dot", "paren", "dash", "unnumbered"]),
    division=st.sampled_from(["same_line", "next_line"]),
    wrap=st.sampled_from([0, 72]),
)


@SETTINGS
@given(source=statutes(), style=styles)
def test_parse_of_render_is_the_statute(source, style):
    text = render_text(source, style)
    document = document_of(text)
    statute = parse_statute(document)
    front = statute.front_matter
    authority = resolve_authority(front.authority_name, front.authority_type, front.province)
    parsed = ParsedStatute(document=document, statute=statute, authority=authority)
    assert summary(parsed) == expected(sidecar(source, style))


@SETTINGS
@given(text=st.text(max_size=3000) | st.lists(
    st.sampled_from(["Art. 3", "1.", "2)", "a)", "TITOLO II", "Capo I", "\n", " ", "Giunta",
                     "art. 6 del TUEL", "Articolo 4 - Sede", "bis", "\n\n"]),
    max_size=200).map("".join))  # fmt: skip
def test_any_text_parses_with_offsets_inside_and_articles_in_order(text):
    document = document_of(text)
    statute = parse_statute(document)
    size = len(document.text)
    starts = [article.start for article in statute.articles]
    assert starts == sorted(starts)
    for article in statute.articles:
        assert 0 <= article.start <= article.end <= size
        for comma in article.commi:
            assert article.start <= comma.start <= comma.end <= article.end
            for letter in comma.letters:
                assert comma.start <= letter.start <= letter.end <= comma.end
    for division in statute.divisions:
        assert 0 <= division.start <= division.end <= size


@SETTINGS
@given(text=st.text(max_size=2000))
def test_the_quantity_parser_survives_any_text(text):
    for share in find_shares(text):
        assert 0 <= share.start <= share.end <= len(text)
        assert share.value >= 0
    binding_floor(text, near=[0, len(text) // 2])


@SETTINGS
@given(percent=st.integers(1, 100), filler=sentence)
def test_every_percentage_floor_is_read(percent, filler):
    text = f"{filler} Ciascun sesso è rappresentato in misura non inferiore al {percent} per cento."
    floor = binding_floor(text)
    assert floor is not None and abs(floor.value - percent / 100) < 1e-9
