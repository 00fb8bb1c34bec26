"""Time and memory limits for a statute read in this very process, and the memory cap of workers.

Bulk audits and the app read files in worker processes (statuti_check.run.workers), where a stuck
or bloated worker is killed and replaced; a single `statuti-check audit FILE` runs here, so the
same limits are applied to this process: an address-space cap and an interval timer.
"""

from __future__ import annotations

import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from statuti_check.errors import InputError, SettingsError
from statuti_check.settings import Limits


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
