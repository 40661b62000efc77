"""Check cited DOIs: does each lead to the cited work, and has that work been retracted?

``collect_dois`` gathers one ``CitedDoi`` per distinct DOI (case-insensitive) with what the
citations say of the work, and the DOI-less articles and chapters that could be given one.
``compare`` (pure) matches a registered record with the citation: the title after the
normalisation and OpenCC conversion used for page titles, the year (±1: online-first),
the first author's family name (CJK names whole), the container. ``check_dois`` runs the
lookups through a ``Registry`` with the state (records reused for 30 days, re-read for new
notices after a week) and turns each into a ``DoiResult``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from citecheck.client import utc_now
from citecheck.config import Settings
from citecheck.doi import doi_key
from citecheck.links import Citing
from citecheck.models import Citation, CitationKind, Document
from citecheck.scholarly import (
    CONTACT_VARIABLE,
    Candidate,
    Lookup,
    Outcome,
    Registry,
    record_from_json,
    record_to_json,
)
from citecheck.status import DoiResult, DoiStatus, NoticeKind, RegisteredWork, TitleMatch
from citecheck.store import DoiRecord, Store
from citecheck.titles import compare_titles, normalize

_AGREEING_TITLES = frozenset(
    {TitleMatch.SAME, TitleMatch.SAME_AFTER_NORMALIZATION, TitleMatch.PARTIAL}
)
_SUGGESTIBLE = frozenset({"article-journal", "chapter", "paper-conference", "article"})
# The top hit of a bibliographic search must score this many times the next one.
CLEAR_MARGIN = 1.3
_WORKERS = 8


@dataclass(frozen=True, slots=True)
class CitedWork:
    """What one citation says of its work, for comparison with a registry's record."""

    title: str | None
    year: int | None
    first_author: str | None  # family name, a CJK name whole
    container: str | None


@dataclass(frozen=True, slots=True)
class CitedDoi:
    """A distinct DOI (or a DOI-less work) with every place citing it."""

    doi: str | None
    work: CitedWork
    cited: tuple[Citing, ...] = field(default=())


def cited_work(citation: Citation) -> CitedWork:
    """The fields of ``citation`` that a registry's record is compared with."""
    first = citation.authors[0] if citation.authors else None
    author = None
    if first is not None:
        author = first.family or first.literal or first.given
    return CitedWork(
        title=citation.title,
        year=citation.issued[0][0] if citation.issued else None,
        first_author=author,
        container=citation.container_title,
    )


def collect_dois(documents: Iterable[Document]) -> tuple[list[CitedDoi], list[CitedDoi]]:
    """(cited DOIs, DOI-less works that may get a suggestion), each once, in citation order."""
    with_doi: dict[str, CitedDoi] = {}
    without: dict[tuple[str, str], CitedDoi] = {}
    for document in documents:
        for note in document.footnotes:
            for citation in note.citations:
                citing = Citing(document.path, note.number, note.line, note.page)
                if citation.doi:
                    _add(with_doi, doi_key(citation.doi), citation, citing, citation.doi)
                elif _suggestible(citation):
                    key = (document.path, citation.work_id or citation.raw)
                    _add(without, key, citation, citing, None)
    return list(with_doi.values()), list(without.values())


def _add(
    table: dict[str, CitedDoi] | dict[tuple[str, str], CitedDoi],
    key: object,
    citation: Citation,
    citing: Citing,
    doi: str | None,
) -> None:
    found = table.get(key)  # type: ignore[call-overload]
    if found is None:
        table[key] = CitedDoi(doi, cited_work(citation), (citing,))  # type: ignore[index]
    elif citing not in found.cited:
        table[key] = replace(found, cited=(*found.cited, citing))  # type: ignore[index]


def _suggestible(citation: Citation) -> bool:
    """A full citation of an article or chapter with enough to find it by."""
    return (
        citation.kind is CitationKind.FULL
        and citation.type in _SUGGESTIBLE
        and bool(citation.title and citation.authors and citation.issued)
    )


# -- matching (pure) --------------------------------------------------------------------


def compare(work: CitedWork, record: RegisteredWork) -> tuple[str, ...]:
    """The fields in which the citation and the registered record disagree."""
    differences = []
    titles = compare_titles(work.title, record.title)
    if titles is not TitleMatch.UNKNOWN and titles not in _AGREEING_TITLES:
        differences.append("title")
    if work.year and record.year and abs(work.year - record.year) > 1:
        differences.append("year")
    if work.first_author and record.families and not _author_agrees(work.first_author, record):
        differences.append("author")
    if work.container and record.container and not _container_agrees(work.container, record):
        differences.append("container")
    return tuple(differences)


def verdict(differences: tuple[str, ...]) -> DoiStatus:
    """Another work when the title differs, or when two of year, author, container do (one
    alone is an online-first year, a transliterated name, an abbreviated journal)."""
    if "title" in differences or len(differences) >= 2:
        return DoiStatus.MISMATCH
    return DoiStatus.OK


def _name_key(name: str) -> str:
    from citecheck.citations.lang import converter

    text = normalize(name)
    return converter("t2s").convert(text) if not text.isascii() else text


def _author_agrees(cited: str, record: RegisteredWork) -> bool:
    wanted = _name_key(cited)
    keys = [_name_key(f) for f in record.families if f]
    # 吳玉山 vs Wu: another script, nothing to compare
    return wanted in keys or wanted.isascii() != all(k.isascii() for k in keys)


def _container_agrees(cited: str, record: RegisteredWork) -> bool:
    a, b = _name_key(cited), _name_key(record.container or "")
    if not a or not b or a == b or a in b or b in a:
        return True
    initials = "".join(w[0] for w in (record.container or "").split() if w[:1].isupper())
    if initials and initials.casefold() == a:
        return True  # "JPR" for "Journal of Peace Research"
    return SequenceMatcher(None, a, b).ratio() >= 0.8


# -- suggestions (pure) -------------------------------------------------------------------


def best_suggestion(work: CitedWork, candidates: list[Candidate]) -> str | None:
    """The top hit's DOI when it is this work beyond doubt: the same title after
    normalisation, year (±1) and first author agreeing, and a score clearly above the next."""
    if not candidates or not work.title:
        return None
    ranked = sorted(candidates, key=lambda c: c.score, reverse=True)
    top = ranked[0]
    title = compare_titles(work.title, top.record.title)
    if title not in (TitleMatch.SAME, TitleMatch.SAME_AFTER_NORMALIZATION):
        return None
    if set(compare(work, top.record)) & {"year", "author"}:
        return None
    if work.first_author and not top.record.families:
        return None
    if len(ranked) > 1 and top.score < CLEAR_MARGIN * ranked[1].score:
        return None
    return top.record.doi


# -- running ------------------------------------------------------------------------------


def contact_address(settings: Settings) -> str | None:
    """The Crossref contact address: configuration, else ``CITECHECK_CONTACT_EMAIL``."""
    return settings.contact_email or os.environ.get(CONTACT_VARIABLE, "").strip() or None


def check_dois(
    cited: list[CitedDoi],
    missing: list[CitedDoi],
    registry: Registry,
    store: Store | None = None,
    settings: Settings | None = None,
    *,
    online: bool = True,
) -> list[tuple[CitedDoi, DoiResult]]:
    """A result per cited DOI, then one per DOI-less work that gets a suggestion."""
    settings = settings or Settings()
    failing = _failing_kinds(settings)
    run = _DoiRun(registry, store, settings, online)
    with ThreadPoolExecutor(_WORKERS, thread_name_prefix="citecheck-doi") as pool:
        results = list(pool.map(run.check, cited))
        suggestions = list(pool.map(run.suggest, missing)) if settings.doi_suggestions else []
    out = [(c, replace(r, failing_notices=failing)) for c, r in zip(cited, results, strict=True)]
    return out + [(c, r) for c, r in zip(missing, suggestions, strict=False) if r is not None]


def _failing_kinds(settings: Settings) -> tuple[NoticeKind, ...]:
    kinds = [NoticeKind.RETRACTION, NoticeKind.WITHDRAWAL, NoticeKind.EXPRESSION_OF_CONCERN]
    return (*kinds, NoticeKind.CORRECTION) if settings.fail_on_correction else tuple(kinds)


class _DoiRun:
    def __init__(
        self, registry: Registry, store: Store | None, settings: Settings, online: bool
    ) -> None:
        self.registry = registry
        self.store = store
        self.settings = settings
        self.online = online

    def check(self, item: CitedDoi) -> DoiResult:
        assert item.doi is not None
        try:
            lookup, cached = self._lookup(item.doi)
        except Exception as exc:  # a bug costs one DOI its verdict, not the whole run
            return _result(item, DoiStatus.UNKNOWN, f"internal error: {exc!r}")
        return judge(item, lookup, from_cache=cached, offline=not self.online)

    def _lookup(self, doi: str) -> tuple[Lookup, bool]:
        key = f"doi:{doi_key(doi)}"
        cached = self._cached(key)
        if cached is not None:
            return cached, True
        if not self.online:
            return Lookup(Outcome.UNAVAILABLE, detail="offline: the network is down"), False
        lookup = self.registry.lookup(doi)
        if self.store is not None and lookup.outcome is Outcome.FOUND and lookup.record:
            self.store.save_doi_record(
                DoiRecord(
                    key, time.time(), "found", lookup.record.agency, record_to_json(lookup.record)
                )
            )
        return lookup, False

    def _cached(self, key: str) -> Lookup | None:
        if self.store is None:
            return None
        row = self.store.doi_record(key, self.settings.doi_ttl)
        if row is None or row.outcome != "found" or not row.record:
            return None
        stale_notices = time.time() - row.looked_up_at > self.settings.notice_ttl
        if stale_notices and row.agency == "crossref" and self.online:
            return None  # a week old: read the record again for new notices
        return Lookup(Outcome.FOUND, record_from_json(row.record), agency=row.agency)

    def suggest(self, item: CitedDoi) -> DoiResult | None:
        try:
            doi = self._suggestion(item.work)
        except Exception:  # a suggestion is a courtesy: a failure loses only it
            return None
        if doi is None:
            return None
        return _result(
            item,
            DoiStatus.MISSING,
            f"cited without a DOI; Crossref's record {doi} has the same title, year and author",
            suggested_doi=doi,
        )

    def _suggestion(self, work: CitedWork) -> str | None:
        assert work.title is not None
        key = f"search:{work.title}|{work.first_author}|{work.year}|{work.container}"
        if self.store is not None:
            row = self.store.doi_record(key, self.settings.doi_ttl)
            if row is not None:
                return row.record
        if not self.online:
            return None
        candidates = self.registry.search(
            title=work.title, author=work.first_author, year=work.year, container=work.container
        )
        if candidates is None:
            return None
        doi = best_suggestion(work, candidates)
        if self.store is not None:
            self.store.save_doi_record(
                DoiRecord(key, time.time(), "found" if doi else "none", "crossref", doi)
            )
        return doi


def judge(
    item: CitedDoi, lookup: Lookup, *, from_cache: bool = False, offline: bool = False
) -> DoiResult:
    """The result for one cited DOI from what the registries said."""
    if lookup.outcome is Outcome.NOT_FOUND:
        return _result(
            item,
            DoiStatus.NOT_FOUND,
            f"the DOI does not exist ({lookup.detail})",
            from_cache=from_cache,
        )
    if lookup.outcome is Outcome.UNAVAILABLE or lookup.record is None:
        return _result(
            item,
            DoiStatus.UNKNOWN,
            lookup.detail or "no registry answered",
            offline=offline,
        )
    record = lookup.record
    if record.title is None and not record.families:
        return _result(
            item,
            DoiStatus.UNKNOWN,
            lookup.detail or f"registered with {record.agency}; no record to compare",
            registered=record,
            from_cache=from_cache,
        )
    differences = compare(item.work, record)
    status = verdict(differences)
    return _result(
        item,
        status,
        _reason(status, differences, record),
        registered=record,
        differences=differences,
        notices=record.notices,
        from_cache=from_cache,
    )


def _reason(status: DoiStatus, differences: tuple[str, ...], record: RegisteredWork) -> str:
    where = f"registered with {record.agency}"
    if record.notice_of:  # the citation cites the notice itself, e.g. a retraction notice
        notice = record.notice_of[0]
        where += f"; this is the {notice.kind.value.replace('_', ' ')} notice of {notice.doi}"
    if status is DoiStatus.MISMATCH:
        return f"{where} to another work ({', '.join(differences)} differ): {record.title!r}" + (
            f" ({record.year})" if record.year else ""
        )
    if differences:
        return f"{where}; the cited work ({', '.join(differences)} differs slightly)"
    return f"{where}; the record is the cited work"


def _result(item: CitedDoi, status: DoiStatus, reason: str, **extra: object) -> DoiResult:
    return DoiResult(
        doi=item.doi,
        status=status,
        reason=reason,
        cited_title=item.work.title,
        checked_at=utc_now(),
        footnotes=tuple(dict.fromkeys(c.footnote for c in item.cited)),
        lines=tuple(dict.fromkeys(c.line for c in item.cited if c.line is not None)),
        **extra,  # type: ignore[arg-type]
    )
