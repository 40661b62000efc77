"""Chinese notes in the GB/T 7714 style, marked by a document-type code such as ``[J]``.

    王缉思, 李晨. 中美关系的结构性变化[J]. 国际政治研究, 2020, 41(4): 83-90.
    阎学通. 道义现实主义的国际关系理论[M]. 北京: 北京大学出版社, 2018: 23.
    张三. 论人民币国际化[N]. 人民日报, 2014-05-03(7).
    外交部. 白皮书[EB/OL]. (2017-01-11)[2020-03-01]. https://www.fmprc.gov.cn/….
    李四. 中俄能源合作研究[D]. 北京: 北京大学, 2015.

The code before the first ". " after it decides the CSL type; what follows it is read by
the pattern of that type. The URL is taken out beforehand by the common reader.
"""

from __future__ import annotations

import re

from citecheck.citations.patterns import DASHES, HAN
from citecheck.citations.styled import StyledFields, dashed
from citecheck.models import DateParts, Name

_CODE = re.compile(  # [M] or, typeset in full width, ［M］
    r"[\[［](?P<code>M|J|N|D|C|R|S|P|EB|Z|A|G|DB|CP|DS|CM|K|Y)(?:/(?:OL|MT|DK|CD))?[\]］]", re.I
)
# CSL types of the GB/T 7714-2015 document-type codes.
_TYPES = {
    "M": "book",
    "J": "article-journal",
    "N": "article-newspaper",
    "D": "thesis",
    "C": "paper-conference",
    "R": "report",
    "S": "standard",
    "P": "patent",
    "EB": "webpage",
    "Z": "document",
    "A": "chapter",
    "G": "book",
    "DB": "dataset",
    "CP": "software",
    "DS": "dataset",
    "CM": "map",
    "K": "document",
    "Y": "document",
}
_CJK = re.compile(rf"[{HAN}]")
_ET_AL = re.compile(r"[,，、]?\s*(?:等|et\s+al\.?)\s*$", re.I)
_JOURNAL = re.compile(
    r"^(?P<c>[^,，]+?)\s*[,，]\s*(?P<y>\d{4})\s*(?:[,，]\s*(?P<v>[^(（:：,，.]+))?\s*"
    rf"(?:[(（](?P<i>[^)）]+)[)）])?\s*(?:[:：]\s*(?P<p>[\dA-Za-z]+(?:\s*[{DASHES}]\s*[\dA-Za-z]+)?))?"
)
_IMPRINT = re.compile(
    r"^(?:(?P<place>[^:：,，.]{1,30})\s*[:：]\s*)?(?P<pub>[^,，:：]+?)\s*[,，]\s*(?P<y>\d{4})"
    rf"(?:\s*[:：]\s*(?P<p>\d+(?:\s*[{DASHES}]\s*\d+)?))?"
)
# "London: Chatham House; Washington, D.C.: Brookings, 2008: 56": two places, two publishers.
_TWO_PUBLISHERS = re.compile(
    r"^(?P<pairs>[^;；:]+:[^;；:]+(?:[;；][^;；:]+:[^;；:]+)+?)\s*[,，]\s*(?P<y>\d{4})"
    rf"(?:\s*[:：]\s*(?P<p>\d+(?:\s*[{DASHES}]\s*\d+)?))?"
)
_NEWSPAPER = re.compile(
    r"^(?P<c>[^,，]+?)\s*[,，]\s*(?P<d>\d{4}-\d{1,2}(?:-\d{1,2})?)\s*(?:[(（](?P<p>[^)）]+)[)）])?"
)
_WEB_DATES = re.compile(
    r"[(（]\s*(?P<issued>\d{4}(?:-\d{1,2}){0,2})\s*[)）]\s*(?:\[\s*(?P<acc>\d{4}-\d{1,2}-\d{1,2})\s*\])?"
)
_ACCESSED_ONLY = re.compile(r"\[\s*(?P<acc>\d{4}-\d{1,2}-\d{1,2})\s*\]")

EXAMPLES = (
    "王缉思, 李晨. 中美关系的结构性变化[J]. 国际政治研究, 2020, 41(4): 83-90.",
    "阎学通. 道义现实主义的国际关系理论[M]. 北京: 北京大学出版社, 2018: 23.",
    "张三. 论人民币国际化[N]. 人民日报, 2014-05-03(7).",
    "李四. 中俄能源合作研究[D]. 北京: 北京大学, 2015.",
    "Lo B. Axis of convenience[M]. London: Chatham House; Washington, D.C.: Brookings, 2008: 56.",
)


def looks_gbt(text: str) -> bool:
    """A note with a GB/T 7714 document-type code after its title."""
    code = _CODE.search(text)
    if code is None or code.start() < 2:
        return False
    return text[code.end() : code.end() + 3].lstrip()[:1] in (".", "．", "/", ",", "，", "")


def read_gbt(text: str) -> StyledFields:
    """The fields of one GB/T 7714 note (URL already removed)."""
    f = StyledFields()
    code = _CODE.search(text)
    if code is None:
        return f
    f.type = _TYPES.get(code.group("code").upper(), "document")
    head, tail = text[: code.start()], text[code.end() :].lstrip(" .．")
    authors, f.title = _authors_and_title(head)
    f.authors, f.et_al = _names(authors)
    if tail.startswith("//"):
        tail = _container_part(tail[2:], f)
        if f.type == "paper-conference" and not _PROCEEDINGS.search(f.container or ""):
            f.type = "chapter"  # [C]// an edited book (论文集 aside): a chapter in it
    _read_tail(tail.strip(" .．"), f)
    return f


# [C] is the code of proceedings, and also what notes give a chapter of an edited book
# ("[C]//李进峰. 上海合作组织二十年：成就和经验"): only a container that says it is a
# meeting's volume or a collection of papers keeps the type of a conference paper.
_PROCEEDINGS = re.compile(
    r"会议|會議|论文集|論文集|研讨会|研討會|论坛|論壇|年会|年會|proceedings|conference|"
    r"symposium|workshop|congress|colloqui|meeting|конференци|симпозиум",
    re.IGNORECASE,
)


def _authors_and_title(head: str) -> tuple[str, str | None]:
    """``王缉思, 李晨. 标题`` → (authors, title); a head without authors is all title."""
    m = re.match(r"^(?P<a>[^.．]{1,120}?)[.．]\s*(?P<t>.+)$", head.strip())
    if m and _names_like(m.group("a")):
        return m.group("a"), _clean(m.group("t"))
    return "", _clean(head)


def _names_like(text: str) -> bool:
    parts = [p.strip() for p in re.split(r"[,，、;；]", _ET_AL.sub("", text)) if p.strip()]
    if not parts:
        return False
    if _CJK.search(text):  # people, or bodies such as 中华人民共和国国务院新闻办公室
        return all(len(p) <= 24 for p in parts)
    return all(re.fullmatch(r"[A-Za-zÀ-ž'’\- ]{1,40}", p) for p in parts)


def _names(text: str) -> tuple[tuple[Name, ...], bool]:
    et_al = bool(_ET_AL.search(text))
    parts = [p.strip() for p in re.split(r"[,，、;；]", _ET_AL.sub("", text)) if p.strip()]
    names = []
    for part in parts:
        words = part.split()
        if _CJK.search(part) or len(words) == 1:
            names.append(Name(literal=part))
        else:  # "SMITH J" / "Smith John": family first, then given or initials
            names.append(Name(family=words[0].title(), given=" ".join(words[1:])))
    return tuple(names), et_al


def _container_part(tail: str, f: StyledFields) -> str:
    """``//编者. 论文集. 北京: 出版社, 2010: 12-20`` → the collection as container; returns
    the imprint that follows it."""
    code = _CODE.search(tail)
    if code:
        collection, rest = tail[: code.start()], tail[code.end() :]
    else:
        imprint = re.search(r"[.．]\s*(?=[^.．:：]{1,30}[:：][^.．]+?[,，]\s*\d{4})", tail)
        cut = imprint.start() if imprint else len(tail)
        collection, rest = tail[:cut], tail[imprint.end() :] if imprint else ""
    editors, f.container = _authors_and_title(collection)
    f.editors = _names(editors)[0]
    return rest


def _read_tail(tail: str, f: StyledFields) -> None:
    if f.type == "webpage" or "(" in tail[:2] or "（" in tail[:2]:
        web = _WEB_DATES.search(tail)
        if web:
            f.issued = (_iso(web.group("issued")),)
            if web.group("acc"):
                f.accessed = (_iso(web.group("acc")),)
            tail = tail[: web.start()].strip(" .．")
            if not tail:
                return
    accessed = _ACCESSED_ONLY.search(tail)
    if accessed and not f.accessed:
        f.accessed = (_iso(accessed.group("acc")),)
        tail = (tail[: accessed.start()] + tail[accessed.end() :]).strip(" .．")
    if f.type == "article-newspaper" and (m := _NEWSPAPER.match(tail)):
        f.container, f.issued = _clean(m.group("c")), (_iso(m.group("d")),)
        f.page = m.group("p")
    elif f.type in ("article-journal",) and (m := _JOURNAL.match(tail)):
        f.container, f.issued = _clean(m.group("c")), ((int(m.group("y")),),)
        f.volume, f.issue = _clean(m.group("v") or ""), m.group("i")
        f.page = _range(m.group("p"))
    elif m := _TWO_PUBLISHERS.match(tail):
        pairs = [pair.partition(":") for pair in re.split(r"\s*[;；]\s*", m.group("pairs"))]
        f.place = "; ".join(place.strip() for place, _, _ in pairs)
        f.publisher = "; ".join(publisher.strip() for _, _, publisher in pairs)
        f.issued = f.issued or ((int(m.group("y")),),)
        f.page = _range(m.group("p"))
    elif m := _IMPRINT.match(tail):
        f.place, f.publisher = _clean(m.group("place") or ""), _clean(m.group("pub"))
        f.issued = f.issued or ((int(m.group("y")),),)
        f.page = _range(m.group("p"))
    elif year := re.search(r"\b(\d{4})\b", tail):
        f.issued = f.issued or ((int(year.group(1)),),)


def _iso(text: str) -> DateParts:
    return tuple(int(part) for part in text.split("-")[:3])


def _range(text: str | None) -> str | None:
    return dashed(text) if text else None


def _clean(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text).strip(" .．,，;；")
    return text or None
