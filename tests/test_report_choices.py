"""What cli.py used to decide inline, now in the library: the renderer tables, the links
``fix`` annotates, the ``archive`` output; and reports a new user can read (the ``parse``
table fits the terminal with whole URLs; offline, ``verify`` says so first, once)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from citecheck.api import parse, snapshots_to_insert
from citecheck.archive import SaveOutcome, SaveResult
from citecheck.cli import PARSE_FORMATS, VERIFY_FORMATS
from citecheck.report import (
    markdown,
    parse_renderers,
    parse_text,
    saved,
    saved_renderers,
    terminal,
    verify_renderers,
)
from citecheck.status import DocumentReport, LinkResult, LinkStatus, Report, Snapshot

ROOT = Path(__file__).resolve().parents[1]
PANDOC = ROOT / "references" / "sample-pandoc.md"
PANDOC_URLS = [
    (1, "http://www.mid.ru/brp_4.nsf/0/240B78C5F181088344257B040030FE8F"),
    (2, "http://www.mfa.gov.cn/mfa_chn/fyrbt_602243/jzhsl_602247/t1148378.shtml"),
    (3, "https://sgp.fas.org/crs/natsec/R42448.pdf"),
    (4, "https://sgp.fas.org/crs/natsec/R42448.pdf"),
]


def snapshot(url: str) -> Snapshot:
    return Snapshot(f"https://web.archive.org/web/2014/{url}", "20140101000000", url)


def link(url: str, status: LinkStatus, *, archived: bool = True) -> LinkResult:
    return LinkResult(url, status, "r", archive=snapshot(url) if archived else None)


def test_every_format_has_a_renderer_and_no_other() -> None:
    assert sorted(parse_renderers()) == sorted(PARSE_FORMATS)
    assert sorted(verify_renderers()) == sorted(VERIFY_FORMATS)
    assert sorted(saved_renderers()) == ["json", "text"]


def test_fix_annotates_links_in_need_or_every_archived_link_with_all() -> None:
    """Dead, failing, soft-404 and invalid links with a snapshot get one; a live one only
    with ``--all``; a link without a snapshot never."""
    report = Report(
        (
            DocumentReport(
                "p.md",
                (
                    link("https://a.example/dead", LinkStatus.DEAD),
                    link("https://a.example/failing", LinkStatus.FAILING),
                    link("https://a.example/soft", LinkStatus.SOFT_404),
                    link("https://a.example/live", LinkStatus.LIVE),
                    link("https://a.example/bare", LinkStatus.DEAD, archived=False),
                ),
            ),
        )
    )
    chosen = snapshots_to_insert(report)
    assert sorted(chosen) == [
        "https://a.example/dead",
        "https://a.example/failing",
        "https://a.example/soft",
    ]
    assert (
        chosen["https://a.example/dead"]
        == "https://web.archive.org/web/2014/https://a.example/dead"
    )
    every = snapshots_to_insert(report, every_link=True)
    assert "https://a.example/live" in every
    assert "https://a.example/bare" not in every


def test_archive_output_and_its_failures() -> None:
    done = SaveResult("https://a.example/", SaveOutcome.SAVED, snapshot("https://a.example/"))
    limited = SaveResult("https://b.example/", SaveOutcome.RATE_LIMITED, message="slow down")
    recent = SaveResult("https://c.example/", SaveOutcome.RECENT, message="saved 3 days ago")
    assert [r.failed for r in (done, limited, recent)] == [False, True, False]
    assert saved.render_text([done, limited]) == (
        "saved         https://a.example/  https://web.archive.org/web/2014/https://a.example/\n"
        "rate_limited  https://b.example/  slow down\n"
    )
    assert saved.render_text([]) == "no live page to archive\n"
    assert json.loads(saved.render_json([limited])) == {
        "saved": [
            {
                "url": "https://b.example/",
                "outcome": "rate_limited",
                "message": "slow down",
                "snapshot": None,
            }
        ]
    }


def test_parse_table_fits_a_narrow_terminal_and_keeps_urls_whole() -> None:
    """At 80 columns the table stays within 80 columns, and each URL is printed once per
    citing note, whole, on a line of its own (a table cell once cut them)."""
    text = parse_text.render(parse(PANDOC), width=80)
    table, _, url_part = text.partition("cited URLs (note, URL):\n")
    assert all(len(line) <= 80 for line in table.splitlines())
    assert "Pivot" in table
    assert url_part.splitlines() == [f"{n}  {url}" for n, url in PANDOC_URLS]


def test_parse_text_follows_the_terminal_width() -> None:
    """Run as a user would in an 80-column terminal (COLUMNS is what terminals export)."""
    env = {**os.environ, "COLUMNS": "80"}
    result = subprocess.run(
        [sys.executable, "-m", "citecheck", "parse", str(PANDOC)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=True,
    )
    table = result.stdout.partition("cited URLs")[0]
    assert max(len(line) for line in table.splitlines()) <= 80
    assert f"2  {PANDOC_URLS[1][1]}" in result.stdout.splitlines()


def offline_report() -> Report:
    links = tuple(
        LinkResult(f"https://site{i}.example/", LinkStatus.OFFLINE, "no network; not checked")
        for i in range(5)
    )
    skipped = LinkResult("ftp://files.example/a", LinkStatus.SKIPPED, "ftp links are not checked")
    return Report((DocumentReport("paper.md", (*links, skipped)),))


def test_offline_terminal_report_says_so_first_and_counts_instead_of_repeating() -> None:
    text = terminal.render(offline_report(), width=100)
    lines = text.splitlines()
    assert lines[0] == "The network is down: no link was judged. Run again when online."
    assert "paper.md: 5 links not checked (offline)." in lines
    assert "site0.example" not in text
    assert "ftp://files.example/a" in text  # a link judged without the network still shows


def test_offline_markdown_lists_no_row_per_unchecked_link() -> None:
    text = markdown.render(offline_report())
    assert text.startswith("## citecheck: offline, no link could be checked\n")
    assert "site0.example" not in text
    assert "Every cited source answered as cited." not in text
