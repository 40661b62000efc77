"""Notes whose titles lost their italics (DOCX, plain text) and Chicago journal details."""

from __future__ import annotations

from typing import Any

import pytest

from citecheck.api import parse_text

CASES: list[tuple[str, dict[str, Any]]] = [
    # Taiwanese newspaper note: 「article」 before 《paper》, page as 版A12
    (
        "「兩岸服貿協議爭議」，《聯合報》，2014年3月20日，版A12。",
        {
            "type": "article-newspaper",
            "title": "兩岸服貿協議爭議",
            "container": "聯合報",
            "issued": ((2014, 3, 20),),
            "page": "A12",
        },
    ),
    # a website named without 《》 after the title
    (
        "習近平，〈共建絲綢之路經濟帶〉，新華網，2013年9月7日，"
        "http://news.xinhuanet.com/politics/2013-09/07/c_117273079.htm（檢索日期：2014年5月1日）。",
        {"title": "共建絲綢之路經濟帶", "container": "新華網", "issued": ((2013, 9, 7),)},
    ),
    # 「」 for a journal article title
    (
        "林宗達，「美國對臺軍售之研究」，《全球政治評論》，第36期（2011年10月），頁45-62。",
        {
            "type": "article-journal",
            "title": "美國對臺軍售之研究",
            "container": "全球政治評論",
            "issue": "36",
            "page": "45-62",
        },
    ),
    # Chicago book note after the italics were lost
    (
        "John Smith, The Rise of China (New York: Norton, 2010), 45.",
        {
            "type": "book",
            "authors": [("Smith", "John")],
            "title": "The Rise of China",
            "publisher": "Norton",
            "place": "New York",
            "issued": ((2010,),),
            "page": "45",
        },
    ),
    # unmarked title with commas, a place with a state, an edition statement
    (
        "Bobo Lo, Axis of Convenience: Moscow, Beijing, and the New Geopolitics (Washington, DC: "
        "Brookings Institution Press, 2008).",
        {
            "type": "book",
            "authors": [("Lo", "Bobo")],
            "title": "Axis of Convenience: Moscow, Beijing, and the New Geopolitics",
            "publisher": "Brookings Institution Press",
            "place": "Washington, DC",
        },
    ),
    (
        "Robert Sutter, Chinese Foreign Relations: Power and Policy since the Cold War, 3rd ed. "
        "(Lanham, MD: Rowman & Littlefield, 2012), 78–80.",
        {
            "title": "Chinese Foreign Relations: Power and Policy since the Cold War",
            "place": "Lanham, MD",
            "publisher": "Rowman & Littlefield",
            "page": "78-80",
        },
    ),
    # Chinese book without 《》
    (
        "王緝思，大國戰略（北京：中信出版社，2016），頁 23。",
        {
            "type": "book",
            "title": "大國戰略",
            "publisher": "中信出版社",
            "place": "北京",
            "issued": ((2016,),),
            "page": "23",
        },
    ),
    # Chicago journal: volume, no., (season year): pages; a generational suffix
    (
        'Joseph S. Nye, Jr., "The Future of American Power," Foreign Affairs 89, no. 6 '
        "(2010): 2-12.",
        {
            "type": "article-journal",
            "authors": [("Nye", "Joseph S.")],
            "title": "The Future of American Power",
            "container": "Foreign Affairs",
            "volume": "89",
            "issue": "6",
            "page": "2-12",
            "issued": ((2010,),),
        },
    ),
    (
        "Alexander Lukin, “Russia and China,” *Survival* 56, no. 3 (June 2014): 45.",
        {
            "container": "Survival",
            "volume": "56",
            "issue": "3",
            "page": "45",
            "issued": ((2014, 6),),
        },
    ),
]


@pytest.mark.parametrize(("note", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_note(note: str, expected: dict[str, Any]) -> None:
    """Each pattern gives its fields."""
    citation = parse_text(f"Text.<sup>1</sup>\n\n<sup>1</sup> {note}\n").citations[0]
    got = {
        "type": citation.type,
        "authors": [(a.family, a.given) for a in citation.authors],
        "title": citation.title,
        "container": citation.container_title,
        "volume": citation.volume,
        "issue": citation.issue,
        "page": citation.page,
        "publisher": citation.publisher,
        "place": citation.publisher_place,
        "issued": citation.issued,
    }
    assert {key: got[key] for key in expected} == expected


def test_corner_brackets_quoting_a_term_are_not_a_title() -> None:
    """所謂「走出去戰略」 is a quoted term; the 〈〉 title after it is the work cited."""
    doc = parse_text(
        "正文。<sup>1</sup>\n\n<sup>1</sup> 所謂「走出去戰略」，是發展開放型經濟的重大舉措。"
        "〈海洋爭端戰略合作之評析〉，《環球時報》，2001年06月13日。\n"
    )
    assert [c.title for c in doc.citations] == ["海洋爭端戰略合作之評析"]


def test_prose_with_a_parenthesis_is_not_a_citation() -> None:
    """A sentence with "(see chapter 3: the data, 2010)" is prose, not a book."""
    doc = parse_text(
        "Text.<sup>1</sup>\n\n<sup>1</sup> As Smith argued in 2010, China would rise "
        "(see chapter 3: the data, 2010). Ibid., 4.\n"
    )
    assert [c.kind.value for c in doc.citations] in ([], ["ibid"])


def test_long_author_lists_and_organisations_lead_a_citation() -> None:
    """Many authors, or a long organisation name, before the title still make a citation."""
    doc = parse_text(
        "T.<sup>1</sup> U.<sup>2</sup>\n\n"
        "<sup>1</sup> S. A. Wolchik, S. G. West, I. N. Sandler, J. Y. Tein, D. Coatsworth, "
        "L. Lengua, and W. A. Griffin, “An Experimental Evaluation of Theory-Based Mother "
        "and Mother–Child Programs,” *Journal of Consulting Psychology* 68, no. 5 (2000): "
        "843–856.\n\n"
        "<sup>2</sup> Institute For Art And Architecture and Academy Of Fine Arts Vienna, "
        "*Wiener Hitze: Architecture and Storytelling in Times of Heat* (Zürich: Park Books, "
        "2024).\n"
    )
    first, second = doc.citations
    assert first.title is not None
    assert first.title.startswith("An Experimental Evaluation")
    assert (first.volume, first.issue) == ("68", "5")
    assert second.title == "Wiener Hitze: Architecture and Storytelling in Times of Heat"
