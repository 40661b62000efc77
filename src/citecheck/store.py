"""Persistent state: every link check and archive lookup, in one SQLite file.

The only module that touches the state. Rows are simple and stable (status strings,
HTTP codes, URLs, titles, timestamps; never pickles). WAL mode, and each result is
committed as it arrives, so a run killed half-way loses nothing already recorded.

Two policies live here because they are questions about history:

* freshness: a successful result newer than the TTL is reused (a warm rerun sends no
  request); errors and failures are never reused as success;
* flake protection: a link is "dead" only after failing on N separate runs at least D days
  apart (as InternetArchiveBot does); before that it is "failing (k of N)".
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    started_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL,
    url TEXT NOT NULL,
    checked_at REAL NOT NULL,
    status TEXT NOT NULL,
    ok INTEGER NOT NULL,
    http_status INTEGER,
    final_url TEXT,
    page_title TEXT,
    redirects TEXT,
    elapsed REAL,
    reason TEXT
);
CREATE INDEX IF NOT EXISTS checks_by_url ON checks (url, checked_at);
CREATE TABLE IF NOT EXISTS archive (
    url TEXT NOT NULL,
    near TEXT NOT NULL,
    looked_up_at REAL NOT NULL,
    snapshot_url TEXT,
    timestamp TEXT,
    http_status TEXT,
    source TEXT,
    PRIMARY KEY (url, near)
);
CREATE TABLE IF NOT EXISTS dois (
    key TEXT PRIMARY KEY,
    looked_up_at REAL NOT NULL,
    outcome TEXT NOT NULL,
    agency TEXT,
    record TEXT
);
"""

DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class CheckRecord:
    """One recorded check of one URL."""

    url: str
    checked_at: float
    status: str
    ok: bool
    http_status: int | None = None
    final_url: str | None = None
    page_title: str | None = None
    redirects: str = ""
    elapsed: float | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class FlakeRule:
    """A link is dead after failing on ``runs`` runs at least ``days`` days apart."""

    runs: int = 3
    days: float = 3.0


@dataclass(frozen=True, slots=True)
class ArchiveRecord:
    """A cached archive lookup: the snapshot found near a date, or none."""

    url: str
    near: str
    looked_up_at: float
    snapshot_url: str | None
    timestamp: str | None
    http_status: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class DoiRecord:
    """A cached registry answer: a DOI's record (JSON text), or a search's suggestion.

    ``key`` is ``doi:<lower-case DOI>`` or ``search:<query>``; ``outcome`` is what the
    registry said (``found``, ``not_found``, ``none``).
    """

    key: str
    looked_up_at: float
    outcome: str
    agency: str | None = None
    record: str | None = None


class Store:
    """The SQLite state file. Safe to share between threads (one lock, one connection)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def start_run(self, now: float | None = None) -> str:
        """Register a new run; returns its id."""
        run_id = uuid.uuid4().hex
        with self._transaction() as db:
            db.execute("INSERT INTO runs VALUES (?, ?)", (run_id, now or time.time()))
        return run_id

    def record(self, run_id: str, check: CheckRecord) -> None:
        """Store one check, committed at once."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO checks (run_id, url, checked_at, status, ok, http_status, final_url,"
                " page_title, redirects, elapsed, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    run_id,
                    check.url,
                    check.checked_at,
                    check.status,
                    int(check.ok),
                    check.http_status,
                    check.final_url,
                    check.page_title,
                    check.redirects,
                    check.elapsed,
                    check.reason,
                ),
            )

    def fresh(self, url: str, ttl: float, now: float | None = None) -> CheckRecord | None:
        """The latest check of ``url`` if it succeeded less than ``ttl`` seconds ago."""
        row = self._latest(url)
        if row is None or not row.ok or (now or time.time()) - row.checked_at > ttl:
            return None
        return row

    def _latest(self, url: str) -> CheckRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT url, checked_at, status, ok, http_status, final_url, page_title,"
                " redirects, elapsed, reason FROM checks WHERE url = ?"
                " ORDER BY checked_at DESC, id DESC LIMIT 1",
                (url,),
            ).fetchone()
        if row is None:
            return None
        return CheckRecord(
            row[0],
            row[1],
            row[2],
            bool(row[3]),
            row[4],
            row[5],
            row[6],
            row[7] or "",
            row[8],
            row[9] or "",
        )

    def failure_count(self, url: str, rule: FlakeRule) -> int:
        """Failures of ``url`` since its last success that count toward the flake rule.

        Failures are counted on distinct runs, each at least ``rule.days`` after the
        previous counted one, from the earliest failure of the current streak.
        """
        with self._lock:
            last_ok = self._db.execute(
                "SELECT MAX(checked_at) FROM checks WHERE url = ? AND ok = 1", (url,)
            ).fetchone()[0]
            rows = self._db.execute(
                "SELECT run_id, MIN(checked_at) FROM checks WHERE url = ? AND ok = 0"
                " AND status IN ('failing', 'dead')"
                " AND checked_at > ? GROUP BY run_id ORDER BY 2",
                (url, last_ok or 0.0),
            ).fetchall()
        counted, last = 0, None
        for _, at in rows:
            if last is None or at - last >= rule.days * DAY:
                counted, last = counted + 1, at
        return counted

    def archive_lookup(
        self, url: str, near: str, ttl: float, now: float | None = None
    ) -> ArchiveRecord | None:
        """A cached archive lookup for ``url`` near ``near``, if younger than ``ttl``."""
        with self._lock:
            row = self._db.execute(
                "SELECT url, near, looked_up_at, snapshot_url, timestamp, http_status, source"
                " FROM archive WHERE url = ? AND near = ?",
                (url, near),
            ).fetchone()
        if row is None or (now or time.time()) - row[2] > ttl:
            return None
        return ArchiveRecord(*row)

    def save_archive_lookup(self, record: ArchiveRecord) -> None:
        """Store an archive lookup (replacing an older one for the same URL and date)."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO archive VALUES (?,?,?,?,?,?,?)",
                (
                    record.url,
                    record.near,
                    record.looked_up_at,
                    record.snapshot_url,
                    record.timestamp,
                    record.http_status,
                    record.source,
                ),
            )

    def doi_record(self, key: str, ttl: float, now: float | None = None) -> DoiRecord | None:
        """The cached registry answer for ``key``, if younger than ``ttl`` seconds."""
        with self._lock:
            row = self._db.execute(
                "SELECT key, looked_up_at, outcome, agency, record FROM dois WHERE key = ?",
                (key,),
            ).fetchone()
        if row is None or (now or time.time()) - row[1] > ttl:
            return None
        return DoiRecord(*row)

    def save_doi_record(self, record: DoiRecord) -> None:
        """Store a registry answer (replacing the older one for the same key)."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO dois VALUES (?,?,?,?,?)",
                (record.key, record.looked_up_at, record.outcome, record.agency, record.record),
            )


def default_state_path() -> Path:
    """The default state file, in the user's cache directory."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("citecheck")) / "state.sqlite3"
