"""The command line: output formats, and one clear line for every bad input."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from clirun import run_process as run
from evalkit import SAMPLE


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    (tmp / "folder").mkdir()
    (tmp / "empty.md").write_bytes(b"")
    (tmp / "blank.md").write_text("   \n\n", encoding="utf-8")
    (tmp / "binary.md").write_bytes(bytes(range(256)) * 8)
    (tmp / "nonotes.md").write_text("# Title\n\nJust a paragraph, no notes.\n", encoding="utf-8")
    good = "<sup>1</sup> 〈標題〉，《刊名》，2014 年。\n".encode()
    (tmp / "cut.md").write_bytes(good + "林宗達".encode()[:-1])
    (tmp / "fake.docx").write_bytes(b"this is not a zip archive")
    with zipfile.ZipFile(tmp / "nodoc.docx", "w") as archive:
        archive.writestr("readme.txt", "a zip, but not a Word document")
    (tmp / "broken.bib").write_text("@article{key, title = {unclosed\n", encoding="utf-8")
    return {
        "missing": tmp / "does-not-exist.md",
        "directory": tmp / "folder",
        "empty": tmp / "empty.md",
        "blank": tmp / "blank.md",
        "binary": tmp / "binary.md",
        "no footnotes": tmp / "nonotes.md",
        "utf-8 cut mid-character": tmp / "cut.md",
        "not a docx": tmp / "fake.docx",
        "docx without document": tmp / "nodoc.docx",
        "bib with no entry": tmp / "broken.bib",
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "directory",
        "empty",
        "blank",
        "binary",
        "no footnotes",
        "utf-8 cut mid-character",
        "not a docx",
        "docx without document",
        "bib with no entry",
    ],
)
def test_bad_input_one_line_exit_2_nothing_written(tmp_path: Path, case: str) -> None:
    """Each bad input: one line on stderr naming the file, exit 2, no traceback, no output file."""
    path = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out.json"
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("parse", str(path), "--format", "json", "--output", str(out))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("citecheck: error: ")
    assert path.name in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_usage_error_exits_2() -> None:
    """An unknown format is a usage error with exit code 2."""
    assert run("parse", str(SAMPLE), "--format", "yaml").returncode == 2


def test_parse_json_contract_shape() -> None:
    """`parse --format json` prints the documented contract."""
    result = run("parse", str(SAMPLE), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["document"] == str(SAMPLE)
    note = data["footnotes"][2]
    assert (note["number"], note["line"]) == (3, 47)
    assert note["text"].startswith("參見林宗達")
    item = note["citations"][1]
    assert item["container-title"] == "問題與研究"
    assert item["issued"] == {"date-parts": [[2003, 3], [2003, 4]]}
    assert item["custom"]["relation"] == "source"
    assert note["citations"][0]["custom"]["relation"] == "see-also"
    kinds = [c["custom"]["kind"] for n in data["footnotes"] for c in n["citations"]]
    assert kinds == ["full"] * 54  # stated for every citation; the sample cites all in full


def test_text_and_exports_and_output_file(tmp_path: Path) -> None:
    """The text table, BibTeX, CSL-JSON and RIS formats print; --output writes the file."""
    table = run("parse", str(SAMPLE))
    assert table.returncode == 0
    assert "linzongda2011" in table.stdout
    assert run("parse", str(SAMPLE), "-f", "bibtex").stdout.count("@") == 48
    target = tmp_path / "refs.json"
    assert run("parse", str(SAMPLE), "-f", "csl-json", "-o", str(target)).returncode == 0
    assert len(json.loads(target.read_text("utf-8"))) == 48
    assert run("parse", str(SAMPLE), "-f", "ris").stdout.count("\nER  - ") == 48


def test_help_lists_commands_and_exit_codes() -> None:
    """`citecheck --help` names the parse command and documents the exit codes."""
    result = run("--help")
    assert result.returncode == 0
    assert "parse" in result.stdout
    assert "Exit codes" in result.stdout
