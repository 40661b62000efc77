"""DOCX notes read like the same notes in Markdown: link targets win, italics are titles."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest

from citecheck.api import parse
from citecheck.errors import InputError
from citecheck.read import read
from docxkit import PKG, XML_DECLARATION, R, W, build_raw_docx


def _run(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _note(*runs: str) -> str:
    return "<w:p><w:r><w:footnoteRef/></w:r>" + "".join(runs) + "</w:p>"


def _texts(path: Path) -> list[str]:
    return [note.text for note in read(path).footnotes]


def test_visible_url_with_spaces_gives_way_to_the_exact_target(tmp_path: Path) -> None:
    """A URL shown with spaces (…&date=17 March 2014) comes out as its relationship target."""
    target = "http://www.example.ru/item.wbp?id=ecb1&date=17%20March%202014"
    note = _note(
        _run("“Fifty million tonnes,” "),
        _run("Sakhalin Energy", "<w:i/>"),
        _run(", March 17, 2014, &lt;"),
        '<w:hyperlink r:id="rId7">'
        + _run("http://www.example.ru/item.wbp?id=ecb1&amp;date=17 March 2014")
        + "</w:hyperlink>",
        _run("&gt;."),
    )
    path = build_raw_docx(tmp_path / "a.docx", [note], {"rId7": target})
    assert _texts(path) == [
        "“Fifty million tonnes,” *Sakhalin Energy*, March 17, 2014, "
        "<http://www.example.ru/item.wbp?id=ecb1&date=17%20March%202014>."
    ]
    assert [c.url for c in parse(path).citations] == [target]


def test_hyperlink_field_code_target_wins(tmp_path: Path) -> None:
    """A complex HYPERLINK field shows a cut URL; the field's address is what is kept."""
    note = _note(
        _run("Jane Roe, “Report,” 2019, "),
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/a/full/path.html"'
        ' \\o "tip" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        _run("https://example.org/a/…"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        _run("."),
    )
    path = build_raw_docx(tmp_path / "f.docx", [note])
    assert _texts(path) == ["Jane Roe, “Report,” 2019, https://example.org/a/full/path.html."]


def test_simple_field_link_shown_as_words_keeps_words_and_adds_address(tmp_path: Path) -> None:
    """fldSimple HYPERLINK shown as words: the words stay and the address follows."""
    note = _note(
        _run("See "),
        "<w:fldSimple w:instr=' HYPERLINK \"https://example.org/r\" '>"
        + _run("the report")
        + "</w:fldSimple>",
        _run(", 2020."),
    )
    path = build_raw_docx(tmp_path / "s.docx", [note])
    assert _texts(path) == ["See the report <https://example.org/r>, 2020."]


def test_internal_anchor_links_add_no_address(tmp_path: Path) -> None:
    """A link to a bookmark inside the document (w:anchor) is only its text."""
    note = _note(_run("See "), '<w:hyperlink w:anchor="_Ref1">' + _run("above") + "</w:hyperlink>")
    path = build_raw_docx(tmp_path / "i.docx", [note])
    assert _texts(path) == ["See above"]


def test_italic_book_title_parses_like_markdown(tmp_path: Path) -> None:
    """Italic runs (split in two) become one *…* title, so author and title come apart."""
    note = _note(
        _run("Mearsheimer, J. John, "),
        _run("The Tragedy of ", "<w:i/>"),
        _run("Great Power Politics", '<w:i w:val="true"/>'),
        _run(" (New York: Norton, 2001), 21."),
    )
    path = build_raw_docx(tmp_path / "b.docx", [note])
    assert _texts(path) == [
        "Mearsheimer, J. John, *The Tragedy of Great Power Politics* (New York: Norton, 2001), 21."
    ]
    citation = parse(path).citations[0]
    assert citation.authors[0].family == "Mearsheimer"
    assert citation.title == "The Tragedy of Great Power Politics"


def test_small_caps_and_italic_character_styles_are_title_marks(tmp_path: Path) -> None:
    """w:smallCaps (legal book titles) and a character style with w:i both mark titles."""
    styles = (
        '<w:style w:type="character" w:styleId="BookTitle"><w:rPr><w:i/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Quote"><w:rPr><w:i/></w:rPr></w:style>'
    )
    small_caps = _note(
        _run("Richard A. Posner, "),
        _run("Economic Analysis of Law", "<w:smallCaps/>"),
        _run(" 25 (9th ed. 2014)."),
    )
    styled = _note(_run("Ann Lee, "), _run("Sea Power", '<w:rStyle w:val="BookTitle"/>'))
    not_italic = _note(_run("Plain", '<w:i w:val="0"/>'), _run(" text"))
    path = build_raw_docx(tmp_path / "c.docx", [small_caps, styled, not_italic], styles=styles)
    assert _texts(path) == [
        "Richard A. Posner, *Economic Analysis of Law* 25 (9th ed. 2014).",
        "Ann Lee, *Sea Power*",
        "Plain text",
    ]
    assert parse(path).citations[0].title == "Economic Analysis of Law"


def test_doctype_in_a_part_is_refused(tmp_path: Path) -> None:
    """Entity declarations (billion laughs, XXE) are refused with one clear reason."""
    path = tmp_path / "xxe.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "word/document.xml",
            f'{XML_DECLARATION}<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
    with pytest.raises(InputError, match="DOCTYPE"):
        read(path)


def _padded_docx(path: Path, empty_runs: int) -> Path:
    body = f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body><w:p>'.encode()
    body += b"<w:r/>" * empty_runs
    body += b'<w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:body></w:document>'
    note = _note(_run("Jane Roe, “Report,” 2019."))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", body)
        archive.writestr(
            "word/footnotes.xml",
            f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1">{note}</w:footnote></w:footnotes>',
        )
        archive.writestr("word/_rels/footnotes.xml.rels", f'<Relationships xmlns="{PKG}"/>')
    return path


def test_zip_expansion_bomb_of_empty_runs_is_refused(tmp_path: Path) -> None:
    """45 MB of <w:r/> (a ~70 kB file) is refused from its inflated size, not parsed."""
    path = _padded_docx(tmp_path / "bomb.docx", 45 * 1024 * 1024 // 6)
    assert path.stat().st_size < 200_000
    with pytest.raises(InputError, match=r"implausibly large word/document\.xml"):
        read(path)


def test_many_elements_are_streamed_not_held(tmp_path: Path) -> None:
    """300,000 empty runs in one paragraph parse without building a tree (memory stays small).

    An ElementTree of them takes well over 50 MB; streaming keeps only the text read.
    """
    path = _padded_docx(tmp_path / "padded.docx", 300_000)
    tracemalloc.start()
    try:
        document = read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [n.text for n in document.footnotes] == ["Jane Roe, “Report,” 2019."]
    assert peak < 20 * 1024 * 1024, peak
