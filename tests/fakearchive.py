"""A fake Internet Archive (Wayback Machine) served on the simulated web of ``simweb``.

``FakeArchive(web)`` registers ``web.archive.org`` and ``archive.org`` on a ``SimWeb`` and
answers the endpoints citecheck (and ``waybackpy``) use, with the response shapes of the
real service:

* CDX server ``GET https://web.archive.org/cdx/search/cdx?url=...`` (JSON or text);
* availability API ``GET https://archive.org/wayback/available?url=...&timestamp=...``;
* snapshot pages ``GET https://web.archive.org/web/<timestamp>/<original url>``;
* Save Page Now 2: ``POST https://web.archive.org/save`` and
  ``GET https://web.archive.org/save/status/<job_id>``.

Every request is recorded in ``calls`` (with ``time.monotonic()`` timestamps) so tests
can assert rate limits (``max_calls_per_window``) and serial access (``max_concurrent``).

Typical use::

    def test_archived(web: SimWeb) -> None:
        archive = FakeArchive(web)
        archive.add("https://example.com/a", "20200101000000", title="A")
        ...
        assert archive.max_calls_per_window({"cdx"}, 60.0) <= 15
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qs, parse_qsl, unquote, urlsplit

from simweb import SimHandler, SimWeb

__all__ = [
    "BLOCKED_SITE_ERROR",
    "CDX_FIELDS",
    "Call",
    "Capture",
    "FakeArchive",
    "normalize_url",
    "surt",
]

WAYBACK_HOST = "web.archive.org"
ARCHIVE_HOST = "archive.org"

#: The CDX fields, in the order the CDX server returns them.
CDX_FIELDS: tuple[str, ...] = (
    "urlkey",
    "timestamp",
    "original",
    "mimetype",
    "statuscode",
    "digest",
    "length",
)

#: Value of ``X-Archive-Wayback-Runtime-Error`` for an excluded ("blocked") site.
BLOCKED_SITE_ERROR = (
    "org.archive.wayback.exception.AdministrativeAccessControlException: Blocked Site Error"
)
_BLOCKED_BODY = f"org.archive.util.io.RuntimeIOException: {BLOCKED_SITE_ERROR}\n"

_SNAPSHOT_RE = re.compile(r"^/web/(\d{1,14})(?:[a-z]{2}_)?/(.+)$", re.DOTALL)
_TS_DEFAULT = "00000101000000"  # padding for partial timestamps: month/day 01, rest 0


def _now_ts() -> str:
    """The current UTC time as a 14-digit Wayback timestamp."""
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S")


def _split(url: str) -> tuple[str, str, str, str]:
    """Split ``url`` (scheme optional) into (host without ``www.``, ``:port`` or "", path,
    ``?query`` or "")."""
    raw = url.strip()
    if "://" not in raw:
        raw = "http://" + raw.lstrip("/")
    parts = urlsplit(raw)
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    try:
        port = parts.port
    except ValueError:
        port = None
    port_s = f":{port}" if port is not None and port not in (80, 443) else ""
    return host, port_s, parts.path, f"?{parts.query}" if parts.query else ""


def normalize_url(url: str) -> str:
    """Normalise ``url`` like the CDX matching: no scheme, no leading ``www.``, lower-case
    host, no trailing slash."""
    host, port, path, query = _split(url)
    return f"{host}{port}{path}{query}".rstrip("/")


def _prefix_form(url: str) -> str:
    """``url`` normalised for prefix matching: like ``normalize_url`` but keeping a trailing
    slash, and with ``/`` for an empty path (so ``example.com`` does not match
    ``example.com.evil``)."""
    host, port, path, query = _split(url)
    return f"{host}{port}{path or '/'}{query}"


def surt(url: str) -> str:
    """The CDX ``urlkey`` of ``url``: ``com,example)/a/b`` (host reversed, path and query
    lower-cased, a trailing slash dropped like the matching does)."""
    host, port, path, query = _split(url)
    key = ",".join(reversed([label for label in host.split(".") if label]))
    path = path.rstrip("/") or "/"
    return f"{key}{port}){path}{query}".lower()


def _ts_seconds(ts: str) -> float:
    """Seconds since the epoch of a (possibly partial) Wayback timestamp."""
    digits = re.sub(r"\D", "", ts)[:14]
    full = digits + _TS_DEFAULT[len(digits) :]
    try:
        return datetime.strptime(full, "%Y%m%d%H%M%S").replace(tzinfo=UTC).timestamp()
    except ValueError:  # e.g. day 31 in a short month: approximate
        y, mo, d = int(full[:4]), int(full[4:6]), int(full[6:8])
        h, mi, s = int(full[8:10]), int(full[10:12]), int(full[12:14])
        return ((((y * 12 + mo) * 31 + d) * 24 + h) * 60 + mi) * 60.0 + s - 62135596800.0


def _html(title: str, body: str = "") -> bytes:
    """A minimal HTML document titled ``title``."""
    esc = html_lib.escape(title)
    doc = f"<html><head><title>{esc}</title></head><body><h1>{esc}</h1>{body}</body></html>"
    return doc.encode("utf-8")


def _json(obj: Any) -> bytes:
    """Encode ``obj`` as UTF-8 JSON."""
    return json.dumps(obj).encode("utf-8")


_JSON = {"Content-Type": "application/json"}
_TEXT = {"Content-Type": "text/plain"}
_BLOCK_HEADER = "X-Archive-Wayback-Runtime-Error"


@dataclass(frozen=True)
class Capture:
    """One capture (snapshot) held by the fake archive."""

    url: str
    timestamp: str
    status: int = 200
    mimetype: str = "text/html"
    title: str | None = None

    @property
    def key(self) -> str:
        """The normalised URL used for matching."""
        return normalize_url(self.url)

    @property
    def urlkey(self) -> str:
        """The SURT ``urlkey`` of the capture."""
        return surt(self.url)

    @property
    def digest(self) -> str:
        """A 32-character base32 digest (SHA-1 of URL and timestamp, like the real ones)."""
        raw = hashlib.sha1(f"{self.url} {self.timestamp}".encode()).digest()
        return base64.b32encode(raw).decode("ascii")

    @property
    def length(self) -> str:
        """The (compressed) record length, as a decimal string."""
        return str(len(self.page()) + 400)

    @property
    def snapshot_url(self) -> str:
        """The replay URL ``http://web.archive.org/web/<timestamp>/<original>``."""
        return f"http://{WAYBACK_HOST}/web/{self.timestamp}/{self.url}"

    def fields(self) -> dict[str, str]:
        """The CDX fields of the capture (all strings)."""
        return {
            "urlkey": self.urlkey,
            "timestamp": self.timestamp,
            "original": self.url,
            "mimetype": self.mimetype,
            "statuscode": str(self.status),
            "digest": self.digest,
            "length": self.length,
        }

    def page(self) -> bytes:
        """The replayed HTML page."""
        return _html(self.title or f"Archived copy of {self.url}")


@dataclass(frozen=True)
class Call:
    """One request received by the fake archive."""

    kind: str  # "cdx" | "availability" | "save" | "status" | "snapshot" | "other"
    time: float  # time.monotonic() when the request reached the archive
    path: str  # path and query as sent
    headers: dict[str, str]
    method: str = "GET"
    host: str = WAYBACK_HOST


@dataclass
class _Job:
    """A Save Page Now 2 job."""

    job_id: str
    url: str
    outcome: str  # "success" | "error" | "blocked"
    polls: int = 0
    final: dict[str, Any] | None = field(default=None)


class _BadRequestError(Exception):
    """A CDX query the server rejects with 400."""


class FakeArchive:
    """A fake Wayback Machine (CDX, availability, snapshots, SPN2) on a ``SimWeb``.

    Attributes tests may set: ``keys`` (the only accepted SPN2 credentials),
    ``save_outcome`` (``"success"``, ``"error"`` or ``"refuse"``), ``rate_limit_429``
    (every endpoint answers 429 with ``Retry-After: 60``), ``pending_polls`` (how many
    status polls answer ``pending`` before the job ends) and ``delay`` (seconds each
    request takes to serve, to make overlapping requests observable).
    """

    def __init__(self, web: SimWeb) -> None:
        """Register ``web.archive.org`` and ``archive.org`` (HTTPS) on ``web``."""
        self.web = web
        self.keys: tuple[str, str] = ("test-access", "test-secret")
        self.save_outcome: str = "success"
        self.rate_limit_429: bool = False
        self.pending_polls: int = 1
        self.delay: float = 0.0
        self.max_concurrent: int = 0
        self._lock = threading.Lock()
        self._captures: list[Capture] = []
        self._excluded: list[str] = []
        self._jobs: dict[str, _Job] = {}
        self._calls: list[Call] = []
        self._active = 0

        wb, ao = f"https://{WAYBACK_HOST}", f"https://{ARCHIVE_HOST}"
        web.handler(f"{wb}/cdx/search/cdx", self._wrap("cdx", self._cdx))
        web.handler(f"{wb}/save", self._wrap("save", self._save))
        web.handler(f"{wb}/save/", self._wrap("save", self._save))
        web.handler(f"{ao}/wayback/available", self._wrap("availability", self._available))
        # simweb has no public prefix routes; its private _add_prefix is what it uses itself.
        web._add_prefix("https", WAYBACK_HOST, "/save/status/", self._wrap("status", self._status))
        web._add_prefix("https", WAYBACK_HOST, "/web/", self._wrap("snapshot", self._snapshot))
        for host in (WAYBACK_HOST, ARCHIVE_HOST):
            web._add_prefix("https", host, "/", self._wrap("other", self._other))

    # ------------------------------------------------------------------ test set-up

    def add(
        self,
        url: str,
        timestamp: str,
        status: int = 200,
        mimetype: str = "text/html",
        title: str | None = None,
    ) -> None:
        """Add a capture of ``url`` at ``timestamp`` (YYYYMMDDhhmmss); it is also replayed at
        ``https://web.archive.org/web/<timestamp>/<url>`` as an HTML page with ``title``."""
        if not re.fullmatch(r"\d{14}", timestamp):
            raise ValueError(f"timestamp must have 14 digits: {timestamp!r}")
        with self._lock:
            self._captures.append(Capture(url, timestamp, status, mimetype, title))

    def exclude(self, url_prefix: str) -> None:
        """Exclude every URL under ``url_prefix``: CDX answers 403 (Blocked Site Error),
        availability answers no snapshots, snapshot pages 403 and saves fail."""
        with self._lock:
            self._excluded.append(normalize_url(url_prefix))

    def captures(self, url: str | None = None) -> list[Capture]:
        """The captures held (optionally only those exactly matching ``url``), oldest first."""
        with self._lock:
            caps = list(self._captures)
        if url is not None:
            want = normalize_url(url)
            caps = [c for c in caps if c.key == want]
        return sorted(caps, key=lambda c: c.timestamp)

    # ------------------------------------------------------------------ observability

    @property
    def calls(self) -> list[Call]:
        """A snapshot of every request received so far, in arrival order."""
        with self._lock:
            return list(self._calls)

    def count(self, kind: str | None = None) -> int:
        """How many requests were received (optionally only those of ``kind``)."""
        with self._lock:
            return sum(1 for c in self._calls if kind is None or c.kind == kind)

    def max_calls_per_window(self, kinds: set[str], window: float = 60.0) -> int:
        """The largest number of calls of ``kinds`` within any sliding window of ``window``
        seconds (calls exactly ``window`` apart do not share a window)."""
        times = sorted(c.time for c in self.calls if c.kind in kinds)
        best = start = 0
        for end, t in enumerate(times):
            while start <= end and t - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best

    def reset_calls(self) -> None:
        """Forget the recorded calls and the concurrency high-water mark."""
        with self._lock:
            self._calls.clear()
            self.max_concurrent = self._active

    # ------------------------------------------------------------------ plumbing

    def _excluded_url(self, url: str) -> bool:
        """Tell whether ``url`` falls under an excluded prefix."""
        key = normalize_url(url)
        with self._lock:
            return any(key.startswith(prefix) for prefix in self._excluded)

    def _wrap(self, kind: str, fn: Callable[[SimHandler], None]) -> Callable[[SimHandler], None]:
        """A route that records the call, tracks concurrency and honours 429 mode."""

        def route(h: SimHandler) -> None:
            call = Call(kind, time.monotonic(), h.path, dict(h.headers.items()), h.command, h.host)
            with self._lock:
                self._calls.append(call)
                self._active += 1
                self.max_concurrent = max(self.max_concurrent, self._active)
            try:
                if self.delay > 0:
                    time.sleep(self.delay)
                if self.rate_limit_429:
                    body = _html("Too Many Requests", "<p>Too Many Requests</p>")
                    headers = {"Content-Type": "text/html; charset=utf-8", "Retry-After": "60"}
                    h.send(429, body, headers)
                else:
                    fn(h)
            finally:
                with self._lock:
                    self._active -= 1

        return route

    def _authorized(self, h: SimHandler) -> bool:
        """Tell whether the request carries ``Authorization: LOW <access>:<secret>``."""
        want = f"LOW {self.keys[0]}:{self.keys[1]}"
        return (h.headers.get("Authorization") or "").strip() == want

    @staticmethod
    def _unauthorized(h: SimHandler) -> None:
        """Answer 401 like SPN2 does without valid credentials."""
        body = {
            "status": "error",
            "status_ext": "error:unauthorized",
            "message": "You need to be logged in to use Save Page Now.",
        }
        h.send(401, _json(body), _JSON)

    @staticmethod
    def _other(h: SimHandler) -> None:
        """Answer 404 for any other path on the archive hosts."""
        h.send(404, _html("Not Found"), {"Content-Type": "text/html; charset=utf-8"})

    # ------------------------------------------------------------------ CDX

    def _cdx(self, h: SimHandler) -> None:
        """The CDX server: ``/cdx/search/cdx``."""
        params = parse_qsl(urlsplit(h.path).query, keep_blank_values=True)
        one = {k: v for k, v in params if not k.startswith(("filter", "collapse"))}
        url = one.get("url", "")
        if not url:
            h.send(400, b"Error: java.lang.Exception: url param missing\n", _TEXT)
            return
        if self._excluded_url(url.rstrip("*")):
            h.send(403, _BLOCKED_BODY.encode(), {**_TEXT, _BLOCK_HEADER: BLOCKED_SITE_ERROR})
            return
        try:
            rows, fl = self._cdx_rows(url, one, params)
        except _BadRequestError as exc:
            h.send(400, f"Error: {exc}\n".encode(), _TEXT)
            return
        if one.get("output") == "json":
            if not rows:
                h.send(200, b"[]", _JSON)
                return
            lines = [json.dumps(list(fl))] + [json.dumps(r) for r in rows]
            h.send(200, ("[" + ",\n".join(lines) + "]\n").encode(), _JSON)
        else:
            h.send(200, "".join(" ".join(r) + "\n" for r in rows).encode(), _TEXT)

    def _cdx_rows(
        self, url: str, one: dict[str, str], params: Iterable[tuple[str, str]]
    ) -> tuple[list[list[str]], tuple[str, ...]]:
        """Select, filter, sort, collapse, limit and project the captures of a query."""
        match_type = one.get("matchType", "exact")
        if url.endswith("*"):
            url, match_type = url.rstrip("*"), "prefix"
        want = normalize_url(url)
        want_prefix = _prefix_form(url)
        want_host = _split(url)[0]
        caps = self.captures()

        def matches(c: Capture) -> bool:
            if match_type == "prefix":
                return _prefix_form(c.url).startswith(want_prefix)
            if match_type == "host":
                return _split(c.url)[0] == want_host
            if match_type == "domain":
                host = _split(c.url)[0]
                return host == want_host or host.endswith("." + want_host)
            return c.key == want

        rows = [c.fields() for c in caps if matches(c)]
        if one.get("from"):
            low = one["from"] + "0" * (14 - len(one["from"]))
            rows = [r for r in rows if r["timestamp"] >= low]
        if one.get("to"):
            high = one["to"] + "9" * (14 - len(one["to"]))
            rows = [r for r in rows if r["timestamp"] <= high]
        for key, value in params:
            if key.startswith("filter"):
                rows = [r for r in rows if _filter_ok(value, r)]
        rows.sort(key=lambda r: (r["urlkey"], r["timestamp"]))
        sort = one.get("sort", "")
        if sort == "reverse":
            rows.reverse()
        elif sort == "closest" and one.get("closest"):
            target = _ts_seconds(one["closest"])
            rows.sort(key=lambda r: (abs(_ts_seconds(r["timestamp"]) - target), r["timestamp"]))
        for key, value in params:
            if key.startswith("collapse"):
                rows = _collapse(value, rows)
        limit = one.get("limit", "")
        if re.fullmatch(r"-?\d+", limit) and int(limit) != 0:
            n = int(limit)
            rows = rows[:n] if n > 0 else rows[n:]
        fl = tuple(f.strip() for f in one.get("fl", "").split(",") if f.strip()) or CDX_FIELDS
        if any(f not in CDX_FIELDS for f in fl):
            raise _BadRequestError(f"unknown field in fl={','.join(fl)}")
        return [[r[f] for f in fl] for r in rows], fl

    # ------------------------------------------------------------------ availability

    def _available(self, h: SimHandler) -> None:
        """The availability API: ``/wayback/available``."""
        q = {k: v[0] for k, v in parse_qs(urlsplit(h.path).query).items()}
        url = q.get("url", "")
        empty = {"url": url, "archived_snapshots": {}}
        if not url or self._excluded_url(url):
            h.send(200, _json(empty), _JSON)
            return
        caps = [c for c in self.captures(url) if 200 <= c.status < 300]
        if not caps:
            h.send(200, _json(empty), _JSON)
            return
        ts = q.get("timestamp", "")
        if ts:
            target = _ts_seconds(ts)
            best = min(caps, key=lambda c: (abs(_ts_seconds(c.timestamp) - target), c.timestamp))
        else:
            best = caps[-1]
        closest = {
            "status": str(best.status),
            "available": True,
            "url": best.snapshot_url,
            "timestamp": best.timestamp,
        }
        h.send(200, _json({"url": url, "archived_snapshots": {"closest": closest}}), _JSON)

    # ------------------------------------------------------------------ snapshots

    def _snapshot(self, h: SimHandler) -> None:
        """Replay ``/web/<timestamp>[mod_]/<original url>``: 200 (or the capture's 4xx/5xx
        status) when that exact capture exists, 404 otherwise, 403 for excluded sites."""
        m = _SNAPSHOT_RE.match(h.path)
        if m is None:
            self._other(h)
            return
        ts, original = m.group(1), unquote(m.group(2))
        original = re.sub(r"^(https?:/)(?!/)", r"\1/", original)  # "http:/x" -> "http://x"
        if self._excluded_url(original):
            headers = {
                "Content-Type": "text/html; charset=utf-8",
                _BLOCK_HEADER: BLOCKED_SITE_ERROR,
            }
            h.send(403, _html("Blocked Site Error"), headers)
            return
        for cap in self.captures(original):
            if cap.timestamp == ts:
                when = datetime.strptime(ts, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
                headers = {
                    "Content-Type": "text/html; charset=utf-8",
                    "Memento-Datetime": format_datetime(when, usegmt=True),
                }
                h.send(cap.status if cap.status >= 400 else 200, cap.page(), headers)
                return
        h.send(404, _html("Wayback Machine"), {"Content-Type": "text/html; charset=utf-8"})

    # ------------------------------------------------------------------ Save Page Now 2

    def _save(self, h: SimHandler) -> None:
        """SPN2 ``POST /save`` with a form body ``url=...``."""
        if h.command != "POST":
            h.send(405, _json({"status": "error", "message": "Method not allowed"}), _JSON)
            return
        if not self._authorized(h):
            self._unauthorized(h)
            return
        if self.save_outcome == "refuse":
            body = {
                "status": "error",
                "status_ext": "error:user-session-limit",
                "message": "You have already reached the limit of active sessions.",
            }
            h.send(200, _json(body), _JSON)
            return
        form = parse_qs(h.body.decode("utf-8", "replace"))
        query = parse_qs(urlsplit(h.path).query)
        url = (form.get("url") or query.get("url") or [""])[0].strip()
        if not url:
            body = {
                "status": "error",
                "status_ext": "error:invalid-url-syntax",
                "message": "Invalid URL syntax.",
            }
            h.send(400, _json(body), _JSON)
            return
        outcome = "blocked" if self._excluded_url(url) else self.save_outcome
        job = _Job(f"spn2-{uuid.uuid4().hex}", url, outcome)
        with self._lock:
            self._jobs[job.job_id] = job
        h.send(200, _json({"url": url, "job_id": job.job_id}), _JSON)

    def _status(self, h: SimHandler) -> None:
        """SPN2 ``GET /save/status/<job_id>``: ``pending`` first, then the outcome."""
        if not self._authorized(h):
            self._unauthorized(h)
            return
        job_id = urlsplit(h.path).path[len("/save/status/") :].strip("/")
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                job.polls += 1
                answer = self._job_answer(job)
        if job is None:
            body = {"status": "error", "status_ext": "error:not-found", "message": "Job not found"}
            h.send(404, _json(body), _JSON)
            return
        h.send(200, _json(answer), _JSON)

    def _job_answer(self, job: _Job) -> dict[str, Any]:
        """The status answer for ``job`` after its latest poll (caller holds the lock)."""
        if job.final is not None:
            return job.final
        if job.polls <= self.pending_polls:
            return {"status": "pending", "job_id": job.job_id, "resources": []}
        if job.outcome == "success":
            ts = _now_ts()
            self._captures.append(Capture(job.url, ts))
            job.final = {
                "status": "success",
                "job_id": job.job_id,
                "original_url": job.url,
                "timestamp": ts,
                "duration_sec": 3.1,
                "resources": [],
            }
        elif job.outcome == "blocked":
            job.final = {
                "status": "error",
                "job_id": job.job_id,
                "status_ext": "error:blocked-url",
                "message": "This URL is in the Save Page Now service block list.",
            }
        else:
            job.final = {
                "status": "error",
                "job_id": job.job_id,
                "status_ext": "error:not-found",
                "message": "Server returned 404",
            }
        return job.final


def _filter_ok(spec: str, row: dict[str, str]) -> bool:
    """Apply one CDX ``filter`` (``[!]field:regex``, full match) to ``row``."""
    negate = spec.startswith("!")
    name, sep, pattern = spec.lstrip("!").partition(":")
    if not sep or name not in CDX_FIELDS:
        raise _BadRequestError(f"bad filter {spec!r}")
    try:
        hit = re.fullmatch(pattern, row[name]) is not None
    except re.error as exc:
        raise _BadRequestError(f"bad filter regex {spec!r}") from exc
    return hit != negate


def _collapse(spec: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Apply one CDX ``collapse`` (``field`` or ``field:N``): drop rows whose value (first N
    characters) equals the previous row's."""
    name, _, n = spec.partition(":")
    if name not in CDX_FIELDS:
        raise _BadRequestError(f"bad collapse {spec!r}")
    width = int(n) if n.isdigit() else None
    out: list[dict[str, str]] = []
    last: str | None = None
    for row in rows:
        value = row[name][:width]
        if value != last:
            out.append(row)
        last = value
    return out
