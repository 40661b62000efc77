"""Link-check benchmark: citecheck against a bare ``requests`` floor and LinkChecker.

usage: python benchmarks/bench_check.py [--quick] [--profile]

Everything runs against ``tests/simweb.py``: real HTTP/HTTPS servers on loopback and a
patched resolver, so no packet leaves the machine. The servers answer every request
after ``latency`` seconds (100 ms here, a typical round trip to a distant site), so wall
times are dominated by waiting, as on the real web, and concurrency is what is measured.

The servers never share an interpreter with the client being measured: on the real web
they are elsewhere, and in one process their CPU work (TLS handshakes, HTTP parsing)
would compete with the client's for the GIL, distorting both the speed ratio and the
peak-memory figure. For every measurement (floor, citecheck cold and warm, the 10,000-URL
memory run, LinkChecker) the simulated web is served by a child process,
``benchmarks/simweb_server.py``: it is told the pages, extra host names and latency as a
JSON line on stdin, answers with its ports, CA file and host names, then serves until
its stdin closes, answering ``stats`` / ``reset`` / ``latency`` command lines, so the
requests and connections the servers saw are still counted. The measuring process only
patches ``socket.getaddrinfo`` / ``gethostbyname`` (``simdns_run.patch_dns``: the
registered names resolve to 127.0.0.1, port 80 to the HTTP server and 443 to the HTTPS
one; loopback passes through; other names fail with EAI_NONAME), trusts the child's CA
through ``REQUESTS_CA_BUNDLE`` / ``CURL_CA_BUNDLE`` and clears the ``*_proxy`` variables.

Method:

1. 1,000 URLs over 100 HTTPS hosts (10 per host), cited in a Markdown document with
   ``<sup>N</sup>`` footnotes; footnote n cites host ``n % 100`` (citations are not
   sorted by site). Before timing, one request per host makes the simulated servers
   issue their per-host TLS certificates, which is set-up, not checking.
2. Floor: what a competent programmer would write with nothing but ``requests``: 64
   threads (``ThreadPoolExecutor``), one shared ``Session`` whose adapter keeps a pool
   for each of the 100 hosts, ``requests.get(url, timeout=30)`` per URL. No politeness,
   no retries, no title extraction, no state: the fastest honest way to touch every URL.
3. citecheck cold: ``verify()`` with default ``Settings()`` (64 workers, 2 per host,
   50 ms between starts on one host), a new ``Client`` and a fresh SQLite state file;
   only the ``verify`` call is timed (the document is parsed beforehand). The floor and
   citecheck run alternately, several rounds, and the best of each is reported: the
   machine is small and shared, so the minimum is the least noisy estimate.
4. Warm rerun: ``verify()`` again on the same state file with a new ``Client``; a fresh
   result must be reused, so the client should send no request and the servers should
   see none.
5. Peak memory: a subprocess checks 10,000 URLs over 1,000 hosts once (served by their
   own server process, no latency, certificates issued beforehand) and reports its
   maximum resident set size. It hosts no server, so the figure is citecheck's own
   (interpreter, imports, parsed document, ``verify``); the RSS after imports and after
   parsing are printed too.
6. LinkChecker: if ``linkcheck`` (PyPI ``linkchecker``) is importable, 200 of the URLs
   (the first 20 hosts, 10 URLs each: the same density as the main set) are checked by
   LinkChecker's own command line in a subprocess whose resolver is patched the same way
   (``benchmarks/simdns_run.py``), with its TLS verification pointed at the test CA via
   ``--config`` (``[checking] sslverify=``), ``-t 64`` threads and otherwise its
   defaults (robots.txt honoured, per-host rate limit). The server process counts the
   requests it sent. citecheck then checks the same 200 URLs (fresh
   state); the LinkChecker wall time includes its interpreter start-up, printed apart.

``--quick`` skips 5 and 6. ``--profile`` adds a cProfile of one cold citecheck run (the
client's threads only: the servers are in the other process).
Figures only: nothing is asserted (speed is measured here, never in unit tests).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from citecheck.api import parse_text, verify
from citecheck.client import Client
from citecheck.config import DEFAULT_PROBE_HOSTS, Settings
from citecheck.models import Document
from citecheck.status import Report
from citecheck.store import Store

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from simdns_run import patch_dns  # noqa: E402

LATENCY = 0.1
N_URLS, N_HOSTS = 1_000, 100
MEM_URLS, MEM_HOSTS = 10_000, 1_000
LC_HOSTS = 20  # LinkChecker: the first 20 hosts' URLs, 10 each = 200 URLs
ROUNDS = 3
FLOOR_THREADS = 64
LC_THREADS = 64
_PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
SERVER = HERE / "simweb_server.py"


# -- the simulated corpus -----------------------------------------------------------------


def host_name(h: int) -> str:
    """The simulated host number ``h``."""
    return f"host{h}.example.com"


def corpus(n_urls: int, n_hosts: int) -> list[str]:
    """``n_urls`` HTTPS URLs; URL n is on host ``n % n_hosts`` (sites interleaved)."""
    return [f"https://{host_name(n % n_hosts)}/articles/{n}.html" for n in range(n_urls)]


def markdown(urls: Sequence[str], per_page: int = 5) -> str:
    """A document citing each URL in its own Chicago-style web footnote."""
    out = ["# Benchmark document", ""]
    for first in range(0, len(urls), per_page):
        page = range(first + 1, min(first + per_page, len(urls)) + 1)
        out += ["".join(f"A claim that needs a source.<sup>{k}</sup> " for k in page), ""]
        out += ["---", ""]
        for k in page:
            out.append(
                f"<sup>{k}</sup> Jane Roe, “Page title {k},” *Site*, 2014, <{urls[k - 1]}>.\n"
            )
    return "\n".join(out) + "\n"


def document(urls: Sequence[str]) -> Document:
    """Parse the document citing ``urls``; fails loudly if a footnote was lost."""
    doc = parse_text(markdown(urls), name="bench.md")
    if len(doc.footnotes) != len(urls):
        raise SystemExit(f"parse found {len(doc.footnotes)} footnotes, expected {len(urls)}")
    return doc


# -- the simulated web, in its own process ------------------------------------------------


class WebProcess:
    """A simulated web served by ``simweb_server.py`` in a child process.

    It serves every URL with the page its footnote cites (title ``Page title k | Site``)
    and makes the connectivity-probe hosts resolve; ``stats()`` reports what it saw.
    """

    def __init__(self, urls: Sequence[str], latency: float) -> None:
        """Start the server process and wait until it listens."""
        self._proc = subprocess.Popen(
            [sys.executable, str(SERVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        pages = [[url, f"Page title {k} | Site"] for k, url in enumerate(urls, start=1)]
        spec = {"pages": pages, "hosts": list(DEFAULT_PROBE_HOSTS), "latency": latency}
        ready = self._ask(json.dumps(spec))
        self.http_port: int = int(ready["http"])
        self.https_port: int = int(ready["https"])
        self.ca_bundle: str = str(ready["ca_bundle"])
        self.hosts: list[str] = list(ready["hosts"])

    def _ask(self, line: str) -> dict[str, Any]:
        """Send one line to the server process and read its one-line JSON answer."""
        assert self._proc.stdin is not None
        assert self._proc.stdout is not None
        self._proc.stdin.write(line + "\n")
        self._proc.stdin.flush()
        answer = self._proc.stdout.readline()
        if not answer:
            code = self._proc.wait(timeout=10)
            raise SystemExit(f"simweb server process exited ({code}) instead of answering")
        result: dict[str, Any] = json.loads(answer)
        return result

    def stats(self) -> dict[str, Any]:
        """Requests (total, ``per_host``, ``per_path``) and connections since the last reset."""
        return self._ask("stats")

    def count(self) -> int:
        """Requests served since the last reset."""
        return int(self.stats()["requests"])

    def reset_stats(self) -> None:
        """Forget the requests and connections counted so far."""
        self._ask("reset")

    def set_latency(self, seconds: float) -> None:
        """Delay every response by ``seconds`` from now on."""
        self._ask(f"latency {seconds}")

    def simdns(self) -> str:
        """The ``$SIMDNS`` value that lets ``simdns_run.py`` children reach this web."""
        return json.dumps({"hosts": self.hosts, "http": self.http_port, "https": self.https_port})

    def close(self) -> None:
        """Tell the server process to quit (closing its stdin) and reap it."""
        assert self._proc.stdin is not None
        assert self._proc.stdout is not None
        with contextlib.suppress(OSError):
            self._proc.stdin.write("quit\n")
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._proc.stdout.close()


@contextlib.contextmanager
def use_web(
    hosts: Sequence[str], http_port: int, https_port: int, ca_bundle: str
) -> Iterator[None]:
    """Resolve ``hosts`` to the server process, trust its CA, no proxies (then restore)."""
    saved = dict(os.environ)
    for var in _PROXY_VARS:
        os.environ.pop(var, None)
        os.environ.pop(var.lower(), None)
    os.environ["REQUESTS_CA_BUNDLE"] = ca_bundle
    os.environ["CURL_CA_BUNDLE"] = ca_bundle
    restore = patch_dns(hosts, http_port, https_port)
    try:
        yield
    finally:
        restore()
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def simulated_web(urls: Sequence[str], latency: float) -> Iterator[WebProcess]:
    """A server process serving ``urls``, reachable from here, certificates issued."""
    web = WebProcess(urls, 0.0)
    try:
        with use_web(web.hosts, web.http_port, web.https_port, web.ca_bundle):
            warm_certificates(urls)
            web.set_latency(latency)
            web.reset_stats()
            yield web
    finally:
        web.close()


def warm_certificates(urls: Sequence[str]) -> None:
    """One request per host, so the servers' lazy per-host certificates exist already."""
    seen: dict[str, str] = {}
    for url in urls:
        seen.setdefault(url.split("/")[2], url)
    with requests.Session() as session, ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda u: session.get(u, timeout=30).status_code, seen.values()))


# -- the runs -----------------------------------------------------------------------------


def floor(urls: Sequence[str]) -> tuple[float, Counter[int]]:
    """Wall time of the bare ``requests`` loop, and its status codes."""
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=N_HOSTS, pool_maxsize=FLOOR_THREADS)
    session.mount("https://", adapter)
    session.mount("http://", adapter)

    def get(url: str) -> int:
        return session.get(url, timeout=30).status_code

    start = time.perf_counter()
    with ThreadPoolExecutor(FLOOR_THREADS) as pool:
        codes = Counter(pool.map(get, urls))
    elapsed = time.perf_counter() - start
    session.close()
    return elapsed, codes


def citecheck(
    doc: Document, state: Path, profiles: list[cProfile.Profile] | None = None
) -> tuple[float, Report, int]:
    """Wall time of one ``verify`` call on ``state``, its report and requests sent.

    With ``profiles``, the calling thread and every thread that verify starts whose name
    begins with "citecheck" (its workers) get a CPU-time profiler, appended to it.
    """
    settings = Settings()
    client = Client(settings)
    with Store(state) as store:
        if profiles is not None:
            profile_new_threads("citecheck", profiles)
            profiles.append(cProfile.Profile(timer=time.thread_time))
            profiles[-1].enable()
        start = time.perf_counter()
        report = verify(doc, settings=settings, client=client, store=store)
        elapsed = time.perf_counter() - start
        if profiles is not None:
            profiles[-1].disable()
            threading.setprofile(None)
    client.close()
    return elapsed, report, client.requests_sent


def profile_new_threads(prefix: str, profiles: list[cProfile.Profile]) -> None:
    """Give each thread started from now on whose name starts with ``prefix`` its own
    cProfile, timed by that thread's CPU clock (so waiting on the network costs nothing)."""

    def start(frame: Any, event: str, arg: Any) -> None:
        sys.setprofile(None)
        if threading.current_thread().name.startswith(prefix):
            profile = cProfile.Profile(timer=time.thread_time)
            profiles.append(profile)
            profile.enable()

    threading.setprofile(start)


def statuses(report: Report) -> str:
    """``live=1000``-style summary of a report."""
    counts = Counter(link.status.value for link in report.links)
    return ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))


def current_rss_mb() -> float:
    """The current resident set size (Linux /proc), in MB."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def memory_child(n_urls: int, n_hosts: int) -> None:
    """Subprocess body: check ``n_urls`` once and print the figures as JSON.

    The web is served by the parent's server process (``$SIMDNS``, ``$REQUESTS_CA_BUNDLE``):
    nothing but the client runs here, so the maximum RSS is citecheck's own.
    """
    imported = current_rss_mb()
    urls = corpus(n_urls, n_hosts)
    doc = document(urls)
    parsed = current_rss_mb()
    spec = json.loads(os.environ["SIMDNS"])
    patch_dns(spec["hosts"], int(spec["http"]), int(spec["https"]))
    with tempfile.TemporaryDirectory() as tmp:
        before = current_rss_mb()
        elapsed, report, sent = citecheck(doc, Path(tmp) / "state.sqlite3")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        figures = {
            "urls": len(report.links),
            "statuses": statuses(report),
            "seconds": elapsed,
            "requests_sent": sent,
            "rss_imported_mb": imported,
            "rss_parsed_mb": parsed,
            "rss_before_mb": before,
            "max_rss_mb": peak,
        }
    print(json.dumps(figures))


def memory(n_urls: int, n_hosts: int) -> dict[str, Any]:
    """Run ``memory_child`` in a fresh interpreter against its own server process (no
    latency) and return its figures, with the requests that server saw (``served``)."""
    urls = corpus(n_urls, n_hosts)
    with simulated_web(urls, 0.0) as web:
        env = dict(os.environ)  # the CA and no proxies, as set by simulated_web
        env["SIMDNS"] = web.simdns()
        result = subprocess.run(
            [sys.executable, __file__, "--memory-child", str(n_urls), str(n_hosts)],
            capture_output=True,
            text=True,
            env=env,
        )
        if result.returncode != 0:
            raise SystemExit(f"memory subprocess failed:\n{result.stderr[-2000:]}")
        figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
        figures["served"] = web.count()
    return figures


def linkchecker_version() -> str | None:
    """LinkChecker's version if its package ``linkcheck`` is importable, else None."""
    from importlib.metadata import PackageNotFoundError, version
    from importlib.util import find_spec

    if find_spec("linkcheck") is None:
        return None

    try:
        return version("linkchecker")
    except PackageNotFoundError:
        return "unknown version"


def linkchecker(web: WebProcess, urls: Sequence[str]) -> dict[str, Any]:
    """Run LinkChecker on ``urls`` through ``simdns_run.py``; wall time and evidence."""
    # Run as root, LinkChecker drops privileges to "nobody" (seteuid), after which it can
    # no longer read the server's private temporary directory: give it a world-readable copy
    # of the CA. It needs the CA twice: ``sslverify`` is passed to its page requests, while
    # its robots.txt fetches use requests' defaults, i.e. REQUESTS_CA_BUNDLE.
    with tempfile.TemporaryDirectory(prefix="bench-linkchecker-") as tmpdir:
        tmp = Path(tmpdir)
        tmp.chmod(0o755)
        ca = tmp / "ca.pem"
        shutil.copyfile(web.ca_bundle, ca)
        ca.chmod(0o644)
        config = tmp / "linkcheckerrc"
        config.write_text(f"[checking]\nsslverify={ca}\n", encoding="utf-8")
        config.chmod(0o644)
        env = dict(os.environ)
        env["SIMDNS"] = web.simdns()
        env["REQUESTS_CA_BUNDLE"] = env["CURL_CA_BUNDLE"] = str(ca)
        env["XDG_CONFIG_HOME"] = str(tmp / "xdg-config")  # no user linkcheckerrc
        env["XDG_DATA_HOME"] = str(tmp / "xdg-data")
        return _run_linkchecker(web, urls, config, env)


def _run_linkchecker(
    web: WebProcess, urls: Sequence[str], config: Path, env: dict[str, str]
) -> dict[str, Any]:
    runner = str(Path(__file__).resolve().parent / "simdns_run.py")
    command = [
        sys.executable,
        runner,
        "--config",
        str(config),
        "-t",
        str(LC_THREADS),
        "--recursion-level",
        "0",
        "--no-status",
        "--verbose",
        "--output",
        "csv",
        "--stdin",
    ]
    start = time.perf_counter()
    startup = subprocess.run([sys.executable, runner, "--version"], env=env, capture_output=True)
    startup_s = time.perf_counter() - start
    if startup.returncode != 0:
        raise SystemExit(f"LinkChecker does not start: {startup.stderr.decode()[-500:]}")
    web.reset_stats()
    start = time.perf_counter()
    done = subprocess.run(
        command, input="\n".join(urls) + "\n", env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    rows = [line.split(";") for line in done.stdout.splitlines() if line.startswith("https://")]
    served = web.stats()
    return {
        "seconds": elapsed,
        "startup": startup_s,
        "returncode": done.returncode,
        "checked": len(rows),
        "valid": sum(1 for row in rows if "True" in row),
        "page_requests": served["per_path"].get("/articles/", 0),
        "robots_requests": served["per_path"].get("/robots.txt", 0),
        "all_requests": served["requests"],
        "stderr": done.stderr[-800:],
        "command": " ".join(command[1:]),
    }


# -- reporting ----------------------------------------------------------------------------


def profile_summary(profiles: list[cProfile.Profile], limit: int = 30) -> str:
    """The top of the merged profiles by cumulative and by own time."""
    out = io.StringIO()
    stats = pstats.Stats(profiles[0], stream=out)
    for profile in profiles[1:]:
        stats.add(profile)
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="skip memory and LinkChecker")
    parser.add_argument("--profile", action="store_true", help="cProfile one cold run")
    parser.add_argument("--memory-child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        memory_child(*args.memory_child)
        return

    urls = corpus(N_URLS, N_HOSTS)
    doc = document(urls)  # parsed before the server process and any thread start
    lc_urls = [u for u in urls if int(u.split("/")[2][4:].split(".")[0]) < LC_HOSTS]
    lc_doc = document(lc_urls)
    lc_version = None if args.quick else linkchecker_version()
    print(f"simulated web: {N_HOSTS} HTTPS hosts, {N_URLS} URLs, {LATENCY * 1000:.0f} ms latency")
    with tempfile.TemporaryDirectory() as tmpdir, simulated_web(urls, LATENCY) as web:
        tmp = Path(tmpdir)
        floors: list[float] = []
        colds: list[float] = []
        state = tmp / "state.sqlite3"
        for round_ in range(ROUNDS):
            seconds, codes = floor(urls)
            floors.append(seconds)
            state = tmp / f"state-{round_}.sqlite3"
            web.reset_stats()
            seconds, report, sent = citecheck(doc, state)
            colds.append(seconds)
            if round_ == 0:
                served = web.stats()
                print(f"  floor status codes: {dict(codes)}")
                print(
                    f"  citecheck: {statuses(report)}; {sent} requests sent, "
                    f"{served['requests']} served, {served['connections']} connections"
                )
        best_floor, best_cold = min(floors), min(colds)
        print(
            f"bare requests floor ({FLOOR_THREADS} threads): {best_floor:.2f} s"
            f"   (runs: {', '.join(f'{s:.2f}' for s in floors)})"
        )
        print(
            f"citecheck cold:                   {best_cold:.2f} s   ratio "
            f"{best_cold / best_floor:.2f} (target <= 1.25)"
            f"   (runs: {', '.join(f'{s:.2f}' for s in colds)})"
        )

        web.reset_stats()
        warm_s, warm_report, warm_sent = citecheck(doc, state)
        cached = sum(1 for link in warm_report.links if link.from_cache)
        print(
            f"warm rerun: {warm_sent} requests sent (target 0), {web.count()} served, "
            f"{cached}/{len(warm_report.links)} from state, {warm_s:.2f} s"
        )

        if args.profile:
            profiles: list[cProfile.Profile] = []
            web.reset_stats()
            seconds, _, _ = citecheck(doc, tmp / "profiled.sqlite3", profiles)
            print(
                f"\n--- CPU profile of one cold run, main thread + {len(profiles) - 1} workers "
                f"({seconds:.2f} s wall under the profiler) ---"
            )
            print(profile_summary(profiles))

        if args.quick:
            return
        mem = memory(MEM_URLS, MEM_HOSTS)
        print(
            f"peak memory, {MEM_URLS:,} URLs: {mem['max_rss_mb']:.0f} MB max RSS (target < 200 MB)"
        )
        print(
            f"  client process only (servers in their own process): RSS after imports"
            f" {mem['rss_imported_mb']:.0f} MB, after parsing (OpenCC/pinyin tables +"
            f" document) {mem['rss_parsed_mb']:.0f} MB; verify: {mem['statuses']},"
            f" {mem['seconds']:.1f} s, {mem['requests_sent']} requests sent, {mem['served']} served"
        )

        if lc_version is None:
            print("LinkChecker: not installed (pip install linkchecker); comparison skipped")
            return
        lc = linkchecker(web, lc_urls)
        web.reset_stats()
        cc_s, cc_report, cc_sent = citecheck(lc_doc, tmp / "lc-state.sqlite3")
        print(
            f"LinkChecker {lc_version}, {len(lc_urls)} URLs: {lc['seconds']:.1f} s; "
            f"citecheck, same {len(lc_urls)}: {cc_s:.2f} s; "
            f"citecheck {lc['seconds'] / cc_s:.1f}x faster (target >= 10x)"
        )
        print(
            f"  LinkChecker: {lc['checked']} results, {lc['valid']} valid, exit "
            f"{lc['returncode']}; served {lc['page_requests']} page + "
            f"{lc['robots_requests']} robots.txt requests ({lc['all_requests']} in all); "
            f"interpreter start-up {lc['startup']:.1f} s included"
        )
        print(f"  citecheck: {statuses(cc_report)}; {cc_sent} requests sent")
        print(f"  LinkChecker command: {lc['command']} < urls (-t {LC_THREADS} threads)")
        if lc["checked"] != len(lc_urls):
            print(f"  LinkChecker stderr: {lc['stderr']}")


if __name__ == "__main__":
    main()
