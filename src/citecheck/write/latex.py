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
_OPENINGS = ((r"\textless{}", r"\textgreater{}"), (r"\textless ", r"\textgreater{}"), ("<", ">"))


def change(
    document: Document, snapshots: Mapping[str, str], dois: Mapping[tuple[int, str], str]
) -> Change:
    """The LaTeX ``document`` with ``\\url{snapshot}`` after each cited URL of ``snapshots``."""
    return source_change(document, snapshots, _locate)


def _locate(
    source: str, note: Footnote, url: str, snapshot: str, phrase: str
) -> SourceInsert | None:
    command = _NOTE.search(source, line_start(source, note.line))
    if command is None:
        return None
    argument = note_argument(source, command.end())
    if argument is None:
        return None
    end = argument[1]
    found = _url_command(url).search(source, command.end(), end)
    if found is None:
        return None
    offset = found.end()
    shown = note_argument(source, offset) if found.group(0).startswith("\\href") else None
    if shown is not None:  # \href{url}{shown text}: after the shown text
        offset = shown[1]
    opening, closing = "", ""
    for before, after in _OPENINGS:
        if source[: found.start()].endswith(before.rstrip()) and source.startswith(
            after.rstrip("{}"), offset
        ):
            opening, closing = r"\textless{}", r"\textgreater{}"
            tail = re.match(re.escape(after.rstrip("{}")) + r"(?:\{\})?", source[offset:])
            offset += tail.end() if tail else 0
            break
    link = f"{opening}\\url{{{_escaped(snapshot)}}}{closing}"
    return SourceInsert(offset, phrase + link)


def _url_command(url: str) -> re.Pattern[str]:
    """``\\url{…}`` or ``\\href{…}`` holding ``url``, TeX escapes allowed."""
    chars = "".join(("\\\\?" if ch in _TEX_SPECIAL else "") + re.escape(ch) for ch in url)
    return re.compile(r"\\(?:url|href)\s*\{" + chars + r"\}")


def _escaped(url: str) -> str:
    return re.sub(r"([%#])", r"\\\1", url)
