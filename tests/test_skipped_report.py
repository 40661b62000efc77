"""Files that were not verified: classified by why, and carried by the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

from citecheck.api import parse_paths
from citecheck.report import json_report
from citecheck.status import DocumentReport, Report, SkippedDocument, SkipReason

NOTE = "Claim.<sup>1</sup>\n\n<sup>1</sup> Jane Roe, *Sea Power* (London: Verso, 2010), 4.\n"


def test_parse_paths_reads_what_it_can_and_says_why_for_the_rest(tmp_path: Path) -> None:
    """One paper read; a letter (no footnotes), a .rtf (unsupported), a missing file named."""
    (tmp_path / "paper.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "letter.txt").write_text("Dear editor, thanks.\n", encoding="utf-8")
    (tmp_path / "old.rtf").write_text("{\\rtf1 x}", encoding="utf-8")
    names = ["paper.md", "letter.txt", "old.rtf", "gone.md"]
    documents, skipped = parse_paths([tmp_path / n for n in names])
    assert [Path(d.path).name for d in documents] == ["paper.md"]
    assert [(Path(s.path).name, s.reason) for s in skipped] == [
        ("letter.txt", SkipReason.NO_FOOTNOTES),
        ("old.rtf", SkipReason.UNSUPPORTED),
        ("gone.md", SkipReason.UNREADABLE),
    ]
    assert skipped[2].message == "no such file"


def test_json_contract_lists_skipped_files_and_reads_them_back() -> None:
    """``skipped`` appears only when needed, as document/reason/message, and round-trips."""
    entry = SkippedDocument("inbox/old.doc", SkipReason.UNSUPPORTED, "is an old binary Word file")
    report = Report((DocumentReport("inbox/paper.md"),), skipped=(entry,))
    data = json.loads(json_report.render(report))
    assert data["skipped"] == [
        {"document": "inbox/old.doc", "reason": "unsupported", "message": entry.message}
    ]
    assert json_report.report_from_json(data).skipped == (entry,)
    clean = json.loads(json_report.render(Report((DocumentReport("inbox/paper.md"),))))
    assert "skipped" not in clean
