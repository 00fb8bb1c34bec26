"""Which marks a collected test must carry, so `make test-fast` never starts a browser or Tesseract.

The rules are simple and checked on every collection (tests/conftest.py):
- a test module that drives the app through Playwright marks its tests `browser`;
- a test skipped without Tesseract (it runs the real one), or one given a scanned corpus statute
  (slug, file name or path) as a parameter (it is read by OCR), is marked `ocr`;
- a test using a fixture of OCR_FIXTURES is marked `ocr` and `slow` here, at collection: the
  fixture reads a scan with Tesseract, so the mark belongs with the fixture, not with each test.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.support.corpus_build import load_styles


@cache
def _drives_a_browser(module: Path) -> bool:
    return "playwright" in module.read_text(encoding="utf-8")


@cache
def _scans() -> frozenset[str]:
    """Slugs and file names of the corpus statutes that are scans."""
    slugs = [slug for slug, style in load_styles().items() if style.scan]
    return frozenset([*slugs, *(f"{slug}.pdf" for slug in slugs)])


def ocr_marked(paths: list[Path]) -> list[Any]:
    """Corpus files as test parameters, a scan marked `ocr` (Tesseract reads it)."""
    return [
        pytest.param(path, marks=pytest.mark.ocr) if path.name in _scans() else path
        for path in paths
    ]


def _needs_ocr(item: Any) -> bool:
    skips = (str(mark.kwargs.get("reason", "")) for mark in item.iter_markers("skipif"))
    params = getattr(item, "callspec", None)
    values = params.params.values() if params else ()
    names = (Path(v).name if isinstance(v, Path) else v for v in values)
    return any("Tesseract" in reason for reason in skips) or any(
        isinstance(name, str) and name in _scans() for name in names
    )


# Session fixtures that audit every corpus statute, the scanned one by OCR.
OCR_FIXTURES = frozenset({"corpus_reports"})


def mark_fixture_users(item: Any) -> None:
    """Mark `ocr` and `slow` a test that uses a fixture reading scans by OCR."""
    if OCR_FIXTURES & set(getattr(item, "fixturenames", ())):
        item.add_marker("ocr")
        item.add_marker("slow")


def missing_marks(item: Any) -> list[str]:
    """The marks among `browser` and `ocr` that this collected test needs and lacks."""
    needed = [
        ("browser", _drives_a_browser(Path(item.fspath))),
        ("ocr", _needs_ocr(item)),
    ]
    return [mark for mark, needs in needed if needs and not item.get_closest_marker(mark)]
