"""Running a set of links: the state, the flake rule, links that need no request."""

from __future__ import annotations

from pathlib import Path

import responses

from citecheck.check import check_links
from citecheck.client import Client
from citecheck.config import Settings
from citecheck.links import Link
from citecheck.status import LinkStatus
from citecheck.store import Store

CITED = "美國對臺軍售之研究"


def page(title: str) -> bytes:
    """A minimal HTML page with ``title``."""
    return f"<html><head><title>{title}</title></head><body></body></html>".encode()


def settings(**options: object) -> Settings:
    """Settings for unit runs: no connectivity probe (nothing resolves here), no delays."""
    return Settings(probe_hosts=(), host_delay=0.0, retries=0).with_overrides(**options)


def link(url: str, title: str = CITED) -> Link:
    """A cited link."""
    return Link(url, titles=(title,))


@responses.activate
def test_flake_rule_and_cache(tmp_path: Path) -> None:
    """404 is failing until the flake rule is met; live results are reused, failures are not."""
    responses.get("https://a.example/live", body=page(CITED), content_type="text/html")
    responses.get("https://a.example/gone", status=404)
    links = [link("https://a.example/live"), link("https://a.example/gone")]
    with Store(tmp_path / "state.sqlite3") as store:
        first = check_links(links, Client(settings()), store)
        assert [r.status for r in first] == [LinkStatus.LIVE, LinkStatus.FAILING]
        assert first[1].failures == 1
        assert "failing 1 of 3" in first[1].reason
        client = Client(settings())
        second = check_links(links, client, store)
        assert second[0].from_cache
        assert not second[1].from_cache
        assert client.requests_sent == 1  # only the failing link is asked again
        dead = check_links(links, Client(settings(flake_runs=1)), store)
        assert dead[1].status is LinkStatus.DEAD


@responses.activate
def test_invalid_and_excluded_links_send_nothing() -> None:
    """Malformed and excluded URLs are settled without a request."""
    links = [
        Link("http://exa mple.com/x", problem="space in host"),
        link("https://skip.example/x"),
        Link("ftp://files.example/a.pdf"),
    ]
    results = check_links(links, Client(settings(exclude=("skip.example",))))
    assert [r.status for r in results] == [
        LinkStatus.INVALID,
        LinkStatus.SKIPPED,
        LinkStatus.SKIPPED,
    ]
    assert len(responses.calls) == 0
