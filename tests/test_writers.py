"""``fix`` writers, one per format: archive links after the cited URL, nothing else touched."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from citecheck.api import parse
from citecheck.errors import InputError
from citecheck.models import Document
from citecheck.write import check_writable, plan_change, write_change

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ROOT / "references" / "formats"
WHITE_HOUSE = (
    "http://www.whitehouse.gov/blog/2014/05/28/"
    "america-must-always-lead-president-obama-addresses-west-point-graduates"
)
SAKHALIN = (
    "http://www.sakhalinenergy.ru/en/media-centre/press_releases/item.wbp?"
    "article_id=ecb1f000-a21b-46b5-aa02-0afaf7895236&date=17%20March%202014"
)
GOV_CN = "http://www.gov.cn/node_11140/2006-03/15/content_227686.htm"
SNAPSHOTS = {url: f"https://web.archive.org/web/20140601120000/{url}" for url in (
    WHITE_HOUSE, SAKHALIN, GOV_CN)}  # fmt: skip


def _written(tmp_path: Path, name: str) -> tuple[Path, Path]:
    copy = tmp_path / name
    shutil.copy(FORMATS / name, copy)
    change = plan_change(parse(copy), SNAPSHOTS)
    write_change(copy, change)
    return copy, tmp_path / f"{name}.bak"


def _archived(path: Path) -> dict[int, list[tuple[str | None, str | None]]]:
    return {
        n.number: [(c.url, c.archive_url) for c in n.citations if c.archive_url]
        for n in parse(path).footnotes
        if any(c.archive_url for c in n.citations)
    }


def test_docx_gets_hyperlinks_and_only_the_notes_parts_change(tmp_path: Path) -> None:
    """Notes 1 and 14 (White House), 6 (gov.cn, zh-Hant) and 23 (a URL with spaces) gain
    archive hyperlinks; every other member is the same bytes; the original is the .bak."""
    copy, backup = _written(tmp_path, "guo-huang-2014.docx")
    assert backup.read_bytes() == (FORMATS / "guo-huang-2014.docx").read_bytes()
    with zipfile.ZipFile(backup) as old, zipfile.ZipFile(copy) as new:
        assert [i.filename for i in old.infolist()] == [i.filename for i in new.infolist()]
        changed = {n for n in old.namelist() if old.read(n) != new.read(n)}
        rels = new.read("word/_rels/footnotes.xml.rels").decode()
    assert changed == {"word/footnotes.xml", "word/_rels/footnotes.xml.rels"}
    assert rels.count("web.archive.org") == 4  # one hyperlink per annotated place
    assert _archived(copy) == {
        1: [(WHITE_HOUSE, SNAPSHOTS[WHITE_HOUSE])],
        6: [(GOV_CN, SNAPSHOTS[GOV_CN])],
        14: [(WHITE_HOUSE, SNAPSHOTS[WHITE_HOUSE])],
        23: [(SAKHALIN, SNAPSHOTS[SAKHALIN])],
    }
    text = parse(copy).footnotes[5].text
    assert text.endswith(f"〈{GOV_CN}〉，Wayback Machine 存檔：〈{SNAPSHOTS[GOV_CN]}〉。")
    before, after = parse(FORMATS / "guo-huang-2014.docx"), parse(copy)
    assert [(c.title, c.url, c.issued) for c in after.citations] == [
        (c.title, c.url, c.issued) for c in before.citations
    ]


def test_docx_opens_in_python_docx(tmp_path: Path) -> None:
    """python-docx opens the written file and finds the archive hyperlinks' relationships."""
    docx = pytest.importorskip("docx")
    copy, _ = _written(tmp_path, "guo-huang-2014.docx")
    opened = docx.Document(str(copy))
    assert opened.paragraphs
    targets = {
        rel.target_ref
        for part in opened.part.package.iter_parts()
        for rel in part.rels.values()
        if rel.is_external and "web.archive.org" in rel.target_ref
    }
    assert targets == set(SNAPSHOTS.values())


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_written_docx(tmp_path: Path) -> None:
    """LibreOffice opens the written DOCX: converted to HTML, its notes hold the archive links."""
    copy, _ = _written(tmp_path, "guo-huang-2014.docx")
    out = tmp_path / "out"
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    result = subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "html", "--outdir", str(out), str(copy)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    page = (out / "guo-huang-2014.html").read_text(encoding="utf-8")
    assert f'href="{SNAPSHOTS[GOV_CN]}"' in page


@pytest.mark.parametrize("name", ["guo-huang-2014.tex", "guo-huang-2014.html"])
def test_latex_and_html_get_links_in_the_source(tmp_path: Path, name: str) -> None:
    """LaTeX gets \\url{snapshot}, HTML <a href=snapshot>, after the cited link, read back."""
    copy, backup = _written(tmp_path, name)
    assert backup.read_bytes() == (FORMATS / name).read_bytes()
    assert _archived(copy) == {
        1: [(WHITE_HOUSE, SNAPSHOTS[WHITE_HOUSE])],
        6: [(GOV_CN, SNAPSHOTS[GOV_CN])],
        14: [(WHITE_HOUSE, SNAPSHOTS[WHITE_HOUSE])],
        23: [(SAKHALIN, SNAPSHOTS[SAKHALIN])],
    }
    source = copy.read_text(encoding="utf-8")
    if name.endswith(".tex"):
        assert "\\url{https://web.archive.org/web/20140601120000/http://www.gov.cn/" in source
    else:
        assert '<a href="https://web.archive.org/web/20140601120000/http://www.gov.cn/' in source


def test_fix_on_a_pdf_is_one_line_and_exit_2_before_any_network(tmp_path: Path) -> None:
    """``citecheck fix paper.pdf``: one line naming the formats fix writes, exit 2, no request."""
    from clirun import cli

    pdf = tmp_path / "paper.pdf"
    shutil.copy(FORMATS / "unseen.libreoffice.pdf", pdf)
    result = cli("fix", str(pdf), "--write", "--no-state")
    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert "a PDF cannot be edited safely" in result.stderr
    assert not (tmp_path / "paper.pdf.bak").exists()


def test_a_pdf_is_refused_with_the_formats_fix_can_write() -> None:
    """fix on a PDF says it cannot be edited safely and names the source formats."""
    with pytest.raises(InputError) as caught:
        check_writable(Document("paper.pdf", "pdf", "utf-8"))
    message = str(caught.value)
    assert "a PDF cannot be edited safely" in message
    assert "Markdown, plain text, DOCX, ODT, HTML and LaTeX" in message


def test_odt_gets_links_and_only_content_changes(tmp_path: Path) -> None:
    """ODT: text:a archive links after the cited links; only content.xml changes."""
    copy, backup = _written(tmp_path, "guo-huang-2014.odt")
    with zipfile.ZipFile(backup) as old, zipfile.ZipFile(copy) as new:
        assert [i.filename for i in old.infolist()] == [i.filename for i in new.infolist()]
        assert {n for n in old.namelist() if old.read(n) != new.read(n)} == {"content.xml"}
        assert new.infolist()[0].filename == "mimetype"
        assert new.infolist()[0].compress_type == zipfile.ZIP_STORED
    assert _archived(copy) == {
        1: [(WHITE_HOUSE, SNAPSHOTS[WHITE_HOUSE])],
        6: [(GOV_CN, SNAPSHOTS[GOV_CN])],
        14: [(WHITE_HOUSE, SNAPSHOTS[WHITE_HOUSE])],
        23: [(SAKHALIN, SNAPSHOTS[SAKHALIN])],
    }
