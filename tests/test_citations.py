"""Citation parsing, one line per real-world footnote pattern (table-driven)."""

from __future__ import annotations

from typing import Any

import pytest

from citecheck.citations.parse import parse_citations
from citecheck.models import CitationKind, Name, Relation
from citekit import assert_fields, one_citation

# (footnote text, expected fields) — each row a pattern met in real papers.
CASES: list[tuple[str, dict[str, Any]]] = [
    # Taiwanese journal article: 〈篇名〉，《刊名》，第N卷第N期，年月 range，頁N-N
    (
        "鄭端耀，〈國際關係攻勢與守勢現實主義理論爭辯之評析〉，《問題與研究》，第 42 卷第 2 期，"
        "2003 年 3、4 月，頁 7-8。",
        {
            "type": "article-journal",
            "authors": (Name(literal="鄭端耀"),),
            "title": "國際關係攻勢與守勢現實主義理論爭辯之評析",
            "container_title": "問題與研究",
            "volume": "42",
            "issue": "2",
            "issued": ((2003, 3), (2003, 4)),
            "page": "7-8",
            "language": "zh-Hant",
        },
    ),
    # Chinese book with （地點：出版社，年）
    (
        "林宗達，《國際關係理論概要》（台北：晶典文化，2011年），頁153-188。",
        {
            "type": "book",
            "title": "國際關係理論概要",
            "publisher": "晶典文化",
            "publisher_place": "台北",
            "issued": ((2011,),),
            "page": "153-188",
        },
    ),
    # Simplified Chinese IR style: 作者：《篇名》，载《刊名》，年第N期，第N–N页
    (
        "王缉思：《民族与民族主义》，载《欧洲研究》，1993年第5期，第14–19页。",
        {
            "type": "article-journal",
            "authors": (Name(literal="王缉思"),),
            "title": "民族与民族主义",
            "container_title": "欧洲研究",
            "issue": "5",
            "issued": ((1993,),),
            "page": "14-19",
            "language": "zh-Hans",
        },
    ),
    # Chinese book, publisher and year run together: 出版社1998年版
    (
        "王铁崖：《国际法引论》，北京大学出版社1998年版。",
        {"type": "book", "publisher": "北京大学出版社", "issued": ((1998,),)},
    ),
    # Chinese web news with a Markdown link inside 〈〉 and escaped underscores
    (
        "〈外交部發言人華春瑩主持例行記者會〉，《中華人民共和國外交部》，2014年4月18日，"
        "〈[http://www.mfa.gov.cn/mfa\\\\_chn/t1148378.shtml](http://www.mfa.gov.cn/mfa_chn/t1148378.shtml)〉。",
        {
            "title": "外交部發言人華春瑩主持例行記者會",
            "container_title": "中華人民共和國外交部",
            "issued": ((2014, 4, 18),),
            "url": "http://www.mfa.gov.cn/mfa_chn/t1148378.shtml",
        },
    ),
    # English Chicago web note, “Title,” *Site*, Month D, YYYY, <<url>>
    (
        'Hillary Clinton, "America\'s Pacific Century," *Foreign Policy*, October 11, 2011, '
        "<<http://www.foreignpolicy.com/articles/2011/10/11/americas_pacific_century>>.",
        {
            "authors": (Name(family="Clinton", given="Hillary"),),
            "title": "America's Pacific Century",
            "container_title": "Foreign Policy",
            "issued": ((2011, 10, 11),),
            "language": "en",
        },
    ),
    # Inverted Western name and a publication parenthesis: Chicago book note
    (
        "Mearsheimer, J. John, *The Tragedy of Great Power Politics* (NY: W.W. Norton & Company, "
        "2001), p. 33.",
        {
            "type": "book",
            "authors": (Name(family="Mearsheimer", given="J. John"),),
            "publisher": "W.W. Norton & Company",
            "publisher_place": "NY",
            "page": "33",
        },
    ),
    # "and Others" is et al.
    (
        "Oye, K.A., and Others, *Cooperation Under Anarchy* (New Jersey: Princeton University "
        "Press, 1986), pp. 60-61.",
        {"authors": (Name(family="Oye", given="K.A."),), "et_al": True, "page": "60-61"},
    ),
    # Russian web note with an unquoted title before the italic site name
    (
        "Анастасия Новак, Экспертиза: китайские перспективы России, *Полит.ру*, September 13, "
        "2014, <<http://polit.ru/article/2014/09/13/china/>>.",
        {
            "authors": (Name(family="Новак", given="Анастасия"),),
            "title": "Экспертиза: китайские перспективы России",
            "container_title": "Полит.ру",
            "language": "ru",
        },
    ),
    # A comma inside the date: "May, 28, 2014"
    (
        '"America Must Always Lead," May, 28, 2014, *White House*, <<http://www.whitehouse.gov/a>>.',
        {"issued": ((2014, 5, 28),), "container_title": "White House"},
    ),
    # Relation words: 轉引自 (cited in) and 參見 (see)
    (
        "轉引自賴榮偉，〈攻勢現實主義〉，《育達科大學報》，第 35 期，2013 年 8 月，第 81 頁。",
        {"relation": Relation.CITED_IN, "page": "81", "issue": "35", "issued": ((2013, 8),)},
    ),
    (
        "參見林宗達，《國際關係理論概要》（台北：晶典文化，2011年）。",
        {"relation": Relation.SEE_ALSO},
    ),
    # Accessed date in Chinese
    (
        '《中国对欧盟政策文件》，<a href="https://www.fmprc.gov.cn/t1622886.shtml">https://www.fmprc'
        ".gov.cn/t1622886.shtml</a>，访问时间：2020年12月1日。",
        {"url": "https://www.fmprc.gov.cn/t1622886.shtml", "accessed": ((2020, 12, 1),)},
    ),
    # Back-references
    ("同上，頁 12。", {"kind": CitationKind.IBID, "page": "12"}),
    ("Ibid., 45.", {"kind": CitationKind.IBID, "page": "45"}),
    ("Там же. С. 12.", {"kind": CitationKind.IBID, "page": "12"}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_citation_fields(text: str, expected: dict[str, Any]) -> None:
    """Each real pattern parses to the expected fields."""
    assert_fields(text, expected)


def test_explanatory_prose_is_not_a_citation() -> None:
    """A footnote of prose only yields no citation; prose before a citation is skipped."""
    assert parse_citations("「泛太平洋戰略經濟夥伴關係協議」是一個綜合性的自由貿易協定。") == ()
    cited = parse_citations(
        "所謂「走出去戰略」，是重大舉措。〈更好地實施走出去戰略〉，《國務院辦公廳》，2006年03月15日。"
    )
    assert [c.title for c in cited] == ["更好地實施走出去戰略"]


def test_several_works_in_one_footnote() -> None:
    """Works separated by ；, by 。 and by the comma after a closing URL are split."""
    text = (
        "〈甲〉，《乙網》，2014 年 5 月 21 日，〈<http://a.example.com/1>〉；“Second,” *Site*, "
        "March 17, 2014, <<http://b.example.com/2>>, Author Name, “Third,” *Other*, May 1, 2014, "
        "<<http://c.example.com/3>>."
    )
    assert [c.title for c in parse_citations(text)] == ["甲", "Second", "Third"]


def test_malformed_url_is_kept_and_flagged() -> None:
    """A URL damaged in conversion stays in the citation with a problem note."""
    citation = one_citation("“Title,” *Site*, May 1, 2014, <http://exa mple/page>.")
    assert citation.url is not None
    assert citation.url_problem is not None


def test_simplified_and_traditional_are_told_apart() -> None:
    """OpenCC decides zh-Hans vs zh-Hant from the title's characters."""
    assert one_citation("〈国际关系理论〉，《问题与研究》，2003 年。").language == "zh-Hans"
    assert one_citation("〈國際關係理論〉，《問題與研究》，2003 年。").language == "zh-Hant"
