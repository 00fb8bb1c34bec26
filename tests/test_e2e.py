"""The app in a real headless Chromium: upload a corpus PDF with gaps, read the scorecard, open an evidence
item with its page, download the PDF report. Screenshots go to out/screenshots/ for a person to
look at (desktop 1366×768 and phone width); the time from upload to download is written there.

Needs Debian's chromium (`apt-get install chromium`); Playwright drives it through
executable_path, as its own browser download is not available here.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from statuti_check.accounts import Account, hash_password
from statuti_check.store import Store, now
from tests.support.corpus_build import CORPUS

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "out" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "una password lunga"
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian chromium is not installed (apt-get install chromium)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    """The results store of the server below (tests add accounts to it)."""
    return tmp_path_factory.mktemp("e2e") / "app.sqlite"


@pytest.fixture(scope="module")
def server(database) -> Iterator[str]:
    """`streamlit run app.py` on a free localhost port, with its own results store."""
    port = free_port()
    env = {**os.environ, "STATUTI_CHECK_DB": str(database)}
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail(f"streamlit did not start: {process.stderr.read() if process.stderr else ''}")
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def assert_uploader_in_italian(page) -> None:
    """Streamlit's own English words are hidden (font size 0) and ours drawn in their place."""
    page.locator("[data-testid=stFileUploaderDropzoneInstructions]").wait_for()
    shown = page.evaluate(
        """() => [
            '[data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer] p',
            '[data-testid=stFileUploaderDropzoneInstructions] span',
        ].map(selector => {
            const node = document.querySelector(selector);
            return [getComputedStyle(node).fontSize, getComputedStyle(node, '::after').content];
        })"""
    )
    assert shown == [
        ["0px", '"Scegliere i file"'],
        ["0px", '"oppure trascinarli qui · al massimo 100 MB per file"'],
    ]


def test_upload_scorecard_evidence_and_pdf_download(server, browser, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page.goto(server)
    page.get_by_role("heading", name="Verifica di uno statuto").wait_for(timeout=60_000)
    assert_uploader_in_italian(page)
    started = time.perf_counter()
    page.locator("input[type=file]").set_input_files(str(CORPUS / "castelnuovo-rangone.pdf"))
    page.get_by_text("Comune di Castelnuovo Rangone").first.wait_for(timeout=60_000)
    page.locator("[data-testid=stMetric]").first.wait_for()
    page.locator("[data-testid=stDataFrame]").first.wait_for()
    page.screenshot(path=str(SHOTS / "scorecard-1366.png"), full_page=False)
    page.locator("[data-testid=stDataFrame]").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "scorecard-table-1366.png"), full_page=False)
    with page.expect_download(timeout=60_000) as pending:
        page.get_by_role("button", name="PDF", exact=True).click()
    report = tmp_path / "rapporto.pdf"
    pending.value.save_as(report)
    seconds = time.perf_counter() - started
    assert report.read_bytes().startswith(b"%PDF-")
    assert pending.value.suggested_filename == "verifica-castelnuovo-rangone.pdf"
    (SHOTS / "timing.txt").write_text(f"upload to downloaded PDF report: {seconds:.1f} s\n")

    title = "Presenza di entrambi i sessi nella Giunta"
    page.locator("[data-testid=stExpander] summary").filter(has_text=title).click()
    section = page.locator("[data-testid=stExpander]").filter(
        has=page.locator("summary", has_text=title)
    )
    section.get_by_text("Mostra la pagina con la clausola").click()
    image = section.locator("img").first
    image.wait_for(timeout=60_000)
    image.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "evidence-1366.png"), full_page=False)
    assert image.is_visible() and image.bounding_box()["width"] > 300
    section.get_by_text("Perché questo esito").click()
    facts = section.get_by_text("basta per questa regola")
    facts.wait_for(timeout=30_000)
    facts.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "why-1366.png"), full_page=False)

    page.get_by_text("Quadro d'insieme").click()  # an anonymous upload is never stored
    page.get_by_role("heading", name="Provincia di Modena: dal marzo 2009 a oggi").wait_for(
        timeout=60_000
    )
    page.get_by_text(
        "Nessuno statuto di un comune modenese è stato ancora verificato qui."
    ).wait_for()
    page.locator("[data-testid=stExpander]").first.wait_for(state="detached")  # the old page
    page.screenshot(path=str(SHOTS / "corpus-1366.png"), full_page=True)

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(server)
    phone.locator("input[type=file]").set_input_files(str(CORPUS / "castelnuovo-rangone.pdf"))
    phone.get_by_text("Comune di Castelnuovo Rangone").first.wait_for(timeout=60_000)
    phone.locator("[data-testid=stMetric]").first.wait_for()
    phone.screenshot(path=str(SHOTS / "phone-top.png"))
    phone.locator("[data-testid=stDataFrame]").first.scroll_into_view_if_needed()
    phone.screenshot(path=str(SHOTS / "phone-scorecard.png"))
    assert not phone.get_by_text("Traceback").count()


def sign_in(page, username: str) -> None:
    """The sidebar's form, as a member fills it in."""
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_label("Nome utente").fill(username)
    sidebar.get_by_label("Password", exact=True).fill(PASSWORD)
    sidebar.get_by_role("button", name="Accedi").click()
    sidebar.get_by_role("button", name="Esci").wait_for(timeout=60_000)


def test_sign_in_review_in_the_members_name_publish_and_the_log(server, browser, database):
    store = Store(database)
    for username, name, role in (("bice", "Bice Verdi", "socia"),
                                 ("anna", "Anna Rossi", "amministratrice")):  # fmt: skip
        account = Account(username=username, name=name, role=role, created=now())
        store.add_account(account, hash_password(PASSWORD), "test")
    store.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(server)
    page.get_by_role("heading", name="Verifica di uno statuto").wait_for(timeout=60_000)
    page.screenshot(path=str(SHOTS / "sign-in-1366.png"))
    sign_in(page, "bice")
    page.locator("input[type=file]").set_input_files(str(CORPUS / "castelnuovo-rangone.pdf"))
    page.get_by_text("Comune di Castelnuovo Rangone").first.wait_for(timeout=60_000)
    title = "Presenza di entrambi i sessi nella Giunta"
    page.locator("[data-testid=stExpander] summary").filter(has_text=title).click()
    section = page.locator("[data-testid=stExpander]").filter(
        has=page.locator("summary", has_text=title)
    )
    assert not section.get_by_label("Nome di chi verifica").count()  # the account is the author
    section.get_by_label("Nota (obbligatoria)").fill("Vedi la delibera <b>n. 12</b> del 2024.")
    section.get_by_role("button", name="Proponi la revisione").click()
    proposal = section.get_by_text("Proposta di revisione di Bice Verdi (socia)")
    proposal.wait_for(timeout=60_000)
    section.get_by_text("Vedi la delibera <b>n. 12</b> del 2024.").wait_for()  # text, not HTML
    proposal.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "review-proposal-1366.png"))

    admin = browser.new_page(viewport={"width": 1366, "height": 768})
    admin.goto(server)
    admin.get_by_role("heading", name="Verifica di uno statuto").wait_for(timeout=60_000)
    sign_in(admin, "anna")
    admin.get_by_text("Archivio delle verifiche").click()
    admin.get_by_role("button", name="Pubblica nel quadro d'insieme").click()
    admin.get_by_role("button", name="Ritira dal quadro d'insieme").wait_for(timeout=60_000)
    admin.get_by_text("Registro delle operazioni").scroll_into_view_if_needed()
    admin.screenshot(path=str(SHOTS / "archive-log-1366.png"), full_page=True)
    admin.get_by_test_id("stRadioGroup").get_by_text("Quadro d'insieme").click()
    admin.get_by_text("Comuni modenesi verificati qui: 1;").wait_for(timeout=60_000)

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(server)
    phone.get_by_role("heading", name="Verifica di uno statuto").wait_for(timeout=60_000)
    phone.get_by_test_id("stExpandSidebarButton").click()
    sign_in(phone, "bice")
    phone.screenshot(path=str(SHOTS / "phone-signed-in.png"))
    assert not phone.get_by_text("Traceback").count()
