"""Tests of the simulated loopback internet (tests/simweb.py) with the real ``requests``."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from simweb import SimHandler, SimWeb


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimWeb]:
    """A started SimWeb with DNS patched and no CA bundle from the environment."""
    # The machine may export REQUESTS_CA_BUNDLE, which would override Session.verify.
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with SimWeb() as sim:
        sim.patch_dns(monkeypatch, trust=False)
        yield sim


def _gaierror_in_chain(exc: BaseException) -> socket.gaierror | None:
    """Walk __cause__/__context__ and return the first socket.gaierror found."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        cur = todo.pop()
        if cur is None or id(cur) in seen:
            continue
        seen.add(id(cur))
        if isinstance(cur, socket.gaierror):
            return cur
        todo.extend([cur.__cause__, cur.__context__])
        todo.extend(a for a in cur.args if isinstance(a, BaseException))
        reason = getattr(cur, "reason", None)
        if isinstance(reason, BaseException):
            todo.append(reason)
    return None


def test_https_page_with_ca_bundle_env(web: SimWeb, monkeypatch: pytest.MonkeyPatch) -> None:
    """An HTTPS page on a made-up host verifies against the CA given via REQUESTS_CA_BUNDLE."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", web.ca_bundle)
    web.html("https://www.reuters.com/world/china/", "China news")
    r = requests.get("https://www.reuters.com/world/china/", timeout=5)
    assert r.status_code == 200
    assert "<title>China news</title>" in r.text
    assert r.encoding == "utf-8"
    assert ("GET", "www.reuters.com", "/world/china/") in web.requests


def test_https_verify_argument_and_lazy_host(web: SimWeb) -> None:
    """A host registered after start gets a certificate lazily via SNI."""
    web.host("www.reuters.com")
    r0 = requests.get("https://www.reuters.com/", verify=web.ca_bundle, timeout=5)
    assert r0.status_code == 404  # the host resolves and has TLS, but no route
    web.page("https://late.example.org/a?b=1", "late")
    r = requests.get("https://late.example.org/a?b=1", verify=web.ca_bundle, timeout=5)
    assert r.text == "late"


def test_unknown_host_is_nxdomain(web: SimWeb) -> None:
    """A host that was never registered fails DNS with EAI_NONAME."""
    with pytest.raises(requests.exceptions.ConnectionError) as info:
        requests.get("http://never-registered.example/", timeout=5)
    err = _gaierror_in_chain(info.value)
    assert err is not None
    assert err.errno == socket.EAI_NONAME


def test_redirect_chain(web: SimWeb) -> None:
    """Requests follows a 301 then a relative 302 and records both hops."""
    web.redirect("http://old.example.com/a", "https://new.example.com/b")
    web.redirect("https://new.example.com/b", "/c", status=302)
    web.html("https://new.example.com/c", "Final")
    r = requests.get("http://old.example.com/a", verify=web.ca_bundle, timeout=5)
    assert r.status_code == 200
    assert [h.status_code for h in r.history] == [301, 302]
    assert r.url == "https://new.example.com/c"
    assert "Final" in r.text


def test_nxdomain(web: SimWeb) -> None:
    """A host marked gone raises ConnectionError caused by gaierror EAI_NONAME."""
    web.html("http://old.example.com/", "Old")
    web.nxdomain("old.example.com")
    with pytest.raises(requests.exceptions.ConnectionError) as info:
        requests.get("http://old.example.com/", timeout=5)
    err = _gaierror_in_chain(info.value)
    assert err is not None
    assert err.errno == socket.EAI_NONAME


def test_offline(web: SimWeb) -> None:
    """Offline mode makes every lookup fail with EAI_AGAIN."""
    web.html("http://example.com/", "Example")
    web.offline = True
    with pytest.raises(requests.exceptions.ConnectionError) as info:
        requests.get("http://example.com/", timeout=5)
    err = _gaierror_in_chain(info.value)
    assert err is not None
    assert err.errno == socket.EAI_AGAIN
    assert socket.getaddrinfo("127.0.0.1", 80)  # loopback still passes through


def test_bad_tls_host(web: SimWeb) -> None:
    """A host with a certificate from a foreign CA fails verification with SSLError."""
    web.bad_tls_host("self-signed.example.net")
    web.html("https://self-signed.example.net/", "Untrusted")
    with pytest.raises(requests.exceptions.SSLError):
        requests.get("https://self-signed.example.net/", verify=web.ca_bundle, timeout=5)


def test_huge_body_streamed(web: SimWeb) -> None:
    """A 5 GB body can be partially read with stream=True and abandoned quickly."""
    web.huge("http://big.example.com/file.iso")
    start = time.monotonic()
    r = requests.get("http://big.example.com/file.iso", stream=True, timeout=5)
    assert r.headers["Content-Length"] == str(5 * 1024**3)
    got = 0
    for chunk in r.iter_content(64 * 1024):
        got += len(chunk)
        if got >= 1024 * 1024:
            break
    r.close()
    assert got >= 1024 * 1024
    assert time.monotonic() - start < 3


def test_keep_alive(web: SimWeb) -> None:
    """Five GETs through one Session reuse a single TCP connection."""
    for i in range(5):
        web.page(f"http://ka.example.com/{i}", f"page {i}")
    with requests.Session() as s:
        for i in range(5):
            assert s.get(f"http://ka.example.com/{i}", timeout=5).text == f"page {i}"
    assert web.count("ka.example.com") == 5
    assert web.connections == 1


def test_keep_alive_https(web: SimWeb) -> None:
    """Keep-alive also works over TLS, including across 404 answers."""
    web.page("https://tls.example.com/x", "x")
    with requests.Session() as s:
        s.verify = web.ca_bundle
        for path in ("x", "missing", "x"):
            s.get(f"https://tls.example.com/{path}", timeout=5)
    assert web.connections == 1


def test_big5_meta_charset(web: SimWeb) -> None:
    """A Big5 page that declares its charset only in <meta> arrives byte-exact."""
    title = "中央社 新聞"
    web.html("http://www.cna.com.tw/news", title, encoding="big5", declare="meta")
    r = requests.get("http://www.cna.com.tw/news", timeout=5)
    assert r.headers["Content-Type"] == "text/html"
    assert title.encode("big5") in r.content
    assert b'<meta charset="big5">' in r.content
    assert r.content.decode("big5").count(title) == 2


def test_page_bytes_and_not_found(web: SimWeb) -> None:
    """page() serves raw bytes with a custom type; unknown paths give a 404 HTML page."""
    raw = "<html><head><meta charset=big5><title>台灣</title>".encode("big5")
    web.page("http://tw.example.com/", raw, content_type="text/html", headers={"X-A": "1"})
    r = requests.get("http://tw.example.com/", timeout=5)
    assert r.content == raw
    assert r.headers["X-A"] == "1"
    missing = requests.get("http://tw.example.com/nope", timeout=5)
    assert missing.status_code == 404
    assert "Not Found" in missing.text


def test_redirect_loop_and_endless(web: SimWeb) -> None:
    """A redirect loop and an endless chain both end in TooManyRedirects."""
    web.redirect_loop("http://loop.example.com/a")
    web.endless_redirects("http://chain.example.com/r/1")
    with requests.Session() as s:
        s.max_redirects = 5
        with pytest.raises(requests.exceptions.TooManyRedirects):
            s.get("http://loop.example.com/a", timeout=5)
        with pytest.raises(requests.exceptions.TooManyRedirects) as info:
            s.get("http://chain.example.com/r/1", timeout=5)
    assert info.value.response is not None
    assert info.value.response.url.startswith("http://chain.example.com/r/")
    paths = [p for _, h, p in web.requests if h == "chain.example.com"]
    assert paths[:3] == ["/r/1", "/r/2", "/r/3"]


def test_hang_and_drip_time_out(web: SimWeb) -> None:
    """A hanging server triggers a read timeout; a dripping body stays incomplete."""
    web.hang("http://slow.example.com/hang")
    web.drip("http://slow.example.com/drip", interval=0.05)
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get("http://slow.example.com/hang", timeout=(1, 0.3))
    r = requests.get("http://slow.example.com/drip", stream=True, timeout=5)
    assert r.headers["Content-Length"] == "10000"
    first = r.raw.read(3)
    r.close()
    assert first == b"   "


def test_gzip_bomb_headers(web: SimWeb) -> None:
    """The gzip bomb is small on the wire and announces Content-Encoding: gzip."""
    web.gzip_bomb("http://bomb.example.com/", decompressed_size=8 * 1024**2)
    r = requests.get("http://bomb.example.com/", stream=True, timeout=5)
    assert r.headers["Content-Encoding"] == "gzip"
    assert int(r.headers["Content-Length"]) < 64 * 1024
    first = next(r.iter_content(1024 * 1024))
    r.close()
    assert first == bytes(len(first))


def test_binary_head_and_custom_handler(web: SimWeb) -> None:
    """binary() serves bytes, HEAD gets no body, and handler() writes raw responses."""
    web.binary("https://files.example.com/doc.pdf", b"%PDF-1.4 fake", "application/pdf")

    def teapot(h: SimHandler) -> None:
        h.send(418, b"short and stout", {"Content-Type": "text/plain"})

    web.handler("http://files.example.com/tea", teapot)
    head = requests.head("https://files.example.com/doc.pdf", verify=web.ca_bundle, timeout=5)
    assert head.headers["Content-Type"] == "application/pdf"
    assert head.headers["Content-Length"] == "13"
    assert head.content == b""
    assert requests.get("http://files.example.com/tea", timeout=5).status_code == 418


def test_latency_and_concurrency(web: SimWeb) -> None:
    """Latency delays each answer, and 200 concurrent clients are all served."""
    web.page("http://busy.example.com/", "ok")
    web.latency = 0.2
    results: list[int] = []
    lock = threading.Lock()

    def fetch() -> None:
        with requests.Session() as s:
            code = s.get("http://busy.example.com/", timeout=10).status_code
        with lock:
            results.append(code)

    start = time.monotonic()
    threads = [threading.Thread(target=fetch) for _ in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    assert results == [200] * 200
    assert 0.2 <= elapsed < 5
    assert web.connections == 200


def test_close_is_prompt_with_hanging_clients(monkeypatch: pytest.MonkeyPatch) -> None:
    """close() returns promptly even while a handler hangs and another drips."""
    sim = SimWeb().start()
    sim.patch_dns(monkeypatch)
    sim.hang("http://h.example.com/")
    sim.drip("http://h.example.com/d", interval=1.0)
    errors: list[BaseException] = []

    def fetch(url: str) -> None:
        try:
            requests.get(url, timeout=10)
        except requests.RequestException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=fetch, args=(u,))
        for u in ("http://h.example.com/", "http://h.example.com/d")
    ]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 3
    while sim.count() < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    start = time.monotonic()
    sim.close()
    assert time.monotonic() - start < 1.5
    for t in threads:
        t.join(timeout=5)
    assert len(errors) == 2


def test_dns_context_manager() -> None:
    """The dns() context manager patches and restores socket.getaddrinfo."""
    original = socket.getaddrinfo
    with SimWeb() as sim, sim.dns():
        sim.page("http://ctx.example.com/", "ctx")
        info = socket.getaddrinfo("ctx.example.com", 80)
        assert info[0][4] == ("127.0.0.1", sim.http_port)
        assert socket.getaddrinfo("ctx.example.com", "443")[0][4][1] == sim.https_port
        with pytest.raises(socket.gaierror):
            socket.getaddrinfo("nope.example.com", 80)
    assert socket.getaddrinfo is original
