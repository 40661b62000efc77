"""Markdown report, for job summaries, issues and pull-request comments."""

from __future__ import annotations

from citecheck.status import DocumentReport, DoiResult, LinkResult, LinkStatus, Report


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _row(link: LinkResult) -> str:
    notes = ", ".join(str(n) for n in link.footnotes)
    lines = link.locations()
    status = "content changed" if link.content_changed else link.status.value
    archive = f"[snapshot]({link.archive.url})" if link.archive else ""
    if link.suggested_url:
        archive += f" suggested: <{link.suggested_url}>"
    return (
        f"| {notes} | {lines} | {status} | <{_cell(link.url)}> | {_cell(link.reason)} | {archive} |"
    )


def _document(document: DocumentReport) -> list[str]:
    out = [f"### `{document.document}`", ""]
    summary = ", ".join(f"{count} {status}" for status, count in document.summary.items())
    out += [f"{len(document.links)} links: {summary or 'none'}.", ""]
    # Offline links are counted in the summary line, not listed: each row would be the same.
    unchecked = any(link.status is LinkStatus.OFFLINE for link in document.links)
    attention = [
        link
        for link in document.links
        if (link.is_broken or not link.status.is_ok) and link.status is not LinkStatus.OFFLINE
    ]
    if not attention:
        return out if unchecked else [*out, "Every cited source answered as cited.", ""]
    out += [
        "| footnotes | lines | status | URL | reason | archive |",
        "|---|---|---|---|---|---|",
    ]
    order = sorted(attention, key=lambda link: (not link.is_broken, link.status.value))
    return [*out, *(_row(link) for link in order), ""]


def _doi_row(result: DoiResult) -> str:
    notes = ", ".join(str(n) for n in result.footnotes)
    lines = ", ".join(str(n) for n in result.lines)
    doi = f"[{result.doi}](https://doi.org/{result.doi})" if result.doi else "(none cited)"
    more = result.notice_text()
    if result.suggested_doi:
        more = f"suggested: [{result.suggested_doi}](https://doi.org/{result.suggested_doi})"
    return (
        f"| {notes} | {lines} | {_cell(result.label)} | {_cell(doi)} | {_cell(result.reason)} "
        f"| {_cell(more)} |"
    )


def _dois(document: DocumentReport) -> list[str]:
    """The DOIs that need attention, retractions first."""
    attention = sorted(
        (r for r in document.dois if r.severity < 5), key=lambda r: (r.severity, r.footnotes[:1])
    )
    if not document.dois:
        return []
    if not attention:
        return [f"{len(document.dois)} DOIs: every one is registered to the cited work.", ""]
    return [
        f"{len(document.dois)} DOIs; these need attention:",
        "",
        "| footnotes | lines | status | DOI | reason | notices / suggestion |",
        "|---|---|---|---|---|---|",
        *(_doi_row(r) for r in attention),
        "",
    ]


def _retractions(report: Report) -> list[str]:
    """Retracted, withdrawn and flagged works: the first thing an editor must read."""
    flagged = [r for r in report.dois if r.flagged]
    if not flagged:
        return []
    out = ["**Retracted or flagged works cited:**", ""]
    for result in flagged:
        notes = ", ".join(str(n) for n in result.footnotes)
        out.append(f"- {result.doi} (footnote {notes}): {result.notice_text()}")
    return [*out, ""]


def render(report: Report) -> str:
    """A Markdown summary: totals, then each document's links that need attention."""
    broken = len(report.broken) + len(report.broken_dois)
    head = "## citecheck: " + (
        "offline, no link could be checked"
        if report.offline
        else f"{broken} broken or changed source{'s' if broken != 1 else ''}"
    )
    lines = [head, "", *_retractions(report)]
    for document in report.documents:
        if document.links or not document.dois:
            lines += _document(document)
        else:
            lines += [f"### `{document.document}`", ""]
        lines += _dois(document)
    return "\n".join(lines).rstrip() + "\n"
