"""Run the real CLI in this process (where the simulated DNS is patched in)."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citecheck.cli import main


@dataclass
class CliResult:
    """Exit code, output and wall time of one CLI run."""

    code: int
    stdout: str
    stderr: str
    seconds: float

    def json(self) -> Any:
        """stdout parsed as JSON."""
        return json.loads(self.stdout)


def cli(*args: str) -> CliResult:
    """``citecheck ARGS`` with stdout and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return CliResult(code, out.getvalue(), err.getvalue(), time.monotonic() - start)


def run_process(
    *args: str, cwd: Path | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m citecheck ARGS`` as a user would, in its own process, capturing its
    output; a run still going after ``timeout`` seconds fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "citecheck", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        check=False,
        timeout=timeout,
    )
