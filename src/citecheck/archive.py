"""The Internet Archive adapter: the only module that talks to the Wayback Machine.

Three documented APIs behind a small typed interface:

* CDX (``web.archive.org/cdx/search/cdx``, JSON output): ``lookup`` finds the newest 2xx
  capture at or before the cited date, else the nearest after it; ``snapshots`` lists the
  captures under a URL prefix (through waybackpy, which handles that query well);
* Availability (``archive.org/wayback/available``): only a fallback when CDX cannot be
  reached, since it is known to be flaky;
* Save Page Now 2 (``POST web.archive.org/save`` + ``/save/status/<job>``) with the
  account's S3-style keys, which are only ever sent to web.archive.org.

waybackpy has no request timeouts, sleeps between availability calls, opens a session per
call and cannot authenticate SPN2; so the direct calls go through one session here, with
timeouts, and the waybackpy call runs under a deadline. Politeness is enforced here too:
one request at a time, at most ``cdx_per_minute`` lookups and ``saves_per_minute`` saves in
any minute, and after a 429 no further call in this session (the archive blocks IPs that
ignore 429 for an hour).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import requests

from citecheck.client import parse_retry_after
from citecheck.config import DEFAULT_USER_AGENT
from citecheck.status import Snapshot

WAYBACK = "https://web.archive.org"
CDX_ENDPOINT = f"{WAYBACK}/cdx/search/cdx"
SAVE_ENDPOINT = f"{WAYBACK}/save"
STATUS_ENDPOINT = f"{WAYBACK}/save/status/"
AVAILABILITY_ENDPOINT = "https://archive.org/wayback/available"
ACCESS_KEY_VARIABLE = "CITECHECK_IA_ACCESS_KEY"
SECRET_KEY_VARIABLE = "CITECHECK_IA_SECRET_KEY"
KEYS_HELP = (
    "saving pages needs Internet Archive keys: log in at https://archive.org, create keys at "
    f"https://archive.org/account/s3.php, then set {ACCESS_KEY_VARIABLE} and "
    f"{SECRET_KEY_VARIABLE} (lookups work without keys)"
)
_OK_CAPTURES = "statuscode:20[036]"
_EXCLUDED_HEADER = "x-archive-wayback-runtime-error"


class SaveOutcome(StrEnum):
    """How a Save Page Now request ended."""

    SAVED = "saved"
    RECENT = "recent"  # archived within the skip window: not saved again
    FAILED = "failed"
    NO_KEYS = "no_keys"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True, slots=True)
class SaveResult:
    """The result of asking the archive to save one URL."""

    url: str
    outcome: SaveOutcome
    snapshot: Snapshot | None = None
    message: str = ""

    @property
    def failed(self) -> bool:
        """The page was not saved and should have been (refused, or the archive's limit)."""
        return self.outcome in (SaveOutcome.FAILED, SaveOutcome.RATE_LIMITED)


class RateLimiter:
    """At most ``limit`` calls in any ``period`` seconds (a sliding window)."""

    def __init__(
        self,
        limit: int,
        period: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit = limit
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._calls: deque[float] = deque()

    def acquire(self) -> None:
        """Wait until one more call fits in the window, then count it."""
        while True:
            now = self._clock()
            while self._calls and now - self._calls[0] >= self.period:
                self._calls.popleft()
            if len(self._calls) < self.limit:
                self._calls.append(now)
                return
            self._sleep(self._calls[0] + self.period - now)


def keys_from_environment() -> tuple[str, str] | None:
    """The archive keys from CITECHECK_IA_ACCESS_KEY / CITECHECK_IA_SECRET_KEY, if both set."""
    access = os.environ.get(ACCESS_KEY_VARIABLE, "").strip()
    secret = os.environ.get(SECRET_KEY_VARIABLE, "").strip()
    return (access, secret) if access and secret else None


class Archive:
    """The Wayback Machine, politely. Thread-safe: calls are serialised."""

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        keys: tuple[str, str] | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout: float = 30.0,
        cdx_per_minute: int = 24,
        saves_per_minute: int = 6,
        poll_interval: float = 5.0,
        poll_deadline: float = 180.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.session = session or requests.Session()
        self._keys = keys
        self.user_agent = user_agent
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.poll_deadline = poll_deadline
        self._clock = clock
        self._sleep = sleep
        self._lookups = RateLimiter(cdx_per_minute, clock=clock, sleep=sleep)
        self._saves = RateLimiter(saves_per_minute, clock=clock, sleep=sleep)
        self._one_at_a_time = threading.Lock()
        self.rate_limited = False
        self.calls = 0

    @property
    def can_save(self) -> bool:
        """Whether keys for Save Page Now were given."""
        return self._keys is not None

    # -- HTTP -------------------------------------------------------------------------

    def _request(
        self, method: str, url: str, limiter: RateLimiter | None, **kwargs: Any
    ) -> requests.Response | None:
        """One call to the archive, or None when it cannot be made or failed in transit."""
        with self._one_at_a_time:
            if self.rate_limited:
                return None
            if limiter is not None:
                limiter.acquire()
            headers = {"User-Agent": self.user_agent, **kwargs.pop("headers", {})}
            self.calls += 1
            try:
                response = self.session.request(
                    method, url, headers=headers, timeout=(10.0, self.timeout), **kwargs
                )
            except requests.RequestException:
                return None
            if response.status_code == 429:
                # Stop for the rest of this session: the archive blocks IPs that keep
                # calling after a 429 for an hour.
                self.rate_limited = True
                retry = parse_retry_after(response.headers.get("Retry-After"))
                self.retry_after = retry if retry is not None else 3600.0
                return None
            return response

    # -- lookups ----------------------------------------------------------------------

    def lookup(self, url: str, near: date | None = None) -> Snapshot | None:
        """The 2xx capture of ``url`` newest at or before ``near`` (else nearest after)."""
        target = _timestamp(near)
        response = self._request(
            "GET",
            CDX_ENDPOINT,
            self._lookups,
            params={
                "url": url,
                "output": "json",
                "filter": _OK_CAPTURES,
                "closest": target,
                "sort": "closest",
                "limit": "25",
            },
        )
        if response is None or response.status_code >= 500:
            return None if self.rate_limited else self._availability(url, target)
        if response.status_code == 403 and _EXCLUDED_HEADER in _lower(response.headers):
            return None  # the site asked the archive to exclude it
        if response.status_code != 200:
            return None
        return _choose(_cdx_rows(response), target)

    def _availability(self, url: str, target: str) -> Snapshot | None:
        """The Availability API's closest capture: a hint for when CDX is unreachable."""
        response = self._request(
            "GET", AVAILABILITY_ENDPOINT, self._lookups, params={"url": url, "timestamp": target}
        )
        if response is None or response.status_code != 200:
            return None
        try:
            closest = response.json().get("archived_snapshots", {}).get("closest") or {}
        except (ValueError, AttributeError):
            return None
        if not closest.get("available") or not str(closest.get("status", "")).startswith("2"):
            return None
        stamp = str(closest.get("timestamp", ""))
        return Snapshot(
            url=_snapshot_url(stamp, url),
            timestamp=stamp,
            original=url,
            status=int(closest["status"]),
            source="availability",
        )

    def snapshots(self, url_prefix: str, limit: int = 100) -> list[Snapshot]:
        """2xx captures whose URL starts with ``url_prefix`` (CDX prefix match, via waybackpy)."""
        with self._one_at_a_time:
            if self.rate_limited:
                return []
            self._lookups.acquire()
            self.calls += 1
            rows = _with_deadline(
                lambda: _waybackpy_prefix(url_prefix, limit, self.user_agent), self.timeout * 2
            )
        return [
            Snapshot(
                _snapshot_url(r.timestamp, r.original),
                r.timestamp,
                r.original,
                int(r.statuscode) if r.statuscode.isdigit() else None,
                "cdx",
            )
            for r in rows or []
        ]

    def suggest_repair(self, url: str) -> str | None:
        """An archived URL that the damaged ``url`` most likely meant, found by prefix search.

        PDF conversion cuts and garbles the ends of URLs; their sound beginning is still a
        prefix of the real address. Shorter prefixes are tried until captures are found,
        and the capture most similar to the cited URL is proposed (never applied).
        """
        cited = _comparable(url)
        for prefix in _sound_prefixes(url):
            captures = self.snapshots(prefix)
            if not captures:
                continue
            best = max(
                captures,
                key=lambda c: SequenceMatcher(None, cited, _comparable(c.original)).ratio(),
            )
            if _comparable(best.original) != cited:
                return best.original
            return None
        return None

    # -- saving -----------------------------------------------------------------------

    def save(self, url: str, *, skip_recent_days: float = 30.0) -> SaveResult:
        """Archive ``url`` now with Save Page Now 2 (skipped if archived recently)."""
        if self._keys is None:
            return SaveResult(url, SaveOutcome.NO_KEYS, message=KEYS_HELP)
        recent = self.lookup(url, date.today())
        if recent is not None and _age_days(recent.timestamp) <= skip_recent_days:
            return SaveResult(
                url, SaveOutcome.RECENT, recent, f"archived {recent.timestamp[:8]}; not saved again"
            )
        auth = {
            "Authorization": f"LOW {self._keys[0]}:{self._keys[1]}",
            "Accept": "application/json",
        }
        response = self._request(
            "POST",
            SAVE_ENDPOINT,
            self._saves,
            headers=auth,
            data={"url": url, "skip_first_archive": "1"},
        )
        problem = self._save_problem(response)
        if problem is not None:
            return SaveResult(url, *problem)
        assert response is not None
        job = response.json().get("job_id")
        if not job:
            return SaveResult(url, SaveOutcome.FAILED, message="the archive returned no job id")
        return self._poll(url, str(job), auth)

    def _save_problem(
        self, response: requests.Response | None
    ) -> tuple[SaveOutcome, None, str] | None:
        if response is None:
            outcome = SaveOutcome.RATE_LIMITED if self.rate_limited else SaveOutcome.FAILED
            return (
                outcome,
                None,
                "the archive did not answer"
                if not self.rate_limited
                else ("the archive answered 429 Too Many Requests; stopped for this run"),
            )
        if response.status_code in (401, 403):
            return SaveOutcome.FAILED, None, "the archive refused the keys (HTTP 401/403)"
        if response.status_code != 200:
            return SaveOutcome.FAILED, None, f"HTTP {response.status_code} from Save Page Now"
        try:
            data = response.json()
        except ValueError:
            return SaveOutcome.FAILED, None, "Save Page Now answered something other than JSON"
        if data.get("status") == "error":  # errors arrive inside a 200
            return SaveOutcome.FAILED, None, _spn_error(data)
        return None

    def _poll(self, url: str, job: str, auth: dict[str, str]) -> SaveResult:
        deadline = self._clock() + self.poll_deadline
        while self._clock() < deadline:
            self._sleep(self.poll_interval)
            response = self._request("GET", STATUS_ENDPOINT + job, None, headers=auth)
            if response is None or response.status_code != 200:
                outcome = SaveOutcome.RATE_LIMITED if self.rate_limited else SaveOutcome.FAILED
                return SaveResult(url, outcome, message="status of the save job unavailable")
            data = response.json()
            if data.get("status") == "success":
                stamp = str(data.get("timestamp", ""))
                original = str(data.get("original_url") or url)
                snapshot = Snapshot(_snapshot_url(stamp, original), stamp, original, 200, "saved")
                return SaveResult(url, SaveOutcome.SAVED, snapshot, "saved")
            if data.get("status") == "error":
                return SaveResult(url, SaveOutcome.FAILED, message=_spn_error(data))
        return SaveResult(url, SaveOutcome.FAILED, message="the save job did not finish in time")


def _timestamp(near: date | None) -> str:
    """A CDX timestamp for the end of ``near`` (captures that day count as before it)."""
    day = near or datetime.now(UTC).date()
    return day.strftime("%Y%m%d") + "235959"


def _snapshot_url(timestamp: str, original: str) -> str:
    return f"{WAYBACK}/web/{timestamp}/{original}"


def _lower(headers: Any) -> set[str]:
    return {str(k).lower() for k in headers}


def _cdx_rows(response: requests.Response) -> list[Snapshot]:
    """Captures from a JSON CDX answer (``[]`` when none; first row is the header)."""
    try:
        data = response.json()
    except ValueError:
        return []
    if not isinstance(data, list) or len(data) < 2:
        return []
    header = data[0]
    out = []
    for row in data[1:]:
        record = dict(zip(header, row, strict=False))
        stamp, original = str(record.get("timestamp", "")), str(record.get("original", ""))
        if len(stamp) >= 8 and original:
            status = str(record.get("statuscode", ""))
            out.append(
                Snapshot(
                    _snapshot_url(stamp, original),
                    stamp,
                    original,
                    int(status) if status.isdigit() else None,
                    "cdx",
                )
            )
    return out


def _choose(captures: list[Snapshot], target: str) -> Snapshot | None:
    """The newest capture at or before ``target``, else the earliest after it."""
    before = [c for c in captures if c.timestamp <= target]
    if before:
        return max(before, key=lambda c: c.timestamp)
    after = [c for c in captures if c.timestamp > target]
    return min(after, key=lambda c: c.timestamp) if after else None


def _spn_error(data: dict[str, Any]) -> str:
    return f"{data.get('status_ext', 'error')}: {data.get('message', 'Save Page Now failed')}"


def _age_days(timestamp: str) -> float:
    try:
        when = datetime.strptime(timestamp[:14].ljust(14, "0"), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return float("inf")
    return (datetime.now(UTC) - when) / timedelta(days=1)


def _comparable(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


def _sound_prefixes(url: str) -> list[str]:
    """Prefixes of a damaged URL, longest first: its last path word dropped, then half its
    last segment's words (or, for a one-word segment, the whole segment)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    base = f"{parts.netloc}{head}/"
    words = re.split(r"(?<=[-_.])", last)
    candidates = []
    if len(words) > 1:
        candidates.append(base + "".join(words[:-1]))
    if len(words) > 3:
        candidates.append(base + "".join(words[: len(words) // 2]))
    if head and len(words) <= 1:
        candidates.append(base)
    # Two queries at most: each costs one of the archive's 24 lookups a minute.
    return list(dict.fromkeys(c for c in candidates if len(c) > len(parts.netloc) + 1))[:2]


def _waybackpy_prefix(prefix: str, limit: int, user_agent: str) -> list[Any]:
    from waybackpy import WaybackMachineCDXServerAPI

    api = WaybackMachineCDXServerAPI(
        url=prefix,
        user_agent=user_agent,
        match_type="prefix",
        filters=["statuscode:200"],
        limit=str(limit),
        max_tries=1,
    )
    return list(api.snapshots())


def _with_deadline(call: Callable[[], list[Any]], seconds: float) -> list[Any] | None:
    """Run ``call`` in a daemon thread; None if it raises or outlives ``seconds``
    (waybackpy sets no timeouts of its own)."""
    box: list[list[Any]] = []

    def run() -> None:
        try:
            box.append(call())
        except Exception:  # waybackpy raises its own tree and requests' errors alike
            return

    worker = threading.Thread(target=run, daemon=True, name="citecheck-waybackpy")
    worker.start()
    worker.join(seconds)
    return box[0] if box else None
