import pytest

from statuti_check.contract import ISTAT_SOURCE
from statuti_check.names import name_key
from statuti_check.read.authority import resolve_authority


@pytest.mark.parametrize(
    ("written", "istat"),
    [
        ("Castell'Arquato", "033012"),
        ("CASTELL ARQUATO", "033012"),
        ("Castell’Arquato", "033012"),
        ("Agliè", "001001"),
        ("Aglie'", "001001"),
        ("Comune di Formigine", "036015"),
        ("Appiano sulla Strada del Vino / Marktgemeinde Eppan an der Weinstraße", "021004"),
        ("Formiggine", "036015"),  # a typo within the fuzzy threshold
    ],
)
def test_comune_lookup_is_robust_to_spelling(written, istat):
    authority = resolve_authority(written, "comune")
    assert authority.istat_code == istat
    assert authority.population_source == ISTAT_SOURCE


def test_ambiguous_names_list_candidates_until_the_province_decides():
    ambiguous = resolve_authority("Castro", "comune")
    assert ambiguous.istat_code is None and ambiguous.population is None
    assert ambiguous.candidates == ["Castro (BG)", "Castro (LE)"]
    assert resolve_authority("Castro", "comune", "Lecce").province == "Lecce"


def test_unknown_comune_keeps_the_name_without_population():
    authority = resolve_authority("Borgo Inesistente", "comune")
    assert (authority.name, authority.population, authority.candidates) == (
        "Borgo Inesistente",
        None,
        [],
    )


def test_province_population_is_the_sum_of_its_comuni():
    authority = resolve_authority("Modena", "provincia")
    assert authority.population == 685_777
    assert "somma dei comuni" in authority.population_source


def test_unione_has_no_istat_population():
    authority = resolve_authority("Unione Terre dei Castelli", "unione")
    assert authority.population is None and authority.type == "unione"


def test_name_key():
    assert name_key("Comune di Sant'Agata Li Battiati") == name_key("SANT AGATA LI BATTIATI")
