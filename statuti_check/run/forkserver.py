"""The server every worker process is forked from, with spaCy and the rules already loaded.

Its own module, importing nothing of the pipeline, so that a bulk audit can start it before the
command loads anything else: the server's preload (statuti_check.run.preload, about a second)
then runs beside the parent's own start-up instead of after it.
"""

from __future__ import annotations

import multiprocessing
from typing import Any


def fork_context() -> Any:
    """Workers are forked from a server that has spaCy and the rules loaded (preload)."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["statuti_check.run.preload"])
    return ctx


def start_fork_server() -> None:
    """Start the fork server now, so the first file does not wait for spaCy and the rules."""
    from multiprocessing import forkserver

    fork_context()
    forkserver.ensure_running()
