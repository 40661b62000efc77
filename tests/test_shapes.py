"""The common-shape fast path reads every note it takes exactly as the general path does.

``citations.shapes`` reads a note of a common shape in one match instead of splitting it
and reading it field by field. It may only be faster: for every note of the corpora
(the sample paper, the references, the probe papers, the eval-data notes, synthetic
books) and for thousands of generated variants built to touch the rules the general
reader applies (relation words, back-references, bodies, news and conference names,
volumes in titles, access dates, invalid dates, archive links), a note it takes must get
the general path's one segment and the very same fields, and the same citations.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from citecheck.api import parse
from citecheck.citations import parse as parse_module
from citecheck.citations.fields import read_fields
from citecheck.citations.markup import clean, protect
from citecheck.citations.parse import parse_citations
from citecheck.citations.shapes import read_shape, shape_fields
from citecheck.citations.split import split_citations
from citecheck.read import read_text
from evalkit import EVAL_DATA, ROOT, SAMPLE, SHARED, preview_footnotes

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import book

_DOCUMENT_SUFFIXES = {".md", ".txt", ".docx", ".odt", ".html", ".tex"}


def _corpus_notes() -> list[str]:
    files = [SAMPLE, *sorted((ROOT / "references").rglob("*")), *(ROOT / "tests/data").rglob("*")]
    notes = [
        note.text
        for path in files
        if path.is_file() and path.suffix in _DOCUMENT_SUFFIXES
        for note in _footnotes(path)
    ]
    if SHARED.exists():
        for style in ("bdclntu", "wep"):
            index = EVAL_DATA / f"zotero-chinese-styles_{style}_index.md"
            notes += [n.text for n in read_text(preview_footnotes(index), path=style).footnotes]
    return notes


def _footnotes(path: Path) -> list:  # type: ignore[type-arg]
    try:
        return list(parse(path).footnotes)
    except Exception:
        return []


# --- generated variants -----------------------------------------------------------------

_RELATIONS = [
    "",
    "",
    "",
    "參見",
    "参见",
    "See ",
    "See also ",
    "Cf. ",
    "转引自",
    "另參見",
    "quoted in ",
]
_WESTERN = [
    "James Clinton",
    "Mark Jones",
    "Владимир Боровяк",
    "Светлана Петрова",
    "Ted Nora",
    "Report Times",
    "National Press",
    "See Also",
    "Ibid Smith",
    "Id Jones",
    "Vol Harris",
    "Visiting Fellow",
    "Retrieved Text",
    "Anastasia Novak Volkova",
    "Tom Access",
    "International Energy Agency",
    "Supra Note",
    "Quoted Person",
]
_HAN_NAMES = [
    "蕭宗明",
    "林宗",
    "同上明",
    "前引王缉",
    "上引",
    "前揭林",
    "張主編",
    "王譯",
    "郭武平",
    "外交部",
    "民國",
    "昭和",
    "卷明",
    "版主",
    "頁德",
    "日期",
    "時間",
    "第三期",
]
_EN_TITLES = [
    "China Energy Asia",
    "Report on Security",
    "The Pivot, Vol. 3",
    "Annual Conference Paper",
    "Russia and China: 2014",
    "Id. at 12",
    "Ibid",
    "Times of War",
    "A “Quoted” Title",
]
_ZH_TITLES = [
    "兩岸關係的影響",
    "年度報告",
    "研討會論文",
    "第 3 卷",
    "同上",
    "白皮書",
    "能源政策 2014",
]
_SITES = [
    "Breaking Defense",
    "Guardian",
    "New York Times",
    "Annual Conference",
    "Report",
    "Вестник Кавказа",
    "Foreign Affairs",
    "Diplomat",
    "Xinhua News",
]
_ZH_CONTAINERS = [
    "遠景基金會季刊",
    "新華網",
    "人民日報",
    "研討會",
    "年度報告",
    "問題與研究",
    "中央社",
]
_EN_PUBLISHERS = [
    "Jones Press", "Annual Report Office", "Conference Board", "Press May", "March Press",
    "Dissertation Press", "Norton",
]  # fmt: skip
_ZH_PUBLISHERS = ["五南", "晶典文化", "博士論文", "某某研究報告社", "年代出版", "大正"]
_ZH_PLACES = ["台北", "北京", "碩士論文", "民國", "年代"]
_MONTHS = ["January", "February", "May", "June", "September", "December"]
_URLS = [
    "http://www.site.com/2017/02/9729135.html",
    "https://web.archive.org/web/2014/http://a.com/x",
    "https://doi.org/10.1000/xyz123",
    "http://www.news.com/2014/10/2940213.html",
    "https://example.org/report?id=3",
]


def _variants(seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    pick = rng.choice
    for _ in range(400):
        relation = pick(_RELATIONS)
        day, year = rng.choice([1, 9, 28, 31, 32, 0]), rng.choice([1991, 2014, 1499, 2099])
        page = pick(["45", "42-271", "7-9", "1000"])
        yield (
            f"{relation}{pick(_WESTERN)}, “{pick(_EN_TITLES)},” *{pick(_SITES)}*, "
            f"{pick(_MONTHS)} {day}, {year}, <{pick(_URLS)}>."
        )
        yield (
            f"{relation}{pick(_WESTERN).split()[-1]}, B. {pick(_WESTERN).split()[0]}, "
            f"*{pick(_EN_TITLES)}* ({pick(['New York', 'London', 'Moscow', 'Thesis Park'])}: "
            f"{pick(_EN_PUBLISHERS)}, {year}), "
            f"{pick(['pp. ', 'p. '])}{page}."
        )
        yield (
            f"{relation}{pick(_HAN_NAMES)}，〈{pick(_ZH_TITLES)}〉，《{pick(_ZH_CONTAINERS)}》，"
            f"{pick(['第 19 卷', '第19卷', ''])}第 {rng.randint(1, 12)} 期，{year} 年 "
            f"{rng.choice([1, 3, 12, 13])} 月，頁 {page}。"
        )
        yield (
            f"{relation}{pick(_HAN_NAMES)}，《{pick(_ZH_TITLES)}》（{pick(_ZH_PLACES)}："
            f"{pick(_ZH_PUBLISHERS)}，{year} 年），頁 {page}。"
        )
        yield (
            f"{relation}〈{pick(_ZH_TITLES)}〉，《{pick(_ZH_CONTAINERS)}》，{year} 年 "
            f"{rng.choice([2, 7, 13])} 月 {day} 日，〈<{pick(_URLS)}>〉。"
        )


# --- the differential checks -------------------------------------------------------------


def _differences(notes: list[str]) -> tuple[int, list[str]]:
    """How many notes and segments a shape took, and each one the general path reads
    otherwise: a whole note must be split into that one segment, and a note's every
    segment a shape takes must get the fields the general reader gives it."""
    taken, different = 0, []
    for text in notes:
        protected = protect(clean(text))
        segments = split_citations(protected)
        shaped = read_shape(protected)
        if shaped is not None:
            taken += 1
            segment, fields = shaped
            if segments != [segment] or read_fields(segment, protected) != fields:
                different.append(text)
        for segment in segments:
            fields = shape_fields(segment, protected)
            if fields is not None:
                taken += 1
                if read_fields(segment, protected) != fields:
                    different.append(f"{text} (segment {segment!r})")
    return taken, different


def test_every_corpus_note_a_shape_takes_reads_as_in_the_general_path() -> None:
    notes = _corpus_notes()
    taken, different = _differences(notes)
    assert different == []
    assert len(notes) >= 300
    assert taken >= 50  # the sample paper alone has dozens of notes in these shapes


def test_synthetic_book_notes_read_as_in_the_general_path() -> None:
    notes = [
        n.text for seed in range(5) for n in read_text(book(400, seed=seed), path="b").footnotes
    ]
    taken, different = _differences(notes)
    assert different == []
    assert taken >= len(notes) // 2


@pytest.mark.parametrize("seed", range(3))
def test_generated_variants_read_as_in_the_general_path(seed: int) -> None:
    notes = list(_variants(seed))
    taken, different = _differences(notes)
    assert different == []
    assert taken >= len(notes) // 10  # the variants do reach the shapes


def test_shaped_and_general_citations_are_equal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole citation, not only the fields: parsed with the fast path and without it."""
    notes = list(_variants(7))[:600] + _corpus_notes()[:400]
    parse_citations.cache_clear()
    fast = [parse_citations(text) for text in notes]
    monkeypatch.setattr(parse_module, "read_shape", lambda protected: None)
    monkeypatch.setattr(parse_module, "shape_fields", lambda segment, protected: None)
    parse_citations.cache_clear()
    general = [parse_citations(text) for text in notes]
    parse_citations.cache_clear()
    assert fast == general


def test_a_shape_takes_only_a_whole_note() -> None:
    """Prose or a second work around a shape sends the note the general way."""
    one = "James Clinton, “China Energy Asia,” *Guardian*, May 2, 2014, <http://a.com/b/c>."
    assert read_shape(protect(clean(one))) is not None
    for text in (
        f"{one} Mark Jones, “Order,” *RT*, May 3, 2014, <http://a.com/d/e>.",
        f"On the gas deal, see {one}",
        f"這是一段話。{one}",
        f"{one[:-1]}; Mark Jones, “Order,” *RT*, May 3, 2014, <http://a.com/d/e>.",
        one.replace("May 2, 2014", "May 2, 2014, accessed May 5, 2014"),
        "同上，頁 12。",
    ):
        assert read_shape(protect(clean(text))) is None, text


def test_a_segment_after_prose_is_read_in_its_shape() -> None:
    """A note of a sentence and then a work: the work's segment is read in its shape."""
    note = "所謂「走出去戰略」，是重大舉措。〈能源政策研究〉，《人民網》，2014年08月13日，〈<http://a.com/b/1.html>〉。"
    protected = protect(clean(note))
    assert read_shape(protected) is None  # not a whole note in one shape
    (segment,) = split_citations(protected)
    fields = shape_fields(segment, protected)
    assert fields is not None
    assert (fields.title, fields.container, fields.issued) == (
        "能源政策研究",
        "人民網",
        ((2014, 8, 13),),
    )
    assert fields.url == "http://a.com/b/1.html"


def test_a_relation_word_is_found_before_a_shape_whatever_the_white_space() -> None:
    note = "參見許傑中，《書名》（台北：五南，2008 年），頁 160\n"
    shaped = read_shape(protect(clean(note)))
    assert shaped is not None
    assert shaped[1].relation.value == "see-also"
    prose = "有人認為，參見許傑中，《書名》（台北：五南，2008 年），頁 160\n"
    assert read_shape(protect(clean(prose))) is None  # prose with a comma before the word
