"""Check a set of cited links: the connectivity probe, the state, polite concurrency.

``check_links`` runs a whole set of links: fresh results reused from the state, every
result recorded as it arrives, the flake rule, and many requests in flight with at most a
few per host. What one fetch means is ``classify.py``'s (pure) job.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from urllib.parse import urlsplit

from citecheck.classify import best_match, classify
from citecheck.client import Client, utc_now
from citecheck.config import Settings
from citecheck.links import Link
from citecheck.status import LinkResult, LinkStatus
from citecheck.store import CheckRecord, FlakeRule, Store

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

    titles_match = best_match(link.titles, record.page_title)
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
