"""Statutes uploaded in the app: audit, corrections of the authority, store, downloads.

Everything the app does with a statute lives here, so `app.py` only lays out the page and the
same behaviour is tested without a browser.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import logging
import os
import re
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from statuti_check.contract import Authority, AuthorityType, Report, Verdict
from statuti_check.errors import InputError
from statuti_check.judge.audit import audit_parsed, cache_version, with_overrides
from statuti_check.judge.catalogue import Catalogue
from statuti_check.members.accounts import Account, require
from statuti_check.names import FALLBACK_STEM, file_stem, shown_name
from statuti_check.read.authority import comuni, resolve_authority
from statuti_check.read.extract import SUPPORTED_SUFFIXES, ocr
from statuti_check.read.highlight import page_image
from statuti_check.read.model import ParsedStatute
from statuti_check.report import render
from statuti_check.run.bulk import BulkOptions, Task, audit_work, repointed
from statuti_check.run.store import Outcome, Store, pack, unpack
from statuti_check.run.workers import Refusals, run_capped, run_tasks
from statuti_check.settings import Limits

log = logging.getLogger(__name__)

DOWNLOADS = {
    "pdf": ("PDF", "application/pdf"),
    "docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "html": ("HTML", "text/html"),
    "json": ("JSON", "application/json"),
}


class Audited(BaseModel):
    """One uploaded statute: its structure and report, and where its pages can be drawn from.

    The uploaded bytes are not kept (a session would hold up to 100 MB per statute for as long
    as it lives): `pages` is the private copy of a PDF kept by PAGE_FILES for its page images,
    None for other formats.
    """

    model_config = ConfigDict(frozen=True)

    file_name: str
    pages: str | None
    parsed: ParsedStatute
    report: Report
    run_id: int | None = None  # the audit in the store (None: not stored, made anonymously)

    @property
    def sha256(self) -> str:
        """The file's fingerprint: reviews and the store are keyed by it."""
        return self.report.source.sha256


def display_file_name(name: str) -> str:
    """The user's file name as reports may show it: no folders (statuti_check.names)."""
    base = shown_name(name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" ._")
    return base[:120] or FALLBACK_STEM


def audit_upload(
    file_name: str,
    data: bytes,
    limits: Limits,
    progress: Callable[[int, int], None] | None = None,
) -> Audited:
    """Read and judge uploaded bytes in a worker process, under the time and memory limits.

    The app's own process serves every member: a hostile file must only ever take down a
    worker (statuti_check.run.workers), never the page, and extraction, matching and the
    verdicts all run there; the worker sends back its report and the parsed statute (for the
    outline, corrections and the draft resolution). The worker judges with the default
    catalogue, as the app does. The user's file name lends only its extension to the file on
    disk, and is what reports show. `progress` hears of the pages of a scan read by OCR (pages
    read, pages to read).
    """
    if len(data) > limits.max_file_bytes:
        cap = limits.max_file_bytes
        size = f"{cap // 1048576} MB" if cap >= 1048576 else f"{cap // 1024} KB"
        raise InputError(
            f"Il file supera il limite di {size} per statuto.",
            f"upload {file_name!r}: {len(data)} bytes over the {limits.max_file_bytes} limit",
        )
    suffix = Path(file_name).suffix.lower()
    shown = display_file_name(file_name)
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"statuto{suffix if suffix in SUPPORTED_SUFFIXES else ''}"
        path.write_bytes(data)
        task = Task(path=str(path), sha256=hashlib.sha256(data).hexdigest())
        with WORKER_SLOTS.held(limits.timeout_seconds):
            run_tasks(
                iter([task]), audit_work(BulkOptions(limits=limits)), 1, outcomes.append,
                lambda read: progress(read.done, read.total) if progress else None,
            )  # fmt: skip
        outcome = outcomes[0]
        if outcome.failure or not outcome.parsed or not outcome.report:
            failure = outcome.failure
            raise InputError(
                failure.reason if failure else "Il file non può essere letto.",
                failure.detail if failure else f"upload {file_name!r}: no structure returned",
            )
        parsed = unpack(outcome.parsed, shown)
        pdf = parsed.document.source.format == "pdf"
        pages = PAGE_FILES.keep(path, task.sha256 or "") if pdf else None
    report = repointed(outcome.report, shown)
    return Audited(file_name=shown, pages=pages, parsed=parsed, report=report)


class WorkerSlots:
    """At most `size` worker processes at a time for the whole app, whatever the sessions.

    Streamlit runs every member's session as a thread of one process: a semaphore of that
    process is shared by all of them, so a crowd of uploads queues instead of starting a
    worker (up to `memory_mb` each) per click.
    """

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._free = threading.BoundedSemaphore(self.size)

    @contextmanager
    def held(self, wait: float) -> Iterator[None]:
        """One slot for the body, waiting at most `wait` seconds for it."""
        if not self._free.acquire(timeout=wait):
            raise InputError(
                "Il servizio è molto richiesto in questo momento: riprovare tra qualche minuto.",
                f"no worker slot free within {wait:g} s ({self.size} busy)",
            )
        try:
            yield
        finally:
            self._free.release()


def app_workers() -> int:
    """Worker processes the app may run at once (STATUTI_CHECK_WORKERS, default: the cores)."""
    return int(os.environ.get("STATUTI_CHECK_WORKERS") or ocr.cores())


WORKER_SLOTS = WorkerSlots(app_workers())


class PageFiles:
    """Private copies of uploaded PDFs, kept after their audit for the page images.

    A folder only this user can open (0700), created with the first PDF and removed when the
    process ends; one file per sha256, shared by every session that uploads the same bytes;
    the least recently kept are removed beyond `max_bytes`. A session holds only the path.
    """

    def __init__(self, max_bytes: int = 2 * 1024**3) -> None:
        self.max_bytes = max_bytes
        self._folder: Path | None = None
        self._lock = threading.Lock()

    def keep(self, source: Path, sha256: str) -> str:
        """Move an audited PDF into the folder; the path its pages are drawn from."""
        with self._lock:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="statuti-check-pagine-"))
                atexit.register(shutil.rmtree, self._folder, ignore_errors=True)
            target = self._folder / f"{sha256}.pdf"
            shutil.move(source, target)
            target.chmod(0o600)
            target.touch()
            self._prune(self._folder)
        return str(target)

    def _prune(self, folder: Path) -> None:
        """Remove the oldest copies until the folder holds at most `max_bytes`."""
        files = sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
        total = 0
        for path in files:
            total += path.stat().st_size
            if total > self.max_bytes and path is not files[0]:
                log.info("page copy %s removed: over %d bytes kept", path.name, self.max_bytes)
                path.unlink(missing_ok=True)


PAGE_FILES = PageFiles()
PAGE_REFUSALS = Refusals(
    timeout="La pagina non è stata mostrata: la preparazione dell'immagine ha superato il tempo "
    "massimo di {seconds} secondi.",
    memory="La pagina richiede più memoria di quella consentita e non può essere mostrata.",
    crashed="La pagina non può essere mostrata: il documento è malformato o ha esaurito la "
    "memoria consentita.",
)


class PagePicture(BaseModel):
    """A page image with the clause boxed, or the reason it is not shown (Italian)."""

    model_config = ConfigDict(frozen=True)

    png: bytes | None = None
    found: bool = False
    refusal: str | None = None


def page_picture(pages: str | None, page: int, quote: str, limits: Limits) -> PagePicture:
    """A page of an uploaded PDF as an image, drawn in a worker under the audit's limits.

    A page refused for good (too large, too slow, malformed) is a PagePicture with the reason,
    which the app may cache; a busy server or a copy no longer kept raise InputError, to be
    tried again.
    """
    if pages is None or not Path(pages).is_file():
        raise InputError(
            "La pagina non è più disponibile: caricare di nuovo lo statuto per vederla.",
            f"page copy {pages} no longer kept",
        )
    with WORKER_SLOTS.held(limits.timeout_seconds):
        try:
            png, found = run_capped(page_image, (pages, page, quote), limits, PAGE_REFUSALS)
        except InputError as exc:
            log.warning("%s page %d refused: %s", Path(pages).name, page, exc.log_message)
            return PagePicture(refusal=exc.user_message)
    return PagePicture(png=png, found=found)


@cache
def comune_choices() -> tuple[str, ...]:
    """Every comune of the ISTAT list as "Name (XX)": the app's autocomplete."""
    return tuple(sorted(f"{c.name} ({c.province_code})" for c in comuni()))


def choice_of(authority: Authority) -> str | None:
    """The autocomplete entry of a recognised comune."""
    if authority.type != "comune" or not authority.istat_code:
        return None
    return next(
        (f"{c.name} ({c.province_code})" for c in comuni() if c.istat_code == authority.istat_code),
        None,
    )


def corrected(
    audited: Audited,
    catalogue: Catalogue,
    *,
    choice: str | None,
    name: str | None,
    authority_type: AuthorityType,
    population: int | None,
) -> Audited:
    """Judge again with the authority the user confirmed (no re-reading of the file).

    `population` is what the form sends back: the value it showed unless the user typed
    another. Only a changed value is the user's; an untouched one follows the authority, so a
    comune chosen from the ISTAT list brings its own ISTAT population.
    """
    shown = audited.report.authority
    if authority_type == "comune" and choice:
        found = re.fullmatch(r"(.+) \((\w+)\)", choice)
        comune, province = (found.group(1), found.group(2)) if found else (choice, None)
        authority = resolve_authority(comune, "comune", province)
    else:
        authority = with_overrides(shown, name, authority_type)
    if population is not None and population != shown.population:
        authority = with_overrides(authority, population=population)
    elif _same(authority, shown):
        kept = {"population": shown.population, "population_source": shown.population_source}
        authority = authority.model_copy(update=kept)
    report = audit_parsed(audited.parsed, catalogue, authority)
    return audited.model_copy(update={"report": report})


def _same(authority: Authority, shown: Authority) -> bool:
    """The same authority as before, so an untouched population (maybe typed earlier) stays."""
    return (authority.type, authority.istat_code, authority.name) == (
        shown.type,
        shown.istat_code,
        shown.name,
    )


def remember(store: Store, audited: Audited, account: Account | None) -> Audited:
    """Record a signed-in member's audit as a one-file run of hers; nothing anonymous is stored.

    Either way the audit comes back with the confirmed reviews of these bytes: an upload judged
    again (another authority, the same file once more) keeps them.
    """
    report = audited.report
    if account is None:
        return audited.model_copy(update={"report": store.reviewed(report)})
    require(account, "store")
    run = store.start_run(
        report.catalogue.version, report.catalogue.sha256, {"source": "app"},
        source="app", owner=account.username,
    )  # fmt: skip
    outcome = Outcome(
        path=audited.file_name, sha256=audited.sha256, report=report, parsed=pack(audited.parsed)
    )
    store.record(run, outcome, BulkOptions().reader, cache_version())
    store.finish_run(run)
    return audited.model_copy(update={"report": store.reviewed(report), "run_id": run})


def review(
    store: Store, audited: Audited, rule_id: str, verdict: Verdict, note: str,
    account: Account | None,
) -> Report:  # fmt: skip
    """Store the signed-in member's verdict (a proposal, or confirmed for a reviewer).

    Returns the report with every confirmed review applied.
    """
    finding = next(f for f in audited.report.findings if f.rule_id == rule_id)
    store.add_review(
        require(account, "propose"), audited.sha256, rule_id, verdict, finding.verdict, note,
        audited.run_id,
    )  # fmt: skip
    return store.reviewed(audited.report)


def report_file_name(report: Report, fmt: str) -> str:
    """A download name such as verifica-fanano.pdf: from the file name, never the document."""
    return f"verifica-{file_stem(Path(report.source.path).stem)}.{fmt}"


def zip_reports(reports: list[Report], formats: tuple[str, ...] = ("pdf", "docx")) -> bytes:
    """Every report in every format, in one archive (names made unique)."""
    out = io.BytesIO()
    taken: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for report in reports:
            for fmt in formats:
                name, number = report_file_name(report, fmt), 2
                while name in taken:
                    name = report_file_name(report, fmt).replace(f".{fmt}", f"-{number}.{fmt}")
                    number += 1
                taken.add(name)
                archive.writestr(name, render(report, fmt))
    return out.getvalue()
