"""Spread independent work over the machine's CPUs (used for long documents).

Each note of a document parses on its own, so a book or a thesis is cut into batches of
notes that the calling process and forked children take in turn from a shared counter:
whoever is free takes the next batch, so all finish together whatever a batch costs and
whatever else the caller does. The caller also receives the children's results (only
those cross a pipe; pickling is the largest cost of parallel parsing) and hands every
result on, in order, as soon as the batches before it are in, so its consumer (resolving
same-work identity, say) works while the children still parse. Processes are forked only
from a single-threaded caller (forking a threaded process is unsafe) and only where the
platform can fork; otherwise the work runs in this process. The results are the same
either way, in the same order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from multiprocessing.sharedctypes import Synchronized
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a second process costs more (fork, pickling) than it saves.
MIN_ITEMS_PER_PROCESS = 1_000
# The most items in a batch: large enough that a message costs little per item.
MAX_BATCH = 256
# A batch is at most this share of the work left per process, so batches shrink towards
# the end (OpenMP's "guided" schedule) and nobody waits long for the last one.
BATCHES_PER_PROCESS = 4
# The fewest items in a batch (but the last), unless the list is short.
MIN_BATCH = 16


def map_in_processes(
    func: Callable[[T], R], items: Sequence[T], *, workers: int | None = None
) -> list[R]:
    """``[func(item) for item in items]``, computed in several processes when worth it.

    ``func`` must be a module-level function; anything it loads lazily should be loaded
    before the call, so that forked workers inherit it instead of each building it. An
    exception raised by ``func`` in a worker is raised again here.
    """
    return list(imap_in_processes(func, items, workers=workers))


def imap_in_processes(
    func: Callable[[T], R], items: Sequence[T], *, workers: int | None = None
) -> Generator[R, None, None]:
    """``func(item)`` for each item, in order, computed in several processes when worth it.

    Each result comes as soon as it and every result before it are computed. Closing the
    iterator early stops the children.
    """
    count = min(workers or os.cpu_count() or 1, len(items) // MIN_ITEMS_PER_PROCESS)
    if count < 2 or not _can_fork():
        return (func(item) for item in items)
    return _forked(func, _guided_batches(items, count), count - 1)


def _guided_batches(items: Sequence[T], processes: int) -> list[Sequence[T]]:
    """``items`` cut into consecutive batches that shrink as less work is left."""
    shares = processes * BATCHES_PER_PROCESS
    smallest = max(1, min(MIN_BATCH, len(items) // shares))  # a short list still spreads
    batches, start = [], 0
    while start < len(items):
        left = len(items) - start
        size = max(smallest, min(MAX_BATCH, left // shares))
        batches.append(items[start : start + size])
        start += size
    return batches


class _Batches(Generic[T]):
    """The batches and the shared counter through which processes take them."""

    def __init__(self, batches: list[Sequence[T]], taken: Synchronized[int]) -> None:
        self.batches = batches
        self.taken = taken

    def take(self) -> int | None:
        """The index of the next batch nobody has taken yet, or None when all are taken."""
        with self.taken.get_lock():
            index = self.taken.value
            if index >= len(self.batches):
                return None
            self.taken.value = index + 1
            return index


def _forked(
    func: Callable[[T], R], batches: list[Sequence[T]], children: int
) -> Generator[R, None, None]:
    context = multiprocessing.get_context("fork")
    shared = _Batches(batches, context.Value("q", 0))
    running: dict[Connection, multiprocessing.process.BaseProcess] = {}
    try:
        for _ in range(children):
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_work, args=(func, shared, sender), daemon=True)
            child.start()
            sender.close()
            running[receiver] = child
        done: dict[int, list[R]] = {}
        for index in range(len(batches)):
            while index not in done:
                _receive(running, done, block=False)
                if index in done:
                    break
                mine = shared.take()
                if mine is None:  # all taken: what is missing comes from a child
                    _receive(running, done, block=True)
                else:
                    done[mine] = [func(item) for item in batches[mine]]
            yield from done.pop(index)
    finally:
        for receiver, process in running.items():
            if process.is_alive():  # the caller stopped early, or another child failed
                process.terminate()
            process.join()
            receiver.close()


def _receive(
    running: dict[Connection, multiprocessing.process.BaseProcess],
    done: dict[int, list[R]],
    *,
    block: bool,
) -> None:
    """Store every batch the children have sent (waiting for one if ``block``); a child's
    error is raised here."""
    if block and not running:  # cannot happen: every batch taken is computed or an error
        raise RuntimeError("a batch of parsing results was lost")
    for receiver in wait(list(running), timeout=None if block else 0):
        assert isinstance(receiver, Connection)
        try:
            ok, index, payload = receiver.recv()
        except EOFError:  # the child died without finishing (killed, out of memory)
            child = running[receiver]
            child.join()
            raise RuntimeError(f"a parsing process ended with exit code {child.exitcode}") from None
        if not ok:
            assert isinstance(payload, BaseException)
            raise payload
        if index is None:  # nothing left for that child
            running.pop(receiver).join()
            receiver.close()
        else:
            done[index] = payload


def _work(func: Callable[[T], R], shared: _Batches[T], sender: Connection) -> None:
    """In a child: compute batches while any are left, sending ``(True, index, results)``
    for each, then ``(True, None, None)``, or ``(False, None, error)`` if ``func`` raised.

    A writer thread sends while this thread computes: a pipe holds far less than a batch's
    results, and the caller reads only between its own batches.
    """
    messages: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    writer = threading.Thread(target=_send_all, args=(messages, sender))
    writer.start()
    try:
        while (index := shared.take()) is not None:
            results = [func(item) for item in shared.batches[index]]
            messages.put(bytes(ForkingPickler.dumps((True, index, results))))
        messages.put(bytes(ForkingPickler.dumps((True, None, None))))
    except BaseException as exc:
        messages.put(bytes(ForkingPickler.dumps((False, None, exc))))
    messages.put(None)
    writer.join()
    sender.close()


def _send_all(messages: queue.SimpleQueue[bytes | None], sender: Connection) -> None:
    while (message := messages.get()) is not None:
        sender.send_bytes(message)


_pause_lock = threading.Lock()
_pause_depth = 0


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a bulk computation without the cyclic garbage collector.

    Parsing a book allocates millions of small objects and frees them by reference
    counting: its results hold no reference cycles. Yet the collector ran every 700
    allocations, and its older generations walked every object the process holds (the
    loaded tables, all results so far): 4-6% of a long parse. Here it is paused and the
    objects that exist already are frozen (left out of collections, as Python's
    documentation advises before forking, so that the children's collections do not
    copy the parent's memory pages). At the end what the computation made joins the
    oldest generation with the rest (freezing and unfreezing everything does that): its
    results live on, and left in the youngest generation they would all be walked by
    the next allocation's collection, a pause as long as the time saved. Any cyclic
    garbage made meanwhile is found by the next full collection. Nested and concurrent
    uses leave the collector to the outermost one.
    """
    global _pause_depth
    with _pause_lock:
        _pause_depth += 1
        outermost = _pause_depth == 1
        was_enabled = gc.isenabled()
        if outermost:
            gc.freeze()
            gc.disable()
    try:
        yield
    finally:
        with _pause_lock:
            _pause_depth -= 1
            if outermost:
                gc.freeze()  # everything, the computation's objects too, then all of it
                gc.unfreeze()  # back to the oldest generation
                if was_enabled:
                    gc.enable()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
