"""Hostile servers: every run ends within its deadlines with a clear status."""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import Any

import pytest

from citecheck.client import Client, Failure
from citecheck.config import DEFAULT_MAX_BYTES, Settings
from clirun import cli
from simweb import SimHandler, SimWeb

DEADLINE = 3.0  # seconds per URL in these runs
BOUND = 15.0  # a run that takes longer than this did not honour its deadlines


def cite(tmp_path: Path, *urls: str) -> Path:
    """A small paper citing each URL in its own footnote."""
    notes = "\n\n".join(
        f"<sup>{n}</sup> Jane Roe, “Cited Page {n},” *Site*, 2014, <{url}>."
        for n, url in enumerate(urls, start=1)
    )
    body = "".join(f"Claim {n}.<sup>{n}</sup>" for n in range(1, len(urls) + 1))
    path = tmp_path / "paper.md"
    path.write_text(f"# Paper\n\n{body}\n\n---\n\n{notes}\n", encoding="utf-8")
    return path


def verify(paper: Path, *extra: str) -> tuple[int, dict[str, dict[str, object]], float]:
    """Run ``citecheck verify --format json`` without state; links by URL."""
    result = cli(
        "verify",
        str(paper),
        "--format",
        "json",
        "--no-state",
        "--timeout",
        str(DEADLINE),
        "--retries",
        "0",
        *extra,
    )
    assert result.stderr == "" or "error" not in result.stderr, result.stderr
    links = {link["url"]: link for link in result.json()["links"]}
    return result.code, links, result.seconds


@pytest.mark.parametrize(
    ("setup", "status", "reason"),
    [
        ("redirect_loop", "error", "redirect loop"),
        ("endless_redirects", "error", "more than 10 redirects"),
        ("hang", "timeout", "did not answer"),
        ("drip", "timeout", "deadline"),
    ],
)
def test_hostile_server_ends_in_time(
    web: SimWeb, tmp_path: Path, setup: str, status: str, reason: str
) -> None:
    """Loops, endless chains, silent and dripping servers end as errors or timeouts."""
    url = "http://hostile.example.com/a/b"
    getattr(web, setup)(url)
    code, links, seconds = verify(cite(tmp_path, url))
    assert links[url]["status"] == status
    assert reason in str(links[url]["reason"])
    assert seconds < BOUND
    assert code == 0  # not broken: an error or timeout is not evidence of a dead source


def test_five_gigabyte_body_is_read_only_to_the_cap(web: SimWeb, tmp_path: Path) -> None:
    """A 5 GB page is checked by reading at most the cap, quickly and without a crash."""
    url = "https://huge.example.com/report/2014"
    web.huge(url)
    _, links, seconds = verify(cite(tmp_path, url))
    assert links[url]["status"] == "live"
    assert links[url]["http_status"] == 200
    assert seconds < BOUND
    fetch = Client(Settings(deadline=DEADLINE)).fetch(url)
    assert len(fetch.body) == DEFAULT_MAX_BYTES
    assert fetch.truncated


def test_gzip_bomb_is_capped(web: SimWeb, tmp_path: Path) -> None:
    """A gzip body inflating to 200 MB is decompressed only up to the cap."""
    url = "https://bomb.example.com/news/1"
    web.gzip_bomb(url)
    _, links, seconds = verify(cite(tmp_path, url))
    assert links[url]["status"] == "live"
    assert seconds < BOUND


def test_invalid_tls_is_an_error_not_dead(web: SimWeb, tmp_path: Path) -> None:
    """A certificate from an unknown CA is a TLS error, never a dead link."""
    web.bad_tls_host("selfsigned.example.com")
    url = "https://selfsigned.example.com/page"
    code, links, _ = verify(cite(tmp_path, url))
    assert links[url]["status"] == "error"
    assert "TLS" in str(links[url]["reason"])
    assert code == 0


def test_pdf_where_html_was_expected(web: SimWeb, tmp_path: Path) -> None:
    """A PDF answers live with no page title, and its body is not downloaded."""
    url = "https://docs.example.com/files/report.pdf"
    web.binary(url, b"%PDF-1.7\n" + b"0" * 3_000_000, "application/pdf")
    _, links, _ = verify(cite(tmp_path, url))
    assert links[url]["status"] == "live"
    assert links[url]["page_title"] is None
    assert links[url]["title_match"] == "unknown"


def test_offline_run_calls_nothing_dead(web: SimWeb, tmp_path: Path) -> None:
    """With no network at all every link is offline, none dead, and the exit code is 3."""
    web.html("https://www.example.com/a/b", "Cited Page 1")
    web.nxdomain("gone.example.com")
    web.offline = True
    code, links, _ = verify(
        cite(tmp_path, "https://www.example.com/a/b", "http://gone.example.com/x/y")
    )
    assert code == 3
    assert {link["status"] for link in links.values()} == {"offline"}


def test_one_host_gone_while_others_resolve_is_failing(web: SimWeb, tmp_path: Path) -> None:
    """NXDOMAIN for one host while the network works counts toward dead (failing 1 of 3)."""
    web.html("https://www.example.com/a/b", "Cited Page 1")
    web.nxdomain("gone.example.com")
    code, links, _ = verify(
        cite(tmp_path, "https://www.example.com/a/b", "http://gone.example.com/x/y")
    )
    assert links["https://www.example.com/a/b"]["status"] == "live"
    gone = links["http://gone.example.com/x/y"]
    assert gone["status"] == "failing"
    assert "NXDOMAIN" in str(gone["reason"])
    assert code == 0


SLOW_DRIPS = {
    "drip_status_line": lambda web, url: web.drip_status_line(url),
    "drip_headers": lambda web, url: web.drip_headers(url),
    "drip_redirect": lambda web, url: web.drip_redirect(url, "/landing"),
}


@pytest.mark.parametrize("setup", sorted(SLOW_DRIPS))
def test_a_server_dripping_any_part_of_its_answer_is_cut_at_the_deadline(
    web: SimWeb, tmp_path: Path, setup: str
) -> None:
    """Status line, headers or a redirect body sent a byte per 0.5 s keep every socket read
    under its timeout; the per-URL deadline still ends the fetch, as a timeout."""
    url = "http://slow.example.com/a/b"
    web.html("http://slow.example.com/landing", "Cited Page 1")
    SLOW_DRIPS[setup](web, url)
    code, links, seconds = verify(cite(tmp_path, url), "--retries", "2")
    assert links[url]["status"] == "timeout"
    assert "3 s deadline" in str(links[url]["reason"])
    # The drips alone take a minute or more; the run's own start (imports, parsing, the
    # connectivity probe) is in the bound too, so the URL's own time is checked below.
    assert seconds < DEADLINE + 4.0
    assert code == 0


@pytest.mark.parametrize("setup", sorted(SLOW_DRIPS))
def test_the_deadline_bounds_the_client_itself(web: SimWeb, setup: str) -> None:
    """Without the CLI, each dripping fetch ends within its deadline plus the watchdog's
    grace (0.2 s), as a timeout with no status."""
    url = "http://slow.example.com/a/b"
    web.html("http://slow.example.com/landing", "Cited Page 1")
    SLOW_DRIPS[setup](web, url)
    fetch = Client(Settings(deadline=1.0)).fetch(url)
    assert fetch.failure is Failure.TIMEOUT
    assert fetch.status is None
    assert fetch.elapsed < 1.0 + 0.8


def test_an_answer_cut_mid_body_is_retried_like_a_reset(web: SimWeb) -> None:
    """HTTP/1.0 closing after 40 of 462 announced bytes is a reset: retried, then live."""
    url = "http://flaky.example.com/story"
    web.cut_body(url, "Flaky Story")
    fetch = Client(Settings(deadline=DEADLINE, backoff=0.01)).fetch(url)
    assert fetch.status == 200
    assert fetch.attempts == 2
    assert b"<title>Flaky Story</title>" in fetch.body


def test_an_answer_always_cut_mid_body_is_an_error_not_a_crash(web: SimWeb) -> None:
    """When every try is cut short the link is an error naming the cut, not 'internal error'."""
    url = "http://flaky.example.com/always"

    def cut(h: SimHandler) -> None:
        h.close_connection = True
        h.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: 900\r\n\r\n")
        h.wfile.write(b"<html><head><title>Cut")

    web.handler(url, cut)
    fetch = Client(Settings(deadline=DEADLINE, backoff=0.01, retries=1)).fetch(url)
    assert fetch.failure is Failure.RESET
    assert fetch.attempts == 2
    assert "closed the connection before the answer was complete" in fetch.detail


def test_a_redirect_whose_body_is_cut_is_still_followed(web: SimWeb) -> None:
    """A 302 announcing 500 bytes of body and closing after 3: the redirect is followed."""
    url = "http://flaky.example.com/old"
    web.html("http://flaky.example.com/new", "Cited Page 1")

    def cut_redirect(h: SimHandler) -> None:
        h.close_connection = True
        h.wfile.write(b"HTTP/1.0 302 Found\r\nLocation: /new\r\nContent-Length: 500\r\n\r\nabc")

    web.handler(url, cut_redirect)
    fetch = Client(Settings(deadline=DEADLINE)).fetch(url)
    assert (fetch.status, fetch.final_url) == (200, "http://flaky.example.com/new")


def test_a_megabyte_title_stays_out_of_the_report(web: SimWeb, tmp_path: Path) -> None:
    """A page whose <title> is 1 MB: page_title and reason stay short in the JSON report."""
    url = "https://long.example.com/a/b"
    web.page(url, "<html><head><title>" + "Long title " * 95_000 + "</title></head></html>")
    _, links, _ = verify(cite(tmp_path, url))
    assert len(str(links[url]["page_title"])) <= 2000
    assert len(str(links[url]["reason"])) <= 2000
    assert str(links[url]["page_title"]).startswith("Long title Long title")


def test_a_stalled_resolver_cannot_outlast_the_deadline() -> None:
    """Name resolution that hangs is abandoned at the deadline: a timeout, on time."""
    release = threading.Event()

    def stalled(host: str, port: int) -> list[tuple[int, tuple[Any, ...]]]:
        release.wait(10)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    client = Client(Settings(deadline=1.0, retries=0), resolver=stalled)
    try:
        fetch = client.fetch("http://stalled-dns.example.com/")
    finally:
        release.set()
    assert fetch.failure is Failure.TIMEOUT
    assert fetch.elapsed < 1.0 + 0.8


def test_a_closed_client_can_fetch_again(web: SimWeb) -> None:
    """close() frees connections and threads; the client still works afterwards, as a
    requests Session does."""
    web.html("http://again.example.com/a", "Again")
    client = Client(Settings(deadline=DEADLINE))
    assert client.fetch("http://again.example.com/a").status == 200
    client.close()
    assert client.fetch("http://again.example.com/a").status == 200


def test_the_watchdog_cuts_a_tls_connection_too(web: SimWeb) -> None:
    """Over HTTPS, dripped headers are cut at the deadline the same way."""
    url = "https://slow.example.com/tls"
    web.drip_headers(url, interval=0.2)
    fetch = Client(Settings(deadline=1.0)).fetch(url)
    assert fetch.failure is Failure.TIMEOUT
    assert fetch.elapsed < 1.0 + 0.8
