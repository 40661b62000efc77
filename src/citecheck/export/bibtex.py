"""BibTeX export through bibtexparser v2, in biblatex conventions.

Original-script fields; CJK names and organisations as braced literals (``{林宗達}``) so
BibTeX never splits them; ``langid`` for hyphenation; ``@online`` for web pages and
``@article`` with ``entrysubtype = {newspaper}`` for news; ISO ``date`` and ``urldate``;
page ranges with ``--``. One entry per distinct work, keyed by its ``work_id``.
"""

from __future__ import annotations

import re

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
    "online": "organization",
}
_LANGID = {"zh": "chinese", "en": "english", "ru": "russian"}
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

    if citation.type == "article-newspaper":
        add("entrysubtype", "newspaper")
    if citation.authors:
        add("author", " and ".join(format_name(n) for n in citation.authors), raw=True)
    if citation.editors:
        add("editor", " and ".join(format_name(n) for n in citation.editors), raw=True)
    add("title", citation.title)
    add(
        _CONTAINER_FIELD.get(entry_type, "journaltitle" if entry_type == "misc" else "note"),
        citation.container_title,
    )
    add("date", format_date(citation.issued) if citation.issued else None)
    add("volume", citation.volume)
    add("number", citation.issue)
    if citation.page and entry_type not in _PINPOINT_ONLY:
        add("pages", citation.page.replace("-", "--"))
    add("institution" if entry_type in ("thesis", "report") else "publisher", citation.publisher)
    add("location", citation.publisher_place)
    add("doi", citation.doi, raw=True)  # the bare DOI: biblatex makes the link itself
    add("url", citation.url, raw=True)
    add("urldate", format_date(citation.accessed) if citation.accessed else None)
    if citation.archive_url:
        # biblatex styles that do not know archiveurl/archivedate simply ignore them.
        add("archiveurl", citation.archive_url, raw=True)
        add("archivedate", archive_date(citation.archive_url))
    if citation.language:
        add("langid", _LANGID.get(citation.language.split("-")[0]))
    return entry_type, fields


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
