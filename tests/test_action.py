"""The GitHub Action: schemas, no inputs in run scripts, the verify step, the tracking issue."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import responses

from citecheck.action import LABEL, MARKER, TrackingIssue, exit_code_for, main, run_verify
from citecheck.status import DocumentReport, LinkResult, LinkStatus, Report, TitleMatch

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / "examples" / "workflows" / "citecheck.yml"
API = "https://api.github.com/repos/journal/papers/issues"


@pytest.mark.parametrize(
    ("schema", "path"),
    [("vendor.github-actions", ACTION), ("vendor.github-workflows", WORKFLOW)],
)
def test_action_and_workflow_validate(schema: str, path: Path) -> None:
    """action.yml and the example workflow validate against GitHub's schemas."""
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _run_blocks(path: Path) -> list[str]:
    from ruamel.yaml import YAML

    data: Any = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    steps = list(data.get("runs", {}).get("steps", []))
    for job in (data.get("jobs") or {}).values():
        steps += job.get("steps", [])
    return [str(step["run"]) for step in steps if "run" in step]


@pytest.mark.parametrize("path", [ACTION, WORKFLOW])
def test_no_expression_inside_run_scripts(path: Path) -> None:
    """No ${{ … }} inside any run: block; inputs reach scripts through env only."""
    for script in _run_blocks(path):
        assert "${{" not in script, script


def test_action_steps_read_inputs_from_env_only() -> None:
    """Every input the action declares is passed to a step through env (or with:)."""
    text = ACTION.read_text(encoding="utf-8")
    for name in ("paths", "args", "fail-on", "archive"):
        assert re.search(rf"CITECHECK_\w+: \$\{{\{{ inputs\.{name} \}}\}}", text), name


def result(url: str, status: LinkStatus, match: TitleMatch = TitleMatch.SAME) -> LinkResult:
    """A link result cited in footnote 3, line 47."""
    return LinkResult(url, status, "why", title_match=match, footnotes=(3,), lines=(47,))


CHANGED = result("https://c.example/x", LinkStatus.LIVE, TitleMatch.DIFFERENT)
DEAD = result("https://d.example/x", LinkStatus.DEAD)


@pytest.mark.parametrize(
    ("links", "fail_on", "code"),
    [
        ((DEAD,), "broken", 1),
        ((CHANGED,), "broken", 0),
        ((CHANGED,), "changed", 1),
        ((DEAD,), "never", 0),
        ((result("https://o.example/x", LinkStatus.OFFLINE),), "broken", 3),
    ],
)
def test_fail_on(links: tuple[LinkResult, ...], fail_on: str, code: int) -> None:
    """fail-on: broken ignores content changes, changed counts them, never never fails."""
    assert exit_code_for(Report((DocumentReport("p.md", links),)), fail_on) == code


def test_verify_step_writes_summary_outputs_and_annotations(tmp_path: Path) -> None:
    """A local dry run of the verify step on references/ (offline: no network here)."""
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    env = {
        "CITECHECK_PATHS": "references/guo-huang-2014.md\nreferences/sample-pandoc.md",
        "CITECHECK_ARGS": "--timeout 5",
        "CITECHECK_STATE": str(tmp_path / "state" / "state.sqlite3"),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs),
        "RUNNER_TEMP": str(tmp_path),
    }
    out = io.StringIO()
    import os

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        outcome = run_verify(env, out)
    finally:
        os.chdir(cwd)
    assert summary.read_text(encoding="utf-8").startswith("## citecheck: ")
    lines = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert set(lines) == {"report", "counts", "broken", "exit-code"}
    assert json.loads(lines["counts"]) == outcome.counts
    report = json.loads(Path(lines["report"]).read_text(encoding="utf-8"))
    assert len(report["documents"]) == 2
    assert lines["exit-code"] == str(outcome.exit_code)


def test_verify_step_sets_a_damaged_state_aside_and_goes_on(tmp_path: Path) -> None:
    """A corrupt state restored from the Actions cache is a warning, not a failed job."""
    paper = tmp_path / "paper.md"
    paper.write_text("Claim.<sup>1</sup>\n\n<sup>1</sup> 林宗達，《書名》，2011。\n", "utf-8")
    state = tmp_path / "state.sqlite3"
    state.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)
    env = {"CITECHECK_PATHS": str(paper), "CITECHECK_STATE": str(state)}
    env["RUNNER_TEMP"] = str(tmp_path)
    out = io.StringIO()
    outcome = run_verify(env, out)
    assert outcome.exit_code == 0
    assert out.getvalue().startswith(f"::warning title=citecheck::{state} was not a readable")
    assert len(list(tmp_path.glob("state.sqlite3.corrupt-*"))) == 1


def test_verify_step_with_an_unusable_state_path_is_one_error_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A state path that is a folder fails the step as an input error (exit 2, one
    annotation), not with a traceback that reads as broken sources."""
    paper = tmp_path / "paper.md"
    paper.write_text("Claim.<sup>1</sup>\n\n<sup>1</sup> 林宗達，《書名》，2011。\n", "utf-8")
    (tmp_path / "state").mkdir()
    monkeypatch.setenv("CITECHECK_PATHS", str(paper))
    monkeypatch.setenv("CITECHECK_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("RUNNER_TEMP", str(tmp_path))
    assert main(["verify"]) == 2
    captured = capsys.readouterr()
    message = f"{tmp_path / 'state'}: is a directory, not a state file"
    assert captured.out == f"::error title=citecheck::{message}\n"
    assert captured.err == f"citecheck: error: {message}\n"


class FakeGitHub:
    """The issues endpoints of a repository, as responses callbacks."""

    def __init__(self) -> None:
        self.issues: list[dict[str, Any]] = []
        self.creates = 0
        self.updates = 0

    def install(self) -> None:
        """Register the endpoints with responses."""
        responses.add_callback(responses.GET, API, callback=self._list)
        responses.add_callback(responses.POST, API, callback=self._create)
        responses.add_callback(responses.PATCH, re.compile(API + r"/\d+"), callback=self._patch)

    def _list(self, request: Any) -> tuple[int, dict[str, str], str]:
        assert "labels=citecheck" in request.url
        return 200, {}, json.dumps(self.issues)

    def _create(self, request: Any) -> tuple[int, dict[str, str], str]:
        body = json.loads(request.body)
        self.creates += 1
        issue = {
            "number": 7 + self.creates,
            "state": "open",
            "body": body["body"],
            "labels": [{"name": n} for n in body["labels"]],
            "title": body["title"],
        }
        self.issues.append(issue)
        return 201, {}, json.dumps(issue)

    def _patch(self, request: Any) -> tuple[int, dict[str, str], str]:
        number = int(request.url.rsplit("/", 1)[1])
        issue = next(i for i in self.issues if i["number"] == number)
        issue.update(json.loads(request.body))
        self.updates += 1
        return 200, {}, json.dumps(issue)


@responses.activate
def test_tracking_issue_across_three_runs() -> None:
    """Run 1 creates, run 2 updates the same issue, run 3 (all recovered) closes it."""
    github = FakeGitHub()
    github.install()
    tracker = TrackingIssue("journal/papers", "token")
    assert tracker.sync("2 broken", 2) == "created #8"
    assert tracker.sync("1 broken", 1) == "updated #8"
    assert tracker.sync("all fine", 0) == "closed #8"
    assert (github.creates, github.updates) == (1, 2)
    assert len(github.issues) == 1
    assert github.issues[0]["state"] == "closed"
    assert MARKER in github.issues[0]["body"]
    assert tracker.sync("all fine", 0) == "nothing to do"
    assert tracker.sync("broken again", 1) == "updated #8"  # reopened, not duplicated
    assert github.issues[0]["state"] == "open"


@responses.activate
def test_existing_issue_is_updated_not_created() -> None:
    """An issue from an earlier run (found by label and marker) is edited in place."""
    github = FakeGitHub()
    github.issues.append(
        {
            "number": 3,
            "state": "open",
            "body": f"{MARKER}\nold",
            "labels": [{"name": LABEL}],
            "title": "old",
        }
    )
    github.install()
    assert TrackingIssue("journal/papers", "token").sync("new", 1) == "updated #3"
    assert github.creates == 0
    assert responses.calls[0].request.headers["Authorization"] == "Bearer token"


@responses.activate
def test_an_unrelated_labelled_issue_is_left_alone() -> None:
    """An issue with the label but not the marker is not taken over."""
    github = FakeGitHub()
    github.issues.append(
        {
            "number": 1,
            "state": "open",
            "body": "someone else's",
            "labels": [{"name": LABEL}],
            "title": "other",
        }
    )
    github.install()
    assert TrackingIssue("journal/papers", "token").sync("x", 1) == "created #8"
