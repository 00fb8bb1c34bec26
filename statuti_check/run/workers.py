"""The worker pool: every statute a user gives is read and judged in a worker process.

Bulk audits (statuti_check.run.bulk) and the app (statuti_check.run.uploads) both hand files to
`run_tasks`; the job itself (`Work`: how a worker gets ready, what it does with one file) is
theirs, the processes, pipes, limits and crash handling are here. Workers are forked from a
server that has the rules compiled (statuti_check.run.preload), so they are born warm.
A worker that runs past the per-file timeout, or dies (memory cap, crash in a C library), is
killed and replaced, and its file is failed with the reason: the run always goes on.
"""

from __future__ import annotations

import resource
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict

from statuti_check.contract import Failure
from statuti_check.errors import InputError
from statuti_check.read.extract import ocr
from statuti_check.run.forkserver import APP, fork_context
from statuti_check.run.guard import cap_memory
from statuti_check.run.store import Outcome
from statuti_check.settings import Limits

Result = TypeVar("Result")


class FileTask(Protocol):
    """What the pool needs to know of a task: the file, to fail it by name if its worker dies."""

    @property
    def path(self) -> str:
        """The file's path."""

    @property
    def sha256(self) -> str | None:
        """Its fingerprint, if it could be read."""


Task = TypeVar("Task", bound=FileTask)


@dataclass(frozen=True)
class Work:
    """A worker's job: `setup()` once when it starts, then `do(task, context)` per file.

    Setting up (the catalogue, the matcher) happens before any file's clock runs. Both are
    pickled to the worker, so they are module-level functions (or partials of them).
    """

    setup: Callable[[], Any]
    do: Callable[[Any, Any], Outcome]
    limits: Limits


class OcrProgress(BaseModel):
    """Pages of a scan read so far by a worker: the progress displays show them."""

    model_config = ConfigDict(frozen=True)

    path: str
    done: int
    total: int


def ignore_progress(progress: OcrProgress) -> None:
    """No display to tell."""


def ocr_share(workers: int) -> int:
    """Tesseract processes each of `workers` may run, so that together they fit the cores."""
    return max(1, default_workers() // max(1, workers))


def default_workers() -> int:
    """All the cores this process may use."""
    return ocr.cores()


READY = "ready"
CRASHED = "La lettura del file si è interrotta (memoria esaurita o documento malformato)."
STARTUP_SECONDS = 120.0


def _worker_main(connection: Connection, work: Work, ocr_processes: int) -> None:
    """Worker loop: cap memory, get ready, say so, do tasks until the pipe closes.

    Pages a scan has read are told to the parent as they come (`OcrProgress`).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        cap_memory(work.limits)
        context = work.setup()
    except InputError as exc:  # a limit no file could meet: the parent stops with this message
        connection.send(exc)
        return
    except BaseException as exc:  # reported to the parent, which stops the run with a message
        connection.send(f"startup failed: {exc!r}")
        return
    connection.send(READY)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):  # the parent finished or was killed
            return
        ocr.configure(ocr_processes, partial(_tell, connection, task.path))
        outcome = work.do(task, context)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        connection.send(outcome.model_copy(update={"peak_rss_mb": peak}))


def _tell(connection: Connection, path: str, done: int, total: int) -> None:
    connection.send(OcrProgress(path=path, done=done, total=total))


class _Worker:
    """A worker process, its pipe, the task it is on and the time it has left."""

    def __init__(
        self, ctx: Any, work: Work, ocr_processes: int,
        on_progress: Callable[[OcrProgress], None],
    ) -> None:  # fmt: skip
        self.on_progress = on_progress
        self.connection, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, work, ocr_processes), daemon=True
        )
        self.process.start()
        child.close()
        self.ready = self.broken = False
        self.task: FileTask | None = None
        self.deadline = time.monotonic() + STARTUP_SECONDS

    @property
    def waited_on(self) -> bool:
        """Starting up or busy: its pipe, its exit and its deadline matter."""
        return self.task is not None or not self.ready

    def give(self, task: FileTask, timeout: float) -> None:
        """Start a file; the clock starts now, not while the worker was loading."""
        self.task, self.deadline = task, time.monotonic() + timeout
        self.connection.send(task)

    def poll(self, ready: list[Any], timeout: float) -> Outcome | None:
        """The outcome of its file, if any, or the failure of a file it lost."""
        if self.connection in ready:
            try:
                message = self.connection.recv()
            except (EOFError, OSError):
                message = None
            if isinstance(message, Outcome):
                self.task = None
                return message
            if isinstance(message, OcrProgress):
                self.on_progress(message)
                return None
            if message == READY:
                self.ready = True
                return None
            if isinstance(message, InputError):
                raise message
            return self._lost(CRASHED, message or f"worker exited with {self.process.exitcode}")
        if self.process.sentinel in ready:
            return self._lost(CRASHED, f"worker exited with code {self.process.exitcode}")
        if time.monotonic() >= self.deadline:
            seconds = f"{timeout:g}".replace(".", ",")
            return self._lost(
                f"La verifica ha superato il tempo massimo di {seconds} secondi per file.",
                f"timed out after {timeout:g} s",
            )
        return None

    def _lost(self, reason: str, detail: str) -> Outcome:
        self.broken = True
        if not self.ready or self.task is None:
            raise InputError(
                "I processi di verifica non si avviano: controllare i limiti di memoria e di "
                "tempo (--memory-mb, --timeout) e il catalogo delle regole.",
                f"bulk worker failed to start: {detail}",
            )
        path = self.task.path
        failure = Failure(path=path, reason=reason, detail=f"{path}: {detail}")
        return Outcome(path=path, sha256=self.task.sha256, failure=failure)

    def stop(self) -> None:
        """Close the pipe and make sure the process is gone."""
        self.connection.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


def run_tasks(
    tasks: Iterator[Task],
    work: Work,
    workers: int,
    on_outcome: Callable[[Outcome], None],
    on_progress: Callable[[OcrProgress], None] = ignore_progress,
    given: Callable[[Task], Task] | None = None,
) -> None:
    """Feed tasks to `workers` processes; a stuck or dead worker is replaced, its file failed.

    The processes start only when there is a task. The cores are shared out: each worker
    reads scans with its share of Tesseract processes. `given` completes a task at the moment
    a worker takes it (a bulk run adds what was read while the workers started).
    """
    ctx = fork_context()
    start = partial(_Worker, ctx, work, ocr_share(workers), on_progress)
    timeout = work.limits.timeout_seconds
    pool: list[_Worker] = []
    upcoming = next(tasks, None)
    try:
        while True:
            if upcoming is not None and not pool:
                pool = [start() for _ in range(max(1, workers))]
            for worker in pool:
                if upcoming is not None and worker.ready and worker.task is None:
                    worker.give(given(upcoming) if given else upcoming, timeout)
                    upcoming = next(tasks, None)
            if upcoming is None and all(worker.task is None for worker in pool):
                return
            waited = [worker for worker in pool if worker.waited_on]
            ready = wait(
                [w.connection for w in waited] + [w.process.sentinel for w in waited],
                timeout=max(0.0, min(w.deadline for w in waited) - time.monotonic()),
            )
            for index, worker in enumerate(pool):
                outcome = worker.poll(ready, timeout) if worker.waited_on else None
                if outcome is not None:
                    on_outcome(outcome)
                if worker.broken:
                    worker.stop()
                    pool[index] = start()
    finally:
        for worker in pool:
            worker.stop()


class Refusals(BaseModel):
    """What a user reads when a call in a worker is stopped (Italian; `{seconds}` filled in)."""

    model_config = ConfigDict(frozen=True)

    timeout: str
    memory: str
    crashed: str


def _capped_call(
    connection: Connection, limits: Limits, function: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    """The worker's side: cap memory, call, send back ("done", result) or why there is none."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        cap_memory(limits)
        message: tuple[str, Any] = ("done", function(*args))
    except InputError as exc:
        message = ("refused", exc)
    except MemoryError:
        message = ("memory", None)
    except Exception as exc:  # reported to the parent, which logs it and refuses in Italian
        message = ("failed", f"{type(exc).__name__}: {exc}")
    connection.send(message)


def run_capped(
    function: Callable[..., Result], args: tuple[Any, ...], limits: Limits, refusals: Refusals
) -> Result:
    """`function(*args)` in a worker process under the memory cap and the time limit.

    The caller's process serves everyone (the app): whatever the call does to memory or time,
    only the worker suffers; it is killed when time runs out. This is the pool's one-off form,
    forked from the same server: a page image is one call with its own refusals and its own
    result (not a file's Outcome), and a worker kept alive between clicks would hold a
    `memory_mb` share of the server for nothing. An InputError raised in the
    worker reaches the caller as it is; any other end becomes an InputError with the matching
    Italian refusal and a precise log line. `function` must be importable (it is pickled).
    """
    ctx = fork_context(APP)  # a page image (the app's): its libraries preloaded
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_capped_call, args=(sender, limits, function, args), daemon=True)
    process.start()
    sender.close()
    name = getattr(function, "__qualname__", repr(function))
    try:
        if not receiver.poll(limits.timeout_seconds):
            seconds = f"{limits.timeout_seconds:g}".replace(".", ",")
            raise InputError(
                refusals.timeout.format(seconds=seconds),
                f"{name}: timed out after {limits.timeout_seconds:g} s, worker killed",
            )
        kind, value = receiver.recv()
    except (EOFError, OSError) as exc:
        raise InputError(
            refusals.crashed, f"{name}: worker died ({exc!r}, exit code {process.exitcode})"
        ) from exc
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if kind == "done":
        return value  # type: ignore[no-any-return]
    if kind == "refused":
        raise value
    if kind == "memory":
        raise InputError(refusals.memory, f"{name}: MemoryError under memory_mb={limits.memory_mb}")
    raise InputError(refusals.crashed, f"{name}: {value}")
