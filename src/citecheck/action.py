"""The GitHub Action's steps (``python -m citecheck.action verify|issue``).

``verify`` checks the documents named in ``CITECHECK_PATHS`` with the state in
``.citecheck-state/`` (cached by the workflow between scheduled runs, so the flake rule
works), writes the JSON report, appends the Markdown report to ``$GITHUB_STEP_SUMMARY``,
prints ``::error``/``::warning`` annotations, and sets the step outputs. It always exits 0:
the action's last step fails the job from the ``exit-code`` output, after the state, the
tracking issue and the artifact are saved.

``issue`` keeps one tracking issue per repository (found by a hidden marker and a label),
creating it once, updating it in place, closing it when every source has recovered.

Inputs arrive through environment variables only: the workflow never interpolates
``${{ inputs.* }}`` into a script.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from citecheck.api import parse, save_live_pages, verify
from citecheck.archive import keys_from_environment
from citecheck.cli import build_parser, expand_paths, verify_settings
from citecheck.config import Settings
from citecheck.errors import CitecheckError
from citecheck.report import github, json_report, markdown
from citecheck.status import Report
from citecheck.store import Store

MARKER = "<!-- citecheck:tracking-issue -->"
LABEL = "citecheck"
TITLE = "citecheck: broken or changed cited sources"
DEFAULT_STATE = ".citecheck-state/state.sqlite3"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the verify step hands to the next steps."""

    report_path: Path
    counts: dict[str, int]
    broken: int
    exit_code: int


def exit_code_for(report: Report, fail_on: str) -> int:
    """The job's exit code under ``fail-on``: broken | changed | never."""
    if fail_on == "never":
        return 0
    if report.offline:
        return 3
    strictly_broken = [link for link in report.links if link.status.is_broken]
    if fail_on == "changed":
        return 1 if report.has_broken else 0
    return 1 if strictly_broken or report.broken_dois else 0


def run_verify(env: Mapping[str, str], out: Any = sys.stdout) -> Outcome:
    """The verify step: check, report in every place GitHub reads, return the outputs."""
    paths = env.get("CITECHECK_PATHS", "").split()
    extra = shlex.split(env.get("CITECHECK_ARGS", ""))
    settings = _settings(extra)
    documents = [parse(path, settings=settings) for path in expand_paths(paths)]
    state = Path(env.get("CITECHECK_STATE", DEFAULT_STATE))
    with Store(state) as store:
        if store.warning:
            out.write(f"::warning title=citecheck::{github.escape_data(store.warning)}\n")
        report = verify(documents, settings=settings, store=store)
        if env.get("CITECHECK_ARCHIVE", "false").lower() == "true" and not report.offline:
            keys = keys_from_environment()
            if keys is None:
                out.write(
                    "::warning title=citecheck::archive: true needs the "
                    "CITECHECK_IA_ACCESS_KEY and CITECHECK_IA_SECRET_KEY secrets\n"
                )
            else:
                save_live_pages(report, keys=keys, settings=settings, store=store)
    report_path = Path(env.get("RUNNER_TEMP", ".")) / "citecheck-report.json"
    report_path.write_text(json_report.render(report), encoding="utf-8")
    _append(env.get("GITHUB_STEP_SUMMARY"), markdown.render(report))
    out.write(github.render(report))
    outcome = Outcome(
        report_path,
        report.summary,
        len(report.broken) + len(report.broken_dois),
        exit_code_for(report, env.get("CITECHECK_FAIL_ON", "broken")),
    )
    _append(env.get("GITHUB_OUTPUT"), _outputs(outcome))
    return outcome


def _settings(extra: Sequence[str]) -> Settings:
    """Settings as ``citecheck verify`` makes them from the ``args`` input, with the SSRF
    guard on unless ``--allow-private`` is given."""
    args = build_parser().parse_args(["verify", "-", *extra])
    if args.allow_private is None:
        args.allow_private = False  # in a workflow, private addresses are refused by default
    return verify_settings(args)


def _outputs(outcome: Outcome) -> str:
    return (
        f"report={outcome.report_path}\n"
        f"counts={json.dumps(outcome.counts, separators=(',', ':'))}\n"
        f"broken={outcome.broken}\n"
        f"exit-code={outcome.exit_code}\n"
    )


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)


class TrackingIssue:
    """One issue per repository listing the broken sources, kept up to date in place."""

    def __init__(
        self,
        repository: str,
        token: str,
        session: requests.Session | None = None,
        api: str = "https://api.github.com",
    ) -> None:
        self.repository = repository
        self.api = api.rstrip("/")
        self.session = session or requests.Session()
        self.session.headers.update(
            {
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
            }
        )

    def find(self) -> dict[str, Any] | None:
        """The tracking issue (open or closed), found by its label and hidden marker."""
        url = f"{self.api}/repos/{self.repository}/issues"
        params: dict[str, str | int] = {"labels": LABEL, "state": "all", "per_page": 100}
        response = self.session.get(url, params=params, timeout=30)
        response.raise_for_status()
        for issue in response.json():
            if MARKER in (issue.get("body") or "") and "pull_request" not in issue:
                return dict(issue)
        return None

    def sync(self, report_markdown: str, broken: int) -> str:
        """Create, update, reopen or close the issue; returns what was done."""
        issue = self.find()
        body = f"{MARKER}\n{report_markdown}"
        if broken == 0:
            if issue is None or issue.get("state") == "closed":
                return "nothing to do"
            self._patch(
                issue,
                {
                    "body": f"{MARKER}\nEvery cited source answers again.\n\n{report_markdown}",
                    "state": "closed",
                },
            )
            return f"closed #{issue['number']}"
        if issue is None:
            url = f"{self.api}/repos/{self.repository}/issues"
            created = self.session.post(
                url, json={"title": TITLE, "body": body, "labels": [LABEL]}, timeout=30
            )
            created.raise_for_status()
            return f"created #{created.json()['number']}"
        self._patch(issue, {"body": body, "state": "open"})
        return f"updated #{issue['number']}"

    def _patch(self, issue: dict[str, Any], fields: dict[str, str]) -> None:
        url = f"{self.api}/repos/{self.repository}/issues/{issue['number']}"
        self.session.patch(url, json=fields, timeout=30).raise_for_status()


def run_issue(env: Mapping[str, str]) -> str:
    """The issue step: sync the tracking issue with the JSON report of the verify step."""
    data = json.loads(Path(env["CITECHECK_REPORT"]).read_text(encoding="utf-8"))
    report = json_report.report_from_json(data)
    tracker = TrackingIssue(
        env["GITHUB_REPOSITORY"],
        env["GITHUB_TOKEN"],
        api=env.get("GITHUB_API_URL", "https://api.github.com"),
    )
    return tracker.sync(markdown.render(report), len(report.broken) + len(report.broken_dois))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m citecheck.action verify|issue``."""
    args = list(sys.argv[1:] if argv is None else argv)
    env = dict(os.environ)
    try:
        if args == ["verify"]:
            run_verify(env)
            return 0
        if args == ["issue"]:
            print(f"citecheck: tracking issue: {run_issue(env)}")
            return 0
    except CitecheckError as exc:
        # Bad input, configuration or state: one annotated line and exit 2, never a
        # traceback that reads as "broken sources".
        print(f"::error title=citecheck::{github.escape_data(str(exc))}")
        print(f"citecheck: error: {exc}", file=sys.stderr)
        return 2
    print("usage: python -m citecheck.action verify|issue", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
