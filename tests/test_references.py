import pytest

from statuti_check.judge.references import find_outdated
from statuti_check.read.extract import extract
from statuti_check.read.structure import parse_statute


@pytest.mark.parametrize(
    ("citation", "reference"),
    [
        ("ai sensi della legge 8 giugno 1990, n. 142", "legge-142-1990"),
        ("secondo la L. 142/1990", "legge-142-1990"),
        ("in attuazione della legge n. 125 del 1991", "legge-125-1991"),
        ("ai sensi della legge 25 marzo 1993, n. 81", "legge-81-1993"),
        ("con il controllo del CO.RE.CO.", "coreco"),
        ("dal D.Lgs. n. 29/1993", "dlgs-29-1993"),
    ],
)
def test_outdated_references_are_found_where_they_are(write, citation, reference):
    text = f"Art. 1 - Fonti\n1. Il Comune opera {citation}.\n2. Altro.\nArt. 2 - Sede\n1. Ai sensi del D.Lgs. 267/2000.\n"
    found = find_outdated(parse_statute(extract(write("statuto.txt", text))))
    assert [(ref.id, ref.article, ref.comma) for ref in found] == [(reference, "1", "1")]
    assert citation.split()[-1].rstrip(".") in found[0].quote


def test_current_laws_are_not_outdated(write):
    text = "Art. 1 - Fonti\n1. Ai sensi del D.Lgs. 18 agosto 2000, n. 267 e della L. 56/2014 e del D.Lgs. 198/2006.\n"
    assert find_outdated(parse_statute(extract(write("statuto.txt", text)))) == []
