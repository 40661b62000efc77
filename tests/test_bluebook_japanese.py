"""Bluebook and Japanese notes, one row per shape (table-driven).

The notes are written for these tests in the shapes US law reviews and Japanese journals
use; the expected fields are a bibliographer's reading, written down by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

from citecheck.models import Name
from citekit import assert_fields

BLUEBOOK: list[tuple[str, dict[str, Any]]] = [
    (  # journal: volume, abbreviated journal, first page, pinpoint, year
        "Alexander Gabuev, Friends with Benefits? Russian-Chinese Relations After the Ukraine "
        "Crisis, 95 Foreign Aff. 45, 50 (2016).",
        {
            "type": "article-journal",
            "authors": (Name(family="Gabuev", given="Alexander"),),
            "title": "Friends with Benefits? Russian-Chinese Relations After the Ukraine Crisis",
            "container_title": "Foreign Aff.",
            "volume": "95",
            "page": "50",
            "issued": ((2016,),),
        },
    ),
    (  # journal without a pinpoint: the first page
        "Note, The Law of Pipelines, 120 Harv. L. Rev. 1045 (2007).",
        {"container_title": "Harv. L. Rev.", "volume": "120", "page": "1045"},
    ),
    (  # book in small capitals (lost), page before the year
        "Bobo Lo, Russia and the New World Disorder 132 (2015).",
        {
            "type": "book",
            "authors": (Name(family="Lo", given="Bobo"),),
            "title": "Russia and the New World Disorder",
            "page": "132",
            "issued": ((2015,),),
            "publisher": None,
        },
    ),
    (  # an explanatory parenthetical after the year is no field
        "Thomas J. Christensen, The China Challenge 88–90 (2015) (arguing that ties are thin).",
        {"type": "book", "title": "The China Challenge", "page": "88-90", "issued": ((2015,),)},
    ),
    (  # an edition in the parenthesis
        "Graham Allison, Destined for War 45 (2d ed. 2018).",
        {"type": "book", "title": "Destined for War", "page": "45", "issued": ((2018,),)},
    ),
    (  # report by an agency: the agency is the author, not the title
        "U.S. Energy Information Administration, Country Analysis Brief: China 7 (2015).",
        {
            "type": "report",
            "authors": (Name(literal="U.S. Energy Information Administration"),),
            "title": "Country Analysis Brief: China",
            "page": "7",
        },
    ),
    (  # report with its issuer and series in the parenthesis
        "Robert D. Blackwill & Ashley J. Tellis, Revising U.S. Grand Strategy Toward China 20 "
        "(Council on Foreign Relations Special Report No. 72, 2015).",
        {
            "type": "report",
            "publisher": "Council on Foreign Relations",
            "title": "Revising U.S. Grand Strategy Toward China",
            "authors": (
                Name(family="Blackwill", given="Robert D."),
                Name(family="Tellis", given="Ashley J."),
            ),
        },
    ),
    (  # newspaper: the paper before the dated parenthesis
        "Andrew E. Kramer, Russia Signs Gas Deal, N.Y. Times (May 21, 2014), "
        "https://www.nytimes.com/2014/05/22/world/asia/gas.html.",
        {
            "type": "article-newspaper",
            "title": "Russia Signs Gas Deal",
            "container_title": "N.Y. Times",
            "issued": ((2014, 5, 21),),
            "url": "https://www.nytimes.com/2014/05/22/world/asia/gas.html",
        },
    ),
    (  # a newspaper in print: date and section page after the paper's name
        "Steven Lee Myers, Russia Stakes Claim to Arctic Seabed, N.Y. Times, Aug. 4, 2015, at A6.",
        {
            "type": "article-newspaper",
            "container_title": "N.Y. Times",
            "issued": ((2015, 8, 4),),
            "page": "A6",
            "title": "Russia Stakes Claim to Arctic Seabed",
        },
    ),
    (  # an institution between author and title issues the report
        "Heather A. Conley, Ctr. for Strategic & Int'l Stud., A New Security Architecture for "
        "the Arctic 9 (2012).",
        {
            "type": "report",
            "publisher": "Ctr. for Strategic & Int'l Stud.",
            "title": "A New Security Architecture for the Arctic",
            "authors": (Name(family="Conley", given="Heather A."),),
        },
    ),
    (  # a parenthetical that quotes is still a parenthetical
        "Marlene Laruelle, Russia's Arctic Strategies 45 (2014) (describing the \"Arctic as a "
        'resource base").',
        {"type": "book", "title": "Russia's Arctic Strategies", "page": "45"},
    ),
    (  # a signal before the citation is a relation, not part of the author
        "See, e.g., Bobo Lo, Russia and the New World Disorder 132 (2015).",
        {"relation": "see-also", "authors": (Name(family="Lo", given="Bobo"),)},
    ),
    (
        "Cf. Bobo Lo, Russia and the New World Disorder 140 (2015).",
        {"relation": "see-also", "page": "140"},
    ),
]

JAPANESE: list[tuple[str, dict[str, Any]]] = [
    (  # article: 「title」『journal』 volume, issue, pages
        "国分良成「冷戦終結後の日中関係」『法学研究』第75巻第1号（2002年）、1-22頁。",
        {
            "type": "article-journal",
            "authors": (Name(literal="国分良成"),),
            "title": "冷戦終結後の日中関係",
            "container_title": "法学研究",
            "volume": "75",
            "issue": "1",
            "page": "1-22",
            "issued": ((2002,),),
            "language": "ja",
        },
    ),
    (  # book: 『title』（publisher、year）
        "添谷芳秀『日本の「ミドルパワー」外交』（筑摩書房、2005年）、45頁。",
        {
            "type": "book",
            "title": "日本の「ミドルパワー」外交",
            "publisher": "筑摩書房",
            "issued": ((2005,),),
            "page": "45",
            "language": "ja",
        },
    ),
    (  # a Japanese era year: 平成15年 is 2003; a title of kanji only is still Japanese
        "井上寿一『日本外交史講義』（岩波書店、平成15年）、112頁。",
        {"issued": ((2003,),), "language": "ja", "page": "112"},
    ),
    (  # chapter: the name before 編 edits the book in 『』
        "毛里和子「日中関係の構造変化」国分良成編『中国は、いま』（岩波書店、2011年）、201-220頁。",
        {
            "type": "chapter",
            "authors": (Name(literal="毛里和子"),),
            "editors": (Name(literal="国分良成"),),
            "container_title": "中国は、いま",
            "page": "201-220",
        },
    ),
    (  # 〔〕 after the author: a translator, not an author
        "ジョセフ・S・ナイ〔山岡洋一訳〕『ソフト・パワー』（日本経済新聞社、2004年）、34頁。",
        {"authors": (Name(literal="ジョセフ・S・ナイ"),), "title": "ソフト・パワー"},
    ),
    (  # 〔編〕: the name before it edited the book
        "国分良成〔編〕『中国は、いま』（岩波書店、2011年）。",
        {"authors": (), "editors": (Name(literal="国分良成"),), "type": "book"},
    ),
    (  # two authors joined by ・
        "高原明生・前田宏子『開発主義の時代へ』（岩波書店、2014年）、88-90頁。",
        {"authors": (Name(literal="高原明生"), Name(literal="前田宏子"))},
    ),
    (  # a publisher named without brackets after the title
        "和田春樹『北方領土問題――歴史と未来』朝日新聞社、1999年、58-60頁。",
        {"type": "book", "publisher": "朝日新聞社", "issued": ((1999,),), "page": "58-60"},
    ),
    (  # a white paper (白書) or the Diplomatic Bluebook (外交青書) is a report
        "外務省『外交青書 2019』（外務省、2019年）、95頁。",
        {"type": "report", "authors": (Name(literal="外務省"),), "publisher": "外務省"},
    ),
    (  # a newspaper article: 面 is the page
        "「尖閣諸島をめぐる日中関係」『読売新聞』2012年9月15日、3面。",
        {
            "type": "article-newspaper",
            "container_title": "読売新聞",
            "issued": ((2012, 9, 15),),
            "page": "3",
        },
    ),
    (  # a web page: the date before 閲覧 is when it was read
        "外務省「日中関係（基礎データ）」、https://www.mofa.go.jp/mofaj/area/china/data.html"
        "（2020年3月1日閲覧）。",
        {
            "type": "webpage",
            "authors": (Name(literal="外務省"),),
            "title": "日中関係（基礎データ）",
            "accessed": ((2020, 3, 1),),
            "issued": (),
            "language": "ja",
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), BLUEBOOK + JAPANESE)
def test_note_fields(text: str, expected: dict[str, Any]) -> None:
    assert_fields(text, expected)
