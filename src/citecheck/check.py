"""Check cited links: classify what the network said (pure), and schedule the fetches.

``classify`` turns one ``Fetch`` into a verdict: a ``LinkStatus``, the page title and how
it matches the cited title, and a one-line reason. Its rules live in tables below, each
with where it comes from. ``check_links`` runs a whole set of links: the connectivity
probe, the state (fresh results reused, every result recorded as it arrives, the flake
rule), and polite concurrency (many requests in flight, at most a few per host).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from citecheck.client import REFRESH, Client, Failure, Fetch, utc_now
from citecheck.config import Settings
from citecheck.links import Link
from citecheck.status import LinkResult, LinkStatus, TitleMatch
from citecheck.store import CheckRecord, FlakeRule, Store
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
        return _failure_verdict(fetch)
    body = fetch.body
    page_title = extract_title(body, fetch.headers.get("content-type")) if body else None
    match = _best_match(titles, page_title)
    status, reason = _response_status(fetch, page_title, match)
    gone = fetch.status in _GONE
    return Verdict(status, reason, page_title, match, gone=gone)


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
        reason += f"; content changed: the page is now titled {page_title!r}"
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


def _best_match(titles: Iterable[str], page_title: str | None) -> TitleMatch:
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
        return f"HTTP {status}: a challenge page ({page_title!r}) answered instead of the page"
    if status == 429:
        return "HTTP 429: rate limited by the site (after retries); not evidence of a dead link"
    return f"HTTP {status}: the site refused the request; not evidence of a dead link"


def _segments(url: str) -> list[str]:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    return segments + ([parts.query] if parts.query else [])


def _soft_404_reason(fetch: Fetch, page_title: str | None, match: TitleMatch) -> str | None:
    if page_title and _PARKED_TEXT.search(page_title):
        return f"the domain is parked or for sale ({page_title!r})"
    if looks_not_found(page_title) and match not in _MATCHING:
        return f"the page says it does not exist ({page_title!r}) with HTTP {fetch.status}"
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


# -- running a set of links ------------------------------------------------------------

Progress = Callable[[int, int, LinkResult], None]
"""Called as ``progress(done, total, result)`` after each link is settled."""


def check_links(
    links: list[Link],
    client: Client,
    store: Store | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> list[LinkResult]:
    """Check every link; results in the order of ``links``."""
    settings = settings or client.settings
    _warm_up()
    run = _Run(links, client, store, settings, progress)
    return run.execute()


def _warm_up() -> None:
    """Import what workers import lazily, once, before 64 threads queue on the import lock."""
    import bs4  # noqa: F401
    import charset_normalizer  # noqa: F401

    from citecheck.citations.lang import converter

    converter("t2s")


class _Run:
    def __init__(
        self,
        links: list[Link],
        client: Client,
        store: Store | None,
        settings: Settings,
        progress: Progress | None,
    ) -> None:
        self.links = links
        self.client = client
        self.store = store
        self.settings = settings
        self.rule = FlakeRule(settings.flake_runs, settings.flake_days)
        self.progress = progress
        self.results: dict[str, LinkResult] = {}
        self.lock = threading.Lock()
        self.run_id = store.start_run() if store else ""
        self.reached_a_server = False

    def execute(self) -> list[LinkResult]:
        to_fetch = [link for link in self.links if not self._settle_without_network(link)]
        if to_fetch and not self.client.network_is_up():
            for link in to_fetch:
                self._settle(link, _offline(link))
        else:
            _Scheduler(self.settings, self._fetch_one).run(to_fetch)
            self._recheck_network()
        return [self.results[link.url] for link in self.links]

    def _settle_without_network(self, link: Link) -> bool:
        early = self._early_result(link)
        if early is not None:
            self._settle(link, early)
            return True
        return False

    def _early_result(self, link: Link) -> LinkResult | None:
        if link.problem:
            return _result(link, LinkStatus.INVALID, f"malformed URL: {link.problem}")
        scheme = urlsplit(link.url).scheme.lower()
        if scheme not in ("http", "https"):
            return _result(link, LinkStatus.SKIPPED, f"{scheme} links are not checked")
        if self.settings.excluded(link.url):
            return _result(link, LinkStatus.SKIPPED, "excluded by configuration")
        if self.store is not None:
            cached = self.store.fresh(link.url, self.settings.cache_ttl)
            if cached is not None:
                return _from_record(link, cached)
        return None

    def _fetch_one(self, link: Link) -> None:
        try:
            self._check_one(link)
        except Exception as exc:  # a bug must cost one link its verdict, not the whole run
            self._settle(link, _result(link, LinkStatus.ERROR, f"internal error: {exc!r}"))

    def _check_one(self, link: Link) -> None:
        fetch = self.client.fetch(link.request_url)
        verdict = classify(fetch, link.titles)
        if fetch.status is not None:
            self.reached_a_server = True
        if verdict.gone and verdict.network and not self.client.network_is_up():
            self._settle(link, _offline(link))
            return
        result = LinkResult(
            url=link.url,
            status=verdict.status,
            reason=verdict.reason,
            http_status=fetch.status,
            final_url=fetch.final_url if fetch.status is not None else None,
            redirects=tuple(hop.url for hop in fetch.redirects[1:])
            + ((fetch.final_url,) if fetch.redirects else ()),
            elapsed=fetch.elapsed,
            page_title=verdict.page_title,
            cited_title=link.titles[0] if link.titles else None,
            title_match=verdict.title_match,
            checked_at=utc_now(),
        )
        if not verdict.network or verdict.gone:
            result = self._record(result, gone=verdict.gone)
        self._settle(link, result)

    def _record(self, result: LinkResult, *, gone: bool) -> LinkResult:
        """Store the result; apply the flake rule to a link that looks gone."""
        if self.store is None:
            failures = 1 if gone else 0
        else:
            self.store.record(self.run_id, _to_record(result, gone=gone))
            failures = self.store.failure_count(result.url, self.rule) if gone else 0
        if not gone:
            return result
        if failures >= self.rule.runs:
            return replace(
                result,
                status=LinkStatus.DEAD,
                failures=failures,
                reason=f"{result.reason}; failed on {failures} runs "
                f"at least {self.rule.days:g} days apart",
            )
        return replace(
            result,
            status=LinkStatus.FAILING,
            failures=failures,
            reason=f"{result.reason} (failing {failures} of {self.rule.runs}: "
            f"dead after {self.rule.runs} failed runs "
            f"{self.rule.days:g}+ days apart)",
        )

    def _recheck_network(self) -> None:
        """Network-level failures with no server reached at all: is the network down?"""
        network_failed = [
            link
            for link in self.links
            if self.results[link.url].status is LinkStatus.ERROR
            and self.results[link.url].http_status is None
        ]
        if network_failed and not self.reached_a_server and not self.client.network_is_up():
            for link in network_failed:
                self.results[link.url] = _offline(link)

    def _settle(self, link: Link, result: LinkResult) -> None:
        with self.lock:
            self.results[link.url] = result
            done = len(self.results)
        if self.progress is not None:
            self.progress(done, len(self.links), result)


def _result(link: Link, status: LinkStatus, reason: str) -> LinkResult:
    return LinkResult(
        url=link.url,
        status=status,
        reason=reason,
        cited_title=link.titles[0] if link.titles else None,
        checked_at=utc_now(),
    )


def _offline(link: Link) -> LinkResult:
    return _result(
        link,
        LinkStatus.OFFLINE,
        "this machine has no network (no well-known host resolves); not checked",
    )


_OK_TO_REUSE = frozenset(
    {LinkStatus.LIVE, LinkStatus.REDIRECTED, LinkStatus.MOVED, LinkStatus.SOFT_404}
)


def _to_record(result: LinkResult, *, gone: bool) -> CheckRecord:
    return CheckRecord(
        url=result.url,
        checked_at=(result.checked_at or utc_now()).timestamp(),
        status="failing" if gone else result.status.value,
        ok=result.status in _OK_TO_REUSE,
        http_status=result.http_status,
        final_url=result.final_url,
        page_title=result.page_title,
        redirects="\n".join(result.redirects),
        elapsed=result.elapsed,
        reason=result.reason,
    )


def _from_record(link: Link, record: CheckRecord) -> LinkResult:
    from datetime import UTC, datetime

    titles_match = _best_match(link.titles, record.page_title)
    return LinkResult(
        url=link.url,
        status=LinkStatus(record.status),
        reason=f"{record.reason} (cached result)",
        http_status=record.http_status,
        final_url=record.final_url,
        redirects=tuple(r for r in record.redirects.split("\n") if r),
        elapsed=record.elapsed or 0.0,
        page_title=record.page_title,
        cited_title=link.titles[0] if link.titles else None,
        title_match=titles_match,
        checked_at=datetime.fromtimestamp(record.checked_at, UTC),
        from_cache=True,
    )


class _Scheduler:
    """Many fetches in flight, at most ``per_host`` per host, spaced by ``host_delay``.

    Workers never wait on a busy host: the dispatcher only hands out links whose host
    has room, so one slow site cannot hold the pool while other hosts sit idle.
    """

    def __init__(self, settings: Settings, work: Callable[[Link], None]) -> None:
        self.settings = settings
        self.work = work
        self.condition = threading.Condition()
        self.active: dict[str, int] = {}
        self.next_start: dict[str, float] = {}
        self.in_flight = 0

    def run(self, links: list[Link]) -> None:
        queues: OrderedDict[str, deque[Link]] = OrderedDict()
        for link in links:
            queues.setdefault(_host_of(link.url), deque()).append(link)
        workers = max(1, min(self.settings.concurrency, len(links)))
        pool = ThreadPoolExecutor(workers, thread_name_prefix="citecheck")
        with pool, self.condition:
            while queues or self.in_flight:
                wait = self._dispatch(queues, pool, workers)
                if queues or self.in_flight:
                    self.condition.wait(timeout=wait)

    def _dispatch(
        self, queues: OrderedDict[str, deque[Link]], pool: ThreadPoolExecutor, workers: int
    ) -> float | None:
        """Start what may start now; return how long until a delayed host may start.

        Hosts are filled one request at a time first, and only then up to ``per_host``:
        spreading over idle hosts reuses one kept-alive connection per host instead of
        opening a second one (a TLS handshake) while other hosts wait.
        """
        now = time.monotonic()
        soonest: float | None = None
        for limit in range(1, self.settings.per_host + 1):
            for host in list(queues):
                queue = queues[host]
                if self.in_flight >= workers:
                    return soonest
                if self.active.get(host, 0) >= limit:
                    continue
                ready_at = self.next_start.get(host, 0.0)
                if ready_at > now:
                    soonest = ready_at - now if soonest is None else min(soonest, ready_at - now)
                    continue
                self.active[host] = self.active.get(host, 0) + 1
                self.next_start[host] = now + self.settings.host_delay
                self.in_flight += 1
                pool.submit(self._run_one, host, queue.popleft())
                if queue:
                    queues.move_to_end(host)  # hosts just served go last: short scans
                else:
                    del queues[host]
        return soonest

    def _run_one(self, host: str, link: Link) -> None:
        try:
            self.work(link)
        finally:
            with self.condition:
                self.active[host] -= 1
                self.in_flight -= 1
                self.condition.notify()


def _host_of(url: str) -> str:
    try:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').lower()}:{parts.port or parts.scheme}"
    except ValueError:
        return url
