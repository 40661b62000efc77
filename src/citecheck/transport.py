"""Connections for ``client.py``: resolved once, checked, pinned, and cut at the deadline.

Two holes of a plain ``requests`` adapter are closed here, at the one place every
connection is made:

* **The deadline.** Socket timeouts bound each read, not a whole answer: a server that
  sends its status line, headers or a redirect body one byte every half second keeps
  every read under any timeout for as long as it likes. A ``Deadline`` owns the
  connections of one fetch; a ``Watchdog`` thread shuts their sockets down when the
  deadline passes, whatever the reading thread is waiting for. Connect timeouts and name
  resolution are bounded by the time left as well.
* **The SSRF guard.** Resolving a name to check it and letting the connection resolve it
  again lets a rebinding name answer a public address to the check and 127.0.0.1 to the
  connection. ``PinnedAdapter``'s connections resolve once, refuse the host if any address
  is not public, and connect to the checked address itself; the host name still goes to
  TLS (SNI and the certificate check) and to the ``Host`` header, as before.

The fetch in progress reaches the connections through a context variable (``scope``),
set by the client around each send: urllib3 creates connections deep inside its pools,
where no argument of ours can reach. Outside a scope the adapter behaves like requests'
own. Name resolution goes through a ``Resolver`` (``system_resolver`` by default, which
calls ``socket.getaddrinfo`` at call time), the seam a caller or a test can swap.
"""

from __future__ import annotations

import contextlib
import heapq
import ipaddress
import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

Address = tuple[int, tuple[Any, ...]]
"""One resolved address: the socket family and the ``sockaddr`` to connect to."""
Resolver = Callable[[str, int], Sequence[Address]]
"""``resolver(host, port)``: the addresses to try, in order; raises ``socket.gaierror``."""
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def system_resolver(host: str, port: int) -> list[Address]:
    """The operating system's answer (``socket.getaddrinfo``, looked up at each call)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [(info[0], info[4]) for info in infos]


# -- the SSRF guard ----------------------------------------------------------------------

# Addresses a cited link has no business reaching (IANA special-purpose registries,
# RFC 6890 and successors). Python's is_private/is_global moved between versions and
# miss some of these (100.64.0.0/10, multicast), so the list is spelled out.
_REFUSED_NETWORKS: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "an unspecified ('this network') address"),
    ("10.0.0.0/8", "a private address"),
    # Carrier-grade NAT; one cloud's metadata service answers at 100.100.100.200.
    ("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
    ("127.0.0.0/8", "a loopback address"),
    # Link-local; cloud metadata services answer at 169.254.169.254.
    ("169.254.0.0/16", "a link-local address"),
    ("172.16.0.0/12", "a private address"),
    ("192.0.0.0/24", "a reserved address"),
    ("192.0.2.0/24", "a documentation address"),
    ("192.88.99.0/24", "a reserved (6to4 relay) address"),
    ("192.168.0.0/16", "a private address"),
    ("198.18.0.0/15", "a reserved (benchmarking) address"),
    ("198.51.100.0/24", "a documentation address"),
    ("203.0.113.0/24", "a documentation address"),
    ("224.0.0.0/4", "a multicast address"),
    ("240.0.0.0/4", "a reserved address"),
    ("::/128", "an unspecified address"),
    ("::1/128", "a loopback address"),
    ("::/96", "an IPv4-compatible (deprecated) address"),
    ("64:ff9b:1::/48", "a local NAT64 address"),
    ("100::/64", "a discard address"),
    ("2001::/23", "a reserved (IETF protocol) address"),
    ("2001:db8::/32", "a documentation address"),
    ("fc00::/7", "a private (unique local) address"),
    ("fe80::/10", "a link-local address"),
    ("fec0::/10", "a site-local (deprecated) address"),
    ("ff00::/8", "a multicast address"),
)
_REFUSED = tuple((ipaddress.ip_network(net), why) for net, why in _REFUSED_NETWORKS)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known prefix: IPv4 inside IPv6


def refusal(address: IPAddress) -> str | None:
    """Why the SSRF guard refuses ``address`` ('a loopback address', ...), or None.

    An IPv4 address carried inside IPv6 (mapped ``::ffff:a.b.c.d``, NAT64 ``64:ff9b::``,
    6to4 ``2002:``) is judged by the IPv4 address it reaches.
    """
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None:
            return refusal(inner)
    for network, why in _REFUSED:
        if address.version == network.version and address in network:
            return why
    if not address.is_global:
        return "a non-public address"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


class PrivateAddressError(Exception):
    """The SSRF guard refused a host: one of its addresses is not public."""


# -- the deadline ------------------------------------------------------------------------


class NoTimeLeftError(TimeoutError):
    """No time is left before the deadline (raised instead of starting a wait)."""


@dataclass(eq=False)
class Deadline:
    """The end of one fetch, and the connections to cut when it passes."""

    end: float  # time.monotonic() value
    fired: bool = False
    _connections: list[HTTPConnection] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def remaining(self) -> float:
        """Seconds left (never negative)."""
        return max(0.0, self.end - time.monotonic())

    def passed(self) -> bool:
        """Whether the deadline has passed (the watchdog may not have acted yet)."""
        return self.fired or time.monotonic() >= self.end

    def own(self, connection: HTTPConnection) -> None:
        """Make ``connection`` this fetch's: it is cut if the deadline passes while it is."""
        with self._lock:
            setattr(connection, _OWNER, self)
            self._connections.append(connection)
            if self.fired:
                _cut(connection)

    def expire(self) -> None:
        """Cut every connection this fetch still owns (the watchdog calls this)."""
        with self._lock:
            self.fired = True
            for connection in self._connections:
                if getattr(connection, _OWNER, None) is self:
                    _cut(connection)
            self._connections.clear()

    def release(self) -> None:
        """The fetch is over: its connections belong to the pool again."""
        with self._lock:
            for connection in self._connections:
                if getattr(connection, _OWNER, None) is self:
                    setattr(connection, _OWNER, None)
            self._connections.clear()


_OWNER = "_citecheck_deadline"


def _cut(connection: HTTPConnection) -> None:
    """Shut the connection's socket down, waking any thread blocked on it.

    ``socket.socket.shutdown`` is called unbound so that a TLS socket is shut at the TCP
    level without touching its TLS state, which the reading thread owns.
    """
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


GRACE = 0.2
"""Seconds the watchdog waits past a deadline: a silent server is first caught by its
socket timeout (set from the time left), which names the stall more precisely."""


class Watchdog:
    """A thread that expires each armed ``Deadline`` on time; idle, it exits."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def armed(self, deadline: Deadline) -> Iterator[Deadline]:
        """Watch ``deadline`` for the duration of the block."""
        entry = (deadline.end + GRACE, next(self._order), deadline)
        with self._condition:
            heapq.heappush(self._heap, entry)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="citecheck-watchdog", daemon=True
                )
                self._thread.start()
            elif self._heap[0] is entry:
                self._condition.notify()
        try:
            yield deadline
        finally:
            with self._condition:
                if entry in self._heap:  # not yet expired
                    self._heap.remove(entry)
                    heapq.heapify(self._heap)
                    self._condition.notify()
            deadline.release()

    def _run(self) -> None:
        with self._condition:
            while self._heap:
                end, _, deadline = self._heap[0]
                wait = end - time.monotonic()
                if wait > 0:
                    self._condition.wait(wait)
                    continue
                heapq.heappop(self._heap)
                deadline.expire()
            self._thread = None


# -- connections -------------------------------------------------------------------------


class Lookups:
    """Threads for name resolution, started on first use, so that a stalled resolver
    costs a thread rather than the deadline (``getaddrinfo`` cannot be interrupted)."""

    def __init__(self, workers: int) -> None:
        self._workers = workers
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def resolve(
        self, resolver: Resolver, host: str, port: int, timeout: float
    ) -> Sequence[Address]:
        """``resolver(host, port)``, or NoTimeLeftError after ``timeout`` seconds."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="citecheck-dns")
            future = self._pool.submit(resolver, host, port)
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            future.cancel()
            raise NoTimeLeftError("name resolution outlasted the deadline") from None

    def close(self) -> None:
        """Let the threads go (a later lookup starts new ones)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


@dataclass(frozen=True)
class Policy:
    """How connections are made: the resolver, the guard, and where resolution waits."""

    resolver: Resolver = system_resolver
    refuse_private: bool = False
    lookups: Lookups | None = None  # resolution off-thread, bounded in time

    def addresses(self, host: str, port: int, deadline: Deadline) -> Sequence[Address]:
        """The addresses of ``host``, all checked by the guard, resolved within the deadline."""
        found = self._resolve(host, port, deadline)
        if self.refuse_private:
            for _, sockaddr in found:
                address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
                why = refusal(address)
                if why is not None:
                    raise PrivateAddressError(
                        f"{host} resolves to {address}, {why}: not checked "
                        "(SSRF guard; --allow-private to check it)"
                    )
        return found

    def _resolve(self, host: str, port: int, deadline: Deadline) -> Sequence[Address]:
        if self.lookups is None or _is_ip_literal(host):
            return self.resolver(host, port)
        remaining = deadline.remaining()
        if remaining <= 0:
            raise NoTimeLeftError("no time left to resolve the host name")
        return self.lookups.resolve(self.resolver, host, port, remaining)


@dataclass(frozen=True)
class Scope:
    """What the connections of the send in progress need: its deadline and the policy."""

    deadline: Deadline
    policy: Policy


scope: ContextVar[Scope | None] = ContextVar("citecheck_transport_scope", default=None)
"""The fetch this thread is sending for (set by the client around each send)."""


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return False
    return True


def _connect(
    addresses: Sequence[Address],
    timeout: float | None,
    deadline: Deadline,
    source_address: tuple[str, int] | None,
    options: Sequence[tuple[int, int, int | bytes]] | None,
) -> socket.socket:
    """A socket connected to the first of ``addresses`` that answers within the time left."""
    error: OSError | None = None
    for family, sockaddr in addresses:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise NoTimeLeftError("no time left to connect")
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            for level, name, value in options or ():
                sock.setsockopt(level, name, value)
            sock.settimeout(remaining if timeout is None else min(timeout, remaining))
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
        except OSError as exc:
            sock.close()
            error = exc
            continue
        return sock
    raise error or OSError(f"no address to connect to among {list(addresses)!r}")


class _Pinned(HTTPConnection):
    """A connection that resolves once, checks, and connects to the checked address."""

    def _new_conn(self) -> socket.socket:
        current = scope.get()
        if current is None:
            return super()._new_conn()
        current.deadline.own(self)
        if self.proxy is not None:  # to the user's proxy, which resolves the target itself
            return super()._new_conn()
        timeout = self.timeout if isinstance(self.timeout, int | float) else None
        try:
            found = current.policy.addresses(self._dns_host, self.port, current.deadline)
            return _connect(
                found, timeout, current.deadline, self.source_address, self.socket_options
            )
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        except TimeoutError as exc:
            raise ConnectTimeoutError(
                self, f"Connection to {self.host} timed out. (connect timeout={timeout})"
            ) from exc
        except OSError as exc:
            raise NewConnectionError(self, f"Failed to establish a new connection: {exc}") from exc

    def request(self, *args: Any, **kwargs: Any) -> None:
        """Send a request; a kept-alive connection becomes the current fetch's first."""
        current = scope.get()
        if current is not None:
            current.deadline.own(self)
        super().request(*args, **kwargs)


class PinnedHTTPConnection(_Pinned):
    """Plain HTTP through a pinned, deadline-bound connection."""


class PinnedHTTPSConnection(_Pinned, HTTPSConnection):
    """HTTPS through a pinned, deadline-bound connection (SNI and the certificate check
    still use the host name)."""


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = PinnedHTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = PinnedHTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class PinnedAdapter(HTTPAdapter):
    """requests' adapter with pinned, deadline-bound connections (proxied ones included)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _POOLS
        return manager
