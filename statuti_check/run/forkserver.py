"""The server every worker process is forked from, with the rules already compiled.

Its own module, importing nothing of the pipeline, so that a bulk audit can start it before the
command loads anything else: the server's preload (statuti_check.run.preload, about a second)
then runs beside the parent's own start-up instead of after it.
"""

from __future__ import annotations

import multiprocessing
from typing import Any

# What the server imports before forking anyone: a bulk run's workers only read and judge; the
# app's also draw page images (statuti_check.run.preload_images first: the preload freezes all).
BULK = ("statuti_check.run.preload",)
APP = ("statuti_check.run.preload_images", *BULK)


def fork_context(preload: tuple[str, ...] = BULK) -> Any:
    """Workers are forked from a server that has the rules compiled (preload).

    The server's first start decides what it preloads: a running server is left as it is.
    """
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(preload))
    return ctx


def start_fork_server(preload: tuple[str, ...] = BULK) -> None:
    """Start the fork server now, so the first file does not wait for the rules."""
    from multiprocessing import forkserver

    fork_context(preload)
    forkserver.ensure_running()
