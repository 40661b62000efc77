"""CSL-JSON export: one item per distinct work, as Zotero imports it."""

from __future__ import annotations

import json
from typing import Any

from citecheck.csl import citation_to_csl
from citecheck.export.conventions import (
    THESIS_GENRES,
    conference_name,
    report_issuer,
    site_name,
    thesis_degree,
)
from citecheck.models import Citation, Document

# Types whose "page" in a note can only be a pinpoint, never the work's own page range.
_WHOLE_WORK_TYPES = {"book", "thesis", "report", "webpage"}
# A "No. 34" outside a periodical numbers the work in its series (CSL collection-number:
# biblatex's `number` of a book, chapter or proceedings paper) or is the work's own number
# (CSL number: a report's). Only periodicals have an issue.
_PERIODICAL_TYPES = {"article-journal", "article-magazine", "article-newspaper"}
_IN_SERIES_TYPES = {"book", "chapter", "paper-conference"}


def works(document: Document) -> list[Citation]:
    """The first (fullest) citation of each distinct work, in order of first citation."""
    seen: dict[str, Citation] = {}
    for citation in document.citations:
        key = citation.work_id or str(id(citation))
        seen.setdefault(key, citation)
    return list(seen.values())


def csl_items(document: Document) -> list[dict[str, Any]]:
    """CSL-JSON items for every distinct work, as reference managers and CSL styles want them.

    The note's own text stays out (Zotero would keep it in every item's Extra field); it is
    in the parse JSON's ``custom.raw``.
    """
    return [export_item(citation) for citation in works(document)]


def export_item(citation: Citation) -> dict[str, Any]:
    """One work's CSL-JSON item with the exports' shared conventions applied."""
    item = citation_to_csl(citation)
    item.pop("custom", None)
    if citation.type in _WHOLE_WORK_TYPES:
        item.pop("page", None)  # a pinpoint page of a book is the note's, not the work's
    if citation.type == "report":
        report = report_issuer(citation)
        item.pop("container-title", None)
        _put(item, "publisher", report.issuer)
        _put(item, "genre", report.genre)
        _put(item, "collection-title", report.series)
    site = site_name(citation)
    if site:
        item.pop("container-title", None)
        item["publisher"] = site
    _put(item, "event-title", conference_name(citation))
    degree = thesis_degree(citation)
    if degree:
        item["genre"] = THESIS_GENRES[degree]
    if "issue" in item and citation.type not in _PERIODICAL_TYPES:
        number = "collection-number" if citation.type in _IN_SERIES_TYPES else "number"
        item[number] = item.pop("issue")
    return item


def _put(item: dict[str, Any], key: str, value: str | None) -> None:
    if value:
        item[key] = value
    else:
        item.pop(key, None)


def render(document: Document) -> str:
    """CSL-JSON text (a JSON array) for ``document``."""
    return json.dumps(csl_items(document), ensure_ascii=False, indent=2) + "\n"
