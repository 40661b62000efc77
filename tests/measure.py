"""``citecheck parse PATH`` in a fresh process, with its exit code, wall time and peak memory
(shared by the bad-PDF tests and benchmarks/bench_pdf.py)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_RUN_AND_MEASURE = """
import sys, time
from citecheck.cli import main
start = time.perf_counter()
try:
    code = main(["parse", sys.argv[1]])
except SystemExit as exc:
    code = exc.code
elapsed = time.perf_counter() - start
# VmHWM: this process's own peak resident memory (ru_maxrss would carry the parent's
# size across fork and exec)
status = open("/proc/self/status").read()
peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
print(f"MEASURED {code} {elapsed:.3f} {peak:.0f}")
"""


@dataclass(frozen=True)
class Measured:
    """How one ``citecheck parse`` run ended."""

    code: int
    stderr: str
    seconds: float
    peak_mb: float


def parse_measured(path: Path, *, timeout: float) -> Measured:
    """Run ``citecheck parse PATH`` in a new interpreter and read back what it measured."""
    done = subprocess.run(
        [sys.executable, "-c", _RUN_AND_MEASURE, str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
    code, elapsed, peak = done.stdout.split("MEASURED ")[1].split()
    return Measured(int(code), done.stderr, float(elapsed), float(peak))
