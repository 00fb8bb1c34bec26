"""A statute page as an image with a clause boxed: what the app shows next to a quote.

The page is rendered by pypdfium2 (fast); the clause is located with pdfplumber's word boxes,
the one place where coordinates matter (docs/architecture.md#performance-design). Quote and
page are compared as letters and digits only, so hyphenation at line ends, spacing and
punctuation cannot hide a match.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from statuti_check.errors import InputError

log = logging.getLogger(__name__)

MIN_MATCH = 20  # letters: shorter prefixes of a quote would box the wrong place
# Pixels of a page image: an A0 poster at the app's scale has some 18 million; a crafted page
# of 20,000 × 20,000 points would need 900 million (several GB) before anything is drawn.
MAX_PAGE_PIXELS = 25_000_000


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, top-left origin (as pdfplumber gives it)."""

    x0: float
    top: float
    x1: float
    bottom: float


def _normalised(words: list[dict]) -> tuple[str, list[int]]:
    """The page's letters and digits, lower-cased, with the index of the word each came from."""
    letters: list[str] = []
    owners: list[int] = []
    for index, word in enumerate(words):
        for char in word["text"].lower():
            if char.isalnum():
                letters.append(char)
                owners.append(index)
    return "".join(letters), owners


def _locate(page_text: str, quote: str) -> tuple[int, int] | None:
    """Where the longest prefix of the quote (at least MIN_MATCH letters) occurs on the page.

    A clause may continue on the next page: its beginning is what this page holds.
    """
    if len(quote) < MIN_MATCH:
        found = page_text.find(quote) if quote else -1
        return (found, found + len(quote)) if found >= 0 else None
    low, high, best = MIN_MATCH, len(quote), None
    while low <= high:
        middle = (low + high) // 2
        found = page_text.find(quote[:middle])
        if found >= 0:
            best, low = (found, found + middle), middle + 1
        else:
            high = middle - 1
    return best


def ocr_words(pdf: str | Path | bytes, page_number: int) -> list[dict]:
    """Words of a page without a text layer as Tesseract reads them, boxed in PDF points.

    The audit read the page the same way (extract.ocr), so its quotes are found here; [] when
    OCR is not installed or fails.
    """
    import subprocess

    import pypdfium2 as pdfium

    from statuti_check.read.extract import ocr

    if not ocr.available():
        return []
    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        page = document[page_number - 1]
        if _pixels(page, ocr.DPI / 72) > MAX_PAGE_PIXELS:
            log.warning("page %d too large to read by OCR for boxing", page_number)
            return []
        image = page.render(scale=ocr.DPI / 72, grayscale=True).to_pil()
    finally:
        document.close()
    png = io.BytesIO()
    image.save(png, format="PNG")
    command = ["tesseract", "stdin", "stdout", "-l", "ita", "--dpi", str(ocr.DPI), "tsv"]
    try:
        done = subprocess.run(
            command, input=png.getvalue(), capture_output=True, timeout=ocr.PAGE_SECONDS,
            env=ocr.single_threaded(),
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return []
    return _tsv_words(done.stdout.decode("utf-8", errors="replace"), 72 / ocr.DPI)


_TSV_COLUMNS = 12  # level … left top width height conf text; level 5 is a word


def _pixels(page: Any, scale: float) -> float:
    """Pixels of a pypdfium2 page rendered at `scale` (its size is in points)."""
    width, height = page.get_size()
    return float(width * scale * height * scale)


def _tsv_words(tsv: str, scale: float) -> list[dict]:
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != _TSV_COLUMNS or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (int(cell) * scale for cell in cells[6:10])
        words.append(
            {"text": cells[11], "x0": left, "top": top, "x1": left + width, "bottom": top + height}
        )
    return words


def clause_boxes(pdf: str | Path | bytes, page_number: int, quote: str) -> list[Box]:
    """One box per line of the clause on that page (empty when it cannot be found there)."""
    import pdfplumber

    source = io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf
    with pdfplumber.open(source) as document:
        if not 1 <= page_number <= len(document.pages):
            return []
        words = document.pages[page_number - 1].extract_words(use_text_flow=True)
    words = words or ocr_words(pdf, page_number)  # a scanned page: the words OCR sees
    page_text, owners = _normalised(words)
    wanted = "".join(char for char in quote.lower() if char.isalnum())
    span = _locate(page_text, wanted)
    if span is None:
        return []
    chosen = [words[i] for i in sorted(set(owners[span[0] : span[1]]))]
    lines: list[list[dict]] = []
    for word in sorted(chosen, key=lambda word: word["top"]):
        # One line while the tops stay within half a word's height (OCR boxes are uneven).
        if lines and word["top"] - lines[-1][0]["top"] < (word["bottom"] - word["top"]) / 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [
        Box(
            min(w["x0"] for w in line),
            min(w["top"] for w in line),
            max(w["x1"] for w in line),
            max(w["bottom"] for w in line),
        )
        for line in lines
    ]


def page_image(
    pdf: str | Path | bytes, page_number: int, quote: str, scale: float = 1.5
) -> tuple[bytes, bool]:
    """PNG of the page with the clause's lines boxed, and whether the clause was found.

    A page whose image would exceed MAX_PAGE_PIXELS is refused before it is drawn.
    """
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        page = document[page_number - 1]
        pixels = _pixels(page, scale)
        if pixels > MAX_PAGE_PIXELS:
            width, height = page.get_size()
            raise InputError(
                "La pagina è troppo grande per essere mostrata.",
                f"page {page_number}: {width:.0f} x {height:.0f} pt at scale {scale:g} is "
                f"{pixels:.0f} pixels, over {MAX_PAGE_PIXELS}",
            )
        image = page.render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
    boxes = clause_boxes(pdf, page_number, quote)
    draw = ImageDraw.Draw(image, "RGBA")
    for box in boxes:
        area = [box.x0 * scale - 3, box.top * scale - 2, box.x1 * scale + 3, box.bottom * scale + 2]
        draw.rectangle(area, fill=(255, 214, 0, 60), outline=(200, 30, 30, 255), width=2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue(), bool(boxes)
