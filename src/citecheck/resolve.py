"""Citations → works: give every citation of one work the same identity.

A work cited again (full form in a later footnote, a short form "Author, *Short Title*,
12", a back-reference 同上 / 同前註 / Ibid. / Там же, or the same deep URL) gets the
first citation's ``work_id``; short forms and back-references inherit the full fields and
keep their own pinpoint page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urlsplit

from citecheck.citations.lang import simplify_chars
from citecheck.doi import doi_key
from citecheck.keys import KeyAllocator, key_stem
from citecheck.links import PLAIN_URL
from citecheck.models import Citation, CitationKind, Footnote

_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Identity:
    """What identifies a citation's work: comparison keys and the citation-key stem.

    Pure function of one citation (see ``identify``), so it can be computed in parallel
    with parsing; only the matching of identities is sequential.
    """

    title: str
    authors: frozenset[str]
    url: str | None
    stem: str
    doi: str | None = None  # case-folded: the same DOI is the same work, whatever the note says

    def __reduce__(self) -> tuple[type[Identity], tuple[object, ...]]:
        # Pickled as its constructor's arguments (see models.Name.__reduce__).
        return Identity, (self.title, self.authors, self.url, self.stem, self.doi)


def identify(citation: Citation) -> Identity:
    """The identity keys of one citation."""
    return Identity(
        title=title_key(citation.title),
        authors=_author_keys(citation),
        url=url_key(citation.url),
        stem=key_stem(citation),
        doi=doi_key(citation.doi) if citation.doi else None,
    )


@dataclass(slots=True)
class _Work:
    key: str
    full: Citation
    identity: Identity


@lru_cache(maxsize=4096)
def title_key(title: str | None) -> str:
    """A title reduced for comparison: NFKC, case-folded, Simplified script, no punctuation.

    Characters are simplified one by one (OpenCC's character table): an identity key
    needs the same result for both scripts, not the idiomatic phrase conversion. Cached:
    a paper names the same authors and containers again and again.
    """
    if not title:
        return ""
    text = unicodedata.normalize("NFKC", title).casefold()
    if not text.isascii():
        text = simplify_chars(text)
    return _NON_WORD.sub("", text)


def url_key(url: str | None) -> str | None:
    """A URL reduced for identity, or None for a site root (which many works share)."""
    if not url:
        return None
    plain = PLAIN_URL.fullmatch(url)
    if plain:  # split as urlsplit splits it, without its general machinery
        host, path, query = plain.group("host").lower(), plain["path"] or "", plain["query"] or ""
    else:
        parts = urlsplit(url)
        host, path, query = parts.hostname or "", parts.path, parts.query
    path = path.rstrip("/")
    if not path and not query:
        return None
    return f"{host.removeprefix('www.')}{path}?{query}"


def _author_keys(citation: Citation) -> frozenset[str]:
    names = citation.authors or citation.editors
    return frozenset(title_key(n.family or n.literal or n.given or "") for n in names) - {""}


class Resolver:
    """Resolves a document's notes one at a time, in document order: a note's works are
    found among those of the notes before it, so each note can be resolved as soon as it
    is parsed (a long document's notes arrive in order from several processes)."""

    def __init__(self) -> None:
        self.by_title: dict[str, list[_Work]] = {}
        self.by_url: dict[str, _Work] = {}
        self.by_doi: dict[str, _Work] = {}
        self.title_keys: list[str] = []
        self.keys = KeyAllocator()
        self.last: _Work | None = None
        self.by_footnote: dict[int, list[_Work]] = {}
        self.by_author: dict[str, _Work] = {}  # the latest work of each author, in order
        self.labels: dict[str, int] = {}

    def resolve_note(
        self, note: Footnote, citations: Sequence[Citation], identities: Sequence[Identity]
    ) -> Footnote:
        """``note`` with ``citations`` (its parsed citations, ``identities`` their keys),
        each with the ``work_id`` of its work."""
        if note.label is not None:  # the mark it is printed with, for references like 同④
            self.labels[note.label] = note.number
        resolved = tuple(
            self._resolve(note.number, c, k) for c, k in zip(citations, identities, strict=True)
        )
        return note.with_citations(resolved)

    def _resolve(self, number: int, citation: Citation, identity: Identity) -> Citation:
        """The citation with its work's id, by the first strategy that finds the work: the
        note a back-reference names (同註 3, supra note 3), the work just cited (同上, Id.),
        then title, author, DOI or URL (a full citation or a short form)."""
        if citation.refers_to is not None:
            work = self._in_note(citation.refers_to, identity)
        elif citation.kind is CitationKind.IBID:
            work = self.last
        else:
            work = self._match(citation, identity)
        if work is None:  # a reference to a note without a work we read: no guess
            work = self._new_work(citation, identity)
            resolved = work.full
        elif citation.kind is CitationKind.FULL:
            resolved = citation.with_work_id(work.key)
        else:
            resolved = _inherit(work.full, citation)
        self._remember(number, work)
        return resolved

    def _in_note(self, mark: str, identity: Identity) -> _Work | None:
        """The work of the note printed with ``mark``: the one by the named author when the
        reference names one ("Gabuev, supra note 3"), else the note's first work."""
        works = self.by_footnote.get(self._note_numbered(mark), [])
        if identity.authors:
            by_author = [w for w in works if _same_authors(identity.authors, w.identity.authors)]
            works = by_author or works
        return works[0] if works else None

    def _match(self, citation: Citation, identity: Identity) -> _Work | None:
        if identity.doi and identity.doi in self.by_doi:
            return self.by_doi[identity.doi]
        short = citation.kind is not CitationKind.FULL
        akeys = identity.authors
        for work in self._same_title(identity.title, citation.kind):
            known = work.identity.authors
            if not short and _told_apart(work, citation, identity):
                continue
            if akeys & known or (not short and not (akeys and known)):
                return work
        if short and not identity.title and akeys:  # "Kotkin (1995), p. 60", "添谷、前掲書"
            by_author = self._by_author(akeys)
            year = _year(citation)
            if by_author is not None and (year is None or _year(by_author.full) in (year, None)):
                return by_author
        same_url = self.by_url.get(identity.url) if identity.url else None
        if same_url is not None and (not identity.title or not same_url.identity.title):
            return same_url
        return None

    def _by_author(self, akeys: frozenset[str]) -> _Work | None:
        """The latest work by these authors, named in full or, in CJK, by family name."""
        for key in akeys:
            if key in self.by_author:
                return self.by_author[key]
        for known in reversed(self.by_author):
            if _same_authors(akeys, frozenset((known,))):
                return self.by_author[known]
        return None

    def _same_title(self, tkey: str, kind: CitationKind) -> list[_Work]:
        if not tkey:
            return []
        if tkey in self.by_title:
            return self.by_title[tkey]
        if kind is CitationKind.SHORT and len(tkey) >= 4:
            # A short form cites a work by some words of its title ("Tragedy of Great Power"
            # for "The Tragedy of Great Power Politics").
            return [w for k in self.title_keys if tkey in k for w in self.by_title[k]]
        return []

    def _new_work(self, citation: Citation, identity: Identity) -> _Work:
        key = self.keys.allocate(identity.stem)
        work = _Work(key=key, full=citation.with_work_id(key), identity=identity)
        if identity.title:
            if identity.title not in self.by_title:
                self.title_keys.append(identity.title)
            self.by_title.setdefault(identity.title, []).append(work)
        if identity.url:
            self.by_url.setdefault(identity.url, work)
        if identity.doi:
            self.by_doi.setdefault(identity.doi, work)
        return work

    def _note_numbered(self, mark: str) -> int:
        """The note a reference means: on pages numbered afresh, the latest note printed
        with that mark; elsewhere the note of that number."""
        if mark in self.labels:
            return self.labels[mark]
        return int(mark) if mark.isdigit() else -1

    def _remember(self, number: int, work: _Work) -> None:
        self.last = work
        self.by_footnote.setdefault(number, []).append(work)
        for author in work.identity.authors:
            self.by_author.pop(author, None)  # moved to the end: the latest first when reversed
            self.by_author[author] = work


def _told_apart(work: _Work, citation: Citation, identity: Identity) -> bool:
    """Two full citations of one title on different sites or in different containers (a
    chapter and a ministry's page both called "Российско-китайские отношения"). Paths on one
    site may differ by conversion damage, so only the host counts. Two DOIs are two works."""
    if work.identity.doi and identity.doi and work.identity.doi != identity.doi:
        return True
    if work.identity.url and identity.url and _host(work.identity.url) != _host(identity.url):
        return True
    known, container = work.full.container_title, citation.container_title
    return bool(known and container and title_key(known) != title_key(container))


def _same_authors(named: frozenset[str], known: frozenset[str]) -> bool:
    """Whether a short form's authors name a known work's: the same keys, or a CJK family
    name (添谷, 毛里) that opens a full name (添谷芳秀, 毛里和子)."""
    return bool(named & known) or any(
        len(short) >= 2 and not short.isascii() and full.startswith(short) and full != short
        for short in named
        for full in known
    )


def _year(citation: Citation) -> int | None:
    return citation.issued[0][0] if citation.issued else None


def _host(key: str) -> str:
    return key.split("/", 1)[0]


def _inherit(full: Citation, own: Citation) -> Citation:
    """The full citation's fields, with the back-reference's own text, page and relation."""
    return replace(
        full,
        raw=own.raw,
        kind=own.kind,
        relation=own.relation,
        page=own.page or None,
    )


def resolve_works(footnotes: Sequence[Footnote]) -> tuple[Footnote, ...]:
    """``footnotes`` (parsed) with every citation's ``work_id`` set; one id per distinct
    work. ``parse`` does the same note by note as the parses arrive (``Resolver``)."""
    resolver = Resolver()
    return tuple(
        resolver.resolve_note(note, note.citations, [identify(c) for c in note.citations])
        for note in footnotes
    )
