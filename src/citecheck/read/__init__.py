"""Read a document from disk: ``read(path) -> Document``.

One reader per format behind one entry point, chosen by the file's suffix from the two
registries below (a new format is one module plus one line). Packaged formats (DOCX,
ODT) read their XML parts and PDF its page layout; marked-up text formats (HTML, LaTeX)
and bibliographies (.bib, CSL-JSON) are decoded first; anything else is Markdown or plain
text, handed to ``footnotes``. Formats citecheck cannot read (old binary Word, RTF) are
refused with the command that converts them. Every failure to read is an ``InputError``
carrying the path and one clear reason.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from citecheck.config import DEFAULT_MAX_BIBLIOGRAPHY_BYTES, DEFAULT_MAX_DOCUMENT_BYTES
from citecheck.errors import InputError, NoFootnotesError, UnsupportedFormatError
from citecheck.files import check_regular, read_bounded
from citecheck.footnotes import find_footnotes_with_style
from citecheck.models import Document

TEXT_SUFFIXES = (".md", ".markdown", ".txt")  # Markdown and plain text, read as text
BIB_SUFFIXES = {".bib", ".bibtex"}
CSL_SUFFIXES = {".json", ".csljson"}
# suffix → "module:function" taking the path (formats that are not text)
PACKAGE_READERS = {
    ".docx": "citecheck.read.docx:read_docx",
    ".odt": "citecheck.read.odt:read_odt",
    ".pdf": "citecheck.read.pdf:read_pdf",
}
# suffix → "module:function" taking (path, decoded text, encoding)
TEXT_READERS = {
    ".bib": "citecheck.read.bib:read_bib",
    ".bibtex": "citecheck.read.bib:read_bib",
    ".json": "citecheck.read.csljson:read_csljson",
    ".csljson": "citecheck.read.csljson:read_csljson",
    ".html": "citecheck.read.html:read_html",
    ".htm": "citecheck.read.html:read_html",
    ".xhtml": "citecheck.read.html:read_html",
    ".tex": "citecheck.read.latex:read_latex",
    ".ltx": "citecheck.read.latex:read_latex",
}
_PRE_PARSED = (".bib", ".bibtex", ".json", ".csljson")  # bibliographies need no footnotes
_CONVERT = "convert it first, e.g. soffice --headless --convert-to docx"
# suffix → what it is; citecheck says so and how to convert it instead of misreading it
UNSUPPORTED = {
    ".doc": "an old binary Word document",
    ".rtf": "an RTF document",
    ".wpd": "a WordPerfect document",
    ".pages": "an Apple Pages document",
    ".odm": "an OpenDocument master document",
    ".sxw": "an old OpenOffice document",
}


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
    if suffix in UNSUPPORTED:
        raise UnsupportedFormatError(
            str(source),
            f"is {UNSUPPORTED[suffix]}, which citecheck cannot read; {_CONVERT} {source.name}",
        )
    if suffix in PACKAGE_READERS:
        document: Document = _reader(PACKAGE_READERS[suffix])(source)
        return _require_footnotes(document)
    text, encoding = _decode(source, limit, limit_name)
    if suffix in TEXT_READERS:
        document = _reader(TEXT_READERS[suffix])(source, text, encoding)
        return document if suffix in _PRE_PARSED else _require_footnotes(document)
    return read_text(text, path=str(source), encoding=encoding)


def _reader(spec: str) -> Callable[..., Document]:
    """The reader function named ``module:function``, imported only when used."""
    module, _, function = spec.partition(":")
    reader: Callable[..., Document] = getattr(importlib.import_module(module), function)
    return reader


def document_suffixes() -> frozenset[str]:
    """The suffixes of the files a folder search reads (and those it names as unsupported)."""
    return frozenset((*TEXT_SUFFIXES, *PACKAGE_READERS, *TEXT_READERS, *UNSUPPORTED))


def read_text(text: str, *, path: str = "<text>", encoding: str = "utf-8") -> Document:
    """A Document from text already in memory (Markdown, Pandoc or plain notes)."""
    if not text or text.isspace():  # as "not text.strip()", without copying the text
        raise InputError(path, "the document is empty")
    style, notes = find_footnotes_with_style(text)
    return _require_footnotes(Document(path, style, encoding, notes, text))


def _decode(source: Path, limit: int, limit_name: str) -> tuple[str, str]:
    from citecheck.read.encoding import decode_bytes

    return decode_bytes(read_bounded(source, limit, limit_name), str(source))


_LOOKED_FOR = {
    "docx": "Word footnotes and endnotes",
    "odt": "text:note footnotes and endnotes",
    "html": "footnote links (a.footnote-ref, <sup><a href=#fn1>) and notes (li#fn1, aside)",
    "latex": "\\footnote{…} in the document body",
}


def _require_footnotes(document: Document) -> Document:
    if not document.footnotes:
        looked_for = _LOOKED_FOR.get(
            document.format,
            "<sup>N</sup> notes, [^id]: notes and a numbered notes section",
        )
        raise NoFootnotesError(document.path, f"no footnotes found (looked for {looked_for})")
    return document
