"""What is printed with a statute but is not its body: indexes, notes, annexes, the adopting
deliberation, signatures. None of it becomes an article, none of it swallows one."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from statuti_check.judge.audit import audit_file
from statuti_check.read.extract import extract
from statuti_check.read.model import Statute
from statuti_check.read.nonbody import _LEADER, _ends_with_leader
from statuti_check.read.parse import parse_file, structure_json
from statuti_check.read.structure import parse_statute

FRONT = "COMUNE DI ZOCCA\nProvincia di Modena\nSTATUTO COMUNALE\n"
ARTICLES = [("1", "Il Comune"), ("2", "Sede e stemma"), ("3", "Pari opportunità"), ("4", "Giunta")]
BODY = (
    "TITOLO I - PRINCIPI\n"
    "Art. 1 - Il Comune\n1. Il Comune di Zocca è ente autonomo.\n2. Esercita le sue funzioni.\n"
    "Art. 2 - Sede e stemma\n1. La sede è nel capoluogo.\n"
    "Art. 3 - Pari opportunità\n1. Il Comune garantisce pari opportunità tra donne e uomini.\n"
    "TITOLO II - ORGANI\n"
    "Art. 4 - Giunta\n1. La Giunta è composta garantendo la presenza di entrambi i sessi.\n"
)


def parse_text(write, text: str) -> Statute:
    return parse_statute(extract(write("statuto.txt", text)))


def outline(statute: Statute) -> list[tuple[str, str | None]]:
    return [(a.number, a.heading) for a in statute.articles]


def entries(leader: str, divisions: bool = True, caps: bool = False) -> str:
    lines = ["TITOLO I - PRINCIPI" + leader.format(page=2)] if divisions else []
    for number, heading in ARTICLES:
        shown = heading.upper() if caps else heading
        lines.append(f"Art. {number} - {shown}" + leader.format(page=2 + int(number) // 3))
        if number == "3" and divisions:
            lines.append("TITOLO II - ORGANI" + leader.format(page=3))
    return "\n".join(lines) + "\n"


LEADERS = {
    "dot leaders and pages": " ........................ {page}",
    "ellipsis and pages": " …………… {page}",
    "pag. without leaders": " pag. {page}",
    "bare page numbers": " {page}",
    "nothing after the heading": "",
}


@pytest.mark.parametrize("leader", LEADERS.values(), ids=LEADERS.keys())
@pytest.mark.parametrize(
    "title", ["INDICE", "SOMMARIO", "Indice degli articoli", "INDICE GENERALE"]
)
@pytest.mark.parametrize("where", ["start", "end", "both"])
def test_an_index_never_becomes_articles(write, leader, title, where):
    index = f"{title}\n{entries(leader)}"
    text = FRONT + (index if where != "end" else "") + BODY + (index if where != "start" else "")
    statute = parse_text(write, text)
    assert outline(statute) == ARTICLES
    assert [len(a.commi) for a in statute.articles] == [2, 1, 1, 1]
    assert [d.number for d in statute.divisions] == ["I", "II"]
    assert [(i.title, i.entries) for i in statute.indexes] == [(title, ["1", "2", "3", "4"])] * (
        2 if where == "both" else 1
    )
    assert statute.warnings == []


@pytest.mark.parametrize(
    "leader", [LEADERS["dot leaders and pages"], LEADERS["pag. without leaders"]]
)
@pytest.mark.parametrize("caps", [False, True])
def test_an_index_without_a_title_is_known_by_its_page_numbers(write, leader, caps):
    statute = parse_text(write, FRONT + entries(leader, divisions=False, caps=caps) + BODY)
    assert outline(statute) == ARTICLES
    assert [(i.title, i.entries) for i in statute.indexes] == [(None, ["1", "2", "3", "4"])]


def test_an_index_without_title_or_pages_is_known_by_the_articles_it_repeats(write):
    statute = parse_text(write, FRONT + BODY + entries(""))
    assert outline(statute) == ARTICLES
    assert statute.indexes[0].entries == ["1", "2", "3", "4"]
    assert [len(a.commi) for a in statute.articles] == [2, 1, 1, 1]  # the last keeps its own


def test_an_index_run_together_in_a_paragraph(write):
    run = "Art. 1 Il Comune; Art. 2 Sede e stemma; Art. 3 Pari\nopportunità; Art. 4 Giunta.\n"
    for index in (f"SOMMARIO\n{run}", run):
        statute = parse_text(write, FRONT + index + BODY)
        assert outline(statute) == ARTICLES
        assert statute.indexes[0].entries == ["1", "2", "3", "4"]


def test_an_index_with_numbers_only_under_its_title(write):
    index = "INDICE\n" + "".join(f"{n} - {h} ........ {n}\n" for n, h in ARTICLES)
    statute = parse_text(write, FRONT + index + BODY)
    assert outline(statute) == ARTICLES
    assert statute.indexes[0].entries == ["1", "2", "3", "4"]


def test_repealed_articles_in_a_row_are_no_index(write):
    text = FRONT + BODY + "Art. 5 (abrogato)\nArt. 6 (abrogato)\nArt. 7 (abrogato)\n"
    statute = parse_text(write, text)
    assert [a.number for a in statute.articles] == ["1", "2", "3", "4", "5", "6", "7"]
    assert statute.indexes == []


def test_an_index_that_disagrees_with_the_body_is_a_warning_not_a_loss(write):
    index = "INDICE\n" + entries(" ..... {page}").replace("Art. 2 - Sede e stemma ..... 2\n", "")
    index += "Art. 5 - Norma finale ..... 4\n"
    statute = parse_text(write, FRONT + index + BODY)
    assert outline(statute) == ARTICLES
    assert statute.warnings == [
        "L'indice del documento elenca articoli che nel testo non sono stati trovati: 5.",
        "L'indice del documento non elenca articoli presenti nel testo: 2.",
    ]


def test_notes_and_amendment_histories_stay_with_their_article_out_of_its_commi(write):
    text = FRONT + (
        "Art. 1 - Il Comune\n1. Il Comune di Zocca è ente autonomo.\n"
        "Note:\n(1) Comma sostituito con deliberazione C.C. n. 5 del 3 marzo 2010.\n"
        "(2) Comma aggiunto con deliberazione C.C. n. 9 del 4 aprile 2012.\n"
        "Art. 2 - Sede\n1. La sede è nel capoluogo.\n"
        "Articolo modificato con deliberazione consiliare n. 12 del 4.5.2012\n"
        "Art. 3 - Giunta\n(Nuovo)\n1. La Giunta è composta garantendo entrambi i sessi.\n"
        "[Comma così modificato con delibera n. 3 del 2.2.2015]\n"
    )
    statute = parse_text(write, text)
    assert [[c.text for c in a.commi] for a in statute.articles] == [
        ["Il Comune di Zocca è ente autonomo."],
        ["La sede è nel capoluogo."],
        ["La Giunta è composta garantendo entrambi i sessi."],
    ]
    assert [[n.text for n in a.notes] for a in statute.articles] == [
        [
            "(1) Comma sostituito con deliberazione C.C. n. 5 del 3 marzo 2010.",
            "(2) Comma aggiunto con deliberazione C.C. n. 9 del 4 aprile 2012.",
        ],
        ["Articolo modificato con deliberazione consiliare n. 12 del 4.5.2012"],
        ["[Comma così modificato con delibera n. 3 del 2.2.2015]"],
    ]


def test_a_sentence_on_amendments_inside_a_comma_is_no_note(write):
    text = FRONT + (
        "Art. 1 - Revisione\n1. Lo statuto è modificato con deliberazione del Consiglio.\n"
        "2. Il testo modificato con deliberazione è pubblicato.\n"
    )
    statute = parse_text(write, text)
    assert len(statute.articles[0].commi) == 2 and statute.articles[0].notes == []


def test_annexes_and_signatures_end_the_body(write):
    text = (
        FRONT
        + BODY
        + (
            "Letto, approvato e sottoscritto.\nIL SINDACO\nF.to Maria Rossi\nIL SEGRETARIO COMUNALE\n"
            "Pubblicato all'albo pretorio dal 3 al 18 maggio 2012.\n"
            "ALLEGATO A - Stemma\nLo stemma è azzurro.\n"
            "ALLEGATO B - Regolamento della consulta\nArt. 1 - Oggetto\n1. Il regolamento disciplina.\n"
        )
    )
    statute = parse_text(write, text)
    assert outline(statute) == ARTICLES
    assert [c.text for c in statute.articles[-1].commi] == [
        "La Giunta è composta garantendo la presenza di entrambi i sessi."
    ]
    assert [m.kind for m in statute.other_matter] == ["chiusura", "allegato", "allegato"]


@pytest.mark.parametrize(
    "line",
    [
        "Il Sindaco nomina i componenti della",  # a wrapped line of a narrow column
        "Il Segretario comunale, avvalendosi degli",
        "IL SINDACO",  # goes on below in lower case
    ],
)
def test_a_body_line_that_reads_like_a_signature_stays_in_its_comma(write, line):
    text = FRONT + f"Art. 1 - Giunta\n1. La Giunta opera.\n{line}\nuffici e cura gli atti.\n"
    statute = parse_text(write, text)
    assert statute.other_matter == [] and line in statute.articles[0].commi[0].text


def test_an_annex_header_naming_the_act_is_not_an_annex(write):
    text = "Allegato A alla deliberazione C.C. n. 5 del 3.3.2010\n" + FRONT + BODY
    statute = parse_text(write, text)
    assert outline(statute) == ARTICLES and statute.other_matter == []


def test_the_adopting_deliberation_before_the_statute(write):
    deliberation = (
        "DELIBERAZIONE DEL CONSIGLIO COMUNALE N. 58 DEL 26 NOVEMBRE 2010\n"
        "IL CONSIGLIO COMUNALE\nVisto il decreto legislativo 18 agosto 2000, n. 267;\n"
        "DELIBERA\ndi approvare lo statuto nel testo allegato;\n"
        "di disporne la pubblicazione.\n"
    )
    statute = parse_text(write, deliberation + FRONT + BODY)
    assert outline(statute) == ARTICLES
    assert [m.kind for m in statute.other_matter] == ["deliberazione"]
    assert statute.other_matter[0].text.endswith("di disporne la pubblicazione.")
    assert statute.front_matter.adopted.isoformat() == "2010-11-26"


HEADINGS_ONLY = FRONT + "".join(
    f"Art. {n} - {heading}\n"
    for n, heading in enumerate(
        ["Sede", "Stemma", "Albo", "Consiglio", "Giunta", "Sindaco", "Uffici", "Norme"], start=1
    )
)


def test_most_articles_without_commi_is_a_warning(write):
    statute = parse_text(write, HEADINGS_ONLY)
    assert len(statute.articles) == 8
    assert any("non è stato riconosciuto alcun comma" in w for w in statute.warnings)


def test_structure_warnings_reach_the_audit_reading_notice(write):
    path = write("statuto.txt", HEADINGS_ONLY)
    report = audit_file(path)
    assert any("non è stato riconosciuto alcun comma" in w for w in report.source.warnings)


@pytest.mark.parametrize(
    ("heading", "number"),
    [("Art, 5 - Finalità", "5"), ("Art. S - Finalità", "5"), ("ART1COLO 5 - Finalità", "5"),
     ("Arl. 5 - Finalità", "5"), ("Art. 1S - Finalità", "15")],
)  # fmt: skip
def test_ocr_noise_in_article_headings(write, heading, number):
    text = FRONT + f"Art. 4 - Sede\n1. Sede.\n{heading}\n1. Il Comune persegue fini.\n"
    statute = parse_text(write, text)
    assert [(a.number, a.heading) for a in statute.articles][1] == (number, "Finalità")


def test_a_titolo_fused_with_the_next_article_is_split(write):
    text = FRONT + (
        "Art. 8 - Sede\n1. Sede.\n"
        "TITOLO III – PARTECIPAZIONE POPOLARE ARTICOLO 9 – Consultazioni 1. Il Comune consulta.\n"
        "2. Anche i giovani.\nTITOLO HI - ORGANI\nArt. 10 - Giunta\n1. La Giunta.\n"
    )
    statute = parse_text(write, text)
    assert [(d.number, d.heading) for d in statute.divisions] == [
        ("III", "PARTECIPAZIONE POPOLARE"), ("III", "ORGANI"),
    ]  # fmt: skip
    assert [(a.number, a.heading, len(a.commi)) for a in statute.articles] == [
        ("8", "Sede", 1), ("9", "Consultazioni", 2), ("10", "Giunta", 1),
    ]  # fmt: skip


def test_structure_json_reports_indexes_notes_and_other_matter(write):
    text = FRONT + "INDICE\n" + entries(" ..... {page}") + BODY
    text += (
        "Nota:\n(1) Comma aggiunto con deliberazione C.C. n. 9 del 4 aprile 2012.\nALLEGATO A\nx\n"
    )
    data = structure_json(parse_file(write("statuto.txt", text)))
    assert [(i["title"], i["entries"]) for i in data["indexes"]] == [
        ("INDICE", ["1", "2", "3", "4"])
    ]
    assert data["articles"][-1]["notes"][0]["text"].startswith("(1) Comma aggiunto")
    assert [m["kind"] for m in data["other_matter"]] == ["allegato"]
    assert all("notes" in article for article in data["articles"])


def test_a_footnote_at_the_foot_of_a_page_leaves_the_article_going_on(write):
    text = FRONT + (
        "Art. 1 - Il Comune\n1. Il Comune di Zocca è ente autonomo.\n"
        "(1) Comma sostituito con deliberazione C.C. n. 5 del 3 marzo 2010.\n"
        "\f2. Il Comune esercita le sue funzioni.\nArt. 2 - Sede\n1. La sede è nel capoluogo.\n"
    )
    statute = parse_text(write, text)
    assert [[c.text for c in a.commi] for a in statute.articles] == [
        ["Il Comune di Zocca è ente autonomo.", "Il Comune esercita le sue funzioni."],
        ["La sede è nel capoluogo."],
    ]
    assert [n.text for n in statute.articles[0].notes] == [
        "(1) Comma sostituito con deliberazione C.C. n. 5 del 3 marzo 2010."
    ]


def test_an_index_with_wrapped_entries_and_headings_below_their_numbers(write):
    wrapped = (
        "INDICE\nTITOLO I - PRINCIPI ........ 2\nArt. 1 - Il Comune ........ 2\n"
        "Art. 2 - Sede e stemma del Comune, con la disciplina\ndel gonfalone ........ 2\n"
        "Art. 3 - Pari opportunità ........ 3\nTITOLO II - ORGANI ........ 3\n"
        "Art. 4 - Giunta ........ 3\n"
    )
    below = "".join(f"ARTICOLO {n}\n{h.upper()}\n" for n, h in ARTICLES)
    for index in (wrapped, below):
        statute = parse_text(write, FRONT + index + BODY)
        assert outline(statute) == ARTICLES
        assert statute.indexes[0].entries == ["1", "2", "3", "4"]


def test_an_untitled_index_of_titoli_only_is_no_division(write):
    index = "".join(f"TITOLO {n} - {h} ........ {p}\n" for n, h, p in
                    [("I", "PRINCIPI", 2), ("II", "ORGANI", 3), ("III", "UFFICI", 4)])  # fmt: skip
    statute = parse_text(write, FRONT + index + BODY)
    assert [d.number for d in statute.divisions] == ["I", "II"]
    assert outline(statute) == ARTICLES and statute.indexes[0].entries == []


def test_an_index_where_each_titolo_has_its_capo_i(write):
    body = (
        "TITOLO I - PRINCIPI\nCAPO I - IL COMUNE\nArt. 1 - Il Comune\n1. Il Comune è autonomo.\n"
        "TITOLO II - ORGANI\nCAPO I - IL CONSIGLIO\nArt. 2 - Consiglio\n1. Il Consiglio decide.\n"
        "CAPO II - LA GIUNTA\nArt. 3 - Giunta\n1. La Giunta collabora.\n"
    )
    index = "INDICE\n" + "".join(
        f"{line} ..... 2\n" for line in body.splitlines() if not line.startswith("1.")
    )
    statute = parse_text(write, FRONT + index + body)
    assert [a.number for a in statute.articles] == ["1", "2", "3"]
    assert [(d.kind, d.number) for d in statute.divisions] == [
        ("titolo", "I"), ("capo", "I"), ("titolo", "II"), ("capo", "I"), ("capo", "II"),
    ]  # fmt: skip
    assert statute.indexes[0].entries == ["1", "2", "3"] and statute.warnings == []


def test_a_run_together_index_wrapped_in_a_narrow_column(write):
    index = (
        "SOMMARIO\nArt. 1 - Il Comune; Art. 2 - Sede e\nstemma;\nArt. 3 - Pari opportunità; Art.\n"
        "4 - Giunta.\n"
    )
    statute = parse_text(write, FRONT + index + BODY)
    assert outline(statute) == ARTICLES
    assert statute.indexes[0].entries == ["1", "2", "3", "4"] and statute.warnings == []


def test_an_index_page_number_wrapped_after_pag(write):
    index = "INDICE\n" + "".join(f"Art. {n} - {h} pag.\n{n}\n" for n, h in ARTICLES)
    statute = parse_text(write, FRONT + index + BODY)
    assert outline(statute) == ARTICLES and statute.indexes[0].entries == ["1", "2", "3", "4"]


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab AgG.…_·3\t\n\xa0pina", max_size=30))
@example("Art. 1 Finalità ........ 3")
@example("Art. 2 Sede … pag. 12\n")
@example("Art. 3 Organi pagina")
@example("Art. 4 Statuto   7  ")
def test_a_leader_is_found_where_the_pattern_finds_it(line: str) -> None:
    assert _ends_with_leader(line) == (_LEADER.search(line) is not None)
