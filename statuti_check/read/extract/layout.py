"""A PDF page's lines back into reading order and paragraphs, from their geometry alone.

Both PDF engines hand over visual lines with their boxes. Pages printed in two columns (regional
bulletins publish statutes so) must be read column by column: sorted by height alone, each
line of the left column would be followed by its neighbour on the right, and a rule could find
its words in two unrelated clauses. Paragraph breaks are marked with a blank line, because
unnumbered commi are only visible as paragraphs.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

# A vertical gap this many times the usual line pitch starts a new paragraph.
_GAP_FACTOR = 1.2
# An indent this many points from the left margin starts a new paragraph.
_INDENT_POINTS = 8.0
# A gutter is a vertical band at least this wide that almost no line touches...
_GUTTER_POINTS = 6.0
# ...touched by at most this share of the lines (headings and page numbers may cross it),
# and no wider than this share of the text (a wider gap is not between two columns)...
_GUTTER_CROSSING = 0.1
_GUTTER_WIDTH = 0.25
# ...on a page with at least this many lines, a good part of them on each side of it.
_COLUMN_MIN_LINES = 8
_COLUMN_MIN_SHARE = 0.2
# A line ending this far short of its column's right edge ends its paragraph.
_SHORT_LINE_POINTS = 24.0

Span = tuple[float, float]


@dataclass(frozen=True)
class Line:
    """A line of text: where it starts and ends, and the height of its first and last character.

    y grows downwards. pdfium sometimes returns two visual lines as one (a justified line joined
    to the next), so the gap to the following line is measured from the last character.
    `spans` are the stretches of x the line covers (its words, where the engine knows them).
    """

    text: str
    x0: float
    x1: float
    top: float
    last_top: float
    spans: tuple[Span, ...] = ()
    # What the line covers, its words or its whole width, each span left to right; coordinates
    # that are not finite (a broken file) cover nothing. Computed with the line: the gutter
    # search and the reading order ask for it many times per line (a cached property's lock
    # cost more than the computing).
    covered: tuple[Span, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        spans = self.spans or ((self.x0, self.x1),)
        covered = tuple(
            (min(a, b), max(a, b)) for a, b in spans if math.isfinite(a) and math.isfinite(b)
        )
        object.__setattr__(self, "covered", covered)


def _extent(lines: Sequence[Line]) -> tuple[float, float] | None:
    """Leftmost and rightmost x any line covers."""
    spans = [span for line in lines for span in line.covered]  # each span is left to right
    return (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None


def _free_bands(lines: Sequence[Line], left: float, right: float) -> list[Span]:
    """Stretches of x covered by at most a few lines, by a sweep over the spans' ends.

    A sweep costs the same whatever the coordinates: a stray character far off the page must
    not make a page cost memory in proportion to its distance.
    """
    limit = int(_GUTTER_CROSSING * len(lines))
    events = sorted(
        [(x0, 1) for line in lines for x0, _ in line.covered]
        + [(x1, -1) for line in lines for _, x1 in line.covered]
    )
    bands: list[Span] = []
    coverage, previous = 0, left
    for x, change in events:
        if x > previous and coverage <= limit:
            if bands and bands[-1][1] == previous:
                bands[-1] = (bands[-1][0], x)
            else:
                bands.append((previous, x))
        previous = max(previous, x)
        coverage += change
    if previous < right:
        bands.append((previous, right))
    return bands


def find_gutter(lines: Sequence[Line]) -> float | None:
    """The x of the gap between two columns of text, or None for a page in one column.

    A gutter is a narrow band no line crosses, near the middle, with a column of text on each
    side: in one-column text, a band free in one line is covered by words in the next, so only
    a real gap between columns stays empty down the page. An index with page numbers on the
    right leaves a wide band, and no column beside it.
    """
    extent = _extent(lines) if len(lines) >= _COLUMN_MIN_LINES else None
    if extent is None or extent[1] - extent[0] <= 4 * _GUTTER_POINTS:
        return None
    left, right = extent
    width = right - left
    for start, stop in _free_bands(lines, left, right):
        gutter = (start + stop) / 2
        narrow = _GUTTER_POINTS <= stop - start <= _GUTTER_WIDTH * width
        central = abs(gutter - (left + right) / 2) <= 0.25 * width
        if narrow and central and _columns_beside(lines, gutter, width):
            return gutter
    return None


def _columns_beside(lines: Sequence[Line], gutter: float, width: float) -> bool:
    """Whether enough lines, wide enough, have text on each side of a possible gutter.

    Sides are read from the spans, as pdfplumber joins both columns' lines of one height.
    """
    left = [span for line in lines for span in line.covered if span[1] <= gutter]
    right = [span for line in lines for span in line.covered if span[0] >= gutter]
    lines_left = sum(any(b <= gutter for _, b in line.covered) for line in lines)
    lines_right = sum(any(a >= gutter for a, _ in line.covered) for line in lines)
    return all(
        count >= _COLUMN_MIN_SHARE * len(lines)
        and max(b for _, b in side) - min(a for a, _ in side) >= 0.3 * width
        for count, side in ((lines_left, left), (lines_right, right))
    )


def _fits(lines: Sequence[Line], gutter: float) -> bool:
    """Whether a page's lines leave the document's gutter free, with text right of it."""
    crossing = sum(any(x0 < gutter < x1 for x0, x1 in line.covered) for line in lines)
    beyond = any(x0 >= gutter for line in lines for x0, _ in line.covered)
    return beyond and crossing <= int(_GUTTER_CROSSING * len(lines))


def page_gutters(pages: Sequence[Sequence[Line]]) -> list[float | None]:
    """Each page's gutter; a page too short to show one takes the document's, if it fits.

    The last page of a statute in two columns often holds a few lines only: too few to tell
    columns apart by themselves, yet laid out like the pages before.
    """
    found = [find_gutter(lines) for lines in pages]
    common = Counter(round(gutter) for gutter in found if gutter is not None).most_common(1)
    if not common:
        return found
    hint = float(common[0][0])
    return [
        gutter if gutter is not None or not _fits(lines, hint) else hint
        for gutter, lines in zip(found, pages, strict=True)
    ]


def _side(line: Line, gutter: float) -> str:
    """Which side of the gutter a line keeps to: "left", "right" or "across".

    A heading centred on the page stands over it with a good part on each side; a line that
    only pokes past it (a long word, two lines pdfium joined) keeps to the side it is on.
    """
    spans = line.covered or ((line.x0, line.x1),)
    start, stop = min(a for a, _ in spans), max(b for _, b in spans)
    if start < gutter < stop and min(gutter - start, stop - gutter) >= 0.25 * (stop - start):
        return "across"
    return "left" if (start + stop) / 2 < gutter else "right"


def reading_order(lines: Sequence[Line], gutter: float | None) -> list[list[Line]]:
    """Blocks of lines in reading order.

    A page in one column is one block; in two, the left column then the right, between the
    lines that span both (headings, page furniture).
    """
    ordered = sorted((line for line in lines if line.text.strip()), key=lambda line: line.top)
    if gutter is None:
        return [ordered] if ordered else []
    blocks: list[list[Line]] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in ordered:
        side = _side(line, gutter)
        if side == "across":
            blocks += [block for block in (left, right, [line]) if block]
            left, right = [], []
        else:
            (left if side == "left" else right).append(line)
    return blocks + [block for block in (left, right) if block]


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", ";", ":", "!", "?", ")", "»", '"'))


def _pitch(blocks: list[list[Line]]) -> float:
    """The line pitch inside paragraphs: the smallest usual gap between a column's lines.

    Even on a page of one-line paragraphs it is the smallest usual one; pitches far below the
    median are lines split at the same height.
    """
    pitches = [
        b.top - a.last_top
        for block in blocks
        for a, b in itertools.pairwise(block)
        if b.top > a.last_top
    ]
    pitches += [line.last_top - line.top for b in blocks for line in b if line.last_top > line.top]
    if not pitches:
        return 0.0
    return min((p for p in pitches if p >= 0.6 * median(pitches)), default=0.0)


def _block_paragraphs(block: list[Line], pitch: float) -> list[str]:
    margin = min(line.x0 for line in block)
    out = [block[0].text]
    for prev, line in itertools.pairwise(block):
        spaced = pitch > 0 and line.top - prev.last_top > pitch * _GAP_FACTOR
        indented = line.x0 - margin > _INDENT_POINTS and _ends_sentence(prev.text)
        if spaced or indented:
            out.append("")
        out.append(line.text)
    return out


def _new_paragraph(before: list[Line], after: list[Line], pitch: float) -> bool:
    """Whether the text going on in `after` (the next column, or past a heading) starts afresh."""
    last, first = before[-1], after[0]
    if pitch > 0 and first.top - last.last_top > pitch * _GAP_FACTOR:
        return True
    if not _ends_sentence(last.text):
        return False
    short = max(line.x1 for line in before) - last.x1 > _SHORT_LINE_POINTS
    indented = first.x0 - min(line.x0 for line in after) > _INDENT_POINTS
    return short or indented


def paragraphs_from_lines(lines: Sequence[Line], gutter: float | None = None) -> str:
    """A page's text in reading order, with a blank line where the layout shows a break."""
    blocks = reading_order(lines, gutter)
    if not blocks:
        return ""
    pitch = _pitch(blocks)
    out = _block_paragraphs(blocks[0], pitch)
    for before, after in itertools.pairwise(blocks):
        if _new_paragraph(before, after, pitch):
            out.append("")
        out += _block_paragraphs(after, pitch)
    return "\n".join(out)
