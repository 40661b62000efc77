"""Chinese references without any title marks, elements separated by commas or stops.

    刘春, 舞蹈新媒体初探, 北京舞蹈学院学报, 2005.
    赵波. (2015). 宋元袍服研究. 服饰导刊, 27-35.
    李龙彬, 2008, 铁岭境内高句丽山城的几个问题, 东北史地 4期.

Reference lists typed by hand, and lists converted from other languages' journals, drop the
《》 and 〈〉 that Chinese styles use. Such a note is read when it opens with personal names,
names a year, and has a Chinese title of some length: prose rarely does all three.
"""

from __future__ import annotations

import re

from citecheck.citations.patterns import HAN, PAGE_RANGE, dashed
from citecheck.citations.styled import StyledFields
from citecheck.models import Name

_CJK = HAN
_NAMES = re.compile(rf"^[{_CJK}]{{2,4}}(?:\s*[.·、/ ]\s*[{_CJK}]{{2,4}})*(?:\s*等)?$")
_SEPARATOR = re.compile(r"\s*[,，]\s*|(?<=[^\d\s])\.\s*|\.\s+")
_NAME_YEAR = re.compile(r"^(?P<name>.+?)\s*[(（](?P<y>(?:19|20)\d{2})[)）]$")
_PUBLICATION = re.compile(r"[(（][^()（）]*[:：][^()（）]*[)）]")
_YEAR = re.compile(r"^[(（]?(?P<y>(?:19|20)\d{2})[)）]?(?:\s*年)?$")
_FULL_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?"
)
_ISSUE = re.compile(
    r"(?:總?第\s*(?P<i>\d+)\s*[期輯辑號号])|(?P<i2>\d+)\s*[期号號]|제\s*(?P<i3>\d+)\s*호"
)
_VOLUME = re.compile(
    r"第\s*(?P<v>\d+)\s*卷|제\s*(?P<v2>\d+)\s*권|권\s*(?P<v3>\d+)|(?P<v4>\d+)\s*卷"
)
_PAGES = re.compile(
    rf"^(?:pp?\.\s*)?(?P<p>{PAGE_RANGE})$"
    r"|^(?P<v>\d+)\s*[:：]\s*(?P<p2>\d+(?:-\d+)?)$"
)
_JOURNAL_END = re.compile(r"(?P<c>.+?)\s*(?P<y>(?:19|20)\d{2})\s*;\s*(?P<rest>.*)$")

EXAMPLES = (
    "刘春, 舞蹈新媒体初探, 北京舞蹈学院学报, 2005.",
    "赵波. (2015). 宋元袍服研究. 服饰导刊, 27-35.",
    "李龙彬, 2008, 铁岭境内高句丽山城的几个问题, 东北史地 4期.",
)
# Every way of stating the year below spells it 19xx or 20xx: the registry's pre-filter.
NEEDLES = ("19", "20")
# A GB/T 7714 document-type code ([J], [M], [EB/OL]): a marked reference, not an unmarked one.
_TYPE_CODE = re.compile(r"[\[［][A-Z]{1,2}(?:/[A-Z]{2})?[\]］]")


def _parts(text: str) -> list[str]:
    return [p.strip(" .") for p in _SEPARATOR.split(text.strip(" .。")) if p.strip(" .")]


def looks_plain_cjk(text: str) -> bool:
    """Names first, a year, and a Chinese title of four characters or more (and no
    publication parenthesis, which the general reader handles)."""
    if _PUBLICATION.search(text) or _TYPE_CODE.search(text):
        return False
    names, rest, _ = _split_names(_parts(text))
    if not names or len(rest) < 2:
        return False
    if re.search(r"[。！？]", text.rstrip("。 ")):
        return False  # sentences: prose
    # The year stands as an element of its own ("2005", "(2015)", "鄧颖芝(2010)",
    # "雜誌2009;8:484"), never inside a clause ("在2014年以後").
    has_year = (
        any(_YEAR.match(p) or _FULL_DATE.fullmatch(p) for p in rest)
        or _ends_with_year(text)
        or bool(re.search(r"(?:19|20)\d{2}\s*;", text))
    )
    has_title = any(len(re.findall(f"[{_CJK}]", p)) >= 4 for p in rest[:2])
    return has_year and has_title


def _ends_with_year(text: str) -> bool:
    return bool(_NAME_YEAR.match(_parts(text)[0]) if _parts(text) else False)


def _split_names(parts: list[str]) -> tuple[list[str], list[str], int | None]:
    """Leading name parts (and a year attached as ``鄧颖芝(2010)``), the rest, the year."""
    names: list[str] = []
    year = None
    for index, part in enumerate(parts):
        attached = _NAME_YEAR.match(part)
        candidate = attached.group("name") if attached else part
        if not _NAMES.match(candidate) or index >= 8:
            return names, parts[index:], year
        names += [n for n in re.split(r"\s*[.·、/ ]\s*", candidate.removesuffix("等")) if n]
        if attached:
            return names, parts[index + 1 :], int(attached.group("y"))
    return names, [], year


def read_plain_cjk(text: str) -> StyledFields:
    """The fields of one unmarked Chinese reference."""
    f = StyledFields()
    names, rest, year = _split_names(_parts(text))
    f.authors = tuple(Name(literal=n) for n in names)
    if year:
        f.issued = ((year,),)
    for part in rest:
        _read_part(part, f)
    return f


def _read_part(part: str, f: StyledFields) -> None:
    if (year := _YEAR.match(part)) and not f.issued:
        f.issued = ((int(year.group("y")),),)
        return
    if (date := _FULL_DATE.search(part)) and not f.issued:
        f.issued = (tuple(int(g) for g in date.groups() if g),)
        return
    if (pages := _PAGES.match(part)) and f.title:
        f.page = dashed(pages.group("p") or pages.group("p2"))
        f.volume = f.volume or pages.group("v")
        return
    if (volume := _VOLUME.search(part)) and f.title:
        f.volume = next(g for g in volume.groups() if g)
        part = part[: volume.start()] + part[volume.end() :]
    if (issue := _ISSUE.search(part)) and f.title:
        f.issue = next(g for g in issue.groups() if g)
        part = part[: issue.start()] + part[issue.end() :]
    part = part.strip(" ,，")
    if not part:
        return
    if f.title is None and re.search(f"[{_CJK}]", part):
        f.title = part
    elif f.container is None and re.search(f"[{_CJK}]", part):
        _read_container(part, f)


def _read_container(part: str, f: StyledFields) -> None:
    """``疾病監測与控制雜誌2009;8:484-5`` (Vancouver style) or a plain journal name."""
    m = _JOURNAL_END.match(part)
    if m:
        f.container = m.group("c").strip()
        f.issued = f.issued or ((int(m.group("y")),),)
        rest = re.match(
            r"(?P<v>\d+)?\s*(?:[(（](?P<i>\d+)[)）])?\s*[:：]\s*(?P<p>[\d-]+)", m.group("rest")
        )
        if rest:
            f.volume, f.issue, f.page = rest.group("v"), rest.group("i"), rest.group("p")
        return
    f.container = part
