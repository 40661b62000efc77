"""Read the fields of one citation segment.

The segment has its titles and URLs protected (see ``markup``). Fields are lifted out one
kind at a time, most distinctive first (relation words, URL, access date, publication
parenthesis, pages, volume and issue, dates), each removing what it used, so that what
is left around the titles is the author before them and the container or publisher
after them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citecheck.citations.dates import FoundDate, bare_year, find_dates
from citecheck.citations.markup import (
    IMPRINT_MARK,
    PLACEHOLDER,
    PLACEHOLDER_START,
    Protected,
    Span,
    SpanKind,
    inside_placeholder,
    placeholder_pattern,
)
from citecheck.citations.names import looks_like_names
from citecheck.citations.patterns import (
    ACCESSED,
    ACCESSED_AFTER_WORDS,
    CN_NUMBER,
    DASHES,
    ERA_NAMES,
    HAN,
    PAGE_RANGE,
    alternation,
    cn_number,
)
from citecheck.citations.split import (
    BACK_REFERENCE,
    LEAD_IN,
    NOTE_REFERENCE,
    OP_CIT,
    RELATION_PREFIX,
)
from citecheck.citations.styled import dashed
from citecheck.models import DateParts, Relation

_ACCESSED = re.compile(rf"(?:[(（]?\s*)(?:{ACCESSED})\s*[:：]?\s*", re.IGNORECASE)
# A word that every phrase of _ACCESSED holds (checked with ``in`` before the pattern runs).
_ACCESSED_WORDS = (
    "日期",
    "時間",
    "时间",
    "瀏覽",
    "浏览",
    "access",
    "retriev",
    "view",
    "visit",
    "дата",
    "просмотр",
    "閲覧",
    "アクセス",
)
ACCESSED_AFTER = alternation(ACCESSED_AFTER_WORDS)
_PAGES = re.compile(
    rf"(?:頁|页)\s*(?P<a>\d+(?:\s*[{DASHES}]\s*\d+)?)(?:\s*[上下ab](?![\w]))?"
    rf"(?:[、,，]\s*(?P<more>\d+\s*[{DASHES}]\s*\d+))?"
    rf"|第\s*(?P<d>[A-Z]?\d+(?:\s*[{DASHES}]\s*\d+)?)\s*[頁页版]"
    r"|(?<![\w])(?P<f>[A-Z]\d{1,3})\s*版"
    r"|(?<![\w])版\s*(?P<e>[A-Z]?\d+)(?![\w])"
    # p. 45, pp. 2-12, S. 7, с. 15; roman pages in lower case only ("S. Chase" is a name)
    r"|\b(?:pp?|S|стр|с)\.\s*(?P<b>(?:\d+|(?-i:[ivxlc]+))"
    rf"(?:\s*[{DASHES}]\s*(?:\d+|(?-i:[ivxlc]+)))?)(?![^\W\d_])"
    rf"|(?<=:)\s*(?P<c>\d+\s*[{DASHES}]\s*\d+)\s*$"
    # 45頁, 12-21頁: Japanese notes put the page before 頁 (Chinese ones write 第 45 頁)
    rf"|(?<![\w第])(?P<g>\d+(?:\s*[{DASHES}]\s*\d+)?)\s*(?:頁|ページ)",
    re.IGNORECASE,
)
_VOLUME = re.compile(
    rf"第\s*(?P<v>\d+|{CN_NUMBER})\s*卷|"
    r"(?<!第)卷\s*(?P<v3>\d+)|\b(?:Vol|vol|Volume|Т|т|Том)\.?\s*(?P<v2>\d+)"
)
_ISSUE = re.compile(
    r"第\s*(?P<i>[A-Z]?\d+)\s*[期號号]|\b(?:No|no|Nr|Issue|№|Вып)\.?\s*(?P<i2>\d+)|№\s*(?P<i3>\d+)"
)
# "54(2)：1-32" / "13(4)，1-40": volume, issue in brackets, pages (APA-like notes).
_VOLUME_ISSUE_PAGES = re.compile(
    r"(?<![\d\w.])(?P<v>\d{1,3})\s*[(（](?P<i>\d{1,3}(?:[-–/]\d{1,3})?)[)）]"
    rf"(?:\s*[:：,，]\s*(?P<p>\d+(?:\s*[{DASHES}]\s*\d+)?)(?![\d年]))?"
)
# "2009 年第 S2 期": a supplement's issue keeps its letter.
_YEAR_ISSUE = re.compile(r"(?P<y>\d{4})\s*年\s*第\s*(?P<i>[A-Z]?\d+)\s*期")
# Chicago journal volume and year: "*Journal* 19 (1965)".
_VOLUME_YEAR = re.compile(r"(?<![\d\w])(?P<v>\d{1,4})\s*[(（](?P<y>\d{4})[)）]")
_PUB_PAREN = re.compile(  # (Place: Publisher, 2011) — or 昭和 14 年 for the year
    r"[(（](?P<body>[^()（）]*?(?:[:：][^()（）]*?)?"
    rf"(?:\d{{4}}|(?:{ERA_NAMES})\s*(?:\d{{1,3}}|元)\s*年)[^()（）]*)[)）]"
)
_ZH_PUBLISHER = re.compile(
    rf"^(?:(?P<place>[{HAN}]{{2,6}})\s*[:：]\s*)?(?P<pub>[{HAN}\w（）()·]+?"
    r"(?:出版社|出版公司|書局|书局|印書館|印书馆|出版|書店|书店|文化|大學|大学|研究所|研究院|學院|学院|"
    r"文化事業公司|事業公司|公司))\s*(?:[,，]\s*)?(?P<y>\d{4})?\s*(?:年)?(?:版)?$"
)
# "台北：五南" after a book's title: a short place name, a colon, the publisher.
_CJK_PLACE_PUBLISHER = re.compile(
    r"^(?P<place>(?![^:：]*(?:來源|来源|網址|网址|日期|時間|时间|作者|出處|出处|說明|说明|按|註|注))"
    rf"[{HAN}]{{2,4}})\s*[:：]\s*(?P<pub>[{HAN}\w·]{{2,20}})$"
)
_EN_PUBLISHER = re.compile(r"^(?P<place>[A-Z][\w .,'-]{1,40}?)\s*:\s*(?P<pub>[^:]+?)\s*$")
_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_EN_IMPRINT = re.compile(
    r"(?:^|,)\s*(?P<place>[A-Z][A-Za-z .'-]{1,30}?(?:,\s*[A-Z]\.\s*[A-Z]\.?|,\s*[A-Z]{2})?)"
    r"\s*:\s*(?P<pub>[A-Z][^,:]{2,80}?)\s*(?=,|$)"
)
_THESIS = re.compile(
    r"博士(?:學位)?論文|碩士(?:學位)?論文|博士(?:学位)?论文|硕士(?:学位)?论文|"
    r"(?:Ph\.?\s*D\.?\s*)?(?:dissertation|thesis|diss\b\.?)|диссертация",
    re.IGNORECASE,
)
# A school's name after the thesis label: Chinese, or words in capitals ("Harvard University").
_INSTITUTION = re.compile(rf"[{HAN}（）()]{{3,30}}|[A-Z][\w.&'-]*(?:\s+[\w.&'-]+){{0,8}}")
_CONFERENCE = re.compile(
    r"會議論文|会议论文|研討會|研讨会|论坛|論壇|paper presented|paper prepared for|"
    r"conference|"
    r"symposium|конференци",
    re.IGNORECASE,
)
# A word every _CONFERENCE phrase holds, checked on the case-folded text before the
# case-blind pattern runs (no "i" among them: "İ" folds to two characters).
_CONFERENCE_WORDS = (
    "會議",
    "会议",
    "研討",
    "研讨",
    "论坛",
    "論壇",
    "paper",
    "conference",
    "sympos",
    "конферен",
)


def has_thesis_label(text: str) -> bool:
    """Whether ``text`` names a thesis (博士論文, Ph.D. dissertation)."""
    return _THESIS.search(text) is not None


def _may_name_conference(text: str) -> bool:
    folded = text.casefold()
    return any(map(folded.__contains__, _CONFERENCE_WORDS))


_PRESENTED_AT = re.compile(
    r"^(?:an?\s+)?(?:conference\s+)?paper\s+(?:presented|prepared|delivered|read)\s+(?:at|for|to)"
    r"\s+(?:the\s+)?|^(?:發表於|发表于|宣讀於|宣读于|提交(?:給|给)?)\s*",
    re.IGNORECASE,
)
_CONFERENCE_LABEL = re.compile(r"會議論文|会议论文|conference paper", re.IGNORECASE)
_CONTAINER_INTRO = re.compile(
    r"^(?:载|載|收錄於|收录于|收於|收于|in|В|в)\s*[:：]?\s*", re.IGNORECASE
)
_SEPARATORS = re.compile(r"\s*[,，]\s*")
_TRIM = " ,，.。:：;；、"


@dataclass(slots=True)
class Fields:
    """Mutable working set of fields while one segment is read."""

    relation: Relation = Relation.SOURCE
    back_reference: bool = False
    url: str | None = None
    url_problem: str | None = None
    archive_url: str | None = None
    accessed: tuple[DateParts, ...] = ()
    issued: tuple[DateParts, ...] = ()
    page: str | None = None
    volume: str | None = None
    issue: str | None = None
    place: str | None = None
    publisher: str | None = None
    author_text: str = ""
    title: str | None = None
    title_kind: SpanKind | None = None
    container: str | None = None
    container_kind: SpanKind | None = None
    editor_text: str = ""
    in_volume: bool = False  # the container is the edited book holding this chapter
    op_cit: bool = False  # "Author, op. cit.": the author's work cited before
    refers_to: str | None = None  # the note a back-reference names (同註 3, supra note 3)
    genre_hint: str | None = None
    leftovers: list[str] = field(default_factory=list)


def read_fields(segment: str, protected: Protected) -> Fields:
    """Every field that ``segment`` states, with nothing guessed from outside it."""
    f = Fields()
    text = whole = take_relation(segment, f)
    named = NAMED_BACK_REFERENCE.match(text)
    if named:  # "前引王缉思：《篇名》，第17页": a short form, found by its author and title
        text = text[named.end() :]
    elif op_cit := OP_CIT.match(text):
        # "Лукин А. В. Указ. соч. С. 60": a short form naming the author only
        f.op_cit = True
        f.author_text = op_cit.group("author")
        text = text[op_cit.end() :]
    elif BACK_REFERENCE.match(text):
        f.back_reference = True
    if f.back_reference or f.op_cit:
        note = NOTE_REFERENCE.search(whole)  # in the whole text: "Lo, supra" is cut to "Lo"
        f.refers_to = note.group("note") if note else None
        text = _take_at_page(_SUPRA_NOTE_REST.sub("", text), f)
    text = _take_url(text, protected, f)
    text = take_accessed(text, f)
    text = _take_chicago_journal(text, f)
    text = _take_publication_parenthesis(text, f)
    text = _take_pages(text, f)
    text = _take_volume_issue(text, f)
    text = _take_issued(text, f)
    _take_titles_and_names(text, protected, f)
    return f


# "Id. at 140", "Lo, supra note 3, at 12": Bluebook's pinpoint after a back-reference.
_AT_PAGE = re.compile(rf"(?:^|[,，]\s*|\s)at\s+(?P<p>{PAGE_RANGE})(?![\d])")


def _take_at_page(text: str, f: Fields) -> str:
    """ "Id. at 140", "Lo, supra note 3, at 12": the pinpoint after a back-reference."""
    at = _AT_PAGE.search(text)
    if at:
        f.page = dashed(at.group("p"))
        text = text[: at.start()] + text[at.end() :]
    return text


# "note 3" left after "Lo, supra" is cut to its author.
_SUPRA_NOTE_REST = re.compile(r"^\s*(?:note|n\.)\s*\d+", re.IGNORECASE)


# 前引 (cited above) followed by the work's title, not standing for "the note before".
_TITLE_PLACEHOLDER = placeholder_pattern("Q", "A", "B", "I")
NAMED_BACK_REFERENCE = re.compile(
    rf"^(?:同前引|前引|上引|前揭)\s*(?=[^{PLACEHOLDER_START}]{{0,30}}{_TITLE_PLACEHOLDER})"
)


def take_relation(text: str, f: Fields) -> str:
    text = text.strip()
    lead_in = LEAD_IN.match(text)
    if lead_in:
        text = text[lead_in.end() :].strip()
    m = RELATION_PREFIX.match(text)
    if not m:
        return text
    f.relation = Relation.CITED_IN if m.group("cited") else Relation.SEE_ALSO
    return text[m.end() :].strip()


# A web archive's copy of the cited page: web.archive.org/web/<timestamp>/<original>.
ARCHIVE_URL = re.compile(r"^https?://(?:web\.)?archive\.org/web/\d{4,14}[a-z_]*/\S+", re.I)
# The phrase that introduces an archive link: "，Wayback Machine 存檔：", ", archived at".
_ARCHIVE_PHRASE = re.compile(
    r"(?:[，,;；]\s*)?(?:Wayback\s*Machine\s*)?(?:存[檔档]|備份|备份|archived\s+(?:at|copy)|"
    r"archive\s+copy|архивная\s+копия|архив)\s*[：:]?\s*$",
    re.IGNORECASE,
)


def _take_url(text: str, protected: Protected, f: Fields) -> str:
    """The cited URL; a web-archive copy beside it is kept apart as the archive link."""
    urls = _url_placeholders(text, protected)
    if not urls:
        return text
    archived = [ARCHIVE_URL.match(span.text) is not None for _, span in urls]
    if any(archived) and not all(archived):
        m, span = urls[archived.index(True)]
        f.archive_url = span.text
        text = _ARCHIVE_PHRASE.sub("", text[: m.start()]) + text[m.end() :]
        urls = _url_placeholders(text, protected)
    m, span = urls[0]
    f.url, f.url_problem = span.text, span.problem
    return text[: m.start()] + text[m.end() :]


def _url_placeholders(text: str, protected: Protected) -> list[tuple[re.Match[str], Span]]:
    """The URL placeholders in ``text``, in order, with their spans."""
    if PLACEHOLDER_START not in text:
        return []  # no placeholder at all: the common case of a plain text is not scanned
    found = ((m, protected.span(m)) for m in PLACEHOLDER.finditer(text))
    return [(m, span) for m, span in found if span.kind is SpanKind.URL]


# Japanese notes put the word after the date: （2020年3月1日閲覧）, 2020年3月1日最終アクセス.
_ACCESSED_AFTER = re.compile(
    rf"[(（]?\s*(?P<date>[^()（）]{{6,24}}?)\s*(?:{ACCESSED_AFTER})\s*[)）]?"
)


def take_accessed(text: str, f: Fields) -> str:
    if "閲覧" in text or "アクセス" in text:
        text = _take_accessed_after(text, f)
    lowered = text.lower()
    if not any(map(lowered.__contains__, _ACCESSED_WORDS)):
        return text  # most notes name no access date: skip the long pattern
    m = _ACCESSED.search(text)
    if not m:
        return text
    dates = [d for d in find_dates(text[m.end() :]) if d.start < 5]
    if not dates:
        return text
    date = dates[0]
    f.accessed = date.parts
    end = m.end() + date.end
    if end < len(text) and text[end] in ")）":
        end += 1
    return text[: m.start()] + text[end:]


def _take_accessed_after(text: str, f: Fields) -> str:
    for m in _ACCESSED_AFTER.finditer(text):
        dates = find_dates(m.group("date"))
        if dates:
            f.accessed = dates[0].parts
            return text[: m.start()] + text[m.end() :]
    return text


# IMPRINT_MARK (markup) marks where a publication parenthesis stood: an unmarked title ends
# there ("Axis of Convenience: Moscow, Beijing, and the New Geopolitics (Washington, DC: …)").


def _take_publication_parenthesis(text: str, f: Fields) -> str:
    """(台北：晶典文化，2011 年) / (NY: W.W. Norton & Company, 2001): place, publisher, year."""
    # Every match starts with a bracket: the scan starts at the first one.
    brackets = [i for i in (text.find("("), text.find("（")) if i != -1]
    if not brackets:
        return text
    for m in _PUB_PAREN.finditer(text, min(brackets)):
        body = m.group("body")
        if ":" not in body and "：" not in body and not _THESIS.search(body):
            continue
        read_publication(body, f)
        return text[: m.start()] + IMPRINT_MARK + text[m.end() :]
    return text


_PLACE_COLON_PUBLISHER = re.compile(r"\s*(?P<place>[^:：]+?)\s*[:：]\s*(?P<pub>[^,，]+)")
_IMPRINT_SEMICOLON = re.compile(r"\s*[;；]\s*")
_COMMA = re.compile(r"[,，]")


def read_publication(body: str, f: Fields) -> None:
    dates = find_dates(body)
    # The first date is the edition's; a later one names what it reprints (民國 36 年版).
    date: FoundDate | None = dates[0] if dates else bare_year(body)
    if date:
        f.issued = date.parts
        body = body[: date.start] + body[date.end :]
    if _THESIS.search(body):
        f.genre_hint = "thesis"
    # "Washington, DC: Department of Defense": the place may hold a comma, the colon
    # separates it from the publisher.
    m = _PLACE_COLON_PUBLISHER.match(body)
    pairs = [p.partition(":") for p in _IMPRINT_SEMICOLON.split(body.strip(_TRIM))]
    if len(pairs) > 1 and all(colon and pub.strip(_TRIM) for _, colon, pub in pairs):
        # "(London: Chatham House; Washington, D.C.: Brookings, 2008)": two imprints
        f.place = "; ".join(_place(place) for place, _, _ in pairs)
        f.publisher = "; ".join(pub.strip(_TRIM) for _, _, pub in pairs)
    elif m:
        f.place, f.publisher = _place(m.group("place")), m.group("pub").strip(_TRIM)
    else:
        parts = [p.strip(_TRIM) for p in _COMMA.split(body) if p.strip(_TRIM)]
        parts = [p for p in parts if not _THESIS.search(p)] or parts  # "PhD diss., School"
        if parts:
            f.publisher = parts[0]
    if f.publisher:
        f.publisher = _THESIS.sub("", f.publisher).strip(_TRIM) or f.publisher


def _place(text: str) -> str:
    """A place name trimmed, its abbreviation's full stop kept ("Washington, D.C.")."""
    place = text.strip(_TRIM)
    return place + "." if _ABBREVIATION_END.search(place) else place


_ABBREVIATION_END = re.compile(r"\b[A-Z]\.[A-Z]$")


# Every _PAGES alternative holds one of these marks, or a full stop right after one of the
# letters below (p., pp., S., стр., с.: every letter the case-blind pattern accepts there).
_PAGE_MARKS = ("頁", "页", "版", "ページ", ":")
_PAGE_ABBREVIATION_ENDS = frozenset("pPsSſрРсСᲃ")


# What a page match holds before its mark: letters, digits, spaces, dashes (第 12-15 頁,
# A8 版, pp.). Any other character is a barrier no match can start before.
_PAGE_BARRIER = re.compile(rf"[^\w\s{DASHES}]")


def _first_page_mark(text: str) -> int:
    """Where the first page mark stands in ``text``; -1 if none (no _PAGES match then)."""
    found = [i for i in (text.find(mark) for mark in _PAGE_MARKS) if i != -1]
    dot = text.find(".", 1)
    while dot != -1 and text[dot - 1] not in _PAGE_ABBREVIATION_ENDS:
        dot = text.find(".", dot + 1)
    if dot != -1:
        found.append(dot)
    return min(found, default=-1)


def _take_pages(text: str, f: Fields) -> str:
    mark = _first_page_mark(text)
    if mark == -1:
        return text  # no mark, no match: the long pattern is not run
    # No match starts before the barrier that precedes the first mark: the scan starts
    # there (the alternation costs a try of every alternative at every position).
    barrier = _PAGE_BARRIER.search(text[:mark][::-1])
    start = mark - barrier.start() if barrier else 0
    matches = _PAGES.finditer(text, start)
    found = [m for m in matches if not _inside_placeholder(text, m.start())]
    if not found:
        return text
    m = found[-1]
    page = next((p for p in m.group("a", "b", "c", "d", "e", "f", "g") if p), "")
    if m.group("more"):
        page = f"{page},{m.group('more')}"
    f.page = dashed(page.strip())
    return text[: m.start()] + text[m.end() :]


def _inside_placeholder(text: str, index: int) -> bool:
    return inside_placeholder(text, index)


# Chicago journal notes: "Foreign Affairs 89, no. 6 (November/December 2010): 2-12".
_CHICAGO_JOURNAL = re.compile(
    r"(?<![\w\d])(?P<v>\d{1,4})\s*,\s*no\.\s*(?P<i>\d+(?:[-–/]\d+)?)\s*"
    r"\((?P<when>[^()]*?(?P<y>\d{4})[^()]*?)\)"
    rf"(?:\s*:\s*(?P<p>\d+(?:\s*[{DASHES}]\s*\d+)?)(?![\d.]*\d))?",
    re.IGNORECASE,
)


def _take_chicago_journal(text: str, f: Fields) -> str:
    """Volume, issue and date of a Chicago journal note, before the generic readers."""
    if "(" not in text or "no." not in text.lower():
        return text  # the pattern's "no." and bracket are absent: it cannot match
    m = _CHICAGO_JOURNAL.search(text)
    if not m or _inside_placeholder(text, m.start()):
        return text
    f.volume, f.issue = m.group("v"), m.group("i")
    dates = find_dates(m.group("when"))
    f.issued = dates[0].parts if dates else ((int(m.group("y")),),)
    if m.group("p"):
        f.page = dashed(m.group("p"))
    return text[: m.start()] + text[m.end() :]


# Words one of which each volume or issue pattern holds (the patterns are case-sensitive):
# a text without them is not scanned for that pattern.
_VOLUME_WORDS = ("卷", "Vol", "vol", "Т", "т")  # Volume, Том included
_ISSUE_WORDS = ("期", "號", "号", "No", "no", "Nr", "Issue", "№", "Вып")


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    return any(map(text.__contains__, words))


def _take_volume_issue(text: str, f: Fields) -> str:
    bracketed = "(" in text or "（" in text  # _VOLUME_ISSUE_PAGES and _VOLUME_YEAR need one
    m = _VOLUME_ISSUE_PAGES.search(text) if bracketed else None
    if m and not _inside_placeholder(text, m.start()):
        f.volume, f.issue = m.group("v"), m.group("i")
        if m.group("p") and not f.page:
            f.page = dashed(m.group("p"))
        text = text[: m.start()] + text[m.end() :]
    m = _YEAR_ISSUE.search(text) if "年" in text and "期" in text else None
    if m:
        f.issue, f.issued = m.group("i"), ((int(m.group("y")),),)
        text = text[: m.start()] + text[m.end() :]
    m = _VOLUME.search(text) if _has_any(text, _VOLUME_WORDS) else None
    if m:
        f.volume = cn_number(m.group("v") or m.group("v2") or m.group("v3"))
        text = text[: m.start()] + text[m.end() :]
    # before "19 (1965)": in "no. 4 (2013)" the 4 is the issue
    m = _ISSUE.search(text) if _has_any(text, _ISSUE_WORDS) else None
    if m:
        f.issue = m.group("i") or m.group("i2") or m.group("i3")
        text = text[: m.start()] + text[m.end() :]
    m = _VOLUME_YEAR.search(text) if bracketed and not f.volume else None
    if m and not _inside_placeholder(text, m.start()):
        f.volume, f.issued = m.group("v"), ((int(m.group("y")),),)
        text = text[: m.start()] + text[m.end() :]
    return text


def _take_issued(text: str, f: Fields) -> str:
    dates = [d for d in find_dates(text) if not _inside_placeholder(text, d.start)]
    if not dates and not f.issued:
        blanked = text  # placeholders blanked: their numbers are no years
        if PLACEHOLDER_START in text:
            blanked = PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), text)
        year = bare_year(blanked)
        dates = [year] if year else []
    if not dates:
        return text
    date = dates[0]
    if not f.issued or len(date.parts[0]) > len(f.issued[0]):
        f.issued = date.parts
    return text[: date.start] + text[date.end :]


# --- titles, names, container -----------------------------------------------------------


def _take_titles_and_names(text: str, protected: Protected, f: Fields) -> None:
    titles = _title_placeholders(text, protected)
    if IMPRINT_MARK in text and not titles:
        _untitled_before_imprint(text, f)
        return
    # One character for one: the placeholder matches keep their positions in the new text.
    text = text.replace(IMPRINT_MARK, " ")
    if not titles:
        _untitled(text, f)
        return
    first_match, first = titles[0]
    lead, rest = text[: first_match.start()], text[first_match.end() :]
    title, container, author_text = choose_title(first, [span for _, span in titles[1:]], lead, f)
    between = None
    if container is not None and title is first:
        container_match = next(m for m, span in titles if span is container)
        between = text[first_match.end() : container_match.start()]
    title_fields(f, title, container, author_text, between)
    _read_remainder(PLACEHOLDER.sub(",", rest) if PLACEHOLDER_START in rest else rest, f)


def title_fields(
    f: Fields, title: Span, container: Span | None, author_text: str, between: str | None
) -> None:
    """Title, container and author text as chosen; ``between`` is the text between the
    title and its container (which may say the title is a chapter in an edited book)."""
    f.author_text = author_text
    f.title, f.title_kind = _title_volume(title.text, f), title.kind
    if container is not None:
        f.container, f.container_kind = container.text, container.kind
        if between is not None:
            _read_volume_intro(between, f)
    if f.container and _may_name_conference(f.container) and _CONFERENCE.search(f.container):
        f.genre_hint = "paper-conference"


def _title_placeholders(text: str, protected: Protected) -> list[tuple[re.Match[str], Span]]:
    """The placeholders in ``text`` that are not URLs, in order, with their spans."""
    if PLACEHOLDER_START not in text:
        return []
    found = ((m, protected.span(m)) for m in PLACEHOLDER.finditer(text))
    return [(m, span) for m, span in found if span.kind is not SpanKind.URL]


# Between a chapter's title and its book: "，载张蕴岭主编：" / "，收錄於林碧炤主編，" / ", in".
_VOLUME_INTRO = re.compile(
    r"^[\s,，:：]*(?:载于|載於|载|載|收錄於|收录于|收於|收于|in)\s*[:：]?\s*"
    r"(?P<editors>[^,，:：]*?)\s*(?:[,，]?\s*(?P<role>主編|主编|編|编|eds?\.))?\s*[,，:：]?\s*$",
    re.IGNORECASE,
)


# 「篇名」，包宗和主編，《書名》: the editors alone also say the chapter is in their book.
_EDITORS_ONLY = re.compile(
    r"^[\s,，:：]*(?P<editors>[^,，:：]{1,30}?)\s*(?P<role>主編|主编)\s*[,，:：]?\s*$"
)


def _read_volume_intro(between: str, f: Fields) -> None:
    """A chapter in an edited volume: the intro word, and the editors when it names them."""
    m = _VOLUME_INTRO.match(between) or _EDITORS_ONLY.match(between)
    if not m:
        return
    f.in_volume = True
    if m.group("role") and m.group("editors"):
        f.editor_text = m.group("editors")


_TITLE_VOLUME = re.compile(r"[,，]\s*(?:Vol|vol|Volume|Т|Том)\.?\s*(\d+)\s*$")


def _title_volume(title: str, f: Fields) -> str:
    """ "*Foreign Relations …, 1955–1957, Vol. 3*": the volume of a multi-volume work."""
    m = _TITLE_VOLUME.search(title) if title[-1:].isdigit() else None
    if not m or f.volume:
        return title
    f.volume = m.group(1)
    return title[: m.start()].strip()


def choose_title(
    first: Span, following: list[Span], lead: str, f: Fields
) -> tuple[Span, Span | None, str]:
    """Pick the work's title, its container and the author text among the spans
    (``first`` and the ones ``following`` it; ``lead`` is the text before ``first``)."""
    if first.kind in (SpanKind.QUOTED, SpanKind.ANGLE):
        container = next((s for s in following if s.kind in (SpanKind.BOOK, SpanKind.ITALIC)), None)
        return first, container, lead
    if first.kind is SpanKind.BOOK and following and following[0].kind is SpanKind.BOOK:
        return first, following[0], lead
    if first.kind is SpanKind.ITALIC:
        split = _unquoted_title_in_lead(lead, f)
        if split is not None:
            return split[1], first, split[0]
    return first, None, lead


def _unquoted_title_in_lead(lead: str, f: Fields) -> tuple[str, Span] | None:
    """An unquoted article title before an italic site name: "Author, Title, *Site*, date, url".

    Only for web or dated articles (a URL or a day-precise date), where the italic span is
    a site or periodical rather than a book.
    """
    dated = bool(f.issued and len(f.issued[0]) == 3)
    if not (f.url or dated):
        return None
    parts = [p for p in _SEPARATORS.split(lead.strip(_TRIM)) if p.strip()]
    if len(parts) < 2 or looks_like_names(parts[-1]):
        return None
    return ", ".join(parts[:-1]), Span(SpanKind.QUOTED, parts[-1].strip(_TRIM))


# A website named without 《》 after a Chinese title: 新華網, 人民网, 中央社網站.
_SITE_NAME = re.compile(rf"[{HAN}A-Za-z]{{1,12}}(?:網|网|網站|网站)")


def _read_remainder(rest: str, f: Fields) -> None:
    """Publisher, place, container or genre in what follows the title.

    A plain-text container ("…,” Ministry of Foreign Affairs, January 23, 2013) is taken
    only after a quoted title: Chinese styles always mark periodicals with 《》, so plain
    text after a Chinese title is an archive, a series or a note, not a container — except
    a website's name (新華網), which notes often leave unmarked.
    """
    if "(ed" in rest:  # "in Robert Legvold (ed.), Book": a role, not a note
        rest = _EDITOR_ROLE_PAREN.sub(r", \1", rest)
    if "(" in rest or "（" in rest:  # translated titles, editions: notes, not fields
        f.leftovers.extend(_PAREN.findall(rest))
        rest = _PAREN.sub(",", rest)
    rest = _take_english_imprint(rest, f)
    if f.title_kind is SpanKind.QUOTED and f.container is None and " in " in f" {rest}":
        rest = _take_edited_volume(rest, f)
    plain_container_allowed = f.title_kind is SpanKind.QUOTED
    parts = [p for p in (p.strip(_TRIM) for p in _SEPARATORS.split(rest)) if p]
    for index, part in enumerate(parts):
        if _THESIS.search(part):
            f.genre_hint = "thesis"
            publisher = _THESIS.sub("", part).strip(_TRIM)
            if publisher and not f.publisher:
                f.publisher = re.sub(r"\d{4}\s*年?", "", publisher).strip(_TRIM) or None
            continue
        if f.genre_hint == "thesis" and not f.publisher and _INSTITUTION.fullmatch(part):
            f.publisher = part  # "博士学位论文，中共中央党校，2010年": the degree's school
            continue
        if _may_name_conference(part) and _CONFERENCE.search(part):
            f.genre_hint = f.genre_hint or "paper-conference"
            # "paper presented at the Annual Meeting of …": the meeting is where it appeared
            meeting = _PRESENTED_AT.sub("", part).strip(_TRIM + '「」『』“”"')
            if (
                f.container is None
                and meeting != part
                and _CONFERENCE_LABEL.fullmatch(meeting) is None
            ):
                f.container = meeting
            else:
                f.leftovers.append(part)
            continue
        if _read_publisher_phrase(part, f):
            continue
        if _take_editor(part, f):
            continue
        if _publisher_after_editors(parts, index, f):  # "…, edited by A and B, Routledge"
            f.publisher = part
            continue
        # A pinpoint page closes the note ("…, 2014), 29–31."; "…, May 20, 2014, A8.");
        # a number inside it names something else ("Research Center (SFB) 700, Berlin").
        if not f.page and index == len(parts) - 1 and _BARE_PAGE.fullmatch(part):
            f.page = dashed(part)
            continue
        if f.genre_hint == "paper-conference" and _place_like(part):
            f.place = f"{f.place}, {part}" if f.place else part
            continue
        site = f.container is None and _SITE_NAME.fullmatch(part) is not None
        if site or (
            plain_container_allowed
            and f.container is None
            and not f.publisher
            and (_container_like(part))
        ):
            f.container = _CONTAINER_INTRO.sub("", part).strip(_TRIM)
            continue
        f.leftovers.append(part)


def _read_publisher_phrase(part: str, f: Fields) -> bool:
    m = _ZH_PUBLISHER.match(part)
    if m and not f.publisher:
        f.place = f.place or m.group("place")
        f.publisher = m.group("pub")
        if m.group("y") and not f.issued:
            f.issued = ((int(m.group("y")),),)
        return True
    m = _CJK_PLACE_PUBLISHER.match(part)
    if m and not f.publisher and f.title_kind is SpanKind.BOOK and f.container is None:
        f.place, f.publisher = m.group("place"), m.group("pub")
        return True
    m = _EN_PUBLISHER.match(part)
    if m and not f.publisher and len(m.group("place").split()) <= 4:
        f.place, f.publisher = m.group("place").strip(), m.group("pub").strip()
        return True
    return False


def _take_english_imprint(rest: str, f: Fields) -> str:
    """ "Washington, D.C.: U.S. Government Printing Office" — a place with a comma in it.

    The last "Place: Publisher" is the imprint: a book's title before it may hold a colon
    too ("…, eds., Energy Security: Economics, Politics, …, Washington, D.C.: Brookings")."""
    if f.publisher or ":" not in rest:  # the imprint's colon
        return rest
    m = max(_EN_IMPRINT.finditer(rest), key=lambda match: match.start(), default=None)
    if m is None:
        return rest
    f.place, f.publisher = m.group("place").strip(), m.group("pub").strip()
    return rest[: m.start()] + "," + rest[m.end() :]


# A chapter's book without italics after its quoted title: "…," in Carlos Pascual and
# Jonathan Elkind, eds., Energy Security: …, (imprint taken)" — or, Chicago's order, "in
# Energy Security: …, ed. Carlos Pascual (…)". The book's title runs to the next field.
_IN_EDITORS_BOOK = re.compile(
    r"^[\s,]*in\s+(?P<editors>[A-Z][^,()]{2,80}?)\s*,\s*eds?\.\s*,\s*(?P<book>[A-Z].*)$"
)
_IN_BOOK_EDITORS = re.compile(
    r"^[\s,]*in\s+(?P<book>[A-Z][^()]*?),\s*(?:eds?\.|edited\s+by)\s+"
    r"(?P<editors>[A-Z][^,()]{2,80}?)\s*(?P<rest>(?:,.*)?)$"
)
# "in Robert Legvold (ed.), Book": the role in brackets, not a note.
_EDITOR_ROLE_PAREN = re.compile(r"\s*\((eds?\.)\)")


def _take_edited_volume(rest: str, f: Fields) -> str:
    """The unitalicised book that holds a chapter with a quoted title, and its editors."""
    m = _IN_EDITORS_BOOK.match(rest) or _IN_BOOK_EDITORS.match(rest)
    if m is None or not looks_like_names(m.group("editors")):
        return rest
    book, after = m.group("book"), m.groupdict().get("rest")
    if after is None:  # the book runs to the end but for what the imprint and date left
        parts = book.split(",")
        kept = len(parts)
        while kept > 1 and (
            not parts[kept - 1].strip() or _BARE_PAGE.fullmatch(parts[kept - 1].strip())
        ):
            kept -= 1  # empty fields and a bare page close the note
        book, after = ",".join(parts[:kept]), "," + ",".join(parts[kept:])
    f.container, f.container_kind = book.strip(_TRIM), SpanKind.ITALIC
    f.editor_text, f.in_volume = m.group("editors"), True
    return after


def _place_like(part: str) -> bool:
    words = part.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def _container_like(part: str) -> bool:
    # Numbers and catalogue codes (CK3100094653, 1011—5961) are identifiers, not periodicals.
    return not re.fullmatch(r"[A-Z]{0,4}[\d\s\-–—/.]+", part) and len(part) <= 120


def _untitled_before_imprint(text: str, f: Fields) -> None:
    """ "Author, Unmarked Title, With Commas (Place: Publisher, Year), 45": the title runs
    from the author to the publication parenthesis."""
    before, _, after = text.partition(IMPRINT_MARK)
    parts = [p.strip(_TRIM) for p in _SEPARATORS.split(before) if p.strip(_TRIM)]
    if len(parts) > 1 and looks_like_names(parts[0]):
        f.author_text, title_parts = parts[0], parts[1:]
    else:
        title_parts = parts
    f.title = ", ".join(title_parts) or None
    if f.title:
        f.title = _EDITION_SUFFIX.sub("", f.title).strip(_TRIM) or f.title
    f.leftovers = [p.strip(_TRIM) for p in _SEPARATORS.split(after) if p.strip(_TRIM)]
    _take_bare_page(f.leftovers, f)


_EDITION_SUFFIX = re.compile(r",?\s*\d+(?:st|nd|rd|th)\s+ed\.?$|,?\s*rev\.\s+ed\.?$", re.I)


def _untitled(text: str, f: Fields) -> None:
    """A segment without title markers: a back-reference or a bare note."""
    parts = [p.strip(_TRIM) for p in _SEPARATORS.split(text) if p.strip(_TRIM)]
    if f.back_reference or f.op_cit:
        # "Ibid., 12." — Chicago gives a bare page number after a back-reference.
        _take_bare_page(parts[1:], f)
        f.leftovers = parts
        return
    if parts:
        f.author_text = parts[0] if len(parts) > 1 else ""
        f.title = parts[1] if len(parts) > 1 else parts[0]
        f.leftovers = parts[2:]
        _take_bare_page(f.leftovers, f)


# A pinpoint page standing alone: 45, 29–31, or a newspaper's section page A8; not a year.
_BARE_PAGE = re.compile(
    rf"(?!(?:1[5-9]|20)\d\d$)\d{{1,4}}(?:\s*[{DASHES}]\s*\d{{1,4}})?|[A-Z]\d{{1,3}}"
)


def _take_bare_page(parts: list[str], f: Fields) -> None:
    """A bare number or range among ``parts`` is the pinpoint page ("…, 2010), 45.")."""
    bare = next((p for p in parts if _BARE_PAGE.fullmatch(p)), None)
    if bare and not f.page:
        f.page = dashed(bare)


# "ed. Michael E. Brown et al." / "edited by …" after the title of an edited volume.
_EDITED_BY = re.compile(r"^(?:eds?\.|edited\s+by)\s+(?P<names>.+)$", re.IGNORECASE)


# A publisher named alone after the editors (MLA): capitalised words, no digits.
_PUBLISHER_NAME = re.compile(r"[A-Z][A-Za-z&.'’ -]{1,60}")


def _publisher_after_editors(parts: list[str], index: int, f: Fields) -> bool:
    """Whether ``parts[index]`` names the publisher, right after MLA's "edited by …"."""
    follows_editors = index > 0 and bool(_EDITED_BY.match(parts[index - 1]))
    return (
        follows_editors
        and not f.publisher
        and bool(f.editor_text)
        and bool(_PUBLISHER_NAME.fullmatch(parts[index]))
    )


def _take_editor(part: str, f: Fields) -> bool:
    m = _EDITED_BY.match(part)
    if not m or f.editor_text:
        return False
    f.editor_text = m.group("names")
    return True


def read_common_fields(segment: str, protected: Protected) -> tuple[Fields, str]:
    """Relation, URL and accessed date of a note in a bracket-free style (GOST, GB/T 7714);
    the rest as plain text for that style's reader."""
    f = Fields()
    text = take_relation(segment, f)
    text = _take_url(text, protected, f)
    text = take_accessed(text, f)
    return f, protected.restore(text)
