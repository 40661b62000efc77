"""RIS export through rispy: one record per distinct work, for EndNote, NoteExpress, Zotero.

Chinese scholars' reference managers (NoteExpress, EndNote, CNKI E-Study) import RIS, not
BibTeX or CSL-JSON. Records are built from the CSL-JSON export's items, so every convention
there holds here too (a report's issuer and genre, a web page's site, the DOI when known).
Tags follow Zotero's RIS translator, which EndNote's files also follow: ``T2`` is the journal,
newspaper, book, site or conference; ``PB`` a report's institution and ``M3`` its kind;
``DB``/``AN`` the web archive and the snapshot (Zotero's Archive / Loc. in Archive), the
snapshot also a second ``UR`` for managers that only keep links. Names stay whole: a CJK or
organisational author is one ``AU`` line (``林宗達``), a Western one ``Family, Given``.
"""

from __future__ import annotations

import re
from typing import Any

from citecheck.export.csljson import export_item, works
from citecheck.models import Document

_RIS_TYPES = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "book": "BOOK",
    "chapter": "CHAP",
    "thesis": "THES",
    "report": "RPRT",
    "paper-conference": "CPAPER",
    "webpage": "ELEC",
    "post": "ELEC",
    "post-weblog": "BLOG",
    "legislation": "STAT",
    "legal_case": "CASE",
    "manuscript": "MANSCPT",
}


def ris_record(item: dict[str, Any]) -> dict[str, Any]:
    """rispy's record (its field names) for one CSL-JSON item of the export."""
    csl_type = item.get("type", "")
    record: dict[str, Any] = {"type_of_reference": _RIS_TYPES.get(csl_type, "GEN")}
    _put(record, "authors", [_name(n) for n in item.get("author", [])])
    _put(record, "secondary_authors", [_name(n) for n in item.get("editor", [])])
    _put(record, "title", item.get("title"))
    _put(record, "secondary_title", _secondary_title(item))
    if csl_type == "paper-conference" and item.get("event-title"):
        _put(record, "custom3", item.get("container-title"))  # Zotero: proceedings title
    if csl_type in ("report", "thesis"):
        _put(record, "type_of_work", item.get("genre"))
        _put(record, "tertiary_title", item.get("collection-title"))
    issued = _first_date(item.get("issued"))
    if issued:
        record["year"] = str(issued[0])
        record["date"] = _ris_date(issued)
    _put(record, "volume", item.get("volume"))
    _put(record, "number", item.get("issue") or item.get("number") or item.get("collection-number"))
    _pages(record, item.get("page"))
    if csl_type not in ("webpage", "post", "post-weblog"):
        _put(record, "publisher", item.get("publisher"))
    # Zotero reads a conference paper's place from C1, every other type's from CY.
    place_tag = "custom1" if csl_type == "paper-conference" else "place_published"
    _put(record, place_tag, item.get("publisher-place"))
    _put(record, "doi", item.get("DOI"))
    urls = [u for u in (item.get("URL"), item.get("archive_location")) if u]
    _put(record, "urls", urls)
    if item.get("archive_location"):
        record["name_of_database"] = item.get("archive")
        record["accession_number"] = item["archive_location"]
    accessed = _first_date(item.get("accessed"))
    if accessed:
        record["access_date"] = _ris_date(accessed)
    _put(record, "language", item.get("language"))
    record["id"] = item["id"]
    return {key: _one_line(value) for key, value in record.items()}


def _secondary_title(item: dict[str, Any]) -> str | None:
    """T2: where the work appeared (its site for a web page, its conference for a paper)."""
    csl_type = item.get("type")
    if csl_type in ("webpage", "post", "post-weblog"):
        return item.get("container-title") or item.get("publisher")
    if csl_type == "paper-conference":
        return item.get("event-title") or item.get("container-title")
    if csl_type == "report":
        return None  # a report's issuer is PB, its series T3
    return item.get("container-title")


def _name(name: dict[str, str]) -> str:
    if name.get("literal"):
        return name["literal"]
    return ", ".join(part for part in (name.get("family"), name.get("given")) if part)


def _first_date(date: Any) -> list[int] | None:
    parts = (date or {}).get("date-parts") if isinstance(date, dict) else None
    return list(parts[0]) if parts and parts[0] else None


def _ris_date(parts: list[int]) -> str:
    """RIS dates are ``YYYY/MM/DD/`` with empty parts left empty (``2014/05//``)."""
    year, month, day = [*parts, 0, 0][:3]
    return f"{year:04d}/{f'{month:02d}' if month else ''}/{f'{day:02d}' if day else ''}/"


def _pages(record: dict[str, Any], page: str | None) -> None:
    if not page:
        return
    bounds = re.split(r"\s*[-–—]+\s*", page, maxsplit=1)
    first = bounds[0]
    last = bounds[1] if len(bounds) > 1 else None
    record["start_page"] = first
    _put(record, "end_page", last)


def _put(record: dict[str, Any], key: str, value: Any) -> None:
    if value:
        record[key] = value


def _one_line(value: Any) -> Any:
    """RIS is one value per line: inner line breaks would start a bogus tag."""
    if isinstance(value, list):
        return [re.sub(r"\s+", " ", str(v)).strip() for v in value]
    return re.sub(r"\s+", " ", str(value)).strip()


def render(document: Document) -> str:
    """RIS text (UTF-8) with one record per distinct work of ``document``."""
    import rispy  # imported lazily: only this export needs it

    class _Writer(rispy.RisWriter):  # type: ignore[misc]  # rispy ships no type hints
        def set_header(self, count: int) -> str:
            return ""  # no "1." line before each record: some importers take it for data

    records = [ris_record(export_item(citation)) for citation in works(document)]
    text: str = rispy.dumps(records, implementation=_Writer)
    return text
