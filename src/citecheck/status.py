"""One status type for every link outcome, and the typed result of checking one URL.

Like lychee's ``Status``: every way a check can end is a member of ``LinkStatus``, so
reports, exit codes and the state store never meet a stray string or exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class LinkStatus(StrEnum):
    """How checking a cited URL ended."""

    LIVE = "live"
    REDIRECTED = "redirected"  # same resource at a new address (https, www, slash)
    MOVED = "moved"  # permanent redirect elsewhere; the content is still the cited work
    SOFT_404 = "soft_404"  # "not found" served with 200, or a deep link sent to the home page
    DEAD = "dead"  # 404/410/NXDOMAIN on enough separate runs (the flake rule)
    FAILING = "failing"  # dead-looking, but not yet on enough runs to call it dead
    BLOCKED = "blocked"  # a bot wall (Cloudflare challenge, DataDome, captcha): not dead
    TIMEOUT = "timeout"
    ERROR = "error"  # TLS failure, connection refused, 5xx after retries
    INVALID = "invalid"  # malformed URL
    OFFLINE = "offline"  # this machine has no network: says nothing about the site
    SKIPPED = "skipped"  # excluded by configuration

    @property
    def is_broken(self) -> bool:
        """A source the reader can no longer reach as cited."""
        return self in _BROKEN

    @property
    def is_ok(self) -> bool:
        """The source answers at its address or at a faithful new one."""
        return self in _OK


_BROKEN = frozenset({LinkStatus.DEAD, LinkStatus.SOFT_404, LinkStatus.INVALID})
_OK = frozenset({LinkStatus.LIVE, LinkStatus.REDIRECTED, LinkStatus.MOVED})


class TitleMatch(StrEnum):
    """How the live page's title relates to the cited title."""

    SAME = "same"
    SAME_AFTER_NORMALIZATION = "same_after_normalization"  # e.g. Traditional vs Simplified
    PARTIAL = "partial"  # one contains the other, or nearly the same
    DIFFERENT = "different"  # the page now says something else
    UNKNOWN = "unknown"  # no cited title or no page title


@dataclass(frozen=True, slots=True)
class Snapshot:
    """An archived copy of a URL (Wayback Machine)."""

    url: str  # https://web.archive.org/web/<timestamp>/<original>
    timestamp: str  # YYYYMMDDhhmmss
    original: str
    status: int | None = None
    source: str = "cdx"  # cdx | availability | saved


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The outcome of checking one URL, with everything a report needs to explain it."""

    url: str
    status: LinkStatus
    reason: str
    http_status: int | None = None
    final_url: str | None = None
    redirects: tuple[str, ...] = ()
    elapsed: float = 0.0
    page_title: str | None = None
    cited_title: str | None = None
    title_match: TitleMatch = TitleMatch.UNKNOWN
    checked_at: datetime | None = None
    from_cache: bool = False
    failures: int = 0  # separate runs on which this URL has failed so far
    archive: Snapshot | None = None
    suggested_url: str | None = None
    footnotes: tuple[int, ...] = field(default=())
    lines: tuple[int, ...] = field(default=())
    pages: tuple[int, ...] = field(default=())
    """Pages of the citing notes, for formats without lines (PDF)."""

    def locations(self) -> str:
        """Where the citing notes are, for a reader: their lines, else pages, else notes."""
        if self.lines:
            return ", ".join(map(str, self.lines))
        if self.pages:
            return ", ".join(f"p. {page}" for page in self.pages)
        return ", ".join(f"note {number}" for number in self.footnotes)

    @property
    def content_changed(self) -> bool:
        """Reachable, but the page now says something other than the cited work."""
        return self.status.is_ok and self.title_match is TitleMatch.DIFFERENT

    @property
    def is_broken(self) -> bool:
        """Broken for the editor: unreachable as cited, or replaced by other content."""
        return self.status.is_broken or self.content_changed


class DoiStatus(StrEnum):
    """How checking a cited DOI against its registry ended."""

    OK = "ok"  # registered, and the record is the cited work
    NOT_FOUND = "not_found"  # the DOI system says the DOI does not exist (a typo, a fake)
    MISMATCH = "mismatch"  # registered to another work: the wrong DOI was copied
    UNKNOWN = "unknown"  # offline, or the registry did not answer: says nothing
    MISSING = "missing"  # cited without a DOI; ``suggested_doi`` is the one it most likely has

    @property
    def is_broken(self) -> bool:
        """A DOI that does not lead to the cited work."""
        return self in (DoiStatus.NOT_FOUND, DoiStatus.MISMATCH)


class NoticeKind(StrEnum):
    """An editorial notice attached to a work (Crossref update types, grouped)."""

    RETRACTION = "retraction"  # retraction, partial_retraction
    WITHDRAWAL = "withdrawal"  # withdrawal, removal
    EXPRESSION_OF_CONCERN = "expression_of_concern"
    CORRECTION = "correction"  # correction, corrigendum, erratum


@dataclass(frozen=True, slots=True)
class Notice:
    """A retraction, withdrawal, expression of concern or correction of a cited work."""

    kind: NoticeKind
    doi: str | None = None  # the notice's own DOI
    date: str | None = None  # ISO 8601 (2020-01-31), as precise as the registry says
    source: str | None = None  # "publisher", "retraction-watch"
    label: str | None = None  # the registry's own words ("Retraction", "Erratum")


@dataclass(frozen=True, slots=True)
class RegisteredWork:
    """What a DOI registry says a DOI names."""

    doi: str
    agency: str  # crossref | datacite | the agency's name for others
    title: str | None = None
    year: int | None = None
    authors: tuple[str, ...] = ()  # display names, in the registry's order
    families: tuple[str, ...] = ()  # family names (CJK names whole), for comparison
    container: str | None = None
    type: str | None = None
    notices: tuple[Notice, ...] = ()
    notice_of: tuple[Notice, ...] = ()  # this DOI is itself a notice: what it updates


@dataclass(frozen=True, slots=True)
class DoiResult:
    """The outcome of checking one cited DOI (or suggesting one for a DOI-less citation)."""

    doi: str | None
    status: DoiStatus
    reason: str
    registered: RegisteredWork | None = None
    differences: tuple[str, ...] = ()  # "title", "year", "author", "container"
    notices: tuple[Notice, ...] = ()
    suggested_doi: str | None = None
    cited_title: str | None = None
    checked_at: datetime | None = None
    from_cache: bool = False
    offline: bool = False
    failing_notices: tuple[NoticeKind, ...] = (
        NoticeKind.RETRACTION,
        NoticeKind.WITHDRAWAL,
        NoticeKind.EXPRESSION_OF_CONCERN,
    )
    footnotes: tuple[int, ...] = field(default=())
    lines: tuple[int, ...] = field(default=())

    @property
    def flagged(self) -> tuple[Notice, ...]:
        """Notices that fail the run (retraction, withdrawal, expression of concern;
        corrections too when configured)."""
        return tuple(n for n in self.notices if n.kind in self.failing_notices)

    @property
    def is_broken(self) -> bool:
        """Broken for the editor: the DOI leads nowhere or elsewhere, or the work is flagged."""
        return self.status.is_broken or bool(self.flagged)

    @property
    def severity(self) -> int:
        """Order for reports, worst first: retracted or flagged works, DOIs that lead
        nowhere or elsewhere, corrections, unknown, suggestions, then the rest."""
        if self.flagged:
            return 0
        if self.status.is_broken:
            return 1
        if self.notices:
            return 2
        order = {DoiStatus.UNKNOWN: 3, DoiStatus.MISSING: 4}
        return order.get(self.status, 5)

    @property
    def label(self) -> str:
        """A short word for reports: the worst notice, else the status."""
        if self.flagged:
            return self.flagged[-1].kind.value.replace("_", " ")
        if self.status is DoiStatus.OK and self.notices:
            return f"ok ({self.notices[-1].kind.value.replace('_', ' ')})"
        return self.status.value

    def notice_text(self) -> str:
        """Every notice in one line: "retraction 10.1/x (2020-01-02, retraction-watch)"."""
        return "; ".join(
            f"{n.kind.value.replace('_', ' ')}"
            + (f" {n.doi}" if n.doi else "")
            + f" ({', '.join(p for p in (n.date, n.source) if p)})"
            for n in self.notices
        )


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """The links of one document, each with the footnotes and lines citing it there."""

    document: str
    links: tuple[LinkResult, ...] = ()
    dois: tuple[DoiResult, ...] = ()

    @property
    def broken(self) -> tuple[LinkResult, ...]:
        """Links that are dead, soft-404, malformed, or whose content changed."""
        return tuple(link for link in self.links if link.is_broken)

    @property
    def summary(self) -> dict[str, int]:
        """How many links ended in each status, in the enum's order."""
        return summarize(self.links)


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of a verification run over one or more documents."""

    documents: tuple[DocumentReport, ...] = ()
    requests_sent: int = 0

    @property
    def links(self) -> tuple[LinkResult, ...]:
        """Every distinct URL's result once (a URL cited in several documents counts once)."""
        seen: dict[str, LinkResult] = {}
        for document in self.documents:
            for link in document.links:
                seen.setdefault(link.url, link)
        return tuple(seen.values())

    @property
    def broken(self) -> tuple[LinkResult, ...]:
        """Broken or changed sources across all documents (each URL once)."""
        return tuple(link for link in self.links if link.is_broken)

    @property
    def dois(self) -> tuple[DoiResult, ...]:
        """Every cited DOI's result once (and each DOI-less work with a suggestion)."""
        seen: dict[str, DoiResult] = {}
        for document in self.documents:
            for result in document.dois:
                key = (result.doi or "").lower() or f"{result.cited_title}|{result.suggested_doi}"
                seen.setdefault(key, result)
        return tuple(seen.values())

    @property
    def broken_dois(self) -> tuple[DoiResult, ...]:
        """DOIs not found, registered to another work, or of retracted/flagged works."""
        return tuple(result for result in self.dois if result.is_broken)

    @property
    def has_broken(self) -> bool:
        """Whether anything cited is broken: a link, a DOI, or a retracted work."""
        return bool(self.broken or self.broken_dois)

    @property
    def offline(self) -> bool:
        """True when the network was down: the run could say nothing about the links."""
        return any(link.status is LinkStatus.OFFLINE for link in self.links) or any(
            result.offline for result in self.dois
        )

    @property
    def summary(self) -> dict[str, int]:
        """How many distinct URLs ended in each status."""
        return summarize(self.links)


def summarize(links: tuple[LinkResult, ...]) -> dict[str, int]:
    """Counts per status value, plus ``content_changed`` when any live page changed."""
    counts = {status.value: 0 for status in LinkStatus}
    for link in links:
        counts[link.status.value] += 1
    summary = {key: value for key, value in counts.items() if value}
    changed = sum(1 for link in links if link.content_changed)
    if changed:
        summary["content_changed"] = changed
    return summary
