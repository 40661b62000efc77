"""Bluebook notes, as US law reviews and law-and-policy papers write them.

    Alexander Gabuev, Friends with Benefits?, 95 Foreign Aff. 45, 50 (2016).
    Bobo Lo, Russia and the New World Disorder 132 (2015).
    Robert D. Blackwill & Ashley J. Tellis, Revising U.S. Grand Strategy Toward China 20
        (Council on Foreign Relations Special Report No. 72, 2015).
    Andrew E. Kramer, Russia Signs Gas Deal, N.Y. Times (May 21, 2014), https://….
    Joint Statement on a New Stage of Partnership, Russ.-China, May 20, 2014.

A journal is cited by volume, abbreviated name and first page, the pinpoint after a comma;
a book's pinpoint page stands right after its title (small capitals, lost in conversion);
the parenthesis at the end holds the year, and before it an edition, an editor, an issuer
or a newspaper's full date. Explanatory parentheticals ("(arguing that …)") follow it.
Titles are never in quotation marks, which tells Bluebook from Chicago. Back-references
(``Id. at 140``, ``Lo, supra note 3, at 12``) are read by the general reader.
"""

from __future__ import annotations

import re

from citecheck.citations.author_date import without_trailing_url
from citecheck.citations.dates import find_dates
from citecheck.citations.names import looks_like_names, parse_names
from citecheck.citations.patterns import DASHES, HAN, KANA, PAGE_RANGE, dashed
from citecheck.citations.styled import StyledFields
from citecheck.models import Name

EXAMPLES = (
    "Alexander Gabuev, Friends with Benefits? Russian-Chinese Relations After the Ukraine "
    "Crisis, 95 Foreign Aff. 45, 50 (2016).",
    "Bobo Lo, Russia and the New World Disorder 132 (2015).",
    "Thomas J. Christensen, The China Challenge 88–90 (2015) (arguing that ties are thin).",
    "U.S. Energy Information Administration, Country Analysis Brief: China 7 (2015).",
    "Robert D. Blackwill & Ashley J. Tellis, Revising U.S. Grand Strategy Toward China 20 "
    "(Council on Foreign Relations Special Report No. 72, 2015).",
    "Andrew E. Kramer, Russia Signs Gas Deal, N.Y. Times (May 21, 2014), "
    "https://www.nytimes.com/2014/05/22/world/asia/gas.html.",
    "Joint Statement on a New Stage of Partnership, Russ.-China, May 20, 2014.",
    "Steven Lee Myers, Russia Stakes Claim to Arctic Seabed, N.Y. Times, Aug. 4, 2015, at A6.",
    "Heather A. Conley, Ctr. for Strategic & Int'l Stud., A New Security Architecture 9 (2012).",
)

_NOT_LATIN = re.compile(rf"[\u0400-\u04ff{KANA}{HAN}《》〈〉「」『』]")
# An explanatory parenthetical opens with a lower-case word: (arguing that …), (quoting …).
_PARENTHETICAL = re.compile(r"\s*\([a-z][^()]*(?:\([^()]*\)[^()]*)*\)\s*$")
_WORD = r"(?:[A-Z][\w.'’&/-]*|of|on|the|and|in|&)"
_JOURNAL = re.compile(
    rf"^(?P<head>.+?),\s+(?P<v>\d{{1,4}})\s+(?P<c>[A-Z][\w.'’&/-]*(?:\s+{_WORD})*)\s+"
    rf"(?P<first>\d{{1,5}})(?:,\s*(?P<pin>{PAGE_RANGE}))?\s*"
    r"\((?P<when>[^()]*?)(?P<y>\d{4})\)$"
)
_BOOK = re.compile(
    rf"^(?P<head>.+?)(?:,\s+at)?\s+(?P<pin>{PAGE_RANGE})(?:\s*n\.\s*\d+)?\s*"
    r"\((?P<paren>[^():]*?)(?P<y>\d{4})\)$"
)
_UNPAGED = re.compile(r"^(?P<head>.+?)\s*\((?P<paren>[^():]*?)(?P<y>\d{4})\)$")
_TREATY = re.compile(
    r"^(?P<title>[A-Z][^,]{10,}?),\s+(?P<parties>[A-Z][A-Za-z.]*(?:-[A-Z][A-Za-z.]*)+),\s+"
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4})$"
)
# A newspaper in print: "Title, N.Y. Times, Aug. 4, 2015, at A6".
_DATED_PERIODICAL = re.compile(
    r"^(?P<head>.+?),\s+(?P<c>[A-Z][^,]{1,60}),\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4})"
    rf"(?:,\s+at\s+(?P<pin>[A-Z]?\d+(?:[{DASHES}][A-Z]?\d+)?))?$"
)
# An institution between the author and the title: "Heather A. Conley, Ctr. for Strategic &
# Int'l Stud., A New Security Architecture 9 (2012)" (Bluebook's institutional reports).
_INSTITUTION = re.compile(
    r"\b(?:Ctr|Inst|Found|Ass'n|Dep't|Comm'n|Admin|Serv|Org|Univ|Bd|Agency|Council|Office|"
    r"Bureau|Center|Centre|Institute|Foundation|Commission|Service|Program|Programme)\b"
)
_ISSUER_SERIES = re.compile(
    r"\s+(?:(?:Special|Working|Policy|Research|Technical|Staff|Discussion|Occasional|Briefing|"
    r"Background|Issue|Strategy|Country)\s+)?(?:Report|Paper|Brief|Study|Memorandum|Monograph)s?"
    r"(?:\s+(?:No\.|Ser\.)\s*[\w.-]+)*\s*,?\s*$"
)
_EDITOR = re.compile(r"^(?P<names>.+?)\s+eds?\.\s*,?\s*$")
_EDITION = re.compile(r"^\s*(?:\d+(?:st|nd|rd|th|d)\s+|rev\.\s+)?ed\.\s*,?\s*$")
# Each full form above ends in a year or a page ("(2015)", "May 20, 2014", "at A6"):
# _JOURNAL, _BOOK and _UNPAGED in a year in brackets, _DATED_PERIODICAL in a year or in
# ", at" and a page. A body that does not is turned away before they are tried.
_DIGIT_END = re.compile(r"\d\)?$")
_YEAR_CLOSED = re.compile(r"\d{4}\)$")
_YEAR_END = re.compile(r"\d{4}$")
_PINPOINT_AT = re.compile(r",\s+at\s")


def _ends(ending: re.Pattern[str], text: str) -> bool:
    """Whether ``ending`` (a pattern of at most six characters, "$" included) ends ``text``:
    searched from six characters before the end ("$" may stand before a final line break)."""
    return ending.search(text, max(0, len(text) - 6)) is not None


_SERIES_NUMBER_END = re.compile(r"\b(?:no|nos|vol)\.$", re.I)
_ORGANISATION_LIKE = re.compile(r"^[A-Z][\w.'’&/-]*(?:\s+(?:[A-Z][\w.'’&/-]*|of|on|for|and|the))*$")


def _body(text: str) -> str:
    """The citation without its URL and explanatory parentheticals."""
    text = without_trailing_url(text.strip()).rstrip(" ,;.")
    # (A parenthetical ends the text but for white space: checked first, without the pattern.)
    while text.rstrip().endswith(")") and (m := _PARENTHETICAL.search(text)) is not None:
        text = text[: m.start()].rstrip(" ,;")
    return text


def looks_bluebook(text: str) -> bool:
    """A Bluebook full citation: a journal, book, report, newspaper or treaty note."""
    if _NOT_LATIN.search(text):
        return False
    body = _body(text)  # a parenthetical may quote: (describing the "Arctic as a resource")
    if "“" in body or '"' in body or not _ends(_DIGIT_END, body):
        return False
    year_closed = _ends(_YEAR_CLOSED, body)
    if _TREATY.match(body) or (year_closed and _JOURNAL.match(body)):
        return True
    dated = _ends(_YEAR_END, body) or _PINPOINT_AT.search(body)
    m = (_DATED_PERIODICAL.match(body) if dated else None) or (
        _BOOK.match(body) or _UNPAGED.match(body) if year_closed else None
    )
    if m is None or _SERIES_NUMBER_END.search(m.group("head")):
        return False
    author, _, rest = m.group("head").partition(", ")
    return bool(rest) and looks_like_names(author)


def read_bluebook(text: str) -> StyledFields:
    """The fields of one Bluebook full citation (URL and accessed date already removed)."""
    body = _body(text)
    f = StyledFields()
    if m := _TREATY.match(body):
        f.type, f.title = "document", m.group("title")
        dates = find_dates(m.group("date"))
        f.issued = dates[0].parts if dates else ()
        return f
    if m := _JOURNAL.match(body):
        _read_head(m.group("head"), f)
        f.type, f.container, f.volume = "article-journal", m.group("c"), m.group("v")
        f.page = dashed(m.group("pin") or m.group("first"))
        f.issued = _issued(m.group("when"), m.group("y"))
        return f
    if m := _DATED_PERIODICAL.match(body):
        _read_head(m.group("head"), f)
        f.type, f.container = "article-newspaper", m.group("c")
        f.issued = _issued(m.group("date"), "")
        f.page = m.group("pin")
        return f
    m = _BOOK.match(body) or _UNPAGED.match(body)
    if m is None:
        return f
    pin = m.groupdict().get("pin")
    f.page = dashed(pin) if pin else None
    _read_head(m.group("head"), f)
    _read_parenthesis(m.group("paren"), m.group("y"), f)
    return f


def _issued(when: str, year: str) -> tuple[tuple[int, ...], ...]:
    """(2013), (Feb. 2013), (May 21, 2014): the most precise date the parenthesis gives."""
    dates = find_dates(f"{when}{year}")
    return dates[0].parts if dates else ((int(year[-4:]),),) if year else ()


def _read_head(head: str, f: StyledFields) -> None:
    """Authors and title (and a periodical's name, read later) before the numbers."""
    author, _, rest = head.partition(", ")
    if rest and looks_like_names(author):
        names, f.et_al, _ = parse_names(author)
        f.authors = names
        institution, _, title = rest.partition(", ")
        if title and _INSTITUTION.search(institution):
            f.publisher, rest = institution, title
        f.title = rest.strip(" ,")
    else:
        f.title = head.strip(" ,")


def _read_parenthesis(paren: str, year: str, f: StyledFields) -> None:
    """(2015), (2d ed. 2015), (Jane Doe ed., 2015), (Issuer Report No. 7, 2015),
    (May 21, 2014) after a newspaper's name or a speech's title."""
    dated = find_dates(f"{paren}{year}")
    if dated and len(dated[0].parts[0]) == 3:
        f.issued = dated[0].parts
        _periodical_or_document(f)
        return
    f.issued = ((int(year),),)
    paren = paren.strip(" ,")
    if not paren or _EDITION.match(paren):
        f.type = "report" if f.publisher or _institutional(f.authors) else "book"
        return
    if editor := _EDITOR.match(paren):
        f.editors = parse_names(editor.group("names"))[0]
        f.type = "book"
        return
    series = _ISSUER_SERIES.search(paren)
    f.publisher = (paren[: series.start()] if series else paren).strip(" ,") or None
    f.type = "report" if series or _institutional(f.authors) else "book"


def _periodical_or_document(f: StyledFields) -> None:
    """A dated item: its head's last part names the periodical ("…, N.Y. Times")."""
    title, _, last = (f.title or "").rpartition(", ")
    if title and _ORGANISATION_LIKE.match(last) and len(last) <= 60:
        f.title, f.container, f.type = title, last, "article-newspaper"
    else:
        f.type = "document"


def _institutional(authors: tuple[Name, ...]) -> bool:
    """A work by a body ("U.S. Energy Information Administration"): a report."""
    return bool(authors) and all(a.literal for a in authors)
