"""Court decisions in Taiwanese notes, which name a case by its court, year and number.

    最高法院 100 年度台上字第 1314 號民事判決。
    參照最高法院 101 年度台上字第 1187 號民事判決（2012 年 8 月 2 日）。
    司法院大法官釋字第 748 號解釋（2017 年 5 月 24 日）。

The designation is the title (CSL ``legal_case``); the court is the author, as an
institution; the year is the Republic-era year of the docket (100 年度 is 2011) unless the
note gives the date of the decision.
"""

from __future__ import annotations

import re

from citecheck.citations.dates import find_dates
from citecheck.citations.patterns import DASHES, HAN, dashed
from citecheck.citations.styled import StyledFields
from citecheck.models import Name

_CASE = re.compile(
    rf"(?P<court>[{HAN}]{{0,8}}法院(?:[{HAN}]{{1,4}}分院)?|司法院)"
    rf"\s*(?:(?P<year>\d{{2,3}})\s*年度\s*[{HAN}]{{1,6}}字第\s*\d+\s*號"
    rf"(?:[{HAN}]{{0,4}}(?:判決|裁定|判例|決議))?"
    r"|大法官(?:會議)?釋字第\s*\d+\s*號(?:解釋)?)"
)

EXAMPLES = (
    "最高法院 100 年度台上字第 1314 號民事判決。",
    "司法院大法官釋字第 748 號解釋（2017 年 5 月 24 日）。",
)


def looks_legal_case(text: str) -> bool:
    """A note that cites a court decision by its designation, near the note's start."""
    m = _CASE.search(text)
    return bool(m and m.start() <= 6)


def read_legal_case(text: str) -> StyledFields:
    """The fields of a court decision note (a URL and access date already removed)."""
    f = StyledFields(type="legal_case")
    m = _CASE.search(text)
    if m is None:
        return f
    f.title = re.sub(r"\s+", " ", m.group(0)).strip()
    f.authors = (Name(literal=m.group("court")),)
    dates = find_dates(text[m.end() :])
    if dates:
        f.issued = dates[0].parts
    elif m.group("year"):
        f.issued = ((1911 + int(m.group("year")),),)
    pages = re.search(rf"頁\s*(\d+(?:\s*[{DASHES}]\s*\d+)?)", text[m.end() :])
    if pages:
        f.page = dashed(pages.group(1))
    return f


# 《民法》第 184 條: a statute (its name ends with 法, 條例, 公約 …) cited by article.
_STATUTE_NAME = re.compile(r"(?:法|條例|条例|規則|规则|辦法|办法|公約|公约|規程|规程|通則|通则)$")
_ARTICLE = re.compile(r"第\s*\d+\s*[條条]")


def is_statute(title: str | None, text: str) -> bool:
    """Whether a note cites a statute by article: 《民法》第 184 條第 1 項."""
    return bool(title and _STATUTE_NAME.search(title) and _ARTICLE.search(text))
