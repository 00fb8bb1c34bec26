"""Time and memory limits: for a statute read in this process, or a call in a worker process.

Bulk audits and the app read files in worker processes (statuti_check.bulk), where a stuck or
bloated worker is killed and replaced; a single `statuti-check audit FILE` runs here, so the same
limits are applied to this process: an address-space cap and an interval timer. The app's other
heavy work on a user's file (a page as an image) runs as one call in a worker (`run_capped`).
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from statuti_check.errors import InputError, SettingsError
from statuti_check.settings import Limits

log = logging.getLogger(__name__)
Result = TypeVar("Result")


class _ExpiredError(BaseException):
    """Raised by the timer inside whatever the process was doing.

    A BaseException, like KeyboardInterrupt, so that no reader's `except Exception` swallows it.
    """


def _expire(signum: int, frame: FrameType | None) -> None:
    raise _ExpiredError


HEADROOM = 256 * 1024 * 1024  # reading a statute needs at least this much beyond the program


def address_space() -> int:
    """Bytes of address space this process already uses (Linux /proc; 0 where unknown)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


def cap_memory(limits: Limits) -> tuple[int, int]:
    """Cap this process's address space at `limits.memory_mb`; returns the previous limits.

    A cap below what the program already uses plus room to read a statute could never be met
    by any file: it is refused with a message naming the option, rather than failing each file.
    """
    previous_cap = resource.getrlimit(resource.RLIMIT_AS)
    cap = limits.memory_mb * 1024 * 1024
    used = address_space()
    if cap < used + HEADROOM:
        raise SettingsError(
            f"Il limite di memoria indicato ({limits.memory_mb} MB) è troppo basso: il programma "
            f"ne usa già {used // 1048576} MB. Indicare con --memory-mb almeno "
            f"{(used + HEADROOM) // 1048576 + 1} MB.",
            f"memory_mb={limits.memory_mb} below {used} bytes in use plus headroom",
        )
    hard = previous_cap[1]
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard < 0 else min(cap, hard), hard))
    return previous_cap


@contextmanager
def guarded(limits: Limits) -> Iterator[None]:
    """Run the body under the memory cap and the time limit; breaches become InputErrors."""
    previous_cap = cap_memory(limits)
    previous_handler = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, limits.timeout_seconds)
    try:
        yield
    except MemoryError as exc:
        raise InputError(
            "Il file richiede più memoria di quella consentita per un singolo statuto.",
            f"MemoryError under memory_mb={limits.memory_mb}",
        ) from exc
    except _ExpiredError as exc:
        seconds = f"{limits.timeout_seconds:g}".replace(".", ",")
        raise InputError(
            f"La verifica ha superato il tempo massimo di {seconds} secondi per file.",
            f"timed out after {limits.timeout_seconds:g} s",
        ) from exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        resource.setrlimit(resource.RLIMIT_AS, previous_cap)


def fork_context() -> Any:
    """Workers are forked from a server that has spaCy and the rules loaded (preload)."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["statuti_check.preload"])
    return ctx


def start_fork_server() -> None:
    """Start the fork server now, so the first file does not wait for spaCy and the rules."""
    from multiprocessing import forkserver

    fork_context()
    forkserver.ensure_running()


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
    only the worker suffers; it is killed when time runs out. An InputError raised in the
    worker reaches the caller as it is; any other end becomes an InputError with the matching
    Italian refusal and a precise log line. `function` must be importable (it is pickled).
    """
    ctx = fork_context()
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
