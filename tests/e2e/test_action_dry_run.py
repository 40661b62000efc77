"""The Action's verify step, run as the workflow runs it, on the simulated web."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from test_sample_paper import sample_web  # noqa: F401  (the fixture)

from citecheck.action import run_verify
from simweb import SimWeb

ROOT = Path(__file__).resolve().parents[2]
PAPER = "references/guo-huang-2014.md"


def dry_run(tmp_path: Path, args: str) -> tuple[str, dict[str, str], str]:
    """Run the verify step in the repository root; summary, outputs and stdout."""
    env = {
        "CITECHECK_PATHS": PAPER,
        "CITECHECK_ARGS": args,
        "CITECHECK_FAIL_ON": "broken",
        "CITECHECK_STATE": str(tmp_path / "state.sqlite3"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
        "RUNNER_TEMP": str(tmp_path),
    }
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        run_verify(env, out)
    finally:
        os.chdir(cwd)
    outputs = dict(
        line.split("=", 1) for line in (tmp_path / "output.txt").read_text().split("\n") if line
    )
    return (tmp_path / "summary.md").read_text(encoding="utf-8"), outputs, out.getvalue()


def test_summary_annotations_and_outputs(sample_web: SimWeb, tmp_path: Path) -> None:  # noqa: F811
    """Job summary in Markdown, ::error at the broken footnotes' lines, outputs set."""
    summary, outputs, stdout = dry_run(tmp_path, "--allow-private --no-archive")
    assert summary.startswith("## citecheck: 7 broken or changed sources")
    errors = [line for line in stdout.splitlines() if line.startswith("::error ")]
    assert f"::error file={PAPER},line=187," in stdout  # footnote 26: a soft-404 page
    assert len(errors) >= 7
    assert outputs["exit-code"] == "1"
    assert json.loads(outputs["counts"])["soft_404"] == 6
    assert Path(outputs["report"]).is_file()


def test_ssrf_guard_is_on_in_the_action(sample_web: SimWeb, tmp_path: Path) -> None:  # noqa: F811
    """Without --allow-private, hosts resolving to loopback are refused, not fetched."""
    sample_web.reset_stats()
    _, outputs, _ = dry_run(tmp_path, "--no-archive")
    counts = json.loads(outputs["counts"])
    assert counts.get("skipped", 0) + counts.get("failing", 0) == 44
    assert sample_web.count() == 0
