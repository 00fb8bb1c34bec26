"""Reading ahead while the workers warm up: a bulk run's next files read during the pool's start.

A worker is forked from a server that first compiles the rules (over half a second,
statuti_check.run.preload). Reading a file (extraction and structure) needs neither, and while
the server loads, a core is idle: a process forked from the parent reads the next files
meanwhile, under the workers' memory cap, and the structures it has finished when the first
worker is ready go to the workers with their tasks, as structures from the store do. It is
stopped then: once the workers run, every other file is read by a worker, as without it (with
`--workers 1`, one process reads and judges). Only the pool's start-up is overlapped.

Nothing else changes: a structure read ahead is the one a worker would read (the same reader,
limits and engine; a scan whose pages need OCR is left to the worker, which reads it with OCR),
and a file the process could not read or did not finish is read by a worker like any other,
with the same failures and messages.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
from pathlib import Path

from statuti_check.read.extract import PdfEngine
from statuti_check.read.extract.ocr import OcrMode
from statuti_check.read.parse import parse_file
from statuti_check.run.guard import cap_memory
from statuti_check.run.store import pack
from statuti_check.settings import Limits


def _read_files(
    folder: str, paths: list[str], engine: PdfEngine, ocr: OcrMode, limits: Limits, parent: int
) -> None:
    """The reading process: each file's packed structure into `folder`, named by its index.

    A file is written under a temporary name and renamed when whole, so a process stopped in
    the middle leaves no half file. Pages without text are not read by OCR here (Tesseract
    would outlive the process): such a file is left to its worker unless OCR is off anyway.
    A parent killed outright cannot stop it: it then stops by itself, and clears the folder.
    It runs at the lowest priority: it is to use a core nobody needs, never to slow the
    server's loading (on a busy machine, or with fewer cores than processes, it reads less).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    os.nice(19)
    cap_memory(limits)
    for index, path in enumerate(paths):
        if os.getppid() != parent:
            shutil.rmtree(folder, ignore_errors=True)
            return
        try:
            parsed = parse_file(path, engine=engine, limits=limits, ocr="never")
        except Exception:  # the worker reads it again, and says why it cannot
            continue
        if parsed.document.source.unread_pages and ocr != "never":
            continue
        target = Path(folder) / str(index)
        target.with_suffix(".part").write_bytes(pack(parsed))
        os.replace(target.with_suffix(".part"), target)


class ReadAhead:
    """A process reading `paths` in order until `stop()`, which returns what it finished."""

    def __init__(self, paths: list[str], engine: PdfEngine, ocr: OcrMode, limits: Limits) -> None:
        self.paths = paths
        self.folder = Path(tempfile.mkdtemp(prefix="statuti-check-read-ahead-"))
        self.read: dict[str, bytes] | None = None
        self.process = None
        if paths and ocr != "always":  # with OCR on every page, each file is a worker's
            # Forked from this process (the workers' server is busy loading): reading needs
            # only what the parent has or imports quickly, and no thread runs in it yet.
            self.process = multiprocessing.get_context("fork").Process(
                target=_read_files,
                args=(str(self.folder), paths, engine, ocr, limits, os.getpid()),
                daemon=True,
            )
            self.process.start()

    def stop(self) -> dict[str, bytes]:
        """Stop reading; the packed structure of each file read whole, by path (once)."""
        if self.read is None:
            if self.process is not None:
                self.process.kill()
                self.process.join(5)
            self.read = {
                self.paths[int(done.name)]: done.read_bytes()
                for done in self.folder.iterdir()
                if done.name.isdigit()
            }
            shutil.rmtree(self.folder, ignore_errors=True)
        return self.read
