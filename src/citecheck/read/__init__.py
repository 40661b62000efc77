"""Read a document from disk: ``read(path) -> Document``.

One reader per format behind one entry point. Text formats (Markdown with ``<sup>``
markers, Pandoc footnotes, plain text with a notes section) are decoded with encoding
detection and handed to ``footnotes``; DOCX footnotes and endnotes come from the OOXML
parts; bibliographies (.bib, CSL-JSON) arrive already structured and skip parsing.
Every failure to read is an ``InputError`` carrying the path and one clear reason.
"""

from __future__ import annotations

from pathlib import Path

from citecheck.config import DEFAULT_MAX_BIBLIOGRAPHY_BYTES, DEFAULT_MAX_DOCUMENT_BYTES
from citecheck.errors import InputError, NoFootnotesError
from citecheck.files import check_regular, read_bounded
from citecheck.footnotes import find_footnotes_with_style
from citecheck.models import Document

BIB_SUFFIXES = {".bib", ".bibtex"}
CSL_SUFFIXES = {".json", ".csljson"}


def read(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    max_bibliography_bytes: int = DEFAULT_MAX_BIBLIOGRAPHY_BYTES,
) -> Document:
    """Read ``path`` into a Document, or raise InputError saying why it cannot be read.

    Only regular files are read (a FIFO or a device is refused before it is opened), and
    none larger than ``max_bytes`` (``max_bibliography_bytes`` for .bib and CSL-JSON,
    which take far more memory once parsed).
    """
    source = Path(path)
    suffix = source.suffix.lower()
    bibliography = suffix in BIB_SUFFIXES or suffix in CSL_SUFFIXES
    limit = max_bibliography_bytes if bibliography else max_bytes
    limit_name = "max_bibliography_bytes" if bibliography else "max_document_bytes"
    check_regular(source, limit, limit_name)
    if suffix == ".docx":
        from citecheck.read.docx import read_docx

        return _require_footnotes(read_docx(source))
    if suffix == ".pdf":
        from citecheck.read.pdf import read_pdf

        return _require_footnotes(read_pdf(source))
    text, encoding = _decode(source, limit, limit_name)
    if suffix in BIB_SUFFIXES:
        from citecheck.read.bib import read_bib

        return read_bib(source, text, encoding)
    if suffix in CSL_SUFFIXES:
        from citecheck.read.csljson import read_csljson

        return read_csljson(source, text, encoding)
    return read_text(text, path=str(source), encoding=encoding)


def read_text(text: str, *, path: str = "<text>", encoding: str = "utf-8") -> Document:
    """A Document from text already in memory (Markdown, Pandoc or plain notes)."""
    if not text.strip():
        raise InputError(path, "the document is empty")
    style, notes = find_footnotes_with_style(text)
    return _require_footnotes(Document(path, style, encoding, notes, text))


def _decode(source: Path, limit: int, limit_name: str) -> tuple[str, str]:
    from citecheck.read.encoding import decode_bytes

    return decode_bytes(read_bounded(source, limit, limit_name), str(source))


def _require_footnotes(document: Document) -> Document:
    if not document.footnotes:
        raise NoFootnotesError(
            document.path,
            "no footnotes found (looked for <sup>N</sup> notes, [^id]: notes and a "
            "numbered notes section)",
        )
    return document
