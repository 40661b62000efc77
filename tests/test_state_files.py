"""A bad ``--state`` path is one line and exit 2; a damaged state file is set aside (kept,
renamed with a timestamp) and the run goes on with a fresh one."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.errors import StateError
from citecheck.store import CheckRecord, Store

NOTE = "Claim.<sup>1</sup>\n\n<sup>1</sup> 林宗達，《國際關係理論概要》（台北：晶典文化，2011）。\n"


def verify_with_state(tmp_path: Path, state: str) -> subprocess.CompletedProcess[str]:
    """``citecheck verify`` of a paper that cites no URL (so no network), with ``state``."""
    paper = tmp_path / "paper.md"
    paper.write_text(NOTE, encoding="utf-8")
    options = ["--state", state, "--no-archive", "--format", "json"]
    return subprocess.run(
        [sys.executable, "-m", "citecheck", "verify", str(paper), *options],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=30,
    )


def random_bytes(size: int) -> bytes:
    return random.Random(11).randbytes(size)


def damaged_sqlite(path: Path) -> None:
    """A real state file whose pages after the first were overwritten with noise."""
    with Store(path) as store:
        run = store.start_run()
        for i in range(3000):
            store.record(run, CheckRecord(f"https://e.com/{i}", 1.0, "live", True))
    data = bytearray(path.read_bytes())
    data[4096:] = random_bytes(len(data) - 4096)
    path.write_bytes(bytes(data))
    for sidecar in ("-wal", "-shm"):
        path.with_name(path.name + sidecar).unlink(missing_ok=True)


def test_a_directory_as_state_is_one_line(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    state.mkdir()
    result = verify_with_state(tmp_path, str(state))
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"citecheck: error: {state}: is a directory, not a state file"
    ]


def test_a_state_under_a_regular_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    state = tmp_path / "file.txt" / "state.db"
    result = verify_with_state(tmp_path, str(state))
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"citecheck: error: {state}: cannot use as the state file (Not a directory)"
    ]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_as_state_is_one_line(tmp_path: Path) -> None:
    result = verify_with_state(tmp_path, "/dev/zero")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "citecheck: error: /dev/zero: is a character device, not a regular file; "
        "the state must be a file"
    ]


@pytest.mark.parametrize(
    "content",
    [random_bytes(50_000), b"SQLite format 3\x00" + random_bytes(50_000)],
    ids=["random bytes", "sqlite header then garbage"],
)
def test_a_damaged_state_is_set_aside_and_the_run_goes_on(tmp_path: Path, content: bytes) -> None:
    state = tmp_path / "state.db"
    state.write_bytes(content)
    result = verify_with_state(tmp_path, str(state))
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"citecheck: warning: {state} was not a readable state file (")
    assert line.endswith("and started afresh")
    [kept] = tmp_path.glob("state.db.corrupt-*")
    assert kept.read_bytes() == content
    assert f"moved to {kept.name}" in line
    with sqlite3.connect(state) as db:
        assert db.execute("SELECT COUNT(*) FROM runs").fetchone() == (1,)


def test_damage_past_the_header_is_found_and_set_aside(tmp_path: Path) -> None:
    """A file that opens but whose pages are noise (SQLite's quick check finds it)."""
    state = tmp_path / "state.db"
    damaged_sqlite(state)
    with Store(state) as store:
        assert store.set_aside is not None
        assert store.set_aside.name.startswith("state.db.corrupt-")
        assert store.fresh("https://e.com/1", ttl=1e12) is None
        store.start_run()
    assert store.set_aside.exists()


def test_a_healthy_state_is_kept(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    with Store(state) as store:
        store.record(store.start_run(), CheckRecord("https://e.com/", 5.0, "live", True))
    with Store(state) as store:
        assert store.set_aside is None
        assert store.warning is None
        assert store.fresh("https://e.com/", ttl=10.0, now=10.0) is not None
    assert list(tmp_path.glob("*.corrupt-*")) == []


@pytest.mark.skipif(getattr(os, "geteuid", lambda: 0)() == 0, reason="root may write anywhere")
def test_an_unwritable_state_folder_is_a_state_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(StateError, match="cannot"):
            Store(locked / "sub" / "state.db")
    finally:
        locked.chmod(0o700)


def test_every_cache_read_reports_a_failing_state_file_in_one_line(tmp_path: Path) -> None:
    """A state file whose tables vanish mid-run (another tool, a half-restored cache) turns
    each cache read into a StateError naming the file, never a raw sqlite3 traceback."""
    path = tmp_path / "state.db"
    with Store(path) as store:
        with sqlite3.connect(path) as other:
            for table in ("checks", "archive", "dois"):
                other.execute(f"DROP TABLE {table}")
        with pytest.raises(StateError, match="the state file failed"):
            store.fresh("https://e.com/", ttl=10.0)
        with pytest.raises(StateError, match="the state file failed"):
            store.doi_record("doi:10.5555/x", ttl=10.0)
