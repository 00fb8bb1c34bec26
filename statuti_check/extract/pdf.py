"""PDF text: pypdfium2 for speed (audits), pdfplumber where layout matters (design.md §5).

Both engines return visual lines with their boxes; `paragraphs_from_lines` then marks paragraph
breaks (a blank line) from the geometry, because unnumbered commi are only visible as paragraphs.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from statuti_check.errors import InputError
from statuti_check.numbers import thousands
from statuti_check.settings import Limits

log = logging.getLogger(__name__)

# A vertical gap this many times the usual line pitch starts a new paragraph.
_GAP_FACTOR = 1.2
# An indent this many points from the left margin starts a new paragraph.
_INDENT_POINTS = 8.0


@dataclass(frozen=True)
class Line:
    """A line of text: where it starts and where its last character sits, y growing downwards.

    pdfium sometimes returns two visual lines as one (a justified line joined to the next), so
    the gap to the following line is measured from the last character, not the first.
    """

    text: str
    x0: float
    top: float
    last_top: float


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", ";", ":", "!", "?", ")", "»", '"'))


def paragraphs_from_lines(lines: list[Line]) -> str:
    """Join a page's lines, with a blank line where the layout shows a paragraph break."""
    # Running headers and footers are often drawn first: read the page top to bottom.
    lines = sorted((line for line in lines if line.text.strip()), key=lambda line: line.top)
    if not lines:
        return ""
    pitches = [b.top - a.last_top for a, b in itertools.pairwise(lines) if b.top > a.last_top]
    pitches += [line.last_top - line.top for line in lines if line.last_top > line.top]
    # The line pitch inside paragraphs is the smallest usual one, even on a page of one-line
    # paragraphs; pitches far below the median are lines split at the same height.
    pitch = min((p for p in pitches if p >= 0.6 * median(pitches)), default=0.0)
    margin = min(line.x0 for line in lines)
    out = [lines[0].text]
    for prev, line in itertools.pairwise(lines):
        gap = line.top - prev.last_top
        spaced = pitch > 0 and gap > pitch * _GAP_FACTOR
        indented = line.x0 - margin > _INDENT_POINTS and _ends_sentence(prev.text)
        if spaced or indented:
            out.append("")
        out.append(line.text)
    return "\n".join(out)


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


def _charbox(textpage: pdfium.PdfTextPage, text_index: int) -> tuple[float, float, float, float]:
    """Loose box (left, bottom, right, top) of the character at a text index.

    Loose boxes span the font's ascent and descent: the same height for "I" and "s".
    """
    char = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage.raw, text_index)
    return textpage.get_charbox(max(char, 0), loose=True)  # type: ignore[no-any-return]


def _pdfium_lines(page: pdfium.PdfPage) -> list[Line]:
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        lines: list[Line] = []
        position = 0
        for raw in text.split("\r\n"):
            if raw.strip():
                lead = len(raw) - len(raw.lstrip())
                first = _charbox(textpage, position + lead)
                last = _charbox(textpage, position + len(raw.rstrip()) - 1)
                lines.append(Line(raw, first[0], height - first[3], height - last[3]))
            position += len(raw) + 2
        return lines
    finally:
        textpage.close()


def read_pdfium(path: Path, limits: Limits) -> tuple[list[str], list[int]]:
    """Pages of text and the numbers of pages with no text layer (scans)."""
    pdf = _open_pdfium(path)
    try:
        check_page_count(len(pdf), path, limits)
        pages, blank = [], []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                text = paragraphs_from_lines(_pdfium_lines(page))
                if not text.strip() and any(True for _ in page.get_objects(max_depth=1)):
                    blank.append(index + 1)
                pages.append(text)
            finally:
                page.close()
        return pages, blank
    finally:
        pdf.close()


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
        pages, blank = [], []
        for page in pdf.pages:
            lines = [
                Line(row["text"], row["x0"], row["top"], row["top"])
                for row in page.extract_text_lines(return_chars=False)
            ]
            text = paragraphs_from_lines(lines)
            if not text.strip() and page.images:
                blank.append(page.page_number)
            pages.append(text)
            page.close()
        return pages, blank
