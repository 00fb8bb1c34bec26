"""Statutes uploaded in the app: audit, corrections of the authority, store, downloads.

Everything the app does with a statute lives here, so `app.py` only lays out the page and the
same behaviour is tested without a browser.
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from statuti_check.accounts import Account, require
from statuti_check.audit import Report, audit_parsed, cache_version, with_overrides
from statuti_check.authority import Authority, comuni, resolve_authority
from statuti_check.bulk import BulkOptions, Task, render, run_tasks
from statuti_check.catalogue import Catalogue, Verdict
from statuti_check.errors import InputError
from statuti_check.extract import SUPPORTED_SUFFIXES
from statuti_check.frontmatter import AuthorityType
from statuti_check.parse import ParsedStatute
from statuti_check.settings import Limits
from statuti_check.store import Outcome, Store, pack, unpack

DOWNLOADS = {
    "pdf": ("PDF", "application/pdf"),
    "docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "html": ("HTML", "text/html"),
    "json": ("JSON", "application/json"),
}
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]+")


class Audited(BaseModel):
    """One uploaded statute: its bytes (for page images), structure and report."""

    model_config = ConfigDict(frozen=True)

    file_name: str
    data: bytes
    parsed: ParsedStatute
    report: Report
    run_id: int | None = None  # the audit in the store (None: not stored, made anonymously)

    @property
    def sha256(self) -> str:
        """The file's fingerprint: reviews and the store are keyed by it."""
        return self.report.source.sha256


def display_file_name(name: str) -> str:
    """The user's file name as reports may show it: no folders, no control characters."""
    base = _UNSAFE.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" ._")
    return base[:120] or "statuto"


def audit_upload(
    file_name: str,
    data: bytes,
    catalogue: Catalogue,
    limits: Limits,
    progress: Callable[[int, int], None] | None = None,
) -> Audited:
    """Read and judge uploaded bytes in a worker process, under the time and memory limits.

    The app's own process serves every member: a hostile file must only ever take down a
    worker (statuti_check.bulk), never the page. The user's file name lends only its extension
    to the file on disk, and is what reports show. `progress` hears of the pages of a scan
    read by OCR (pages read, pages to read).
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
        run_tasks(
            iter([task]), BulkOptions(limits=limits), 1, outcomes.append,
            lambda read: progress(read.done, read.total) if progress else None,
        )  # fmt: skip
    outcome = outcomes[0]
    if outcome.failure or not outcome.parsed:
        failure = outcome.failure
        raise InputError(
            failure.reason if failure else "Il file non può essere letto.",
            failure.detail if failure else f"upload {file_name!r}: no structure returned",
        )
    parsed = unpack(outcome.parsed, shown)
    report = audit_parsed(parsed, catalogue)
    return Audited(file_name=shown, data=data, parsed=parsed, report=report)


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
    stem = re.sub(r"[^\w-]+", "-", Path(report.source.path).stem).strip("-") or "statuto"
    return f"verifica-{stem}.{fmt}"


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
