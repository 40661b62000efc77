"""DOI checks at Crossref's pace: 1,000 DOIs against a fake Crossref limited to 10 requests/s.

usage: python benchmarks/bench_doi.py [N_DOIS]

A server process (this script with ``--serve``) runs ``tests/fakedoi.py`` on a simulated
web: doi.org, api.crossref.org and api.datacite.org with their real response shapes, 20 ms
of latency, and Crossref enforcing 10 requests per second and 3 at a time (429 beyond, as
its polite pool does). The client verifies a document citing N DOIs (with a contact
address: the polite pool) and prints its wall time against the N / 10 s that the limit
allows, the 429s it provoked, and the Crossref calls of a warm rerun on the same state.
The target: within 1.15 x the limit's time, zero 429s, no Crossref call when warm.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

RATE = 10  # Crossref's polite pool: 10 requests/s, 3 at a time
LATENCY = 0.02
CONTACT = "bench@example.org"


def dois(n: int) -> list[str]:
    """N distinct Crossref DOIs."""
    return [f"10.5555/bench.{k:05d}" for k in range(n)]


def serve(n: int) -> None:
    """The server process: the fake registries with N works, answering stats on stdin."""
    from citecheck.config import DEFAULT_PROBE_HOSTS
    from fakedoi import FakeDoi, Work
    from simweb import SimWeb

    with SimWeb() as web:
        fake = FakeDoi(web, limit=RATE, interval=1.0, concurrency=3)
        for k, doi in enumerate(dois(n)):
            fake.add(Work(doi, "Crossref", f"Study number {k}", 2014, [("Ann", "Author")], "J"))
        for host in DEFAULT_PROBE_HOSTS:
            web.host(host)
        web.latency = LATENCY
        hosts = ["doi.org", "api.crossref.org", "api.datacite.org", *DEFAULT_PROBE_HOSTS]
        print(
            json.dumps(
                {
                    "http": web.http_port,
                    "https": web.https_port,
                    "ca_bundle": web.ca_bundle,
                    "hosts": hosts,
                }
            ),
            flush=True,
        )
        for line in sys.stdin:
            if line.strip() == "stats":
                calls = {s: fake.count(s) for s in ("ra", "crossref", "search", "datacite")}
                print(
                    json.dumps({"calls": calls, "too_many": fake.too_many, "why": fake.refused}),
                    flush=True,
                )
            elif line.strip() == "quit":
                break


def markdown(n: int) -> str:
    """A document whose N footnotes each cite one article by its DOI."""
    body = " ".join(f"Claim.<sup>{k + 1}</sup>" for k in range(n))
    notes = [
        f"<sup>{k + 1}</sup> Ann Author, “Study number {k},” *J* 1, no. 1 (2014): 1-2, "
        f"https://doi.org/{doi}."
        for k, doi in enumerate(dois(n))
    ]
    return body + "\n\n" + "\n\n".join(notes) + "\n"


def run(n: int) -> dict[str, Any]:
    from bench_check import use_web

    from citecheck.api import parse_text, verify
    from citecheck.config import Settings
    from citecheck.store import Store

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(n)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdin is not None
    assert server.stdout is not None
    ready = json.loads(server.stdout.readline())

    def stats() -> dict[str, Any]:
        assert server.stdin is not None
        assert server.stdout is not None
        server.stdin.write("stats\n")
        server.stdin.flush()
        result: dict[str, Any] = json.loads(server.stdout.readline())
        return result

    document = parse_text(markdown(n), name="bench.md")
    settings = Settings(contact_email=CONTACT, archive_lookups=False)
    out: dict[str, Any] = {"dois": n, "limit_seconds": n / RATE}
    try:
        with (
            use_web(ready["hosts"], ready["http"], ready["https"], ready["ca_bundle"]),
            tempfile.TemporaryDirectory() as tmp,
            Store(Path(tmp) / "state.db") as store,
        ):
            start = time.monotonic()
            report = verify(document, settings=settings, store=store)
            out["cold_seconds"] = round(time.monotonic() - start, 2)
            out["statuses"] = sorted({r.status.value for r in report.dois})
            cold = stats()
            start = time.monotonic()
            verify(document, settings=settings, store=store)
            out["warm_seconds"] = round(time.monotonic() - start, 2)
            warm = stats()
        out["crossref_calls_cold"] = cold["calls"]["crossref"]
        out["too_many_requests"] = cold["too_many"]
        out["too_many_why"] = cold["why"]
        out["crossref_calls_warm"] = warm["calls"]["crossref"] - cold["calls"]["crossref"]
        out["ratio"] = round(out["cold_seconds"] / out["limit_seconds"], 3)
    finally:
        server.stdin.write("quit\n")
        server.stdin.close()
        server.wait(timeout=30)
    return out


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    result = run(n)
    print(json.dumps(result, indent=2))
    print(
        f"{n} DOIs: {result['cold_seconds']} s against the {result['limit_seconds']:g} s "
        f"that {RATE} requests/s allow (ratio {result['ratio']}, target <= 1.15); "
        f"{result['too_many_requests']} 429s; warm rerun: {result['crossref_calls_warm']} "
        f"Crossref calls in {result['warm_seconds']} s"
    )


if __name__ == "__main__":
    main()
