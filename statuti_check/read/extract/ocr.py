"""OCR of scanned PDF pages with Tesseract (Italian), on pages rendered by pypdfium2.

Tesseract is a Debian package (`tesseract-ocr tesseract-ocr-ita`), not a Python dependency: when
it is missing, scanned pages stay unread and the audit says `da_verificare`, never `assente`.
The `tesseract` program is called directly (image on stdin, text on stdout), one process per
page with a time limit, so a hostile image cannot hold a worker forever.

Each process is single-threaded (`OMP_THREAD_LIMIT=1`): Tesseract's own OpenMP threads only
fight each other for the cores (half the time went to the kernel). Speed comes instead from
reading several pages at once, as many as this process may use (`configure`; a bulk worker gets
its share of the cores). Text already read is taken from the OCR cache (`ocr_cache`), and each
page read is put there at once, so a run stopped half-way loses nothing.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import pypdfium2 as pdfium

from statuti_check.read.extract import ocr_cache

log = logging.getLogger(__name__)

OcrMode = Literal["auto", "always", "never"]
DPI = 300
PAGE_SECONDS = 120
TIME_SHARE = 0.75  # of a file's time limit OCR may take; the rest is for structure and rules
ARGUMENTS = ("stdin", "stdout", "-l", "ita", "--dpi", str(DPI))
Progress = Callable[[int, int], None]  # pages read so far, pages to read
_PDFIUM = threading.Lock()  # pdfium is not thread-safe, not even across documents


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _silent(done: int, total: int) -> None:
    """No one to tell of pages read."""


@dataclass(frozen=True)
class Setup:
    """How this process reads scans: Tesseract processes at once, and who hears of each page."""

    processes: int = field(default_factory=cores)
    progress: Progress = _silent


_setup = Setup()


def configure(processes: int | None = None, progress: Progress | None = None) -> None:
    """Set this process's OCR parallelism and progress listener (None: the default)."""
    global _setup
    _setup = Setup(max(1, processes or cores()), progress or _silent)


@contextmanager
def configured(processes: int | None = None, progress: Progress | None = None) -> Iterator[None]:
    """`configure` for the time of a `with` block, then back to what it was."""
    global _setup
    previous = _setup
    configure(processes, progress)
    try:
        yield
    finally:
        _setup = previous


def single_threaded() -> dict[str, str]:
    """The environment of every Tesseract process: ours, with OpenMP held to one thread."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


@dataclass(frozen=True)
class Installed:
    """The Tesseract program found, its version text and the folder of its models."""

    program: str
    version: str
    models: Path


@cache
def _installed() -> Installed | None:
    """Tesseract, when it is installed with its Italian model."""
    program = shutil.which("tesseract")
    if program is None:
        return None
    try:
        listed, version = (
            subprocess.run([program, option], capture_output=True, text=True, timeout=30,
                           check=False, env=single_threaded())
            for option in ("--list-langs", "--version")
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    if "ita" not in listed.stdout.split():
        return None
    folder = re.search(r'"([^"]+)"', listed.stdout)
    return Installed(program, version.stdout + version.stderr, Path(folder[1] if folder else "."))


def available() -> bool:
    """Tesseract with its Italian model is installed."""
    return _installed() is not None


def settings_key() -> str:
    """What OCR text depends on besides the page: Tesseract, its Italian model, our rendering."""
    installed = _installed() or Installed("", "", Path("."))
    try:
        model = (installed.models / "ita.traineddata").stat()
        model_id = f"{model.st_size}:{model.st_mtime_ns}"
    except OSError:
        model_id = "?"
    parts = [installed.version, model_id, " ".join(ARGUMENTS), f"pdfium {DPI} dpi grey PGM"]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def pages_to_read(mode: OcrMode, total: int, blank: list[int]) -> list[int]:
    """Page numbers (1-based) OCR should read: none, the pages without text, or all."""
    if mode == "never":
        return []
    return list(range(1, total + 1)) if mode == "always" else list(blank)


@dataclass
class Reading:
    """What OCR made of the pages asked: their text, and the pages the time limit left unread."""

    texts: dict[int, str]
    out_of_time: list[int]


class _Batch:
    """The Tesseract processes reading one file, so that all of them can be stopped at once."""

    def __init__(self, path: Path, program: str) -> None:
        self.path, self.program = path, program
        with _PDFIUM:
            self.document = pdfium.PdfDocument(str(path))
        self.lock = threading.Lock()
        self.running: set[subprocess.Popen[bytes]] = set()
        self.stopped = False

    def read(self, number: int) -> str | None:
        """One page's text, or None when it could not be read (the reason is logged)."""
        if self.stopped:
            return None
        try:
            return self._recognise(self._render(number), number)
        except Exception as exc:  # a damaged page stays unread; the other pages are read
            log.warning("%s: page %d cannot be read by OCR: %r", self.path, number, exc)
            return None

    def _render(self, number: int) -> bytes:
        """The page in grey at 300 dpi as PGM: no compression to pay for, Tesseract reads it."""
        with _PDFIUM:
            page = self.document[number - 1]
            try:
                image = page.render(scale=DPI / 72, grayscale=True).to_pil()
            finally:
                page.close()
        out = io.BytesIO()
        image.save(out, format="PPM")
        return out.getvalue()

    def _recognise(self, image: bytes, number: int) -> str | None:
        with self.lock:
            if self.stopped:
                return None
            try:
                process = subprocess.Popen(
                    [self.program, *ARGUMENTS], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE, env=single_threaded(),
                )  # fmt: skip
            except OSError as exc:
                log.warning("%s: tesseract cannot start for page %d: %s", self.path, number, exc)
                return None
            self.running.add(process)
        try:
            out, err = process.communicate(image, timeout=PAGE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            log.warning("%s: OCR of page %d timed out", self.path, number)
            return None
        finally:
            with self.lock:
                self.running.discard(process)
        if process.returncode != 0:
            if not self.stopped:
                log.warning("%s: tesseract failed on page %d: %s", self.path, number, err[-300:])
            return None
        return out.decode("utf-8", errors="replace")

    def stop(self) -> None:
        """Kill the processes still running; pages not yet started are not started."""
        with self.lock:
            self.stopped = True
            for process in self.running:
                process.kill()

    def close(self) -> None:
        """Release the PDF (after every thread is done with it)."""
        with _PDFIUM:
            self.document.close()


def read_pages(path: Path, sha256: str, numbers: list[int], seconds: float) -> Reading:
    """The text of the pages `numbers`, from the cache or read in parallel within `seconds`.

    Pages still unread when the time is up are left out (their processes killed), so the file's
    own time limit is met with every page read so far kept. A page Tesseract fails on is left
    out too, and logged: the other pages are still read.
    """
    if not numbers:
        return Reading({}, [])
    key = settings_key()
    cache = ocr_cache.open_cache()
    texts = cache.pages(sha256, key, numbers) if cache else {}
    todo = [number for number in numbers if number not in texts]

    def keep(number: int, text: str) -> None:
        texts[number] = text
        if cache:
            cache.put(sha256, key, number, text)

    installed = _installed()
    try:
        _setup.progress(len(texts), len(numbers))
        out_of_time = (
            _read_in_parallel(path, installed.program, todo, seconds, keep, len(numbers))
            if todo and installed
            else []
        )
    finally:
        if cache:
            cache.close()
    return Reading({n: texts[n] for n in numbers if n in texts}, out_of_time)


def _read_in_parallel(
    path: Path,
    program: str,
    numbers: list[int],
    seconds: float,
    keep: Callable[[int, str], None],
    total: int,
) -> list[int]:
    """Read `numbers` with as many processes as allowed; the pages the time limit left unread."""
    setup = _setup
    batch = _Batch(path, program)
    pool = ThreadPoolExecutor(min(setup.processes, len(numbers)), "ocr")
    pending = {pool.submit(batch.read, number): number for number in numbers}
    try:
        for finished, future in enumerate(as_completed(pending, timeout=seconds), 1):
            if (text := future.result()) is not None:
                keep(pending[future], text)
            setup.progress(total - len(numbers) + finished, total)
    except TimeoutError:
        left = sorted(number for future, number in pending.items() if not future.done())
        log.warning("%s: OCR stopped at %g s, %d pages unread", path, seconds, len(left))
        return left
    finally:
        batch.stop()
        pool.shutdown(wait=True, cancel_futures=True)
        batch.close()
    return []
