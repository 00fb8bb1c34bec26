"""Scanned statutes for OCR tests and benchmarks: PDFs of page images, without a text layer."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium


def scan_of(path: Path, dpi: int = 200) -> bytes:
    """The PDF as a scanner would give it: one image per page, no text layer."""
    document = pdfium.PdfDocument(str(path))
    images = [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()
