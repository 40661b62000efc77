"""The format readers: encodings, DOCX notes, BibTeX and CSL-JSON bibliographies."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from citecheck.api import parse
from citecheck.errors import InputError
from citecheck.export import bibtex, csljson, parse_json
from citecheck.read import read
from citecheck.read.encoding import decode_bytes
from docxkit import Note, Paper, build_docx
from evalkit import SAMPLE

REFERENCES = Path(__file__).resolve().parents[1] / "references"
RUSSIAN_NOTE = "<sup>1</sup> Лукин А. В. Россия и Китай. Москва: Наука, 2012. С. 15.\n"
CHINESE_NOTE = "<sup>1</sup> 林宗達，〈美國對臺軍售之研究〉，《全球政治評論》，2011年，頁45。\n"


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (RUSSIAN_NOTE, "cp1251", "windows-1251"),
        (CHINESE_NOTE, "cp950", "big5"),
        (CHINESE_NOTE.replace("臺", "台"), "gb18030", "gb18030"),
        (CHINESE_NOTE, "utf-16-le", "utf-16-le"),
        (CHINESE_NOTE, "utf-16-be", "utf-16-be"),
        (RUSSIAN_NOTE, "utf-8", "utf-8"),
    ],
)
def test_short_documents_decode_in_their_encoding(text: str, codec: str, expected: str) -> None:
    """A single note in a legacy or BOM-less encoding decodes to exactly the original text."""
    decoded, name = decode_bytes(text.encode(codec), "note.md")
    assert (decoded, name) == (text, expected)


def test_simplified_text_in_gb18030_is_not_mistaken_for_big5() -> None:
    """GB18030 bytes of Simplified Chinese are not read as Big5 gibberish."""
    text = "<sup>1</sup> 国务院新闻办公室，《中国的军事战略》白皮书，北京，2015年5月。\n"
    assert decode_bytes(text.encode("gb18030"), "note.md") == (text, "gb18030")


def test_binary_and_damaged_utf8_are_refused_with_the_reason() -> None:
    """Binary bytes and UTF-8 broken mid-file are errors that say what is wrong and where."""
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "image.md")
    damaged = "第一行 OK\n第二行".encode() + b"\xff" + "完".encode()
    with pytest.raises(InputError, match="line 2"):
        decode_bytes(damaged, "damaged.md")


def _sample_paper(tmp_path: Path) -> Path:
    paper = Paper(
        [
            ["Intro."],
            ["Claim one.", Note([["林宗達，〈美國對臺軍售〉，《全球政治評論》，2011年，頁45。"]])],
            [
                "Claim two, a link shown as a word.",
                Note([["Jane Roe, ", ("Report", "https://example.org/a_b?x=1&y=2"), ", 2019."]]),
            ],
            [
                "Claim three.",
                Note([["First paragraph of the note;"], ["second paragraph."]], kind="endnote"),
            ],
        ]
    )
    return build_docx(tmp_path / "paper.docx", paper)


def test_docx_footnotes_and_endnotes_in_reference_order(tmp_path: Path) -> None:
    """Footnotes and endnotes are read in body order; a Word file has no lines (None)."""
    document = read(_sample_paper(tmp_path))
    assert document.format == "docx"
    assert [(n.number, n.line, n.label) for n in document.footnotes] == [
        (1, None, None),
        (2, None, None),
        (3, None, "endnote 1"),
    ]
    assert document.footnotes[0].text.startswith("林宗達，〈美國對臺軍售〉")
    assert document.footnotes[2].text == "First paragraph of the note; second paragraph."


def test_docx_hyperlink_target_is_kept_when_the_text_hides_it(tmp_path: Path) -> None:
    """A hyperlink shown as "Report" still yields its URL, exactly."""
    document = parse(_sample_paper(tmp_path))
    urls = [c.url for c in document.citations if c.url]
    assert urls == ["https://example.org/a_b?x=1&y=2"]


def test_docx_reference_sample_parses() -> None:
    """references/sample.docx (built by tests/docxkit.py) gives its three notes and links."""
    document = parse(REFERENCES / "sample.docx")
    assert len(document.footnotes) == 3
    assert document.citations[0].title == "美國對臺軍售"
    assert document.citations[1].url is not None
    assert document.citations[1].url.startswith("https://www.reuters.com/")


def test_docx_with_damaged_xml_names_the_part(tmp_path: Path) -> None:
    """A DOCX whose XML is cut says which part is damaged."""
    path = tmp_path / "cut.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><w:body>")
    with pytest.raises(InputError, match=r"damaged word/document\.xml"):
        read(path)


def _curly(title: str | None) -> str | None:
    if title is None:
        return None
    return title.replace(" 'Rebalancing' ", " ‘Rebalancing’ ")


def test_bib_round_trip_keeps_every_work(tmp_path: Path) -> None:
    """The sample's BibTeX export read back gives the same works, titles, URLs and dates."""
    original = parse(SAMPLE)
    path = tmp_path / "sample.bib"
    path.write_text(bibtex.render(original), encoding="utf-8")
    document = read(path)
    assert document.pre_parsed
    assert document.format == "bibtex"
    works = csljson.works(original)
    assert [c.work_id for c in document.citations] == [w.work_id for w in works]
    # the export writes quotation marks typographically ('Rebalancing' as ‘Rebalancing’)
    assert [c.title for c in document.citations] == [_curly(w.title) for w in works]
    assert [c.url for c in document.citations] == [w.url for w in works]
    assert [c.issued for c in document.citations] == [w.issued for w in works]
    assert [c.authors for c in document.citations] == [w.authors for w in works]


def test_bib_reference_sample_fields() -> None:
    """references/sample.bib: literal names, split names, dates, URL and line numbers."""
    document = read(REFERENCES / "sample.bib")
    first = document.citations[0]
    assert first.authors[0].literal == "林宗達"
    assert first.issued == ((2011, 10),)
    assert document.footnotes[0].line == 1
    english = document.citations[1]
    assert (english.authors[0].family, english.authors[0].given) == ("Martina", "Michael")
    assert english.url == "https://www.reuters.com/article/us-china-talks-idUSBRE9720A020130803"
    assert english.accessed == ((2014, 5, 12),)


def test_csl_json_export_reads_back(tmp_path: Path) -> None:
    """CSL-JSON written by citecheck reads back as the same works."""
    original = parse(SAMPLE)
    path = tmp_path / "sample.json"
    path.write_text(csljson.render(original), encoding="utf-8")
    document = read(path)
    works = csljson.works(original)
    assert [c.work_id for c in document.citations] == [w.work_id for w in works]
    assert [c.url for c in document.citations] == [w.url for w in works]
    assert [c.accessed for c in document.citations] == [w.accessed for w in works]


def test_parse_contract_reads_back_unchanged(tmp_path: Path) -> None:
    """The parse JSON contract is itself readable: footnotes and citations come back equal."""
    original = parse(SAMPLE)
    path = tmp_path / "parsed.json"
    path.write_text(parse_json.render(original), encoding="utf-8")
    again = read(path)
    assert (
        parse_json.parse_report(again)["footnotes"]
        == parse_json.parse_report(original)["footnotes"]
    )


def test_csl_json_reference_sample() -> None:
    """references/sample.csl.json reads with the line of each item's id."""
    document = read(REFERENCES / "sample.csl.json")
    assert document.footnotes[0].line == 3
    assert document.citations[0].language == "zh-Hant"


@pytest.mark.parametrize(
    ("content", "reason"),
    [("{not json", "not valid JSON"), ('{"a": 1}', "not CSL-JSON"), ("[]", "no CSL-JSON item")],
)
def test_bad_csl_json(tmp_path: Path, content: str, reason: str) -> None:
    """Malformed or empty CSL-JSON is an InputError with its reason."""
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=reason):
        read(path)


def test_bad_zip_member_sizes_are_not_inflated(tmp_path: Path) -> None:
    """A DOCX whose document part claims to be huge is refused before inflating."""
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>")
    with pytest.raises(InputError, match="large"):
        read(path)
