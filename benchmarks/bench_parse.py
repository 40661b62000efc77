"""Parse benchmark: footnotes per second and peak memory on a synthetic book.

usage: python benchmarks/bench_parse.py [N_FOOTNOTES] (default 10000)

Prints figures; asserts nothing (speed is measured here, never in unit tests). Peak
memory is the process's maximum resident set size, measured in a fresh subprocess so
that the figure is the parse's own, and tracemalloc's peak of Python allocations.

It also prints the single-process cost per note, in CPU microseconds (the parse run in
one process, as on a one-core machine): that figure compares across machines, and on a
shared machine it moves less than the wall-clock rate, which other work slows.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import book


def _measure(path: str) -> dict[str, float]:
    import resource
    import tracemalloc

    import citecheck.parallel
    from citecheck.api import parse, parse_text
    from citecheck.citations.parse import parse_citations

    # Warm-up on a different book: lazy imports and OpenCC dictionaries are start-up, not
    # parsing, and the per-note cache must not already hold the measured notes.
    parse_text(book(200, seed=7))
    start = time.perf_counter()
    document = parse(path)
    untraced = time.perf_counter() - start
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    parse_citations.cache_clear()
    tracemalloc.start()
    start = time.perf_counter()
    parse(path)
    elapsed = time.perf_counter() - start
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # One process: no document is long enough to be split.
    citecheck.parallel.MIN_ITEMS_PER_PROCESS = sys.maxsize
    parse_citations.cache_clear()
    start, cpu_start = time.perf_counter(), time.process_time()
    parse(path)
    single_wall, single_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return {
        "footnotes": len(document.footnotes),
        "citations": len(document.citations),
        "seconds": untraced,
        "seconds_traced": elapsed,
        "traced_peak_mb": traced_peak / 2**20,
        "max_rss_mb": rss_kib / 1024,
        "single_cpu_us": single_cpu / len(document.footnotes) * 1e6,
        "single_wall_us": single_wall / len(document.footnotes) * 1e6,
    }


def main() -> None:
    """Build the book, parse it in a subprocess, print the figures."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 10_000
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(_measure(sys.argv[2])))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.md"
        path.write_text(book(n), encoding="utf-8")
        size_mb = path.stat().st_size / 2**20
        result = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
    figures = json.loads(result.stdout)
    rate = figures["footnotes"] / figures["seconds"]
    print(f"document: {n} footnotes requested, {size_mb:.1f} MB")
    print(f"parsed: {figures['footnotes']} footnotes, {figures['citations']} citations")
    print(f"time: {figures['seconds']:.2f} s  ->  {rate:,.0f} footnotes/s")
    print(
        f"single process: {figures['single_cpu_us']:.0f} µs CPU per note "
        f"({figures['single_wall_us']:.0f} µs wall clock)"
    )
    print(
        f"peak memory: {figures['max_rss_mb']:.0f} MB max RSS (whole process), "
        f"{figures['traced_peak_mb']:.0f} MB traced Python allocations"
    )


if __name__ == "__main__":
    main()
