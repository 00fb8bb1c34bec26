from datetime import date

import pytest

from statuti_check.read.frontmatter import (
    find_authority,
    parse_acts,
    parse_date,
    parse_front_matter,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("deliberazione consiliare n. 32 dd. 17 novembre 2014", date(2014, 11, 17)),
        ("C.C. n. 15 del 26.04.2004", date(2004, 4, 26)),
        ("delibera n. 7 del 3/2/2009", date(2009, 2, 3)),
        ("approvato il 1° marzo 2010", date(2010, 3, 1)),
        ("seduta del 12-10-99", date(1999, 10, 12)),
        ("nessuna data qui, solo il 31.02.2010 che non esiste", None),
    ],
)
def test_italian_dates(text, expected):
    assert parse_date(text) == expected


def test_adoption_and_amendments_are_told_apart():
    text = (
        "Approvato con deliberazione del Consiglio comunale n. 32 del 17 novembre 2004\n"
        "Modificato con deliberazione C.C. n. 15 del 26.04.2010\n"
        "Integrato con delibera consiliare n. 4 del 2/3/2015\n"
    )
    acts = parse_acts(text)
    assert [(a.kind, a.number, a.date) for a in acts] == [
        ("adozione", "32", date(2004, 11, 17)),
        ("modifica", "15", date(2010, 4, 26)),
        ("modifica", "4", date(2015, 3, 2)),
    ]


def test_later_acts_without_wording_count_as_amendments():
    acts = parse_acts("Delib. C.C. n. 61 del 27.09.1991\nDelib. C.C. n. 19 del 10.04.2000")
    assert [a.kind for a in acts] == ["adozione", "modifica"]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("COMUNE DI CASTELL'ARQUATO\nProvincia di Piacenza", "Castell'Arquato", "comune"),
        ("Città di Carpi", "Carpi", "comune"),
        ("PROVINCIA DI MODENA\nStatuto", "Modena", "provincia"),
        ("Città metropolitana di Bologna", "Bologna", "citta_metropolitana"),
        ("UNIONE DEI COMUNI DELLA VAL LUCENTE", "Unione dei Comuni della Val Lucente", "unione"),
        ("COMUNE DI ALBIANO D'IVREA", "Albiano d'Ivrea", "comune"),
        ("Statuto\nnessun ente nominato", None, None),
    ],
)
def test_authority_named_in_front_matter(text, name, kind):
    assert find_authority(text) == (name, kind)


def test_front_matter_keeps_the_province_of_a_comune():
    front = parse_front_matter("COMUNE DI CASTRO\nProvincia di Lecce\n", "")
    assert (front.authority_name, front.province) == ("Castro", "Lecce")


def test_acts_at_the_end_when_front_matter_has_none():
    full = (
        "Art. 1\n1. Testo.\nLo statuto è stato approvato con deliberazione n. 5 del 2 maggio 2003."
    )
    assert parse_front_matter("", full).adopted == date(2003, 5, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an act wrapped over two lines in a narrow column
        (
            "Approvato con deliberazione del Consiglio\ncomunale n. 18 del 14 marzo 2003",
            [("adozione", "18", date(2003, 3, 14))],
        ),
        # complete acts on lines that go on in lower case are not joined to the next
        (
            "Approvato con deliberazione del Consiglio comunale n. 10 del 1.2.2000\n"
            "modificato con deliberazione n. 5 del 3.3.2005\ne con deliberazione n. 7 del 4.4.2010",
            [
                ("adozione", "10", date(2000, 2, 1)),
                ("modifica", "5", date(2005, 3, 3)),
                ("modifica", "7", date(2010, 4, 4)),
            ],
        ),
        (
            "Deliberazione C.C. n. 18 del 14 marzo 2003\n2. Modificato con deliberazione n. 3 del "
            "5.5.2009",
            [("adozione", "18", date(2003, 3, 14)), ("modifica", "3", date(2009, 5, 5))],
        ),
    ],
    ids=["wrapped", "lower-case-amendments", "numbered-lines"],
)
def test_acts_over_wrapped_lines(text, expected):
    assert [(a.kind, a.number, a.date) for a in parse_acts(text)] == expected
