"""Japanese notes: 「」 around an article's title, 『』 around a book's or a journal's.

    川島真「中国外交における対日政策の位相」『国際問題』第648号、2016年1月、12-21頁。
    添谷芳秀『日本の「ミドルパワー」外交』（筑摩書房、2005年）、45頁。
    毛里和子「日中関係の構造変化」国分良成編『中国は、いま』（岩波書店、2011年）、201-220頁。
    ジョセフ・S・ナイ〔山岡洋一訳〕『ソフト・パワー』（日本経済新聞社、2004年）、34頁。
    外務省「日中関係（基礎データ）」、https://www.mofa.go.jp/…（2020年3月1日閲覧）。

The author stands before the first bracket; 〔〕 after it names a translator or editor (so
does （） when it ends in the role: （杉田弘毅監訳））; a name followed by 編 before 『』 is the
editor of that book (of the book that holds the chapter, after a 「」 title); the publisher
and year stand in （）, the year possibly in an era (平成15年). A 「」 note of kanji only is
Japanese when 、 and never ， separates its fields. Back-references (同上, 同書, 前掲注(4),
添谷、前掲書) are read by the general reader. Every note here is ``language: ja``.
"""

from __future__ import annotations

import re

from citecheck.citations.dates import find_dates
from citecheck.citations.patterns import ERA_NAMES, HAN, KANA, PAGE_RANGE, dashed
from citecheck.citations.styled import StyledFields
from citecheck.models import Name

EXAMPLES = (
    "川島真「中国外交における対日政策の位相」『国際問題』第648号、2016年1月、12-21頁。",
    "添谷芳秀『日本の「ミドルパワー」外交』（筑摩書房、2005年）、45頁。",
    "毛里和子「日中関係の構造変化」国分良成編『中国は、いま』（岩波書店、2011年）、201-220頁。",
    "ジョセフ・S・ナイ〔山岡洋一訳〕『ソフト・パワー』（日本経済新聞社、2004年）、34頁。",
    "「尖閣諸島をめぐる日中関係」『読売新聞』2012年9月15日、3面。",
    "外務省「日中関係（基礎データ）」、<https://www.mofa.go.jp/mofaj/area/china/data.html>。",
)

# 〔〕 after the author holds a translator or an editor; plain brackets do too when they
# end in the role (ケント・E・カルダー（杉田弘毅監訳）), and otherwise are no part of the author.
_AUTHOR = (
    r"(?P<author>[^「『〔（(、，,。]{1,40}?)?\s*"
    r"(?:〔(?P<role>[^〕]{1,30})〕|[（(](?P<bracketed_role>[^（）()]{0,28}?(?:訳|編著|編|監修))[）)])?\s*"
)
_ARTICLE = re.compile(
    rf"^{_AUTHOR}「(?P<title>[^」]+)」\s*[、，,]?\s*"
    r"(?:(?P<editors>[^『「、，,]{1,30}?)(?:編著|編|監修)\s*)?"
    r"(?:『(?P<container>[^』]+)』)?(?P<rest>.*)$"
)
_BOOK = re.compile(rf"^{_AUTHOR}『(?P<title>[^』]+)』(?P<rest>.*)$")
_KANA_OR_ACCESS = re.compile(f"[{KANA}]|閲覧")
# Japanese punctuation in a note of kanji only: 、 (not Chinese ，) separates its fields,
# after a closing bracket, a date or a number ("首相官邸「日中首脳会談」2019年12月23日、…").
_FIELD_COMMA = re.compile(r"[」』）)日年号頁]\s*、")
_PUBLICATION = re.compile(
    rf"[（(](?P<body>[^（）()]*?(?:\d{{4}}|(?:{ERA_NAMES})\s*(?:\d{{1,2}}|元))\s*年?[^（）()]*)[）)]"
)
_VOLUME = re.compile(r"第\s*(?P<v>\d+)\s*巻")
_ISSUE = re.compile(r"(?:第\s*)?(?P<i>\d+)\s*号")
_PAGES = re.compile(rf"(?P<p>{PAGE_RANGE})\s*(?:頁|ページ|面)|pp?\.\s*(?P<p2>{PAGE_RANGE})")
_NEWS = re.compile(r"新聞$|タイムズ$|通信$")
_ROLE_EDITOR = re.compile(r"(?P<names>.*?)\s*(?:編著|編|監修)$")
# A publisher named right after the book's title, before the year: 朝日新聞社、1999年.
_BARE_PUBLISHER = re.compile(
    rf"^\s*[、，,]?\s*(?P<pub>[{HAN}{KANA}][^、，,\d（）()]{{1,20}})\s*[、，,]\s*(?=\d{{4}}|(?:{ERA_NAMES}))"
)
_REPORT_TITLE = re.compile(r"白書|青書|報告書")
_HAN_NAME = re.compile(f"[{HAN}]{{2,6}}")


def looks_japanese(text: str) -> bool:
    """A note that opens with an author (or nothing) and a 『』 title, or a 「」 title
    followed by 『』 or, on a web page, Japanese kana or 閲覧."""
    if _BOOK.match(text):
        return True
    m = _ARTICLE.match(text)
    return bool(
        m and (m.group("container") or _KANA_OR_ACCESS.search(text) or _japanese_commas(text))
    )


def _japanese_commas(text: str) -> bool:
    """Fields separated by 、 and never by the Chinese full-width comma ，."""
    return "，" not in text and _FIELD_COMMA.search(text) is not None


def read_japanese(text: str) -> StyledFields:
    """The fields of one Japanese note (URL and accessed date already removed)."""
    f = StyledFields(language="ja")
    text = text.strip().rstrip("。.")
    article = _ARTICLE.match(text)
    m = article if article and (article.group("container") or not _BOOK.match(text)) else None
    if m is not None:
        f.container = m.group("container")
        if m.group("editors"):
            f.editors = _names(m.group("editors"))
    elif (m := _BOOK.match(text)) is None:
        return f
    f.title = m.group("title").strip()
    author = (m.group("author") or "").strip()
    if (editor := _ROLE_EDITOR.match(author)) and editor.group("names"):
        f.editors = _names(editor.group("names"))  # 川島真編『書名』: the book's editor
    else:
        f.authors = _names(author)
    _read_role(m.group("role") or m.group("bracketed_role"), f)
    rest = m.group("rest")
    if publication := _PUBLICATION.search(rest):
        _read_publication(publication.group("body"), f)
        rest = rest[: publication.start()] + rest[publication.end() :]
    elif f.container is None and (publisher := _BARE_PUBLISHER.match(rest)):
        f.publisher = publisher.group("pub")  # 『書名』朝日新聞社、1999年: no brackets
        rest = rest[publisher.end() :]
    _read_details(rest, f)
    f.type = _type(f)
    return f


def _read_role(role: str | None, f: StyledFields) -> None:
    """〔山岡洋一訳〕 names a translator (not kept); 〔編〕 makes the author an editor."""
    if not role or not (editor := _ROLE_EDITOR.match(role)):
        return
    if editor.group("names"):
        f.editors = _names(editor.group("names"))
    else:
        f.authors, f.editors = (), f.authors


def _read_publication(body: str, f: StyledFields) -> None:
    """（岩波書店、2014年）: publisher and year (an era year such as 平成15年 too)."""
    dates = find_dates(body)
    if dates:
        f.issued = dates[0].parts
        body = body[: dates[0].start] + body[dates[0].end :]
    elif year := re.search(r"\d{4}", body):
        f.issued = ((int(year.group(0)),),)
        body = body.replace(year.group(0), "")
    parts = [p.strip(" 　") for p in re.split(r"[、，,]", body) if p.strip(" 　年")]
    if parts:
        place, _, publisher = parts[0].rpartition("：")
        f.publisher, f.place = publisher.strip() or None, place.strip() or None


def _read_details(rest: str, f: StyledFields) -> None:
    """Volume, issue, date and pages after the titles: 第75巻第1号（2002年）、1-22頁."""
    if volume := _VOLUME.search(rest):
        f.volume = volume.group("v")
        rest = rest[: volume.start()] + rest[volume.end() :]
    pages = list(_PAGES.finditer(rest))
    if pages:
        f.page = dashed(pages[-1].group("p") or pages[-1].group("p2"))
        rest = rest[: pages[-1].start()] + rest[pages[-1].end() :]
    dates = find_dates(rest)
    if dates and not f.issued:
        f.issued = dates[0].parts
        rest = rest[: dates[0].start] + rest[dates[0].end :]
    elif not f.issued and (year := re.search(r"(?<!\d)(?:19|20)\d{2}(?!\d)", rest)):
        f.issued = ((int(year.group(0)),),)
        rest = rest[: year.start()] + rest[year.end() :]
    if issue := _ISSUE.search(rest):
        f.issue = issue.group("i")


def _type(f: StyledFields) -> str | None:
    if f.title and _REPORT_TITLE.search(f.title):  # 『外交青書』, 『防衛白書』
        return "report"
    if f.container:
        if f.publisher or f.editors:
            return "chapter"
        if _NEWS.search(f.container):
            return "article-newspaper"
        return "article-journal"
    if f.publisher:
        return "book"
    return None  # a web page or a document: decided by whether it has a URL


def _names(text: str) -> tuple[Name, ...]:
    """高原明生・前田宏子 is two names; ジョセフ・S・ナイ is one (・ inside a transcription)."""
    text = text.strip(" 、，,")
    if not text:
        return ()
    parts = [p for p in re.split(r"[・、/／]", text) if p.strip()]
    if len(parts) > 1 and all(_HAN_NAME.fullmatch(p.strip()) for p in parts):
        return tuple(Name(literal=p.strip()) for p in parts)
    return (Name(literal=text),)
