"""Reading ahead while a bulk run's workers start: what is read is what a worker would read."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path

from statuti_check.judge.audit import audit_parsed
from statuti_check.judge.catalogue import load_catalogue
from statuti_check.read.parse import parse_file
from statuti_check.run.bulk import BulkOptions, Task, _Context, _with_read_ahead, audit_task
from statuti_check.run.readahead import ReadAhead, _read_files
from statuti_check.run.store import pack
from statuti_check.settings import DEFAULT_LIMITS, Limits
from tests.support.corpus_build import CORPUS

SCAN = "crevalcore-scansione.pdf"  # its pages have no text layer: OCR reads them
# The reader is forked from this process, whose address space the whole test session swells
# past the workers' default cap: a cap it is already over makes it read nothing (tested below).
ROOMY = DEFAULT_LIMITS.model_copy(update={"memory_mb": 1 << 20})


def _read_all(paths: list[str], ocr: str = "auto", limits: Limits = ROOMY) -> dict[str, bytes]:
    reader = ReadAhead(paths, "pypdfium2", ocr, limits)  # type: ignore[arg-type]
    if reader.process is not None:
        reader.process.join(120)  # let it finish every file before it is stopped
    read = reader.stop()
    assert not reader.folder.exists()
    return read


def test_the_structures_read_ahead_are_those_a_worker_reads(tmp_path: Path) -> None:
    broken = tmp_path / "rotto.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    good = [str(CORPUS / name) for name in ("sassuolo.pdf", "fanano.docx", "zocca.txt")]
    read = _read_all([good[0], str(broken), *good[1:]])
    assert read == {path: pack(parse_file(path)) for path in good}  # the broken file is left


def test_a_scan_is_left_to_its_worker_unless_ocr_is_off() -> None:
    scan = str(CORPUS / SCAN)
    assert _read_all([scan]) == {}
    assert _read_all([scan], ocr="never") == {scan: pack(parse_file(scan, ocr="never"))}


def test_a_parent_over_the_memory_cap_reads_nothing_ahead() -> None:
    tight = DEFAULT_LIMITS.model_copy(update={"memory_mb": 1})
    assert _read_all([str(CORPUS / "zocca.txt")], limits=tight) == {}


def test_with_ocr_on_every_page_nothing_is_read_ahead() -> None:
    reader = ReadAhead([str(CORPUS / "zocca.txt")], "pypdfium2", "always", DEFAULT_LIMITS)
    assert reader.process is None and reader.stop() == {}


def test_a_stopped_reader_keeps_no_half_file_and_stops_once(tmp_path: Path) -> None:
    paths = [str(CORPUS / "sassuolo.pdf")] * 40
    reader = ReadAhead(paths, "pypdfium2", "auto", ROOMY)
    first = reader.stop()  # at once: at most the files it had finished
    assert all(packed == pack(parse_file(path)) for path, packed in first.items())
    assert reader.stop() is first and not reader.process.is_alive()  # type: ignore[union-attr]


def test_a_reader_whose_parent_is_gone_stops_and_clears_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "letti"
    folder.mkdir()
    args = (str(folder), [str(CORPUS / "zocca.txt")], "pypdfium2", "auto", ROOMY, -1)
    process = multiprocessing.get_context("fork").Process(target=_read_files, args=args)
    process.start()
    process.join(60)
    assert process.exitcode == 0 and not folder.exists()


class _Read:
    def __init__(self, read: dict[str, bytes]) -> None:
        self.read, self.stopped = read, False

    def stop(self) -> dict[str, bytes]:
        self.stopped = True
        return self.read


def test_reading_ahead_stops_when_a_worker_takes_a_task_and_only_readers_get_a_structure() -> None:
    read = _Read({"a": b"A", "b": b"B", "c": b"C"})
    given = _with_read_ahead(read)  # type: ignore[arg-type]
    assert not read.stopped  # until a worker is ready for a task
    tasks = [
        Task(path="a", sha256="1"),
        Task(path="b", sha256="2", cached=b"from the store"),
        Task(path="c", sha256="3", report=None, outputs={"json": "c.json"}),
        Task(path="d", sha256="4"),
    ]
    taken = [given(task) for task in tasks]
    assert read.stopped
    assert [task.read_ahead for task in taken] == [b"A", None, b"C", None]
    assert taken[1] == tasks[1] and taken[3] == tasks[3]


def test_a_task_read_ahead_is_judged_and_recorded_as_read_now(tmp_path: Path) -> None:
    path = tmp_path / "sassuolo.pdf"
    shutil.copy(CORPUS / "sassuolo.pdf", path)
    parsed = parse_file(path)
    context = _Context(BulkOptions())
    outcome = audit_task(Task(path=str(path), sha256="x", read_ahead=pack(parsed)), context)
    assert outcome.report == audit_parsed(parsed, load_catalogue())
    assert outcome.parsed == pack(parsed) and not outcome.cached
