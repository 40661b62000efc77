"""BibTeX and CSL-JSON exports of the sample paper and of hand-written citations."""

from __future__ import annotations

import json

import bibtexparser

from citecheck.api import parse, parse_text
from citecheck.export import bibtex, csljson
from citecheck.keys import KeyAllocator, romanize
from citecheck.models import Citation, Name
from evalkit import SAMPLE


def test_sample_bibtex_parses_back_one_entry_per_work_with_unique_ascii_keys() -> None:
    """The sample's BibTeX re-parses with no failed block: 48 entries, unique ASCII keys."""
    text = bibtex.render(parse(SAMPLE))
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    keys = [entry.key for entry in library.entries]
    assert len(keys) == 48
    assert len(set(keys)) == 48
    assert all(key.isascii() and key.isalnum() for key in keys)


def test_bibtex_fields_follow_biblatex_conventions() -> None:
    """CJK names braced, @online for web pages, newspaper subtype, '--' ranges, langid."""
    document = parse_text(
        "<sup>1</sup> 鄭端耀，〈評析〉，《問題與研究》，"
        "第 42 卷第 2 期，2003 年 3、4 月，頁 7-8。\n\n"
        "<sup>2</sup> “Title,” *Guardian*, June 18, 2014, <<http://www.theguardian.com/a_b>>.\n\n"
        "<sup>3</sup> “Page,” *White House*, May 28, 2014, <<http://www.whitehouse.gov/blog/x>>.\n"
    )
    entries = {e.key: e for e in bibtexparser.parse_string(bibtex.render(document)).entries}
    article = entries["zhengduanyao2003"]
    assert article.entry_type == "article"
    assert article.fields_dict["author"].value == "{鄭端耀}"
    assert article.fields_dict["pages"].value == "7--8"
    assert article.fields_dict["date"].value == "2003-03/2003-04"
    assert article.fields_dict["langid"].value == "chinese"
    news = next(e for e in entries.values() if e.fields_dict["title"].value == "Title")
    assert news.entry_type == "article"
    assert news.fields_dict["entrysubtype"].value == "newspaper"
    assert news.fields_dict["url"].value == "http://www.theguardian.com/a_b"
    page = next(e for e in entries.values() if e.fields_dict["title"].value == "Page")
    assert page.entry_type == "online"


def test_latex_specials_are_escaped_outside_urls() -> None:
    """'&' in a publisher is escaped; the URL stays verbatim."""
    _, fields = bibtex.entry_fields(
        Citation(
            raw="x",
            type="book",
            title="A & B",
            publisher="W.W. Norton & Company",
            url="http://e.com/?a=1&b=2",
            authors=(Name(family="Doe", given="J."),),
        )
    )
    values = dict(fields)
    assert values["publisher"] == "W.W. Norton \\& Company"
    assert values["url"] == "http://e.com/?a=1&b=2"
    assert values["author"] == "Doe, J."


def test_csl_json_one_item_per_work() -> None:
    """CSL-JSON of the sample has 48 items with distinct ids and CSL field names."""
    items = json.loads(csljson.render(parse(SAMPLE)))
    assert len(items) == 48
    assert len({item["id"] for item in items}) == 48
    first = items[0]
    assert first["URL"].startswith("http://www.whitehouse.gov/")
    assert first["issued"] == {"date-parts": [[2014, 5, 28]]}


def test_keys_romanise_each_script_and_stay_unique() -> None:
    """Chinese becomes pinyin, Russian a transliteration; repeats get a, b suffixes."""
    assert romanize("林宗達") == "linzongda"
    assert romanize("Мартынюк") == "martyniuk"
    allocator = KeyAllocator()
    assert [allocator.allocate("putin2014") for _ in range(3)] == [
        "putin2014",
        "putin2014a",
        "putin2014b",
    ]


def test_parse_json_line_is_null_and_page_given_for_pdf_notes() -> None:
    """A note without a source line has ``"line": null``; a PDF note adds ``"page"``."""
    from citecheck.export.parse_json import parse_report
    from citecheck.models import Document, Footnote

    document = Document(
        "paper.pdf",
        "pdf",
        "utf-8",
        (Footnote(1, None, "A note.", page=2), Footnote(2, 14, "Another.")),
    )
    first, second = parse_report(document)["footnotes"]
    assert first == {"number": 1, "line": None, "page": 2, "text": "A note.", "citations": []}
    assert second == {"number": 2, "line": 14, "text": "Another.", "citations": []}
