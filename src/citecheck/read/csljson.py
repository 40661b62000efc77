"""CSL-JSON reader: a bibliography exported by Zotero (or by ``citecheck parse``).

Accepts a JSON array of CSL items, or the ``citecheck parse --format json`` contract
(``{"footnotes": [...]}``), so a parse result can be verified without parsing again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from citecheck.csl import citation_from_csl
from citecheck.errors import InputError
from citecheck.models import Document, Footnote


def read_csljson(path: Path, text: str, encoding: str) -> Document:
    """A pre-parsed Document from CSL-JSON ``text``; InputError if it is not CSL-JSON."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"is not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if isinstance(data, dict) and isinstance(data.get("footnotes"), list):
        notes = tuple(_contract_note(n) for n in data["footnotes"] if isinstance(n, dict))
    elif isinstance(data, list):
        notes = tuple(_item_note(i, item, text) for i, item in enumerate(_items(data), 1))
    else:
        raise InputError(str(path), "is not CSL-JSON (expected a JSON array of items)")
    if not notes:
        raise InputError(str(path), "holds no CSL-JSON item")
    return Document(str(path), "csl-json", encoding, notes, text, pre_parsed=True)


def _items(data: list[Any]) -> list[dict[str, Any]]:
    return [item for item in data if isinstance(item, dict)]


def _item_note(number: int, item: dict[str, Any], text: str) -> Footnote:
    citation = citation_from_csl(item)
    if not citation.work_id:
        from dataclasses import replace

        citation = replace(citation, work_id=f"item{number}")
    return Footnote(number, _line_of(item, text), citation.raw, (citation,), str(item.get("id")))


def _contract_note(note: dict[str, Any]) -> Footnote:
    citations = tuple(citation_from_csl(c) for c in _items(note.get("citations") or []))
    line, page = note.get("line"), note.get("page")
    return Footnote(
        int(note.get("number", 0)),
        None if line is None else int(line),
        str(note.get("text", "")),
        citations,
        page=None if page is None else int(page),
    )


def _line_of(item: dict[str, Any], text: str) -> int:
    """The 1-based line where the item's id appears, so reports can point into the file."""
    marker = json.dumps(item.get("id"), ensure_ascii=False)
    position = text.find(f'"id": {marker}')
    if position < 0:
        position = text.find(marker)
    return text.count("\n", 0, max(position, 0)) + 1
