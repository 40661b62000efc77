"""``citecheck parse --format text``: a readable table of footnotes and their citations."""

from __future__ import annotations

import io
import shutil

from citecheck.models import Citation, Document, Footnote

DEFAULT_WIDTH = 160  # when the output is not a terminal and COLUMNS is not set
_MAX_ID = 24  # a longer citation id is folded rather than squeeze the other columns out


def _date(citation: Citation) -> str:
    return "/".join("-".join(str(x).zfill(2) for x in p) for p in citation.issued)


def render(document: Document, *, width: int | None = None) -> str:
    """A rich table, one row per citation, at most ``width`` columns wide (default: the
    terminal's width), then every cited URL whole on a line of its own: a table cell
    would cut a long URL across lines, and it could no longer be copied."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"{document.path}: {len(document.footnotes)} footnotes",
        box=box.SIMPLE_HEAD,  # no lines between columns: the text gets the room
        expand=False,
    )
    for column in ("note", "line"):
        table.add_column(column, no_wrap=True)
    # The work column (id, type, date) is as wide as its longest id; the text columns
    # share the width left, titles twice as much; everything wraps, nothing is cut.
    table.add_column("work", overflow="fold", max_width=_MAX_ID)
    for column, ratio in (("author", 1), ("title", 2), ("container", 1)):
        table.add_column(column, overflow="fold", ratio=ratio)
    urls: list[tuple[int, str]] = []
    for note in document.footnotes:
        if not note.citations:
            table.add_row(str(note.number), _where(note), "(no citation)", "", "", "")
        for c in note.citations:
            authors = "; ".join(n.display() for n in c.authors) + (" et al." if c.et_al else "")
            table.add_row(
                str(note.number),
                _where(note),
                "\n".join(part for part in (c.work_id, c.type, _date(c)) if part),
                authors,
                c.title or "",
                c.container_title or "",
            )
            if c.url:
                urls.append((note.number, c.url))
    buffer = io.StringIO()
    columns = width or shutil.get_terminal_size(fallback=(DEFAULT_WIDTH, 24)).columns
    Console(file=buffer, width=columns, force_terminal=False, color_system=None).print(table)
    return buffer.getvalue() + _url_list(urls)


def _url_list(urls: list[tuple[int, str]]) -> str:
    """``note  URL`` lines, URLs never wrapped or shortened; each distinct pair once."""
    if not urls:
        return ""
    pairs = list(dict.fromkeys(urls))
    digits = len(str(max(number for number, _ in pairs)))
    lines = [f"{number:>{digits}}  {url}" for number, url in pairs]
    return "\ncited URLs (note, URL):\n" + "\n".join(lines) + "\n"


def _where(note: Footnote) -> str:
    """The note's line; ``p. N`` for a PDF note; empty where the format has neither."""
    if note.line is not None:
        return str(note.line)
    return f"p. {note.page}" if note.page is not None else ""
