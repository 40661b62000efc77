"""Report formats: JSON contract, Markdown, GitHub annotations and the terminal table."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from citecheck.report import github, json_report, markdown, terminal
from citecheck.status import DocumentReport, LinkResult, LinkStatus, Report, TitleMatch

WHEN = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def result(url: str, status: LinkStatus, **fields: object) -> LinkResult:
    """A LinkResult with defaults for what a test does not care about."""
    base: dict[str, object] = {
        "reason": f"reason for {url}",
        "checked_at": WHEN,
        "footnotes": (3,),
        "lines": (47,),
    }
    base.update(fields)
    return LinkResult(url, status, **base)  # type: ignore[arg-type]


DEAD = result(
    "https://gone.example/a", LinkStatus.DEAD, http_status=404, footnotes=(2, 14), lines=(29, 93)
)
CHANGED = result(
    "https://changed.example/a",
    LinkStatus.LIVE,
    http_status=200,
    cited_title="美國對臺軍售",
    page_title="Casino",
    title_match=TitleMatch.DIFFERENT,
)
LIVE = result("https://ok.example/a", LinkStatus.LIVE, http_status=200, title_match=TitleMatch.SAME)
FAILING = result("https://flaky.example/a", LinkStatus.FAILING, failures=1)
REPORT = Report((DocumentReport("paper.md", (DEAD, CHANGED, LIVE, FAILING)),))


def test_json_contract_fields() -> None:
    """Every field of the documented contract, with its JSON type."""
    data = json.loads(json_report.render(REPORT))
    assert data["document"] == "paper.md"
    assert data["summary"] == {"live": 2, "dead": 1, "failing": 1, "content_changed": 1}
    first = data["links"][0]
    assert first == {
        "url": "https://gone.example/a",
        "footnotes": [2, 14],
        "lines": [29, 93],
        "status": "dead",
        "http_status": 404,
        "final_url": None,
        "redirects": [],
        "cited_title": None,
        "page_title": None,
        "title_match": "unknown",
        "content_changed": False,
        "checked_at": "2026-11-26T12:00:00+00:00",
        "reason": "reason for https://gone.example/a",
    }
    assert data["links"][3]["failures"] == 1


def test_json_for_several_documents_counts_each_url_once() -> None:
    """Two documents: a documents list; the top summary counts a shared URL once."""
    report = Report((DocumentReport("a.md", (DEAD, LIVE)), DocumentReport("b.md", (DEAD,))))
    data = json.loads(json_report.render(report))
    assert [d["document"] for d in data["documents"]] == ["a.md", "b.md"]
    assert data["summary"] == {"live": 1, "dead": 1}


def test_github_annotations_at_each_citing_line() -> None:
    """Errors for broken and changed sources at every citing line; warnings for failing."""
    lines = github.render(REPORT).splitlines()
    assert lines[0].startswith("::error file=paper.md,line=29,title=citecheck%3A dead")
    assert lines[1].startswith("::error file=paper.md,line=93,")
    assert any(
        line.startswith("::error file=paper.md,line=47,title=citecheck%3A content changed")
        for line in lines
    )
    assert any(line.startswith("::warning ") and "flaky.example" in line for line in lines)
    assert not any("ok.example" in line for line in lines)


def test_github_escaping() -> None:
    """Newlines and percent signs in messages cannot forge another workflow command."""
    evil = result("https://x.example/%0A::error::", LinkStatus.DEAD, reason="a\n::error::b")
    text = github.render(Report((DocumentReport("p,1:.md", (evil,)),)))
    assert text.count("\n") == 1
    assert "file=p%2C1%3A.md" in text
    assert "%250A" in text


def test_markdown_lists_what_needs_attention() -> None:
    """The Markdown report counts broken sources and lists them first, live ones not at all."""
    text = markdown.render(REPORT)
    assert text.startswith("## citecheck: 2 broken or changed sources")
    rows = [line for line in text.splitlines() if line.startswith("| 2, 14") or "changed" in line]
    assert rows
    assert "ok.example" not in text


def test_terminal_table_groups_worst_first() -> None:
    """The terminal table shows content-changed and dead before live, and a total line."""
    text = terminal.render(REPORT, width=200)
    assert text.index("content changed") < text.index("dead") < text.index("live")
    assert "2 broken or changed sources." in text


PDF_DEAD = result(
    "https://gone.example/pdf",
    LinkStatus.DEAD,
    http_status=404,
    footnotes=(5,),
    lines=(),
    pages=(3,),
)
DOCX_DEAD = result("https://gone.example/docx", LinkStatus.DEAD, footnotes=(7, 9), lines=())
NO_LINES = Report(
    (DocumentReport("paper.pdf", (PDF_DEAD,)), DocumentReport("paper.docx", (DOCX_DEAD,)))
)


def test_json_report_gives_pages_only_for_notes_without_lines() -> None:
    """A PDF's link has no lines and the pages of its notes; other links have no pages key."""
    data = json.loads(json_report.render(NO_LINES))
    pdf, docx = (d["links"][0] for d in data["documents"])
    assert (pdf["lines"], pdf["pages"]) == ([], [3])
    assert docx["lines"] == []
    assert "pages" not in docx
    assert "pages" not in json.loads(json_report.render(REPORT))["links"][0]
    back = json_report.report_from_json(data)
    assert back.documents[0].links[0].pages == (3,)


def test_github_annotations_without_lines_name_the_page_or_note_on_the_file() -> None:
    """No line in the format: one file annotation whose title names the note (and page)."""
    lines = github.render(NO_LINES).splitlines()
    assert lines == [
        "::error file=paper.pdf,title=citecheck%3A dead (footnote 5%2C p. 3)::"
        "https://gone.example/pdf: dead: reason for https://gone.example/pdf",
        "::error file=paper.docx,title=citecheck%3A dead (footnote 7%2C 9)::"
        "https://gone.example/docx: dead: reason for https://gone.example/docx",
    ]


def test_markdown_and_terminal_show_page_or_note_where_there_is_no_line() -> None:
    """The location column holds lines, else ``p. N``, else ``note N``."""
    text = markdown.render(NO_LINES)
    assert "| 5 | p. 3 | dead |" in text
    assert "| 7, 9 | note 7, note 9 | dead |" in text
    table = terminal.render(NO_LINES, width=200)
    assert "p. 3" in table
    assert "note 7" in table
