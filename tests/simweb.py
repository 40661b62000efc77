"""A simulated internet on loopback for tests that use the real ``requests`` library.

``SimWeb`` runs real HTTP and HTTPS servers on 127.0.0.1 (ephemeral ports) and, once
its DNS patch is active, makes any registered host name resolve to them, rewriting the
port (80 -> the HTTP server, 443 -> the HTTPS server).  HTTPS uses a throw-away
``trustme`` CA whose PEM file is exposed as ``SimWeb.ca_bundle``.

Typical fixture::

    @pytest.fixture
    def web(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimWeb]:
        with SimWeb() as sim:
            sim.patch_dns(monkeypatch)  # also sets REQUESTS_CA_BUNDLE, clears *_proxy
            yield sim

    def test_title(web: SimWeb) -> None:
        web.html("https://www.reuters.com/world/", "World news")
        assert "World news" in requests.get("https://www.reuters.com/world/").text

Besides ordinary pages and redirects it can play a hostile web: redirect loops,
endless redirect chains, 5 GB bodies, servers that hang or drip one byte a second,
gzip bombs, hosts with an untrusted certificate, NXDOMAIN and a fully offline resolver.
"""

from __future__ import annotations

import contextlib
import functools
import html as html_lib
import ipaddress
import shutil
import socket
import socketserver
import ssl
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import trustme
from requests.utils import requote_uri

if TYPE_CHECKING:
    import pytest

__all__ = ["Route", "SimHandler", "SimWeb"]

_LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "localhost.localdomain"})
_CHUNK = 64 * 1024
_PROXY_VARS = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
)

AddrInfo = tuple[Any, ...]  # (family, type, proto, canonname, sockaddr)


def _normalize_host(host: str) -> str:
    """Lower-case a host name, drop a trailing dot and IDNA-encode it like ``requests``."""
    host = host.strip().rstrip(".").lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host.isascii():
        return host
    try:
        import idna

        return idna.encode(host, uts46=True).decode("ascii")
    except Exception:  # pragma: no cover - fallback for exotic names
        return host.encode("idna").decode("ascii")


def _normalize_target(path: str, query: str = "") -> str:
    """Return ``path?query`` percent-encoded the way ``requests`` sends it."""
    target = path or "/"
    if query:
        target = f"{target}?{query}"
    return requote_uri(target)


def _is_ip_literal(host: str) -> bool:
    """Tell whether ``host`` is an IPv4/IPv6 address literal rather than a name."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _port_number(port: int | str | bytes | None) -> int | None:
    """Convert a getaddrinfo ``port`` argument (int, digits, service name) to an int."""
    if port is None:
        return None
    if isinstance(port, bytes):
        port = port.decode("ascii")
    if isinstance(port, int):
        return port
    if port.isdigit():
        return int(port)
    return {"http": 80, "https": 443}.get(port.lower(), 0)


@functools.lru_cache(maxsize=4)
def _gzip_zeros(size: int) -> bytes:
    """Gzip ``size`` zero bytes without ever holding them all in memory (cached)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        n = min(remaining, len(block))
        parts.append(comp.compress(block if n == len(block) else block[:n]))
        remaining -= n
    parts.append(comp.flush())
    return b"".join(parts)


class SimHandler(BaseHTTPRequestHandler):
    """Request handler of the simulated servers; routes receive an instance of it.

    Useful attributes inside a route: ``command`` (method), ``path`` (target as sent),
    ``headers``, ``host`` (normalized Host header without port), ``scheme``,
    ``web`` (the ``SimWeb``) and ``wfile``; ``send()`` writes a whole response.
    """

    protocol_version = "HTTP/1.1"
    server: _Server
    host: str = ""
    scheme: str = "http"
    body: bytes = b""  # the request body (``_dispatch`` reads it before the route runs)

    @property
    def web(self) -> SimWeb:
        """The ``SimWeb`` this handler belongs to."""
        return self.server.web

    def log_message(self, format: str, *args: Any) -> None:
        """Stay silent: no access log on stderr."""
        return

    def handle(self) -> None:
        """Serve requests on this connection, swallowing client disconnects."""
        try:
            super().handle()
        except (OSError, ValueError):
            self.close_connection = True

    def send(
        self,
        status: int,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Write a complete response with Content-Length (no body for HEAD)."""
        headers = dict(headers or {})
        lower = {k.lower() for k in headers}
        if "content-length" not in lower:
            headers["Content-Length"] = str(len(body))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def send_header(self, keyword: str, value: str) -> None:
        """Send a header, percent-encoding values that are not Latin-1 (e.g. Location)."""
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            value = requote_uri(value)
        super().send_header(keyword, value)

    def _dispatch(self) -> None:
        """Record the request, apply latency, and run the matching route (or 404)."""
        web = self.server.web
        self.scheme = self.server.scheme
        raw_host = self.headers.get("Host", "")
        if raw_host.startswith("["):
            raw_host = raw_host[1 : raw_host.find("]")]
        else:
            raw_host = raw_host.rsplit(":", 1)[0] if raw_host.count(":") == 1 else raw_host
        self.host = _normalize_host(raw_host)
        target = self.path
        if "://" in target:  # absolute-form request target
            parts = urlsplit(target)
            target = _normalize_target(parts.path, parts.query)
        length = self.headers.get("Content-Length")
        self.body = b""
        if length and length.isdigit() and int(length) > 0:
            self.body = self.rfile.read(int(length))
        web._record(self.command, self.host, target)
        if web.latency > 0 and web._stop.wait(web.latency):
            self.close_connection = True
            return
        route = web._lookup(self.scheme, self.host, target)
        route(self)

    do_GET = _dispatch  # noqa: N815
    do_HEAD = _dispatch  # noqa: N815
    do_POST = _dispatch  # noqa: N815
    do_PUT = _dispatch  # noqa: N815
    do_DELETE = _dispatch  # noqa: N815
    do_PATCH = _dispatch  # noqa: N815
    do_OPTIONS = _dispatch  # noqa: N815


Route = Callable[[SimHandler], None]


def _not_found(h: SimHandler) -> None:
    """Answer 404 with a small HTML page."""
    body = b"<html><head><title>Not Found</title></head><body><h1>Not Found</h1></body></html>"
    h.send(404, body, {"Content-Type": "text/html; charset=utf-8"})


class _Server(ThreadingHTTPServer):
    """Threaded HTTP/1.1 server on 127.0.0.1 that optionally speaks TLS per connection."""

    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True

    def __init__(self, web: SimWeb, scheme: str, ssl_context: ssl.SSLContext | None) -> None:
        self.web = web
        self.scheme = scheme
        self.ssl_context = ssl_context
        super().__init__(("127.0.0.1", 0), SimHandler)

    def server_bind(self) -> None:
        """Bind without the reverse DNS lookup ``HTTPServer.server_bind`` does."""
        socketserver.TCPServer.server_bind(self)
        self.server_name = "127.0.0.1"
        self.server_port = int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Do not print tracebacks; keep unexpected errors in ``web.errors``."""
        exc = sys.exc_info()[1]
        if exc is not None and not isinstance(exc, OSError):
            self.web.errors.append(exc)

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Do the TLS handshake in the handler thread, then serve the connection."""
        sock: socket.socket = request
        if self.ssl_context is not None:
            try:
                sock = self.ssl_context.wrap_socket(
                    request, server_side=True, do_handshake_on_connect=False
                )
            except OSError:
                return
        self.web._conn_opened(sock)
        try:
            if isinstance(sock, ssl.SSLSocket):
                sock.do_handshake()
            SimHandler(sock, client_address, self)
        except (OSError, ValueError):
            pass
        finally:
            self.web._conn_closed(sock)
            if sock is not request:
                sock.close()


class SimWeb:
    """A simulated internet: loopback HTTP/HTTPS servers plus a patched resolver."""

    def __init__(self) -> None:
        """Create the CA and the (not yet started) registry; call ``start()`` or use ``with``."""
        self.latency: float = 0.0
        self.offline: bool = False
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._conn_cond = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._requests: list[tuple[str, str, str]] = []
        self._connections = 0
        self._active: set[socket.socket] = set()
        self._routes: dict[tuple[str, str, str], Route] = {}
        self._prefixes: list[tuple[str, str, str, Route]] = []
        self._hosts: set[str] = set()
        self._gone: set[str] = set()
        self._bad_tls: set[str] = set()
        self._extra_ports: dict[tuple[str, int], str] = {}
        self._servers: dict[str, _Server] = {}
        self._threads: list[threading.Thread] = []
        self._started = False
        self.ca = trustme.CA()
        self._bad_ca = trustme.CA()
        self._tls_contexts: dict[tuple[str, str], ssl.SSLContext] = {}
        self._tmpdir = tempfile.mkdtemp(prefix="simweb-")
        self.ca_bundle: str = str(Path(self._tmpdir) / "simweb-ca.pem")
        self.ca.cert_pem.write_to_path(self.ca_bundle)
        self._orig_getaddrinfo: Callable[..., list[AddrInfo]] = socket.getaddrinfo
        self._orig_gethostbyname: Callable[[str], str] = socket.gethostbyname

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> SimWeb:
        """Start the servers."""
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the servers."""
        self.close()

    def start(self) -> SimWeb:
        """Start the HTTP and HTTPS servers (and the bad-TLS one if needed)."""
        if self._started:
            return self
        self._started = True
        self._stop.clear()
        self._start_server("http", None)
        self._start_server("https", self._make_sni_context("good"))
        if self._bad_tls:
            self._start_server("badtls", self._make_sni_context("bad"))
        return self

    def close(self) -> None:
        """Stop all servers promptly, waking hanging/dripping handlers; remove the CA file."""
        self._stop.set()
        servers = list(self._servers.values())
        for server in servers:
            server.shutdown()
            server.server_close()
        with self._lock:
            active = list(self._active)
        for sock in active:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
        with self._conn_cond:
            self._conn_cond.wait_for(lambda: not self._active, timeout=2.0)
        for thread in self._threads:
            thread.join(timeout=2.0)
        self._servers.clear()
        self._threads.clear()
        self._started = False
        shutil.rmtree(self._tmpdir, ignore_errors=True)

    def _start_server(self, name: str, ctx: ssl.SSLContext | None) -> None:
        """Create one server and serve it from a daemon thread."""
        server = _Server(self, "http" if name == "http" else "https", ctx)
        self._servers[name] = server
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"simweb-{name}",
            daemon=True,
        )
        thread.start()
        self._threads.append(thread)

    def _make_sni_context(self, which: str) -> ssl.SSLContext:
        """Server context whose SNI callback issues a certificate per host name lazily."""
        base = self._tls_context(which, "localhost")

        def pick(sslobj: ssl.SSLObject | ssl.SSLSocket, name: str | None, _: Any) -> None:
            if name:
                sslobj.context = self._tls_context(which, _normalize_host(name))

        base.sni_callback = pick
        return base

    def _tls_context(self, which: str, host: str) -> ssl.SSLContext:
        """Return (and cache) a server context with a certificate for ``host``."""
        key = (which, host)
        with self._lock:
            ctx = self._tls_contexts.get(key)
        if ctx is not None:
            return ctx
        ca = self.ca if which == "good" else self._bad_ca
        ids = [host, "127.0.0.1"] if host != "127.0.0.1" else [host]
        cert = ca.issue_cert(*ids)
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(ctx)
        with self._lock:
            return self._tls_contexts.setdefault(key, ctx)

    # ------------------------------------------------------------------ observability

    @property
    def requests(self) -> list[tuple[str, str, str]]:
        """Snapshot of ``(method, host, path_with_query)`` for every request received."""
        with self._lock:
            return list(self._requests)

    @property
    def connections(self) -> int:
        """Number of TCP connections accepted so far (all servers)."""
        with self._lock:
            return self._connections

    def count(self, host: str | None = None) -> int:
        """How many requests were received (optionally only those for ``host``)."""
        with self._lock:
            if host is None:
                return len(self._requests)
            want = _normalize_host(host)
            return sum(1 for _, h, _ in self._requests if h == want)

    def reset_stats(self) -> None:
        """Forget recorded requests and the connection count."""
        with self._lock:
            self._requests.clear()
            self._connections = 0

    @property
    def http_port(self) -> int:
        """Port of the plain HTTP server."""
        return self._servers["http"].server_port

    @property
    def https_port(self) -> int:
        """Port of the HTTPS server (certificates from ``ca_bundle``)."""
        return self._servers["https"].server_port

    def _record(self, method: str, host: str, target: str) -> None:
        with self._lock:
            self._requests.append((method, host, target))

    def _conn_opened(self, sock: socket.socket) -> None:
        with self._lock:
            self._connections += 1
            self._active.add(sock)

    def _conn_closed(self, sock: socket.socket) -> None:
        with self._conn_cond:
            self._active.discard(sock)
            self._conn_cond.notify_all()

    # ------------------------------------------------------------------ routing

    def _add(self, url: str, route: Route) -> tuple[str, str, str]:
        """Register ``route`` for ``url``; return its (scheme, host, target) key."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower() or "http"
        if scheme not in ("http", "https"):
            raise ValueError(f"unsupported scheme in {url!r}")
        if not parts.hostname:
            raise ValueError(f"no host in {url!r}")
        host = _normalize_host(parts.hostname)
        key = (scheme, host, _normalize_target(parts.path, parts.query))
        with self._lock:
            self._routes[key] = route
            self._hosts.add(host)
            self._gone.discard(host)
            if parts.port is not None and parts.port not in (80, 443):
                self._extra_ports[(host, parts.port)] = scheme
        return key

    def _add_prefix(self, scheme: str, host: str, prefix: str, route: Route) -> None:
        with self._lock:
            self._prefixes.append((scheme, host, prefix, route))
            self._hosts.add(host)

    def _lookup(self, scheme: str, host: str, target: str) -> Route:
        """Find the route: exact target, then path without query, then prefixes; other
        scheme as a fallback; else 404."""
        path = target.split("?", 1)[0]
        other = "http" if scheme == "https" else "https"
        with self._lock:
            for sch in (scheme, other):
                for key in ((sch, host, target), (sch, host, path)):
                    route = self._routes.get(key)
                    if route is not None:
                        return route
                for psch, phost, prefix, proute in self._prefixes:
                    if psch == sch and phost == host and path.startswith(prefix):
                        return proute
        return _not_found

    def host(self, host: str) -> None:
        """Make ``host`` resolve even without routes (every path then answers 404)."""
        with self._lock:
            name = _normalize_host(host)
            self._hosts.add(name)
            self._gone.discard(name)

    def page(
        self,
        url: str,
        body: bytes | str,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        content_type: str = "text/html; charset=utf-8",
    ) -> None:
        """Serve ``body`` (str is UTF-8 encoded) at ``url``; ``headers`` override defaults."""
        data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        hdrs = {"Content-Type": content_type}
        hdrs.update(headers or {})

        def route(h: SimHandler) -> None:
            h.send(status, data, hdrs)

        self._add(url, route)

    def html(
        self,
        url: str,
        title: str,
        *,
        encoding: str = "utf-8",
        declare: Literal["header", "meta", "none"] = "header",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve a minimal HTML page titled ``title`` in ``encoding``, declaring the charset
        in the Content-Type header, in a ``<meta charset>``, or nowhere."""
        esc = html_lib.escape(title)
        meta = f'<meta charset="{encoding}">' if declare == "meta" else ""
        doc = f"<html><head>{meta}<title>{esc}</title></head><body><h1>{esc}</h1></body></html>"
        ctype = f"text/html; charset={encoding}" if declare == "header" else "text/html"
        self.page(url, doc.encode(encoding), status=status, headers=headers, content_type=ctype)

    def binary(self, url: str, data: bytes, content_type: str) -> None:
        """Serve raw bytes (a PDF, PNG, ...) with the given content type."""
        self.page(url, data, content_type=content_type)

    def redirect(self, url: str, to: str, status: int = 301) -> None:
        """Redirect ``url`` to ``to`` (relative or absolute) with ``status``."""

        def route(h: SimHandler) -> None:
            h.send(status, b"", {"Location": to})

        self._add(url, route)

    def handler(self, url: str, fn: Route) -> None:
        """Let ``fn(request_handler)`` write the raw response for ``url`` itself.

        ``fn`` should send Content-Length (``request_handler.send`` does) or set
        ``request_handler.close_connection = True`` so keep-alive stays sane.
        """
        self._add(url, fn)

    # ------------------------------------------------------------------ hostile web

    def redirect_loop(self, url: str) -> None:
        """``url`` 302s to a sibling URL which 302s back to ``url``, forever."""
        parts = urlsplit(url)
        path = parts.path or "/"
        other = path.rstrip("/") + "/__loop_b"
        self.redirect(url, other, status=302)
        self.redirect(parts._replace(path=other, query="").geturl(), path, status=302)

    def endless_redirects(self, url: str) -> None:
        """Serve an endless chain: ``…/r/1`` → ``…/r/2`` → … (302s, never ends).

        If the last path segment of ``url`` is a number its parent is the chain base,
        otherwise ``url`` itself redirects to ``url/1``.
        """
        parts = urlsplit(url)
        scheme = parts.scheme.lower() or "http"
        host = _normalize_host(parts.hostname or "")
        path = (parts.path or "/").rstrip("/")
        head, _, last = path.rpartition("/")
        base = head if last.isdigit() else path

        def route(h: SimHandler) -> None:
            rest = h.path.split("?", 1)[0][len(base) :].strip("/")
            n = int(rest) + 1 if rest.isdigit() else 1
            h.send(302, b"", {"Location": f"{base}/{n}"})

        self._add_prefix(scheme, host, base + "/", route)
        if not last.isdigit():
            self._add(url, route)

    def huge(
        self, url: str, size: int = 5 * 1024**3, content_type: str = "text/html; charset=utf-8"
    ) -> None:
        """Announce ``size`` bytes of ``content_type`` and stream zeros lazily until the
        client goes away."""
        stop = self._stop

        def route(h: SimHandler) -> None:
            h.send_response(200)
            h.send_header("Content-Type", content_type)
            h.send_header("Content-Length", str(size))
            h.end_headers()
            if h.command == "HEAD":
                return
            chunk = bytes(_CHUNK)
            remaining = size
            try:
                while remaining > 0 and not stop.is_set():
                    n = min(remaining, _CHUNK)
                    h.wfile.write(chunk if n == _CHUNK else chunk[:n])
                    remaining -= n
            except (OSError, ValueError):
                pass
            if remaining:
                h.close_connection = True

        self._add(url, route)

    def hang(self, url: str) -> None:
        """Read the request, then never answer (until the SimWeb is closed)."""
        stop = self._stop

        def route(h: SimHandler) -> None:
            stop.wait()
            h.close_connection = True

        self._add(url, route)

    def drip(self, url: str, interval: float = 1.0) -> None:
        """Send headers (Content-Length 10000), then one byte every ``interval`` seconds."""
        stop = self._stop

        def route(h: SimHandler) -> None:
            h.send_response(200)
            h.send_header("Content-Type", "text/html; charset=utf-8")
            h.send_header("Content-Length", "10000")
            h.end_headers()
            if h.command == "HEAD":
                return
            try:
                for _ in range(10000):
                    h.wfile.write(b" ")
                    h.wfile.flush()
                    if stop.wait(interval):
                        break
                else:
                    return
            except (OSError, ValueError):
                pass
            h.close_connection = True

        self._add(url, route)

    def drip_raw(self, url: str, head: bytes, rest: bytes, interval: float = 0.5) -> None:
        """Write ``head`` at once, then ``rest`` one byte every ``interval`` seconds, then
        close: a server that keeps every per-read timeout happy while never finishing."""
        stop = self._stop

        def route(h: SimHandler) -> None:
            h.close_connection = True
            try:
                h.wfile.write(head)
                h.wfile.flush()
                for byte in rest:
                    if stop.wait(interval):
                        return
                    h.wfile.write(bytes([byte]))
                    h.wfile.flush()
            except (OSError, ValueError):
                return

        self._add(url, route)

    def drip_status_line(self, url: str, interval: float = 0.5) -> None:
        """Send the status line one byte every ``interval`` seconds (then a small page)."""
        page = b"<html><head><title>Dripped</title></head></html>"
        rest = (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            + b"Content-Length: %d\r\n\r\n" % len(page)
            + page
        )
        self.drip_raw(url, b"", rest, interval)

    def drip_headers(self, url: str, interval: float = 0.5) -> None:
        """Send the status line, then the headers one byte every ``interval`` seconds."""
        page = b"<html><head><title>Dripped</title></head></html>"
        headers = b"Content-Type: text/html\r\nX-Padding: " + b"x" * 100 + b"\r\n"
        rest = headers + b"Content-Length: %d\r\n\r\n" % len(page) + page
        self.drip_raw(url, b"HTTP/1.1 200 OK\r\n", rest, interval)

    def drip_redirect(self, url: str, to: str, interval: float = 0.5) -> None:
        """A 302 to ``to`` whose 200-byte body arrives one byte every ``interval`` seconds."""
        head = (
            b"HTTP/1.1 302 Found\r\nLocation: " + to.encode("ascii") + b"\r\n"
            b"Content-Type: text/html\r\nContent-Length: 200\r\n\r\n"
        )
        self.drip_raw(url, head, b"." * 200, interval)

    def cut_body(self, url: str, title: str, *, status: int = 200, keep: int = 40) -> None:
        """An HTTP/1.0 answer announcing a whole page, closed after ``keep`` bytes of it.

        The first request is cut; later ones get the whole page (a flaky connection)."""
        page = f"<html><head><title>{title}</title></head><body>{'x' * 400}</body></html>"
        data = page.encode()
        served = [0]

        def route(h: SimHandler) -> None:
            served[0] += 1
            h.close_connection = True
            h.protocol_version = "HTTP/1.0"
            h.send_response(status)
            h.send_header("Content-Type", "text/html; charset=utf-8")
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data[:keep] if served[0] == 1 else data)

        self._add(url, route)

    def gzip_bomb(self, url: str, decompressed_size: int = 200 * 1024**2) -> None:
        """Serve gzip of ``decompressed_size`` zeros with ``Content-Encoding: gzip``."""
        data = _gzip_zeros(decompressed_size)
        hdrs = {"Content-Type": "text/html", "Content-Encoding": "gzip"}

        def route(h: SimHandler) -> None:
            h.send(200, data, hdrs)

        self._add(url, route)

    def bad_tls_host(self, host: str) -> None:
        """Serve ``host``'s HTTPS from a server whose certificate is from an untrusted CA."""
        name = _normalize_host(host)
        with self._lock:
            self._bad_tls.add(name)
            self._hosts.add(name)
            self._gone.discard(name)
        if self._started and "badtls" not in self._servers:
            self._start_server("badtls", self._make_sni_context("bad"))

    def nxdomain(self, host: str) -> None:
        """Make ``host`` fail to resolve (EAI_NONAME), even if it has routes."""
        with self._lock:
            self._gone.add(_normalize_host(host))

    # ------------------------------------------------------------------ DNS

    def resolve_port(self, host: str, port: int | None) -> int:
        """The loopback port that ``host:port`` is mapped to (raises gaierror if unknown)."""
        name = _normalize_host(host)
        with self._lock:
            if self.offline:
                raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
            if name in self._gone or name not in self._hosts:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            bad = name in self._bad_tls
            extra = self._extra_ports.get((name, port)) if port is not None else None
        if port == 443 or extra == "https":
            return self._servers["badtls" if bad else "https"].server_port
        return self._servers["http"].server_port

    def _getaddrinfo(
        self,
        host: bytes | str | None,
        port: bytes | str | int | None,
        family: int = 0,
        type: int = 0,
        proto: int = 0,
        flags: int = 0,
    ) -> list[AddrInfo]:
        """Replacement for ``socket.getaddrinfo`` (see module docstring)."""
        name = host.decode("ascii", "replace") if isinstance(host, bytes) else host
        if name is None or name.lower().rstrip(".") in _LOOPBACK_NAMES:
            return self._orig_getaddrinfo(host, port, family, type, proto, flags)
        if not self.offline and _is_ip_literal(name.strip("[]")):
            return self._orig_getaddrinfo(host, port, family, type, proto, flags)
        real = self.resolve_port(name, _port_number(port))
        kind = socket.SocketKind(type) if type else socket.SOCK_STREAM
        return [(socket.AF_INET, kind, socket.IPPROTO_TCP, "", ("127.0.0.1", real))]

    def _gethostbyname(self, host: str) -> str:
        """Replacement for ``socket.gethostbyname``."""
        if host.lower() in _LOOPBACK_NAMES or (not self.offline and _is_ip_literal(host)):
            return self._orig_gethostbyname(host)
        self.resolve_port(host, None)
        return "127.0.0.1"

    def patch_dns(self, monkeypatch: pytest.MonkeyPatch, *, trust: bool = True) -> None:
        """Route name resolution to the simulated web for the rest of the test.

        Also removes proxy environment variables; with ``trust`` (default) sets
        ``REQUESTS_CA_BUNDLE`` to ``ca_bundle`` so plain ``requests.get`` verifies TLS.
        """
        self._orig_getaddrinfo = socket.getaddrinfo
        self._orig_gethostbyname = socket.gethostbyname
        monkeypatch.setattr(socket, "getaddrinfo", self._getaddrinfo)
        monkeypatch.setattr(socket, "gethostbyname", self._gethostbyname)
        for var in _PROXY_VARS:
            monkeypatch.delenv(var, raising=False)
        if trust:
            monkeypatch.setenv("REQUESTS_CA_BUNDLE", self.ca_bundle)

    @contextlib.contextmanager
    def dns(self) -> Iterator[SimWeb]:
        """Context manager form of the DNS patch (no environment changes)."""
        orig_gai, orig_ghbn = socket.getaddrinfo, socket.gethostbyname
        self._orig_getaddrinfo, self._orig_gethostbyname = orig_gai, orig_ghbn
        socket.getaddrinfo = self._getaddrinfo
        socket.gethostbyname = self._gethostbyname
        try:
            yield self
        finally:
            socket.getaddrinfo = orig_gai
            socket.gethostbyname = orig_ghbn
