"""Serve a ``tests/simweb.py`` simulated web from its own process, for the benchmarks.

usage: python benchmarks/simweb_server.py < commands

The benchmark client must not share an interpreter (and its GIL) with the servers it
measures: on the real web the servers are elsewhere. This process reads one JSON line on
stdin describing the web::

    {"pages": [[url, title], ...], "hosts": [name, ...], "latency": seconds}

``pages`` are served as minimal HTML pages with that ``<title>``; ``hosts`` resolve
without pages (every path answers 404); ``latency`` delays every response. It starts the
servers and writes one JSON line on stdout::

    {"http": port, "https": port, "ca_bundle": path, "hosts": [every host name]}

then serves until stdin closes or reads ``quit``. Other command lines on stdin, each
answered by one JSON line on stdout:

- ``stats``: ``{"requests": n, "per_host": {host: n}, "per_path": {prefix: n},
  "connections": n, "errors": n}`` since the last reset; ``per_path`` counts paths by
  their first segment (``/articles/``, ``/robots.txt``);
- ``reset``: forget the requests and connections counted so far, ``{"ok": true}``;
- ``latency SECONDS``: change the response delay, ``{"ok": true}``.

The resolver of the client process is patched by the caller (``simdns_run.patch_dns``).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from simweb import SimWeb


def path_prefix(target: str) -> str:
    """``/articles/1.html`` -> ``/articles/``; ``/robots.txt?x`` -> ``/robots.txt``."""
    path = target.split("?", 1)[0]
    cut = path.find("/", 1)
    return path if cut < 0 else path[: cut + 1]


def stats(web: SimWeb) -> dict[str, Any]:
    """What the servers saw since the last reset."""
    served = web.requests
    return {
        "requests": len(served),
        "per_host": dict(Counter(host for _, host, _ in served)),
        "per_path": dict(Counter(path_prefix(target) for _, _, target in served)),
        "connections": web.connections,
        "errors": len(web.errors),
    }


def answer(payload: dict[str, Any]) -> None:
    """Write one JSON line to the parent."""
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def main() -> None:
    """Build the web from the first stdin line, report its ports, obey commands."""
    spec = json.loads(sys.stdin.readline())
    pages: list[list[str]] = spec.get("pages", [])
    extra: list[str] = spec.get("hosts", [])
    names: set[str] = {name.lower() for name in extra}
    with SimWeb() as web:
        for url, title in pages:
            web.html(url, title)
            names.add((urlsplit(url).hostname or "").lower())
        for name in extra:
            web.host(name)
        web.latency = float(spec.get("latency", 0.0))
        answer(
            {
                "http": web.http_port,
                "https": web.https_port,
                "ca_bundle": web.ca_bundle,
                "hosts": sorted(names - {""}),
            }
        )
        for line in sys.stdin:
            command, _, arg = line.strip().partition(" ")
            if command == "quit":
                break
            if command == "stats":
                answer(stats(web))
            elif command == "reset":
                web.reset_stats()
                answer({"ok": True})
            elif command == "latency":
                web.latency = float(arg)
                answer({"ok": True})
            else:
                answer({"error": f"unknown command {command!r}"})


if __name__ == "__main__":
    main()
