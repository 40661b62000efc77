"""Dates as footnotes write them, in Chinese, English and Russian, to CSL date parts.

Each pattern is one regular expression with named groups; ``find_dates`` returns every
date span in a text so that the field parser can lift them out before splitting on commas
("May 28, 2014" holds a comma).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from citecheck.citations.patterns import DASHES, ERA_BASE, ERA_NAMES, YEAR
from citecheck.models import DateParts

_EN_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
# Russian month names in the genitive ("22 мая 2014") and nominative ("май 2014").
_RU_MONTHS = {
    stem: i
    for i, stem in enumerate(
        ["янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
        start=1,
    )
}
_EN_MONTH = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"  # noqa: E501
_EN_MONTH2 = _EN_MONTH.replace("?P<mon>", "?P<mon2>")
# Genitive and nominative names, and GOST's abbreviations ("27 февр.": the dot follows).
_RU_MONTH = (
    r"(?P<rmon>январ[ья]|янв|феврал[ья]|февр?|марта?|мар|апрел[ья]|апр|ма[йя]|"
    r"июн[ья]|июн|июл[ья]|июл|августа?|авг|сентябр[ья]|сент?|октябр[ья]|окт|"
    r"ноябр[ья]|нояб?|декабр[ья]|дек)"
)
_Y = rf"(?P<y>{YEAR})"
_SP = r"[ \u3000]*"

_ERA_NAMES = ERA_NAMES
_EN_MONTH_STEMS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_RU_LETTER = re.compile("[а-я]", re.IGNORECASE)
_ERA = re.compile(_ERA_NAMES)


def has_english_month(text: str) -> bool:
    """Whether ``text`` may hold an English month name (a stem of one, in any case)."""
    # casefold() finds every spelling the case-blind patterns match (ſep. too)
    folded = text.casefold()
    return any(map(folded.__contains__, _EN_MONTH_STEMS))


def _has_russian_month(text: str) -> bool:
    return not text.isascii() and _RU_LETTER.search(text) is not None


def _has_era(text: str) -> bool:
    return "年" in text and _ERA.search(text) is not None  # an era year is written with 年


# What a pattern's mark is: a test of the text (each run at most once per text).
_MARKS: dict[str, Callable[[str], bool]] = {
    "年": lambda text: "年" in text,
    "era": _has_era,
    "English month": has_english_month,
    "Russian month": _has_russian_month,
    "-/.": lambda text: "-" in text or "/" in text or "." in text,
    ".": lambda text: "." in text,
    "-": lambda text: "-" in text,
}

# Each date pattern with a mark that every date it matches contains: a text without the
# mark is not scanned for that pattern (most notes have no Russian month, no era, …).
# A mark of the case-blind patterns is case-blind too, so it finds what they match.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 2003 年 3、4 月 / 2003年3-4月 : a span of months
    (
        "年",
        re.compile(
            rf"{_Y}{_SP}年{_SP}(?P<m>\d{{1,2}}){_SP}[、{DASHES}]{_SP}(?P<m2>\d{{1,2}}){_SP}月"
        ),
    ),
    # 2014 年 9 月 4 日 / 2006年03月15日 / 1977年2月 / 2011 年
    (
        "年",
        re.compile(
            rf"{_Y}{_SP}年(?:{_SP}(?P<m>\d{{1,2}}){_SP}月(?:{_SP}(?P<d>\d{{1,2}}){_SP}[日號号])?)?"
        ),
    ),
    # 民國 36 年, 昭和 14 年, 大正元年: a year of an era (民國 n is 1911 + n)
    (
        "era",
        re.compile(
            rf"(?P<era>{_ERA_NAMES})\s*(?P<era_year>\d{{1,3}}|元)\s*年"
            rf"(?:\s*(?:[(（]\d{{4}}[)）])?\s*(?P<m>\d{{1,2}})(?:\s*[、{DASHES}]\s*(?P<m2>\d{{1,2}}))?"
            r"\s*月(?:\s*(?P<d>\d{1,2})\s*日)?)?(?:\s*[(（]\d{4}[)）])?"
        ),
    ),
    # May 28, 2014 / May, 28, 2014 / Sept. 3 2014
    (
        "English month",
        re.compile(
            rf"\b{_EN_MONTH},?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_Y}\b", re.IGNORECASE
        ),
    ),
    # 17 March 2014 / 3rd of May, 2014
    (
        "English month",
        re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{_EN_MONTH},?\s+{_Y}\b", re.I),
    ),
    # March/April 2011, February–March 2015: a span of months (Chicago journal issues)
    (
        "English month",
        re.compile(rf"\b{_EN_MONTH}\s*[-–—/]\s*{_EN_MONTH2},?\s+{_Y}\b", re.IGNORECASE),
    ),
    # March 2012 / March, 2012
    ("English month", re.compile(rf"\b{_EN_MONTH},?\s+{_Y}\b", re.IGNORECASE)),
    # 22 мая 2014 (г.)
    (
        "Russian month",
        re.compile(rf"\b(?P<d>\d{{1,2}})\s+{_RU_MONTH}\.?\s+{_Y}(?:\s*г\.)?", re.IGNORECASE),
    ),
    ("Russian month", re.compile(rf"\b{_RU_MONTH}\.?\s+{_Y}(?:\s*г\.)?", re.IGNORECASE)),
    # 2014-05-28 / 2014/9/6 / 2014.05.28
    (
        "-/.",
        re.compile(
            rf"(?<![\d/.-]){_Y}(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?![\d/])"
        ),
    ),
    # 28.05.2014 (Russian) / 28/05/2014
    (".", re.compile(rf"(?<![\d/.])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.{_Y}(?!\d)")),
    # 2014-05 (ISO month)
    ("-", re.compile(rf"(?<![\d/.-]){_Y}-(?P<m>0[1-9]|1[0-2])(?![\d-])")),
]
_BARE_YEAR = re.compile(rf"(?<![\d\w/.-]){_Y}(?![\d\w/-])")


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date in a text: its span and CSL date parts (two entries for a range)."""

    start: int
    end: int
    parts: tuple[DateParts, ...]


@cache
def _combined(indices: tuple[int, ...]) -> tuple[re.Pattern[str], dict[str, list[str]]]:
    """One alternation of the patterns at ``indices``, so a text is scanned once, leftmost
    date first (an alternation's order is its patterns' order).

    Group names get the pattern's index as suffix (``y_3``), and each alternative is
    wrapped in a group ``a_3`` that tells which pattern matched. Also returns, for each
    ``a_i``, the suffixed names of its groups, so a match reads only its own groups.
    """
    alternatives = []
    groups: dict[str, list[str]] = {}
    for i in indices:
        pattern = _PATTERNS[i][1]
        source = re.sub(r"\(\?P<(\w+)>", rf"(?P<\1_{i}>", pattern.pattern)
        source = re.sub(r"\(\?P=(\w+)\)", rf"(?P=\1_{i})", source)
        if pattern.flags & re.IGNORECASE:
            source = f"(?i:{source})"
        alternatives.append(f"(?P<a_{i}>{source})")
        groups[f"a_{i}"] = [f"{name}_{i}" for name in pattern.groupindex]
    return re.compile("|".join(alternatives)), groups


# Every date holds a year of four digits, or an era's name before its year.
_YEAR_HINT = re.compile(rf"(?:1[5-9]|20)\d\d|{_ERA_NAMES}")
# The most text a date can hold before its year: "30th of September, " is 19 characters.
_LONGEST_LEAD = 40
# What a date holds before its year (or its era's name): month names and ordinals, digits,
# spaces and ",.-–—/". Any other character (a placeholder, a bracket, CJK punctuation)
# is a barrier: a date that starts before it would hold it before its year.
_BARRIER = re.compile(r"[^\w\s.,\-–—/]")


def _lead_start(text: str, year: int, lowest: int) -> int:
    """The first position from ``lowest`` at which a date holding the year hint at ``year``
    can start: after the last barrier before the year (found by scanning the lead
    backwards)."""
    barrier = _BARRIER.search(text[lowest:year][::-1])
    return year - barrier.start() if barrier else lowest


def _patterns_marked_in(text: str) -> tuple[int, ...]:
    """The indices of the patterns whose mark ``text`` holds."""
    return _patterns_with_marks(tuple(name for name, test in _MARKS.items() if test(text)))


@cache
def _patterns_with_marks(marks: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(i for i, (mark, _) in enumerate(_PATTERNS) if mark in marks)


def find_dates(text: str) -> list[FoundDate]:
    """Every full date (with a month, or a CJK year) in ``text``, non-overlapping, in order."""
    found: list[FoundDate] = []
    year = _YEAR_HINT.search(text)
    if year is None:
        return found
    # The alternation costs a try of every pattern at every position, so each scan starts
    # where the next date can start: a little before the next year (no date starts far
    # before its year, none before a barrier), and no scan runs past the last year.
    start = _lead_start(text, year.start(), max(0, year.start() - _LONGEST_LEAD))
    # Only the patterns whose mark the text holds from there: dropping an alternative that
    # cannot match leaves every match of the alternation as it was.
    marked = _patterns_marked_in(text[start:])
    if not marked:
        return found
    any_date, groups_of = _combined(marked)
    m = any_date.search(text, start)
    while m is not None:
        parts = _parts(_groups(m, groups_of))
        if parts:
            found.append(FoundDate(m.start(), m.end(), parts))
        year = _YEAR_HINT.search(text, m.end())
        if year is None:
            break
        m = any_date.search(text, _lead_start(text, year.start(), m.end()))
    return found


def _groups(m: re.Match[str], groups_of: dict[str, list[str]]) -> dict[str, str]:
    """The groups that matched, by their pattern's names (``y``, not ``y_3``)."""
    alternative = m.lastgroup or "a_0"
    cut = len(alternative) - 1  # "y_3"[:-2] == "y": drop the "_3" suffix
    groups = {}
    for name in groups_of[alternative]:
        value = m.group(name)
        if value is not None:
            groups[name[:-cut]] = value
    return groups


def bare_year(text: str) -> FoundDate | None:
    """The last four-digit year standing alone in ``text`` (for "1986" in publisher data)."""
    years = list(_BARE_YEAR.finditer(text))
    if not years:
        return None
    m = years[-1]
    return FoundDate(m.start(), m.end(), ((int(m.group("y")),),))


def _parts(groups: dict[str, str]) -> tuple[DateParts, ...]:
    if groups.get("era"):
        era_year = groups["era_year"]
        year = ERA_BASE[groups["era"]] + (1 if era_year == "元" else int(era_year))
    else:
        year = int(groups["y"] or 0)
    month = _month(groups)
    day = int(groups["d"]) if groups.get("d") else None
    if month is not None and not 1 <= month <= 12:
        return ()
    if day is not None and not 1 <= day <= 31:
        return ()
    if groups.get("m2"):
        return ((year, month or 1), (year, int(groups["m2"])))
    if groups.get("mon2"):
        return ((year, month or 1), (year, _EN_MONTHS[groups["mon2"].casefold().rstrip(".")]))
    first: DateParts = (year,)
    if month:
        first = (year, month) if day is None else (year, month, day)
    return (first,)


def _month(groups: dict[str, str]) -> int | None:
    if groups.get("m"):
        return int(groups["m"] or 0)
    if groups.get("mon"):
        return _EN_MONTHS[(groups["mon"] or "").casefold().rstrip(".")]  # casefold: ſep is sep
    if groups.get("rmon"):
        word = (groups["rmon"] or "").lower()
        for stem, number in sorted(_RU_MONTHS.items(), key=lambda kv: -len(kv[0])):
            if word.startswith(stem):
                return number
    return None


def iso(parts: tuple[DateParts, ...]) -> str:
    """ISO 8601 text of CSL date parts: ``2014-05-28``, ``2003-03/2003-04``."""
    return "/".join("-".join([str(p[0])] + [f"{x:02d}" for x in p[1:]]) for p in parts)
