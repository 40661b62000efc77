"""BibTeX export through bibtexparser v2, in biblatex conventions.

Original-script fields; CJK names and organisations as braced literals (``{林宗達}``) so
BibTeX never splits them; ``@online`` for web pages (site in ``organization``), ``@report``
with ``institution`` + ``type``, ``@inproceedings`` with ``booktitle``, ``@article`` with
``entrysubtype = {newspaper}`` for news; ISO ``date`` and ``urldate``; page ranges with
``--``. One entry per distinct work, keyed by its ``work_id``.

Titles keep their case the way Better BibTeX keeps it: a word with a capital anywhere but at
the very start of the title is brace-protected (``{Obama}``, ``{U.S.}``, ``{Russia-China}``),
word by word rather than the whole field, so that sentence-casing styles (biblatex's
``MakeSentenceCase``, pandoc's reading of English entries) lower only what they may.
ASCII quotes inside titles become typographic ones, which biblatex would otherwise print as
two closing quotes.
"""

from __future__ import annotations

import re
from typing import Protocol

from citecheck.export.conventions import report_issuer, site_name, thesis_degree
from citecheck.export.csljson import works
from citecheck.models import Citation, DateParts, Document, Name

_ENTRY_TYPES = {
    "article-journal": "article",
    "article-newspaper": "article",
    "article-magazine": "article",
    "book": "book",
    "chapter": "incollection",
    "thesis": "thesis",
    "report": "report",
    "paper-conference": "inproceedings",
    "webpage": "online",
}
_CONTAINER_FIELD = {
    "article": "journaltitle",
    "incollection": "booktitle",
    "inproceedings": "booktitle",
}
# biblatex/babel language names where biblatex and babel have a module (pandoc reads these
# as en-US, ru-RU, ja-JP). Chinese has no biblatex module and no single babel name for both
# scripts: the BCP 47 tag (zh-Hant, zh-Hans) is what babel's locale files are tagged with and
# what pandoc itself writes into langid, and pandoc reads it back as that language.
_LANGID = {"en": "english", "ru": "russian", "ja": "japanese"}
_TITLE_FIELDS = ("title", "booktitle", "eventtitle")
# A word: letters, digits and the marks that hold one together ("U.S.", "Russia-China",
# "Administration's"); what surrounds it (quotes, brackets, colons) stays outside the braces.
_WORD = re.compile(r"[^\W_](?:[\w.'’\-]*[^\W_])?\.?")
_LATEX_SPECIALS = re.compile(r"(?<!\\)([&%$#_])")
_PINPOINT_ONLY = {"book", "thesis", "report", "online"}


def escape(value: str) -> str:
    """Escape LaTeX specials and drop unbalanced braces, which would break the entry."""
    value = _LATEX_SPECIALS.sub(r"\\\1", value)
    depth, out = 0, []
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    return "".join(out) + "}" * depth


def protect_case(title: str) -> str:
    """Brace every word whose capitals must survive a sentence-casing style.

    Any capital after the title's first letter is kept: acronyms (``{US}``), proper nouns
    (``{Obama}``), and words the source capitalised mid-title (title case is how English
    notes cite, and which capitals are proper nouns cannot be told from the text). Each word
    gets its own braces, never the whole field, which biblatex treats specially.
    """
    out, last = [], 0
    for index, match in enumerate(_WORD.finditer(title)):
        word = match.group(0)
        capital_inside = any(c.isupper() for c in word[1:])
        if capital_inside or (index > 0 and word[0].isupper()):
            out.append(title[last : match.start()] + "{" + word + "}")
            last = match.end()
    return "".join(out) + title[last:]


def typographic_quotes(text: str) -> str:
    """ASCII quotation marks as the curly quotes they stand for.

    biblatex prints an ASCII ' as a closing quote, so ``'Rebalancing'`` would open with ’.
    A single quote opens where a word starts after it and closes where a word ends before
    it; an apostrophe inside a word stays ASCII (TeX prints it as ’ already).
    """
    text = re.sub(r'(^|[\s(\[{—–-])"', "\\1“", text).replace('"', "”")
    text = re.sub(r"(^|[\s(\[{“—–-])'(?=\w)", "\\1‘", text)
    return re.sub(r"(?<=[\w.,!?])'(?=$|[\s)\]}”,.;:!?—–-])", "’", text)


def langid(language: str | None) -> str | None:
    """biblatex ``langid`` for a BCP 47 tag: a babel name, or the tag for Chinese."""
    if not language:
        return None
    primary = language.split("-")[0].lower()
    if primary == "zh":
        return language
    return _LANGID.get(primary)


def format_name(name: Name) -> str:
    """One BibTeX name: ``Family, Given``, or a braced literal that BibTeX keeps whole."""
    if name.literal:
        return "{" + escape(name.literal) + "}"
    if name.given:
        return f"{escape(name.family or '')}, {escape(name.given)}"
    return "{" + escape(name.family or "") + "}"


def format_date(parts: tuple[DateParts, ...]) -> str:
    """An ISO 8601 date or range (``2003-03/2003-04``) as biblatex's ``date`` takes it."""
    return "/".join("-".join([str(p[0])] + [f"{x:02d}" for x in p[1:]]) for p in parts)


def archive_date(archive_url: str) -> str | None:
    """The ISO date of a Wayback snapshot, from the timestamp in its address."""
    m = re.search(r"/web/(\d{4})(\d{2})?(\d{2})?", archive_url)
    if not m:
        return None
    return "-".join(part for part in m.groups() if part)


def entry_fields(citation: Citation) -> tuple[str, list[tuple[str, str]]]:
    """(entry type, [(field, value)]) for one work, values already escaped."""
    entry_type = _ENTRY_TYPES.get(citation.type, "misc")
    fields: list[tuple[str, str]] = []

    def add(name: str, value: str | None, *, raw: bool = False) -> None:
        if value:
            fields.append((name, value if raw else escape(value)))

    def add_title(name: str, value: str | None, *, raw: bool = False) -> None:
        if value:
            fields.append((name, protect_case(escape(typographic_quotes(value)))))

    if citation.type == "article-newspaper":
        add("entrysubtype", "newspaper")
    if citation.authors:
        add("author", " and ".join(format_name(n) for n in citation.authors), raw=True)
    if citation.editors:
        add("editor", " and ".join(format_name(n) for n in citation.editors), raw=True)
    add_title("title", citation.title)
    _add_container(entry_type, citation, add, add_title)
    add("date", format_date(citation.issued) if citation.issued else None)
    add("volume", citation.volume)
    add("number", citation.issue)
    if citation.page and entry_type not in _PINPOINT_ONLY:
        add("pages", citation.page.replace("-", "--"))
    if entry_type == "thesis":
        add("type", thesis_degree(citation))
        add("institution", citation.publisher)
    elif entry_type != "report":
        add("publisher", citation.publisher)
    add("location", citation.publisher_place)
    add("doi", citation.doi, raw=True)  # the bare DOI: biblatex makes the link itself
    add("url", citation.url, raw=True)
    add("urldate", format_date(citation.accessed) if citation.accessed else None)
    if citation.archive_url:
        # biblatex styles that do not know archiveurl/archivedate simply ignore them.
        add("archiveurl", citation.archive_url, raw=True)
        add("archivedate", archive_date(citation.archive_url))
    add("langid", langid(citation.language))
    return entry_type, fields


def _add_container(
    entry_type: str,
    citation: Citation,
    add: _Adder,
    add_title: _Adder,
) -> None:
    """The slot each type keeps its container in (see ``export.conventions``)."""
    if entry_type == "report":
        report = report_issuer(citation)
        add("type", report.genre)
        add("institution", report.issuer)
        add_title("series", report.series)
        return
    site = site_name(citation)
    if site:
        add("organization", site)
        return
    field = _CONTAINER_FIELD.get(entry_type, "journaltitle" if entry_type == "misc" else "note")
    (add_title if field in _TITLE_FIELDS else add)(field, citation.container_title)


class _Adder(Protocol):
    def __call__(self, name: str, value: str | None, *, raw: bool = False) -> None: ...


def render(document: Document) -> str:
    """BibTeX text with one entry per distinct work of ``document``."""
    # Imported lazily: only exports need bibtexparser.
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field

    library = Library()
    for citation in works(document):
        entry_type, fields = entry_fields(citation)
        library.add(Entry(entry_type, citation.work_id, [Field(k, v) for k, v in fields]))
    text: str = write_string(library)
    return text
