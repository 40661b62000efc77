"""Back-references as parsed data, resolved by strategies, and the general fixes of issue 13.

Each note was written for these tests; the expected fields and works are a reader's
reading of it, written down by hand.
"""

from __future__ import annotations

import pytest

from citecheck.api import parse_text
from citecheck.citations.parse import parse_citations
from citecheck.models import CitationKind, Name, Relation
from citekit import one_citation


@pytest.mark.parametrize(
    ("note", "kind", "refers_to", "page"),
    [
        ("Id. at 140.", CitationKind.IBID, None, "140"),
        ("Id.", CitationKind.IBID, None, None),
        ("Ibid., 10.", CitationKind.IBID, None, "10"),
        ("同上，第 12 页。", CitationKind.IBID, None, "12"),
        ("同註 3，頁 12。", CitationKind.IBID, "3", "12"),
        ("同④，第 50 页。", CitationKind.IBID, "④", "50"),
        ("前引註 12，頁 8。", CitationKind.IBID, "12", "8"),
        ("Lo, supra note 3, at 12.", CitationKind.SHORT, "3", "12"),
        ("添谷、前掲書、52頁。", CitationKind.SHORT, None, "52"),
    ],
)
def test_a_back_reference_records_what_it_points_at(
    note: str, kind: CitationKind, refers_to: str | None, page: str | None
) -> None:
    citation = one_citation(note)
    assert (citation.kind, citation.refers_to, citation.page) == (kind, refers_to, page)


def test_a_full_citation_points_at_nothing() -> None:
    assert one_citation("Bobo Lo, Russia and the New World Disorder 132 (2015).").refers_to is None


BLUEBOOK_PAPER = """Text.[^1] More.[^2] More.[^3] More.[^4] More.[^5]

[^1]: Bobo Lo, Russia and the New World Disorder 132 (2015); Alexander Gabuev, Friends with
    Benefits?, 95 Foreign Aff. 45, 50 (2016).

[^2]: Id. at 53.

[^3]: See Gabuev, supra note 1, at 52; see also Lo, supra note 1, at 140.

[^4]: Lo, supra note 1.

[^5]: Id. at 141.
"""


def test_supra_finds_the_named_authors_work_in_the_named_note() -> None:
    notes = parse_text(BLUEBOOK_PAPER).footnotes
    lo, gabuev = notes[0].citations
    assert notes[1].citations[0].work_id == gabuev.work_id  # Id.: the work just cited
    assert notes[1].citations[0].page == "53"
    see_gabuev, see_lo = notes[2].citations
    assert (see_gabuev.work_id, see_gabuev.page, see_gabuev.title) == (
        gabuev.work_id,
        "52",
        "Friends with Benefits?",
    )
    assert see_gabuev.relation is Relation.SEE_ALSO
    assert (see_lo.work_id, see_lo.page) == (lo.work_id, "140")
    assert notes[3].citations[0].work_id == lo.work_id
    assert notes[4].citations[0].work_id == lo.work_id  # Id. after "Lo, supra"
    assert notes[4].citations[0].page == "141"
    assert lo.work_id != gabuev.work_id


def test_japanese_short_forms_find_works_by_family_name() -> None:
    text = (
        "A.[^1] B.[^2] C.[^3] D.[^4]\n\n"
        "[^1]: 高原明生・前田宏子『開発主義の時代へ』（岩波書店、2014年）、88頁。\n\n"
        "[^2]: 添谷芳秀『日本の「ミドルパワー」外交』（筑摩書房、2005年）、45頁。\n\n"
        "[^3]: 高原・前田、前掲書、95頁。\n\n"
        "[^4]: 添谷、前掲書、52頁。\n"
    )
    notes = parse_text(text).footnotes
    assert notes[2].citations[0].work_id == notes[0].citations[0].work_id
    assert notes[2].citations[0].page == "95"
    assert notes[3].citations[0].work_id == notes[1].citations[0].work_id
    assert notes[3].citations[0].title == "日本の「ミドルパワー」外交"


def test_a_family_name_alone_does_not_match_a_different_person() -> None:
    """高原 opens 高原明生's name; 原 does not (only a name's start counts)."""
    text = (
        "A.[^1] B.[^2]\n\n"
        "[^1]: 高原明生『開発主義の時代へ』（岩波書店、2014年）、88頁。\n\n"
        "[^2]: 明生、前掲書、5頁。\n"
    )
    notes = parse_text(text).footnotes
    assert notes[1].citations[0].work_id != notes[0].citations[0].work_id


# --- the general fixes ---------------------------------------------------------------------


def test_an_unmarked_english_book_quoted_through_a_chinese_one_keeps_both() -> None:
    first, second = parse_citations(
        "Henry Kissinger, On China, New York: Penguin Press, 2011, p. 210，转引自王缉思：《世界"
        "政治的终极目标》，北京：中信出版社，2018 年，第 56 页。"
    )
    assert (first.title, first.publisher, first.publisher_place, first.page) == (
        "On China",
        "Penguin Press",
        "New York",
        "210",
    )
    assert first.authors == (Name(family="Kissinger", given="Henry"),)
    assert (second.title, second.relation, second.page) == (
        "世界政治的终极目标",
        Relation.CITED_IN,
        "56",
    )


def test_a_relation_word_after_a_comma_starts_the_second_work() -> None:
    first, second = parse_citations(
        "Sergei Lavrov, Address to the Valdai Club (Oct. 22, 2015), quoted in Bruce Pannier, "
        "*Russia's Pivot Turns East*, Radio Free Eur./Radio Liberty (Nov. 3, 2015)."
    )
    assert (first.title, first.issued) == ("Address to the Valdai Club", ((2015, 10, 22),))
    assert (second.title, second.container_title, second.relation) == (
        "Russia's Pivot Turns East",
        "Radio Free Eur./Radio Liberty",
        Relation.CITED_IN,
    )


def test_an_unitalicised_short_form_with_commas_in_its_title() -> None:
    citation = one_citation("Cooley, Great Games, Local Rules, p. 112.")
    assert (citation.kind, citation.title, citation.page) == (
        CitationKind.SHORT,
        "Great Games, Local Rules",
        "112",
    )


def test_a_gbt_imprint_with_two_publishers_is_not_cut() -> None:
    citation = one_citation(
        "Lo B. Axis of convenience[M]. London: Chatham House; Washington, D.C.: Brookings "
        "Institution Press, 2008: 56."
    )
    assert citation.publisher == "Chatham House; Brookings Institution Press"
    assert citation.publisher_place == "London; Washington, D.C."
    assert (citation.issued, citation.page) == (((2008,),), "56")


def test_a_chicago_imprint_with_two_publishers() -> None:
    citation = one_citation(
        "Bobo Lo, *Axis of Convenience* (London: Chatham House; Washington, D.C.: Brookings, "
        "2008), 5."
    )
    assert citation.publisher == "Chatham House; Brookings"
    assert citation.publisher_place == "London; Washington, D.C."


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Yan Xuetong", Name(family="Yan", given="Xuetong")),
        ("Wang Jisi", Name(family="Wang", given="Jisi")),
        ("Xuetong Yan", Name(family="Yan", given="Xuetong")),  # Western order stays
        ("Bobo Lo", Name(family="Lo", given="Bobo")),
        ("Dong Wang", Name(family="Wang", given="Dong")),  # either order: the Western one
        ("Fiona Hill", Name(family="Hill", given="Fiona")),
    ],
)
def test_chinese_names_in_chinese_order(text: str, name: Name) -> None:
    citation = one_citation(f"{text}, *A Book* (Princeton: Princeton University Press, 2011), 4.")
    assert citation.authors == (name,)


def test_an_agency_is_one_author_not_a_person() -> None:
    citation = one_citation(
        "U.S. Energy Information Administration, *Country Analysis Brief: China* "
        "(Washington, D.C.: EIA, 2015), 7."
    )
    assert citation.authors == (Name(literal="U.S. Energy Information Administration"),)


def test_a_chapter_in_corner_brackets_before_its_editors_book_is_cited() -> None:
    text = (
        "A.[^1] B.[^2]\n\n"
        "[^1]: 趙春山，「兩岸關係與中俄戰略合作」，包宗和主編，《國際關係理論》（臺北：五南圖書，"
        "2011 年），頁 321-345。\n\n"
        "[^2]: 趙春山，前引文，頁 330。\n"
    )
    chapter, short = (n.citations[0] for n in parse_text(text).footnotes)
    assert (chapter.type, chapter.title, chapter.container_title) == (
        "chapter",
        "兩岸關係與中俄戰略合作",
        "國際關係理論",
    )
    assert chapter.editors == (Name(literal="包宗和"),)
    assert (short.work_id, short.page) == (chapter.work_id, "330")


def test_a_chapter_in_a_yearly_report_volume_is_a_chapter() -> None:
    citation = one_citation(
        "赵华胜：《中俄关系与上海合作组织》，载李进峰主编：《上海合作组织发展报告（2016）》，"
        "北京：社会科学文献出版社，2016 年，第 120—135 页。"
    )
    assert (citation.type, citation.page) == ("chapter", "120-135")


def test_a_volume_in_chinese_numerals_and_a_supplement_issue() -> None:
    chapter = one_citation(
        "习近平：《携手推进“一带一路”建设》，载《习近平谈治国理政》第二卷，北京：外文出版社，"
        "2017 年，第 506 页。"
    )
    assert (chapter.volume, chapter.container_title, chapter.page) == (
        "2",
        "习近平谈治国理政",
        "506",
    )
    article = one_citation("张侠等：《北极航线》，《中国软科学》2009 年第 S2 期，第 86—93 页。")
    assert (article.issue, article.issued, article.page) == ("S2", ((2009,),), "86-93")


@pytest.mark.parametrize(
    ("note", "kind", "relation"),
    [
        ("同上p. 5.", CitationKind.IBID, Relation.SOURCE),  # a CJK word may run on
        ("Seemingly, *A Book* (New York: Norton, 2001), 4.", CitationKind.FULL, Relation.SOURCE),
        ("See also *A Book* (New York: Norton, 2001), 4.", CitationKind.FULL, Relation.SEE_ALSO),
    ],
)
def test_latin_words_of_the_vocabulary_end_at_a_word_boundary(
    note: str, kind: CitationKind, relation: Relation
) -> None:
    citation = one_citation(note)
    assert (citation.kind, citation.relation) == (kind, relation)


def test_an_identity_is_not_id() -> None:
    citation = one_citation("Identity Politics, *A Book* (New York: Norton, 2001), 4.")
    assert citation.kind is CitationKind.FULL
    assert citation.title == "A Book"
