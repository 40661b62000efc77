"""Parse benchmark: footnotes per second and peak memory on a synthetic book.

usage: python benchmarks/bench_parse.py [N_FOOTNOTES] (default 10000)

Prints figures; asserts nothing (speed is measured here, never in unit tests). Peak
memory is the process's maximum resident set size, measured in a fresh subprocess so
that the figure is the parse's own, and tracemalloc's peak of Python allocations.

The rate is the best of three runs, each on a fresh book of the same size and shape (other
seeds), so that no cache has seen the notes; all three are printed. The best run is the
one least disturbed by other work on the machine.

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

RATE_SEEDS = (2014, 2015, 2016)  # one fresh book per timed run: no cache has seen its notes
TRACED_SEED, SINGLE_SEED = 2017, 2018


def _measure(given: dict[str, str]) -> dict[str, object]:
    import resource
    import tracemalloc

    import citecheck.parallel
    from citecheck.api import parse, parse_text

    paths = {int(seed): path for seed, path in given.items()}

    # Warm-up on another book: lazy imports and OpenCC dictionaries are start-up, not
    # parsing. Each timed run parses a book of its own, so that no cache (the per-note
    # cache, names, strip_relation) already holds its notes.
    parse_text(book(200, seed=7))
    runs = []
    for seed in RATE_SEEDS:
        start = time.perf_counter()
        document = parse(paths[seed])
        runs.append(time.perf_counter() - start)
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    parse(paths[TRACED_SEED])
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # One process: no document is long enough to be split.
    citecheck.parallel.MIN_ITEMS_PER_PROCESS = sys.maxsize
    start, cpu_start = time.perf_counter(), time.process_time()
    single = parse(paths[SINGLE_SEED])
    single_wall, single_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return {
        "footnotes": len(document.footnotes),
        "citations": len(document.citations),
        "runs": runs,
        "traced_peak_mb": traced_peak / 2**20,
        "max_rss_mb": rss_kib / 1024,
        "single_cpu_us": single_cpu / len(single.footnotes) * 1e6,
        "single_wall_us": single_wall / len(single.footnotes) * 1e6,
    }


def main() -> None:
    """Build the books, parse them in a subprocess, print the figures."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 10_000
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(_measure(json.loads(sys.argv[2]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for seed in (*RATE_SEEDS, TRACED_SEED, SINGLE_SEED):
            paths[seed] = Path(tmp) / f"book-{seed}.md"
            paths[seed].write_text(book(n, seed=seed), encoding="utf-8")
        size_mb = paths[RATE_SEEDS[0]].stat().st_size / 2**20
        given = json.dumps({seed: str(path) for seed, path in paths.items()})
        result = subprocess.run(
            [sys.executable, __file__, "--child", given],
            check=True,
            capture_output=True,
            text=True,
        )
    figures = json.loads(result.stdout)
    rates = [figures["footnotes"] / seconds for seconds in figures["runs"]]
    print(f"document: {n} footnotes requested, {size_mb:.1f} MB")
    print(f"parsed: {figures['footnotes']} footnotes, {figures['citations']} citations")
    print(
        f"time: best {min(figures['runs']):.2f} s  ->  {max(rates):,.0f} footnotes/s "
        f"(runs on {len(rates)} fresh books: {', '.join(f'{r:,.0f}' for r in rates)}/s)"
    )
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
