import re

import ftfy
from ftfy.badness import is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from statuti_check.read.extract.clean import (
    _FTFY_OPTIONS,
    _HYPHENATED,
    _PLAIN,
    _fix_text,
    _hyphenations,
    _single_blank_lines,
    clean_pages,
    join_hyphenated,
    normalise,
    repair_accents,
    strip_running_lines,
)


def test_broken_accents_from_central_european_code_pages_are_repaired():
    text = "Il Comune č ente autonomo; la cittā e la libertŕ, perciň si applica la virtů."
    assert repair_accents(text) == (
        "Il Comune è ente autonomo; la città e la libertà, perciò si applica la virtù."
    )


def test_utf8_read_as_cp1252_is_repaired():
    assert repair_accents("Il Sindaco Ã¨ il capo dell'amministrazione e della cittÃ\xa0") == (
        "Il Sindaco è il capo dell'amministrazione e della città"
    )


def test_foreign_letters_inside_words_are_left_alone():
    # A Slovene place name in a bilingual statute keeps its č.
    assert repair_accents("Občina Doberdob č bilingue") == "Občina Doberdob è bilingue"


def test_normalise_ligatures_spaces_apostrophes_and_soft_hyphens():
    raw = "L\u2019e\ufb03cienza\u00a0del  servizio\r\nparteci\u00adpazione"
    assert normalise(raw) == "L'efficienza del servizio\npartecipazione"


def test_a_heading_in_capitals_hyphenated_in_a_narrow_column_is_joined():
    assert join_hyphenated("TITOLO IV - ORGANIZZAZIONE AMMINISTRA-\nTIVA E SERVIZI") == (
        "TITOLO IV - ORGANIZZAZIONE AMMINISTRATIVA\nE SERVIZI"
    )


def test_hyphenated_words_are_joined_keeping_lines():
    text = "garantisce la parte-\ncipazione delle donne\nin Emilia-\nRomagna e altrove"
    assert join_hyphenated(text) == (
        "garantisce la partecipazione\ndelle donne\nin Emilia-Romagna\ne altrove"
    )


# Letters (one with a numeric value, "²", which the pattern counts as a letter), capitals,
# digits, hyphens, spaces and line ends: the characters hyphenation depends on.
_HYPHEN_TEXT = st.text(alphabet="ab²ÈZ9-- \n\n.", max_size=60)


@settings(max_examples=2000, deadline=None)
@given(_HYPHEN_TEXT)
def test_hyphenations_are_the_matches_of_the_pattern_over_the_whole_text(text: str) -> None:
    expected = [(m.span(), m.groups()) for m in _HYPHENATED.finditer(text)]
    assert [(m.span(), m.groups()) for m in _hyphenations(text)] == expected


def test_hyphenated_words_in_a_row_are_joined_as_the_pattern_finds_them() -> None:
    # "cipa-" is the first word's tail: its own hyphen is not a second head.
    text = "la parte-\ncipa-\nzione e la pro-\nmozione, 12-\n13"
    assert [m.group(0) for m in _hyphenations(text)] == ["parte-\ncipa-", "pro-\nmozione, "]
    assert join_hyphenated(text) == "la partecipa-\nzione e la promozione,\n12-\n13"


@given(st.text(alphabet="a \n", max_size=30))
def test_blank_line_runs_are_cut_to_one(text: str) -> None:
    assert _single_blank_lines(text) == re.sub(r"\n{3,}", "\n\n", text)


def _body(page: int) -> list[str]:
    return [f"{i}. Testo del comma {i} a pagina {page}, che continua." for i in range(1, 9)]


def test_running_headers_footers_and_page_numbers_are_removed():
    pages = [
        "\n".join(["Comune di Vignola - Statuto", f"Art. {n}", *_body(n), f"Pagina {n} di 4"])
        for n in range(1, 5)
    ]
    cleaned, removed = strip_running_lines(pages)
    assert removed == 8  # header and footer of each page; "Art. N" opens each page but stays
    assert cleaned[2] == "\n".join(["Art. 3", *_body(3)])


def test_lines_repeated_in_the_middle_of_pages_are_kept():
    line = "Il Consiglio comunale"  # at the top of two pages, in the middle of the others
    pages = ["\n".join([line, *_body(n)]) for n in (1, 2)]
    pages += ["\n".join([*_body(n)[:4], line, *_body(n)[4:]]) for n in (3, 4)]
    cleaned, removed = strip_running_lines(pages)
    assert removed == 0 and cleaned == pages


def test_clean_pages_reports_removed_lines_in_italian():
    pages = ["\n".join(["Statuto comunale", *_body(n), str(n)]) for n in range(1, 4)]
    cleaned, warnings = clean_pages(pages, running_lines=True)
    assert cleaned == ["\n".join(_body(n)) for n in range(1, 4)]
    assert warnings == ["Rimosse 6 righe ripetute (intestazioni, piè di pagina, numeri di pagina)."]


def test_accents_typed_as_apostrophes():
    text = "La citta' e' piu' grande; l'eta', perche' puo' crescere. Sant'Agata e l'ente restano."
    assert repair_accents(text) == (
        "La città è più grande; l'età, perché può crescere. Sant'Agata e l'ente restano."
    )


# Lines that each ftfy fixer changes, and plain ones between them: the shortcut that leaves plain
# lines alone must give ftfy's result exactly, "<" switching entity decoding off for what follows.
_LINES = [
    "Il Comune garantisce la parità tra donne e uomini.",
    "Il Sindaco Ã¨ il capo dell'amministrazione",
    "la cittÃ\xa0 e la libertŕ",
    "Tom &amp; Jerry &eacute; &lt;b&gt;",
    "una riga con < e &amp; insieme",
    "dopo il segno minore: &amp; resta",
    "controllo\x07 e \x1b[31mescape\x1b[0m e \x0b tab verticale",
    "legature \ufb01ne e e\u0301 composta",
    "",
    "   ",
    "Art. 1 - Principi\tcon tabulazione\f",
    "fine riga\r",
    "la città è più unita, perché l’ente – dal 1° gennaio – così",
    "Il Comune È garantito «così»",
]


@given(st.lists(st.sampled_from(_LINES), max_size=12), st.booleans())
@settings(max_examples=300, deadline=None)
def test_plain_lines_skip_ftfy_with_ftfy_s_own_result(lines: list[str], final_newline: bool):
    text = "\n".join(lines) + ("\n" if final_newline else "")
    assert _fix_text(text) == ftfy.fix_text(text, **_FTFY_OPTIONS)


def _de_bruijn(alphabet: str, n: int) -> str:
    """A string holding every sequence of `n` characters of the alphabet."""
    k, digits, order = len(alphabet), [0] * len(alphabet) * n, []

    def extend(t: int, p: int) -> None:
        if t > n:
            if n % p == 0:
                order.extend(digits[1 : p + 1])
            return
        digits[t] = digits[t - p]
        extend(t + 1, p)
        for j in range(digits[t - p] + 1, k):
            digits[t] = j
            extend(t + 1, t)

    extend(1, 1)
    text = "".join(alphabet[i] for i in order)
    return text + text[: n - 1]


def test_ftfy_leaves_every_sequence_of_plain_characters_alone():
    """What lets `_fix_text` skip plain lines, checked on the installed ftfy.

    ftfy re-encodes a line only when its mojibake test fires, and that test needs, within its
    first three characters, one that is not plain; its other fixers look at single characters.
    Every three-character sequence of `_PLAIN` is in this text, as one segment.
    """
    alphabet = "".join(c for c in map(chr, range(0x2200)) if re.fullmatch(f"[{_PLAIN}]", c))
    text = _de_bruijn(alphabet, 3)
    assert len(alphabet) > 100 and "è" in alphabet and "&" not in alphabet
    assert not is_bad(text)
    options = {**_FTFY_OPTIONS, "max_decode_length": len(text) + 1}
    assert ftfy.fix_text(text, **options) == text
