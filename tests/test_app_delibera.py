"""The app's "Proposta di deliberazione": gaps ticked, the draft checked, then offered."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.corpus_build import CORPUS

pytestmark = pytest.mark.slow  # the app in Streamlit's AppTest, drafts audited again

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
