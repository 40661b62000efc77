"""BibTeX and CSL-JSON exports of the sample paper and of hand-written citations."""

from __future__ import annotations

import json

import bibtexparser

from citecheck.api import parse, parse_text
from citecheck.export import bibtex, csljson, parse_json
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
    assert article.fields_dict["langid"].value == "zh-Hant"
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


def test_title_capitals_are_brace_protected_word_by_word() -> None:
    """Every capital after the first letter survives sentence-casing: the word is braced."""
    assert bibtex.protect_case("Russia And The Changing World") == (
        "Russia {And} {The} {Changing} {World}"
    )
    assert bibtex.protect_case("Opening Remarks by S.V. Lavrov, 23 January") == (
        "Opening {Remarks} by {S.V.} {Lavrov}, 23 {January}"
    )
    assert bibtex.protect_case("TPP-Negotiators-Make-Progress") == "{TPP-Negotiators-Make-Progress}"
    assert bibtex.protect_case("We are No.1") == "We are {No.1}"
    assert bibtex.protect_case("a study of iPhone users") == "a study of {iPhone} users"
    assert bibtex.protect_case("國際關係理論概要") == "國際關係理論概要"


def test_ascii_quotes_in_titles_become_typographic() -> None:
    """An opening ' is ‘, a closing one or an apostrophe ’, double quotes “ ”."""
    assert bibtex.typographic_quotes("The Administration's 'Rebalancing' Toward Asia") == (
        "The Administration's ‘Rebalancing’ Toward Asia"
    )
    assert bibtex.typographic_quotes('The "Pivot" Revisited') == "The “Pivot” Revisited"


def test_langid_keeps_traditional_and_simplified_chinese_apart() -> None:
    """Babel names where biblatex has a module; the BCP 47 tag for each Chinese script."""
    assert bibtex.langid("zh-Hant") == "zh-Hant"
    assert bibtex.langid("zh-Hans") == "zh-Hans"
    assert bibtex.langid("en") == "english"
    assert bibtex.langid("ru") == "russian"
    assert bibtex.langid(None) is None


REPORT = Citation(
    raw="x",
    type="report",
    authors=(Name(family="Manyin", given="Mark E."),),
    title="Pivot to the Pacific? The Obama Administration's 'Rebalancing' Toward Asia",
    container_title="Congressional Research Service Report for Congress",
    issued=((2012, 3, 28),),
    url="http://www.crs.gov",
    language="en",
    work_id="manyin2012",
)
WEB_PAGE = Citation(
    raw="y",
    type="webpage",
    title="America Must Always Lead",
    container_title="White House",
    issued=((2014, 5, 28),),
    url="http://www.whitehouse.gov/blog/x",
    language="en",
    work_id="america2014",
)


def test_report_issuer_and_genre_go_to_institution_and_type() -> None:
    """A CRS report: institution = the service, type = the kind of report, no note."""
    entry_type, fields = bibtex.entry_fields(REPORT)
    values = dict(fields)
    assert entry_type == "report"
    assert values["institution"] == "Congressional Research Service"
    assert values["type"] == "Report for Congress"
    assert "note" not in values
    assert values["title"] == (
        "Pivot to the {Pacific}? {The} {Obama} {Administration's} ‘{Rebalancing}’ {Toward} {Asia}"
    )


def test_report_issuer_and_genre_go_to_csl_publisher_and_genre() -> None:
    """The same report in CSL-JSON: publisher + genre, no container-title, no note."""
    item = csljson.export_item(REPORT)
    assert item["publisher"] == "Congressional Research Service"
    assert item["genre"] == "Report for Congress"
    assert "container-title" not in item
    assert "note" not in item
    assert "custom" not in item


def test_web_page_site_is_organization_and_csl_publisher() -> None:
    """One convention for the site in both exports: biblatex organization, CSL publisher."""
    entry_type, fields = bibtex.entry_fields(WEB_PAGE)
    assert entry_type == "online"
    assert dict(fields)["organization"] == "White House"
    item = csljson.export_item(WEB_PAGE)
    assert item["publisher"] == "White House"
    assert "container-title" not in item


def test_csl_export_carries_no_citecheck_text_but_the_parse_json_keeps_the_raw_note() -> None:
    """Zotero keeps `note` in Extra: the export has none; the parse JSON has custom.raw."""
    document = parse(SAMPLE)
    assert all("note" not in item for item in csljson.csl_items(document))
    report = json.loads(parse_json.render(document))
    first = report["footnotes"][0]["citations"][0]
    assert first["custom"]["raw"].startswith("“America Must Always Lead")


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


def test_paper_presented_at_a_meeting_keeps_its_meeting_in_both_exports() -> None:
    """The meeting is the container (booktitle, "In …", "[C]//…") and the CSL event-title."""
    document = parse_text(
        "<sup>1</sup> Jane Doe, “Rebalancing Toward Asia,” paper presented at the Annual "
        "Meeting of the American Political Science Association, Washington, DC, "
        "September 2, 2010.\n\n"
        "<sup>2</sup> 王明：〈中俄關係的新階段〉，發表於「兩岸國際關係研討會」，台北，"
        "2012年5月3日。\n\n"
        "<sup>3</sup> 李强：《中俄能源合作》，载《第五届中俄论坛论文集》，北京，2013年，"
        "第12-20页。\n"
    )
    items = {item["id"]: item for item in csljson.csl_items(document)}
    english = items["doe2010"]
    assert english["type"] == "paper-conference"
    meeting = "Annual Meeting of the American Political Science Association"
    assert english["container-title"] == meeting
    assert english["event-title"] == meeting
    assert items["wangming2012"]["event-title"] == "兩岸國際關係研討會"
    proceedings = items["liqiang2013"]
    assert proceedings["container-title"] == "第五届中俄论坛论文集"
    assert "event-title" not in proceedings  # a volume of papers is no meeting
    entries = {e.key: e for e in bibtexparser.parse_string(bibtex.render(document)).entries}
    assert entries["doe2010"].entry_type == "inproceedings"
    assert entries["doe2010"].fields_dict["booktitle"].value == (
        "Annual {Meeting} of the {American} {Political} {Science} {Association}"
    )


def test_thesis_degree_and_series_numbers_match_what_pandoc_reads_from_the_bib() -> None:
    """A master's thesis: BibTeX type mathesis = CSL genre; a book's No. = collection-number."""
    thesis = Citation(
        raw="陈玉刚：《北极问题与中国的政策选择》，硕士学位论文，复旦大学，2012年",
        type="thesis",
        authors=(Name(literal="陈玉刚"),),
        title="北极问题与中国的政策选择",
        publisher="复旦大学",
        issued=((2012,),),
        work_id="chenyugang2012",
    )
    assert dict(bibtex.entry_fields(thesis)[1])["type"] == "mathesis"
    assert csljson.export_item(thesis)["genre"] == "Master’s thesis"
    book = Citation(raw="x", type="book", title="Policy Paper", issue="34", work_id="b")
    item = csljson.export_item(book)
    assert item["collection-number"] == "34"
    assert "issue" not in item
    report = Citation(raw="x", type="report", title="R", issue="R41153", work_id="r")
    assert csljson.export_item(report)["number"] == "R41153"
