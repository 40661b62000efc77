"""What one fetch means for a cited link: a status, the page title, a one-line reason.

Pure: ``classify`` turns a ``Fetch`` into a ``Verdict`` with no I/O and no state. Its
rules live in tables below, each with where it comes from. Scheduling, the state and the
flake rule are ``check.py``'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from citecheck.client import REFRESH, Failure, Fetch
from citecheck.status import LinkStatus, TitleMatch
from citecheck.titles import compare_titles, extract_title, looks_not_found

# Bot walls answer 403/429/503 with a challenge instead of the page. Signatures from
# Cloudflare ("cf-mitigated: challenge", "Just a moment..."), DataDome (x-datadome),
# Sucuri, DDoS-Guard, Akamai/Incapsula block pages and Chinese captcha walls.
_BOT_WALL_HEADERS = (
    ("cf-mitigated", "challenge"),
    ("x-datadome", ""),
    ("x-sucuri-block", ""),
    ("server", "ddos-guard"),
    ("x-iinfo", ""),
)
_BOT_WALL_TEXT = re.compile(
    r"just a moment|attention required|checking your browser|captcha|are you a robot|"
    r"verify you are human|access denied|request unsuccessful|ddos-guard|"
    r"安全验证|人机验证|验证码|驗證碼|安全檢查|访问受限|доступ ограничен|проверка браузера",
    re.IGNORECASE,
)
_REFUSING = frozenset({401, 403, 429, 451, 503})
_GONE = frozenset({404, 410})
_PERMANENT = frozenset({301, 308})
# Where sites send what they cannot find, or what needs a login (soft-404s).
_NOT_FOUND_PATH = re.compile(
    r"(?:^|/)(?:404|not[-_]?found|notfound|error|errors|pagenotfound|page[-_]not[-_]found)"
    r"(?:[./?]|$)",
    re.IGNORECASE,
)
_LOGIN_PATH = re.compile(
    r"(?:^|/)(?:login|signin|sign-in|logon|passport|sso|auth|account/login)(?:[./?]|$)",
    re.IGNORECASE,
)
# Expired domains bought by parking services show a sale page where the site was.
_PARKED_TEXT = re.compile(
    r"\bdomain\b.{0,40}\bfor sale\b|\bis for sale\b|buy this domain|domain (?:is )?parked|"
    r"hugedomains|sedo\b|dan\.com|域名(?:出售|转让|轉讓)|домен\s+продаётся|домен\s+продается",
    re.IGNORECASE,
)
_MATCHING = frozenset({TitleMatch.SAME, TitleMatch.SAME_AFTER_NORMALIZATION, TitleMatch.PARTIAL})


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one fetch means for a cited link, before the flake rule and the state."""

    status: LinkStatus
    reason: str
    page_title: str | None = None
    title_match: TitleMatch = TitleMatch.UNKNOWN
    gone: bool = False  # 404/410/NXDOMAIN: dead once the flake rule is met
    network: bool = False  # failed before reaching any server: maybe this machine is offline


def classify(fetch: Fetch, titles: Iterable[str] = ()) -> Verdict:
    """The verdict for one fetch of a link cited with ``titles``."""
    if fetch.failure is not None:
        verdict = _failure_verdict(fetch)
        return replace(verdict, reason=one_line(verdict.reason))
    body = fetch.body
    page_title = extract_title(body, fetch.headers.get("content-type")) if body else None
    match = best_match(titles, page_title)
    status, reason = _response_status(fetch, page_title, match)
    gone = fetch.status in _GONE
    return Verdict(status, one_line(reason), page_title, match, gone=gone)


REASON_LIMIT = 200
"""A reason is one line of at most this many characters (it ends up in annotations,
tables and issue bodies); titles quoted inside it are cut shorter still."""
_QUOTED_TITLE_LIMIT = 80


def one_line(text: str, limit: int = REASON_LIMIT) -> str:
    """``text`` on one line (white space runs collapsed), cut to ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(title: str | None) -> str:
    return repr(one_line(title or "", _QUOTED_TITLE_LIMIT))


def _response_status(
    fetch: Fetch, page_title: str | None, match: TitleMatch
) -> tuple[LinkStatus, str]:
    code = fetch.status or 0
    if code in _GONE:
        return LinkStatus.DEAD, f"HTTP {code} {_GONE_TEXT[code]}"
    if code in _REFUSING or _is_bot_wall(fetch, page_title, code):
        return LinkStatus.BLOCKED, _blocked_reason(fetch, page_title, code)
    if code >= 500:
        return LinkStatus.ERROR, f"HTTP {code} server error (after retries)"
    if code >= 300 or code < 200:
        return LinkStatus.ERROR, f"HTTP {code} where a page was expected"
    soft = _soft_404_reason(fetch, page_title, match)
    if soft:
        return LinkStatus.SOFT_404, soft
    status, reason = _redirect_status(fetch)
    if match is TitleMatch.DIFFERENT:
        reason += f"; content changed: the page is now titled {_quoted(page_title)}"
    return status, reason


_GONE_TEXT = {404: "Not Found", 410: "Gone"}


def _failure_verdict(fetch: Fetch) -> Verdict:
    failure = fetch.failure
    if failure is Failure.NXDOMAIN:
        return Verdict(LinkStatus.DEAD, fetch.detail, gone=True, network=True)
    if failure is Failure.TIMEOUT:
        return Verdict(LinkStatus.TIMEOUT, fetch.detail)
    if failure is Failure.INVALID_URL:
        return Verdict(LinkStatus.INVALID, fetch.detail)
    if failure is Failure.PRIVATE_ADDRESS:
        return Verdict(LinkStatus.SKIPPED, fetch.detail)
    network = failure in (Failure.DNS_TEMPORARY, Failure.UNREACHABLE)
    return Verdict(LinkStatus.ERROR, fetch.detail, network=network)


def best_match(titles: Iterable[str], page_title: str | None) -> TitleMatch:
    """The closest match between ``page_title`` and any of the cited ``titles``."""
    order = list(TitleMatch)
    matches = [compare_titles(t, page_title) for t in titles]
    known = [m for m in matches if m is not TitleMatch.UNKNOWN]
    return min(known, key=order.index) if known else TitleMatch.UNKNOWN


def _wall_header(fetch: Fetch) -> str | None:
    """The bot-wall header the response carries, if any."""
    return next(
        (h for h, v in _BOT_WALL_HEADERS if h in fetch.headers and v in fetch.headers[h].lower()),
        None,
    )


def _is_bot_wall(fetch: Fetch, page_title: str | None, status: int) -> bool:
    if _wall_header(fetch):
        return True
    return status == 200 and bool(page_title) and bool(_BOT_WALL_TEXT.search(page_title or ""))


def _blocked_reason(fetch: Fetch, page_title: str | None, status: int) -> str:
    wall = _wall_header(fetch)
    if wall:
        return f"HTTP {status}: a bot wall ({wall}) answered; the page may well be there"
    if page_title and _BOT_WALL_TEXT.search(page_title):
        challenge = _quoted(page_title)
        return f"HTTP {status}: a challenge page ({challenge}) answered instead of the page"
    if status == 429:
        return "HTTP 429: rate limited by the site (after retries); not evidence of a dead link"
    return f"HTTP {status}: the site refused the request; not evidence of a dead link"


def _segments(url: str) -> list[str]:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    return segments + ([parts.query] if parts.query else [])


def _soft_404_reason(fetch: Fetch, page_title: str | None, match: TitleMatch) -> str | None:
    if page_title and _PARKED_TEXT.search(page_title):
        return f"the domain is parked or for sale ({_quoted(page_title)})"
    if looks_not_found(page_title) and match not in _MATCHING:
        return f"the page says it does not exist ({_quoted(page_title)}) with HTTP {fetch.status}"
    if not fetch.redirects:
        return None
    final = urlsplit(fetch.final_url)
    if _NOT_FOUND_PATH.search(final.path):
        return f"redirected to an error page ({fetch.final_url})"
    if _LOGIN_PATH.search(final.path) and not _LOGIN_PATH.search(urlsplit(fetch.url).path):
        return f"redirected to a login page ({fetch.final_url})"
    cited, landed = _segments(fetch.url), _segments(fetch.final_url)
    if match in _MATCHING or len(cited) < 2:
        return None
    if not landed:
        return f"a deep link redirected to the site's front page ({fetch.final_url})"
    shallow = len(landed) <= 1 and len(cited) >= 3
    if shallow or (len(landed) <= len(cited) // 2 and cited[: len(landed)] == landed):
        return f"a deep link redirected to a section front page ({fetch.final_url})"
    return None


def same_address(a: str, b: str) -> bool:
    """Whether two URLs differ only in scheme, ``www.``, default port, case or final slash."""
    return _address_key(a) == _address_key(b)


def _address_key(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or ""
    for index in ("/index.html", "/index.htm", "/index.php", "/default.aspx"):
        path = path.removesuffix(index)
    return host, path, parts.query


def _redirect_status(fetch: Fetch) -> tuple[LinkStatus, str]:
    if not fetch.redirects:
        return LinkStatus.LIVE, f"HTTP {fetch.status}"
    if same_address(fetch.url, fetch.final_url):
        return LinkStatus.REDIRECTED, f"same page at a new address: {fetch.final_url}"
    if any(hop.status in _PERMANENT for hop in fetch.redirects):
        return LinkStatus.MOVED, f"moved permanently to {fetch.final_url}"
    how = (
        "a meta refresh"
        if any(hop.status == REFRESH for hop in fetch.redirects)
        else ("a temporary redirect")
    )
    return LinkStatus.LIVE, f"HTTP {fetch.status} through {how} to {fetch.final_url}"
