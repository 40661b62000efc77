"""Run LinkChecker's command line in a process whose resolver points at a ``SimWeb``.

usage: SIMDNS='{"hosts": [...], "http": PORT, "https": PORT}' \
       python benchmarks/simdns_run.py [linkchecker arguments...]

The simulated web's servers live in their own process (``simweb_server.py``, started by
the benchmark); this child only patches ``socket.getaddrinfo`` /
``socket.gethostbyname`` the way ``SimWeb.dns()`` does:
every registered host name resolves to 127.0.0.1, with port 80 rewritten to the HTTP
server's port and 443 to the HTTPS server's. Unknown names fail with EAI_NONAME, and
loopback names and IP literals go to the real resolver. Then it calls LinkChecker 10.x's
console entry point (``linkcheck.command.linkchecker.linkchecker``) with the remaining
arguments, exactly as the ``linkchecker`` script would.

``patch_dns`` / ``simulated_dns`` are also what the benchmark itself (and its memory
subprocess) use to reach the server process.
"""

from __future__ import annotations

import contextlib
import importlib
import ipaddress
import json
import os
import socket
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "localhost.localdomain"})


def patch_dns(hosts: Iterable[str], http_port: int, https_port: int) -> Callable[[], None]:
    """Make ``hosts`` resolve to the loopback servers (80 -> http_port, 443 -> https_port).

    Every other name fails with EAI_NONAME; loopback names and IP literals go to the
    resolver in place before the call. Returns a function that puts that resolver back.
    """
    known = frozenset(h.lower().rstrip(".") for h in hosts)
    real_gai = socket.getaddrinfo
    real_ghbn = socket.gethostbyname

    def is_literal(name: str) -> bool:
        try:
            ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            return False
        return True

    def port_of(port: Any) -> int | None:
        if isinstance(port, bytes):
            port = port.decode("ascii")
        if port is None or isinstance(port, int):
            return port
        if str(port).isdigit():
            return int(port)
        return {"http": 80, "https": 443}.get(str(port).lower(), 0)

    def getaddrinfo(
        host: Any, port: Any, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0
    ) -> list[tuple[Any, ...]]:
        name = host.decode("ascii", "replace") if isinstance(host, bytes) else host
        if name is None or name.lower().rstrip(".") in _LOOPBACK or is_literal(name):
            return real_gai(host, port, family, type, proto, flags)
        if name.lower().rstrip(".") not in known:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        real = https_port if port_of(port) == 443 else http_port
        kind = socket.SocketKind(type) if type else socket.SOCK_STREAM
        return [(socket.AF_INET, kind, socket.IPPROTO_TCP, "", ("127.0.0.1", real))]

    def gethostbyname(host: str) -> str:
        if host.lower() in _LOOPBACK or is_literal(host):
            return real_ghbn(host)
        if host.lower().rstrip(".") not in known:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return "127.0.0.1"

    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname

    def restore() -> None:
        socket.getaddrinfo = real_gai
        socket.gethostbyname = real_ghbn

    return restore


@contextlib.contextmanager
def simulated_dns(hosts: Iterable[str], http_port: int, https_port: int) -> Iterator[None]:
    """``patch_dns`` for the duration of a ``with`` block."""
    restore = patch_dns(hosts, http_port, https_port)
    try:
        yield
    finally:
        restore()


def main() -> None:
    """Patch the resolver from ``$SIMDNS`` and hand the arguments to LinkChecker."""
    spec = json.loads(os.environ["SIMDNS"])
    patch_dns(spec["hosts"], int(spec["http"]), int(spec["https"]))
    entry = importlib.import_module("linkcheck.command.linkchecker").linkchecker
    sys.argv = ["linkchecker", *sys.argv[1:]]
    sys.exit(entry())


if __name__ == "__main__":
    main()
