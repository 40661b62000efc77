"""Spread independent work over the machine's CPUs (used for long documents).

Each note of a document parses on its own, so a book or a thesis is split into one chunk
per CPU. The calling process computes the first chunk itself and forked children compute
the others, so only their part of the results crosses a pipe (pickling is the largest
cost of parallel parsing). Processes are forked only from a single-threaded caller
(forking a threaded process is unsafe) and only where the platform can fork; otherwise
the work runs in this process. The results are the same either way, in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
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
    before the call, so that forked workers inherit it instead of each building it. An
    exception raised by ``func`` in a worker is raised again here.
    """
    count = min(workers or os.cpu_count() or 1, len(items) // MIN_ITEMS_PER_PROCESS)
    if count < 2 or not _can_fork():
        return [func(item) for item in items]
    size = -(-len(items) // count)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    children = []
    for chunk in chunks[1:]:
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_work, args=(func, chunk, sender), daemon=True)
        child.start()
        sender.close()
        children.append((child, receiver))
    results = [func(item) for item in chunks[0]]
    for child, receiver in children:
        results.extend(_collect(child, receiver))
    return results


def _work(func: Callable[[T], R], chunk: Sequence[T], sender: Connection) -> None:
    """In a child: compute the chunk and send back ``(True, results)`` or ``(False, error)``."""
    try:
        outcome: tuple[bool, object] = (True, [func(item) for item in chunk])
    except BaseException as exc:
        outcome = (False, exc)
    sender.send(outcome)
    sender.close()


def _collect(child: multiprocessing.process.BaseProcess, receiver: Connection) -> list[R]:
    try:
        ok, payload = receiver.recv()
    except EOFError:  # the child died without answering (killed, out of memory)
        child.join()
        raise RuntimeError(f"a parsing process ended with exit code {child.exitcode}") from None
    finally:
        receiver.close()
    child.join()
    if not ok:
        assert isinstance(payload, BaseException)
        raise payload
    assert isinstance(payload, list)
    return payload


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
