"""Western notes that mark no title: APA author-date and MLA, as notes and endnotes use them.

    Kotkin, S. (1995). Magnetic mountain: Stalinism as a civilization. Berkeley: University
        of California Press.
    Myers, S. L., & Barry, E. (2014, March 18). Putin reclaims Crimea. The New York Times.
    Lovell, S. (2015). Title. Journal of Things, 12(3), 45–67.
    Hosking, Geoffrey. Russia: People and Empire, 1552–1917. Harvard University Press, 1997.

Quotes and italics would have marked the title; without them the title is the first
sentence after the author (APA) or the sentences before the closing "Publisher, Year"
(MLA). Short forms name the author and the year ("Kotkin (1995), p. 60") or a short title
("Yurchak, Everything Was Forever, p. 77").
"""

from __future__ import annotations

import re

from citecheck.citations.dates import find_dates
from citecheck.citations.names import parse_names
from citecheck.citations.patterns import DASHES, dashed
from citecheck.citations.styled import StyledFields
from citecheck.models import Name

_FAMILY = r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?"
_INITIALS = r"(?:[A-Z]\.\s?(?:-?[A-Z]\.\s?)*)"
_APA_NAME = rf"{_FAMILY},\s{_INITIALS}"
_APA = re.compile(
    rf"^(?P<authors>{_APA_NAME}(?:,\s(?:&\s)?{_APA_NAME})*(?:,?\s(?:&|and)\s{_APA_NAME})?)\s*"
    r"\((?P<y>\d{4})[a-z]?(?:,\s*(?P<when>[^)]{3,20}))?\)\.\s+(?P<rest>.+)$"
)
_ONE_APA_NAME = re.compile(rf"(?P<family>{_FAMILY}),\s(?P<given>{_INITIALS})")
# MLA: "Family, Given. Title. Publisher, Year[, pp. 200–205]."
_MLA = re.compile(
    r"^(?P<family>[A-Z][\w'’-]+),\s(?P<given>[A-Z][\w'’-]+(?:\s[A-Z][\w'’.-]*){0,2})\.\s+"
    r"(?P<title>.+?)\.\s+(?P<pub>[A-Z][^.,]{2,80}),\s(?P<y>\d{4})"
    rf"(?:,\s(?:pp?\.\s)?(?P<p>\d+(?:\s?[{DASHES}]\s?\d+)?))?\.?$"
)
# Mainland Chinese journals cite Western books with commas only: "Elizabeth C. Economy, The
# River Runs Black: …, Ithaca: Cornell University Press, 2004, p. 59."
_COMMA_BOOK = re.compile(
    r"^(?P<author>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){1,3}(?:\s(?:et\sal\.|and\s[A-Z][\w'’.-]*"
    r"(?:\s[A-Z][\w'’.-]*){1,3}))?),\s(?P<title>[A-Z][^()]+?),\s"
    r"(?P<place>[A-Z][A-Za-z .]{1,30}(?:,\s[A-Z]{2})?):\s(?P<pub>[^,:]{2,80}),\s(?P<y>\d{4})"
    rf"(?:,\s(?:pp?\.\s)?(?P<p>\d+(?:\s?[{DASHES}]\s?\d+)?))?\.?$"
)
# "Kotkin (1995), p. 60": a short form by author and year.
SHORT_AUTHOR_DATE = re.compile(
    rf"^(?P<family>{_FAMILY})(?:\s(?:and|&)\s{_FAMILY})?(?:\set\sal\.)?\s\((?P<y>\d{{4}})[a-z]?\)"
    rf"(?:,\s(?:pp?\.\s)?(?P<p>\d+(?:[{DASHES}]\d+)?))?\.?$"
)
# "Yurchak, Everything Was Forever, p. 77": a short form by author and unmarked short title.
# The title may hold commas ("Cooley, Great Games, Local Rules, p. 112"), never a year.
SHORT_TITLE = re.compile(
    r"^(?P<family>[A-Z][\w'’-]+),\s(?P<title>[A-Z](?:(?!(?:1[5-9]|20)\d\d)[^()]){2,80}?),\s"
    rf"(?:pp?\.\s)?(?P<p>\d+(?:[{DASHES}]\d+)?)\.?$"
)
_SENTENCE_END = re.compile(r"(?<![A-Z])[.?!]\s+(?=[A-Z0-9])")
_JOURNAL = re.compile(
    rf"^(?P<c>[^,]+),\s(?P<v>\d+)(?:\((?P<i>[^)]+)\))?(?:,\s(?P<p>[\dA-Za-z]+(?:[{DASHES}]\d+)?))?\.?$"
)
_IMPRINT = re.compile(r"^(?:(?P<place>[A-Z][^:]{1,40}):\s)?(?P<pub>[^:]+?)\.?$")
_PINPOINT = re.compile(rf",\s(?:pp?\.\s)(?P<p>\d+(?:\s?[{DASHES}]\s?\d+)?)\.?$")


def without_trailing_url(text: str) -> str:
    """The note before its URL: an APA note ends "… The New York Times. https://…"."""
    # Only the last word can be the URL. Searching the whole text instead would rescan a
    # word of many run-together URLs from each "https://" in it (quadratic).
    words = text.rsplit(None, 1)
    url = _URL_OPENING.search(words[-1]) if words else None
    if url is None:
        return text.strip()
    return text[: len(text.rstrip()) - len(words[-1]) + url.start()].strip()


_URL_OPENING = re.compile(r"<?(?:https?://|www\.)\S")

EXAMPLES = (
    "Kotkin, S. (1995). Magnetic mountain: Stalinism as a civilization. Berkeley: University "
    "of California Press.",
    "Myers, S. L., & Barry, E. (2014, March 18). Putin reclaims Crimea. The New York Times.",
    "Hosking, Geoffrey. Russia: People and Empire, 1552–1917. Harvard University Press, 1997.",
    "Kotkin (1995), p. 60.",
    "Yurchak, Everything Was Forever, p. 77.",
)


def looks_author_date_note(text: str) -> bool:
    """An author-date or MLA note, its trailing URL aside."""
    # Each form opens with a capital A-Z, checked before the URL is cut off.
    return "A" <= text.lstrip()[:1] <= "Z" and looks_author_date(without_trailing_url(text))


def looks_author_date(text: str) -> bool:
    """An APA note, an MLA book note, or an author-date short form."""
    return any(p.match(text) for p in (_APA, _MLA, _COMMA_BOOK, SHORT_AUTHOR_DATE, SHORT_TITLE))


def read_author_date(text: str) -> StyledFields:
    """The fields of one APA or MLA note (URL and accessed date already removed)."""
    text = text.strip()
    apa = _APA.match(text)
    if apa:
        return _read_apa(apa)
    mla = _MLA.match(text)
    if mla:
        return _read_mla(mla)
    book = _COMMA_BOOK.match(text)
    if book:
        return _read_comma_book(book)
    f = StyledFields(short=True)
    short = SHORT_AUTHOR_DATE.match(text)
    if short:
        f.authors = (Name(family=short.group("family")),)
        f.issued = ((int(short.group("y")),),)
        f.page = _dashed(short.group("p"))
    elif short := SHORT_TITLE.match(text):
        f.authors = (Name(family=short.group("family")),)
        f.title = short.group("title")
        f.page = _dashed(short.group("p"))
    return f


def _read_apa(m: re.Match[str]) -> StyledFields:
    f = StyledFields()
    f.authors = tuple(
        Name(family=n.group("family"), given=n.group("given").strip())
        for n in _ONE_APA_NAME.finditer(m.group("authors"))
    )
    when = m.group("when")
    dated = find_dates(f"{when} {m.group('y')}") if when else []
    f.issued = dated[0].parts if dated else ((int(m.group("y")),),)
    rest = m.group("rest").strip()
    pinpoint = _PINPOINT.search(rest)
    if pinpoint:
        f.page, rest = _dashed(pinpoint.group("p")), rest[: pinpoint.start()]
    end = _SENTENCE_END.search(rest)
    f.title = rest[: end.start() + 1].rstrip(".") if end else rest.rstrip(".")
    after = rest[end.end() :].strip() if end else ""
    journal = _JOURNAL.match(after)
    if journal:
        f.container, f.volume, f.issue = journal.group("c"), journal.group("v"), journal.group("i")
        f.page = _dashed(journal.group("p")) or f.page
        f.type = "article-journal"
    elif when and after:  # a dated item in a periodical: a newspaper or magazine article
        f.container, f.type = after.rstrip("."), "article-newspaper"
    elif after and (imprint := _IMPRINT.match(after)):
        f.place, f.publisher, f.type = imprint.group("place"), imprint.group("pub"), "book"
    return f


def _read_mla(m: re.Match[str]) -> StyledFields:
    f = StyledFields(type="book")
    f.authors = (Name(family=m.group("family"), given=m.group("given")),)
    f.title = m.group("title")
    f.publisher = m.group("pub")
    f.issued = ((int(m.group("y")),),)
    f.page = _dashed(m.group("p"))
    return f


def _read_comma_book(m: re.Match[str]) -> StyledFields:
    f = StyledFields(type="book")
    f.authors = parse_names(m.group("author"))[0]
    f.et_al = "et al." in m.group("author")
    f.title, f.place, f.publisher = m.group("title"), m.group("place"), m.group("pub")
    f.issued = ((int(m.group("y")),),)
    f.page = _dashed(m.group("p"))
    return f


def _dashed(page: str | None) -> str | None:
    return dashed(page) if page else None
