"""The JSON contract of ``citecheck verify DOC --format json`` (documented in README).

One document: ``{"document", "summary", "links": [...]}``. Several: ``{"summary",
"documents": [{"document", "summary", "links"}]}``, the summary counting each URL once.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from citecheck.status import (
    DocumentReport,
    DoiResult,
    DoiStatus,
    LinkResult,
    LinkStatus,
    Notice,
    NoticeKind,
    RegisteredWork,
    Report,
    Snapshot,
    TitleMatch,
)


def link_json(link: LinkResult) -> dict[str, Any]:
    """One link of the contract."""
    item: dict[str, Any] = {
        "url": link.url,
        "footnotes": list(link.footnotes),
        "lines": list(link.lines),
        "status": link.status.value,
        "http_status": link.http_status,
        "final_url": link.final_url,
        "redirects": list(link.redirects),
        "cited_title": link.cited_title,
        "page_title": link.page_title,
        "title_match": link.title_match.value,
        "content_changed": link.content_changed,
        "checked_at": link.checked_at.isoformat(timespec="seconds") if link.checked_at else None,
        "reason": link.reason,
    }
    if link.status is LinkStatus.FAILING:
        item["failures"] = link.failures
    if link.archive is not None:
        item["archive"] = {
            "url": link.archive.url,
            "timestamp": link.archive.timestamp,
            "status": link.archive.status,
            "source": link.archive.source,
        }
    if link.suggested_url:
        item["suggested_url"] = link.suggested_url
    if link.pages:
        item["pages"] = list(link.pages)
    return item


def doi_json(result: DoiResult) -> dict[str, Any]:
    """One DOI of the contract (a cited DOI, or a suggestion for a DOI-less citation)."""
    registered = result.registered
    item: dict[str, Any] = {
        "doi": result.doi,
        "footnotes": list(result.footnotes),
        "lines": list(result.lines),
        "status": result.status.value,
        "broken": result.is_broken,
        "cited_title": result.cited_title,
        "registered": {
            "agency": registered.agency,
            "title": registered.title,
            "year": registered.year,
            "authors": list(registered.authors),
            "container": registered.container,
            "type": registered.type,
        }
        if registered is not None
        else None,
        "differences": list(result.differences),
        "notices": [
            {
                "type": n.kind.value,
                "doi": n.doi,
                "date": n.date,
                "source": n.source,
                "label": n.label,
                "fails": n.kind in result.failing_notices,
            }
            for n in result.notices
        ],
        "checked_at": result.checked_at.isoformat(timespec="seconds")
        if result.checked_at
        else None,
        "reason": result.reason,
    }
    if result.suggested_doi:
        item["suggested_doi"] = result.suggested_doi
    return item


def document_json(document: DocumentReport) -> dict[str, Any]:
    """One document's part of the contract (``dois`` only when the document cites any)."""
    out: dict[str, Any] = {
        "document": document.document,
        "summary": document.summary,
        "links": [link_json(link) for link in document.links],
    }
    if document.dois:
        out["dois"] = [doi_json(result) for result in document.dois]
    return out


def report_json(report: Report) -> dict[str, Any]:
    """The whole contract for ``report``."""
    if len(report.documents) == 1:
        return document_json(report.documents[0])
    return {
        "summary": report.summary,
        "documents": [document_json(document) for document in report.documents],
    }


def render(report: Report) -> str:
    """The contract as pretty-printed UTF-8 JSON."""
    return json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"


def link_from_json(item: dict[str, Any]) -> LinkResult:
    """A LinkResult back from its contract form (the inverse of ``link_json``)."""
    archive = item.get("archive")
    checked = item.get("checked_at")
    return LinkResult(
        url=item["url"],
        status=LinkStatus(item["status"]),
        reason=item.get("reason", ""),
        http_status=item.get("http_status"),
        final_url=item.get("final_url"),
        redirects=tuple(item.get("redirects", ())),
        page_title=item.get("page_title"),
        cited_title=item.get("cited_title"),
        title_match=TitleMatch(item.get("title_match", "unknown")),
        checked_at=datetime.fromisoformat(checked) if checked else None,
        failures=item.get("failures", 0),
        archive=Snapshot(
            archive["url"],
            archive["timestamp"],
            item["url"],
            archive.get("status"),
            archive.get("source", "cdx"),
        )
        if archive
        else None,
        suggested_url=item.get("suggested_url"),
        footnotes=tuple(item.get("footnotes", ())),
        lines=tuple(item.get("lines", ())),
        pages=tuple(item.get("pages", ())),
    )


def doi_from_json(item: dict[str, Any]) -> DoiResult:
    """A DoiResult back from its contract form (the inverse of ``doi_json``)."""
    registered = item.get("registered")
    notices = tuple(
        Notice(NoticeKind(n["type"]), n.get("doi"), n.get("date"), n.get("source"), n.get("label"))
        for n in item.get("notices", ())
    )
    failing = tuple(
        dict.fromkeys(
            [NoticeKind.RETRACTION, NoticeKind.WITHDRAWAL, NoticeKind.EXPRESSION_OF_CONCERN]
            + [NoticeKind(n["type"]) for n in item.get("notices", ()) if n.get("fails")]
        )
    )
    checked = item.get("checked_at")
    return DoiResult(
        doi=item.get("doi"),
        status=DoiStatus(item["status"]),
        reason=item.get("reason", ""),
        registered=RegisteredWork(
            doi=item.get("doi") or "",
            agency=registered.get("agency") or "",
            title=registered.get("title"),
            year=registered.get("year"),
            authors=tuple(registered.get("authors", ())),
            container=registered.get("container"),
            type=registered.get("type"),
            notices=notices,
        )
        if registered
        else None,
        differences=tuple(item.get("differences", ())),
        notices=notices,
        suggested_doi=item.get("suggested_doi"),
        cited_title=item.get("cited_title"),
        checked_at=datetime.fromisoformat(checked) if checked else None,
        failing_notices=failing,
        footnotes=tuple(item.get("footnotes", ())),
        lines=tuple(item.get("lines", ())),
    )


def report_from_json(data: dict[str, Any]) -> Report:
    """A Report back from the contract (one document or a ``documents`` list)."""
    documents = data.get("documents", [data])
    return Report(
        tuple(
            DocumentReport(
                d["document"],
                tuple(link_from_json(i) for i in d["links"]),
                tuple(doi_from_json(i) for i in d.get("dois", ())),
            )
            for d in documents
        )
    )
