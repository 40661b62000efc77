"""The network client: the only module that sends HTTP requests or resolves host names.

A ``Client`` wraps an injected ``requests.Session`` (one is made when none is given) and
adds what a link checker needs and requests leaves to its caller:

* a total deadline per URL on top of requests' per-operation timeouts, enforced on every
  connection of the fetch by a watchdog (``transport.py``): a server dripping its status
  line, headers or body a byte at a time cannot hold a worker past it;
* an SSRF guard (``allow_private=False``) at connection time: each host is resolved once,
  every address checked, and the connection made to the checked address;
* a byte cap on every body, counted after decompression (gzip bombs stop at the cap);
* redirects followed one hop at a time, so the chain is recorded and loops are caught;
* retries for transient failures only (timeouts, resets, 408, 429, 5xx), honouring
  ``Retry-After`` and backing off exponentially with full jitter within the deadline;
* one function, ``failure_of``, that maps any exception to a ``Failure`` cause;
* a connectivity probe telling "the network is down" from "this site is gone".

Nothing here decides what a result means for a citation; that is ``check.py``'s job.
"""

from __future__ import annotations

import contextlib
import email.utils
import errno
import http.client
import random
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.cookies import extract_cookies_to_jar
from requests.utils import requote_uri, select_proxy

from citecheck.config import Settings
from citecheck.transport import (
    Deadline,
    Lookups,
    PinnedAdapter,
    Policy,
    PrivateAddressError,
    Resolver,
    Scope,
    Watchdog,
    scope,
    system_resolver,
)

_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
_ACCEPT_LANGUAGE = "zh-TW,zh;q=0.9,en;q=0.8,ru;q=0.7"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml")
_RETRY_STATUSES = frozenset({408, 429}) | frozenset(range(500, 600))
_CHUNK = 64 * 1024


class Failure(StrEnum):
    """Why a request got no HTTP response (or no complete one)."""

    NXDOMAIN = "nxdomain"  # the name does not exist: evidence the site is gone
    DNS_TEMPORARY = "dns_temporary"  # the resolver could not answer: says nothing
    UNREACHABLE = "unreachable"  # no route to the network or host
    REFUSED = "refused"
    RESET = "reset"
    TIMEOUT = "timeout"
    TLS = "tls"
    REDIRECT_LOOP = "redirect_loop"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    INVALID_URL = "invalid_url"
    PRIVATE_ADDRESS = "private_address"  # refused by the SSRF guard
    BAD_REDIRECT = "bad_redirect"  # redirected to a non-HTTP or malformed address
    OTHER = "other"


_TRANSIENT = frozenset({Failure.TIMEOUT, Failure.RESET})
REFRESH = 0
"""The status recorded for a hop made by ``<meta http-equiv="refresh">`` rather than HTTP."""
# <meta http-equiv="refresh" content="0; url=/">: how many sites send gone pages home.
_META_REFRESH = re.compile(
    rb"""<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]*content\s*=\s*["']?\s*"""
    rb"""(?P<delay>\d+)\s*[;,]\s*(?:url\s*=\s*)?["']?(?P<url>[^"'>\s]+)""",
    re.IGNORECASE,
)
_REFRESH_MAX_DELAY = 10  # seconds: a longer delay is a notice the reader sees, not a redirect


@dataclass(frozen=True, slots=True)
class Hop:
    """One redirect: the address requested and the status that sent us on."""

    url: str
    status: int


@dataclass(frozen=True, slots=True)
class Fetch:
    """What one URL gave: a response (possibly truncated) or a failure, and the evidence."""

    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncated: bool = False
    redirects: tuple[Hop, ...] = ()
    elapsed: float = 0.0
    attempts: int = 1
    failure: Failure | None = None
    detail: str = ""

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case ('' when none was sent)."""
        return _media_type(self.headers)

    @property
    def is_html(self) -> bool:
        """Whether the body is a page with a title (HTML, or untyped)."""
        return _is_page(self.content_type)


def _media_type(headers: dict[str, str]) -> str:
    return headers.get("content-type", "").split(";")[0].strip().lower()


def _is_page(media_type: str) -> bool:
    return not media_type or media_type.startswith(_HTML_TYPES)


class _DeadlineError(Exception):
    pass


class Client:
    """HTTP for citecheck: pass one to ``check_links``; reuse it across runs and threads."""

    def __init__(
        self,
        settings: Settings | None = None,
        session: requests.Session | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.settings = settings or Settings()
        self._resolver = resolver
        # Name lookups run off-thread so that a stalled resolver cannot outlast a deadline.
        self._lookups = Lookups(max(4, self.settings.concurrency))
        self._policy = Policy(resolver, not self.settings.allow_private, self._lookups)
        self._watchdog = Watchdog()
        self._adapter = self._new_adapter()
        self.session = session or self._new_session()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._rng_lock = threading.Lock()
        self._requests_sent = 0
        self._count_lock = threading.Lock()
        self._environments: dict[tuple[str, str], Any] = {}
        self._headers = {
            **self.session.headers,
            "User-Agent": self.settings.user_agent,
            "Accept": _ACCEPT,
            "Accept-Language": _ACCEPT_LANGUAGE,
        }

    def _new_adapter(self) -> PinnedAdapter:
        # One pool per host, big enough for the per-host limit, for many hosts: the
        # default of 10 pools would evict connections and repeat TLS handshakes.
        pools = max(self.settings.concurrency * 4, 256)
        return PinnedAdapter(pool_connections=pools, pool_maxsize=self.settings.per_host * 2)

    def _new_session(self) -> requests.Session:
        session = requests.Session()
        session.mount("http://", self._adapter)
        session.mount("https://", self._adapter)
        return session

    def _adapter_for(self, url: str) -> Any:
        """The session's adapter for ``url``; requests' stock adapter is replaced by the
        client's pinned one (same job, plus the guard and the deadline), a custom one is
        used as it is."""
        adapter = self.session.get_adapter(url)
        return self._adapter if type(adapter) is HTTPAdapter else adapter

    @property
    def requests_sent(self) -> int:
        """How many HTTP requests this client has sent (redirect hops and retries count)."""
        return self._requests_sent

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()
        self._adapter.close()
        self._lookups.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- fetching -------------------------------------------------------------------

    def fetch(self, url: str, *, accept: str | None = None) -> Fetch:
        """GET ``url`` with redirects, retries, the byte cap and the deadline applied.

        ``accept`` asks an API for a media type (JSON, CSL-JSON); its body is then read
        whatever type the answer declares.
        """
        start = time.monotonic()
        deadline = Deadline(start + self.settings.deadline)
        with self._watchdog.armed(deadline):
            attempt = 0
            while True:
                result = self._attempt(url, start, deadline, accept)
                attempt += 1
                delay = self._retry_delay(result, attempt)
                if delay is None or time.monotonic() + delay >= deadline.end:
                    return _with(result, attempts=attempt, elapsed=time.monotonic() - start)
                self._sleep(delay)

    def _attempt(
        self, url: str, start: float, deadline: Deadline, accept: str | None = None
    ) -> Fetch:
        chain: list[Hop] = []
        seen = {url}
        current = url
        try:
            for _ in range(self.settings.max_redirects + 1):
                response = self._send(current, deadline, accept, cited=url, first=not chain)
                with response:
                    target = self._redirect_target(response)
                    if target is None:
                        result = self._complete(url, response, chain, start, deadline, accept)
                        target = meta_refresh_target(result)
                        if target is None or target in seen:
                            _check(deadline)
                            return result
                        chain.append(Hop(current, REFRESH))
                    else:
                        chain.append(Hop(current, response.status_code))
                        _drain(response, deadline)
                        scheme = urlsplit(target).scheme.lower()
                        if scheme not in ("http", "https"):
                            return _failed(
                                url,
                                target,
                                chain,
                                start,
                                Failure.BAD_REDIRECT,
                                f"redirected to a {scheme}:// URL ({_clip(target)})",
                            )
                    # A cut connection can end headers or a body early: nothing read
                    # after the deadline is trusted.
                    _check(deadline)
                if target in seen:
                    return _failed(
                        url,
                        target,
                        chain,
                        start,
                        Failure.REDIRECT_LOOP,
                        f"redirect loop back to {target}",
                    )
                seen.add(target)
                current = target
            return _failed(
                url,
                current,
                chain,
                start,
                Failure.TOO_MANY_REDIRECTS,
                f"more than {self.settings.max_redirects} redirects",
            )
        except PrivateAddressError as exc:
            return _failed(url, current, chain, start, Failure.PRIVATE_ADDRESS, str(exc))
        except _DeadlineError:
            return self._timed_out(url, current, chain, start)
        except (
            requests.RequestException,
            urllib3.exceptions.HTTPError,
            http.client.HTTPException,
            OSError,
            ValueError,
        ) as exc:
            failure, detail = failure_of(exc)
            if deadline.passed() and failure is not Failure.TIMEOUT:
                return self._timed_out(url, current, chain, start)  # cut by the watchdog
            if failure is Failure.INVALID_URL and chain:  # the cited URL itself was fine
                detail = detail.removeprefix("malformed URL: ")
                failure, detail = Failure.BAD_REDIRECT, f"redirected to a malformed URL ({detail})"
            return _failed(url, current, chain, start, failure, detail)

    def _timed_out(self, url: str, current: str, chain: list[Hop], start: float) -> Fetch:
        return _failed(
            url,
            current,
            chain,
            start,
            Failure.TIMEOUT,
            f"no complete answer within the {self.settings.deadline:g} s deadline",
        )

    def _send(
        self,
        url: str,
        deadline: Deadline,
        accept: str | None = None,
        *,
        cited: str,
        first: bool,
    ) -> requests.Response:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise _DeadlineError
        timeout = (
            min(self.settings.connect_timeout, remaining),
            min(self.settings.read_timeout, remaining),
        )
        prepared = self._prepare(url, accept, cited=cited, first=first)
        assert prepared.url is not None
        # Session.send(allow_redirects=False) reads a redirect's whole body to compute
        # Response.next, with no cap; sending through the adapter keeps every body capped.
        # Environment settings (REQUESTS_CA_BUNDLE, proxies) are merged as Session.request does.
        env = self._environment(prepared.url)
        adapter = self._adapter_for(prepared.url)
        pinned = isinstance(adapter, PinnedAdapter) and not select_proxy(url, env["proxies"])
        if self._policy.refuse_private and not pinned:
            # Through a proxy or a custom adapter the connection is not ours to pin: the
            # name is checked here, and the proxy or adapter resolves it again.
            self._refuse_private(url, deadline)
        with self._count_lock:
            self._requests_sent += 1
        token = scope.set(Scope(deadline, self._policy))
        try:
            response = adapter.send(
                prepared,
                stream=True,
                timeout=timeout,
                verify=env["verify"] if env["verify"] is not None else True,
                cert=env["cert"],
                proxies=env["proxies"],
            )
        finally:
            scope.reset(token)
        extract_cookies_to_jar(self.session.cookies, prepared, response.raw)  # type: ignore[no-untyped-call]
        return response  # type: ignore[no-any-return]

    def _refuse_private(self, url: str, deadline: Deadline) -> None:
        """The SSRF guard by name, for connections citecheck does not make itself."""
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        with contextlib.suppress(OSError):  # the request itself reports a DNS failure
            self._policy.addresses(parts.hostname or "", port, deadline)

    def _prepare(
        self, url: str, accept: str | None = None, *, cited: str | None = None, first: bool = True
    ) -> requests.PreparedRequest:
        """A GET for ``url`` with the session's headers, cookies, auth and params.

        As ``Session.request`` does, ``session.params`` go into the cited URL only (a
        redirect's Location is followed as given) and ``session.auth`` goes only where
        requests would keep it on a redirect: the same host, or http upgraded to https.
        Not ``Session.prepare_request`` itself: that also looks up ~/.netrc on every
        request and would send the user's netrc credentials to any cited site that
        matches a machine entry; a link checker has no business doing either.
        """
        prepared = requests.PreparedRequest()
        prepared.prepare(
            method="GET",
            url=url,
            headers={**self._headers, "Accept": accept} if accept else dict(self._headers),
            params=self.session.params if first else None,
            auth=self._auth_for(url, cited or url),
            cookies=self.session.cookies,
            hooks={"response": []},
        )
        return prepared

    def _auth_for(self, url: str, cited: str) -> Any:
        """The session's auth if ``url`` may receive it (its host is the cited URL's)."""
        if self.session.should_strip_auth(cited, url):  # type: ignore[no-untyped-call]  # untyped in types-requests
            return None
        return self.session.auth

    def _environment(self, url: str) -> Any:
        """Proxies and CA settings for ``url``'s host, read from the environment once per
        host (requests scans all of os.environ on every request otherwise)."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        cached = self._environments.get(key)
        if cached is None:
            cached = self.session.merge_environment_settings(url, {}, None, None, None)
            self._environments[key] = cached
        return cached

    def _redirect_target(self, response: requests.Response) -> str | None:
        """The absolute address a redirect points to (None when it is not a redirect)."""
        location = self.session.get_redirect_target(response)
        if not location:
            return None
        return requote_uri(urljoin(response.url, location))

    def _complete(
        self,
        url: str,
        response: requests.Response,
        chain: list[Hop],
        start: float,
        deadline: Deadline,
        accept: str | None = None,
    ) -> Fetch:
        headers = {k.lower(): v for k, v in response.headers.items()}
        body, truncated = b"", False
        # A body is read only where it can say something: a page with a title, and the
        # error pages whose text tells a bot wall or a soft-404 apart (PDFs, images and
        # other errors are judged by their status alone).
        wanted = response.status_code < 400 or response.status_code in (403, 404, 410, 503)
        if accept or (wanted and _is_page(_media_type(headers))):
            body, truncated = self._read_capped(response, deadline)
        return Fetch(
            url,
            response.url,
            response.status_code,
            headers,
            body,
            truncated,
            tuple(chain),
            time.monotonic() - start,
        )

    def _read_capped(self, response: requests.Response, deadline: Deadline) -> tuple[bytes, bool]:
        """At most ``max_bytes`` of decoded body, reading only what arrives by the deadline."""
        cap = self.settings.max_bytes
        chunks: list[bytes] = []
        size = 0
        for chunk in _chunks(response, cap):
            chunks.append(chunk)
            size += len(chunk)
            if size >= cap:
                return b"".join(chunks)[:cap], True
            _check(deadline)
        return b"".join(chunks), False

    def _retry_delay(self, result: Fetch, attempt: int) -> float | None:
        """Seconds to wait before retrying ``result``, or None when it must not be retried."""
        if attempt > self.settings.retries:
            return None
        transient = result.failure in _TRANSIENT or result.status in _RETRY_STATUSES
        if not transient:
            return None
        retry_after = parse_retry_after(result.headers.get("retry-after"))
        if retry_after is not None:
            return retry_after if retry_after <= self.settings.max_retry_after else None
        with self._rng_lock:
            return self._rng.uniform(0, self.settings.backoff * 2 ** (attempt - 1))

    # -- connectivity ------------------------------------------------------------------

    def resolve_failure(self, host: str) -> Failure | None:
        """None if ``host`` resolves, else why it does not."""
        try:
            self._resolver(host, 443)
        except OSError as exc:
            return failure_of(exc)[0]
        return None

    def network_is_up(self, timeout: float = 8.0) -> bool:
        """Whether any well-known host resolves: if none does, the network is down."""
        hosts = self.settings.probe_hosts
        if not hosts:
            return True
        pool = ThreadPoolExecutor(max_workers=len(hosts), thread_name_prefix="citecheck-probe")
        futures = [pool.submit(self.resolve_failure, host) for host in hosts]
        done, _ = wait(futures, timeout=timeout)
        pool.shutdown(wait=False, cancel_futures=True)
        return any(f.result() is None for f in done)


def _chunks(response: requests.Response, cap: int) -> Iterator[bytes]:
    """Decoded body chunks as they arrive (``read1``: never waits to fill a buffer)."""
    raw = response.raw
    while True:
        chunk = raw.read1(min(_CHUNK, cap), decode_content=True)
        if not chunk:
            return
        yield chunk


def meta_refresh_target(fetch: Fetch) -> str | None:
    """The absolute address a 2xx HTML page sends the browser to at once, if any."""
    if fetch.status is None or not 200 <= fetch.status < 300 or not fetch.body:
        return None
    m = _META_REFRESH.search(fetch.body[:8192])
    if m is None or int(m.group("delay")) > _REFRESH_MAX_DELAY:
        return None
    target = m.group("url").decode("ascii", "ignore").strip()
    if not target:
        return None
    absolute = requote_uri(urljoin(fetch.final_url, target))
    # A refresh to javascript: or file: is no page to follow: the page itself is the answer.
    return absolute if urlsplit(absolute).scheme.lower() in ("http", "https") else None


def _drain(response: requests.Response, deadline: Deadline, limit: int = _CHUNK) -> None:
    """Read a small redirect body so its connection can be reused; a big one is dropped."""
    read = 0
    try:
        for chunk in _chunks(response, limit):
            read += len(chunk)
            if read >= limit:
                return
            _check(deadline)
    except (urllib3.exceptions.HTTPError, http.client.HTTPException, OSError):
        return  # a cut redirect body costs the connection, not the redirect


def _check(deadline: Deadline) -> None:
    """Stop the fetch once its deadline has passed."""
    if deadline.passed():
        raise _DeadlineError


def _with(result: Fetch, **changes: object) -> Fetch:
    from dataclasses import replace

    return replace(result, **changes)  # type: ignore[arg-type]


def _failed(
    url: str, current: str, chain: list[Hop], start: float, failure: Failure, detail: str
) -> Fetch:
    return Fetch(
        url,
        current,
        redirects=tuple(chain),
        elapsed=time.monotonic() - start,
        failure=failure,
        detail=detail,
    )


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def failure_of(exc: BaseException) -> tuple[Failure, str]:
    """The cause of a failed request, found anywhere in the exception's chain."""
    chain = list(_exception_chain(exc))
    for link in chain:
        if isinstance(link, socket.gaierror):
            return _dns_failure(link)
    for link in chain:
        found = _failure_of_one(link)
        if found is not None:
            return found
    return Failure.OTHER, _short(exc)


def _failure_of_one(link: BaseException) -> tuple[Failure, str] | None:
    if isinstance(link, requests.exceptions.SSLError | ssl.SSLError):
        return Failure.TLS, f"TLS failure: {_short(link)}"
    if isinstance(link, requests.Timeout | TimeoutError | socket.timeout):
        return Failure.TIMEOUT, "the server did not answer in time"
    if isinstance(link, ConnectionRefusedError):
        return Failure.REFUSED, "connection refused"
    if isinstance(link, ConnectionResetError):
        return Failure.RESET, "connection reset by the server"
    if isinstance(link, _CUT_SHORT):
        return Failure.RESET, "the server closed the connection before the answer was complete"
    if isinstance(link, OSError) and link.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return Failure.UNREACHABLE, "no route to the host"
    if isinstance(
        link,
        requests.exceptions.InvalidURL
        | requests.exceptions.MissingSchema
        | requests.exceptions.InvalidSchema,
    ):
        return Failure.INVALID_URL, f"malformed URL: {_short(link)}"
    if type(link).__name__ == "LocationParseError":
        return Failure.INVALID_URL, f"malformed URL: {_short(link)}"
    return None


# An answer cut off mid-way (HTTP/1.0 close mid-body, a broken chunk): like a reset.
_CUT_SHORT = (
    requests.exceptions.ChunkedEncodingError,
    urllib3.exceptions.ProtocolError,
    http.client.IncompleteRead,
)


def _dns_failure(error: socket.gaierror) -> tuple[Failure, str]:
    nonexistent = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}
    if error.errno in nonexistent:
        return Failure.NXDOMAIN, "host name does not exist (NXDOMAIN)"
    return Failure.DNS_TEMPORARY, f"name resolution failed ({error.strerror or error})"


def _exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its causes, contexts, and exceptions carried in args or .reason."""
    todo, seen = [exc], set()
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        nested = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        nested += list(getattr(current, "args", ()))
        todo.extend(n for n in nested if isinstance(n, BaseException))


def _short(exc: BaseException) -> str:
    return _clip(str(exc) or type(exc).__name__)


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def utc_now() -> datetime:
    """The current time in UTC (the clock results are stamped with)."""
    return datetime.now(UTC)
