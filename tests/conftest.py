from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session", autouse=True)
def ocr_cache_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> None:
    """OCR text is cached in a file of the test session, never in the user's cache folder.

    Set before any worker process starts: bulk workers inherit the environment.
    """
    from statuti_check.read.extract import ocr_cache

    path = tmp_path_factory.mktemp("ocr-cache") / "ocr.sqlite"
    os.environ[ocr_cache.ENV] = str(path)


def make_pdf(
    lines_per_page: list[list[str]], upside_down: str | None = None, **canvas_options: object
) -> bytes:
    """A simple PDF with one text line per entry, built with reportlab's canvas.

    `upside_down` is stamped rotated by 180° at the right edge of each page.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, **canvas_options)
    for lines in lines_per_page:
        y = A4[1] - 72
        for line in lines:
            pdf.setFont("Helvetica", 11)
            pdf.drawString(72, y, line)
            y -= 14
        if upside_down:
            pdf.saveState()
            pdf.translate(A4[0] - 20, 400)
            pdf.rotate(180)
            pdf.drawString(0, 0, upside_down)
            pdf.restoreState()
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def two_column_pdf(left: list[str], right: list[str]) -> bytes:
    """One page, two ragged columns 230 points wide whose lines share their baselines.

    Each entry is a paragraph, wrapped to the column; each column is drawn in turn.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 10)
    for x, paragraphs in ((56, left), (310, right)):
        lines = [line for text in paragraphs for line in simpleSplit(text, "Helvetica", 10, 230)]
        for i, line in enumerate(lines):
            pdf.drawString(x, A4[1] - 72 - 14 * i, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def blank_pdf(pages: int) -> bytes:
    """A PDF of empty A4 pages (pypdfium2 writes thousands in a fraction of a second)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    """Write bytes or UTF-8 text to a file named `name` in a temporary folder."""

    def _write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write


@pytest.fixture(scope="session")
def corpus_reports() -> list:
    """The audit report of every corpus/ statute, computed once for all report tests."""
    from statuti_check.judge.audit import audit_file
    from tests.support.corpus_build import CORPUS

    documents = {".pdf", ".docx", ".odt", ".html", ".txt"}
    return [audit_file(path) for path in sorted(CORPUS.iterdir()) if path.suffix in documents]


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects: every collected test is checked
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the users of OCR fixtures; refuse a test that starts a browser or Tesseract unmarked."""
    from tests.support.markers import mark_fixture_users, missing_marks

    for item in items:
        mark_fixture_users(item)
    problems = [
        f"{item.nodeid}: add {', '.join(marks)}" for item in items if (marks := missing_marks(item))
    ]
    if problems:
        raise pytest.UsageError(
            "Tests that use the browser or Tesseract must be marked (see tests/support/markers.py):\n"
            + "\n".join(problems)
        )
