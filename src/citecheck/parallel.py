"""Spread independent work over the machine's CPUs (used for long documents).

Each note of a document parses on its own, so a book or a thesis is split into one chunk
per CPU. Processes are forked only from a single-threaded caller (forking a threaded
process is unsafe) and only where the platform can fork; otherwise the work runs in this
process. The results are the same either way, in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a second process costs more (fork, pickling) than it saves.
MIN_ITEMS_PER_PROCESS = 1_000


def map_in_processes(
    func: Callable[[T], R], items: Sequence[T], *, workers: int | None = None
) -> list[R]:
    """``[func(item) for item in items]``, computed in several processes when worth it.

    ``func`` must be a module-level function; anything it loads lazily should be loaded
    before the call, so that forked workers inherit it instead of each building it.
    """
    count = min(workers or os.cpu_count() or 1, len(items) // MIN_ITEMS_PER_PROCESS)
    if count < 2 or not _can_fork():
        return [func(item) for item in items]
    size = -(-len(items) // count)
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    with multiprocessing.get_context("fork").Pool(len(chunks)) as pool:
        parts = pool.starmap(_apply, [(func, chunk) for chunk in chunks])
    return [result for part in parts for result in part]


def _apply(func: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [func(item) for item in chunk]


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
