"""Bulk audits: many statute files through the worker pool into the SQLite store.

The parent walks the inputs (statuti_check.run.discover), looks up cached reports and
structures, hands one file at a time to each worker (statuti_check.run.workers) and records
every outcome in its own transaction; workers never touch the database. A file a worker loses
(timeout, memory cap, crash) is recorded as a failure with the reason: the run always goes on.
What a worker does with one file (`audit_task`) is defined here, and the app does the same.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from statuti_check.contract import Authority, Failure, Report, Review, with_reviews
from statuti_check.errors import InputError, SettingsError, os_reason
from statuti_check.judge.audit import assess_text, audit_parsed, cache_version
from statuti_check.judge.catalogue import Catalogue, load_catalogue
from statuti_check.read.authority import AuthorityTable
from statuti_check.read.extract import PdfEngine, detect_format, sha256_of
from statuti_check.read.extract.ocr import OcrMode
from statuti_check.read.parse import parse_file
from statuti_check.report import render
from statuti_check.run.discover import discover, output_names
from statuti_check.run.forkserver import start_fork_server
from statuti_check.run.readahead import ReadAhead
from statuti_check.run.store import Outcome, Store, pack, unpack
from statuti_check.run.workers import (
    OcrProgress,
    Work,
    default_workers,
    ignore_progress,
    run_tasks,
)
from statuti_check.settings import DEFAULT_LIMITS, Limits

log = logging.getLogger(__name__)


class BulkOptions(BaseModel):
    """What every worker needs to judge a file the same way."""

    model_config = ConfigDict(frozen=True)

    rules: str | None = None
    engine: PdfEngine = "pypdfium2"
    ocr: OcrMode = "auto"
    limits: Limits = DEFAULT_LIMITS
    on: date | None = None
    formats: tuple[str, ...] = ()
    authorities: AuthorityTable = AuthorityTable()

    @property
    def reader(self) -> str:
        """How files are read (engine and OCR): cached structures are only reused alike."""
        return f"{self.engine}+ocr-{self.ocr}"


class Task(BaseModel):
    """One file for a worker, with what the store already knows of it.

    `report` is a finished report for the same bytes, catalogue, tool, authority data and date
    (only the files still have to be written); `cached` is the parsed structure of the same
    bytes (a catalogue changed: the rules run again, extraction does not).
    """

    model_config = ConfigDict(frozen=True)

    path: str
    sha256: str | None
    cache_key: str | None = None
    report: Report | None = None
    cached: bytes | None = None
    read_ahead: bytes | None = None  # its structure, read while the workers started
    outputs: dict[str, str] = {}
    reviews: dict[str, Review] = {}  # people's verdicts on these bytes, shown in the reports


def write_reports(report: Report, outputs: dict[str, str]) -> list[Failure]:
    """Write each asked format; the ones that could not be written, with path and reason.

    A folder that cannot be written must not unmake an audit that was done: the caller records
    the audit and these failures apart, so `--resume` writes the reports again.
    """
    unwritten = []
    for fmt, target in outputs.items():
        try:
            Path(target).write_bytes(render(report, fmt))
        except OSError as exc:
            log.warning("%s: report not written: %s", target, exc)
            unwritten.append(
                Failure(
                    path=target,
                    reason=f"rapporto non scritto in «{target}» ({os_reason(exc)})",
                    detail=f"{target}: {type(exc).__name__}: {exc}",
                )
            )
    return unwritten


@dataclass
class _Context:
    """Per-worker state, built once: the catalogue (and through it the matcher) is reused."""

    options: BulkOptions
    catalogue: Catalogue = field(init=False)

    def __post_init__(self) -> None:
        self.catalogue = warm_up(self.options.rules)


def warm_up(rules: str | None = None) -> Catalogue:
    """Compile the catalogue's matcher (lemmas, tokenizer) now, before any file's clock runs.

    The fork server runs it once (statuti_check.run.preload), so workers are born warm.
    """
    catalogue = load_catalogue(rules)
    if catalogue.rules:
        assess_text(catalogue.rules[0], "Statuto.", Authority(), catalogue)
    return catalogue


def audit_task(task: Task, context: _Context | None) -> Outcome:
    """Judge one file and write its reports; every error becomes a Failure with an Italian reason.

    Without a context only a task carrying its finished report can be done (in the parent).
    """
    started = time.perf_counter()
    try:
        report, packed = task.report, None
        if report is not None:
            report = repointed(report, task.path)
        else:
            if context is None:
                raise RuntimeError("a task without a report needs a worker context")
            options = context.options
            if task.cached:
                parsed = unpack(task.cached, task.path)
            elif task.read_ahead:  # read for this run: recorded as read now, not as cached
                parsed, packed = unpack(task.read_ahead, task.path), task.read_ahead
            else:
                parsed = parse_file(
                    task.path, engine=options.engine, limits=options.limits, ocr=options.ocr
                )
                packed = pack(parsed)
            authority = options.authorities.lookup(Path(task.path).name, parsed.authority)
            report = audit_parsed(parsed, context.catalogue, authority, options.on)
        shown = with_reviews(report, task.reviews)  # the store keeps the machine's verdicts
        return Outcome(
            path=task.path, sha256=task.sha256, cache_key=task.cache_key, report=report,
            unwritten=write_reports(shown, task.outputs), parsed=packed,
            seconds=time.perf_counter() - started, cached=bool(task.cached or task.report),
        )  # fmt: skip
    except InputError as exc:
        failure = Failure(path=task.path, reason=exc.user_message, detail=exc.log_message)
    except MemoryError:
        failure = Failure(
            path=task.path,
            reason="Il file richiede più memoria di quella consentita per un singolo statuto.",
            detail=f"{task.path}: MemoryError under the memory cap",
        )
    except Exception as exc:  # a bug must not stop a bulk audit: record it and go on
        log.exception("%s: unexpected error", task.path)
        failure = Failure(
            path=task.path,
            reason="Errore interno durante la verifica di questo file (segnalato nel log).",
            detail=f"{task.path}: {''.join(traceback.format_exception_only(exc)).strip()}",
        )
    return Outcome(
        path=task.path, sha256=task.sha256, failure=failure,
        seconds=time.perf_counter() - started,
    )  # fmt: skip


def repointed(report: Report, path: str) -> Report:
    """A report of the same bytes, shown under another path (a copy, a cached one, an upload)."""
    return report.model_copy(update={"source": report.source.model_copy(update={"path": path})})


def audit_work(options: BulkOptions) -> Work:
    """The pool's job for statutes: a warm catalogue per worker, `audit_task` per file."""
    return Work(setup=partial(_Context, options), do=audit_task, limits=options.limits)


EXTENSIONS = {"pdf": "pdf", "docx": "docx", "html": "html", "md": "md", "json": "json"}
SUMMARY_FILES = ("sintesi.csv", "sintesi.xlsx", "sintesi.html")


class BulkResult(BaseModel):
    """What a bulk run did, for the final summary and the exit code."""

    run_id: int
    database: str
    files: int
    skipped: int
    reports: list[Report]
    failures: list[Failure]
    seconds: float
    summary_files: list[str]
    hidden: list[str] = []
    unwritten: list[Failure] = []  # audited files whose reports could not be written


@dataclass
class Tally:
    """Running counts the progress display shows."""

    total: int
    skipped: int
    done: int = 0
    failed: int = 0
    pages: int = 0
    cached: int = 0
    started: float = field(default_factory=time.perf_counter)

    def add(self, outcome: Outcome) -> None:
        """Count one recorded outcome."""
        self.done += 1
        self.failed += outcome.failure is not None
        self.cached += outcome.cached
        self.pages += outcome.report.source.pages if outcome.report else 0


def cache_key(path: Path, sha256: str, options: BulkOptions, catalogue: Catalogue) -> str:
    """What a report depends on besides the bytes.

    The reader and its limits, the code, the catalogue, the authority data (the user's row for
    this very file name, too: two copies of one statute may be told apart there), the date.
    """
    row = options.authorities.file_row(path.name)
    parts = [
        sha256, path.suffix.lower(), options.reader, options.limits.model_dump_json(),
        cache_version(), catalogue.sha256, options.authorities.model_dump_json(),
        row.model_dump_json() if row else "", (options.on or date.today()).isoformat(),
    ]  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _tasks(
    files: list[Path],
    store: Store,
    options: BulkOptions,
    catalogue: Catalogue,
    outputs: dict[Path, dict[str, str]],
) -> Iterator[Task]:
    """Tasks with what the store knows of each file; hashing happens as workers free up.

    Only a file whose content passes the format checks may take a result from the store: a
    copy of a text file named .pdf must still be refused, whatever the store has seen.
    """
    version = cache_version()
    for path in files:
        sha = None
        try:
            detect_format(path, options.limits)
            sha = sha256_of(path)
        except InputError:  # the worker reads it and reports why, in Italian
            pass
        except OSError as exc:
            log.warning("%s: cannot hash: %s", path, exc)
        if sha is None:
            yield Task(path=str(path), sha256=None, outputs=outputs[path])
            continue
        key = cache_key(path, sha, options, catalogue)
        report = store.cached_report(key)
        cached = None if report else store.cached_structure(sha, options.reader, version)
        yield Task(path=str(path), sha256=sha, cache_key=key, report=report, cached=cached,
                   outputs=outputs[path], reviews=store.reviews(sha))  # fmt: skip


def _worker_tasks(tasks: Iterator[Task], record: Callable[[Outcome], None]) -> Iterator[Task]:
    """The tasks a worker must do; the others are recorded here on the way.

    A report already made with no file to write needs no worker; taken as workers free up, so
    hashing never runs far ahead.
    """
    for task in tasks:
        if task.report is None or task.outputs:
            yield task
        else:
            record(audit_task(task, None))


def _with_read_ahead(reader: ReadAhead) -> Callable[[Task], Task]:
    """A task as a worker takes it, with its structure if it was read while the workers started.

    Reading ahead stops when the first worker takes its first task (statuti_check.run.readahead).
    A structure is given only to a task that would read its file.
    """

    def given(task: Task) -> Task:
        read = reader.stop()
        packed = read.get(task.path) if task.report is None and task.cached is None else None
        return task.model_copy(update={"read_ahead": packed}) if packed else task

    return given


def _summary_renderers() -> tuple[Callable[..., str], Callable[..., bytes], Callable[..., str]]:
    """The renderers of the corpus summary (CSV, XLSX, HTML), imported when first asked for.

    Their libraries (openpyxl, Jinja) take a third of a second to import: a bulk run asks for
    them at its start, while the workers' fork server is loading, not after its last file.
    """
    from statuti_check.report.corpus import render_csv
    from statuti_check.report.html import render_corpus_html
    from statuti_check.report.xlsx import render_xlsx

    return render_csv, render_xlsx, render_corpus_html


def write_summary(store: Store, run_id: int, out_dir: Path, on: date | None = None) -> list[Path]:
    """The corpus summary of a run, from the store: CSV, XLSX and the HTML heatmap."""
    from statuti_check.report.corpus import summarise

    render_csv, render_xlsx, render_corpus_html = _summary_renderers()
    summary = summarise(store.reports(run_id), store.failures(run_id))
    csv_path, xlsx_path, html_path = (out_dir / name for name in SUMMARY_FILES)
    csv_path.write_text(render_csv(summary), encoding="utf-8-sig")
    xlsx_path.write_bytes(render_xlsx(summary, on))
    html_path.write_text(render_corpus_html(summary, on), encoding="utf-8")
    return [csv_path, xlsx_path, html_path]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_settings(
    options: BulkOptions, catalogue: Catalogue, inputs: list[Path], files: list[Path]
) -> dict[str, Any]:
    """What a run was started with: a resumed run must be the same, or its results would mix.

    `owner` says which process runs it, so a second one never takes over a live run.
    """
    return {
        **options.model_dump(mode="json", exclude={"authorities"}),
        "catalogue": catalogue.sha256,
        "authorities": _digest(options.authorities.model_dump_json()),
        "inputs": sorted(str(path.resolve()) for path in inputs),
        "files": _digest("\n".join(sorted(str(path.resolve()) for path in files))),
        "owner": {"pid": os.getpid(), "host": socket.gethostname()},
    }


def _running(owner: dict[str, Any]) -> bool:
    """Whether the process that owns a run is still at work (on this machine)."""
    pid = owner.get("pid")
    if owner.get("host") != socket.gethostname() or not isinstance(pid, int) or pid == os.getpid():
        return False
    try:
        return b"statuti" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _resumable(store: Store, settings: dict[str, Any]) -> int | None:
    """The unfinished run to continue, taken over by this process; None to start afresh."""
    run_id = store.unfinished_run()
    if run_id is None:
        return None
    started = store.run_options(run_id)
    owner = started.pop("owner", None) or {}
    if _running(owner):
        raise SettingsError(
            f"La verifica n. {run_id} è ancora in corso in un altro processo: attenderne la fine "
            "prima di riprenderla.",
            f"run {run_id} is owned by live process {owner}",
        )
    if started != {key: value for key, value in settings.items() if key != "owner"}:
        raise SettingsError(
            f"La verifica n. {run_id} da riprendere era stata avviata con altre impostazioni, "
            "un altro catalogo di regole o su altri file: ripetere il comando di allora, oppure "
            "avviare una nuova verifica senza --resume.",
            f"run {run_id} settings differ from the resuming command's",
        )
    store.set_run_options(run_id, settings)
    return run_id


def run_bulk(
    inputs: list[Path],
    out_dir: Path,
    options: BulkOptions,
    *,
    workers: int | None = None,
    database: Path | None = None,
    resume: bool = False,
    on_start: Callable[[Tally], None] = lambda tally: None,
    on_outcome: Callable[[Outcome, Tally], None] = lambda outcome, tally: None,
    on_progress: Callable[[OcrProgress], None] = ignore_progress,
) -> BulkResult:
    """Audit every statute under `inputs` into the store, reports under `out_dir`.

    With `resume`, the latest unfinished run of the database continues, if it was started with
    the same settings on the same files and its process is gone: files it recorded are not
    redone. The summary files are written from the store, so they show the whole run.

    The workers' fork server starts first: it compiles the rules while this process
    loads its own catalogue and walks the inputs, instead of after; as soon as the files are
    known, the first ones are read ahead (statuti_check.run.readahead).
    """
    start_fork_server()
    out_dir.mkdir(parents=True, exist_ok=True)
    store = Store(database or out_dir / "statuti.sqlite")
    reader: ReadAhead | None = None
    try:
        catalogue = load_catalogue(options.rules)
        found = discover(inputs)
        files, missing = found.files, found.missing
        settings = run_settings(options, catalogue, inputs, files)
        run_id = _resumable(store, settings) if resume else None
        if run_id is None:
            run_id = store.start_run(catalogue.version, catalogue.sha256, settings)
        recorded = {str(Path(path).resolve()) for path in store.done_paths(run_id)}
        todo = [path for path in files if str(path.resolve()) not in recorded]
        # before any display starts a thread: the reading process is forked from this one
        reader = ReadAhead([str(path) for path in todo], options.engine, options.ocr,
                           options.limits)  # fmt: skip
        _summary_renderers()  # imported while the fork server loads: this process waits anyway
        tally = Tally(total=len(files) + len(missing), skipped=len(files) - len(todo))
        version = cache_version()

        def record(outcome: Outcome) -> None:
            store.record(run_id, outcome, options.reader, version)
            tally.add(outcome)
            on_outcome(outcome, tally)

        on_start(tally)
        for failure in missing:
            if failure.path not in recorded:
                record(Outcome(path=failure.path, failure=failure))
        reports_dir = out_dir / "rapporti"
        try:
            reports_dir.mkdir(exist_ok=True)
        except OSError as exc:  # each report then fails to be written, and is recorded so
            log.warning("%s: cannot create the reports folder: %s", reports_dir, exc)
        names = output_names(files)
        outputs = {
            path: {f: str(reports_dir / f"{names[path]}.{EXTENSIONS[f]}") for f in options.formats}
            for path in todo
        }
        workers = min(workers or default_workers(), max(1, len(todo)))
        tasks = _worker_tasks(_tasks(todo, store, options, catalogue, outputs), record)
        run_tasks(tasks, audit_work(options), workers, record, on_progress,
                  _with_read_ahead(reader))  # fmt: skip
        store.finish_run(run_id)
        summary_files = write_summary(store, run_id, out_dir, options.on)
        return BulkResult(
            run_id=run_id, database=str(store.path), files=tally.total, skipped=tally.skipped,
            reports=store.reports(run_id), failures=store.failures(run_id),
            seconds=time.perf_counter() - tally.started,
            summary_files=[str(path) for path in summary_files],
            hidden=[str(path) for path in found.hidden], unwritten=store.unwritten(run_id),
        )  # fmt: skip
    finally:
        if reader is not None:
            reader.stop()
        store.close()
