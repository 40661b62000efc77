"""Russian notes in the GOST R 7.0.5 style, which quote no title and mark nothing with brackets.

    Лукин А. В. Россия и Китай // Россия в глобальной политике. 2012. № 3. С. 15–20.
    Лукин А. В. Россия и Китай. М.: Наука, 2012. 320 с.
    Караганов С. А. Новая политика [Электронный ресурс] // Российская газета. 2014. 5 июня.
        URL: http://… (дата обращения: 12.05.2014).

Elements are separated by ". " (or ". — "), the container follows " // ", the place and
publisher read "М.: Наука, 2012". The URL and the accessed date are taken out before this
module sees the text (``fields``), so only the bibliographic part is read here.
"""

from __future__ import annotations

import re

from citecheck.citations.dates import find_dates
from citecheck.citations.styled import StyledFields, dashed
from citecheck.models import Name

# "Лукин А. В." / "Лукин А.В." / "Де Голль Ш." — a surname and one or two initials.
_AUTHOR = r"[А-ЯЁA-Z][а-яёa-z]+(?:[-‐][А-ЯЁA-Z][а-яёa-z]+)?\s+[А-ЯЁA-Z]\.\s?(?:[А-ЯЁA-Z]\.)?"
_AUTHORS = re.compile(rf"^\s*(?P<names>{_AUTHOR}(?:\s*,\s*{_AUTHOR})*)\s*(?:,?\s*и\s+др\.)?\s+")
_ONE_AUTHOR = re.compile(
    r"(?P<family>[А-ЯЁA-Z][а-яёa-z]+(?:[-‐][А-ЯЁA-Z][а-яёa-z]+)?)\s+(?P<given>[А-ЯЁA-Z]\.\s?(?:[А-ЯЁA-Z]\.)?)"
)
_ELECTRONIC = re.compile(r"\s*\[(?:Электронный ресурс|Electronic resource)\]\s*", re.I)
# "М.: Наука, 2012": the place opens an element (after ". " or ". — "), then ":".
_IMPRINT = re.compile(
    r"(?:^|(?<=[.—?!]\s))(?P<place>М\.|СПб\.|Л\.|К\.|Мн\.|[А-ЯЁ][а-яё]+(?:-[а-яё]+-[А-ЯЁ][а-яё]+)?"
    r"(?:-[А-ЯЁ][а-яё]+)?|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?:,\s*(?:[A-Z]\.\s?){1,3}|,\s*[A-Z]{2})?)"
    r"\s*:\s*(?P<publisher>(?:[^,.]|\.(?=\s*[а-яёa-z]))+?),\s*(?P<year>\d{4})"  # Моск. ун-та
)
_PLACES = {
    "М.": "Москва",
    "СПб.": "Санкт-Петербург",
    "Л.": "Ленинград",
    "К.": "Киев",
    "Мн.": "Минск",
}
_YEAR = re.compile(r"(?:^|[.,]\s*)(?P<year>(?:19|20)\d{2})(?=\s*[.,]|\s*$)")
_ISSUE = re.compile(r"(?:№|\bNo\.)\s*(?P<issue>[\d/–-]+)")
_VOLUME = re.compile(r"(?:Т\.|Том|Vol\.)\s*(?P<volume>\d+)")
_PAGES = re.compile(r"(?:^|[.\s])[СCP]\.\s*(?P<pages>\d+(?:\s*[–—-]\s*\d+)?)")
_GOST_MARKS = re.compile(
    r"\s//\s|\[Электронный ресурс\]|(?:^|\s)(?:М\.|СПб\.)\s*:|№\s*\d|(?:^|\s)[PС]\.\s*\d|"
    r"\d{4}\.\s*\d+\s*[сp]\.?$"  # "…, 2013. 256 p.": the page count closing a book
)
# Any text with a GOST mark holds one of these needles (each alternative above holds one),
# or " //" (after any white space, which "http://" is not), or ends in the page count
# closing a book, its "с" or "p" within the last three characters ("256 с.\n").
_MARK_NEEDLES = ("[Электронный ресурс]", "М.", "СПб.", "№", "P.", "С.")
_SPACED_SLASHES = re.compile(r"\s//")


def _has_gost_mark(text: str) -> bool:
    """Whether ``text`` holds a GOST mark; the pattern runs only where a needle stands."""
    tail = text[-3:]
    if not (
        "с" in tail
        or "p" in tail
        or any(map(text.__contains__, _MARK_NEEDLES))
        or ("//" in text and _SPACED_SLASHES.search(text))
    ):
        return False
    return bool(_GOST_MARKS.search(text))


_EDITION = re.compile(r"\.\s*(?:\d+-е\s+изд|Изд\.\s*\d|\d+(?:st|nd|rd|th)\s+ed)\b.*$", re.I)
_CYRILLIC = re.compile(r"[А-ЯЁа-яё]")
_LABEL = re.compile(r"\s*(?:URL|Режим доступа)\s*:?\s*$", re.I)

EXAMPLES = (
    "Лукин А. В. Россия и Китай // Россия в глобальной политике. 2012. № 3. С. 15–20.",
    "Лукин А. В. Россия и Китай. М.: Наука, 2012. 320 с.",
    "Караганов С. А. Новая политика [Электронный ресурс] // Российская газета. 2014. 5 июня.",
    "Lo B. Axis of Convenience. Washington, D.C.: Brookings, 2008. P. 137.",
)


def looks_gost(text: str) -> bool:
    """A note in GOST style: "Surname I. O. Title" with a GOST mark (//, №, М.:, [Электронный
    ресурс]), or a title with " // " before its container."""
    authors = bool(_AUTHORS.match(text))
    if not _CYRILLIC.search(text):
        # A foreign work in a Russian paper: "Lo B. Title. Washington, D.C.: Pub, 2015. P. 137."
        if not authors:
            return False
        return " // " in text or bool(_has_gost_mark(text) and _IMPRINT.search(text))
    marks = _has_gost_mark(text)
    if marks and (authors or " // " in text or _IMPRINT.search(text)):
        return True
    return authors and bool(_YEAR.search(text))


def read_gost(text: str) -> StyledFields:
    """The fields of one GOST note (URL and accessed date already removed)."""
    f = StyledFields()
    text = _LABEL.sub("", text).strip(" .:")
    text = _ELECTRONIC.sub(" ", text)
    authors = _AUTHORS.match(text)
    if authors:
        names = authors.group("names")
        f.authors = tuple(
            Name(family=m.group("family"), given=_initials(m.group("given")))
            for m in _ONE_AUTHOR.finditer(names)
        )
        f.et_al = "и др." in authors.group(0)
        text = text[authors.end() :]
    head, _, rest = text.partition(" // ")
    book = _IMPRINT.search(rest) if rest else None
    if book:  # "Title // Book / под ред. … М.: Pub, 2017. С. 300–325": a chapter
        f.type = "chapter"
        f.title = _clean(head)
        f.container = _clean(_responsibility(rest[: book.start()], f))
        _read_imprint(book, rest, f)
    elif rest:
        f.title = _clean(_responsibility(head, f))
        # "Journal. 2012. № 3" or "Site, 21.05.2014": the container ends at its details.
        parts = re.split(
            r"\.\s+(?=(?:19|20)\d{2}\b|Т\.|Том|№|—|Vol)|[.,]\s+(?=\d{1,2}\.\d{1,2}\.\d{4})",
            rest,
            maxsplit=1,
        )
        f.container = _clean(parts[0])
        _read_details(parts[1] if len(parts) > 1 else "", f)
    else:
        imprint = _IMPRINT.search(text)
        cut = imprint.start() if imprint else _first_year(text)
        if cut is None and (pages := _PAGES.search(text)):  # "Автор. Краткое загл... С. 78"
            cut = pages.start()
        title = text[:cut] if cut is not None else text
        f.title = _clean(_EDITION.sub("", _responsibility(title, f)))
        if imprint:
            _read_imprint(imprint, text, f)
        else:
            _read_details(text[cut:] if cut is not None else "", f)
    return f


def _read_imprint(imprint: re.Match[str], text: str, f: StyledFields) -> None:
    """Place, publisher and year of "М.: Наука, 2012", and the pinpoint page after it."""
    f.place = _PLACES.get(imprint.group("place"), imprint.group("place"))
    f.publisher = imprint.group("publisher").strip()
    f.issued = ((int(imprint.group("year")),),)
    pages = _PAGES.search(text, imprint.end())
    if pages:
        f.page = dashed(pages.group("pages"))


# "Title / под ред. В. Г. Гельбраса": the statement of responsibility after the title.
_RESPONSIBILITY = re.compile(r"\s+/\s+(?P<who>.*)$")
_EDITOR = re.compile(
    r"(?:под\s+(?:общ\.\s+)?ред\.|(?:гл|отв)\.\s+ред\.)\s*(?P<given>(?:[А-ЯЁ]\.\s?){1,2})\s*(?P<family>[А-ЯЁ][а-яё-]+)"
)


def _responsibility(title: str, f: StyledFields) -> str:
    """``title`` without its statement of responsibility, whose editor goes to ``f``."""
    m = _RESPONSIBILITY.search(title)
    if not m:
        return title
    editor = _EDITOR.search(m.group("who"))
    if editor:  # the surname stays as written: "под ред." puts it in the genitive
        f.editors = (Name(family=editor.group("family"), given=_initials(editor.group("given"))),)
    return title[: m.start()]


def _initials(given: str) -> str:
    """``А.В.`` or ``А. В.`` → ``А. В.``"""
    return re.sub(r"\.\s*(?=\S)", ". ", given.strip())


def _first_year(text: str) -> int | None:
    m = re.search(r"\.\s+(?:19|20)\d{2}\b", text)
    return m.start() if m else None


def _read_details(details: str, f: StyledFields) -> None:
    """Year or full date, volume, issue and pages after the title or container."""
    # Newspapers give "2014. 5 июня": put the day and month before the year to read it.
    details = re.sub(r"((?:19|20)\d{2})\.\s*(\d{1,2}\s+[а-яё]+\.?)", r"\2 \1", details)
    dates = [d for d in find_dates(details) if len(d.parts[0]) >= 2]
    if dates:
        f.issued = dates[0].parts
    else:
        year = _YEAR.search(details)
        if year:
            f.issued = ((int(year.group("year")),),)
    for pattern, name in ((_VOLUME, "volume"), (_ISSUE, "issue"), (_PAGES, "pages")):
        m = pattern.search(details)
        if m:
            setattr(f, "page" if name == "pages" else name, dashed(m.group(name)))


def _clean(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text).strip(" .,:;—")
    return text or None
