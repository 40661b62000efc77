"""Hostile-server benchmark: how long each slow server holds one URL of a real run.

usage: python benchmarks/bench_hostile.py [--timeout S] [--interval S]

Each case is one ``citecheck verify --timeout S --no-state --format json`` run (default
retries) over a one-footnote paper citing a server on loopback (``tests/simweb.py``) that
keeps every socket read under any timeout while never finishing its answer:

* ``status line``: the status line sent one byte per interval;
* ``headers``: the status line at once, then the headers one byte per interval;
* ``redirect body``: a 302 whose announced 200-byte body arrives one byte per interval;
* ``body``: headers at once, then the body one byte per interval;
* ``silent``: reads the request and never answers.

It prints, per case, the wall time of the whole CLI run (parse, probe and report
included), the link's status and its reason. Issue 11 asks for at most S + 2 seconds and
a status other than ``live``. Figures only: nothing is asserted here.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from citecheck.cli import main
from citecheck.config import DEFAULT_PROBE_HOSTS
from simweb import SimWeb

URL = "http://slow.example.com/a/b"


def cases(interval: float) -> dict[str, Callable[[SimWeb], None]]:
    """The slow servers, each set up at ``URL``."""
    return {
        "status line": lambda web: web.drip_status_line(URL, interval),
        "headers": lambda web: web.drip_headers(URL, interval),
        "redirect body": lambda web: web.drip_redirect(URL, "/landing", interval),
        "body": lambda web: web.drip(URL, interval),
        "silent": lambda web: web.hang(URL),
    }


def run_case(setup: Callable[[SimWeb], None], timeout: float) -> tuple[float, str, str]:
    """Wall seconds, status and reason of one verify run against a fresh slow server."""
    with tempfile.TemporaryDirectory() as folder, SimWeb() as web, web.dns():
        for host in DEFAULT_PROBE_HOSTS:
            web.host(host)
        web.html("http://slow.example.com/landing", "Landing")
        setup(web)
        paper = Path(folder) / "paper.md"
        paper.write_text(
            f"# Paper\n\nClaim.<sup>1</sup>\n\n---\n\n<sup>1</sup> Jane Roe, “Page,” <{URL}>.\n",
            encoding="utf-8",
        )
        args = ["verify", str(paper), "--timeout", str(timeout), "--no-state"]
        out = io.StringIO()
        start = time.monotonic()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            main([*args, "--format", "json"])
        seconds = time.monotonic() - start
    link = json.loads(out.getvalue())["links"][0]
    return seconds, str(link["status"]), str(link["reason"])


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--interval", type=float, default=0.5)
    options = parser.parse_args()
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        os.environ.pop(var, None)
    print(f"--timeout {options.timeout:g}, one byte every {options.interval:g} s")
    # One untimed run first: the imports a first verify pays (bs4, OpenCC) are not the
    # server's doing.
    run_case(lambda web: web.html(URL, "Page"), options.timeout)
    print(f"{'case':<14} {'seconds':>8}  {'status':<8} reason")
    for name, setup in cases(options.interval).items():
        seconds, status, reason = run_case(setup, options.timeout)
        print(f"{name:<14} {seconds:>8.2f}  {status:<8} {reason}")


if __name__ == "__main__":
    main_bench()
