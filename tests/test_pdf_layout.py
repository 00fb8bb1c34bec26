"""Reading order from line geometry: one column, two columns, headings across, short pages."""

from __future__ import annotations

from statuti_check.read.extract.layout import Line, find_gutter, page_gutters, paragraphs_from_lines

PITCH = 14.0


def column(x0: float, x1: float, texts: list[str], top: float = 72.0) -> list[Line]:
    return [Line(text, x0, x1, top + i * PITCH, top + i * PITCH) for i, text in enumerate(texts)]


def words(prefix: str, count: int) -> list[str]:
    return [f"{prefix} {i} riga di testo del comma" for i in range(count)]


def test_a_page_in_one_column_has_no_gutter():
    justified = column(72, 523, words("piena", 30))
    short_last_lines = column(72, 300, words("breve", 5), top=72 + 31 * PITCH)
    assert find_gutter(justified + short_last_lines) is None


def test_an_index_with_page_numbers_on_the_right_is_one_column():
    titles = column(72, 260, words("Art.", 20))
    numbers = column(510, 523, [str(i) for i in range(20)])
    assert find_gutter(titles + numbers) is None


def test_two_columns_are_read_left_then_right():
    left, right = column(72, 280, words("sinistra", 20)), column(315, 523, words("destra", 20))
    interleaved = [line for pair in zip(left, right, strict=True) for line in pair]
    gutter = find_gutter(interleaved)
    assert gutter is not None and 280 < gutter < 315
    text = paragraphs_from_lines(interleaved, gutter).split("\n")
    assert text == [line.text for line in left + right]


def test_a_heading_across_the_gutter_separates_the_columns_above_from_those_below():
    above_left, above_right = column(72, 280, words("a", 10)), column(315, 523, words("b", 10))
    heading = Line("TITOLO II - ORGANI", 230, 365, 72 + 11 * PITCH, 72 + 11 * PITCH)
    below_left = column(72, 280, words("c", 10), top=72 + 13 * PITCH)
    below_right = column(315, 523, words("d", 10), top=72 + 13 * PITCH)
    lines = above_right + below_left + [heading] + above_left + below_right
    gutter = find_gutter(lines)
    order = [t for t in paragraphs_from_lines(lines, gutter).split("\n") if t]
    expected = [*above_left, *above_right, heading, *below_left, *below_right]
    assert order == [line.text for line in expected]


def test_a_short_last_page_takes_the_documents_gutter():
    full = column(72, 280, words("s", 20)) + column(315, 523, words("d", 20))
    last = column(72, 280, ["fine a", "fine b"]) + column(315, 523, ["fine c", "fine d"])
    assert find_gutter(last) is None  # too few lines to tell by itself
    gutters = page_gutters([full, full, last])
    assert gutters[2] == round(gutters[0])
    assert paragraphs_from_lines(last, gutters[2]).split("\n") == [
        "fine a", "fine b", "fine c", "fine d",
    ]  # fmt: skip


def test_a_one_column_last_page_ignores_the_documents_gutter():
    full = column(72, 280, words("s", 20)) + column(315, 523, words("d", 20))
    closing = column(72, 523, ["Il presente statuto entra in vigore dopo la pubblicazione."])
    assert page_gutters([full, closing])[1] is None


def test_a_comma_ending_short_at_the_foot_of_a_column_ends_its_paragraph():
    left = [
        *column(72, 280, words("a", 19)),
        Line("fine del comma.", 72, 150, 72 + 19 * PITCH, 72 + 19 * PITCH),
    ]
    right = column(315, 523, words("nuovo comma", 20))
    text = paragraphs_from_lines(left + right, find_gutter(left + right))
    assert "fine del comma.\n\nnuovo comma 0" in text
    running_on = column(72, 280, words("a", 20)) + right
    assert "a 19 riga di testo del comma\nnuovo comma 0" in paragraphs_from_lines(
        running_on, find_gutter(running_on)
    )


def test_a_line_poking_past_the_gutter_stays_in_its_column():
    left, right = column(72, 280, words("sinistra", 20)), column(315, 523, words("destra", 20))
    long_word = Line("sinistra lunga", 72, 300, left[9].top + 1, left[9].top + 1)
    lines = [*left[:10], long_word, *left[10:], *right]
    gutter = find_gutter(lines)
    assert gutter is not None
    order = paragraphs_from_lines(lines, gutter).split("\n")
    assert order.index("sinistra lunga") < order.index(right[0].text)


def test_hostile_coordinates_neither_raise_nor_cost_memory():
    body = column(72, 280, words("s", 20)) + column(315, 523, words("d", 20))
    upside_down = Line("TIMBRO CAPOVOLTO", 560, 420, 700, 700)  # x1 < x0: text drawn rotated
    far_away = Line("x", 1e8, 1e8 + 5, 100, 100)  # one character far off the page
    broken = [Line("y", float("nan"), 10, 1, 1), Line("z", 0, float("inf"), 2, 2)]
    for extra in ([upside_down], [far_away], broken):
        lines = body + extra
        gutter = find_gutter(lines)  # a sweep over span ends: no array as wide as the page
        assert "s 0 riga di testo del comma" in paragraphs_from_lines(lines, gutter)
    assert find_gutter([upside_down] * 10) is None
