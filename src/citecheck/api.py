"""The library API: compose the pipeline stages for callers (the CLI is one of them).

read → footnotes → citations → resolve → export. Nothing here prints or exits.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from citecheck.citations.parse import parse_citations
from citecheck.config import Settings
from citecheck.errors import InputError, NoFootnotesError, UnsupportedFormatError
from citecheck.models import Citation, Document
from citecheck.parallel import collector_paused, imap_in_processes
from citecheck.read import read, read_text
from citecheck.resolve import Identity, Resolver, identify
from citecheck.status import (
    DocumentReport,
    DoiResult,
    LinkResult,
    LinkStatus,
    Report,
    SkippedDocument,
    SkipReason,
    Snapshot,
)

if TYPE_CHECKING:
    import requests

    from citecheck.archive import Archive, SaveResult
    from citecheck.check import Progress
    from citecheck.client import Client
    from citecheck.doicheck import CitedDoi
    from citecheck.links import Link
    from citecheck.scholarly import Registry
    from citecheck.store import ArchiveRecord, Store


def parse(path: str | Path, *, settings: Settings | None = None) -> Document:
    """Read the document at ``path`` and parse every footnote into citations.

    Raises ``InputError`` (a ``CitecheckError``) when the document cannot be read: not a
    regular file, larger than ``settings.max_document_bytes`` (bibliographies:
    ``max_bibliography_bytes``), binary, undecodable, or without footnotes.
    """
    settings = settings or Settings()
    document = read(
        path,
        max_bytes=settings.max_document_bytes,
        max_bibliography_bytes=settings.max_bibliography_bytes,
    )
    return parse_document(document)


def parse_paths(
    paths: Iterable[str | Path], *, settings: Settings | None = None
) -> tuple[list[Document], list[SkippedDocument]]:
    """Parse each of ``paths``; one that cannot be verified is a SkippedDocument saying why
    (unsupported format, no footnotes, unreadable), so one bad file never stops the rest."""
    documents: list[Document] = []
    skipped: list[SkippedDocument] = []
    for path in paths:
        try:
            documents.append(parse(path, settings=settings))
        except InputError as exc:
            skipped.append(skipped_document(exc))
    return documents, skipped


def skipped_document(error: InputError) -> SkippedDocument:
    """The report entry for a file that ``error`` kept from being verified."""
    if isinstance(error, UnsupportedFormatError):
        reason = SkipReason.UNSUPPORTED
    elif isinstance(error, NoFootnotesError):
        reason = SkipReason.NO_FOOTNOTES
    else:
        reason = SkipReason.UNREADABLE
    return SkippedDocument(error.path, reason, error.reason)


def parse_text(text: str, *, name: str = "<text>") -> Document:
    """Parse a document held in memory (Markdown, Pandoc footnotes or plain notes)."""
    return parse_document(read_text(text, path=name))


def parse_document(document: Document) -> Document:
    """Parse the citations of an already-read document and resolve same-work identity."""
    if document.pre_parsed:
        return document
    _warm_up()  # before any fork, so that worker processes inherit the loaded tables
    # Each note is resolved as soon as its parse arrives: same-work identity needs only
    # the notes before it, so resolving overlaps with the other processes' parsing.
    with collector_paused():
        parsed = imap_in_processes(_parse_note, [note.text for note in document.footnotes])
        resolver = Resolver()
        notes = tuple(
            resolver.resolve_note(note, citations, identities)
            for note, (citations, identities) in zip(document.footnotes, parsed, strict=True)
        )
    return replace(document, footnotes=notes)


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
    archive: Archive | None = None,
    registry: Registry | None = None,
) -> Report:
    """Check every URL cited in ``documents`` (parsed Documents) and report per document.

    A URL cited in several footnotes or documents is fetched once. Pass your own
    ``client`` to reuse a ``requests.Session`` (proxies, adapters), a ``store`` to keep
    state between runs (fresh results reused, the flake rule applied), and a
    ``progress`` callback ``(done, total, result)`` to follow a long run. Unless
    ``settings.archive_lookups`` is off, every broken, failing or changed link gets the
    Wayback Machine snapshot closest before its cited date (``archive`` to reuse one).
    Unless ``settings.doi_checks`` is off, every cited DOI is resolved with its registry
    (``registry`` to reuse one), matched with the citation and checked for retractions,
    and DOI-less articles get a suggested DOI where one is beyond doubt.
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
        checked = check_links(links, client, store, settings, progress)
        link_offline = any(r.status is LinkStatus.OFFLINE for r in checked)
        if settings.archive_lookups and not link_offline:
            archive = archive or archive_for(settings, client.session)
            checked = attach_archives(checked, links, archive, store, settings.archive_ttl)
        results = {r.url: r for r in checked}
        dois = (
            check_scholarly(docs, client, store, settings, registry) if settings.doi_checks else []
        )
    finally:
        if own_client:
            client.close()
    reports = tuple(
        replace(_document_report(doc.path, links, results), dois=_document_dois(doc.path, dois))
        for doc in docs
    )
    return Report(reports, requests_sent=client.requests_sent)


def check_scholarly(
    documents: list[Document],
    client: Client,
    store: Store | None = None,
    settings: Settings | None = None,
    registry: Registry | None = None,
) -> list[tuple[CitedDoi, DoiResult]]:
    """Every cited DOI resolved and matched (notices included), and DOIs suggested for
    DOI-less articles; each result with the document it belongs to."""
    from citecheck.doicheck import check_dois, collect_dois, contact_address
    from citecheck.scholarly import Registry

    settings = settings or client.settings
    cited, missing = collect_dois(documents)
    if not cited and not (missing and settings.doi_suggestions):
        return []
    registry = registry or Registry(client, mailto=contact_address(settings))
    online = client.network_is_up()
    return check_dois(cited, missing, registry, store, settings, online=online)


def _document_dois(path: str, results: list[tuple[CitedDoi, DoiResult]]) -> tuple[DoiResult, ...]:
    """The results cited in ``path``, with that document's footnotes and lines."""
    out = []
    for item, result in results:
        here = [c for c in item.cited if c.document == path]
        if here:
            out.append(
                replace(
                    result,
                    footnotes=tuple(dict.fromkeys(c.footnote for c in here)),
                    lines=tuple(dict.fromkeys(c.line for c in here if c.line is not None)),
                )
            )
    return tuple(out)


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
                    lines=tuple(dict.fromkeys(c.line for c in here if c.line is not None)),
                    pages=tuple(dict.fromkeys(c.page for c in here if c.page is not None)),
                )
            )
    return DocumentReport(path, tuple(entries))


def archive_for(
    settings: Settings,
    session: requests.Session | None = None,
    keys: tuple[str, str] | None = None,
) -> Archive:
    """An Archive configured from ``settings`` (keys from the environment when not given)."""
    from citecheck.archive import Archive, keys_from_environment

    return Archive(
        session,
        keys=keys or keys_from_environment(),
        user_agent=settings.user_agent,
        cdx_per_minute=settings.archive_per_minute,
        saves_per_minute=settings.saves_per_minute,
        poll_interval=settings.save_poll_interval,
    )


def needs_archive(result: LinkResult) -> bool:
    """Whether a reader needs the archived copy: broken, failing, dead or changed."""
    return result.is_broken or result.status in (LinkStatus.FAILING, LinkStatus.DEAD)


def attach_archives(
    results: list[LinkResult],
    links: list[Link],
    archive: Archive,
    store: Store | None = None,
    ttl: float = 7 * 86_400.0,
) -> list[LinkResult]:
    """``results`` with the snapshot (and, for a damaged URL, a repair) of each link in need."""
    dates = {link.url: link.dates for link in links}
    out = []
    for result in results:
        if needs_archive(result):
            near = cited_day(dates.get(result.url, ()))
            snapshot = lookup_archive(result.url, near, archive=archive, store=store, ttl=ttl)
            suggestion = None
            if snapshot is None and result.status in _REPAIRABLE:
                suggestion = suggest_repair(result.url, archive=archive, store=store, ttl=ttl)
            result = replace(result, archive=snapshot, suggested_url=suggestion)
        out.append(result)
    return out


_REPAIRABLE = (LinkStatus.DEAD, LinkStatus.FAILING, LinkStatus.INVALID)


def snapshots_to_insert(report: Report, *, every_link: bool = False) -> dict[str, str]:
    """Cited URL → snapshot URL of each link ``fix`` annotates: those whose readers need
    the archived copy (``needs_archive``), or with ``every_link`` all that have one."""
    return {
        link.url: link.archive.url
        for link in report.links
        if link.archive is not None and (every_link or needs_archive(link))
    }


def attach_every_archive(report: Report, settings: Settings, store: Store | None = None) -> Report:
    """``report`` with a snapshot looked up for every link that has none yet, not only for
    broken ones (``fix --all``)."""
    archive = archive_for(settings)

    def with_archive(link: LinkResult) -> LinkResult:
        if link.archive:
            return link
        snapshot = lookup_archive(link.url, archive=archive, store=store, ttl=settings.archive_ttl)
        return replace(link, archive=snapshot)

    documents = tuple(
        replace(doc, links=tuple(with_archive(link) for link in doc.links))
        for doc in report.documents
    )
    return replace(report, documents=documents)


def cited_day(dates: tuple[tuple[int, ...], ...]) -> date | None:
    """The last day of the first cited date (2014-05 → 2014-05-31), or None."""
    if not dates:
        return None
    parts = dates[0]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    if len(parts) > 2:
        return date(year, month, parts[2])
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def lookup_archive(
    url: str,
    near: date | None = None,
    *,
    archive: Archive | None = None,
    store: Store | None = None,
    ttl: float = 7 * 86_400.0,
) -> Snapshot | None:
    """The Wayback snapshot of ``url`` newest at or before ``near`` (else nearest after).

    With a ``store``, lookups younger than ``ttl`` seconds are answered from it.
    """
    key = near.isoformat() if near else "latest"
    if store is not None:
        cached = store.archive_lookup(url, key, ttl)
        if cached is not None:
            return _snapshot_of(cached)
    if archive is None:
        from citecheck.archive import Archive

        archive = Archive()
    snapshot = archive.lookup(url, near)
    if store is not None and not archive.rate_limited:
        store.save_archive_lookup(_record_of(url, key, snapshot))
    return snapshot


def suggest_repair(
    url: str, *, archive: Archive, store: Store | None = None, ttl: float = 7 * 86_400.0
) -> str | None:
    """An archived address the damaged ``url`` most likely meant (a suggestion only)."""
    if store is not None:
        cached = store.archive_lookup(url, "repair", ttl)
        if cached is not None:
            return cached.snapshot_url
    suggestion = archive.suggest_repair(url)
    if store is not None and not archive.rate_limited:
        from citecheck.store import ArchiveRecord

        store.save_archive_lookup(
            ArchiveRecord(url, "repair", time.time(), suggestion, None, None, "cdx")
        )
    return suggestion


def _snapshot_of(record: ArchiveRecord) -> Snapshot | None:
    if not record.snapshot_url or not record.timestamp:
        return None
    status = (
        int(record.http_status) if record.http_status and record.http_status.isdigit() else None
    )
    return Snapshot(
        record.snapshot_url, record.timestamp, record.url, status, record.source or "cdx"
    )


def _record_of(url: str, key: str, snapshot: Snapshot | None) -> ArchiveRecord:
    from citecheck.store import ArchiveRecord

    if snapshot is None:
        return ArchiveRecord(url, key, time.time(), None, None, None, None)
    return ArchiveRecord(
        url,
        key,
        time.time(),
        snapshot.url,
        snapshot.timestamp,
        str(snapshot.status) if snapshot.status is not None else None,
        snapshot.source,
    )


def save_live_pages(
    report: Report,
    *,
    keys: tuple[str, str],
    settings: Settings | None = None,
    store: Store | None = None,
    archive: Archive | None = None,
) -> list[SaveResult]:
    """Save every live, unchanged cited page of ``report`` with Save Page Now.

    Pages archived within ``settings.archive_skip_days`` are skipped; saved snapshots are
    recorded in ``store`` so later lookups find them without asking the archive.
    """
    settings = settings or Settings()
    archive = archive or archive_for(settings, keys=keys)
    results = []
    for link in report.links:
        if not link.status.is_ok or link.content_changed:
            continue
        saved = archive.save(link.url, skip_recent_days=settings.archive_skip_days)
        results.append(saved)
        if store is not None and saved.snapshot is not None:
            store.save_archive_lookup(_record_of(link.url, "latest", saved.snapshot))
        if archive.rate_limited:
            break
    return results


def to_bibtex(document: Document) -> str:
    """BibTeX (biblatex conventions) for every distinct work cited in ``document``.

    >>> doc = parse_text("正文。<sup>1</sup>\\n\\n<sup>1</sup> 林宗達，《國際關係理論概要》"
    ...                  "（台北：晶典文化，2011 年），頁 115。\\n")
    >>> print(to_bibtex(doc).splitlines()[0])
    @book{linzongda2011,
    """
    from citecheck.export.bibtex import render

    return render(document)


def to_csl_json(document: Document) -> str:
    """CSL-JSON (a JSON array, one item per distinct work) for ``document``, as Zotero imports.

    >>> import json
    >>> doc = parse_text("Claim.<sup>1</sup>\\n\\n<sup>1</sup> Jane Roe, “A Title,” *Site*, "
    ...                  "May 3, 2014, <https://example.com/a/b>.\\n")
    >>> [(item["title"], item["URL"]) for item in json.loads(to_csl_json(doc))]
    [('A Title', 'https://example.com/a/b')]
    """
    from citecheck.export.csljson import render

    return render(document)
