"""The commonest shapes of a one-work note, read in one match: a fast path.

Most notes of a paper are written in a few shapes: a Chicago news or web article
("Author, “Title,” *Site*, May 28, 2014, <url>."), a book ("Author, *Title* (Place:
Publisher, 2009), pp. 42-45."), and the Taiwanese journal article, book and web page
(作者，〈篇名〉，《刊名》，第 19 卷第 6 期，2018 年 3 月，頁 26-169。). The general path
splits every note (five splitters) and reads every segment with a dozen passes, each
looking for a field the note may not have. When a note's whole protected text (or, once
split, a segment) is one of these shapes, one anchored match names every field: dates,
imprint, volume and pages are read off its groups, which admit only what the general
reader reads the same way; relation words, titles and containers go through the general
reader's own functions.

A shape is strict: plain names, one date, one page, nothing else. A note it does not fit
goes the general way, so a shape can only be faster, never read differently: the
differential test (tests/test_shapes.py) checks, for every note of the corpora and for
generated variants, that a shaped note gets the very segment and fields of the general
path. A new shape is one entry in ``SHAPES``.
"""

from __future__ import annotations

import re

from citecheck.citations.dates import has_english_month
from citecheck.citations.fields import (
    NAMED_BACK_REFERENCE,
    Fields,
    choose_title,
    has_thesis_label,
    take_accessed,
    take_relation,
    title_fields,
)
from citecheck.citations.markup import Protected, SpanKind, placeholder_pattern
from citecheck.citations.patterns import HAN, YEAR, dashed
from citecheck.citations.split import BACK_REFERENCE, OP_CIT
from citecheck.models import DateParts


def _placeholder(group: str, *kinds: SpanKind) -> str:
    return f"(?P<{group}>{placeholder_pattern(*kinds)})"


_TITLE_Q = _placeholder("title", SpanKind.QUOTED)
_TITLE_A = _placeholder("title", SpanKind.ANGLE)
_TITLE_B = _placeholder("title", SpanKind.BOOK)
_TITLE_I = _placeholder("title", SpanKind.ITALIC)
_CONTAINER_B = _placeholder("container", SpanKind.BOOK)
_CONTAINER_I = _placeholder("container", SpanKind.ITALIC)
_URL = _placeholder("url", SpanKind.URL)

# Names as the shapes take them: two or three capitalised words (Latin or Cyrillic), an
# inverted name with one initial (Schoen, B. Bruce), or two to four Han characters.
# Anything richer ("and", "et al.", roles, bodies with commas) goes the general way.
_WORD = "[A-ZА-ЯЁ][a-zа-яё]+"
_WESTERN_NAME = f"(?P<author>{_WORD}(?: {_WORD}){{1,2}})"
_INVERTED_NAME = f"(?P<author>{_WORD}(?:, [A-Z]\\.)?(?: {_WORD}){{0,2}}|{_WORD}, [A-Z]\\. {_WORD})"
_HAN_NAME = f"(?P<author>[{HAN}]{{2,4}})"
# Dates only as ``dates.find_dates`` reads them whole: a year it takes (1500-2099), a
# month from 1 to 12 and a day from 1 to 31, so their parts are read off the groups.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTHS, start=1)}
_YEAR = f"(?P<year>{YEAR})"
_MONTH = "(?P<month>0?[1-9]|1[0-2])"
_DAY = "(?P<day>0?[1-9]|[12]\\d|3[01])"
_EN_DAY = f"(?P<name>{'|'.join(_MONTHS)}) {_DAY}, {_YEAR}"
_ZH_MONTH = f"{_YEAR} ?年 ?{_MONTH} ?月"
_ZH_DAY = f"{_ZH_MONTH} ?{_DAY} ?日"
_ZH_VOLUME_ISSUE = "(?:第 ?(?P<volume>\\d{1,3}) ?卷)?第 ?(?P<issue>\\d{1,3}) ?期"
_PAGE = "(?P<page>\\d{1,5}(?:-\\d{1,5})?)"
# A publication parenthesis of place, publisher and year: (台北：五南，2008 年).
_PUBLICATION_YEAR = f"(?P<published>{YEAR})"
_ZH_IMPRINT = f"(?P<place>[{HAN}]{{2,6}})：(?P<publisher>[{HAN}]{{2,12}})，{_PUBLICATION_YEAR} ?年"
_EN_IMPRINT = (
    f"(?P<place>{_WORD}(?: {_WORD})?): "
    f"(?P<publisher>[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){{0,3}}), {_PUBLICATION_YEAR}"
)

SHAPES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(source)
    for source in (
        # James Clinton, “China Energy Asia,” *Breaking Defense*, August 25, 1991, <url>.
        f"{_WESTERN_NAME}, {_TITLE_Q} {_CONTAINER_I}, {_EN_DAY}, {_URL}",
        # Schoen, B. Bruce, *Title* (New York: Jones Press, 2009), pp. 42-271.
        f"{_INVERTED_NAME}, {_TITLE_I} \\({_EN_IMPRINT}\\), pp?\\. {_PAGE}",
        # 蕭宗明，〈篇名〉，《刊名》，第 19 卷第 6 期，2018 年 3 月，頁 26-169。
        f"{_HAN_NAME}，{_TITLE_A}，{_CONTAINER_B}，{_ZH_VOLUME_ISSUE}，{_ZH_MONTH}，頁 ?{_PAGE}",
        # 許傑中，《書名》（台北：晶典文化，2008 年），頁 160。
        f"{_HAN_NAME}，{_TITLE_B}（{_ZH_IMPRINT}），頁 ?{_PAGE}",
        # 〈標題〉，《新華網》，2000 年 7 月 12 日，〈<url>〉。
        f"{_TITLE_A}，{_CONTAINER_B}，{_ZH_DAY}，{_URL}",
    )
)


def read_shape(protected: Protected) -> tuple[str, Fields] | None:
    """The one segment of a whole note in a common shape and its fields, as splitting and
    ``fields.read_fields`` would give them; None for every other note."""
    segment = protected.text.strip(" ,，.。")  # as split_citations strips each segment
    shaped = _shaped(segment, protected)
    if shaped is None:
        return None
    f, m = shaped
    # Only a relation word may stand before the shape (參見, See also): no prose, nothing
    # the splitters would cut at; and the title stands near the start, as in a citation.
    stripped = segment.strip()  # as take_relation strips it: the shape's text ends it
    relation_word = stripped[: len(stripped) - len(m.string)]
    if _SPLIT_MARKS.intersection(relation_word) or m.start("title") > _LONGEST_LEAD:
        return None
    return segment, f


def shape_fields(segment: str, protected: Protected) -> Fields | None:
    """The fields of one segment (of a note already split) in a common shape, as
    ``fields.read_fields`` would read them; None for a segment in no shape."""
    shaped = _shaped(segment, protected)
    return shaped[0] if shaped else None


def _shaped(segment: str, protected: Protected) -> tuple[Fields, re.Match[str]] | None:
    f = Fields()
    text = take_relation(segment, f)
    m = next(filter(None, (shape.fullmatch(text) for shape in SHAPES)), None)
    if m is None:
        return None
    if NAMED_BACK_REFERENCE.match(text) or OP_CIT.match(text) or BACK_REFERENCE.match(text):
        return None
    if take_accessed(text, f) != text:  # an access date: read the general way
        return None
    return (f, m) if _read(m, protected, f) else None


# What a splitter cuts at (split.py), or what prose before a relation word holds.
_SPLIT_MARKS = frozenset(",，;；。.")
# The longest author text before a title that still makes a citation (split.is_citation).
_LONGEST_LEAD = 60


def _read(m: re.Match[str], protected: Protected, f: Fields) -> bool:
    """Fill ``f`` from a shape's match as the general reader would; False where a group
    holds what the general reader would read otherwise (a thesis label, a month name)."""
    groups = m.groupdict()
    if groups.get("url"):
        url = protected.span_of(groups["url"])
        f.url, f.url_problem = url.text, url.problem
    if groups.get("published"):
        if not _plain_imprint(groups["place"], groups["publisher"]):
            return False
        f.place, f.publisher = groups["place"], groups["publisher"]
        f.issued = ((int(groups["published"]),),)
    if groups.get("page"):
        f.page = dashed(groups["page"])
    if groups.get("volume"):
        f.volume = groups["volume"]
    if groups.get("issue"):
        f.issue = groups["issue"]
    if groups.get("year"):
        f.issued = (_date_parts(groups),)
    first = protected.span_of(groups["title"])
    container = protected.span_of(groups["container"]) if groups.get("container") else None
    lead = m.string[: m.start("title")]
    between = m.string[m.end("title") : m.start("container")] if container else ""
    title, chosen_container, author_text = choose_title(
        first, [container] if container else [], lead, f
    )
    title_fields(f, title, chosen_container, author_text, between if title is first else None)
    return True


def _plain_imprint(place: str, publisher: str) -> bool:
    """Whether the general reader takes the imprint as place, publisher and year alone:
    no thesis label (碩士論文, Thesis) in either, and no month name before the year."""
    if has_thesis_label(place) or has_thesis_label(publisher):
        return False
    return not has_english_month(publisher)


def _date_parts(groups: dict[str, str]) -> DateParts:
    year = int(groups["year"])
    name = groups.get("name")
    month = _MONTH_NUMBERS[name] if name else int(groups["month"])
    day = groups.get("day")
    return (year, month, int(day)) if day else (year, month)
