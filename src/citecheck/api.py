"""The library API: compose the pipeline stages for callers (the CLI is one of them).

read → footnotes → citations → resolve → export. Nothing here prints or exits.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from citecheck.citations.parse import parse_citations
from citecheck.models import Citation, Document
from citecheck.parallel import map_in_processes
from citecheck.read import read, read_text
from citecheck.resolve import Identity, identify, resolve_works


def parse(path: str | Path) -> Document:
    """Read the document at ``path`` and parse every footnote into citations.

    Raises ``InputError`` (a ``CitecheckError``) when the document cannot be read.
    """
    return parse_document(read(path))


def parse_text(text: str, *, name: str = "<text>") -> Document:
    """Parse a document held in memory (Markdown, Pandoc footnotes or plain notes)."""
    return parse_document(read_text(text, path=name))


def parse_document(document: Document) -> Document:
    """Parse the citations of an already-read document and resolve same-work identity."""
    if document.pre_parsed:
        return document
    _warm_up()  # before any fork, so that worker processes inherit the loaded tables
    parsed = map_in_processes(_parse_note, [note.text for note in document.footnotes])
    notes = tuple(
        replace(note, citations=citations)
        for note, (citations, _) in zip(document.footnotes, parsed, strict=True)
    )
    identities = [keys for _, keys in parsed]
    return replace(document, footnotes=resolve_works(notes, identities))


def _warm_up() -> None:
    """Load what the stages load lazily (OpenCC tables, pypinyin dictionaries)."""
    for citation in parse_citations("林宗達，〈標題〉，《刊名》，2014 年。"):
        identify(citation)


def _parse_note(text: str) -> tuple[tuple[Citation, ...], tuple[Identity, ...]]:
    """One note's citations and their identity keys: everything that needs no other note."""
    citations = parse_citations(text)
    return citations, tuple(identify(c) for c in citations)
