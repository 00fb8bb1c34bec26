"""The SQLite results store of bulk audits: runs, per-file outcomes, findings, cached structures.

Only the parent process of a bulk audit writes, one transaction per file, so a run killed at any
moment (even SIGKILL) leaves each file either fully recorded or absent, and `--resume` redoes
exactly the absent ones. WAL mode and a busy timeout let two audits share one database.
Structures are cached by file sha256, extraction engine and tool version, so a re-audit after a
catalogue change skips extraction.

The app's side lives here too: uploads are runs of their own (`source = 'app'`) that belong to
their uploader until a reviewer publishes them; reviews are attributed to signed-in accounts;
accounts and their sessions; and an append-only audit log (SQLite triggers refuse any change to
it) of every review, confirmation, publication, deletion and account change.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from statuti_check.contract import Failure, Report, Review, Role, Verdict, with_reviews
from statuti_check.errors import InputError
from statuti_check.members.accounts import SESSION_HOURS, Account, can, check_note, require
from statuti_check.numbers import italian_date
from statuti_check.read.model import ParsedStatute

Source = Literal["bulk", "app"]
STORE_VERSION = 3
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    catalogue_version TEXT NOT NULL,
    catalogue_sha256 TEXT NOT NULL,
    options TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'bulk',
    owner TEXT,
    published TEXT,
    published_by TEXT
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
    created TEXT NOT NULL,
    run_id INTEGER,
    username TEXT,
    role TEXT,
    status TEXT NOT NULL DEFAULT 'proposta',
    confirmed_by TEXT,
    confirmed TEXT,
    deleted TEXT
);
CREATE TABLE IF NOT EXISTS accounts (
    username TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('socia', 'revisora', 'amministratrice')),
    email TEXT UNIQUE,
    password_hash TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_sha256 TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES accounts(username),
    created TEXT NOT NULL,
    expires TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    before TEXT,
    after TEXT,
    why TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER IF NOT EXISTS log_no_update BEFORE UPDATE ON log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS log_no_delete BEFORE DELETE ON log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
# What a version-2 store lacks. Uploads made in the app were runs whose options said so; reviews
# typed under any name become proposals by a legacy author, for a reviewer to confirm.
MIGRATE_2 = """
ALTER TABLE runs ADD COLUMN source TEXT NOT NULL DEFAULT 'bulk';
ALTER TABLE runs ADD COLUMN owner TEXT;
ALTER TABLE runs ADD COLUMN published TEXT;
ALTER TABLE runs ADD COLUMN published_by TEXT;
UPDATE runs SET source = 'app' WHERE json_extract(options, '$.source') = 'app';
ALTER TABLE overrides ADD COLUMN run_id INTEGER;
ALTER TABLE overrides ADD COLUMN username TEXT;
ALTER TABLE overrides ADD COLUMN role TEXT;
ALTER TABLE overrides ADD COLUMN status TEXT NOT NULL DEFAULT 'proposta';
ALTER TABLE overrides ADD COLUMN confirmed_by TEXT;
ALTER TABLE overrides ADD COLUMN confirmed TEXT;
ALTER TABLE overrides ADD COLUMN deleted TEXT
"""


def now() -> str:
    """UTC timestamp, ISO 8601 to the second (sortable as text)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class RunInfo(BaseModel):
    """A run as `store list` shows it: a bulk audit, or one upload in the app."""

    model_config = ConfigDict(frozen=True)

    id: int
    started: str
    finished: str | None
    catalogue_version: str
    done: int
    failed: int
    source: Source = "bulk"
    owner: str | None = None
    published: str | None = None
    published_by: str | None = None
    owner_name: str | None = None

    @property
    def kind(self) -> str:
        """What made the run, whose it is and whether everyone sees it."""
        if self.source == "bulk":
            return "verifica in blocco"
        owner = f" di {self.owner_name or self.owner}" if self.owner else " (prima degli account)"
        return f"caricamento nell'app{owner}" + ("" if self.published else ", non pubblicato")

    @property
    def label(self) -> str:
        """The run as words: which one, what kind, when."""
        return f"n. {self.id} ({self.kind}, del {italian_date(self.started[:10])})"


class StoredReview(BaseModel):
    """A review as the store keeps it: the author's account, its state and its audit."""

    model_config = ConfigDict(frozen=True)

    id: int
    sha256: str
    rule_id: str
    verdict: Verdict
    original_verdict: Verdict
    note: str
    author: str
    created: str
    run_id: int | None
    username: str | None
    role: Role | None
    status: Literal["proposta", "confermata"]
    confirmed_by: str | None
    confirmed: str | None

    @property
    def review(self) -> Review:
        """The review as reports carry it."""
        return Review(
            verdict=self.verdict, original_verdict=self.original_verdict, note=self.note,
            author=self.author, created=self.created, role=self.role,
            confirmed_by=self.confirmed_by, confirmed=self.confirmed, audit=self.run_id,
        )  # fmt: skip


class LogEntry(BaseModel):
    """One line of the audit log: who did what to what, when, the state before and after, why."""

    model_config = ConfigDict(frozen=True)

    id: int
    at: str
    actor: str
    action: str
    subject: str
    before: Any
    after: Any
    why: str


SYSTEM = "sistema"
_REVIEW_FIELDS = (
    "id, sha256, rule_id, verdict, original_verdict, note, author, created, run_id, username,"
    " role, status, confirmed_by, confirmed"
)
_ACCOUNT_FIELDS = "username, name, role, email, disabled, created"


def _append_log(
    db: sqlite3.Connection, actor: str, action: str, subject: str, before: Any, after: Any,
    why: str = "",
) -> None:  # fmt: skip
    """One line of the audit log, written in the caller's transaction (all or nothing)."""
    db.execute(
        "INSERT INTO log (at, actor, action, subject, before, after, why)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (now(), actor, action, subject, _json(before), _json(after), why),
    )


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _token_key(token: str) -> str:
    """Sessions are kept by the SHA-256 of their token: a copy of the store opens none."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


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
            if tables and version == 2:
                self._migrate(db)
            elif tables and version != STORE_VERSION:
                raise InputError(
                    f"L'archivio «{self.path}» è stato creato da un'altra versione di "
                    "statuti-check: indicare un nuovo archivio con --db o un'altra cartella "
                    "con --out.",
                    f"{self.path}: store schema {version}, expected {STORE_VERSION}",
                )
            for statement in SCHEMA.split(";\n"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {STORE_VERSION}")

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Bring a version-2 store up to date in place: old stores keep working."""
        for statement in MIGRATE_2.split(";"):
            db.execute(statement)
        (legacy,) = db.execute("SELECT count(*) FROM overrides").fetchone()
        for statement in SCHEMA.split(";\n"):
            if statement.strip():
                db.execute(statement)
        _append_log(db, SYSTEM, "migrazione", "archivio", {"versione": 2},
                    {"versione": STORE_VERSION, "revisioni_da_confermare": legacy})  # fmt: skip

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

    def start_run(
        self, catalogue_version: str, catalogue_sha256: str, options: dict,
        source: Source = "bulk", owner: str | None = None,
    ) -> int:  # fmt: skip
        """A new run; its id tags every row it writes. An app upload belongs to its uploader."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO runs (started, catalogue_version, catalogue_sha256, options, source,"
                " owner) VALUES (?, ?, ?, ?, ?, ?)",
                (now(), catalogue_version, catalogue_sha256, json.dumps(options, default=str),
                 source, owner),
            )  # fmt: skip
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
        """The most recent bulk run that did not finish, if any (uploads are never resumed)."""
        row = self.db.execute(
            "SELECT id FROM runs WHERE finished IS NULL AND source = 'bulk' ORDER BY id DESC"
            " LIMIT 1"
        ).fetchone()
        return int(row[0]) if row else None

    def latest_run(self) -> int | None:
        """The most recent bulk run, else the most recent run: what `store show` means."""
        row = self.db.execute(
            "SELECT id FROM runs ORDER BY source = 'bulk' DESC, id DESC LIMIT 1"
        ).fetchone()
        return int(row[0]) if row else None

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

    def add_review(
        self, account: Account, sha256: str, rule_id: str, verdict: Verdict,
        original_verdict: Verdict, note: str, run_id: int | None = None,
    ) -> StoredReview:  # fmt: skip
        """Record a signed-in member's verdict on one rule of one statute, and log it.

        A reviewer's (or an administrator's) is confirmed at once; a member's is a proposal until
        a reviewer confirms it. Earlier reviews of the rule are kept, the newest one counts.
        """
        require(account, "propose")
        status = "confermata" if can(account, "confirm") else "proposta"
        with self._transaction() as db:
            before = self._current_review(sha256, rule_id)
            cursor = db.execute(
                "INSERT INTO overrides (sha256, rule_id, verdict, original_verdict, note, author,"
                " created, run_id, username, role, status, confirmed_by, confirmed)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sha256, rule_id, verdict, original_verdict, check_note(note), account.name,
                 now(), run_id, account.username, account.role, status,
                 account.label if status == "confermata" else None,
                 now() if status == "confermata" else None),
            )  # fmt: skip
            stored = self._review(int(cursor.lastrowid or 0))
            action = "revisione" if status == "confermata" else "proposta di revisione"
            previous = before.model_dump() if before else None
            _append_log(db, account.username, action, _review_subject(stored), previous,
                        stored.model_dump(), note)  # fmt: skip
        return stored

    def confirm_review(self, account: Account, review_id: int, why: str = "") -> StoredReview:
        """A reviewer confirms a member's proposal: from now on it changes the verdict."""
        require(account, "confirm")
        with self._transaction() as db:
            before = self._review(review_id)
            db.execute(
                "UPDATE overrides SET status = 'confermata', confirmed_by = ?, confirmed = ?"
                " WHERE id = ? AND deleted IS NULL",
                (account.label, now(), review_id),
            )
            after = self._review(review_id)
            _append_log(db, account.username, "conferma di revisione", _review_subject(after),
                        before.model_dump(), after.model_dump(), why)  # fmt: skip
        return after

    def delete_review(self, account: Account, review_id: int, why: str) -> None:
        """An administrator withdraws a review (the row and the log keep what it said)."""
        require(account, "delete")
        with self._transaction() as db:
            before = self._review(review_id)
            db.execute("UPDATE overrides SET deleted = ? WHERE id = ?", (now(), review_id))
            _append_log(db, account.username, "eliminazione di revisione",
                        _review_subject(before), before.model_dump(), None, why)  # fmt: skip

    def _review(self, review_id: int) -> StoredReview:
        found = self._reviews("id = ?", (review_id,))
        if not found:
            raise InputError("La revisione indicata non esiste.", f"review {review_id} not found")
        return found[0]

    def _current_review(self, sha256: str, rule_id: str) -> StoredReview | None:
        """The newest review of a rule still standing, proposal or confirmed."""
        found = self._reviews("sha256 = ? AND rule_id = ? AND deleted IS NULL", (sha256, rule_id))
        return found[-1] if found else None

    def stored_reviews(self, sha256: str) -> list[StoredReview]:
        """Every review of a statute still standing, oldest first."""
        return self._reviews("sha256 = ? AND deleted IS NULL", (sha256,))

    def _reviews(self, where: str, parameters: tuple[Any, ...]) -> list[StoredReview]:
        rows = self.db.execute(
            f"SELECT {_REVIEW_FIELDS} FROM overrides WHERE {where} ORDER BY id", parameters
        )
        return [StoredReview(**dict(zip(StoredReview.model_fields, r, strict=True))) for r in rows]

    def confirmed_reviews(self, sha256: str) -> dict[str, StoredReview]:
        """The latest confirmed review of each rule of a statute: only these change verdicts."""
        return {r.rule_id: r for r in self.stored_reviews(sha256) if r.status == "confermata"}

    def reviews(self, sha256: str) -> dict[str, Review]:
        """The confirmed reviews of a statute as reports carry them, by rule."""
        return {rule: r.review for rule, r in self.confirmed_reviews(sha256).items()}

    def proposals(self, sha256: str) -> dict[str, StoredReview]:
        """Per rule, a member's proposal newer than any confirmed review, awaiting a reviewer."""
        latest = {r.rule_id: r for r in self.stored_reviews(sha256)}
        return {rule: r for rule, r in latest.items() if r.status == "proposta"}

    def latest_reports(self, shared_only: bool = True) -> list[Report]:
        """The newest report of every statute (by sha256), reviews applied.

        By default only what everyone may see: bulk runs and published uploads. An upload stays
        its uploader's until a reviewer publishes it.
        """
        shared = "AND (r.source = 'bulk' OR r.published IS NOT NULL)" if shared_only else ""
        rows = self.db.execute(
            "SELECT report FROM documents WHERE rowid IN (SELECT max(d.rowid) FROM documents d"
            f" JOIN runs r ON r.id = d.run_id WHERE d.status = 'done' {shared} GROUP BY d.sha256)"
        )
        return [self.reviewed(Report.model_validate_json(report)) for (report,) in rows]

    def reviewed(self, report: Report) -> Report:
        """The report with each finding's latest review, if any."""
        return with_reviews(report, self.reviews(report.source.sha256))

    def runs(self) -> list[RunInfo]:
        """Every run, newest first, with its counts."""
        return self._runs("")

    def run(self, run_id: int) -> RunInfo | None:
        """One run, if the store has it."""
        return next(iter(self._runs("WHERE r.id = ?", (run_id,))), None)

    def uploads(self, account: Account) -> list[RunInfo]:
        """The app uploads an account may see: her own, or all of them for a reviewer."""
        if can(account, "publish"):
            return self._runs("WHERE r.source = 'app'")
        return self._runs("WHERE r.source = 'app' AND r.owner = ?", (account.username,))

    def _runs(self, where: str, parameters: tuple[Any, ...] = ()) -> list[RunInfo]:
        rows = self.db.execute(
            "SELECT r.id, r.started, r.finished, r.catalogue_version,"
            " count(d.path) FILTER (WHERE d.status = 'done'),"
            " count(d.path) FILTER (WHERE d.status = 'failed'),"
            " r.source, r.owner, r.published, r.published_by, a.name"
            " FROM runs r LEFT JOIN documents d ON d.run_id = r.id"
            f" LEFT JOIN accounts a ON a.username = r.owner {where}"
            " GROUP BY r.id ORDER BY r.id DESC",
            parameters,
        )
        return [RunInfo(**dict(zip(RunInfo.model_fields, row, strict=True))) for row in rows]

    def publish(self, account: Account, run_id: int, published: bool = True, why: str = "") -> None:
        """A reviewer shares an upload with everyone (the corpus view), or withdraws it."""
        require(account, "publish")
        with self._transaction() as db:
            before = self._run_or_refuse(run_id)
            db.execute(
                "UPDATE runs SET published = ?, published_by = ? WHERE id = ?",
                (now() if published else None, account.label if published else None, run_id),
            )
            action = "pubblicazione" if published else "ritiro della pubblicazione"
            after = self._run_or_refuse(run_id).model_dump()
            _append_log(db, account.username, action, f"verifica n. {run_id}",
                        before.model_dump(), after, why)  # fmt: skip

    def delete_run(self, account: Account, run_id: int, why: str) -> None:
        """An administrator deletes an audit: its rows go, the log keeps what it was."""
        require(account, "delete")
        with self._transaction() as db:
            before = self._run_or_refuse(run_id).model_dump()
            before["files"] = [
                {"path": path, "sha256": sha256}
                for path, sha256 in db.execute(
                    "SELECT path, sha256 FROM documents WHERE run_id = ?", (run_id,)
                )
            ]
            for table in ("findings", "documents"):
                db.execute(f"DELETE FROM {table} WHERE run_id = ?", (run_id,))
            db.execute("DELETE FROM runs WHERE id = ?", (run_id,))
            _append_log(db, account.username, "eliminazione di verifica",
                        f"verifica n. {run_id}", before, None, why)  # fmt: skip

    def _run_or_refuse(self, run_id: int) -> RunInfo:
        found = self.run(run_id)
        if found is None:
            raise InputError(f"L'archivio non contiene la verifica n. {run_id}.",
                             f"run {run_id} not found")  # fmt: skip
        return found

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

    def add_account(self, account: Account, password_hash: str | None, actor: str) -> None:
        """A new member (refused if the name or the e-mail is taken), logged."""
        with self._transaction() as db:
            try:
                db.execute(
                    f"INSERT INTO accounts ({_ACCOUNT_FIELDS}, password_hash)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (account.username, account.name, account.role, account.email,
                     int(account.disabled), account.created, password_hash),
                )  # fmt: skip
            except sqlite3.IntegrityError as exc:
                raise InputError(
                    f"Esiste già un account con il nome utente «{account.username}» o con "
                    "lo stesso indirizzo e-mail.",
                    f"account {account.username}: {exc}",
                ) from exc
            _append_log(db, actor, "nuovo account", account.username, None, account.model_dump())

    def accounts(self) -> list[Account]:
        """Every account, by user name."""
        rows = self.db.execute(f"SELECT {_ACCOUNT_FIELDS} FROM accounts ORDER BY username")
        return [Account(**dict(zip(Account.model_fields, row, strict=True))) for row in rows]

    def account(self, username: str) -> Account | None:
        """One account by user name."""
        return next((a for a in self.accounts() if a.username == username), None)

    def account_by_email(self, email: str) -> Account | None:
        """The account an identity provider's e-mail address belongs to (case-insensitive)."""
        wanted = email.strip().lower()
        return next((a for a in self.accounts() if (a.email or "").lower() == wanted), None)

    def password_hash(self, username: str) -> str | None:
        """The stored Argon2 hash (None: no such account, or sign-in only through OIDC)."""
        row = self.db.execute(
            "SELECT password_hash FROM accounts WHERE username = ?", (username,)
        ).fetchone()
        return str(row[0]) if row and row[0] else None

    def update_account(
        self, username: str, actor: str, *, disabled: bool | None = None,
        password_hash: str | None = None,
    ) -> Account:  # fmt: skip
        """Disable or enable an account, or set its password; its sessions end either way."""
        with self._transaction() as db:
            before = self.account(username)
            if before is None:
                raise InputError(f"Nessun account con il nome utente «{username}».",
                                 f"account {username} not found")  # fmt: skip
            if disabled is not None:
                db.execute("UPDATE accounts SET disabled = ? WHERE username = ?",
                           (int(disabled), username))  # fmt: skip
            if password_hash is not None:
                db.execute("UPDATE accounts SET password_hash = ? WHERE username = ?",
                           (password_hash, username))  # fmt: skip
            db.execute("DELETE FROM sessions WHERE username = ?", (username,))
            after = self.account(username)
            action = "nuova password" if password_hash is not None else (
                "account disattivato" if disabled else "account riattivato")  # fmt: skip
            _append_log(db, actor, action, username, before.model_dump(),
                        after.model_dump() if after else None)  # fmt: skip
        assert after is not None
        return after

    def open_session(self, username: str, hours: float = SESSION_HOURS) -> str:
        """A new session for a signed-in account: a random token that expires."""
        token = secrets.token_urlsafe(32)
        expires = datetime.now(UTC) + timedelta(hours=hours)
        with self._transaction() as db:
            db.execute("DELETE FROM sessions WHERE expires < ?", (now(),))
            db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?)",
                (_token_key(token), username, now(), expires.isoformat(timespec="seconds")),
            )
        return token

    def session_account(self, token: str) -> Account | None:
        """The account a live session belongs to (None: unknown, expired or disabled)."""
        row = self.db.execute(
            "SELECT username FROM sessions WHERE token_sha256 = ? AND expires > ?",
            (_token_key(token), now()),
        ).fetchone()
        account = self.account(row[0]) if row else None
        return account if account and not account.disabled else None

    def close_session(self, token: str) -> None:
        """Sign out: the token no longer opens anything."""
        with self._transaction() as db:
            db.execute("DELETE FROM sessions WHERE token_sha256 = ?", (_token_key(token),))

    def record_failure(self, username: str) -> None:
        """A failed sign-in, in the log: it shows attacks and slows guessing down."""
        with self._transaction() as db:
            _append_log(db, username, "accesso non riuscito", username, None, None)

    def recent_failures(self, username: str, minutes: float) -> int:
        """Failed sign-ins under a user name since its last success, in the last minutes."""
        since = (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat(timespec="seconds")
        (count,) = self.db.execute(
            "SELECT count(*) FROM log WHERE action = 'accesso non riuscito' AND subject = ?"
            " AND at >= ? AND at >= coalesce((SELECT max(created) FROM sessions"
            " WHERE username = ?), '')",
            (username, since, username),
        ).fetchone()
        return int(count)

    def log_entries(self) -> list[LogEntry]:
        """The whole audit log, oldest first."""
        rows = self.db.execute(
            "SELECT id, at, actor, action, subject, before, after, why FROM log ORDER BY id"
        )
        return [
            LogEntry(id=i, at=at, actor=actor, action=action, subject=subject,
                     before=json.loads(before) if before else None,
                     after=json.loads(after) if after else None, why=why)
            for i, at, actor, action, subject, before, after, why in rows
        ]  # fmt: skip


def _review_subject(review: StoredReview) -> str:
    return f"revisione n. {review.id} (regola {review.rule_id}, file {review.sha256[:12]})"
