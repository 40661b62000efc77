"""BibTeX/biblatex reader: an existing bibliography, one entry per "footnote".

Entries are parsed by bibtexparser v2 and mapped back onto ``Citation`` (the inverse of
``export.bibtex``), so a .bib file can be verified like a paper. A braced name
(``{林宗達}``, ``{World Bank}``) stays a literal; ``Family, Given`` is split.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from citecheck.doi import doi_from_url, is_doi, trim
from citecheck.errors import InputError
from citecheck.models import Citation, DateParts, Document, Footnote, Name

_CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "report": "report",
    "techreport": "report",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
}
_LANGUAGES = {"chinese": "zh", "english": "en", "russian": "ru", "american": "en"}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_LATEX_ESCAPE = re.compile(r"\\([&%$#_{}])")


def read_bib(path: Path, text: str, encoding: str) -> Document:
    """A pre-parsed Document with one footnote per BibTeX entry of ``text``."""
    from bibtexparser.entrypoint import parse_string

    library = parse_string(text)
    if not library.entries:
        failed = len(library.failed_blocks)
        detail = f" ({failed} block(s) could not be parsed)" if failed else ""
        raise InputError(str(path), f"holds no parseable BibTeX entry{detail}")
    notes = tuple(
        Footnote(
            number=index,
            line=(entry.start_line or 0) + 1,
            text=entry.raw or "",
            citations=(entry_to_citation(entry.entry_type, entry.key, entry.fields_dict),),
            label=entry.key,
        )
        for index, entry in enumerate(library.entries, start=1)
    )
    return Document(str(path), "bibtex", encoding, notes, text, pre_parsed=True)


def entry_to_citation(entry_type: str, key: str, fields: dict[str, Any]) -> Citation:
    """A Citation from one entry's type, key and ``{name: Field}`` map."""
    value = {name.lower(): _plain(str(field.value)) for name, field in fields.items()}
    csl_type = _CSL_TYPES.get(entry_type.lower(), "document")
    if value.get("entrysubtype") == "newspaper":
        csl_type = "article-newspaper"
    return Citation(
        raw=_raw_value(fields),
        type=csl_type,
        authors=_names(fields.get("author")),
        editors=_names(fields.get("editor")),
        title=value.get("title"),
        container_title=_first(value, "journaltitle", "journal", "booktitle", "organization"),
        issued=_issued(value),
        accessed=_date(value.get("urldate", "")),
        volume=value.get("volume"),
        issue=value.get("number") or value.get("issue"),
        page=(value.get("pages") or "").replace("--", "-") or None,
        publisher=_first(value, "publisher", "institution", "school"),
        publisher_place=_first(value, "location", "address"),
        url=None if doi_from_url(_url(fields) or "") else _url(fields),
        archive_url=value.get("archiveurl"),
        language=_language(value.get("langid") or value.get("language") or ""),
        work_id=key,
        doi=_doi(value.get("doi")) or doi_from_url(_url(fields) or ""),
    )


def _language(name: str) -> str | None:
    """A BCP 47 tag from a babel name (``english``) or a tag itself (``zh-Hant``)."""
    if re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", name):
        return name
    return _LANGUAGES.get(name.lower())


def _doi(text: str | None) -> str | None:
    """A ``doi`` field's DOI, written bare or as a resolver URL."""
    if not text:
        return None
    bare = trim(re.sub(r"^doi\s*:\s*", "", text.strip(), flags=re.IGNORECASE))
    return doi_from_url(text) or (bare if is_doi(bare) else None)


def _raw_value(fields: dict[str, Any]) -> str:
    return "; ".join(f"{name} = {field.value}" for name, field in fields.items())


def _plain(value: str) -> str:
    """Field text without grouping braces and LaTeX escapes of specials."""
    value = _LATEX_ESCAPE.sub(r"\1", value)
    value = value.replace("{", "").replace("}", "").replace("--", "–")
    return re.sub(r"\s+", " ", value).strip()


def _url(fields: dict[str, Any]) -> str | None:
    field = fields.get("url") or fields.get("howpublished")
    if field is None:
        return None
    text = str(field.value).strip().removeprefix("\\url{").rstrip("}").strip("{}")
    return text or None


def _first(value: dict[str, str], *names: str) -> str | None:
    return next((value[n] for n in names if value.get(n)), None)


def _names(field: Any) -> tuple[Name, ...]:
    if field is None:
        return ()
    return tuple(_name(part) for part in _split_authors(str(field.value)) if part.strip())


def _split_authors(text: str) -> list[str]:
    """Split on `` and `` outside braces."""
    parts, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


def _name(text: str) -> Name:
    text = text.strip()
    if text.startswith("{") and text.endswith("}") and text.count("{") == 1:
        return Name(literal=_plain(text))
    if "," in text:
        family, _, given = text.partition(",")
        return Name(family=_plain(family), given=_plain(given) or None)
    words = _plain(text).split()
    if len(words) == 1:
        return Name(literal=words[0])
    return Name(family=words[-1], given=" ".join(words[:-1]))


def _issued(value: dict[str, str]) -> tuple[DateParts, ...]:
    if value.get("date"):
        return _date(value["date"])
    year = re.match(r"\d{4}", value.get("year", ""))
    if not year:
        return ()
    month = _MONTHS.get(value.get("month", "")[:3].lower())
    if month is None and value.get("month", "").isdigit():
        month = int(value["month"])
    return ((int(year.group()), month),) if month else ((int(year.group()),),)


def _date(text: str) -> tuple[DateParts, ...]:
    """An ISO date or ``start/end`` range as date parts."""
    dates = []
    for part in text.split("/")[:2]:
        numbers = re.findall(r"\d+", part)[:3]
        if numbers and len(numbers[0]) == 4:
            dates.append(tuple(int(n) for n in numbers))
    return tuple(dates)
