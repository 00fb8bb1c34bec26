"""Resource limits in the app: page images in a capped worker, a pixel cap, shared worker slots,
uploaded bytes not kept in the session; a giant page refused in Italian while the app stays up."""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from statuti_check.errors import InputError
from statuti_check.judge.catalogue import load_catalogue
from statuti_check.read.highlight import MAX_PAGE_PIXELS, page_image
from statuti_check.run.uploads import (
    PAGE_REFUSALS,
    WORKER_SLOTS,
    PageFiles,
    WorkerSlots,
    audit_upload,
    page_picture,
)
from statuti_check.run.workers import Refusals, run_capped
from statuti_check.settings import Limits
from tests.hostile.files import giant_page_pdf
from tests.support.corpus_build import CORPUS

pytestmark = pytest.mark.slow  # the app in Streamlit's AppTest and worker processes

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TOO_LARGE = "La pagina è troppo grande per essere mostrata."
CATALOGUE = load_catalogue()
REFUSALS = Refusals(timeout="Tempo scaduto ({seconds} s).", memory="Memoria.", crashed="Rotto.")


@pytest.fixture(scope="module")
def giant(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gigante") / "gigante.pdf"
    path.write_bytes(giant_page_pdf())
    return path


def test_a_giant_page_is_refused_before_it_is_drawn(giant):
    with pytest.raises(InputError) as refused:
        page_image(str(giant), 1, "La Giunta è composta dal Sindaco")
    assert refused.value.user_message == TOO_LARGE
    assert f"over {MAX_PAGE_PIXELS}" in refused.value.log_message


def test_a_giant_page_is_refused_through_the_worker_with_a_log_line(giant, caplog):
    with caplog.at_level(logging.WARNING, logger="statuti_check.run.uploads"):
        picture = page_picture(str(giant), 1, "La Giunta", Limits())
    assert picture.png is None and picture.refusal == TOO_LARGE
    assert any("gigante.pdf page 1 refused" in r.getMessage() for r in caplog.records)


def test_an_ordinary_page_is_drawn_in_the_worker(tmp_path):
    path = tmp_path / "sassuolo.pdf"
    path.write_bytes((CORPUS / "sassuolo.pdf").read_bytes())
    picture = page_picture(str(path), 2, "Il Sindaco nomina gli assessori garantendo", Limits())
    assert picture.png is not None and picture.png.startswith(b"\x89PNG") and picture.found


def test_a_call_that_runs_too_long_is_killed_and_refused_in_italian():
    started = time.monotonic()
    with pytest.raises(InputError) as refused:
        run_capped(time.sleep, (60,), Limits(timeout_seconds=1.5), REFUSALS)
    assert refused.value.user_message == "Tempo scaduto (1,5 s)."
    assert "timed out after 1.5 s, worker killed" in refused.value.log_message
    assert time.monotonic() - started < 20


def test_a_call_that_exhausts_its_memory_only_takes_down_its_worker():
    with pytest.raises(InputError) as refused:
        run_capped(bytearray, (8 * 1024**3,), Limits(memory_mb=1536), REFUSALS)
    assert refused.value.user_message == "Memoria."
    assert run_capped(len, ("ancora vivo",), Limits(), REFUSALS) == 11


def test_an_input_error_in_the_worker_reaches_the_caller_as_it_is(giant):
    with pytest.raises(InputError) as refused:
        run_capped(page_image, (str(giant), 1, "x"), Limits(), PAGE_REFUSALS)
    assert refused.value.user_message == TOO_LARGE


def test_worker_slots_are_shared_and_a_full_house_is_told_in_italian():
    slots = WorkerSlots(1)
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with slots.held(5):
            inside.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert inside.wait(5)
        with pytest.raises(InputError) as refused, slots.held(0.2):
            pass
        assert "molto richiesto" in refused.value.user_message
    finally:
        release.set()
        holder.join()
    with slots.held(0.2):  # free again
        pass


def test_page_images_wait_for_the_apps_worker_slots(tmp_path):
    path = tmp_path / "sassuolo.pdf"
    path.write_bytes((CORPUS / "sassuolo.pdf").read_bytes())
    held = [WORKER_SLOTS.held(1) for _ in range(WORKER_SLOTS.size)]
    for slot in held:
        slot.__enter__()
    try:
        with pytest.raises(InputError, match="no worker slot free"):
            page_picture(str(path), 2, "Il Sindaco", Limits(timeout_seconds=0.5))
    finally:
        for slot in held:
            slot.__exit__(None, None, None)


def test_an_upload_keeps_only_a_private_copy_of_a_pdf_and_no_bytes():
    data = (CORPUS / "sassuolo.pdf").read_bytes()
    audited = audit_upload("sassuolo.pdf", data, Limits())
    assert not any(isinstance(value, bytes) for value in dict(audited).values())
    assert audited.pages is not None and Path(audited.pages).read_bytes() == data
    assert stat.S_IMODE(os.stat(audited.pages).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(Path(audited.pages).parent).st_mode) == 0o700
    docx = audit_upload("fanano.docx", (CORPUS / "fanano.docx").read_bytes(), Limits())
    assert docx.pages is None


def test_page_copies_beyond_the_budget_are_removed_oldest_first(tmp_path):
    files = PageFiles(max_bytes=2500)
    kept = []
    for index in range(4):
        source = tmp_path / f"{index}.pdf"
        source.write_bytes(b"%PDF" + bytes(996))
        kept.append(files.keep(source, f"sha{index}"))
        time.sleep(0.01)
    assert [Path(path).exists() for path in kept] == [False, False, True, True]
    with pytest.raises(InputError, match="no longer kept"):
        page_picture(kept[0], 1, "x", Limits())


def test_the_app_refuses_a_giant_page_in_italian_and_stays_up(tmp_path, monkeypatch):
    monkeypatch.setenv("STATUTI_CHECK_DB", str(tmp_path / "app.sqlite"))
    app = AppTest.from_file(APP, default_timeout=120).run()
    app.file_uploader[0].set_value([("gigante.pdf", giant_page_pdf(), "application/pdf")])
    app.run()
    assert not app.exception and not app.error
    next(t for t in app.toggle if t.label == "Solo le lacune").set_value(False).run()
    title = "Quota minima del 40% per ciascun sesso nella Giunta"  # conforme: not a gap
    section = next(e for e in app.expander if e.label.endswith(title))
    next(t for t in section.toggle if t.label.startswith("Mostra la pagina")).set_value(True).run()
    section = next(e for e in app.expander if e.label.endswith(title))
    assert not app.exception
    assert [error.value for error in section.error] == [TOO_LARGE]
    assert not section.get("image")
    # The app goes on: the same statute's reasons still open.
    next(t for t in section.toggle if t.label == "Perché questo esito").set_value(True).run()
    section = next(e for e in app.expander if e.label.endswith(title))
    assert not app.exception and any("<strong>Argomento</strong>" in h.value for h in section.html)
