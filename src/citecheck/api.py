"""The library API: compose the pipeline stages for callers (the CLI is one of them).

read → footnotes → citations → resolve → export. Nothing here prints or exits.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from citecheck.citations.parse import parse_footnote
from citecheck.models import Document
from citecheck.read import read, read_text
from citecheck.resolve import resolve_works


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
    notes = tuple(parse_footnote(note) for note in document.footnotes)
    return replace(document, footnotes=resolve_works(notes))
