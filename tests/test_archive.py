"""The Wayback Machine adapter against the archive's real response shapes (responses)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
import requests
import responses
from responses import matchers

from citecheck.archive import (
    AVAILABILITY_ENDPOINT,
    CDX_ENDPOINT,
    KEYS_HELP,
    SAVE_ENDPOINT,
    STATUS_ENDPOINT,
    Archive,
    RateLimiter,
    SaveOutcome,
)

URL = "http://www.km.ru/world/2014/05/19/vladimir-putin/740321-article"
HEADER = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]


def cdx_rows(*timestamps: str, original: str = URL) -> list[list[str]]:
    """A JSON CDX answer with one 200 capture per timestamp."""
    rows = [
        ["ru,km)/world", ts, original, "text/html", "200", "D" * 32, "999"] for ts in timestamps
    ]
    return [HEADER, *rows] if rows else []


class Clock:
    """A fake monotonic clock whose sleep advances it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def archive(clock: Clock | None = None, **options: object) -> Archive:
    """An Archive on a fake clock (no real waiting)."""
    clock = clock or Clock()
    return Archive(requests.Session(), clock=clock, sleep=clock.sleep, **options)  # type: ignore[arg-type]


@responses.activate
def test_lookup_prefers_newest_capture_before_the_cited_date() -> None:
    """Captures after the date are closer, but the newest one before it wins."""
    responses.get(
        CDX_ENDPOINT,
        json=cdx_rows("20140601000000", "20140520120000", "20140301000000", "20150101000000"),
    )
    snapshot = archive().lookup(URL, date(2014, 5, 25))
    assert snapshot is not None
    assert snapshot.timestamp == "20140520120000"
    assert snapshot.url == f"https://web.archive.org/web/20140520120000/{URL}"
    assert snapshot.source == "cdx"
    query = responses.calls[0].request.url or ""
    assert "closest=20140525235959" in query
    assert "sort=closest" in query
    assert "output=json" in query
    assert "filter=statuscode%3A20%5B036%5D" in query


@responses.activate
def test_lookup_takes_the_nearest_after_when_none_precedes() -> None:
    """Only later captures: the earliest of them."""
    responses.get(CDX_ENDPOINT, json=cdx_rows("20160101000000", "20150101000000"))
    snapshot = archive().lookup(URL, date(2014, 5, 25))
    assert snapshot is not None
    assert snapshot.timestamp == "20150101000000"


@responses.activate
def test_empty_cdx_and_excluded_site_give_none_without_fallback() -> None:
    """CDX ``[]`` and the excluded-site 403 both mean no snapshot; no availability call."""
    responses.get(CDX_ENDPOINT, json=[])
    assert archive().lookup(URL, date(2014, 5, 25)) is None
    responses.replace(
        responses.GET,
        CDX_ENDPOINT,
        status=403,
        headers={
            "X-Archive-Wayback-Runtime-Error": "org.archive.wayback.exception."
            "AdministrativeAccessControlException: Blocked Site Error"
        },
    )
    assert archive().lookup(URL, date(2014, 5, 25)) is None
    assert all(CDX_ENDPOINT in (call.request.url or "") for call in responses.calls)


@responses.activate
def test_availability_is_the_fallback_when_cdx_fails() -> None:
    """CDX 503: the Availability API's closest capture, marked as such; ``{}`` is none."""
    responses.get(CDX_ENDPOINT, status=503)
    responses.get(
        AVAILABILITY_ENDPOINT,
        json={
            "url": URL,
            "archived_snapshots": {
                "closest": {
                    "status": "200",
                    "available": True,
                    "timestamp": "20140519000000",
                    "url": f"http://web.archive.org/web/20140519000000/{URL}",
                }
            },
        },
    )
    snapshot = archive().lookup(URL, date(2014, 5, 25))
    assert snapshot is not None
    assert (snapshot.timestamp, snapshot.source) == ("20140519000000", "availability")
    responses.replace(
        responses.GET, AVAILABILITY_ENDPOINT, json={"url": URL, "archived_snapshots": {}}
    )
    assert archive().lookup(URL, date(2014, 5, 25)) is None


@responses.activate
def test_timeout_is_no_snapshot_not_an_exception() -> None:
    """A CDX timeout and an availability timeout end as None."""
    responses.get(CDX_ENDPOINT, body=requests.exceptions.ReadTimeout("slow"))
    responses.get(AVAILABILITY_ENDPOINT, body=requests.exceptions.ReadTimeout("slow"))
    assert archive().lookup(URL) is None


@pytest.mark.parametrize("retry_after", [{"Retry-After": "120"}, {}])
@responses.activate
def test_429_stops_every_later_call(retry_after: dict[str, str]) -> None:
    """After a 429 (with or without Retry-After) the archive is not called again."""
    responses.get(CDX_ENDPOINT, status=429, headers=retry_after)
    wayback = archive(keys=("a", "s"))
    assert wayback.lookup(URL) is None
    assert wayback.lookup("http://example.com/other") is None
    assert wayback.save("http://example.com/x").outcome is SaveOutcome.RATE_LIMITED
    assert len(responses.calls) == 1
    assert wayback.rate_limited


def test_rate_limiter_window() -> None:
    """25 calls at 24 a minute: the 25th waits until the first leaves the window."""
    clock = Clock()
    limiter = RateLimiter(24, clock=clock, sleep=clock.sleep)
    for _ in range(25):
        limiter.acquire()
    assert clock.slept == [60.0]


def test_save_without_keys_explains() -> None:
    """No keys: no request, and a message saying which keys and where to get them."""
    result = archive().save("http://example.com/x")
    assert result.outcome is SaveOutcome.NO_KEYS
    assert result.message == KEYS_HELP
    assert "CITECHECK_IA_ACCESS_KEY" in KEYS_HELP


def _spn_ok(job: str = "spn2-abc") -> None:
    responses.get(CDX_ENDPOINT, json=[])  # no recent capture
    responses.post(
        SAVE_ENDPOINT,
        json={"url": "http://example.com/x", "job_id": job},
        match=[matchers.header_matcher({"Authorization": "LOW key:secret"})],
    )


@responses.activate
def test_save_polls_until_success() -> None:
    """SPN2: POST with the LOW keys, poll the job (pending, then success), snapshot back."""
    _spn_ok()
    responses.get(STATUS_ENDPOINT + "spn2-abc", json={"status": "pending", "job_id": "spn2-abc"})
    responses.get(
        STATUS_ENDPOINT + "spn2-abc",
        json={
            "status": "success",
            "job_id": "spn2-abc",
            "original_url": "http://example.com/x",
            "timestamp": "20261126120000",
            "duration_sec": 6.1,
        },
    )
    result = archive(keys=("key", "secret"), poll_interval=5).save("http://example.com/x")
    assert result.outcome is SaveOutcome.SAVED
    assert result.snapshot is not None
    assert result.snapshot.url == "https://web.archive.org/web/20261126120000/http://example.com/x"
    assert result.snapshot.source == "saved"
    hosts = {
        re.sub(r"^https?://([^/]+)/.*$", r"\1", call.request.url or "") for call in responses.calls
    }
    assert hosts == {"web.archive.org"}  # keys never leave web.archive.org


@pytest.mark.parametrize(
    ("post", "status", "expected"),
    [
        (
            {"status": "error", "status_ext": "error:user-session-limit", "message": "busy"},
            None,
            "error:user-session-limit: busy",
        ),
        (
            {"url": "http://example.com/x", "job_id": "j1"},
            {"status": "error", "status_ext": "error:not-found", "message": "Server returned 404"},
            "error:not-found: Server returned 404",
        ),
    ],
)
@responses.activate
def test_save_errors_inside_200(
    post: dict[str, str], status: dict[str, str] | None, expected: str
) -> None:
    """SPN2 reports errors as status error in a 200, on the POST or in the job status."""
    responses.get(CDX_ENDPOINT, json=[])
    responses.post(SAVE_ENDPOINT, json=post)
    if status is not None:
        responses.get(STATUS_ENDPOINT + "j1", json=status)
    result = archive(keys=("key", "secret")).save("http://example.com/x")
    assert result.outcome is SaveOutcome.FAILED
    assert result.message == expected


@responses.activate
def test_recently_archived_page_is_not_saved_again() -> None:
    """A capture from yesterday: no POST, outcome recent."""
    today = date.today()
    stamp = today.strftime("%Y%m%d") + "000000"
    responses.get(CDX_ENDPOINT, json=cdx_rows(stamp, original="http://example.com/x"))
    result = archive(keys=("key", "secret")).save("http://example.com/x")
    assert result.outcome is SaveOutcome.RECENT
    assert [c.request.method for c in responses.calls] == ["GET"]


@responses.activate
def test_repair_suggests_the_archived_url_a_garbled_one_meant() -> None:
    """A prefix search (through waybackpy) proposes the capture most like the cited URL."""
    real = "http://www.km.ru/world/2014/05/19/vladimir-putin/740321-politicheskii-soyuz-potomu-chto-vygoden"
    other = "http://www.km.ru/world/2014/05/19/vladimir-putin/740321-politicheskii-soyuz-foto"
    text = "\n".join(
        f"ru,km)/x 20140520000000 {u} text/html 200 {'D' * 32} 999" for u in (other, real)
    )
    responses.get(CDX_ENDPOINT, body=text)
    damaged = (
        "http://www.km.ru/world/2014/05/19/vladimir-putin/740321-politicheskii-soyuz-potomu-chtovy"
    )
    assert archive().suggest_repair(damaged) == real
    sent = responses.calls[0].request.url or ""
    assert "matchType=prefix" in sent
    assert json.dumps(sent)  # the query was made
