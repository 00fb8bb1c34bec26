"""The OCR cache: the text Tesseract read on each page of a scan, kept for the next audit.

One SQLite file per user, shared by the command line, bulk workers and the app, because a scan
costs seconds per page wherever it is read, and one statute is often audited from several of
them. It lives apart from the results store: a single-file audit has no store, and the app's
store is a setting of the app. Pages are keyed by the file's sha256, the page number and the
OCR settings (Tesseract version, Italian model, rendering), and written one by one as they are
read. The cache only ever saves time: when it cannot be opened or written (read-only home, full
disk, a damaged file) the reason is logged once and the audit goes on without it.

`STATUTI_CHECK_OCR_CACHE` names the file; the default is `$XDG_CACHE_HOME/statuti-check/ocr.sqlite`
(`~/.cache/statuti-check/ocr.sqlite`).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from statuti_check.settings import user_cache_dir

log = logging.getLogger(__name__)

ENV = "STATUTI_CHECK_OCR_CACHE"
SCHEMA = """
CREATE TABLE IF NOT EXISTS ocr_pages (
    sha256 TEXT NOT NULL,
    settings TEXT NOT NULL,
    page INTEGER NOT NULL,
    text TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (sha256, settings, page)
)
"""
_warned: set[str] = set()


def default_path() -> Path:
    """Where the cache lives: the environment's choice, else the user's cache folder."""
    if chosen := os.environ.get(ENV):
        return Path(chosen)
    return user_cache_dir() / "ocr.sqlite"


def _warn_once(path: Path, action: str, exc: BaseException) -> None:
    """A broken cache is logged once per process and problem, not once per page."""
    line = f"OCR cache {path}: cannot {action} ({type(exc).__name__}: {exc}); going on without it"
    if line not in _warned:
        _warned.add(line)
        log.warning(line)


class OcrCache:
    """The cache file, opened for one file's OCR; every failure is logged and ignored."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=10, isolation_level=None)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(SCHEMA)
        except BaseException:
            self.db.close()
            raise

    def pages(self, sha256: str, settings: str, numbers: list[int]) -> dict[int, str]:
        """The cached text of the pages asked for (those the cache has)."""
        wanted = set(numbers)
        with self._guarded("read"):
            rows = self.db.execute(
                "SELECT page, text FROM ocr_pages WHERE sha256 = ? AND settings = ?",
                (sha256, settings),
            ).fetchall()
            return {page: text for page, text in rows if page in wanted}
        return {}

    def put(self, sha256: str, settings: str, page: int, text: str) -> None:
        """Keep one page's text (a page read twice keeps its first reading)."""
        with self._guarded("write"):
            self.db.execute(
                "INSERT OR IGNORE INTO ocr_pages VALUES (?, ?, ?, ?, ?)",
                (sha256, settings, page, text, datetime.now(UTC).isoformat(timespec="seconds")),
            )

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    @contextmanager
    def _guarded(self, action: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            _warn_once(self.path, action, exc)


def open_cache() -> OcrCache | None:
    """The cache, or None (logged) when it cannot be opened: OCR then simply reads every page."""
    path = default_path()
    try:
        return OcrCache(path)
    except (OSError, sqlite3.Error) as exc:
        _warn_once(path, "open", exc)
        return None
