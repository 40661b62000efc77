"""``citecheck verify`` over several documents, directories and globs, in every format."""

from __future__ import annotations

from pathlib import Path

from clirun import cli
from simweb import SimWeb

SHARED = "https://www.example.com/reports/2014/shared.html"


def paper(path: Path, *urls: str) -> Path:
    """Write a paper citing ``urls``, one footnote each."""
    body = "".join(f"Claim.<sup>{n}</sup>" for n in range(1, len(urls) + 1))
    notes = "\n\n".join(
        f"<sup>{n}</sup> Jane Roe, “Shared Report,” *Example*, 2014, <{url}>."
        for n, url in enumerate(urls, start=1)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{body}\n\n---\n\n{notes}\n", encoding="utf-8")
    return path


def test_url_cited_in_several_documents_is_fetched_once(web: SimWeb, tmp_path: Path) -> None:
    """A directory of two papers: one request for the shared URL, results per document."""
    web.html(SHARED, "Shared Report | Example")
    web.page("https://www.example.com/only-b/x/y", "", status=404)
    paper(tmp_path / "issue" / "a.md", SHARED)
    paper(tmp_path / "issue" / "b.md", "https://www.example.com/only-b/x/y", SHARED)
    result = cli("verify", str(tmp_path / "issue"), "-f", "json", "--no-state")
    data = result.json()
    assert [Path(d["document"]).name for d in data["documents"]] == ["a.md", "b.md"]
    b_links = {link["url"]: link for link in data["documents"][1]["links"]}
    assert b_links[SHARED]["footnotes"] == [2]
    assert data["summary"] == {"live": 1, "failing": 1}
    assert web.count("www.example.com") == 2  # the shared page once, the missing page once
    assert result.code == 0  # failing is a warning until the flake rule is met


def test_markdown_and_github_formats(web: SimWeb, tmp_path: Path) -> None:
    """Markdown summary and GitHub annotations for a dead link at its footnote's line."""
    web.page("https://www.example.com/gone/a/b", "", status=410)
    doc = paper(tmp_path / "p.md", "https://www.example.com/gone/a/b")
    md = cli("verify", str(doc), "-f", "markdown", "--no-state", "--flake-runs", "1")
    assert md.code == 1
    assert "## citecheck: 1 broken or changed source" in md.stdout
    gh = cli("verify", str(doc), "-f", "github", "--no-state", "--flake-runs", "1")
    assert gh.stdout.startswith(f"::error file={doc},line=5,")


def test_glob_without_match_is_an_input_error(tmp_path: Path) -> None:
    """A glob that matches nothing: one error line, exit 2."""
    result = cli("verify", str(tmp_path / "*.md"), "--no-state")
    assert result.code == 2
    assert "no file matches" in result.stderr
