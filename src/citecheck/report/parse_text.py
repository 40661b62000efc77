"""``citecheck parse --format text``: a readable table of footnotes and their citations."""

from __future__ import annotations

import io

from citecheck.models import Citation, Document, Footnote


def _date(citation: Citation) -> str:
    return "/".join("-".join(str(x).zfill(2) for x in p) for p in citation.issued)


def render(document: Document, *, width: int = 160) -> str:
    """A rich table, one row per citation, as plain text of at most ``width`` columns."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{document.path}: {len(document.footnotes)} footnotes", expand=False)
    for column in ("note", "line", "id", "type", "author", "title", "container", "date", "url"):
        table.add_column(column, overflow="fold")
    for note in document.footnotes:
        if not note.citations:
            table.add_row(str(note.number), _where(note), "", "(no citation)", "", "", "", "", "")
        for c in note.citations:
            authors = "; ".join(n.display() for n in c.authors) + (" et al." if c.et_al else "")
            table.add_row(
                str(note.number),
                _where(note),
                c.work_id,
                c.type,
                authors,
                c.title or "",
                c.container_title or "",
                _date(c),
                c.url or "",
            )
    buffer = io.StringIO()
    Console(file=buffer, width=width, force_terminal=False, color_system=None).print(table)
    return buffer.getvalue()


def _where(note: Footnote) -> str:
    """The note's line; ``p. N`` for a PDF note; empty where the format has neither."""
    if note.line is not None:
        return str(note.line)
    return f"p. {note.page}" if note.page is not None else ""
