"""The one mapping between ``Citation`` and a CSL-JSON item, in both directions.

The parse JSON contract, the CSL-JSON export and the CSL-JSON reader all go through here,
so a field name is spelled in one place. What CSL has no field for (the note's raw text,
the citation's relation, whether it was an ibid or a short form, a flagged URL) travels in
``custom``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from citecheck.models import Citation, CitationKind, DateParts, Name, Relation

_E = TypeVar("_E", CitationKind, Relation)

_TEXT_FIELDS = (
    ("title", "title"),
    ("container_title", "container-title"),
    ("volume", "volume"),
    ("issue", "issue"),
    ("page", "page"),
    ("publisher", "publisher"),
    ("publisher_place", "publisher-place"),
    ("url", "URL"),
    ("doi", "DOI"),
    ("language", "language"),
)


def name_to_csl(name: Name) -> dict[str, str]:
    """A CSL name object: ``{"literal"}`` or ``{"family", "given"}``."""
    if name.literal:
        return {"literal": name.literal}
    return {key: value for key, value in (("family", name.family), ("given", name.given)) if value}


def name_from_csl(data: dict[str, Any]) -> Name:
    """A Name from a CSL name object (unknown keys such as ``dropping-particle`` ignored)."""
    literal = _text(data.get("literal"))
    if literal:
        return Name(literal=literal)
    return Name(family=_text(data.get("family")), given=_text(data.get("given")))


def date_to_csl(parts: tuple[DateParts, ...]) -> dict[str, list[list[int]]]:
    """A CSL date: one ``date-parts`` entry, or two for a range."""
    return {"date-parts": [list(p) for p in parts]}


def date_from_csl(data: Any) -> tuple[DateParts, ...]:
    """Date parts from a CSL date; ``raw`` or malformed dates give no parts."""
    if not isinstance(data, dict):
        return ()
    parts = data.get("date-parts")
    if not isinstance(parts, list):
        return ()
    dates: list[DateParts] = []
    for entry in parts[:2]:
        if isinstance(entry, list) and entry:
            try:
                dates.append(tuple(int(x) for x in entry[:3]))
            except (TypeError, ValueError):
                continue
    return tuple(dates)


def citation_to_csl(citation: Citation) -> dict[str, Any]:
    """The CSL-JSON item of the JSON contract for one citation (``id`` = its work id)."""
    item: dict[str, Any] = {"id": citation.work_id, "type": citation.type}
    if citation.authors:
        item["author"] = [name_to_csl(n) for n in citation.authors]
    if citation.editors:
        item["editor"] = [name_to_csl(n) for n in citation.editors]
    for attribute, key in _TEXT_FIELDS:
        value = getattr(citation, attribute)
        if value:
            item[key] = value
    if citation.issued:
        item["issued"] = date_to_csl(citation.issued)
    if citation.accessed:
        item["accessed"] = date_to_csl(citation.accessed)
    if citation.archive_url:
        # Zotero's Archive and Loc. in Archive fields, which CSL calls these.
        item["archive"] = "Internet Archive"
        item["archive_location"] = citation.archive_url
    item["custom"] = _custom(citation)
    return item


def _custom(citation: Citation) -> dict[str, Any]:
    custom: dict[str, Any] = {
        "raw": citation.raw,
        "relation": citation.relation.value,
        "kind": citation.kind.value,  # always stated, as the README's contract shows
    }
    if citation.et_al:
        custom["et_al"] = True
    if citation.url_problem:
        custom["url_problem"] = citation.url_problem
    return custom


def citation_from_csl(item: dict[str, Any]) -> Citation:
    """A Citation from a CSL-JSON item (as Zotero exports it, or as citecheck wrote it)."""
    custom = item.get("custom")
    if not isinstance(custom, dict):
        custom = {}
    fields = {attribute: _text(item.get(key)) for attribute, key in _TEXT_FIELDS}
    return Citation(
        raw=_text(custom.get("raw")) or _text(item.get("note")) or "",
        type=_text(item.get("type")) or "document",
        kind=_enum(CitationKind, custom.get("kind"), CitationKind.FULL),
        relation=_enum(Relation, custom.get("relation"), Relation.SOURCE),
        authors=_names(item.get("author")),
        et_al=bool(custom.get("et_al")),
        editors=_names(item.get("editor")),
        issued=date_from_csl(item.get("issued")),
        accessed=date_from_csl(item.get("accessed")),
        url_problem=_text(custom.get("url_problem")),
        archive_url=_text(item.get("archive_location")),
        work_id=_text(item.get("id")) or "",
        **fields,
    )


def _names(value: Any) -> tuple[Name, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(name_from_csl(n) for n in value if isinstance(n, dict))


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _enum(kind: type[_E], value: Any, default: _E) -> _E:
    try:
        return kind(value)
    except ValueError:
        return default
