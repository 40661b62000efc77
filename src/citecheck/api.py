"""The library API: compose the pipeline stages for callers (the CLI is one of them).

read → footnotes → citations → resolve → export. Nothing here prints or exits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from citecheck.citations.parse import parse_citations
from citecheck.config import Settings
from citecheck.models import Citation, Document
from citecheck.parallel import map_in_processes
from citecheck.read import read, read_text
from citecheck.resolve import Identity, identify, resolve_works
from citecheck.status import DocumentReport, LinkResult, Report

if TYPE_CHECKING:
    from citecheck.check import Progress
    from citecheck.client import Client
    from citecheck.links import Link
    from citecheck.store import Store


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


def verify(
    documents: Document | Iterable[Document],
    *,
    settings: Settings | None = None,
    client: Client | None = None,
    store: Store | None = None,
    progress: Progress | None = None,
) -> Report:
    """Check every URL cited in ``documents`` (parsed Documents) and report per document.

    A URL cited in several footnotes or documents is fetched once. Pass your own
    ``client`` to reuse a ``requests.Session`` (proxies, adapters), a ``store`` to keep
    state between runs (fresh results reused, the flake rule applied), and a
    ``progress`` callback ``(done, total, result)`` to follow a long run.
    """
    from citecheck.check import check_links
    from citecheck.client import Client
    from citecheck.links import collect_links

    docs = [documents] if isinstance(documents, Document) else list(documents)
    settings = settings or (client.settings if client else Settings())
    links = collect_links(docs)
    own_client = client is None
    client = client or Client(settings)
    try:
        results = {r.url: r for r in check_links(links, client, store, settings, progress)}
    finally:
        if own_client:
            client.close()
    reports = tuple(_document_report(doc.path, links, results) for doc in docs)
    return Report(reports, requests_sent=client.requests_sent)


def _document_report(
    path: str, links: list[Link], results: dict[str, LinkResult]
) -> DocumentReport:
    entries = []
    for link in links:
        here = [c for c in link.cited if c.document == path]
        if here:
            entries.append(
                replace(
                    results[link.url],
                    footnotes=tuple(dict.fromkeys(c.footnote for c in here)),
                    lines=tuple(dict.fromkeys(c.line for c in here)),
                )
            )
    return DocumentReport(path, tuple(entries))
