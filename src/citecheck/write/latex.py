r"""LaTeX: an archive ``\url{…}`` after each cited ``\url``/``\href`` inside the note."""

from __future__ import annotations

import re
from collections.abc import Mapping

from citecheck.models import Document, Footnote
from citecheck.read.latex import note_argument
from citecheck.write import Change
from citecheck.write.source import SourceInsert, line_start, source_change

_NOTE = re.compile(r"\\(?:footnote|footnotetext|endnote)(?![A-Za-z@])")
_TEX_SPECIAL = "%#&_~$"


def change(
    document: Document, snapshots: Mapping[str, str], dois: Mapping[tuple[int, str], str]
) -> Change:
    """The LaTeX ``document`` with ``\\url{snapshot}`` after each cited URL of ``snapshots``."""
    return source_change(document, snapshots, _locate)


def _locate(
    source: str, note: Footnote, url: str, snapshot: str, phrase: str
) -> SourceInsert | None:
    found = _cited(source, line_start(source, note.line), url)
    if found is None:
        return None
    offset = found.end()
    shown = note_argument(source, offset) if found.group(0).startswith("\\href") else None
    if shown is not None:  # \href{url}{shown text}: after the shown text
        offset = shown[1]
    opening = closing = ""
    if source[: found.start()].endswith(r"\textless{}"):
        tail = re.match(r"\\textgreater(?:\{\})?", source[offset:])
        if tail:
            opening, closing = r"\textless{}", r"\textgreater{}"
            offset += tail.end()
    link = f"{opening}\\url{{{_escaped(snapshot)}}}{closing}"
    return SourceInsert(offset, phrase + link)


def _cited(source: str, begin: int, url: str) -> re.Match[str] | None:
    """The ``\\url``/``\\href`` of ``url`` in the first note starting on the note's line that
    cites it (several notes may start on one line)."""
    line_end = source.find("\n", begin)
    line_end = len(source) if line_end < 0 else line_end
    for command in _NOTE.finditer(source, begin):
        if command.start() > line_end:
            break
        argument = note_argument(source, command.end())
        if argument is None:
            continue
        found = _url_command(url).search(source, command.end(), argument[1])
        if found is not None:
            return found
    return None


def _url_command(url: str) -> re.Pattern[str]:
    """``\\url{…}`` or ``\\href{…}`` holding ``url``, TeX escapes allowed."""
    chars = "".join(("\\\\?" if ch in _TEX_SPECIAL else "") + re.escape(ch) for ch in url)
    return re.compile(r"\\(?:url|href)\s*\{" + chars + r"\}")


def _escaped(url: str) -> str:
    return re.sub(r"([%#])", r"\\\1", url)
