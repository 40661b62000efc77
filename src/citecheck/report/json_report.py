"""The JSON contract of ``citecheck verify DOC --format json`` (documented in README).

One document: ``{"document", "summary", "links": [...]}``. Several: ``{"summary",
"documents": [{"document", "summary", "links"}]}``, the summary counting each URL once.
"""

from __future__ import annotations

import json
from typing import Any

from citecheck.status import DocumentReport, LinkResult, Report


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
    if link.status.value == "failing":
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
    return item


def document_json(document: DocumentReport) -> dict[str, Any]:
    """One document's part of the contract."""
    return {
        "document": document.document,
        "summary": document.summary,
        "links": [link_json(link) for link in document.links],
    }


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
