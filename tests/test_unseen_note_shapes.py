"""Note shapes first met on unseen probe papers, one table per rule.

Each note was written for these tests in the shape real papers use; the expected fields are
a bibliographer's reading of it, written down by hand. Rows marked "not" show where a rule
stops: the note keeps the reading it had without the rule.
"""

from __future__ import annotations

from typing import Any

import pytest

from citecheck.api import parse_text
from citecheck.citations.names import parse_names
from citecheck.models import CitationKind, Name
from citekit import assert_fields, one_citation

BLUEBOOK_REPORT_NUMBERS: list[tuple[str, dict[str, Any]]] = [
    (  # a CRS report: author, issuer, report number, title
        "Ronald O'Rourke, Cong. Research Serv., RL34315, Arctic Policy and the Navy 12 (2019).",
        {
            "type": "report",
            "authors": (Name(family="O'Rourke", given="Ronald"),),
            "publisher": "Cong. Research Serv.",
            "title": "Arctic Policy and the Navy",
            "page": "12",
            "issued": ((2019,),),
        },
    ),
    (
        "Kristin Archick, Cong. Research Serv., RS21372, The European Union: Questions and "
        "Answers 3 (2016).",
        {"title": "The European Union: Questions and Answers", "page": "3", "type": "report"},
    ),
    (  # the office is the author; its number stands before the title
        "U.S. Gov't Accountability Off., GAO-20-460, Coast Guard: Arctic Strategy Needs Better "
        "Information 18 (2020).",
        {
            "type": "report",
            "authors": (Name(literal="U.S. Gov't Accountability Off."),),
            "title": "Coast Guard: Arctic Strategy Needs Better Information",
            "page": "18",
        },
    ),
    (  # not: a title that opens with a short code keeps it (one digit is no report number)
        "Gareth Evans, R2P, Down but Not Out 14 (2012).",
        {"title": "R2P, Down but Not Out", "page": "14", "type": "book"},
    ),
]

BODIES_AS_AUTHORS: list[tuple[str, tuple[Name, ...]]] = [
    ("U.S. Geological Survey", (Name(literal="U.S. Geological Survey"),)),
    ("Geological Survey of Canada", (Name(literal="Geological Survey of Canada"),)),
    (  # "and" inside one body's name
        "Arctic Monitoring and Assessment Programme",
        (Name(literal="Arctic Monitoring and Assessment Programme"),),
    ),
    ("Nat'l Intelligence Council", (Name(literal="Nat'l Intelligence Council"),)),
    ("Norwegian Polar Institute", (Name(literal="Norwegian Polar Institute"),)),
    # not: persons, whose names hold none of a body's words
    ("Daryl G. Press", (Name(family="Press", given="Daryl G."),)),
    (
        "Carlos Pascual and Jonathan Elkind",
        (Name(family="Pascual", given="Carlos"), Name(family="Elkind", given="Jonathan")),
    ),
    # Chinese names in Western order, family name first
    ("Zha Daojiong", (Name(family="Zha", given="Daojiong"),)),
    ("Qu Xing", (Name(family="Qu", given="Xing"),)),
    ("Yan Xuetong", (Name(family="Yan", given="Xuetong"),)),
    ("Wang Xin", (Name(family="Wang", given="Xin"),)),
]

BLUEBOOK_BODY = (
    "U.S. Geological Survey, Circum-Arctic Resource Appraisal: Estimates of Undiscovered Oil "
    "and Gas North of the Arctic Circle 4 (2008), https://pubs.usgs.gov/fs/2008/3049/."
)

_ELKIND_BOOK = "Energy Security: Economics, Politics, Strategies, and Implications"
_PASCUAL_ELKIND = (Name(family="Pascual", given="Carlos"), Name(family="Elkind", given="Jonathan"))
EDITED_BOOKS_WITHOUT_ITALICS: list[tuple[str, dict[str, Any]]] = [
    (  # mainland journals: editors, "eds.", the book (a colon in it), then the imprint
        'Jonathan Elkind, "Energy Security: Call for a Broader Agenda," in Carlos Pascual and '
        f"Jonathan Elkind, eds., {_ELKIND_BOOK}, Washington, D.C.: Brookings Institution "
        "Press, 2010, p. 121.",
        {
            "type": "chapter",
            "title": "Energy Security: Call for a Broader Agenda",
            "container_title": _ELKIND_BOOK,
            "editors": _PASCUAL_ELKIND,
            "publisher": "Brookings Institution Press",
            "publisher_place": "Washington, D.C.",
            "page": "121",
            "issued": ((2010,),),
        },
    ),
    (  # Chicago's order with the italics lost: the book, then "ed." and the editors
        f'Jonathan Elkind, "Energy Security," in {_ELKIND_BOOK}, ed. Carlos Pascual and '
        "Jonathan Elkind (Washington, D.C.: Brookings Institution Press, 2010), 121.",
        {
            "type": "chapter",
            "container_title": _ELKIND_BOOK,
            "editors": _PASCUAL_ELKIND,
            "publisher": "Brookings Institution Press",
            "page": "121",
        },
    ),
    (  # the role in brackets
        'Robert Legvold, "Russian Foreign Policy during Periods of Great State Transformation," '
        "in Robert Legvold (ed.), Russian Foreign Policy in the Twenty-First Century and the "
        "Shadow of the Past, New York: Columbia University Press, 2007, pp. 94-96.",
        {
            "type": "chapter",
            "container_title": "Russian Foreign Policy in the Twenty-First Century and the "
            "Shadow of the Past",
            "editors": (Name(family="Legvold", given="Robert"),),
            "publisher": "Columbia University Press",
            "publisher_place": "New York",
            "page": "94-96",
        },
    ),
    (  # not: an article in a periodical named without italics
        'Keith Johnson, "China and Russia Are Finally Building Their Gas Pipeline," Foreign '
        "Policy, December 2, 2019, https://foreignpolicy.com/2019/12/02/power-of-siberia/.",
        {"container_title": "Foreign Policy", "editors": (), "issued": ((2019, 12, 2),)},
    ),
]

SELF_PUBLISHED_REPORTS: list[tuple[str, dict[str, Any]]] = [
    (  # the body's initials as publisher
        "International Energy Agency, World Energy Outlook 2020, Paris: IEA, 2020, p. 145.",
        {
            "type": "report",
            "authors": (Name(literal="International Energy Agency"),),
            "title": "World Energy Outlook 2020",
            "publisher": "IEA",
            "publisher_place": "Paris",
            "page": "145",
        },
    ),
    (  # initials without "for" and "and"
        "Center for Strategic and International Studies, *More Important than Ever: Renewing "
        "the U.S.-Japan Alliance for the 21st Century* (Washington, D.C.: CSIS, 2018), 12.",
        {"type": "report", "publisher": "CSIS", "page": "12"},
    ),
    (  # initials that leave out the country
        "U.S. Energy Information Administration, *Annual Energy Outlook 2019* (Washington, "
        "D.C.: EIA, 2019), 45.",
        {"type": "report", "publisher": "EIA"},
    ),
    (  # a Japanese institute publishing its own yearly report
        "防衛研究所『中国安全保障レポート2021』（防衛研究所、2021年）、12頁。",
        {"type": "report", "publisher": "防衛研究所", "language": "ja"},
    ),
    (  # not: a body's press is a publisher of books
        "Brookings Institution, *Energy Security after Kyoto* (Washington, D.C.: Brookings "
        "Institution Press, 2010), 3.",
        {"type": "book"},
    ),
    (  # not: a body published by another house
        "中国现代国际关系研究院：《国际战略与安全形势评估 2019/2020》，北京：时事出版社，2020 年，"
        "第 33 页。",
        {"type": "book", "publisher": "时事出版社"},
    ),
    (  # not: a person's book, whatever its publisher's initials
        "Michael Byers, *International Law and the Arctic* (Cambridge: CUP, 2013), 58.",
        {"type": "book"},
    ),
]

GBT_COLLECTIONS: list[tuple[str, dict[str, Any]]] = [
    (  # [C]// an edited book: a chapter in it
        "潘光. 上海合作组织与中亚能源合作[C]//李进峰. 上海合作组织二十年：成就和经验. 北京: "
        "社会科学文献出版社, 2021: 201-215.",
        {
            "type": "chapter",
            "editors": (Name(literal="李进峰"),),
            "container_title": "上海合作组织二十年：成就和经验",
            "page": "201-215",
        },
    ),
    (
        "门洪华. 中国国际战略的新思考[C]//王逸舟. 中国国际关系研究(1995—2005). 北京: 北京大学"
        "出版社, 2006: 125-140.",
        {"type": "chapter", "container_title": "中国国际关系研究(1995—2005)"},
    ),
    (  # a meeting's proceedings keep the conference paper
        "Zhang L. Energy security cooperation[C]//Proceedings of the 2015 International "
        "Conference on Energy. Paris: Atlantis Press, 2015: 12-15.",
        {
            "type": "paper-conference",
            "container_title": "Proceedings of the 2015 International Conference on Energy",
        },
    ),
    (  # a collection of papers (论文集) too
        "王五. 能源外交[C]//中国国际关系学会. 国际关系论文集. 北京: 世界知识出版社, 2012: 45-60.",
        {"type": "paper-conference", "container_title": "国际关系论文集"},
    ),
]

JAPANESE_ROLES: list[tuple[str, dict[str, Any]]] = [
    (  # a translator in plain brackets after the author
        "ジョン・ミアシャイマー（奥山真司訳）『大国政治の悲劇』（五月書房、2007年）、45頁。",
        {
            "type": "book",
            "authors": (Name(literal="ジョン・ミアシャイマー"),),
            "title": "大国政治の悲劇",
            "publisher": "五月書房",
            "issued": ((2007,),),
            "page": "45",
            "language": "ja",
        },
    ),
    (  # two translators; the title holds brackets of its own
        "エズラ・F・ヴォーゲル（益尾知佐子・杉本孝訳）『現代中国の父 鄧小平（上）』"
        "（日本経済新聞出版社、2013年）、112頁。",
        {
            "authors": (Name(literal="エズラ・F・ヴォーゲル"),),
            "title": "現代中国の父 鄧小平（上）",
            "publisher": "日本経済新聞出版社",
        },
    ),
    (  # 監訳: a supervising translator
        "ケント・E・カルダー（杉田弘毅監訳）『新大陸主義――21世紀のエネルギーパワーゲーム』"
        "（潮出版社、2013年）、77頁。",
        {"authors": (Name(literal="ケント・E・カルダー"),), "publisher": "潮出版社", "page": "77"},
    ),
    (  # 編 after the name: the book's editor
        "川島真編『中国の外交――自己認識と課題』（山川出版社、2007年）、15頁。",
        {
            "authors": (),
            "editors": (Name(literal="川島真"),),
            "title": "中国の外交――自己認識と課題",
        },
    ),
    (
        "高原明生・前田宏子編『開発主義の時代へ』（岩波書店、2014年）、88頁。",
        {"authors": (), "editors": (Name(literal="高原明生"), Name(literal="前田宏子"))},
    ),
    (
        "毛里和子編著『中国政治』（山川出版社、2012年）、40頁。",
        {"editors": (Name(literal="毛里和子"),)},
    ),
    (  # the role in brackets of its own
        "川島真（編）『中国の外交』（山川出版社、2007年）、15頁。",
        {"authors": (), "editors": (Name(literal="川島真"),)},
    ),
]

KANJI_ONLY_JAPANESE: list[tuple[str, dict[str, Any]]] = [
    (  # no kana: 、 after the date and no Chinese ， say Japanese
        "首相官邸「日中首脳会談」2019年12月23日、"
        "https://www.kantei.go.jp/jp/98_abe/actions/201912/23china.html。",
        {
            "type": "webpage",
            "authors": (Name(literal="首相官邸"),),
            "title": "日中首脳会談",
            "issued": ((2019, 12, 23),),
            "language": "ja",
        },
    ),
    (
        "外務省「日米首脳会談」2017年2月10日、"
        "https://www.mofa.go.jp/mofaj/na/na1/us/page4_002783.html。",
        {"authors": (Name(literal="外務省"),), "title": "日米首脳会談", "language": "ja"},
    ),
    (  # not: a Taiwanese note separates its fields with ，
        "外交部，「中華民國與日本關係」，2020年3月1日，https://www.mofa.gov.tw/News.aspx?n=1。",
        {"authors": (Name(literal="外交部"),), "language": "zh-Hant"},
    ),
]

KANA_TITLES: list[tuple[str, str]] = [
    ("添谷芳秀，《日本の外交：「戦後」を読みとく》（東京：筑摩書房，2017 年），頁 120。", "ja"),
    (  # one particle is enough
        "國分良成，〈冷戦終結後の日中関係〉，《法学研究》，第 75 卷第 1 期（2002 年），頁 1-22。",
        "ja",
    ),
    # not: ・ in a Chinese transcription of a Western name is no kana
    ("丹尼尔・耶金：《能源重塑世界》，北京：石油工业出版社，2012 年，第 112 页。", "zh-Hans"),
]

CJK_AUTHOR_DATE_SHORT_FORMS: list[tuple[str, dict[str, Any]]] = [
    (
        "楊永明（2012），頁 40。",
        {
            "kind": CitationKind.SHORT,
            "authors": (Name(literal="楊永明"),),
            "issued": ((2012,),),
            "page": "40",
        },
    ),
    (
        "王緝思、李晨（2020），第 85 页。",
        {"authors": (Name(literal="王緝思"), Name(literal="李晨")), "page": "85"},
    ),
    ("林正義等（2009），頁 12-15。", {"authors": (Name(literal="林正義"),), "et_al": True}),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    BLUEBOOK_REPORT_NUMBERS
    + EDITED_BOOKS_WITHOUT_ITALICS
    + SELF_PUBLISHED_REPORTS
    + GBT_COLLECTIONS
    + JAPANESE_ROLES
    + KANJI_ONLY_JAPANESE
    + CJK_AUTHOR_DATE_SHORT_FORMS,
)
def test_note_fields(text: str, expected: dict[str, Any]) -> None:
    assert_fields(text, expected)


@pytest.mark.parametrize(("text", "names"), BODIES_AS_AUTHORS)
def test_bodies_and_persons(text: str, names: tuple[Name, ...]) -> None:
    assert parse_names(text)[0] == names


def test_a_body_that_authors_a_bluebook_report_stays_whole() -> None:
    citation = one_citation(BLUEBOOK_BODY)
    assert citation.authors == (Name(literal="U.S. Geological Survey"),)
    assert citation.type == "report"


@pytest.mark.parametrize(("text", "language"), KANA_TITLES)
def test_a_title_with_kana_is_japanese(text: str, language: str) -> None:
    assert one_citation(text).language == language


@pytest.mark.parametrize(
    ("note", "refers_to", "page"),
    [
        ("同書、20頁。", None, "20"),
        ("同論文、46頁。", None, "46"),
        ("前掲注(4)、35頁。", "4", "35"),
        ("前掲注（12）、8頁。", "12", "8"),
        ("前掲註 3、101-103頁。", "3", "101-103"),
    ],
)
def test_a_japanese_back_reference_records_what_it_points_at(
    note: str, refers_to: str | None, page: str
) -> None:
    citation = one_citation(note)
    assert (citation.kind, citation.refers_to, citation.page) == (
        CitationKind.IBID,
        refers_to,
        page,
    )


JAPANESE_BACK_REFERENCES = """本文。[^1] 本文。[^2] 本文。[^3] 本文。[^4] 本文。[^5]

[^1]: 益尾知佐子「中国の海洋戦略と日本」『国際安全保障』第45巻第3号、2017年12月、30-47頁。

[^2]: 同書、35頁。

[^3]: 毛里和子『日中関係――戦後から新時代へ』岩波新書、2006年、140-142頁。

[^4]: 前掲注(1)、40頁。

[^5]: 同論文、41頁。
"""


def test_japanese_back_references_find_their_works() -> None:
    """同書 and 同論文 are the work just cited; 前掲注(n) the work of note n."""
    notes = parse_text(JAPANESE_BACK_REFERENCES).footnotes
    masuo, same, mori, noted, same_again = (n.citations[0] for n in notes)
    assert (same.kind, same.work_id, same.page) == (CitationKind.IBID, masuo.work_id, "35")
    assert same.title == "中国の海洋戦略と日本"
    assert (noted.kind, noted.work_id, noted.page) == (CitationKind.IBID, masuo.work_id, "40")
    assert mori.work_id != masuo.work_id
    assert (same_again.work_id, same_again.page) == (masuo.work_id, "41")


AUTHOR_DATE_PAPER = """本文。[^1] 本文。[^2] 本文。[^3]

[^1]: 吳玉山（2015），〈台灣的大陸政策〉，《問題與研究》，54(2)：1-32。

[^2]: 吳玉山（2015），頁 12。

[^3]: 吳玉山（2018），頁 3。
"""


def test_a_chinese_author_date_short_form_finds_the_authors_work_of_that_year() -> None:
    full, short, other_year = (n.citations[0] for n in parse_text(AUTHOR_DATE_PAPER).footnotes)
    assert (short.work_id, short.title, short.page) == (full.work_id, "台灣的大陸政策", "12")
    assert other_year.work_id != full.work_id
