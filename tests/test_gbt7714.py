"""Chinese notes in GB/T 7714 style ([J], [M], [N], [EB/OL], …): expected fields by hand."""

from __future__ import annotations

from typing import Any

import pytest

from citecheck.api import parse_text

CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "王缉思, 李晨. 中美关系的结构性变化[J]. 国际政治研究, 2020, 41(4): 83-90.",
        {
            "type": "article-journal",
            "authors": ["王缉思", "李晨"],
            "title": "中美关系的结构性变化",
            "container": "国际政治研究",
            "issued": ((2020,),),
            "volume": "41",
            "issue": "4",
            "page": "83-90",
            "language": "zh-Hans",
        },
    ),
    (
        "赵六. 全球治理[J]. 世界经济与政治, 2019(3): 4-20.",
        {
            "container": "世界经济与政治",
            "issued": ((2019,),),
            "volume": None,
            "issue": "3",
            "page": "4-20",
        },
    ),
    (
        "阎学通. 道义现实主义的国际关系理论[M]. 北京: 北京大学出版社, 2018: 23.",
        {
            "type": "book",
            "authors": ["阎学通"],
            "title": "道义现实主义的国际关系理论",
            "publisher": "北京大学出版社",
            "place": "北京",
            "issued": ((2018,),),
            "page": "23",
        },
    ),
    (
        "张三. 论人民币国际化[N]. 人民日报, 2014-05-03(7).",
        {
            "type": "article-newspaper",
            "container": "人民日报",
            "issued": ((2014, 5, 3),),
            "page": "7",
        },
    ),
    (
        "外交部. 中国的亚太安全合作政策白皮书[EB/OL]. (2017-01-11)[2020-03-01]. "
        "https://www.fmprc.gov.cn/web/zyxw/t1429771.shtml.",
        {
            "type": "webpage",
            "authors": ["外交部"],
            "issued": ((2017, 1, 11),),
            "accessed": ((2020, 3, 1),),
            "url": "https://www.fmprc.gov.cn/web/zyxw/t1429771.shtml",
        },
    ),
    (
        "李四. 中俄能源合作研究[D]. 北京: 北京大学, 2015.",
        {"type": "thesis", "publisher": "北京大学", "place": "北京", "issued": ((2015,),)},
    ),
    (
        "王五. 能源外交[C]//中国国际关系学会. 国际关系论文集. 北京: 世界知识出版社, 2012: 45-60.",
        {
            "type": "paper-conference",
            "title": "能源外交",
            "container": "国际关系论文集",
            "publisher": "世界知识出版社",
            "page": "45-60",
        },
    ),
    (
        "SMITH J, JONES K, et al. The rise of China[J]. Foreign Affairs, 2010, 89(6): 2-12.",
        {
            "authors": ["Smith J", "Jones K"],
            "et_al": True,
            "title": "The rise of China",
            "container": "Foreign Affairs",
            "volume": "89",
            "issue": "6",
            "language": "en",
        },
    ),
]


def _name(citation_name: Any) -> str:
    return citation_name.literal or f"{citation_name.family} {citation_name.given}"


@pytest.mark.parametrize(("note", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_gbt_note(note: str, expected: dict[str, Any]) -> None:
    """Each document type gives its fields."""
    c = parse_text(f"正文。<sup>1</sup>\n\n<sup>1</sup> {note}\n").citations[0]
    got = {
        "type": c.type,
        "authors": [_name(a) for a in c.authors],
        "et_al": c.et_al,
        "title": c.title,
        "container": c.container_title,
        "issued": c.issued,
        "accessed": c.accessed,
        "volume": c.volume,
        "issue": c.issue,
        "page": c.page,
        "publisher": c.publisher,
        "place": c.publisher_place,
        "url": c.url,
        "language": c.language,
    }
    assert {key: got[key] for key in expected} == expected


PLAIN: list[tuple[str, dict[str, Any]]] = [
    # unmarked, comma-separated (reference lists retyped without 《》〈〉)
    (
        "刘春, 舞蹈新媒体初探, 北京舞蹈学院学报, 2005.",
        {
            "authors": ["刘春"],
            "title": "舞蹈新媒体初探",
            "container": "北京舞蹈学院学报",
            "issued": ((2005,),),
        },
    ),
    # APA-like order with the year after the names
    (
        "鄧颖芝(2010). 東莞道生園主人-張嘉謨. 嶺南文史. 3月号: 58-60.",
        {
            "authors": ["鄧颖芝"],
            "title": "東莞道生園主人-張嘉謨",
            "container": "嶺南文史",
            "issued": ((2010,),),
        },
    ),
    # several authors, then title, journal with an issue in 期
    (
        "李龙彬, 2008, 铁岭境内高句丽山城的几个问题, 东北史地 4期.",
        {
            "authors": ["李龙彬"],
            "title": "铁岭境内高句丽山城的几个问题",
            "container": "东北史地",
            "issue": "4",
        },
    ),
    (
        "安玲, 張國泰, 楊建宇. 張子和補法學術思想概述. 內蒙古中醫藥. 2001.",
        {
            "authors": ["安玲", "張國泰", "楊建宇"],
            "title": "張子和補法學術思想概述",
            "container": "內蒙古中醫藥",
            "issued": ((2001,),),
        },
    ),
    # 'single-quoted' titles (Korean journals' reference style)
    (
        "劉曉紅, 馮碩, '制度型開放背景下境外仲裁機構內地仲裁的改革因應', "
        "法學評論, 總第221期, 2020.",
        {
            "authors": ["劉曉紅", "馮碩"],
            "title": "制度型開放背景下境外仲裁機構內地仲裁的改革因應",
            "container": "法學評論",
            "issue": "221",
            "issued": ((2020,),),
        },
    ),
]


@pytest.mark.parametrize(("note", "expected"), PLAIN, ids=[c[0][:16] for c in PLAIN])
def test_unmarked_chinese_reference(note: str, expected: dict[str, Any]) -> None:
    """References without title marks still give names, title, journal and year."""
    test_gbt_note(note, expected)


def test_prose_opening_with_a_short_clause_is_not_a_reference() -> None:
    """例如, 這個問題在2014年以後..., is prose: no citation is made of it."""
    doc = parse_text(
        "正文。<sup>1</sup>\n\n<sup>1</sup> 例如, 這個問題在2014年以後變得更加複雜, "
        "各方的立場也隨之改變。\n"
    )
    assert doc.citations == ()
