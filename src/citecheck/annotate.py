"""``citecheck fix``: write archive links back into a document, in the document's own style.

Each archive link goes right after the cited URL's closing bracket, wrapped the way the
author wrapped the URL (``<…>``, ``<<…>>``, ``〈<…>〉``, ``[…](…)``) and introduced in the
note's language (``，Wayback Machine 存檔：`` / ``存档`` / ``, archived at`` /
``, архивная копия:``). Only footnote text is touched: the URL is searched for from the
footnote's own line, never in the body. Writing is atomic (temp file, then rename), keeps
the file's mode and a ``.bak`` of the original.
"""

from __future__ import annotations

import difflib
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from citecheck import files
from citecheck.errors import InputError, OutputError
from citecheck.footnotes import TEXT_FORMATS
from citecheck.models import Citation, Document, Footnote

_ESCAPABLE = set("_*[]()#~`$&%-\\")
_SEARCH_LINES = 60  # a footnote's URL can sit in a continuation on the next page
_PHRASES = {
    "zh-Hant": "，Wayback Machine 存檔：",
    "zh-Hans": "，Wayback Machine 存档：",
    "ru": ", архивная копия: ",
}
_DEFAULT_PHRASE = ", archived at "
_WRAPPERS = (("〈<", ">〉"), ("<<", ">>"), ("<", ">"), ("(", ")"))


@dataclass(frozen=True, slots=True)
class Insertion:
    """One archive link to insert: where, what, and for which footnote and URL."""

    offset: int
    text: str
    footnote: int
    url: str


def plan(document: Document, snapshots: Mapping[str, str]) -> list[Insertion]:
    """Where to insert each archive link of ``snapshots`` (cited URL → snapshot URL)."""
    if document.format not in TEXT_FORMATS:
        raise InputError(document.path, "fix writes into Markdown and plain-text documents only")
    text = document.text
    starts = _line_starts(text)
    insertions: list[Insertion] = []
    done: set[tuple[int, str]] = set()
    for note in document.footnotes:
        for citation in note.citations:
            url = citation.url
            if (
                not url
                or url not in snapshots
                or citation.archive_url
                or (note.number, url) in done
            ):
                continue
            if snapshots[url] in note.text:
                continue  # already annotated
            insertion = _insertion(text, starts, note, citation, snapshots[url])
            if insertion is not None:
                insertions.append(insertion)
                done.add((note.number, url))
    return insertions


def apply(text: str, insertions: list[Insertion]) -> str:
    """``text`` with the insertions made (from the end, so offsets stay valid)."""
    for insertion in sorted(insertions, key=lambda i: i.offset, reverse=True):
        text = text[: insertion.offset] + insertion.text + text[insertion.offset :]
    return text


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of the change, for ``--dry-run``."""
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )


def write_atomically(path: Path, text: str, encoding: str) -> Path:
    """Replace ``path`` with ``text`` (temp file + rename, mode and owner kept), keeping
    ``path.bak``; returns the backup's path."""
    backup = path.with_name(path.name + ".bak")
    try:
        shutil.copy2(path, backup)
    except OSError as exc:
        raise OutputError(str(backup), exc) from exc
    files.write_atomically(path, text, encoding=encoding, newline="")
    return backup


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [m.end() for m in re.finditer(r"\n", text)]
    return starts


def _note_span(text: str, starts: list[int], line: int | None) -> tuple[int, int]:
    """Where to look for a note's URL: from its line on; the whole text without a line."""
    if line is None:
        return 0, len(text)
    begin = starts[min(line - 1, len(starts) - 1)]
    end_line = min(line - 1 + _SEARCH_LINES, len(starts) - 1)
    return begin, starts[end_line] if end_line > line - 1 else len(text)


def _insertion(
    text: str, starts: list[int], note: Footnote, citation: Citation, snapshot: str
) -> Insertion | None:
    begin, end = _note_span(text, starts, note.line)
    found = _url_pattern(citation.url or "").search(text, begin, max(end, begin))
    if found is None:
        return None
    offset, opening, closing = _after_wrapper(text, found.start(), found.end())
    phrase = _PHRASES.get(citation.language or "", _DEFAULT_PHRASE)
    link = f"[{snapshot}]({snapshot})" if opening == "[" else f"{opening}{snapshot}{closing}"
    return Insertion(offset, phrase + link, note.number, citation.url or "")


def _url_pattern(url: str) -> re.Pattern[str]:
    """The URL as it may appear in the source: Markdown escapes, wrapped across lines."""
    parts = []
    for ch in url:
        escape = r"\\*" if ch in _ESCAPABLE else ""
        parts.append(escape + re.escape(ch) + r"(?:[ \t]*\n[ \t]*)?")
    return re.compile("".join(parts))


def _after_wrapper(text: str, start: int, end: int) -> tuple[int, str, str]:
    """The offset after the URL's closing bracket, and the brackets the author used."""
    if text[max(0, start - 1) : start] == "[" and text.startswith("](", end):
        close = text.find(")", end + 2)
        return (close + 1 if close >= 0 else end), "[", "]"
    for opening, closing in _WRAPPERS:
        if text[max(0, start - len(opening)) : start] == opening:
            tail = re.match(r"[ \t]*" + re.escape(closing), text[end:])
            if tail:
                return end + tail.end(), opening, closing
    return end, "<", ">"


# -- suggested DOIs (fix --add-doi) -----------------------------------------------------

_DOI_PHRASES = {"zh-Hant": "，DOI：{doi}", "zh-Hans": "，DOI：{doi}", "ja": "，DOI：{doi}"}
_DEFAULT_DOI_PHRASE = ", https://doi.org/{doi}"
_NOTE_END = re.compile(r"\n[ \t]*\n|\Z")
_BETWEEN_WORKS = re.compile(r"[;；]")


def plan_dois(document: Document, suggestions: Mapping[tuple[int, str], str]) -> list[Insertion]:
    """Where to write each suggested DOI: at the end of its citation, in the note's style.

    ``suggestions`` maps (footnote number, cited title) to the DOI. The DOI goes before the
    full stop that ends the note (or before the semicolon that ends the citation when
    another work follows), as ``, https://doi.org/…`` or, in Chinese notes, ``，DOI：…``;
    the parser reads either back as the citation's DOI.
    """
    if document.format not in TEXT_FORMATS:
        raise InputError(document.path, "fix writes into Markdown and plain-text documents only")
    text = document.text
    starts = _line_starts(text)
    insertions = []
    for note in document.footnotes:
        for index, citation in enumerate(note.citations):
            doi = suggestions.get((note.number, citation.title or ""))
            if doi is None or citation.doi or doi in note.text:
                continue
            last = index == len(note.citations) - 1
            offset = _citation_end(text, starts, note, citation, last=last)
            if offset is not None:
                phrase = _DOI_PHRASES.get(citation.language or "", _DEFAULT_DOI_PHRASE)
                insertions.append(Insertion(offset, phrase.format(doi=doi), note.number, doi))
    return insertions


def _citation_end(
    text: str, starts: list[int], note: Footnote, citation: Citation, *, last: bool
) -> int | None:
    """The offset where ``citation`` ends in the source: before the note's closing full
    stop, or before the semicolon after its title."""
    begin, end = _note_span(text, starts, note.line)
    title = text.find(citation.title or "\0", begin, max(end, begin))
    if title < 0:
        return None
    after = title + len(citation.title or "")
    if not last:
        separator = _BETWEEN_WORKS.search(text, after)
        return separator.start() if separator else None
    stop = _NOTE_END.search(text, after)
    close = stop.start() if stop else len(text)
    while close > after and text[close - 1] in " \t\r\n":
        close -= 1
    return close - 1 if text[close - 1] in ".。" else close
