"""The guard that keeps browser and Tesseract tests out of `make test-fast` (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.support.corpus_build import load_styles
from tests.support.markers import missing_marks

DRIVER = (
    "from " + "play" + "wright.sync_api import sync_" + "play" + "wright\n"
)  # split: else the guard takes this module for a browser test
TESSERACT = pytest.mark.skipif(False, reason="Tesseract with Italian is not installed").mark


def _item(module: Path, marks: list[Any], params: dict[str, Any] | None = None) -> Any:
    """A collected test as the guard sees it: its file, its marks, its parameters."""
    return SimpleNamespace(
        fspath=module,
        iter_markers=lambda name: [m for m in marks if m.name == name],
        get_closest_marker=lambda name: next((m for m in marks if m.name == name), None),
        callspec=SimpleNamespace(params=params) if params else None,
    )


@pytest.fixture
def modules(tmp_path: Path) -> tuple[Path, Path]:
    browser, plain = tmp_path / "test_browser.py", tmp_path / "test_plain.py"
    browser.write_text(DRIVER, encoding="utf-8")
    plain.write_text("def test_nothing():\n    pass\n", encoding="utf-8")
    return browser, plain


def test_a_browser_module_needs_the_browser_mark(modules):
    browser, plain = modules
    assert missing_marks(_item(browser, [])) == ["browser"]
    assert missing_marks(_item(browser, [pytest.mark.browser.mark])) == []
    assert missing_marks(_item(plain, [])) == []


def test_a_test_running_tesseract_or_reading_a_scan_needs_the_ocr_mark(modules):
    _, plain = modules
    scan = next(slug for slug, style in load_styles().items() if style.scan)
    assert missing_marks(_item(plain, [TESSERACT])) == ["ocr"]
    assert missing_marks(_item(plain, [TESSERACT, pytest.mark.ocr.mark])) == []
    assert missing_marks(_item(plain, [], {"slug": scan})) == ["ocr"]
    assert missing_marks(_item(plain, [], {"file": f"{scan}.pdf", "n": 3})) == ["ocr"]
    assert missing_marks(_item(plain, [], {"path": plain.parent / f"{scan}.pdf"})) == ["ocr"]
    assert missing_marks(_item(plain, [], {"slug": "zocca"})) == []


def test_a_test_using_the_corpus_audits_is_marked_ocr_and_slow(corpus_reports, request):
    marks = {mark.name for mark in request.node.iter_markers()}
    assert {"ocr", "slow"} <= marks and corpus_reports


def test_every_collected_test_carries_its_marks(request):
    assert [i.nodeid for i in request.session.items if missing_marks(i)] == []
