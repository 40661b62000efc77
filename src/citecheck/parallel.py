"""Spread independent work over the machine's CPUs (used for long documents).

Each note of a document parses on its own, so a book or a thesis is split into one chunk
per CPU. The calling process computes the first chunk itself and forked children compute
the others, so only their part of the results crosses a pipe (pickling is the largest
cost of parallel parsing). Results stream back in batches, in order, so the caller can
use each result (resolve it, say) as soon as it is there instead of after the last one;
the calling process, which also receives and uses every child's results, takes a
smaller chunk so that all processes finish together. Processes are forked only from a
single-threaded caller (forking a threaded process is unsafe) and only where the platform
can fork; otherwise the work runs in this process. The results are the same either way,
in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a second process costs more (fork, pickling) than it saves.
MIN_ITEMS_PER_PROCESS = 1_000
# The caller's share of an even split: besides its own chunk it unpickles and uses every
# child's results (measured with benchmarks/bench_parse.py: about a tenth of the work).
CALLER_SHARE = 0.9
# Results cross the pipe in batches of this many items: small enough that the caller
# waits for little at the end, large enough that a message costs little per item.
BATCH = 256


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

    The results of this process's chunk come as they are computed, then each child's, a
    batch at a time as they arrive. Closing the iterator early stops the children.
    """
    count = min(workers or os.cpu_count() or 1, len(items) // MIN_ITEMS_PER_PROCESS)
    if count < 2 or not _can_fork():
        return (func(item) for item in items)
    return _forked(func, items, count)


def _forked(func: Callable[[T], R], items: Sequence[T], count: int) -> Generator[R, None, None]:
    own = round(len(items) / count * CALLER_SHARE)
    size = -(-(len(items) - own) // (count - 1))
    chunks = [items[i : i + size] for i in range(own, len(items), size)]
    context = multiprocessing.get_context("fork")
    children = []
    try:
        for chunk in chunks:
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_work, args=(func, chunk, sender), daemon=True)
            child.start()
            sender.close()
            children.append((child, receiver))
        for item in items[:own]:
            yield func(item)
        for child, receiver in children:
            yield from _collect(child, receiver)
    finally:
        for child, receiver in children:
            if child.is_alive():  # the caller stopped early, or another child failed
                child.terminate()
            child.join()
            receiver.close()


def _work(func: Callable[[T], R], chunk: Sequence[T], sender: Connection) -> None:
    """In a child: compute the chunk, sending ``(True, batch)`` messages, then ``(True,
    None)`` at the end, or ``(False, error)`` if ``func`` raised.

    A writer thread sends while this thread computes: the caller reads only after its own
    chunk, and a pipe holds far less than a chunk's results, so a child that wrote itself
    would wait, idle, for the caller.
    """
    messages: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    writer = threading.Thread(target=_send_all, args=(messages, sender))
    writer.start()
    try:
        for start in range(0, len(chunk), BATCH):
            batch = [func(item) for item in chunk[start : start + BATCH]]
            messages.put(bytes(ForkingPickler.dumps((True, batch))))
        messages.put(bytes(ForkingPickler.dumps((True, None))))
    except BaseException as exc:
        messages.put(bytes(ForkingPickler.dumps((False, exc))))
    messages.put(None)
    writer.join()
    sender.close()


def _send_all(messages: queue.SimpleQueue[bytes | None], sender: Connection) -> None:
    while (message := messages.get()) is not None:
        sender.send_bytes(message)


def _collect(child: multiprocessing.process.BaseProcess, receiver: Connection) -> Iterator[R]:
    """The results a child sends, batch by batch; its error raised here."""
    while True:
        try:
            ok, payload = receiver.recv()
        except EOFError:  # the child died without finishing (killed, out of memory)
            child.join()
            raise RuntimeError(f"a parsing process ended with exit code {child.exitcode}") from None
        if not ok:
            assert isinstance(payload, BaseException)
            raise payload
        if payload is None:
            return
        assert isinstance(payload, list)
        yield from payload


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
