"""OCR of scanned PDF pages with Tesseract (Italian), on pages rendered by pypdfium2.

Tesseract is a Debian package (`tesseract-ocr tesseract-ocr-ita`), not a Python dependency: when
it is missing, scanned pages stay unread and the audit says `da_verificare`, never `assente`.
The `tesseract` program is called directly (image on stdin, text on stdout), one page at a time
with a time limit, so a hostile image cannot hold a worker forever.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Literal

import pypdfium2 as pdfium

log = logging.getLogger(__name__)

OcrMode = Literal["auto", "always", "never"]
DPI = 300
PAGE_SECONDS = 120


@cache
def available() -> bool:
    """Tesseract with its Italian model is installed."""
    program = shutil.which("tesseract")
    if program is None:
        return False
    try:
        listed = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "ita" in listed.stdout.split()


def pages_to_read(mode: OcrMode, total: int, blank: list[int]) -> list[int]:
    """Page numbers (1-based) OCR should read: none, the pages without text, or all."""
    if mode == "never":
        return []
    return list(range(1, total + 1)) if mode == "always" else list(blank)


def read_page(path: Path, number: int) -> str:
    """The text Tesseract reads on one page rendered at 300 dpi ("" if it fails)."""
    document = pdfium.PdfDocument(str(path))
    try:
        image = document[number - 1].render(scale=DPI / 72, grayscale=True).to_pil()
    finally:
        document.close()
    png = io.BytesIO()
    image.save(png, format="PNG")
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", "ita", "--dpi", str(DPI)],
            input=png.getvalue(), capture_output=True, timeout=PAGE_SECONDS, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        log.warning("%s: OCR of page %d timed out", path, number)
        return ""
    if done.returncode != 0:
        log.warning("%s: tesseract failed on page %d: %s", path, number, done.stderr[-300:])
        return ""
    return done.stdout.decode("utf-8", errors="replace")
