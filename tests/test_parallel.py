"""Parsing a long document in forked processes gives what one process gives."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from pathlib import Path

import pytest

from citecheck import parallel
from citecheck.api import parse_text
from citecheck.citations.parse import parse_citations
from citecheck.parallel import MIN_ITEMS_PER_PROCESS, imap_in_processes, map_in_processes

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic import book

ITEMS = 2 * MIN_ITEMS_PER_PROCESS + 7  # enough for two processes, batches of unequal size
CALLER = os.getpid()


def _pid_and_square(n: int) -> tuple[int, int]:
    time.sleep(0.0002)  # slow enough that the child takes batches before the caller is done
    return os.getpid(), n * n


def _fail_in_a_child(n: int) -> int:
    time.sleep(0.0002)
    if os.getpid() != CALLER:
        raise ValueError(f"bad item {n}")
    return n


@pytest.fixture
def can_fork() -> None:
    if not parallel._can_fork():
        pytest.skip("this process has threads or no fork(): the work runs in one process")


@pytest.mark.usefixtures("can_fork")
def test_results_come_back_in_order_from_two_processes() -> None:
    results = map_in_processes(_pid_and_square, range(ITEMS), workers=2)
    assert [square for _, square in results] == [n * n for n in range(ITEMS)]
    pids = [pid for pid, _ in results]
    assert len(set(pids)) == 2
    assert CALLER in pids


@pytest.mark.usefixtures("can_fork")
def test_an_error_in_a_child_is_raised_in_the_caller() -> None:
    with pytest.raises(ValueError, match="bad item"):
        map_in_processes(_fail_in_a_child, range(ITEMS), workers=2)


@pytest.mark.usefixtures("can_fork")
def test_a_child_result_larger_than_a_pipe_arrives_whole() -> None:
    """A child's results are far larger than a pipe holds while the caller is still busy
    with its own chunk: the child must not lose or reorder any of them."""
    results = map_in_processes(_long_text, range(ITEMS), workers=2)
    assert results == [_long_text(n) for n in range(ITEMS)]


def _long_text(n: int) -> str:
    return f"{n}:" + "字" * 500


@pytest.mark.usefixtures("can_fork")
def test_stopping_early_stops_the_children() -> None:
    results = imap_in_processes(_pid_and_square, range(ITEMS), workers=2)
    assert next(results)[1] == 0
    assert multiprocessing.active_children()  # the child was started for the rest
    results.close()
    assert multiprocessing.active_children() == []


def test_few_items_stay_in_this_process() -> None:
    pids = {pid for pid, _ in map_in_processes(_pid_and_square, range(50), workers=2)}
    assert pids == {os.getpid()}


@pytest.mark.usefixtures("can_fork")
def test_a_long_document_parses_the_same_in_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    text = book(ITEMS, seed=11)
    parse_citations.cache_clear()  # both runs parse every note afresh
    forked = parse_text(text)
    parse_citations.cache_clear()
    monkeypatch.setattr(parallel, "_can_fork", lambda: False)
    single = parse_text(text)
    assert len(forked.footnotes) == ITEMS
    assert forked == single


def _collector_state() -> tuple[bool, int]:
    import gc

    return gc.isenabled(), gc.get_freeze_count()


def test_the_collector_is_paused_while_parsing_and_restored_after() -> None:
    import gc

    seen: list[tuple[bool, int]] = []
    before = _collector_state()
    with parallel.collector_paused():
        seen.append(_collector_state())
        with parallel.collector_paused():  # nested: the outer one restores
            seen.append(_collector_state())
        seen.append(_collector_state())
    assert before[0] is True
    assert [enabled for enabled, _ in seen] == [False, False, False]
    assert all(frozen > 0 for _, frozen in seen)  # what existed before is left out
    assert _collector_state() == before
    gc.disable()
    try:
        parse_text(book(50, seed=1))
        assert gc.isenabled() is False  # a caller's own choice is kept
    finally:
        gc.enable()


def test_parsing_restores_the_collector_even_when_it_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from citecheck import api

    def fail(text: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "_parse_note", fail)
    before = _collector_state()
    with pytest.raises(RuntimeError, match="boom"):
        parse_text(book(20, seed=2))
    assert _collector_state() == before


def test_a_parse_sets_off_no_collection() -> None:
    """Nothing is collected during a parse, and no collection is due after it: the results
    join the oldest generation instead of waiting, young, for a collection that walks them
    all."""
    import gc

    parse_text(book(50, seed=4))  # tables loaded: what follows is the parse alone
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        document = parse_text(book(300, seed=4))
        young = gc.get_count()[0]
    finally:
        gc.callbacks.remove(count)
    assert len(document.footnotes) == 300
    assert collections == []
    assert young < 700  # and none is due: the results are not young
