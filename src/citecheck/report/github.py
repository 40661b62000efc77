"""GitHub Actions workflow commands: an annotation at each broken footnote's line.

``::error file=F,line=L,title=T::message`` for broken or changed sources; where the
format has no lines (PDF, DOCX, ODT) the annotation is on the file, and its title names
the note and, for a PDF, the page (``footnote 5, p. 3``);
``::warning`` for links failing but not yet dead, blocked or moved. Values are escaped
as the runner requires (``%``, CR, LF; and ``:``/``,`` in properties).
"""

from __future__ import annotations

from citecheck.status import DoiResult, DoiStatus, LinkResult, LinkStatus, Report

_WARN = frozenset(
    {LinkStatus.FAILING, LinkStatus.MOVED, LinkStatus.BLOCKED, LinkStatus.TIMEOUT, LinkStatus.ERROR}
)


def escape_data(text: str) -> str:
    """Escape a message for a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (file, title) for a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def level_of(link: LinkResult) -> str | None:
    """``error``, ``warning`` or None (nothing to say) for one link."""
    if link.is_broken:
        return "error"
    if link.status in _WARN:
        return "warning"
    return None


def doi_level(result: DoiResult) -> str | None:
    """``error`` for a broken DOI or a flagged work, ``warning`` for a correction, an
    unknown DOI or a suggestion, else None."""
    if result.is_broken:
        return "error"
    if result.notices or result.status in (DoiStatus.UNKNOWN, DoiStatus.MISSING):
        return "warning"
    return None


def _doi_annotations(report: Report) -> list[str]:
    """Annotations for DOIs, retracted and flagged works first."""
    out = []
    pairs = [(d, r) for d in report.documents for r in d.dois]
    for document, result in sorted(pairs, key=lambda pair: pair[1].severity):
        level = doi_level(result)
        if level is None:
            continue
        message = f"DOI {result.doi or '(none)'}: {result.label}: {result.reason}"
        if result.notices:
            message += f" [{result.notice_text()}]"
        if result.suggested_doi:
            message += f" (suggested DOI: {result.suggested_doi})"
        notes = ", ".join(str(n) for n in result.footnotes)
        title = escape_property(f"citecheck: DOI {result.label} (footnote {notes})")
        for line in result.lines or (1,):
            out.append(
                f"::{level} file={escape_property(document.document)},line={line},"
                f"title={title}::{escape_data(message)}"
            )
    return out


def render(report: Report) -> str:
    """One annotation per citing line of every link or DOI that needs attention."""
    out = _doi_annotations(report)
    for document in report.documents:
        for link in document.links:
            level = level_of(link)
            if level is None:
                continue
            status = "content changed" if link.content_changed else link.status.value
            message = f"{link.url}: {status}: {link.reason}"
            if link.archive:
                message += f" (archived copy: {link.archive.url})"
            notes = ", ".join(str(n) for n in link.footnotes)
            pages = "".join(f", p. {page}" for page in link.pages)
            title = escape_property(f"citecheck: {status} (footnote {notes}{pages})")
            file = f"file={escape_property(document.document)}"
            places = [f"{file},line={line}" for line in link.lines] or [file]
            for place in places:
                out.append(f"::{level} {place},title={title}::{escape_data(message)}")
    return "\n".join(out) + ("\n" if out else "")
