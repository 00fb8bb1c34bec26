from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from statuti_check.read.extract import extract
from statuti_check.read.model import Statute
from statuti_check.read.structure import (
    _REFERENCE_BEFORE,
    _comma_pattern,
    _find_comma,
    article_key,
    parse_statute,
    reflow,
)


def parse_text(write, text: str, name: str = "statuto.txt") -> Statute:
    return parse_statute(extract(write(name, text)))


def outline(statute: Statute) -> list[tuple[str, str | None, list[str | None]]]:
    return [(a.number, a.heading, [c.number for c in a.commi]) for a in statute.articles]


@pytest.mark.parametrize(
    "heading",
    [
        "Art. 5 - Finalità",
        "ART. 5 – Finalità",
        "Art. 5: Finalità",
        "Art.5 - Finalità",
        "Art. 5. Finalità",
        "Art. 5 (Finalità)",
        "Articolo 5 - Finalità",
        "Articolo 5\nFinalità",
        "Art. 5\n(Finalità)",
        "ARTICOLO 5\nFINALITÀ",
        "Art. 5 Finalità",
    ],
)
def test_article_heading_variants(write, heading):
    statute = parse_text(
        write, f"Art. 4 - Sede\n1. Sede.\n{heading}\n1. Il Comune persegue fini.\n"
    )
    number, parsed_heading, commi = outline(statute)[1]
    assert number == "5" and parsed_heading.lower() == "finalità" and commi == ["1"]


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("Art. 5 bis", "5 bis"),
        ("Art. 5-bis", "5 bis"),
        ("Art.5bis", "5 bis"),
        ("ART. 5 TER", "5 ter"),
        ("Articolo 5 quater", "5 quater"),
    ],
)
def test_latin_suffixes(write, written, number):
    statute = parse_text(write, f"Art. 5 - A\n1. Testo.\n{written} - Rubrica\n1. Testo.\n")
    assert [a.number for a in statute.articles] == ["5", number]


@pytest.mark.parametrize(
    "separator",
    ["1. ", "1) ", "1 - ", "1 – "],
)
def test_comma_numbering_styles(write, separator):
    first, second = separator, separator.replace("1", "2")
    text = f"Art. 1 - Sede\n{first}Il Comune ha sede.\n{second}Lo stemma è storico.\n"
    assert outline(parse_text(write, text)) == [("1", "Sede", ["1", "2"])]


def test_commi_run_together_on_one_line(write):
    text = "Art. 7 - Giunta\n1. La Giunta collabora con il Sindaco per l'efficienza. 2. La giunta è composta dal Sindaco. 3. Resta in carica.\n"
    statute = parse_text(write, text)
    assert [c.text for c in statute.articles[0].commi] == [
        "La Giunta collabora con il Sindaco per l'efficienza.",
        "La giunta è composta dal Sindaco.",
        "Resta in carica.",
    ]


def test_unnumbered_paragraphs_are_commi(write):
    text = "ARTICOLO 3\nFINALITÀ\n\nIl Comune persegue lo sviluppo.\n\nPromuove la cultura.\n"
    statute = parse_text(write, text)
    assert outline(statute) == [("3", "FINALITÀ", [None, None])]


def test_cross_references_do_not_open_articles(write):
    text = (
        "Art. 10 - Nomine\n"
        "1. Il Sindaco provvede alle nomine ai sensi dell'\n"
        "art. 50 del TUEL e secondo quanto previsto dall'\n"
        "Art. 12, comma 3, del presente statuto, nonché dall'\n"
        "Art. 6 del decreto legislativo n. 267 del 2000.\n"
        "2. Le nomine di cui all'articolo 12 sono pubblicate.\n"
        "Art. 11 - Revoca\n"
        "1. Il Sindaco revoca.\n"
    )
    statute = parse_text(write, text)
    assert outline(statute) == [("10", "Nomine", ["1", "2"]), ("11", "Revoca", ["1"])]
    assert "Art. 6 del decreto legislativo" in statute.articles[0].commi[0].text


def test_lettere_inside_a_comma(write):
    text = "Art. 2 - Funzioni\n1. Il Comune:\na) tutela l'ambiente;\nb) promuove la cultura;\nb bis) sostiene lo sport.\n2. Altro.\n"
    comma = parse_text(write, text).articles[0].commi[0]
    assert [letter.letter for letter in comma.letters] == ["a", "b", "b bis"]
    assert comma.letters[1].text == "promuove la cultura;"
    assert (
        comma.text
        == "Il Comune:\na) tutela l'ambiente;\nb) promuove la cultura;\nb bis) sostiene lo sport."
    )


def test_divisions_and_context(write):
    text = (
        "TITOLO I - PRINCIPI\nCAPO I\nElementi costitutivi\nArt. 1 - Sede\n1. Sede.\n"
        "CAPO II - Organi\nSezione I - Consiglio\nArt. 2 - Consiglio\n1. Consiglio.\n"
        "TITOLO II\nFINANZA\nArt. 3 - Bilancio\n1. Bilancio.\n"
    )
    statute = parse_text(write, text)
    assert [(d.kind, d.number, d.heading) for d in statute.divisions] == [
        ("titolo", "I", "PRINCIPI"),
        ("capo", "I", "Elementi costitutivi"),
        ("capo", "II", "Organi"),
        ("sezione", "I", "Consiglio"),
        ("titolo", "II", "FINANZA"),
    ]
    assert [(a.titolo, a.capo, a.sezione) for a in statute.articles] == [
        ("I", "I", None),
        ("I", "II", "I"),
        ("II", None, None),
    ]


def test_numbering_gaps_and_duplicates_are_warnings(write):
    text = "Art. 1 - A\n1. a.\nArt. 2 - B\n1. b.\nArt. 4 - D\n1. d.\nArt. 4 - D bis\n1. d.\n"
    statute = parse_text(write, text)
    assert [a.number for a in statute.articles] == ["1", "2", "4", "4"]
    assert statute.warnings == [
        "Numerazione degli articoli interrotta: dopo l'articolo 2 segue l'articolo 4.",
        "Articolo 4 duplicato o fuori ordine (dopo l'articolo 4).",
    ]


def test_an_excerpt_s_first_article_under_a_division_heading_is_kept(write):
    """A far jump right after a capo's heading is an excerpt's next part, not a cross-reference."""
    text = (
        "Art. 1 - Finalità\n1. Il Comune rappresenta la comunità.\n"
        "CAPO III - LA GIUNTA COMUNALE\n"
        "Art. 31 - Composizione\n1. La Giunta si compone di sei assessori.\n"
        "Art. 32 - Nomina\n1. Il Sindaco nomina gli assessori.\n"
    )
    statute = parse_text(write, text)
    assert [a.number for a in statute.articles] == ["1", "31", "32"]
    assert [a.capo for a in statute.articles] == [None, "III", "III"]


def test_offsets_and_pages_point_into_the_document(write):
    document = extract(
        write("s.txt", "Art. 1 - A\n1. Primo comma.\fArt. 2 - B\n1. Secondo comma.\n")
    )
    statute = parse_statute(document)
    second = statute.articles[1]
    assert (second.page_start, second.commi[0].page_start) == (2, 2)
    comma = second.commi[0]
    assert document.text[comma.start : comma.end] == "Secondo comma."
    assert statute.articles[0].page_start == 1


def test_text_without_articles_warns(write):
    statute = parse_text(write, "Verbale della seduta del consiglio.\nPresenti tutti.\n")
    assert statute.articles == []
    assert statute.warnings == [
        "Nessun articolo riconosciuto: il testo potrebbe non essere uno statuto."
    ]


def test_reflow_joins_wrapped_lines_and_keeps_lists():
    assert (
        reflow("Il Comune\ngarantisce:\na) la\nparità;\nb) altro.")
        == "Il Comune garantisce:\na) la parità;\nb) altro."
    )


def test_article_key_orders_suffixes():
    assert sorted(["5 ter", "6", "5", "5 bis"], key=article_key) == ["5", "5 bis", "5 ter", "6"]


def test_front_matter_is_text_before_first_heading(write):
    statute = parse_text(write, "COMUNE DI SOLIERA\nStatuto comunale\n\nArt. 1 - Sede\n1. Sede.\n")
    assert statute.front_matter.text == "COMUNE DI SOLIERA\nStatuto comunale"
    assert statute.front_matter.authority_name == "Soliera"


def test_pdf_paragraph_geometry(tmp_path: Path):
    from tests.support.corpus_build import Style, render_pdf

    source = {
        "slug": "x", "front_matter": ["COMUNE DI ZOCCA"], "authority": {}, "adopted": None,
        "body": [{"articolo": {"number": "1", "heading": "Sede", "commi": [
            "Il Comune ha sede nel capoluogo, dove si riuniscono di norma gli organi collegiali " * 3,
            "Lo stemma e il gonfalone sono quelli storicamente in uso e descritti nel regolamento.",
        ]}}],
    }  # fmt: skip
    path = tmp_path / "x.pdf"
    path.write_bytes(
        render_pdf(source, Style(format="pdf", article="caps_next_line", comma="unnumbered"))
    )
    assert outline(parse_statute(extract(path))) == [("1", "SEDE", [None, None])]


def test_note_before_the_first_comma(write):
    text = "Art. 8 - Giunta\n(Modificato)\n1. La Giunta collabora.\n2. Resta in carica.\n"
    assert outline(parse_text(write, text)) == [("8", "Giunta", ["1", "2"])]


@pytest.mark.parametrize(
    "body",
    [
        "1. Il Sindaco nomina il vicesindaco.2. Gli assessori partecipano.",  # no space
        "1. Il Sindaco nomina il Vice Sindaco 2. Gli assessori partecipano.",  # no full stop
        "1.Il Sindaco nomina il vicesindaco.\n2.Gli assessori partecipano.",  # no space after
    ],
)
def test_commi_written_carelessly(write, body):
    assert outline(parse_text(write, f"Art. 3 - Giunta\n{body}\n")) == [("3", "Giunta", ["1", "2"])]


def test_a_missing_comma_number_is_bridged(write):
    text = "Art. 3 - Giunta\n1. Primo.\n2. Secondo.\n4. Quarto.\n5. Quinto.\n"
    assert outline(parse_text(write, text)) == [("3", "Giunta", ["1", "2", "4", "5"])]


@pytest.mark.parametrize(
    "reference",
    [
        "di cui al comma 2. Il",
        "ai sensi dell'art. 2. Il",
        "richiamata al n. 2. Il",
        "come dal D.Lgs. 2. Il",
    ],
)
def test_references_ending_a_sentence_do_not_split_commi(write, reference):
    text = f"Art. 3 - Nomine\n1. Si procede {reference} Sindaco decide.\n2. Altro.\n"
    statute = parse_text(write, text)
    assert [c.number for c in statute.articles[0].commi] == ["1", "2"]
    assert reference in statute.articles[0].commi[0].text


def test_a_sentence_ending_with_a_law_then_a_comma(write):
    text = "Art. 3 - Nomine\n1. Le nomine sono disciplinate dalla legge.\n2. Altro.\n"
    assert outline(parse_text(write, text)) == [("3", "Nomine", ["1", "2"])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a rubrica cut after a preposition goes on on the next line
        (
            "Art. 4 - Composizione e nomina della\nGiunta\n1. La Giunta è composta dal Sindaco.",
            [("4", "Composizione e nomina della Giunta", ["1"])],
        ),
        # "Capo I" ends in a Roman numeral, not in the article "i": the body stays the body
        (
            "Art. 1 - Finalità di cui al Capo I\nIl Comune promuove la parità tra donne e uomini "
            "nella\nGiunta e negli organi collegiali e garantisce la\nPresenza di entrambi i sessi.",
            [("1", "Finalità di cui al Capo I", [None])],
        ),
        # a dangling word takes on one line at most: a body whose lines end in "la" stays a body
        (
            "Art. 2 - Principi e\nValori della comunità\nIl Comune tutela la\nPersona e la\nFamiglia.",
            [("2", "Principi e Valori della comunità", [None])],
        ),
        (
            "Art. 3 - Principi e\nIl Comune tutela la\nPersona e la\nFamiglia.",
            [("3", "Principi e Il Comune tutela la", [None])],
        ),
    ],
    ids=["dangling", "roman-numeral", "one-line-only", "bounded"],
)
def test_wrapped_rubriche(write, text, expected):
    assert outline(parse_text(write, text)) == expected


def _comma_scanning_everything(body: str, number: str, position: int) -> tuple[int, int] | None:
    """`_find_comma` as it was, its start pattern tried from `position` on."""
    start, _ = _comma_pattern(number)
    for match in start.finditer(body, position):
        if not _REFERENCE_BEFORE.search(body[max(0, match.start() - 12) : match.start()]):
            return match.span()
    return None


@settings(max_examples=3000, deadline=None)
@given(
    st.text(alphabet="12 \t\n.);:aL°-bis", max_size=50),
    st.sampled_from(["1", "2", "12", "2 bis"]),
    st.integers(min_value=0, max_value=50),
)
@example("Vice Sindaco 2. Gli assessori", "2", 0)  # spaces before the number begin the match
@example("efficienza.\t 2) La Giunta", "2", 3)
@example("1. Testo.\n  2 bis. Altro", "2 bis", 1)
def test_a_comma_is_found_where_the_pattern_over_the_whole_body_finds_it(
    body: str, number: str, position: int
) -> None:
    found = _find_comma(body, number, position)
    assert (found.span() if found else None) == _comma_scanning_everything(body, number, position)
