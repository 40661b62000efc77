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

    @property
    def content_changed(self) -> bool:
        """Reachable, but the page now says something other than the cited work."""
        return self.status.is_ok and self.title_match is TitleMatch.DIFFERENT

    @property
    def is_broken(self) -> bool:
        """Broken for the editor: unreachable as cited, or replaced by other content."""
        return self.status.is_broken or self.content_changed
