"""The exports in the real clients scholars use: ../shared/clients/check_clients.sh.

The CSL-JSON schema check needs only jsonschema and the schema file, so it always runs.
The full check (biber, biblatex + xelatex, pandoc --citeproc on both exports, citeproc-js,
citeproc-py) runs when those tools are installed (.ci/run installs them) and is skipped,
saying which tool is missing, otherwise.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.api import parse
from citecheck.export import csljson
from evalkit import SAMPLE

CLIENTS = Path("../shared/clients")
SCHEMA = CLIENTS / "csl-data.json"
PROBE = Path(__file__).parent / "data" / "probe-exports.md"


def test_csl_export_is_valid_against_the_official_csl_data_schema() -> None:
    """Every item of the sample's CSL-JSON export validates against csl-data.json."""
    if not SCHEMA.exists():
        pytest.skip("../shared/clients/csl-data.json is not beside the repository")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    items = json.loads(csljson.render(parse(SAMPLE)))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(items))
    assert [e.message for e in errors] == []
    assert len(items) == 48


def _missing_tools() -> list[str]:
    missing = [
        t for t in ("biber", "pandoc", "node", "xelatex", "pdftotext") if not shutil.which(t)
    ]
    missing += [m for m in ("citeproc", "bs4", "jsonschema") if not importlib.util.find_spec(m)]
    if shutil.which("node"):
        probe = subprocess.run(
            ["node", "-e", "require('citeproc')"], capture_output=True, env=_env(), check=False
        )
        if probe.returncode != 0:
            missing.append("npm package citeproc (NODE_PATH)")
    if shutil.which("kpsewhich"):
        for style in ("gb7714-2015.bbx", "russianb.ldf"):
            found = subprocess.run(["kpsewhich", style], capture_output=True, check=False)
            if not found.stdout.strip():
                missing.append(style)
    return missing


def _env() -> dict[str, str]:
    return {**os.environ, "PY": sys.executable}


def _check(document: Path, workdir: Path, skip: str = "") -> tuple[int, str, dict[str, object]]:
    # check_clients.sh runs `$CC parse …`: a wrapper runs this interpreter's citecheck
    citecheck = workdir / "citecheck"
    citecheck.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m citecheck "$@"\n')
    citecheck.chmod(0o755)
    result = subprocess.run(
        ["bash", str(CLIENTS / "check_clients.sh"), str(document), str(workdir / "out")],
        capture_output=True,
        text=True,
        env={**_env(), "CC": str(citecheck), "SKIP": skip},
        timeout=900,
        check=False,
    )
    report = json.loads((workdir / "out" / "report.json").read_text(encoding="utf-8"))
    return result.returncode, result.stdout + result.stderr, report


def _need_clients() -> None:
    if not (CLIENTS / "check_clients.sh").exists():
        pytest.skip("../shared/clients is not beside the repository")
    missing = _missing_tools()
    if missing:
        pytest.skip("client tools not installed: " + ", ".join(missing))


# The probe paper (reports, conference papers, web pages, zh/en/ru notes) leaves out only the
# LaTeX runs, the slow part, which the sample already exercises.
@pytest.mark.parametrize(
    ("document", "skip"), [(SAMPLE, "cppy"), (PROBE, "biblatex,cppy")], ids=["sample", "probe"]
)
def test_every_client_renders_every_work_whole(document: Path, skip: str, tmp_path: Path) -> None:
    """biber, biblatex, pandoc (both exports), citeproc-js and the schema: nothing lost."""
    _need_clients()
    code, output, report = _check(document, tmp_path, skip=skip)
    assert code == 0, output
    pandoc = report["pandoc"]
    assert isinstance(pandoc, dict)
    # the two exports render alike through pandoc, work by work
    assert {k: v for k, v in pandoc.items() if k.endswith("/disagree") and v} == {}


@pytest.mark.parametrize("document", [SAMPLE, PROBE], ids=["sample", "probe"])
def test_citeproc_py_misses_only_the_year_of_date_ranges(document: Path, tmp_path: Path) -> None:
    """citeproc-py prints no year for `2003-03/2003-04` (its own limitation), nothing else."""
    _need_clients()
    _, output, report = _check(document, tmp_path, skip="biber,pandoc,cpjs,schema")
    items = json.loads((tmp_path / "out" / "export.json").read_text(encoding="utf-8"))
    ranges = {i["id"] for i in items if len(i.get("issued", {}).get("date-parts", [])) == 2}
    runs = report["citeproc-py"]
    assert isinstance(runs, dict), output
    for style, run in runs.items():
        assert run["throws"] == {}, style
        assert {k: v for k, v in run["missing"].items() if k not in ranges or v != ["year"]} == {}
