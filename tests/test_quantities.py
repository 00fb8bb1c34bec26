import pytest

from statuti_check.judge.quantities import binding_floor, body_size, find_shares, number_value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("nessuno dei due sessi può essere rappresentato in misura inferiore al 40 per cento", 0.4),
        ("in misura non inferiore al 40%", 0.4),
        ("non inferiore al quaranta per cento", 0.4),
        ("ciascun sesso in misura non inferiore ai due quinti", 0.4),
        ("almeno un terzo degli assessori appartiene al genere meno rappresentato", 0.3333),
        ("non meno di 1/3 dei componenti", 0.3333),
        ("un numero pari alla metà dei componenti", 0.5),
        ("il trentatré per cento", 0.33),
        ("il 33,3% dei componenti", 0.333),
        ("nessun genere può superare il 60 per cento", 0.4),
        ("la rappresentanza di ciascun genere non può essere superiore al sessanta per cento", 0.4),
        ("rappresentanza paritaria dei sessi e in ogni caso non meno di un terzo", 0.3333),
        ("composta dal Sindaco e da sei assessori, di cui almeno tre di sesso diverso", 0.4286),
        ("il sesso meno rappresentato non scende al di sotto dei quattro decimi", 0.4),
        ("non più di tre componenti su cinque possono essere dello stesso sesso", 0.4),
        ("almeno due assessori su cinque appartengono a ciascun sesso", 0.4),
    ],
)
def test_floor_for_each_sex(text, value):
    assert binding_floor(text).value == pytest.approx(value, abs=1e-3)


def test_numbers_that_are_not_shares():
    assert binding_floor("il consiglio si riunisce entro 60 giorni dalla proclamazione") is None
    assert binding_floor("lo statuto è approvato con 12 voti favorevoli") is None


def test_only_shares_near_gender_words_count():
    text = (
        "La Giunta è composta da un numero di assessori non superiore a un terzo dei consiglieri. "
        "Il Sindaco nomina gli assessori garantendo la presenza di entrambi i sessi."
    )
    gender = text.index("sessi")
    assert binding_floor(text) is not None  # the size rule alone looks like a share …
    assert binding_floor(text, near=[gender], reach=60) is None  # … but it is not about gender


def test_a_count_needs_the_size_of_the_body():
    assert find_shares("almeno due assessori di sesso diverso") == []
    assert body_size("composta dal Sindaco e da un numero massimo di sette assessori") == 8


def test_a_fractions_numerator_is_no_count():
    """ "almeno due quinti" in a Giunta of seven is 40%, not two members out of seven."""
    text = "composta dal Sindaco e da sei assessori, ciascun sesso per almeno due quinti dei componenti"
    assert [share.value for share in find_shares(text)] == [0.4]


@pytest.mark.parametrize(
    ("word", "value"),
    [("40", 40), ("33,3", 33.3), ("quaranta", 40), ("trentatre", 33), ("ventuno", 21), ("sei", 6)],
)
def test_number_words(word, value):
    assert number_value(word) == value
