"""Markdown report, for job summaries, issues and pull-request comments."""

from __future__ import annotations

from citecheck.status import DocumentReport, LinkResult, Report


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
    attention = [link for link in document.links if link.is_broken or not link.status.is_ok]
    if not attention:
        return [*out, "Every cited source answered as cited.", ""]
    out += [
        "| footnotes | lines | status | URL | reason | archive |",
        "|---|---|---|---|---|---|",
    ]
    order = sorted(attention, key=lambda link: (not link.is_broken, link.status.value))
    return [*out, *(_row(link) for link in order), ""]


def render(report: Report) -> str:
    """A Markdown summary: totals, then each document's links that need attention."""
    broken = len(report.broken)
    head = "## citecheck: " + (
        "offline, no link could be checked"
        if report.offline
        else f"{broken} broken or changed source{'s' if broken != 1 else ''}"
    )
    lines = [head, ""]
    for document in report.documents:
        lines += _document(document)
    return "\n".join(lines).rstrip() + "\n"
