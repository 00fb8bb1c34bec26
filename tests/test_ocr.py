"""Scanned statutes: OCR (Tesseract, Italian) gives the text version's verdicts; without OCR,
nothing is claimed missing (`da_verificare`, never `assente`)."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from statuti_check.cli import main
from statuti_check.judge.audit import audit_file
from statuti_check.read.extract import extract, ocr, ocr_cache
from statuti_check.run.bulk import BulkOptions, Tally, run_bulk
from statuti_check.run.console import ProgressView
from statuti_check.run.store import Outcome, Store
from statuti_check.run.uploads import audit_upload
from statuti_check.run.workers import OcrProgress, ocr_share
from statuti_check.settings import Limits
from tests.support.corpus_build import CORPUS
from tests.support.scans import scan_of

pytestmark = pytest.mark.slow  # renders scanned PDFs and audits them, by OCR or without

SOURCE = CORPUS / "castelnuovo-rangone.pdf"


def requires_ocr(test: Callable[..., None]) -> Callable[..., None]:
    """A test that runs the real Tesseract: marked `ocr` (left out of `make test-fast`), skipped
    where Tesseract with Italian is not installed."""
    skip = pytest.mark.skipif(
        not ocr.available(),
        reason="Tesseract with Italian is not installed (apt-get install tesseract-ocr tesseract-ocr-ita)",
    )
    return pytest.mark.ocr(skip(test))


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scan") / "castelnuovo-scansione.pdf"
    path.write_bytes(scan_of(SOURCE))
    return path


def test_a_scan_without_ocr_claims_nothing_missing(scan):
    report = audit_file(scan, ocr="never")
    assert not report.source.has_text_layer and not report.source.ocr_used
    verdicts = {f.verdict for f in report.findings}
    assert verdicts <= {"da_verificare", "non_applicabile"} and "da_verificare" in verdicts
    assert any("non sono state lette" in warning for warning in report.source.warnings)
    assert not any(f.proposal for f in report.findings)  # nothing read, nothing to propose


@requires_ocr
def test_a_scan_read_by_ocr_gets_the_verdicts_of_the_text_version(scan):
    text_version = audit_file(SOURCE)
    report = audit_file(scan)
    assert report.source.ocr_used and report.source.ocr_pages == list(
        range(1, report.source.pages + 1)
    )
    assert [(f.rule_id, f.verdict) for f in report.findings] == [
        (f.rule_id, f.verdict) for f in text_version.findings
    ]
    assert any("riconoscimento ottico" in warning for warning in report.source.warnings)


def test_unread_pages_turn_missing_into_to_be_checked(tmp_path):
    """Text pages plus one scanned page nobody read: a norm may be on it."""
    text = pdfium.PdfDocument(str(SOURCE))
    scanned = pdfium.PdfDocument(io.BytesIO(scan_of(SOURCE)))
    text.import_pages(scanned, [0])
    mixed = tmp_path / "misto.pdf"
    text.save(str(mixed))
    report = audit_file(mixed, ocr="never")
    assert report.source.unread_pages == [report.source.pages]
    verdicts = {f.rule_id: f.verdict for f in report.findings}
    alone = {f.rule_id: f.verdict for f in audit_file(SOURCE).findings}
    for rule_id, verdict in alone.items():
        expected = "da_verificare" if verdict == "assente" else verdict
        assert verdicts[rule_id] == expected, rule_id
    reason = next(f.reason for f in report.findings if f.verdict == "da_verificare")
    assert (
        f"ma la pagina {report.source.pages} è un'immagine senza testo e non è stata letta"
        in reason
    )


def test_the_cli_takes_an_ocr_mode(scan, capsys):
    assert main(["audit", str(scan), "--ocr", "never", "--format", "json"]) == 0
    assert '"ocr_used": false' in capsys.readouterr().out
    assert main(["audit", str(scan), "--ocr", "sempre"]) == 1


@requires_ocr
def test_a_quote_on_a_scanned_page_is_boxed_on_its_image():
    """Evidence on an OCR page names its page, and the app boxes it there as on a text page."""
    from statuti_check.read.highlight import clause_boxes, page_image

    scan, text = CORPUS / "crevalcore-scansione.pdf", CORPUS / "crevalcore.pdf"
    finding = next(f for f in audit_file(scan).findings if f.rule_id == "giunta-entrambi-sessi")
    evidence = finding.evidence[0]
    assert (evidence.article, evidence.comma, evidence.page) == ("8", "2", 3)
    scanned = clause_boxes(scan, evidence.page, evidence.quote)
    printed = clause_boxes(text, evidence.page, evidence.quote)
    assert len(scanned) == len(printed) >= 1
    for got, want in zip(scanned, printed, strict=True):
        assert abs(got.top - want.top) < 4 and abs(got.x0 - want.x0) < 4
    assert page_image(scan.read_bytes(), evidence.page, evidence.quote)[1]


@requires_ocr
def test_a_second_audit_of_a_scan_is_served_from_the_cache(scan):
    audit_file(scan)
    seen: list[tuple[int, int]] = []
    with ocr.configured(progress=lambda done, total: seen.append((done, total))):
        again = audit_file(scan)
    assert seen == [(2, 2)]  # every page from the cache: none was read again
    assert again.source.ocr_pages == [1, 2]


@requires_ocr
def test_bulk_audits_and_the_app_hear_of_the_pages_read(scan, tmp_path):
    heard: list[OcrProgress] = []
    result = run_bulk([scan], tmp_path / "out", BulkOptions(), on_progress=heard.append)
    assert result.reports[0].source.ocr_pages == [1, 2]
    assert heard[-1] == OcrProgress(path=str(scan), done=2, total=2)
    pages: list[tuple[int, int]] = []
    audited = audit_upload("scansione.pdf", scan.read_bytes(), Limits(), lambda *p: pages.append(p))
    assert audited.report.source.ocr_pages == [1, 2] and pages[-1] == (2, 2)


def test_bulk_workers_share_the_cores_among_their_ocr_processes(monkeypatch):
    monkeypatch.setattr(ocr, "cores", lambda: 8)
    assert [ocr_share(workers) for workers in (1, 2, 3, 8, 16)] == [8, 4, 2, 1, 1]


# A stand-in for Tesseract: it logs each call's OMP_THREAD_LIMIT, waits until FAKE_TOGETHER
# readers run at once (at most 5 s) and logs when it ran; FAKE_FAIL_FIRST makes the first call
# fail, FAKE_HANG_AFTER makes every call after that many hang until killed.
FAKE = """#!{python}
import os, sys, time
from pathlib import Path

state = Path({state!r})
if sys.argv[1] == "--list-langs":
    print(f'List of available languages in "{{state}}/" (1):\\nita')
    sys.exit(0)
if sys.argv[1] == "--version":
    print(os.environ.get("FAKE_VERSION", "tesseract 0.fake"))
    sys.exit(0)
sys.stdin.buffer.read()
with (state / "calls").open("a") as calls:
    calls.write(f"{{os.getpid()}} {{os.environ.get('OMP_THREAD_LIMIT')}}\\n")
if os.environ.get("FAKE_FAIL_FIRST"):
    try:
        os.mkdir(state / "failed")
        sys.exit("tesseract: cannot read the image")
    except FileExistsError:
        pass
if len((state / "calls").read_text().splitlines()) > int(os.environ.get("FAKE_HANG_AFTER", 999)):
    (state / "hung").write_text(str(os.getpid()))
    time.sleep(600)
started = time.time()
running = state / "running"
running.mkdir(exist_ok=True)
(running / str(os.getpid())).touch()
waited = time.monotonic() + 5
while len(os.listdir(running)) < int(os.environ.get("FAKE_TOGETHER", 1)) and time.monotonic() < waited:
    time.sleep(0.02)
(running / str(os.getpid())).unlink()
with (state / "ran").open("a") as ran:
    ran.write(f"{{started}} {{time.time()}}\\n")
print("Art. 1 - Principi\\n1. Il Comune promuove lo sviluppo della comunità locale.")
"""


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """A fake `tesseract` first on the PATH, its own OCR cache; the folder where it logs."""
    state = tmp_path / "tesseract"
    state.mkdir()
    program = state / "tesseract"
    program.write_text(FAKE.format(python=sys.executable, state=str(state)))
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{state}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv(ocr_cache.ENV, str(tmp_path / "ocr.sqlite"))
    ocr._installed.cache_clear()
    yield state
    ocr.configure()
    ocr._installed.cache_clear()


def calls(state: Path) -> list[str]:
    """The OMP_THREAD_LIMIT of each Tesseract call so far."""
    path = state / "calls"
    return [line.split()[1] for line in path.read_text().splitlines()] if path.exists() else []


def scanned_pages(folder: Path, count: int) -> Path:
    """A PDF of `count` blank scanned pages (images, no text)."""
    path = folder / f"scansione-{count}.pdf"
    pages = [Image.new("L", (170, 240), 255) for _ in range(count)]
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=20)
    return path


def test_tesseract_runs_single_threaded_and_pages_are_read_in_parallel(fake, monkeypatch, tmp_path):
    monkeypatch.setenv("FAKE_TOGETHER", "2")
    ocr.configure(processes=2)
    document = extract(scanned_pages(tmp_path, 4))
    assert document.source.ocr_pages == [1, 2, 3, 4] and document.source.unread_pages == []
    assert all("Art. 1" in page.text for page in document.pages)
    assert calls(fake) == ["1"] * 4
    assert most_at_once(fake) == 2


def most_at_once(state: Path) -> int:
    """The largest number of fake Tesseract processes that were running at one moment."""
    spans = [tuple(map(float, line.split())) for line in (state / "ran").read_text().splitlines()]
    return max(sum(start <= moment <= end for start, end in spans) for moment, _ in spans)


def test_a_page_tesseract_fails_on_stays_unread_and_the_others_are_read(
    fake, monkeypatch, tmp_path
):
    monkeypatch.setenv("FAKE_FAIL_FIRST", "1")
    report = audit_file(scanned_pages(tmp_path, 4))
    source = report.source
    assert len(source.ocr_pages) == 3 and len(source.unread_pages) == 1
    assert sorted(source.ocr_pages + source.unread_pages) == [1, 2, 3, 4]
    assert (
        f"1 pagina senza testo (probabilmente una scansione) non è stata letta: "
        f"{source.unread_pages[0]}." in source.warnings
    )
    verdicts = {finding.verdict for finding in report.findings}
    assert "da_verificare" in verdicts and "assente" not in verdicts


def test_pages_read_are_cached_until_tesseract_changes(fake, monkeypatch, tmp_path):
    path = scanned_pages(tmp_path, 3)
    first = extract(path)
    assert len(calls(fake)) == 3
    assert extract(path).pages == first.pages and len(calls(fake)) == 3
    monkeypatch.setenv("FAKE_VERSION", "tesseract 1.fake")
    ocr._installed.cache_clear()
    assert extract(path).pages == first.pages and len(calls(fake)) == 6


def test_an_unusable_cache_costs_time_never_the_reading(fake, monkeypatch, tmp_path, caplog):
    broken = tmp_path / "rotto.sqlite"
    broken.write_bytes(b"questo non e' un database " * 100)
    monkeypatch.setenv(ocr_cache.ENV, str(broken))
    document = extract(scanned_pages(tmp_path, 2))
    assert document.source.ocr_pages == [1, 2]
    assert f"OCR cache {broken}: cannot open" in caplog.text


def test_ocr_stops_at_the_time_limit_and_the_next_audit_goes_on(fake, monkeypatch, tmp_path):
    monkeypatch.setenv("FAKE_HANG_AFTER", "1")
    ocr.configure(processes=1)
    path = scanned_pages(tmp_path, 3)
    document = extract(path, limits=Limits(timeout_seconds=2))
    assert document.source.ocr_pages == [1] and document.source.unread_pages == [2, 3]
    assert (
        "Il riconoscimento ottico dei caratteri (OCR) si è fermato al limite di tempo per file "
        "(2 secondi) prima di leggere 2 pagine. Le pagine già lette sono conservate: una nuova "
        "verifica dello stesso file prosegue dalle altre."
    ) in document.source.warnings
    with pytest.raises(ProcessLookupError):  # the hung Tesseract was killed, not left behind
        os.kill(int((fake / "hung").read_text()), 0)
    monkeypatch.delenv("FAKE_HANG_AFTER")
    again = extract(path)
    assert again.source.ocr_pages == [1, 2, 3] and len(calls(fake)) == 4  # page 1 not read again


def test_a_scan_ocr_had_no_time_to_finish_is_never_served_from_the_store(
    fake, monkeypatch, tmp_path
):
    monkeypatch.setenv("FAKE_HANG_AFTER", "1")
    ocr.configure(processes=1)
    path = scanned_pages(tmp_path, 3)
    stopped = audit_file(path, limits=Limits(timeout_seconds=2))
    assert stopped.source.ocr_timed_out == [2, 3]
    monkeypatch.delenv("FAKE_HANG_AFTER")
    finished = audit_file(path)
    assert finished.source.ocr_timed_out == [] and finished.source.ocr_pages == [1, 2, 3]
    store = Store(tmp_path / "statuti.sqlite")
    run = store.start_run("v", "c", {})
    sha = stopped.source.sha256
    for name, report in (("stopped", stopped), ("finished", finished)):
        outcome = Outcome(
            path=name, sha256=sha, cache_key=name, report=report, parsed=name.encode()
        )
        store.record(run, outcome, "pypdfium2+ocr-auto", "1")
    assert store.cached_report("stopped") is None and store.cached_report("finished") == finished
    assert store.cached_structure(sha, "pypdfium2+ocr-auto", "1") == b"finished"
    assert len(store.reports(run)) == 2  # both recorded all the same
    store.close()


def test_the_ocr_page_cap_leaves_the_rest_unread_with_a_notice(fake, tmp_path):
    document = extract(scanned_pages(tmp_path, 4), limits=Limits(ocr_max_pages=2))
    assert document.source.ocr_pages == [1, 2] and document.source.unread_pages == [3, 4]
    assert "Lette con OCR soltanto le prime 2 pagine di 4." in document.source.warnings


def test_progress_counts_pages_read_of_pages_to_read(fake, tmp_path):
    seen: list[tuple[int, int]] = []
    ocr.configure(processes=2, progress=lambda done, total: seen.append((done, total)))
    path = scanned_pages(tmp_path, 4)
    extract(path)
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    seen.clear()
    extract(path)
    assert seen == [(4, 4)]


def test_the_cli_counts_pages_on_stderr_and_keeps_stdout_for_the_report(fake, tmp_path, capsys):
    assert main(["audit", str(scanned_pages(tmp_path, 2)), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("{") and '"ocr_pages": [\n' in out
    assert "Lettura ottica (OCR): 2 di 2 pagine" in err


def test_a_statute_with_text_never_opens_the_ocr_cache(monkeypatch, tmp_path):
    cache = tmp_path / "ocr.sqlite"
    monkeypatch.setenv(ocr_cache.ENV, str(cache))
    assert extract(SOURCE).source.has_text_layer
    assert not cache.exists()


def test_a_bulk_run_off_a_terminal_tells_pages_read_now_and_then():
    stream = io.StringIO()
    view = ProgressView(stream, every=3600)
    view.start(Tally(total=1, skipped=0))
    for done in range(7):
        view.pages(OcrProgress(path="statuti/scansione.pdf", done=done, total=6))
    assert stream.getvalue().splitlines() == [
        "Verifica di 1 file.",
        "Lettura ottica (OCR) di scansione.pdf: 0 di 6 pagine",
        "Lettura ottica (OCR) di scansione.pdf: 6 di 6 pagine",
    ]
