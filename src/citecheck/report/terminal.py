"""The terminal report: a rich table per document, links grouped by outcome."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from citecheck.status import DocumentReport, LinkResult, LinkStatus, Report

# Worst first: what an editor must fix comes before what merely moved.
_ORDER = [
    LinkStatus.DEAD,
    LinkStatus.SOFT_404,
    LinkStatus.INVALID,
    LinkStatus.FAILING,
    LinkStatus.MOVED,
    LinkStatus.BLOCKED,
    LinkStatus.TIMEOUT,
    LinkStatus.ERROR,
    LinkStatus.REDIRECTED,
    LinkStatus.LIVE,
    LinkStatus.OFFLINE,
    LinkStatus.SKIPPED,
]
_STYLE = {
    LinkStatus.DEAD: "bold red",
    LinkStatus.SOFT_404: "red",
    LinkStatus.INVALID: "red",
    LinkStatus.FAILING: "yellow",
    LinkStatus.MOVED: "yellow",
    LinkStatus.BLOCKED: "magenta",
    LinkStatus.TIMEOUT: "magenta",
    LinkStatus.ERROR: "magenta",
    LinkStatus.REDIRECTED: "cyan",
    LinkStatus.LIVE: "green",
    LinkStatus.OFFLINE: "dim",
    LinkStatus.SKIPPED: "dim",
}


def _sort_key(link: LinkResult) -> tuple[int, int, int]:
    return (
        0 if link.content_changed else 1,
        _ORDER.index(link.status),
        link.footnotes[0] if link.footnotes else 0,
    )


def _new_table(title: str, columns: tuple[tuple[str, int], ...]) -> Table:
    """A full-width table whose columns share the width by ratio and fold long cells."""
    table = Table(title=title, title_justify="left", expand=True)
    for column, ratio in columns:
        table.add_column(column, ratio=ratio, overflow="fold")
    return table


def _table(document: DocumentReport, links: tuple[LinkResult, ...]) -> Table:
    table = _new_table(
        document.document, (("status", 2), ("notes", 1), ("lines", 1), ("URL", 5), ("reason", 6))
    )
    for link in sorted(links, key=_sort_key):
        status = "content changed" if link.content_changed else link.status.value
        style = "bold red" if link.content_changed else _STYLE[link.status]
        reason = link.reason
        if link.archive:
            reason += f"\narchived: {link.archive.url}"
        if link.suggested_url:
            reason += f"\nsuggested repair: {link.suggested_url}"
        table.add_row(
            f"[{style}]{status}[/]",
            ", ".join(map(str, link.footnotes)),
            link.locations(),
            link.url,
            reason,
        )
    return table


def _print_document(console: Console, document: DocumentReport, *, offline: bool) -> None:
    """The document's table; offline, links not checked are one count, not a row each
    saying the same thing."""
    unchecked = [link for link in document.links if link.status is LinkStatus.OFFLINE]
    shown = tuple(link for link in document.links if link.status is not LinkStatus.OFFLINE)
    if shown or not offline:
        console.print(_table(document, shown if offline else document.links))
    if offline and unchecked:
        count = len(unchecked)
        link_s = "link" if count == 1 else "links"
        console.print(f"{document.document}: {count} {link_s} not checked (offline).")


def _doi_table(document: DocumentReport) -> Table:
    table = _new_table(
        f"{document.document}: DOIs",
        (("status", 2), ("notes", 1), ("lines", 1), ("DOI", 4), ("reason", 7)),
    )
    for result in sorted(document.dois, key=lambda r: (r.severity, r.footnotes[:1])):
        style = "bold red" if result.is_broken else ("yellow" if result.severity < 5 else "green")
        reason = result.reason
        if result.notices:
            reason += f"\n{result.notice_text()}"
        if result.suggested_doi:
            reason += f"\nsuggested DOI: {result.suggested_doi}"
        table.add_row(
            f"[{style}]{result.label}[/]",
            ", ".join(map(str, result.footnotes)),
            ", ".join(map(str, result.lines)),
            result.doi or "(none cited)",
            reason,
        )
    return table


def render(report: Report, *, width: int = 140, color: bool = False) -> str:
    """The report as text (ANSI colours when ``color``)."""
    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
    )
    if report.offline:  # the one line that matters comes first
        console.print("[bold]The network is down: no link was judged.[/] Run again when online.")
    for document in report.documents:
        if document.links or not document.dois:
            _print_document(console, document, offline=report.offline)
        if document.dois:
            console.print(_doi_table(document))
    summary = ", ".join(f"{count} {status}" for status, count in report.summary.items())
    broken = len(report.broken) + len(report.broken_dois)
    console.print(f"{len(report.links)} links: {summary or 'none'}.")
    if report.dois:
        console.print(f"{len(report.dois)} DOIs: {_doi_summary(report)}.")
    if not report.offline:
        console.print(f"[bold]{broken} broken or changed source{'s' if broken != 1 else ''}.[/]")
    _print_skipped(console, report)
    output = console.file
    assert isinstance(output, io.StringIO)
    return output.getvalue()


def _print_skipped(console: Console, report: Report) -> None:
    """Every file that was not verified, with why: a folder never passes silently."""
    if not report.skipped:
        return
    count = len(report.skipped)
    console.print(f"[bold]{count} file{'s' if count != 1 else ''} not verified:[/]")
    for entry in report.skipped:
        console.print(f"  {entry.path}: {entry.reason.value}: {entry.message}", markup=False)


def _doi_summary(report: Report) -> str:
    counts: dict[str, int] = {}
    for result in report.dois:
        counts[result.label] = counts.get(result.label, 0) + 1
    return ", ".join(f"{count} {label}" for label, count in counts.items())
