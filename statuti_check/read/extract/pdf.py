"""PDF text: pypdfium2 for speed (audits), pdfplumber where layout matters.

Why two engines: docs/architecture.md#performance-design.

Both engines return visual lines with their boxes; `layout.paragraphs_from_lines` puts them in
reading order (columns) and marks paragraph breaks from the geometry.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from statuti_check.errors import InputError
from statuti_check.numbers import thousands
from statuti_check.read.extract.layout import Line, page_gutters, paragraphs_from_lines
from statuti_check.settings import Limits

log = logging.getLogger(__name__)


def _open_pdfium(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(
                "Il PDF è protetto da password: salvarne una copia senza protezione e riprovare.",
                f"{path}: encrypted PDF needs a password ({exc})",
            ) from exc
        if _page_count_by_pdfminer(path) == 0:
            raise InputError("Il PDF non contiene pagine.", f"{path}: PDF has 0 pages") from exc
        raise InputError(
            "Il PDF è danneggiato o incompleto e non può essere letto.",
            f"{path}: pdfium cannot open the file ({exc})",
        ) from exc


def _page_count_by_pdfminer(path: Path) -> int | None:
    """A second opinion when pdfium refuses a file (it refuses PDFs with no pages, too)."""
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            return len(pdf.pages)
    except Exception:  # any failure here only means "damaged", which the caller reports
        return None


def check_page_count(count: int, path: Path, limits: Limits) -> None:
    """Refuse empty and oversized PDFs before any page is read."""
    if count == 0:
        raise InputError("Il PDF non contiene pagine.", f"{path}: PDF has 0 pages")
    if count > limits.max_pages:
        raise InputError(
            f"Il documento ha {thousands(count)} pagine, oltre il limite di "
            f"{thousands(limits.max_pages)}: uno statuto ne ha di solito meno di 100.",
            f"{path}: {count} pages exceed max_pages={limits.max_pages}",
        )


def _charbox(
    textpage: pdfium.PdfTextPage, text_index: int, box: pdfium_c.FS_RECTF
) -> tuple[float, float, float, float]:
    """Loose box (left, bottom, right, top) of the character at a text index.

    Loose boxes span the font's ascent and descent: the same height for "I" and "s". Read
    through pdfium's own call into `box`, one per page (`PdfTextPage.get_charbox` makes a new
    one each time: a tenth of a page's reading).
    """
    char = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage.raw, text_index)
    if not pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, max(char, 0), box):
        raise pdfium.PdfiumError("Failed to get charbox.")
    return box.left, box.bottom, box.right, box.top


def _pdfium_lines(page: pdfium.PdfPage) -> list[Line]:
    height = page.get_height()
    textpage = page.get_textpage()
    box = pdfium_c.FS_RECTF()
    try:
        text = textpage.get_text_range()
        lines: list[Line] = []
        position = 0
        for raw in text.split("\r\n"):
            # pdfium joins a line ending in a hyphen to the next, leaving U+FFFE for the hyphen;
            # the two may lie in different columns, so each visual line is taken on its own.
            start = position
            for piece in raw.split("\ufffe"):
                if piece.strip():
                    lead = len(piece) - len(piece.lstrip())
                    first = _charbox(textpage, start + lead, box)
                    last = _charbox(textpage, start + len(piece.rstrip()) - 1, box)
                    hyphen = "-" if start + len(piece) < position + len(raw) else ""
                    lines.append(Line(piece + hyphen, first[0], last[2], height - first[3],
                                      height - last[3]))  # fmt: skip
                start += len(piece) + 1
            position += len(raw) + 2
        return lines
    finally:
        textpage.close()


def read_pdfium(path: Path, limits: Limits) -> tuple[list[str], list[int]]:
    """Pages of text and the numbers of pages with no text layer (scans)."""
    pdf = _open_pdfium(path)
    try:
        check_page_count(len(pdf), path, limits)
        lines, blank = [], []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                lines.append(_pdfium_lines(page))
                if not lines[-1] and any(True for _ in page.get_objects(max_depth=1)):
                    blank.append(index + 1)
            finally:
                page.close()
        gutters = page_gutters(lines)
        pages = [paragraphs_from_lines(*page) for page in zip(lines, gutters, strict=True)]
        return pages, blank
    finally:
        pdf.close()


class _Char(NamedTuple):
    """What the reading order needs of a pdfplumber character (its dicts weigh a lot more)."""

    x0: float
    x1: float
    top: float
    blank: bool


def _plumber_page(page: Any) -> tuple[list[Line], list[list[_Char]]]:
    """Pdfplumber's lines of a page, with the characters of each."""
    rows = [row for row in page.extract_text_lines(return_chars=True) if row["chars"]]
    chars = [
        [_Char(c["x0"], c["x1"], c["top"], c["text"].isspace()) for c in row["chars"]]
        for row in rows
    ]
    return [_plumber_line(row["text"], each) for row, each in zip(rows, chars, strict=True)], chars


def _plumber_line(text: str, chars: list[_Char]) -> Line:
    """A line from its characters (pdfplumber joins lines up to 3 points apart in height)."""
    spans = tuple((c.x0, c.x1) for c in chars if not c.blank)
    top = min(c.top for c in chars)
    return Line(text, min(c.x0 for c in chars), max(c.x1 for c in chars), top, top, spans)


def _cut_at_gutter(lines: list[Line], chars: list[list[_Char]], gutter: float | None) -> list[Line]:
    """Lines holding text of both columns cut in two at the gutter.

    pdfplumber joins whatever sits at one height into one line; its characters show which
    part lies left of the gutter, and the line's text is cut after as many letters.
    """
    if gutter is None:
        return lines
    cut = []
    for line, line_chars in zip(lines, chars, strict=True):
        left = [c for c in line_chars if c.x1 <= gutter]
        right = [c for c in line_chars if c.x0 >= gutter]
        if not left or not right or len(left) + len(right) < len(line_chars):
            cut.append(line)
            continue
        at = _after_letters(line.text, sum(not c.blank for c in left))
        cut += [
            _plumber_line(line.text[:at].rstrip(), left),
            _plumber_line(line.text[at:].lstrip(), right),
        ]
    return cut


def _after_letters(text: str, count: int) -> int:
    """The index in `text` just past its first `count` characters that are not spaces."""
    seen = 0
    for index, char in enumerate(text):
        seen += not char.isspace()
        if seen == count:
            return index + 1
    return len(text)


def read_pdfplumber(path: Path, limits: Limits) -> tuple[list[str], list[int]]:
    """Same contract as `read_pdfium`, through pdfplumber (slower, finer layout)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    _open_pdfium(path).close()  # same checks and messages for damaged or encrypted files
    try:
        pdf = pdfplumber.open(str(path))
    except PDFPasswordIncorrect as exc:
        raise InputError(
            "Il PDF è protetto da password: salvarne una copia senza protezione e riprovare.",
            f"{path}: encrypted PDF needs a password ({exc})",
        ) from exc
    with pdf:
        check_page_count(len(pdf.pages), path, limits)
        read, blank = [], []
        for page in pdf.pages:
            read.append(_plumber_page(page))
            if not read[-1][0] and page.images:
                blank.append(page.page_number)
            page.close()
        gutters = page_gutters([lines for lines, _ in read])
        pages = [
            paragraphs_from_lines(_cut_at_gutter(lines, chars, gutter), gutter)
            for (lines, chars), gutter in zip(read, gutters, strict=True)
        ]
        return pages, blank
