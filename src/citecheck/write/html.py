"""HTML: an archive ``<a href>`` after each cited link inside the note."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from citecheck.models import Document, Footnote
from citecheck.write import Change
from citecheck.write.source import SourceInsert, line_start, source_change

_WRAPPERS = (("&lt;", "&gt;"), ("〈", "〉"), ("<", ">"))


def change(
    document: Document, snapshots: Mapping[str, str], dois: Mapping[tuple[int, str], str]
) -> Change:
    """The HTML ``document`` with an archive link after each cited link of ``snapshots``."""
    return source_change(document, snapshots, _locate)


def _locate(
    source: str, note: Footnote, url: str, snapshot: str, phrase: str
) -> SourceInsert | None:
    begin = line_start(source, note.line)
    found = _href(url).search(source, begin)
    if found is None:
        return None
    anchor = source.rfind("<a", begin, found.start())
    close = source.find("</a>", found.end())
    if anchor < 0 or close < 0:
        return None
    offset = close + len("</a>")
    opening = closing = ""
    for before, after in _WRAPPERS:
        if source[:anchor].endswith(before) and source.startswith(after, offset):
            opening, closing = before, after
            offset += len(after)
            break
    escaped = html.escape(snapshot, quote=True)
    link = f'{opening}<a href="{escaped}">{escaped}</a>{closing}'
    return SourceInsert(offset, html.escape(phrase, quote=False) + link)


def _href(url: str) -> re.Pattern[str]:
    """``href="url"`` as the source writes it (``&`` maybe as ``&amp;``)."""
    chars = "".join("&(?:amp;)?" if ch == "&" else re.escape(ch) for ch in url)
    return re.compile(r"""href\s*=\s*["']""" + chars + r"""["']""")
