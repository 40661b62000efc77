"""CSL-JSON export: one item per distinct work, as Zotero imports it."""

from __future__ import annotations

import json
from typing import Any

from citecheck.csl import citation_to_csl
from citecheck.models import Citation, Document

# Types whose "page" in a note can only be a pinpoint, never the work's own page range.
_WHOLE_WORK_TYPES = {"book", "thesis", "report", "webpage"}


def works(document: Document) -> list[Citation]:
    """The first (fullest) citation of each distinct work, in order of first citation."""
    seen: dict[str, Citation] = {}
    for citation in document.citations:
        key = citation.work_id or str(id(citation))
        seen.setdefault(key, citation)
    return list(seen.values())


def csl_items(document: Document) -> list[dict[str, Any]]:
    """CSL-JSON items for every distinct work; the pinpoint page of a note is not the work's."""
    items = []
    for citation in works(document):
        item = citation_to_csl(citation)
        item.pop("custom", None)
        if citation.type in _WHOLE_WORK_TYPES:
            item.pop("page", None)  # a pinpoint page of a book is the note's, not the work's
        if citation.raw:
            item["note"] = f"citecheck-raw: {citation.raw}"
        items.append(item)
    return items


def render(document: Document) -> str:
    """CSL-JSON text (a JSON array) for ``document``."""
    return json.dumps(csl_items(document), ensure_ascii=False, indent=2) + "\n"
