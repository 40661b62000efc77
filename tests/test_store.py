"""The SQLite state: freshness, flake protection, durability, archive cache."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

from citecheck.store import DAY, ArchiveRecord, CheckRecord, FlakeRule, Store

T0 = 1_700_000_000.0


def _check(url: str, at: float, ok: bool, status: str = "live") -> CheckRecord:
    return CheckRecord(url=url, checked_at=at, status=status if ok else "dead", ok=ok)


def test_fresh_success_is_reused_within_ttl_only(tmp_path: Path) -> None:
    """A success is reused within the TTL and not after; failures are never reused."""
    with Store(tmp_path / "s.db") as store:
        run = store.start_run(T0)
        store.record(run, _check("http://a.example/", T0, ok=True))
        store.record(run, _check("http://b.example/", T0, ok=False))
        assert store.fresh("http://a.example/", ttl=DAY, now=T0 + 10) is not None
        assert store.fresh("http://a.example/", ttl=DAY, now=T0 + 2 * DAY) is None
        assert store.fresh("http://b.example/", ttl=DAY, now=T0 + 10) is None


def test_flake_rule_counts_runs_days_apart(tmp_path: Path) -> None:
    """Failures on one day count once; three failures three days apart make a dead link."""
    url = "http://gone.example/page"
    rule = FlakeRule(runs=3, days=3)
    with Store(tmp_path / "s.db") as store:
        for offset in (0, 0.5, 1):  # three runs within two days: one counted failure
            store.record(store.start_run(), _check(url, T0 + offset * DAY, ok=False))
        assert store.failure_count(url, rule) == 1
        store.record(store.start_run(), _check(url, T0 + 3 * DAY, ok=False))
        store.record(store.start_run(), _check(url, T0 + 6 * DAY, ok=False))
        assert store.failure_count(url, rule) == 3


def test_success_resets_the_failure_streak(tmp_path: Path) -> None:
    """A success between failures starts the count again."""
    url = "http://flaky.example/"
    rule = FlakeRule(runs=3, days=1)
    with Store(tmp_path / "s.db") as store:
        store.record(store.start_run(), _check(url, T0, ok=False))
        store.record(store.start_run(), _check(url, T0 + 2 * DAY, ok=False))
        store.record(store.start_run(), _check(url, T0 + 4 * DAY, ok=True))
        store.record(store.start_run(), _check(url, T0 + 6 * DAY, ok=False))
        assert store.failure_count(url, rule) == 1


def _record_then_die(path: str) -> None:
    store = Store(path)
    run = store.start_run(T0)
    store.record(run, _check("http://kept.example/", T0, ok=True))
    import os

    os._exit(1)  # killed half-way: no close, no clean shutdown


def test_a_killed_run_keeps_what_it_recorded(tmp_path: Path) -> None:
    """Checks committed before a process dies are in the state file afterwards."""
    path = tmp_path / "s.db"
    process = multiprocessing.get_context("fork").Process(
        target=_record_then_die, args=(str(path),)
    )
    process.start()
    process.join(10)
    assert process.exitcode == 1
    rows = sqlite3.connect(path).execute("SELECT url FROM checks").fetchall()
    assert rows == [("http://kept.example/",)]


def test_archive_lookups_are_cached_with_a_ttl(tmp_path: Path) -> None:
    """An archive lookup is returned within its TTL, including a 'none found' answer."""
    with Store(tmp_path / "s.db") as store:
        record = ArchiveRecord("http://a.example/", "20140528", T0, None, None, None, "cdx")
        store.save_archive_lookup(record)
        assert store.archive_lookup("http://a.example/", "20140528", ttl=DAY, now=T0 + 1) == record
        assert (
            store.archive_lookup("http://a.example/", "20140528", ttl=DAY, now=T0 + 2 * DAY) is None
        )
