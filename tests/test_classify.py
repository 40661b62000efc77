"""Classifying fetches into statuses (pure)."""

from __future__ import annotations

import pytest

from citecheck.classify import classify
from citecheck.client import Failure, Fetch, Hop
from citecheck.status import LinkStatus, TitleMatch

HTML = {"content-type": "text/html; charset=utf-8"}


def page(title: str) -> bytes:
    """A minimal HTML page with ``title``."""
    return f"<html><head><title>{title}</title></head><body></body></html>".encode()


def fetched(
    url: str = "https://news.example.com/2014/05/28/story.html",
    status: int = 200,
    title: str | None = None,
    final: str | None = None,
    hops: tuple[Hop, ...] = (),
    headers: dict[str, str] | None = None,
) -> Fetch:
    """A Fetch as the client would return it."""
    return Fetch(
        url,
        final or url,
        status,
        headers or dict(HTML),
        page(title) if title is not None else b"",
        redirects=hops,
    )


CITED = "美國對臺軍售之研究"
DEEP = "https://news.example.com/2014/05/28/story.html"

CASES = [
    # (what, fetch, cited titles, status, title match, content changed)
    (
        "live, same title",
        fetched(title=f"{CITED} | 新聞網"),
        [CITED],
        LinkStatus.LIVE,
        TitleMatch.SAME,
        False,
    ),
    (
        "live, other script",
        fetched(title="美国对台军售之研究_新闻网"),
        [CITED],
        LinkStatus.LIVE,
        TitleMatch.SAME_AFTER_NORMALIZATION,
        False,
    ),
    (
        "live, different page",
        fetched(title="Welcome to our new portal"),
        [CITED],
        LinkStatus.LIVE,
        TitleMatch.DIFFERENT,
        True,
    ),
    ("404", fetched(status=404), [CITED], LinkStatus.DEAD, TitleMatch.UNKNOWN, False),
    (
        "cloudflare challenge",
        fetched(
            status=403, title="Just a moment...", headers={**HTML, "cf-mitigated": "challenge"}
        ),
        [CITED],
        LinkStatus.BLOCKED,
        TitleMatch.DIFFERENT,
        False,
    ),
    (
        "datadome",
        fetched(status=503, headers={**HTML, "x-datadome": "protected"}),
        [CITED],
        LinkStatus.BLOCKED,
        TitleMatch.UNKNOWN,
        False,
    ),
    (
        "captcha with 200",
        fetched(title="安全验证"),
        [CITED],
        LinkStatus.BLOCKED,
        TitleMatch.DIFFERENT,
        False,
    ),
    (
        "not found page with 200",
        fetched(title="页面不存在"),
        [CITED],
        LinkStatus.SOFT_404,
        TitleMatch.DIFFERENT,
        False,
    ),
    (
        "russian not found",
        fetched(title="Страница не найдена"),
        ["Россия и Китай"],
        LinkStatus.SOFT_404,
        TitleMatch.DIFFERENT,
        False,
    ),
    (
        "deep link to front page",
        fetched(title="News Example", final="https://news.example.com/", hops=(Hop(DEEP, 301),)),
        [CITED],
        LinkStatus.SOFT_404,
        TitleMatch.DIFFERENT,
        False,
    ),
    (
        "redirect to /404",
        fetched(title="Oops", final="https://news.example.com/404.html", hops=(Hop(DEEP, 302),)),
        [CITED],
        LinkStatus.SOFT_404,
        TitleMatch.DIFFERENT,
        False,
    ),
    (
        "redirect to login",
        fetched(
            title="Sign in", final="https://news.example.com/login?next=x", hops=(Hop(DEEP, 302),)
        ),
        [CITED],
        LinkStatus.SOFT_404,
        TitleMatch.DIFFERENT,
        False,
    ),
    (
        "http to https",
        fetched(
            url="http://news.example.com/a/b",
            final="https://www.news.example.com/a/b/",
            title=CITED,
            hops=(Hop("http://news.example.com/a/b", 301),),
        ),
        [CITED],
        LinkStatus.REDIRECTED,
        TitleMatch.SAME,
        False,
    ),
    (
        "moved, same work",
        fetched(
            final="https://archive.news.example.com/story-123", title=CITED, hops=(Hop(DEEP, 301),)
        ),
        [CITED],
        LinkStatus.MOVED,
        TitleMatch.SAME,
        False,
    ),
    (
        "moved, replaced",
        fetched(
            final="https://news.example.com/topics/politics/latest",
            title="Latest politics",
            hops=(Hop(DEEP, 308),),
        ),
        [CITED],
        LinkStatus.MOVED,
        TitleMatch.DIFFERENT,
        True,
    ),
    (
        "temporary redirect",
        fetched(
            final="https://cdn.news.example.com/x/y/story", title=CITED, hops=(Hop(DEEP, 302),)
        ),
        [CITED],
        LinkStatus.LIVE,
        TitleMatch.SAME,
        False,
    ),
    (
        "parked domain",
        fetched(url="http://www.oilforum.ru/", title="oilforum.ru is for sale"),
        ["Oilforum"],
        LinkStatus.SOFT_404,
        TitleMatch.PARTIAL,
        False,
    ),
    (
        "site root now something else",
        fetched(url="http://www.crs.gov/", title="Casino Royale"),
        ["Congressional Research Service"],
        LinkStatus.LIVE,
        TitleMatch.DIFFERENT,
        True,
    ),
    ("server error", fetched(status=500), [CITED], LinkStatus.ERROR, TitleMatch.UNKNOWN, False),
    (
        "pdf",
        Fetch(DEEP, DEEP, 200, {"content-type": "application/pdf"}),
        [CITED],
        LinkStatus.LIVE,
        TitleMatch.UNKNOWN,
        False,
    ),
]


@pytest.mark.parametrize(
    ("fetch", "titles", "status", "match", "changed"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_classify(
    fetch: Fetch, titles: list[str], status: LinkStatus, match: TitleMatch, changed: bool
) -> None:
    """Each real-world answer shape gets its status and title match."""
    verdict = classify(fetch, titles)
    assert (verdict.status, verdict.title_match) == (status, match), verdict.reason
    assert (match is TitleMatch.DIFFERENT and status.is_ok) == changed
    assert verdict.reason


@pytest.mark.parametrize(
    ("failure", "status", "gone"),
    [
        (Failure.NXDOMAIN, LinkStatus.DEAD, True),
        (Failure.TIMEOUT, LinkStatus.TIMEOUT, False),
        (Failure.TLS, LinkStatus.ERROR, False),
        (Failure.REFUSED, LinkStatus.ERROR, False),
        (Failure.REDIRECT_LOOP, LinkStatus.ERROR, False),
        (Failure.INVALID_URL, LinkStatus.INVALID, False),
        (Failure.DNS_TEMPORARY, LinkStatus.ERROR, False),
    ],
)
def test_failures(failure: Failure, status: LinkStatus, gone: bool) -> None:
    """Failures without a response map to statuses; only NXDOMAIN counts as gone."""
    verdict = classify(Fetch(DEEP, DEEP, failure=failure, detail="why"))
    assert (verdict.status, verdict.gone) == (status, gone)


def test_a_huge_title_gives_a_short_one_line_reason() -> None:
    """A 1 MB title that differs from the cited one: the reason stays one short line."""
    body = b"<title>" + b"Other text\n" * 100_000 + b"</title>"
    fetch = Fetch(DEEP, DEEP, 200, dict(HTML), body)
    verdict = classify(fetch, [CITED])
    assert verdict.title_match is TitleMatch.DIFFERENT
    assert verdict.page_title is not None
    assert len(verdict.page_title) <= 300
    assert len(verdict.reason) <= 200
    assert "\n" not in verdict.reason
    assert verdict.reason.startswith("HTTP 200; content changed: the page is now titled 'Other")


def test_a_long_failure_detail_is_cut_to_one_line() -> None:
    """A failure whose detail runs over lines and hundreds of characters is one line."""
    detail = "refused\n" + "x" * 5000
    verdict = classify(Fetch(DEEP, DEEP, failure=Failure.REFUSED, detail=detail))
    assert verdict.reason.startswith("refused xxx")
    assert len(verdict.reason) <= 200
