"""The app's "Proposta di deliberazione": gaps ticked, the draft checked, then offered."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.corpus_build import CORPUS
from tests.test_e2e import CHROMIUM, SHOTS, browser, database, server  # noqa: F401 (fixtures)

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("STATUTI_CHECK_DB", str(tmp_path / "app.sqlite"))
    app = AppTest.from_file(APP, default_timeout=90).run()
    data = (CORPUS / "lugo.odt").read_bytes()
    app.file_uploader[0].set_value([("lugo.odt", data, "application/octet-stream")])
    return app.run()


def draft_boxes(app: AppTest) -> dict[str, bool]:
    return {box.label: box.value for box in app.checkbox if box.key.startswith("draft-")}


def test_obligations_are_ticked_and_good_practices_offered(app):
    boxes = draft_boxes(app)
    assert boxes["Presenza di entrambi i sessi nella Giunta (obbligo di legge; parziale)"] is True
    assert boxes["Linguaggio rispettoso del genere (buona pratica; parziale)"] is False


def test_the_checked_draft_is_offered_for_download(app):
    next(b for b in app.checkbox if b.label.startswith("Linguaggio")).check()
    next(b for b in app.button if b.label == "Prepara la proposta di deliberazione").click()
    app.run()
    assert not app.exception and not app.error
    assert any(s.value.startswith("Proposta pronta: 3 modifiche") for s in app.success)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium non installato")
def test_the_browser_downloads_the_checked_draft(server, browser, tmp_path):  # noqa: F811
    """In a real browser: tick, prepare, download the DOCX; a screenshot of the section."""
    page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page.goto(server)
    page.locator("input[type=file]").set_input_files(str(CORPUS / "lugo.odt"))
    prepare = page.get_by_role("button", name="Prepara la proposta di deliberazione")
    prepare.wait_for(timeout=90_000)
    prepare.scroll_into_view_if_needed()
    prepare.click()
    download = page.get_by_role("button", name="Scarica la proposta di deliberazione (DOCX)")
    download.wait_for(timeout=90_000)
    download.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "delibera-1366.png"), full_page=False)
    with page.expect_download(timeout=60_000) as pending:
        download.click()
    saved = tmp_path / "delibera.docx"
    pending.value.save_as(saved)
    assert pending.value.suggested_filename == "delibera-lugo.docx"
    assert saved.read_bytes().startswith(b"PK")
