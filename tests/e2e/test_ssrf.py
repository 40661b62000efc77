"""The SSRF guard at connection time: one resolution, every address checked, the checked
address connected to, every redirect hop judged the same way.

A small "internet" is simulated on top of the loopback web: some names resolve to
public-looking addresses, and a connection to such an address is routed to the loopback
server (or refused), so the guard sees the addresses the real internet would give.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from citecheck.client import Client, Failure
from citecheck.config import Settings
from citecheck.transport import refusal
from clirun import cli
from simweb import SimWeb

PUBLIC = "93.184.216.34"  # a public address (routed to the loopback web, or refused)
GUARDED = Settings(allow_private=False, retries=0, deadline=5.0)


class Internet:
    """Names with scripted answers, and what a connection to each address reaches."""

    def __init__(self, web: SimWeb, monkeypatch: pytest.MonkeyPatch) -> None:
        self.web = web
        self.answers: dict[str, list[list[str]]] = {}  # name -> answers, one per lookup
        self.routed: set[str] = set()  # public addresses that reach the loopback web
        self.connects: list[str] = []
        self._lookup = socket.getaddrinfo  # simweb's resolver
        self._connect = socket.socket.connect  # the suite's network guard
        monkeypatch.setattr(socket, "getaddrinfo", self.getaddrinfo)
        monkeypatch.setattr(socket.socket, "connect", self.connect_for())

    def answer(self, name: str, *answers: list[str]) -> None:
        """``name`` answers each lookup with the next list of addresses (the last repeats)."""
        self.answers[name] = list(answers)

    def getaddrinfo(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        script = self.answers.get(str(host))
        if not script:
            return self._lookup(host, port, *args, **kwargs)
        addresses = script.pop(0) if len(script) > 1 else script[0]
        infos = []
        for address in addresses:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            if address == "127.0.0.1":  # the internal service: the loopback web itself
                port = self.web.http_port
            number = int(port or 0)
            sockaddr = (address, number) if family == socket.AF_INET else (address, number, 0, 0)
            infos.append((family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr))
        return infos

    def connect_for(self) -> Callable[[socket.socket, Any], None]:
        internet = self

        def connect(sock: socket.socket, address: Any) -> None:
            host = str(address[0])
            internet.connects.append(host)
            if host in internet.routed:
                web = internet.web
                port = web.https_port if address[1] == 443 else web.http_port
                return internet._connect(sock, ("127.0.0.1", port))
            if not ipaddress.ip_address(host).is_loopback:
                raise ConnectionRefusedError(111, "Connection refused")
            return internet._connect(sock, address)

        return connect


@pytest.fixture
def internet(web: SimWeb, monkeypatch: pytest.MonkeyPatch) -> Internet:
    """The loopback web plus scripted public names (see ``Internet``)."""
    return Internet(web, monkeypatch)


def test_dns_rebinding_leaks_nothing(internet: Internet) -> None:
    """A name answering a public address to the check and 127.0.0.1 to the connection:
    the connection goes to the checked (public) address, never to the internal page."""
    internet.web.html("http://rebind.example.com/admin", "Internal secret")
    internet.answer("rebind.example.com", [PUBLIC], ["127.0.0.1"])
    fetch = Client(GUARDED).fetch("http://rebind.example.com/admin")
    assert fetch.failure is Failure.REFUSED  # the public address refused the connection
    assert fetch.body == b""
    assert internet.web.count("rebind.example.com") == 0
    assert internet.connects == [PUBLIC]


def test_the_guard_refuses_a_name_with_any_private_address(internet: Internet) -> None:
    """A name answering one public and one loopback address is refused before connecting."""
    internet.answer("mixed.example.com", [PUBLIC, "127.0.0.1"])
    fetch = Client(GUARDED).fetch("http://mixed.example.com/")
    assert fetch.failure is Failure.PRIVATE_ADDRESS
    assert "127.0.0.1, a loopback address" in fetch.detail
    assert internet.connects == []


def test_cloud_metadata_address_is_refused_before_any_connection(internet: Internet) -> None:
    """100.100.100.200 (carrier-grade NAT, a cloud metadata service) is never connected to."""
    fetch = Client(GUARDED).fetch("http://100.100.100.200/latest/meta-data/")
    assert fetch.failure is Failure.PRIVATE_ADDRESS
    assert "carrier-grade NAT" in fetch.detail
    assert internet.connects == []


@pytest.mark.parametrize(
    "location",
    [
        "http://internal.example.com/secret",  # a name resolving to a private address
        "http://127.0.0.1/secret",  # an address literal
        "http://[::ffff:127.0.0.1]/secret",  # the same, IPv4-mapped
    ],
)
def test_every_redirect_hop_is_checked(internet: Internet, location: str) -> None:
    """A public page redirecting to an internal address is refused at the hop."""
    internet.web.redirect("http://public.example.com/go", location, status=302)
    internet.web.html("http://internal.example.com/secret", "Internal secret")
    internet.answer("public.example.com", [PUBLIC])
    internet.routed.add(PUBLIC)
    internet.answer("internal.example.com", ["10.0.0.7"])
    fetch = Client(GUARDED).fetch("http://public.example.com/go")
    assert fetch.failure is Failure.PRIVATE_ADDRESS
    assert [hop.status for hop in fetch.redirects] == [302]
    assert internet.connects == [PUBLIC]  # the hop was refused before connecting


def test_a_public_site_is_fetched_through_its_pinned_address(internet: Internet) -> None:
    """With the guard on, a public name is fetched normally (Host header and all)."""
    internet.web.html("http://public.example.com/story", "A public story")
    internet.answer("public.example.com", [PUBLIC])
    internet.routed.add(PUBLIC)
    fetch = Client(GUARDED).fetch("http://public.example.com/story")
    assert fetch.status == 200
    assert b"A public story" in fetch.body


def test_the_resolver_is_a_seam_and_nat64_forms_are_judged_by_their_ipv4(
    internet: Internet,
) -> None:
    """A resolver passed to the client is the one used; 64:ff9b::7f00:1 is 127.0.0.1."""
    asked: list[str] = []

    def resolver(host: str, port: int) -> list[tuple[int, tuple[Any, ...]]]:
        asked.append(host)
        return [(socket.AF_INET6, ("64:ff9b::7f00:1", port, 0, 0))]

    fetch = Client(GUARDED, resolver=resolver).fetch("http://nat64.example.com/")
    assert fetch.failure is Failure.PRIVATE_ADDRESS
    assert asked == ["nat64.example.com"]
    assert internet.connects == []


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.8.9.10", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.31.255.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("100.64.0.1", "a shared (carrier-grade NAT) address"),
        ("100.100.100.200", "a shared (carrier-grade NAT) address"),
        ("0.0.0.0", "an unspecified ('this network') address"),
        ("224.0.0.251", "a multicast address"),
        ("255.255.255.255", "a reserved address"),
        ("198.18.0.1", "a reserved (benchmarking) address"),
        ("::1", "a loopback address"),
        ("::", "an unspecified address"),
        ("fe80::1", "a link-local address"),
        ("fd12:3456::1", "a private (unique local) address"),
        ("ff02::1", "a multicast address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:10.0.0.1", "a private address"),
        ("64:ff9b::a9fe:a9fe", "a link-local address"),  # NAT64 of 169.254.169.254
        ("64:ff9b::6464:64c8", "a shared (carrier-grade NAT) address"),  # 100.100.100.200
        ("2002:7f00:1::", "a loopback address"),  # 6to4 of 127.0.0.1
        ("64:ff9b:1::1", "a local NAT64 address"),
    ],
)
def test_refused_addresses(address: str, why: str) -> None:
    """Each special-purpose address is refused, named by what it is."""
    assert refusal(ipaddress.ip_address(address)) == why


@pytest.mark.parametrize(
    "address",
    [
        "93.184.216.34",
        "8.8.8.8",
        "100.128.0.1",
        "2606:4700::1111",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
    ],
)
def test_public_addresses_pass(address: str) -> None:
    """Public addresses, also in their IPv4-mapped and NAT64 forms, pass the guard."""
    assert refusal(ipaddress.ip_address(address)) is None


def test_https_through_a_pinned_address_keeps_sni_and_the_certificate_check(
    internet: Internet,
) -> None:
    """Connecting to the checked address, TLS still names and verifies the host."""
    internet.web.html("https://secure.example.com/story", "A secure story")
    internet.answer("secure.example.com", [PUBLIC])
    internet.routed.add(PUBLIC)
    fetch = Client(GUARDED).fetch("https://secure.example.com/story")
    assert fetch.status == 200
    assert b"A secure story" in fetch.body
    assert internet.web.requests == [("GET", "secure.example.com", "/story")]


def test_through_a_proxy_the_guard_checks_the_name(
    web: SimWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy resolves the name itself: the guard then refuses by the name's addresses,
    and without the guard the page comes through the proxy (on loopback: the user's)."""
    web.html("http://proxied.example.com/page", "Via the proxy")
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{web.http_port}")
    refused = Client(GUARDED).fetch("http://proxied.example.com/page")
    assert refused.failure is Failure.PRIVATE_ADDRESS
    assert web.count() == 0
    fetched = Client(Settings(retries=0, deadline=5.0)).fetch("http://proxied.example.com/page")
    assert fetched.status == 200
    assert b"Via the proxy" in fetched.body


def test_rebinding_leaks_nothing_into_the_report(internet: Internet, tmp_path: Path) -> None:
    """``verify --no-private`` (what the Action runs) on a rebinding name: the internal
    page's title appears nowhere in the report, and the internal server saw nothing."""
    url = "http://rebind.example.com/admin"
    internet.web.html(url, "Internal secret")
    internet.answer("rebind.example.com", [PUBLIC], ["127.0.0.1"])
    paper = tmp_path / "paper.md"
    paper.write_text(
        f"# Paper\n\nClaim.<sup>1</sup>\n\n---\n\n<sup>1</sup> “Admin,” <{url}>.\n",
        encoding="utf-8",
    )
    args = ("verify", str(paper), "--no-private", "--no-state", "--retries", "0")
    result = cli(*args, "--format", "json")
    assert "Internal secret" not in result.stdout
    link = result.json()["links"][0]
    assert link["status"] == "error"
    assert link["page_title"] is None
    assert internet.web.count("rebind.example.com") == 0
