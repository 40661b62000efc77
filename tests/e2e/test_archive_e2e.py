"""The Wayback Machine end to end: the sample paper's broken links on a fake archive.

The fake archive (tests/fakearchive.py) answers CDX, availability, snapshot and SPN2
endpoints with the real response shapes, through the real CLI and, for prefix searches,
through waybackpy.
"""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from test_sample_paper import PAPER, SCENARIOS

from citecheck.api import cited_day, parse
from citecheck.archive import ACCESS_KEY_VARIABLE, SECRET_KEY_VARIABLE
from citecheck.links import collect_links
from citecheck.store import Store
from clirun import cli
from fakearchive import FakeArchive
from simweb import SimWeb

BROKEN = {"failing", "dead", "soft_404", "invalid"}
KM_RU = "http://www.km.ru/world/2014/05/19/vladimir-putin/"
REAL_KM_RU = (
    KM_RU
    + "740321-politicheskii-soyuz-rossii-i-kitaya-neizbezhen-potomu-chto-vygoden-obeim-stranam"
)
ONLY_LATER = "http://www.ustr.gov/about-us/press-office/press-releases/2014/September/TPP-Negotiators-Make-Important-Progress-on-Agreement"


def stamp(day: date) -> str:
    """A 14-digit Wayback timestamp at noon of ``day``."""
    return day.strftime("%Y%m%d") + "120000"


@pytest.fixture
def archived_web(web: SimWeb) -> tuple[SimWeb, FakeArchive, dict[str, str]]:
    """The sample paper's web plus an archive holding captures around each cited date.

    Returns the expected snapshot timestamp of every link that will need one.
    """
    archive = FakeArchive(web)
    expected: dict[str, str] = {}
    for link in collect_links([parse(PAPER)]):
        setup, status, match = SCENARIOS[link.url]
        setup(web, link.url, link.titles[0])
        needs = status in BROKEN or (match == "different" and status == "live")
        if not needs or link.url.startswith(KM_RU):
            continue
        cited = cited_day(link.dates) or date(2014, 9, 30)
        before, after = stamp(cited - timedelta(days=40)), stamp(cited + timedelta(days=3))
        archive.add(link.url, stamp(cited - timedelta(days=400)))
        archive.add(link.url, after)
        if link.url == ONLY_LATER:
            expected[link.url] = after
        else:
            archive.add(link.url, before)
            expected[link.url] = before
    archive.add(REAL_KM_RU, "20140520093000", title="Политический союз России и Китая")
    return web, archive, expected


def test_broken_links_get_the_snapshot_before_the_cited_date(
    archived_web: tuple[SimWeb, FakeArchive, dict[str, str]], tmp_path: Path
) -> None:
    """Every broken or changed link gets its snapshot; km.ru gets a repair; limits hold."""
    web, archive, expected = archived_web
    run = cli(
        "verify", str(PAPER), "-f", "json", "--state", str(tmp_path / "s.db"), "--retries", "0"
    )
    links = {link["url"]: link for link in run.json()["links"]}
    got = {url: link["archive"]["timestamp"] for url, link in links.items() if "archive" in link}
    assert got == expected
    for url in expected:
        assert links[url]["archive"]["url"] == f"https://web.archive.org/web/{expected[url]}/{url}"
    for url, link in links.items():
        if url.startswith(KM_RU):
            assert link["suggested_url"] == REAL_KM_RU
    assert archive.max_calls_per_window({"cdx", "availability"}) <= 24
    assert archive.max_concurrent == 1
    calls = archive.count()
    again = cli(
        "verify", str(PAPER), "-f", "json", "--state", str(tmp_path / "s.db"), "--retries", "0"
    )
    assert {
        u: link["archive"]["timestamp"]
        for u, link in ((link["url"], link) for link in again.json()["links"])
        if "archive" in link
    } == got
    assert archive.count() == calls  # lookups come from the state within the TTL
    assert web.count() > 0


def test_fix_round_trip(
    archived_web: tuple[SimWeb, FakeArchive, dict[str, str]], tmp_path: Path
) -> None:
    """fix --write adds links to broken sources only; re-parsed, nothing else changed."""
    _, _, expected = archived_web
    copy = tmp_path / "paper.md"
    copy.write_text(PAPER.read_text(encoding="utf-8"), encoding="utf-8")
    dry = cli("fix", str(copy), "--state", str(tmp_path / "s.db"), "--retries", "0")
    assert dry.code == 0
    assert dry.stdout.startswith(f"--- a/{copy}")
    assert copy.read_text(encoding="utf-8") == PAPER.read_text(encoding="utf-8")
    copy.chmod(0o644)  # the temporary file's 0600 once survived the rename
    done = cli("fix", str(copy), "--write", "--state", str(tmp_path / "s.db"), "--retries", "0")
    assert done.code == 0, done.stderr
    assert stat.S_IMODE(copy.stat().st_mode) == 0o644
    assert (tmp_path / "paper.md.bak").read_text(encoding="utf-8") == PAPER.read_text("utf-8")
    before, after = parse(PAPER), parse(copy)
    assert [(n.number, n.line) for n in after.footnotes] == [
        (n.number, n.line) for n in before.footnotes
    ]
    strip = [(c.work_id, c.title, c.url, c.issued, c.authors) for c in before.citations]
    assert [(c.work_id, c.title, c.url, c.issued, c.authors) for c in after.citations] == strip
    annotated = {c.url: c.archive_url for c in after.citations if c.archive_url}
    assert set(annotated) == set(expected)
    text = copy.read_text(encoding="utf-8")
    assert "Wayback Machine 存檔：" in text or "archived at" in text


def test_archive_command_needs_keys(
    web: SimWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without keys: one line explaining what is needed and where, exit 2, no archive call."""
    archive = FakeArchive(web)
    monkeypatch.delenv(ACCESS_KEY_VARIABLE, raising=False)
    monkeypatch.delenv(SECRET_KEY_VARIABLE, raising=False)
    paper = tmp_path / "p.md"
    paper.write_text(
        "A.<sup>1</sup>\n\n---\n\n<sup>1</sup> Jane Roe, “Live Page,” *Site*, "
        "2014, <https://www.example.com/a/b>.\n",
        encoding="utf-8",
    )
    result = cli("archive", str(paper), "--no-state")
    assert result.code == 2
    assert "CITECHECK_IA_ACCESS_KEY" in result.stderr
    assert archive.count() == 0


def test_archive_command_saves_polls_and_records(
    web: SimWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With keys: live pages saved through SPN2 (polled to success), recorded in the state."""
    archive = FakeArchive(web)
    web.html("https://www.example.com/a/b", "Live Page | Site")
    web.html("https://www.example.com/c/d", "Recent Page | Site")
    archive.add("https://www.example.com/c/d", stamp(date.today() - timedelta(days=2)))
    monkeypatch.setenv(ACCESS_KEY_VARIABLE, archive.keys[0])
    monkeypatch.setenv(SECRET_KEY_VARIABLE, archive.keys[1])
    (tmp_path / "citecheck.toml").write_text("save_poll_interval = 0.05\n", encoding="utf-8")
    paper = tmp_path / "p.md"
    paper.write_text(
        "A.<sup>1</sup> B.<sup>2</sup>\n\n---\n\n"
        "<sup>1</sup> Jane Roe, “Live Page,” *Site*, 2014, <https://www.example.com/a/b>.\n\n"
        "<sup>2</sup> Jane Roe, “Recent Page,” *Site*, 2014, <https://www.example.com/c/d>.\n",
        encoding="utf-8",
    )
    state = str(tmp_path / "s.db")
    result = cli(
        "archive",
        str(paper),
        "--state",
        state,
        "--config",
        str(tmp_path / "citecheck.toml"),
        "-f",
        "json",
    )
    assert result.code == 0, result.stderr
    saved = {row["url"]: row for row in result.json()["saved"]}
    assert saved["https://www.example.com/a/b"]["outcome"] == "saved"
    assert saved["https://www.example.com/c/d"]["outcome"] == "recent"
    assert archive.count("save") == 1
    assert archive.count("status") >= 2
    assert all(
        call.headers.get("Authorization", "").startswith("LOW ")
        for call in archive.calls
        if call.kind in ("save", "status")
    )
    with Store(state) as store:
        recorded = store.archive_lookup("https://www.example.com/a/b", "latest", 3600)
    assert recorded is not None
    assert (recorded.snapshot_url or "").startswith("https://web.archive.org/web/")
    assert recorded.source == "saved"
    assert os.environ[ACCESS_KEY_VARIABLE] not in "".join(
        str(r) for r in web.requests if r[1] != "web.archive.org"
    )
