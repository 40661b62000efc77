"""Reading documents: the dispatcher, and the sample paper in every legacy encoding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from citecheck.api import parse
from citecheck.errors import InputError, NoFootnotesError
from citecheck.export.parse_json import parse_report
from citecheck.read import read
from evalkit import SAMPLE

REFERENCES = Path(__file__).resolve().parents[1] / "references"


def _without_path(report: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in report.items() if key != "document"}


def _representable(text: str, encoding: str) -> str:
    """``text`` with the few characters ``encoding`` lacks swapped for their usual variant.

    Big5-HKSCS has no 爲 (U+7232); Taiwanese Big5 files write 為 (U+70BA) instead.
    """
    text = text.replace("爲", "為")
    text.encode(encoding)  # fails loudly if another character is missing
    return text


@pytest.mark.parametrize("encoding", ["big5hkscs", "gb18030", "utf-16", "utf-16-le", "utf-8-sig"])
def test_sample_reencoded_parses_like_utf8(tmp_path: Path, encoding: str) -> None:
    """The sample paper re-encoded (Big5, GB18030, UTF-16, BOM) parses exactly like UTF-8."""
    text = _representable(SAMPLE.read_text("utf-8"), "big5hkscs")
    original = tmp_path / "sample-utf8.md"
    original.write_text(text, encoding="utf-8")
    copy = tmp_path / f"sample-{encoding}.md"
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data  # UTF-16 LE with its byte-order mark
    copy.write_bytes(data)
    expected = _without_path(parse_report(parse(original)))
    assert _without_path(parse_report(parse(copy))) == expected


def test_missing_file_and_directory_are_input_errors(tmp_path: Path) -> None:
    """A missing path and a directory raise InputError naming the path."""
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "nope.md")
    with pytest.raises(InputError, match="directory"):
        read(tmp_path)


def test_document_without_notes_is_a_distinct_error(tmp_path: Path) -> None:
    """A readable document with no footnotes raises NoFootnotesError."""
    path = tmp_path / "plain.md"
    path.write_text("# A title\n\nA paragraph.\n", encoding="utf-8")
    with pytest.raises(NoFootnotesError):
        read(path)


@pytest.mark.parametrize(
    ("name", "style"),
    [
        ("guo-huang-2014.md", "markdown-sup"),
        ("sample-pandoc.md", "pandoc"),
        ("sample-notes.txt", "plain-notes"),
    ],
)
def test_reference_samples_are_read_in_their_convention(name: str, style: str) -> None:
    """Each text sample in references/ is read with the footnote convention it uses."""
    document = parse(REFERENCES / name)
    assert document.format == style
    assert document.footnotes
    assert all(note.line > 0 for note in document.footnotes)
    assert any(c.url for c in document.citations)
