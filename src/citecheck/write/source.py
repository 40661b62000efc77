"""Writers for formats whose source is text (LaTeX, HTML): insertions at source offsets."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from citecheck.models import Document, Footnote
from citecheck.read.encoding import codec_for
from citecheck.write import Change, phrase_for
from citecheck.write.notes import language_of


@dataclass(frozen=True, slots=True)
class SourceInsert:
    """Text to insert at an offset of the source."""

    offset: int
    text: str


# (source, footnote, url, snapshot, phrase) → where and what to insert, or None
Locator = Callable[[str, Footnote, str, str, str], SourceInsert | None]


def source_change(document: Document, snapshots: Mapping[str, str], locate: Locator) -> Change:
    """``document``'s source with an archive link after each cited URL of ``snapshots``."""
    text = document.text
    inserts: list[SourceInsert] = []
    for note in document.footnotes:
        done: set[str] = set()
        for citation in note.citations:
            url = citation.url
            if not url or url not in snapshots or citation.archive_url or url in done:
                continue
            if snapshots[url] in note.text:
                continue
            phrase = phrase_for(language_of(note, url))
            insert = locate(text, note, url, snapshots[url], phrase)
            if insert is not None:
                inserts.append(insert)
                done.add(url)
    after = text
    for insert in sorted(inserts, key=lambda i: i.offset, reverse=True):
        after = after[: insert.offset] + insert.text + after[insert.offset :]
    diff = "".join(
        difflib.unified_diff(
            text.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{document.path}",
            tofile=f"b/{document.path}",
        )
    )
    return Change(after.encode(codec_for(document.encoding)), len(inserts), diff)


def line_start(text: str, line: int | None) -> int:
    """The offset where 1-based ``line`` starts (0 without a line)."""
    if not line or line <= 1:
        return 0
    offset = 0
    for _ in range(line - 1):
        found = text.find("\n", offset)
        if found < 0:
            return len(text)
        offset = found + 1
    return offset
