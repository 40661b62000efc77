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
import stat
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from citecheck.errors import StateError

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
    """The SQLite state file. Safe to share between threads (one lock, one connection).

    A state file that is not a readable citecheck database (random bytes, a damaged
    SQLite file, as a restored cache may be) is set aside (renamed with a timestamp
    suffix; ``set_aside`` names it, ``warning`` says it in one line) and a fresh one is
    started, so that a scheduled run goes on. A path that cannot hold a state file (a
    directory, a device, a folder that cannot be made) is a ``StateError``.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.set_aside: Path | None = None
        self.warning: str | None = None
        self._lock = threading.Lock()
        _check_state_path(self.path)
        try:
            self._db = _open(self.path)
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):
                raise StateError(f"{self.path}: cannot open the state file ({exc})") from exc
            self.set_aside = _set_aside(self.path)
            self.warning = (
                f"{self.path} was not a readable state file ({exc}); moved to "
                f"{self.set_aside.name} and started afresh"
            )
            try:
                self._db = _open(self.path)
            except sqlite3.Error as again:
                raise StateError(f"{self.path}: cannot open the state file ({again})") from again

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
        with self._lock, _state_errors(self.path):
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
        with self._lock, _state_errors(self.path):
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
        with self._lock, _state_errors(self.path):
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
        with self._lock, _state_errors(self.path):
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
        with self._lock, _state_errors(self.path):
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


# SQLite's primary result codes for "this is not a database" and "the database is damaged".
_CORRUPT_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB


def _check_state_path(path: Path) -> None:
    """StateError unless ``path`` is a regular file or can become one."""
    from citecheck.files import not_regular

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise StateError(f"{path}: cannot use as the state file ({exc.strerror or exc})") from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise StateError(f"{path}: is a directory, not a state file")
    reason = not_regular(mode) if mode is not None else None
    if reason is not None:
        raise StateError(f"{path}: {reason}; the state must be a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = exc.strerror or exc
        raise StateError(f"{path}: cannot create the state file's folder ({why})") from exc


def _open(path: Path) -> sqlite3.Connection:
    """A connection to ``path`` with the schema in place, after SQLite's quick check."""
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        if db.execute("PRAGMA quick_check(1)").fetchone() != ("ok",):
            error = sqlite3.DatabaseError("database disk image is malformed")
            error.sqlite_errorcode = 11  # SQLITE_CORRUPT, as SQLite itself would say
            raise error
        db.executescript(SCHEMA)
    except BaseException:
        db.close()
        raise
    return db


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _CORRUPT_CODES


def _set_aside(path: Path, now: float | None = None) -> Path:
    """Rename the damaged state file (and its WAL files) with a UTC timestamp suffix."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    count = 1
    while target.exists():
        count += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{count}")
    try:
        for suffix in ("-wal", "-shm"):
            sidecar = path.with_name(path.name + suffix)
            if sidecar.exists():
                sidecar.rename(target.with_name(target.name + suffix))
        path.rename(target)
    except OSError as exc:
        why = exc.strerror or exc
        raise StateError(f"{path}: damaged, and cannot be set aside ({why})") from exc
    return target


@contextmanager
def _state_errors(path: Path) -> Iterator[None]:
    """SQLite failures during a run (disk full, file removed) as one-line StateErrors."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StateError(f"{path}: the state file failed ({exc})") from exc


def default_state_path() -> Path:
    """The default state file, in the user's cache directory."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("citecheck")) / "state.sqlite3"
