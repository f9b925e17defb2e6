"""Work on several cores by forking, so children read this process's data without pickling.

Fork only from a single-threaded process (the CLI, ``mkdocs build``): forking beside
other threads (``mkdocs serve``'s server) could copy a held lock into the child. Where
fork is missing or unsafe, everything runs here, in order, with the same results.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar, cast

T = TypeVar("T")


def cores() -> int:
    """How many processes may work at once: 1 where forking is missing or unsafe (macOS:
    system libraries may crash a forked child)."""
    count = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
             else os.cpu_count() or 1)
    if (count < 2 or threading.active_count() > 1 or sys.platform == "darwin"
            or "fork" not in mp.get_all_start_methods()):
        return 1
    return count


class Claims:
    """Which of ``count`` tasks some process has taken, in memory shared across forks:
    a task is done by whoever claims it first (workers from the front of a list, the
    parent from the back) without cancelling futures, which a broken pool cannot take
    (CPython 3.11: gh-107219)."""

    def __init__(self, count: int) -> None:
        self._taken = mp.get_context("fork").Array("b", count)

    def claim(self, number: int) -> bool:
        with self._taken.get_lock():
            if self._taken[number]:
                return False
            self._taken[number] = 1
            return True


def pool(processes: int) -> ProcessPoolExecutor:
    """Workers forked at the first ``submit``: what is set before it, they see."""
    return ProcessPoolExecutor(processes, mp_context=mp.get_context("fork"))


#: The work ``beside`` hands to its child, found there in memory shared with this process.
_pending: Callable[[], object] | None = None


def _run_pending() -> object:
    assert _pending is not None
    return _pending()


def in_worker(work: Callable[..., T], *args: object) -> T:
    """Run ``work`` in a worker; an exception that would not survive pickling back (most
    do not define how) becomes a ``RuntimeError`` carrying its traceback."""
    try:
        return work(*args)
    except Exception as exc:
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            raise RuntimeError("in a forked worker:\n" + traceback.format_exc()) from None
        raise


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
    frozen = gc.get_freeze_count()
    gc.freeze()
    _pending = work
    try:
        with pool(1) as executor:
            future = cast("Future[T]", executor.submit(in_worker, _run_pending))
            _pending = None  # the child is forked; it keeps its copy
            yield future.result
    finally:
        _pending = None
        if not frozen:  # a caller's own freeze stays
            gc.unfreeze()
