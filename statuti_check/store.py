"""The SQLite results store of bulk audits: runs, per-file outcomes, findings, cached structures.

Only the parent process of a bulk audit writes, one transaction per file, so a run killed at any
moment (even SIGKILL) leaves each file either fully recorded or absent, and `--resume` redoes
exactly the absent ones. WAL mode and a busy timeout let two audits share one database.
Structures are cached by file sha256, extraction engine and tool version, so a re-audit after a
catalogue change skips extraction. Reviewers' overrides live here too (the app writes them).
"""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from statuti_check.assessment import Review
from statuti_check.audit import Failure, Report, with_reviews
from statuti_check.errors import InputError
from statuti_check.parse import ParsedStatute

STORE_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    catalogue_version TEXT NOT NULL,
    catalogue_sha256 TEXT NOT NULL,
    options TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    path TEXT NOT NULL,
    sha256 TEXT,
    status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    reason TEXT,
    detail TEXT,
    format TEXT,
    pages INTEGER,
    authority TEXT,
    report TEXT,
    seconds REAL,
    cached INTEGER NOT NULL DEFAULT 0,
    cache_key TEXT,
    finished TEXT NOT NULL,
    PRIMARY KEY (run_id, path)
);
CREATE INDEX IF NOT EXISTS documents_cache_key ON documents (cache_key);
CREATE TABLE IF NOT EXISTS findings (
    run_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    verdict TEXT NOT NULL,
    "values" TEXT NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (run_id, path, rule_id)
);
CREATE TABLE IF NOT EXISTS structures (
    sha256 TEXT NOT NULL,
    engine TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    parsed BLOB NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (sha256, engine, tool_version)
);
CREATE TABLE IF NOT EXISTS overrides (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    verdict TEXT NOT NULL,
    original_verdict TEXT NOT NULL,
    note TEXT NOT NULL,
    author TEXT NOT NULL,
    created TEXT NOT NULL
);
"""


def now() -> str:
    """UTC timestamp, ISO 8601 to the second (sortable as text)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class RunInfo(BaseModel):
    """A bulk audit run as `store list` shows it."""

    model_config = ConfigDict(frozen=True)

    id: int
    started: str
    finished: str | None
    catalogue_version: str
    done: int
    failed: int


class Outcome(BaseModel):
    """What a worker sends back for one file: a report, or the reason there is none."""

    model_config = ConfigDict(frozen=True)

    path: str
    sha256: str | None = None
    cache_key: str | None = None
    report: Report | None = None
    failure: Failure | None = None
    # Reports that could not be written (path, Italian reason): the audit itself is done.
    unwritten: list[Failure] = []
    parsed: bytes | None = None  # a newly parsed structure for the cache (compressed JSON)
    seconds: float = 0.0
    cached: bool = False
    peak_rss_mb: float = 0.0  # the worker's peak resident memory so far (benchmarks read it)


def pack(parsed: ParsedStatute) -> bytes:
    """A parsed statute as compressed JSON (about a tenth of its JSON size)."""
    return zlib.compress(parsed.model_dump_json().encode("utf-8"), 6)


def unpack(blob: bytes, path: str) -> ParsedStatute:
    """A cached structure, re-pointed at the file now being audited (copies share a sha256)."""
    parsed = ParsedStatute.model_validate_json(zlib.decompress(blob))
    source = parsed.document.source.model_copy(update={"path": path})
    return parsed.model_copy(
        update={"document": parsed.document.model_copy(update={"source": source})}
    )


class Store:
    """One SQLite database; open it per process (connections are not shared across forks)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            self._wal()
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._create()
        except BaseException:
            self.db.close()
            raise

    def _wal(self, attempts: int = 100) -> None:
        """Switch a database to WAL, waiting for another process doing the same.

        Changing the journal mode needs the database to itself, and SQLite answers "database is
        locked" at once instead of calling the busy handler: two audits starting together on a
        new database would otherwise fail one of them.
        """
        for attempt in range(attempts):
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                busy = exc.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
                if not busy or attempt == attempts - 1:
                    raise
                time.sleep(0.05)

    def _create(self) -> None:
        """Check the schema version and create the tables in one write transaction.

        Two audits starting together on a new database must not see each other's half-made
        schema; a database of another schema is refused rather than misread.
        """
        with self._transaction() as db:
            (version,) = db.execute("PRAGMA user_version").fetchone()
            (tables,) = db.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'runs'"
            ).fetchone()
            if tables and version != STORE_VERSION:
                raise InputError(
                    f"L'archivio «{self.path}» è stato creato da un'altra versione di "
                    "statuti-check: indicare un nuovo archivio con --db o un'altra cartella "
                    "con --out.",
                    f"{self.path}: store schema {version}, expected {STORE_VERSION}",
                )
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {STORE_VERSION}")

    def close(self) -> None:
        """Close the connection (WAL content is checkpointed by SQLite)."""
        self.db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # BEGIN IMMEDIATE takes the write lock up front: a concurrent writer waits (busy timeout)
        # instead of failing half-way through a file's rows.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def start_run(self, catalogue_version: str, catalogue_sha256: str, options: dict) -> int:
        """A new run; its id tags every row it writes."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO runs (started, catalogue_version, catalogue_sha256, options) "
                "VALUES (?, ?, ?, ?)",
                (now(), catalogue_version, catalogue_sha256, json.dumps(options, default=str)),
            )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int) -> None:
        """Mark a run complete (an unfinished run is what `--resume` picks up)."""
        with self._transaction() as db:
            db.execute("UPDATE runs SET finished = ? WHERE id = ?", (now(), run_id))

    def run_options(self, run_id: int) -> dict[str, Any]:
        """The options a run was started with."""
        row = self.db.execute("SELECT options FROM runs WHERE id = ?", (run_id,)).fetchone()
        return dict(json.loads(row[0])) if row else {}

    def set_run_options(self, run_id: int, options: dict[str, Any]) -> None:
        """Replace a run's options (a resuming process takes the run over)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET options = ? WHERE id = ?",
                (json.dumps(options, default=str), run_id),
            )

    def unfinished_run(self) -> int | None:
        """The most recent run that did not finish, if any."""
        row = self.db.execute(
            "SELECT id FROM runs WHERE finished IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return int(row[0]) if row else None

    def latest_run(self) -> int | None:
        """The most recent run."""
        row = self.db.execute("SELECT max(id) FROM runs").fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def done_paths(self, run_id: int) -> set[str]:
        """Files a run already recorded, done or failed: a resume skips them.

        A file whose reports could not be written is not among them: a resume writes them
        (from the stored report, without auditing it again).
        """
        rows = self.db.execute(
            "SELECT path FROM documents WHERE run_id = ?"
            " AND NOT (status = 'done' AND reason IS NOT NULL)",
            (run_id,),
        )
        return {path for (path,) in rows}

    def unwritten(self, run_id: int) -> list[Failure]:
        """The run's audited files whose reports could not be written, in path order."""
        return self._noted(run_id, "done")

    def cached_structure(self, sha256: str, engine: str, tool_version: str) -> bytes | None:
        """A structure parsed earlier from the same bytes, engine and tool version."""
        row = self.db.execute(
            "SELECT parsed FROM structures WHERE sha256 = ? AND engine = ? AND tool_version = ?",
            (sha256, engine, tool_version),
        ).fetchone()
        return bytes(row[0]) if row else None

    def cached_report(self, cache_key: str) -> Report | None:
        """A report made earlier from the same bytes, catalogue, tool, authority data and date."""
        row = self.db.execute(
            "SELECT report FROM documents WHERE cache_key = ? AND status = 'done' LIMIT 1",
            (cache_key,),
        ).fetchone()
        return Report.model_validate_json(row[0]) if row else None

    def record(self, run_id: int, outcome: Outcome, engine: str, tool_version: str) -> None:
        """One file's outcome, its findings and its new structure, all or nothing.

        Reports that could not be written are noted in the `reason` and `detail` of a `done`
        row: the audit is recorded, the write failure apart (`unwritten`).

        A scan OCR had no time to finish is recorded but never served from the cache (report or
        structure): the next audit reads the pages left, from the OCR cache onwards.
        """
        report, failure = outcome.report, outcome.failure
        final = report is not None and not report.source.ocr_timed_out
        if report is not None and outcome.unwritten:  # kept apart from unread files by status
            failure = Failure(
                path=outcome.path,
                reason="; ".join(f.reason for f in outcome.unwritten),
                detail="; ".join(f.detail for f in outcome.unwritten),
            )
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO documents (run_id, path, sha256, status, reason, detail,"
                " format, pages, authority, report, seconds, cached, cache_key, finished)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id, outcome.path, outcome.sha256, "done" if report else "failed",
                    failure.reason if failure else None, failure.detail if failure else None,
                    report.source.format if report else None,
                    report.source.pages if report else None,
                    report.authority.model_dump_json() if report else None,
                    report.model_dump_json() if report else None,
                    outcome.seconds, int(outcome.cached),
                    outcome.cache_key if final else None, now(),
                ),
            )  # fmt: skip
            db.execute("DELETE FROM findings WHERE run_id = ? AND path = ?", (run_id, outcome.path))
            if report:
                db.executemany(
                    'INSERT INTO findings (run_id, path, rule_id, verdict, "values", evidence)'
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (run_id, outcome.path, f.rule_id, f.verdict, json.dumps(f.values),
                         json.dumps([e.model_dump() for e in f.evidence], ensure_ascii=False))
                        for f in report.findings
                    ],
                )  # fmt: skip
            if outcome.parsed and outcome.sha256 and final:
                db.execute(
                    "INSERT OR IGNORE INTO structures VALUES (?, ?, ?, ?, ?)",
                    (outcome.sha256, engine, tool_version, outcome.parsed, now()),
                )

    def add_review(self, sha256: str, rule_id: str, review: Review) -> None:
        """Record a reviewer's verdict on one rule of one statute (all reviews are kept)."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO overrides (sha256, rule_id, verdict, original_verdict, note, author,"
                " created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (sha256, rule_id, review.verdict, review.original_verdict, review.note,
                 review.author, review.created),
            )  # fmt: skip

    def reviews(self, sha256: str) -> dict[str, Review]:
        """The latest review of each rule of a statute."""
        rows = self.db.execute(
            "SELECT rule_id, verdict, original_verdict, note, author, created FROM overrides"
            " WHERE sha256 = ? ORDER BY id",
            (sha256,),
        )
        fields = ("verdict", "original_verdict", "note", "author", "created")
        return {row[0]: Review(**dict(zip(fields, row[1:], strict=True))) for row in rows}

    def latest_reports(self) -> list[Report]:
        """The newest report of every statute (by sha256) in the store, reviews applied."""
        rows = self.db.execute(
            "SELECT report FROM documents WHERE rowid IN (SELECT max(rowid) FROM documents"
            " WHERE status = 'done' GROUP BY sha256)"
        )
        return [self.reviewed(Report.model_validate_json(report)) for (report,) in rows]

    def reviewed(self, report: Report) -> Report:
        """The report with each finding's latest review, if any."""
        return with_reviews(report, self.reviews(report.source.sha256))

    def runs(self) -> list[RunInfo]:
        """Every run, newest first, with its counts."""
        rows = self.db.execute(
            "SELECT r.id, r.started, r.finished, r.catalogue_version,"
            " count(d.path) FILTER (WHERE d.status = 'done'),"
            " count(d.path) FILTER (WHERE d.status = 'failed')"
            " FROM runs r LEFT JOIN documents d ON d.run_id = r.id"
            " GROUP BY r.id ORDER BY r.id DESC"
        )
        fields = ("id", "started", "finished", "catalogue_version", "done", "failed")
        return [RunInfo(**dict(zip(fields, row, strict=True))) for row in rows]

    def reports(self, run_id: int) -> list[Report]:
        """The run's reports, in path order, with the reviews people made of them."""
        rows = self.db.execute(
            "SELECT report FROM documents WHERE run_id = ? AND status = 'done' ORDER BY path",
            (run_id,),
        ).fetchall()
        return [self.reviewed(Report.model_validate_json(report)) for (report,) in rows]

    def failures(self, run_id: int) -> list[Failure]:
        """The run's unread files, in path order."""
        return self._noted(run_id, "failed")

    def _noted(self, run_id: int, status: str) -> list[Failure]:
        """A run's files of a status that carry a reason, in path order.

        Every `failed` file has one (why it is unread); a `done` one only when its reports
        could not be written.
        """
        rows = self.db.execute(
            "SELECT path, reason, detail FROM documents"
            " WHERE run_id = ? AND status = ? AND reason IS NOT NULL ORDER BY path",
            (run_id, status),
        )
        return [
            Failure(path=path, reason=reason, detail=detail or "") for path, reason, detail in rows
        ]
