"""The network client with faked HTTP (responses): redirects, retries, caps, causes."""

from __future__ import annotations

import socket
import ssl
from datetime import UTC, datetime

import pytest
import requests
import responses

from citecheck.client import REFRESH, Client, Failure, Hop, failure_of, parse_retry_after
from citecheck.config import Settings

HTML = "text/html; charset=utf-8"


class Sleeps:
    """A sleep function that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def client(sleeps: Sleeps | None = None, **options: object) -> Client:
    """A client with test-sized settings and a recording sleep."""
    return Client(Settings().with_overrides(**options), sleep=sleeps or Sleeps())


@responses.activate
def test_redirect_chain_is_recorded_hop_by_hop() -> None:
    """Each hop's address and status is kept; relative Locations are resolved."""
    responses.get("http://a.example/x", status=301, headers={"Location": "https://a.example/x"})
    responses.get("https://a.example/x", status=302, headers={"Location": "/y"})
    responses.get("https://a.example/y", body="<title>Y</title>", content_type=HTML)
    fetch = client().fetch("http://a.example/x")
    assert fetch.status == 200
    assert fetch.final_url == "https://a.example/y"
    assert fetch.redirects == (Hop("http://a.example/x", 301), Hop("https://a.example/x", 302))
    assert fetch.body == b"<title>Y</title>"


@responses.activate
def test_redirect_loop_is_caught_without_following_it_forever() -> None:
    """A→B→A stops at the first repeat, as a redirect loop."""
    responses.get("http://a.example/1", status=302, headers={"Location": "/2"})
    responses.get("http://a.example/2", status=302, headers={"Location": "/1"})
    fetch = client().fetch("http://a.example/1")
    assert fetch.failure is Failure.REDIRECT_LOOP
    assert len(responses.calls) == 2


@responses.activate
def test_hop_limit() -> None:
    """An endless chain of new addresses stops after max_redirects hops."""
    for n in range(20):
        responses.get(f"http://a.example/{n}", status=301, headers={"Location": f"/{n + 1}"})
    fetch = client(max_redirects=5).fetch("http://a.example/0")
    assert fetch.failure is Failure.TOO_MANY_REDIRECTS
    assert len(responses.calls) == 6


@responses.activate
def test_transient_statuses_are_retried_with_jittered_backoff() -> None:
    """503, 503, 200: three attempts, waits within the exponential bounds."""
    responses.get("http://a.example/", status=503)
    responses.get("http://a.example/", status=503)
    responses.get("http://a.example/", body="<title>ok</title>", content_type=HTML)
    sleeps = Sleeps()
    fetch = client(sleeps, retries=2, backoff=0.5).fetch("http://a.example/")
    assert (fetch.status, fetch.attempts) == (200, 3)
    assert len(sleeps.waits) == 2
    assert 0 <= sleeps.waits[0] <= 0.5
    assert 0 <= sleeps.waits[1] <= 1.0


@pytest.mark.parametrize("status", [404, 410, 403, 400])
@responses.activate
def test_permanent_answers_are_never_retried(status: int) -> None:
    """404, 410 and other non-transient statuses are asked once."""
    responses.get("http://a.example/gone", status=status)
    fetch = client(retries=3).fetch("http://a.example/gone")
    assert fetch.status == status
    assert len(responses.calls) == 1


@responses.activate
def test_retry_after_seconds_is_honoured() -> None:
    """429 with Retry-After: 7 waits exactly 7 seconds before asking again."""
    responses.get("http://a.example/", status=429, headers={"Retry-After": "7"})
    responses.get("http://a.example/", body="<title>ok</title>", content_type=HTML)
    sleeps = Sleeps()
    fetch = client(sleeps).fetch("http://a.example/")
    assert fetch.status == 200
    assert sleeps.waits == [7.0]


@responses.activate
def test_retry_after_beyond_the_limit_is_not_waited_for() -> None:
    """A Retry-After longer than max_retry_after ends the attempts at once."""
    responses.get("http://a.example/", status=429, headers={"Retry-After": "3600"})
    sleeps = Sleeps()
    fetch = client(sleeps, max_retry_after=30).fetch("http://a.example/")
    assert fetch.status == 429
    assert sleeps.waits == []
    assert len(responses.calls) == 1


def test_retry_after_http_date() -> None:
    """An HTTP-date Retry-After becomes the seconds until that moment."""
    now = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Thu, 26 Nov 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Thu, 26 Nov 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None


@responses.activate
def test_body_is_capped() -> None:
    """A 3 MB page is read only up to max_bytes and marked truncated."""
    responses.get("http://a.example/big", body=b"x" * (3 * 2**20), content_type=HTML)
    fetch = client(max_bytes=2**20).fetch("http://a.example/big")
    assert len(fetch.body) == 2**20
    assert fetch.truncated


@responses.activate
def test_non_html_bodies_are_not_downloaded() -> None:
    """A PDF answers with its status and type; its body is not read."""
    responses.get("http://a.example/f.pdf", body=b"%PDF-1.7" * 1000, content_type="application/pdf")
    fetch = client().fetch("http://a.example/f.pdf")
    assert (fetch.status, fetch.content_type, fetch.body) == (200, "application/pdf", b"")


@responses.activate
def test_user_agent_names_citecheck() -> None:
    """Requests carry an honest User-Agent naming citecheck."""
    responses.get("http://a.example/", body="", content_type=HTML)
    client().fetch("http://a.example/")
    assert "citecheck/" in responses.calls[0].request.headers["User-Agent"]


def _wrapped(inner: BaseException) -> requests.ConnectionError:
    """A requests error carrying ``inner`` the way urllib3 nests it."""
    try:
        try:
            raise inner
        except BaseException as exc:
            raise requests.ConnectionError("wrapped") from exc
    except requests.ConnectionError as outer:
        return outer


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), Failure.NXDOMAIN),
        (socket.gaierror(socket.EAI_AGAIN, "Temporary failure"), Failure.DNS_TEMPORARY),
        (ConnectionRefusedError(111, "refused"), Failure.REFUSED),
        (ConnectionResetError(104, "reset"), Failure.RESET),
        (ssl.SSLCertVerificationError("certificate verify failed"), Failure.TLS),
        (TimeoutError("timed out"), Failure.TIMEOUT),
        (OSError(101, "Network is unreachable"), Failure.UNREACHABLE),
    ],
)
def test_failure_of_finds_the_cause_in_the_chain(inner: BaseException, expected: Failure) -> None:
    """Each low-level cause, nested inside requests' exceptions, maps to its Failure."""
    assert failure_of(_wrapped(inner))[0] is expected


@responses.activate
def test_connection_errors_become_values() -> None:
    """A request that raises is a Fetch with a failure and a reason, not an exception."""
    responses.get("http://gone.example/", body=_wrapped(socket.gaierror(socket.EAI_NONAME, "x")))
    fetch = client().fetch("http://gone.example/")
    assert fetch.failure is Failure.NXDOMAIN
    assert "NXDOMAIN" in fetch.detail


@responses.activate
def test_meta_refresh_is_followed_as_a_hop() -> None:
    """A 200 page that sends the browser home with <meta refresh> is followed and recorded."""
    responses.get(
        "http://a.example/news/2014/05/story.html",
        body='<html><head><meta http-equiv="refresh" content="0; url=/"></head></html>',
        content_type=HTML,
    )
    responses.get("http://a.example/", body="<title>Home</title>", content_type=HTML)
    fetch = client().fetch("http://a.example/news/2014/05/story.html")
    assert fetch.final_url == "http://a.example/"
    assert fetch.redirects == (Hop("http://a.example/news/2014/05/story.html", REFRESH),)
    from citecheck.classify import classify
    from citecheck.status import LinkStatus

    assert classify(fetch, ["A Story"]).status is LinkStatus.SOFT_404


@responses.activate
def test_slow_meta_refresh_is_a_notice_not_a_redirect() -> None:
    """A refresh after 30 seconds is text the reader sees; the page itself is the answer."""
    page = '<html><head><meta http-equiv="refresh" content="30; url=/"><title>T</title></head>'
    responses.get("http://a.example/x/y", body=page, content_type=HTML)
    fetch = client().fetch("http://a.example/x/y")
    assert (fetch.final_url, fetch.redirects) == ("http://a.example/x/y", ())


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://ftp.example.org/pub/paper.pdf"])
@responses.activate
def test_a_redirect_to_a_non_http_url_is_an_error_not_an_invalid_citation(target: str) -> None:
    """The cited URL is well-formed; where it sends us is the site's problem: error."""
    from citecheck.classify import classify
    from citecheck.status import LinkStatus

    responses.get("http://a.example/paper", status=302, headers={"Location": target})
    fetch = client().fetch("http://a.example/paper")
    assert fetch.failure is Failure.BAD_REDIRECT
    verdict = classify(fetch)
    assert verdict.status is LinkStatus.ERROR
    scheme = target.split(":", 1)[0]
    assert verdict.reason.startswith(f"redirected to a {scheme}:// URL")
    assert len(responses.calls) == 1


@responses.activate
def test_a_meta_refresh_to_javascript_is_not_followed() -> None:
    """A refresh to a javascript: URL is no page to go to: the page itself is the answer."""
    page = '<meta http-equiv="refresh" content="0; url=javascript:go()"><title>Story</title>'
    responses.get("http://a.example/x/y", body=page, content_type=HTML)
    fetch = client().fetch("http://a.example/x/y")
    assert (fetch.status, fetch.final_url, fetch.redirects) == (200, "http://a.example/x/y", ())


@responses.activate
def test_the_sessions_auth_is_sent_and_kept_off_other_hosts() -> None:
    """session.auth reaches the cited host and a same-host hop, never another host."""
    responses.get("http://a.example/p", status=302, headers={"Location": "/q"})
    responses.get("http://a.example/q", status=302, headers={"Location": "http://b.example/r"})
    responses.get("http://b.example/r", body="<title>R</title>", content_type=HTML)
    session = requests.Session()
    session.auth = ("user", "secret")
    fetch = Client(Settings(), session=session).fetch("http://a.example/p")
    assert fetch.status == 200
    sent = [call.request.headers.get("Authorization") for call in responses.calls]
    assert sent == ["Basic dXNlcjpzZWNyZXQ=", "Basic dXNlcjpzZWNyZXQ=", None]


@responses.activate
def test_the_sessions_params_go_into_the_cited_url_only() -> None:
    """session.params are added to the cited URL; a redirect's Location is followed as is."""
    responses.get("http://a.example/p", status=301, headers={"Location": "/q?page=2"})
    responses.get("http://a.example/q", body="<title>Q</title>", content_type=HTML)
    session = requests.Session()
    session.params = {"key": "abc"}
    Client(Settings(), session=session).fetch("http://a.example/p")
    urls = [call.request.url for call in responses.calls]
    assert urls == ["http://a.example/p?key=abc", "http://a.example/q?page=2"]
