"""Work on several cores by forking, so children read this process's data without pickling.

Fork only from a single-threaded process (the CLI, ``mkdocs build``): forking beside
other threads (``mkdocs serve``'s server) could copy a held lock into the child. Where
fork is missing or unsafe, everything runs here, in order, with the same results.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar, cast

T = TypeVar("T")


def cores() -> int:
    """How many processes may work at once: 1 where forking is missing or unsafe."""
    count = os.cpu_count() or 1
    if count < 2 or threading.active_count() > 1 or "fork" not in mp.get_all_start_methods():
        return 1
    return count


def pool(processes: int) -> ProcessPoolExecutor:
    """Workers forked at the first ``submit``: what is set before it, they see."""
    return ProcessPoolExecutor(processes, mp_context=mp.get_context("fork"))


#: The work ``beside`` hands to its child, found there in memory shared with this process.
_pending: Callable[[], object] | None = None


def _run_pending() -> object:
    assert _pending is not None
    return _pending()


@contextmanager
def beside(work: Callable[[], T], worthwhile: bool = True) -> Iterator[Callable[[], T]]:
    """Run ``work`` in a forked child while the ``with`` block runs here.

    The block gets a function that waits for the result (or re-raises the child's
    exception). Without a child, that function runs ``work`` here, when called.
    """
    global _pending
    if not worthwhile or cores() < 2:
        yield work
        return
    # a collection here would write to every object, copying each page the child shares
    gc.freeze()
    _pending = work
    try:
        with pool(1) as executor:
            future = cast("Future[T]", executor.submit(_run_pending))
            _pending = None  # the child is forked; it keeps its copy
            yield future.result
    finally:
        _pending = None
        gc.unfreeze()
