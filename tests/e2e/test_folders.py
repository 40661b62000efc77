"""Folders and globs never pass silently: every file is verified or named as skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

from clirun import cli
from simweb import SimWeb

ROOT = Path(__file__).resolve().parents[2]
WATER = ROOT / "tests" / "data" / "unseen-water"
ARCTIC_PDF = ROOT / "references" / "formats" / "unseen.libreoffice.pdf"
CITED = {  # the URLs the two unseen papers cite, and the titles their pages carry
    "http://www.scio.gov.cn/zfbps/32832/Document/1618203/1618203.htm": "中国的北极政策",
    "https://thebarentsobserver.com/en/arctic/2018/06/chinese-money-northern-sea-route": (
        "Chinese Money for Northern Sea Route"
    ),
    "http://static.government.ru/media/files/itR86nOgy9xFEvUVAgmZ3XoeruY8Bf9u.pdf": (
        "Об утверждении плана развития инфраструктуры Северного морского пути на период до "
        "2035 года"
    ),
    "https://eurasianet.org/rogun-dam-dispute-deepens?page=2&lang=en": "Rogun Dam Dispute Deepens",
    "https://www.worldbank.org/en/region/eca/brief/rogun-assessment-studies"
    "?cid=ECA%20TT&stage=phase%202": (
        "Rogun Hydropower Project: Environmental and Social Impact Assessment"
    ),
    "https://www.mid.ru/ru/foreign_policy/news/-/asset_publisher/cKNonkJE02Bw/content/id/3140417": (
        "Комментарий официального представителя МИД России"
    ),
}


def _inbox(web: SimWeb, folder: Path) -> Path:
    """An editor's inbox: a paper as PDF, another as ODT, a cover letter, an old .doc."""
    for url, title in CITED.items():
        web.html(url, title)
    folder.mkdir()
    shutil.copy(ARCTIC_PDF, folder / "arctic.pdf")
    shutil.copy(WATER / "paper.odt", folder / "water.odt")
    (folder / "cover-letter.md").write_text(
        "Dear editor,\n\nplease find our manuscript attached.\n\nKind regards\n", encoding="utf-8"
    )
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    return folder


def test_folder_verifies_papers_and_names_every_skipped_file(web: SimWeb, tmp_path: Path) -> None:
    """Both papers verified (3 live links each); the letter and the .doc named with why; exit 1."""
    inbox = _inbox(web, tmp_path / "inbox")
    result = cli("verify", str(inbox), "-f", "json", "--no-state", "--no-archive")
    data = result.json()
    assert [Path(d["document"]).name for d in data["documents"]] == ["arctic.pdf", "water.odt"]
    for document in data["documents"]:
        assert document["summary"] == {"live": 3}
    assert [(Path(s["document"]).name, s["reason"]) for s in data["skipped"]] == [
        ("cover-letter.md", "no-footnotes"),
        ("old.doc", "unsupported"),
    ]
    assert "soffice --headless --convert-to docx old.doc" in data["skipped"][1]["message"]
    assert f"citecheck: skipped {inbox / 'old.doc'}: is an old binary Word document" in (
        result.stderr
    )
    assert result.code == 1  # nothing broken, but not everything could be verified


def test_figures_and_backups_beside_a_paper_are_not_documents(web: SimWeb, tmp_path: Path) -> None:
    """A folder search passes over a figure, a data file and fix's .bak copy: the paper is
    verified, nothing is named as skipped, and the run is clean (exit 0)."""
    for url, title in CITED.items():
        web.html(url, title)
    folder = tmp_path / "paper"
    folder.mkdir()
    shutil.copy(WATER / "paper.odt", folder / "water.odt")
    shutil.copy(WATER / "paper.odt", folder / "water.odt.bak")
    (folder / "figure-1.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (folder / "data.csv").write_text("year,links\n2014,44\n", encoding="utf-8")
    result = cli("verify", str(folder), "-f", "json", "--no-state", "--no-archive")
    data = result.json()  # one document read and none skipped: the one-document shape
    assert Path(data["document"]).name == "water.odt"
    assert data["summary"] == {"live": 3}
    assert "skipped" not in data
    assert "skipped" not in result.stderr
    assert result.code == 0, result.stderr


def test_every_report_format_names_the_skipped_files(web: SimWeb, tmp_path: Path) -> None:
    """Terminal, Markdown and GitHub reports list the two files that were not verified."""
    inbox = _inbox(web, tmp_path / "inbox")
    args = ("verify", str(inbox), "--no-state", "--no-archive")
    text = cli(*args).stdout
    assert "2 files not verified:" in text
    assert f"{inbox / 'cover-letter.md'}: no-footnotes: no footnotes found" in text
    markdown = cli(*args, "-f", "markdown").stdout
    assert markdown.startswith("## citecheck: 0 broken or changed sources, 2 files not verified")
    assert f"- `{inbox / 'old.doc'}`: unsupported: is an old binary Word document" in markdown
    github = cli(*args, "-f", "github").stdout.splitlines()
    assert (
        f"::warning file={inbox / 'old.doc'},title=citecheck%3A not verified (unsupported)::"
        in ("\n".join(github))
    )


def test_glob_with_a_letter_no_longer_aborts(web: SimWeb, tmp_path: Path) -> None:
    """A glob matching a paper and a letter without notes verifies the paper (exit 1, named)."""
    inbox = _inbox(web, tmp_path / "inbox")
    result = cli("verify", str(inbox / "*.*"), "-f", "json", "--no-state", "--no-archive")
    assert len(result.json()["documents"]) == 2
    assert len(result.json()["skipped"]) == 2
    assert result.code == 1


def test_nothing_readable_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """A folder where no file could be read: exit 2 and one line naming each file; never
    "0 broken" with exit 0."""
    (tmp_path / "letter.md").write_text("Dear editor,\n\nthanks.\n", encoding="utf-8")
    (tmp_path / "old.rtf").write_text("{\\rtf1 hello}", encoding="utf-8")
    result = cli("verify", str(tmp_path), "--no-state", "--no-archive")
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "no document could be read" in result.stderr
    assert "letter.md: no-footnotes" in result.stderr
    assert "old.rtf: unsupported" in result.stderr
