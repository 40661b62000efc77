"""The sample paper's 44 cited URLs on a simulated web where time has passed.

Each row sets up one site the way such sites really behave a decade on (moved to
https, merged into an archive domain, gone from DNS, behind a bot wall, serving GBK or
Big5 without a header charset, redirecting deep links to the front page) and states
the status citecheck must report. Run through the real CLI, twice: the second run
reuses fresh results from the state.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from citecheck.api import parse
from citecheck.links import collect_links
from clirun import cli
from simweb import SimHandler, SimWeb

PAPER = Path(__file__).resolve().parents[2] / "references" / "guo-huang-2014.md"

Setup = Callable[[SimWeb, str, str], None]


def live(suffix: str = "") -> Setup:
    """The page as cited, its title followed by a site name."""
    return lambda web, url, title: web.html(url, title + suffix)


def live_in(title: str, encoding: str, declare: str) -> Setup:
    """The page in a legacy encoding, its charset declared in the header, a meta, or nowhere."""
    return lambda web, url, _: web.html(url, title, encoding=encoding, declare=declare)  # type: ignore[arg-type]


def status(code: int, headers: dict[str, str] | None = None, title: str = "") -> Setup:
    """An HTTP error status (with optional headers and page)."""
    body = f"<html><head><title>{title}</title></head></html>" if title else ""
    return lambda web, url, _: web.page(url, body, status=code, headers=headers)


def redirect_to(target: str, code: int = 301, title: str | None = None) -> Setup:
    """A redirect to ``target``, which serves ``title`` (the cited title when None)."""

    def setup(web: SimWeb, url: str, cited: str) -> None:
        web.redirect(url, target, status=code)
        web.html(target, cited if title is None else title)

    return setup


def same_path(
    scheme: str = "https", host: str | None = None, title: str | None = None, code: int = 301
) -> Setup:
    """A redirect to the same path on another scheme or host."""

    def setup(web: SimWeb, url: str, cited: str) -> None:
        rest = url.split("://", 1)[1]
        path = rest[rest.index("/") :] if "/" in rest else "/"
        target = f"{scheme}://{host or rest.split('/', 1)[0]}{path}"
        web.redirect(url, target, status=code)
        web.html(target, cited if title is None else title)

    return setup


def gone(web: SimWeb, url: str, _: str) -> None:
    """The host name no longer exists."""
    web.nxdomain(url.split("/")[2])


def rate_limited_once(web: SimWeb, url: str, cited: str) -> None:
    """429 with Retry-After on the first request, the page on the next."""
    calls = []

    def answer(handler: SimHandler) -> None:
        calls.append(1)
        if len(calls) == 1:
            handler.send(429, b"slow down", {"Retry-After": "1"})
        else:
            page = f"<html><head><title>{cited}</title></head></html>".encode()
            handler.send(200, page, {"Content-Type": "text/html; charset=utf-8"})

    web.handler(url, answer)


CF = {"cf-mitigated": "challenge", "Server": "cloudflare"}
SCENARIOS: dict[str, tuple[Setup, str, str]] = {
    # url: (setup, expected status, expected title match)
    "http://www.whitehouse.gov/blog/2014/05/28/america-must-always-lead-president-obama-addresses-west-point-graduates": (
        same_path(host="obamawhitehouse.archives.gov"),
        "moved",
        "same",
    ),
    "http://www.reuters.com/article/2014/08/03/us-ukraine-crisis-obama-idUSKBN0G30Q920140803": (
        same_path(
            title="Obama: Russia doesn't make anything, West must be firm with China | Reuters"
        ),
        "redirected",
        "same",
    ),
    "http://www.gov.cn/node_11140/2006-03/15/content_227686.htm": (
        live_in("更好地实施走出去战略_中国政府网", "gbk", "meta"),
        "live",
        "same_after_normalization",
    ),
    "http://www.foreignpolicy.com/articles/2011/10/11/americas_pacific_century": (
        redirect_to("https://foreignpolicy.com/", title="Foreign Policy"),
        "soft_404",
        "different",
    ),
    "http://www.ustr.gov/about-us/press-office/press-releases/2014/September/TPP-Negotiators-Make-Important-Progress-on-Agreement": (
        status(404),
        "failing",
        "unknown",
    ),
    "http://breakingdefense.com/2014/06/the-new-great-power-triangle-tilt-china-russia-vs-u-s/": (
        live(" - Breaking Defense"),
        "live",
        "same",
    ),
    "http://www.theguardian.com/world/2014/jun/18/julie-bishop-backs-us-as-key-ally-and-superpower-despite-chinas-rise": (
        same_path(),
        "redirected",
        "same",
    ),
    "http://www.foreignpolicy.com/articles/2014/07/03/we_re_no_1_and_we_re_going_to_stay_that_way_american_decline": (
        status(403, CF, "Just a moment..."),
        "blocked",
        "different",
    ),
    "http://cn.nytimes.com/world/20140904/c04assess/": (
        live_in("美国外交政策正面临三大地域考验 - 纽约时报中文网", "utf-8", "header"),
        "live",
        "same_after_normalization",
    ),
    "http://finance.sina.com.cn/review/hgds/20121114/095213670673.shtml": (
        live_in("人民币国际化初步实现需要30年_新浪财经", "gb18030", "none"),
        "live",
        "same_after_normalization",
    ),
    "http://www.crs.gov": (
        live_in("Congressional Research Service | Library of Congress", "utf-8", "header"),
        "live",
        "partial",
    ),  # the cited site root still is the report's publisher
    "http://www.oilforum.ru/":  # a cited site root, now a parked domain
    (live_in("oilforum.ru is for sale | HugeDomains", "utf-8", "header"), "soft_404", "partial"),
    "http://rt.com/politics/official-word/putin-apec-article-summit-493/": (
        same_path(host="www.rt.com"),
        "redirected",
        "same",
    ),
    "http://www.mid.ru/brp_4.nsf/0/240B78C5F181088344257B040030FE8F": (
        status(502),
        "error",
        "unknown",
    ),
    "http://www.kremlin.ru/transcripts/8234": (rate_limited_once, "live", "same"),
    "http://www.theguardian.com/world/shortcuts/2014/feb/18/brief-primer-vladimir-putin-eurasian-union-trade": (
        live(" | World news | The Guardian"),
        "live",
        "same",
    ),
    "http://big5.rusnews.cn/xinwentoushi/20140820/44143115.html": (
        live_in("西伯利亞力量—俄中雙贏合作的又一典範", "big5", "meta"),
        "live",
        "same",
    ),
    "http://www.sakhalinenergy.ru/en/media-centre/press_releases/item.wbp?article_id=ecb1f000-a21b-46b5-aa02-0afaf7895236&date=17%20March%202014": (
        live(),
        "live",
        "same",
    ),
    "http://big5.xinhuanet.com/gate/big5/news.xinhuanet.com/world/2014-05/20/c_1110779099.htm": (
        live_in("習近平：把「中俄」全面戰略協作夥伴關係推向更高水準", "big5", "none"),
        "live",
        "same",
    ),
    "http://opinion.huanqiu.com/editorial/2014-03/4878080.html": (
        live_in("页面不存在", "utf-8", "header"),
        "soft_404",
        "different",
    ),
    "http://www.km.ru/world/2014/05/19/vladimir-putin/740321-politicheskii-soyuz-rossii-i-kitaya-neizbezhen-potomu-chtovy": (
        status(404),
        "failing",
        "unknown",
    ),
    "http://www.mfa.gov.cn/mfa_chn/fyrbt_602243/jzhsl_602247/t1148378.shtml": (
        live_in("外交部发言人华春莹主持例行记者会", "utf-8", "meta"),
        "live",
        "same_after_normalization",
    ),
    "http://en.itar-tass.com/russia/728399": (
        redirect_to("https://tass.com/russia/728399"),
        "moved",
        "same",
    ),
    "http://rt.com/politics/official-word/putin-russia-changing-world-263/": (
        live(" — RT Russian politics"),
        "live",
        "same",
    ),
    "http://www.riss.ru/analitika/3195#VCKDsvmSzxV": (live(), "live", "same"),
    "http://kapital-rus.ru/articles/article/250218/": (
        live_in(
            "Разворот на Восток. Что Россия получит от Китая после визита Путина в Шанхай?",
            "cp1251",
            "meta",
        ),
        "live",
        "same",
    ),
    "http://www.vestikavkaza.ru/articles/Vizit-Putina-v-Kitay-%E2%80%93-shag-k-dvupolyarnomu-miru.html": (
        live_in("Визит Путина в Китай – шаг к двуполярному миру", "cp1251", "none"),
        "live",
        "partial",
    ),
    "http://www.km.ru/world/2014/05/19/vladimir-putin/740321-politicheskii-soyuz-rossii-i-kitaya-neizbezhen-potomu-cto-hto-vy": (
        status(410),
        "failing",
        "unknown",
    ),
    "http://radiovr.com.cn/news/2014_05_21/272608701": (gone, "failing", "unknown"),
    "http://paper.wenweipo.com/2014/05/20/CH1405200014.htm": (
        redirect_to("http://paper.wenweipo.com/login.php?ref=CH1405200014", 302, "會員登入"),
        "soft_404",
        "different",
    ),
    "http://mil.news.sina.com.cn/2014-04-15/1407774084.html": (
        status(404, title="页面没有找到"),
        "failing",
        "different",
    ),
    "http://polit.ru/article/2014/09/13/china/": (live(" — Полит.ру"), "live", "same"),
    "http://cn.nhandan.com.vn/mobile/newest/item/2089901.html": (
        redirect_to("http://cn.nhandan.com.vn/404.html", 302, "Error"),
        "soft_404",
        "different",
    ),
    "http://radiovr.com.cn/news/2014_06_18/273658154/": (gone, "failing", "unknown"),
    "http://washington.cbslocal.com/2014/05/23/us-plays-down-warming-russia-china-relationships/": (
        redirect_to("https://www.cbsnews.com/baltimore/", title="CBS Baltimore"),
        "soft_404",
        "different",
    ),
    "http://tchina.kyodonews.jp/news/2014/09/83192.html": (live(" | 共同网"), "live", "same"),
    "http://radiovr.com.cn/2014_05_21/272617505/": (gone, "failing", "unknown"),
    "http://www.cna.com.tw/news/aopl/201409040036-1.aspx": (
        same_path(host="www.cna.com.tw"),
        "redirected",
        "same",
    ),
    "http://www.cna.com.tw/news/acn/201407150028-1.aspx": (
        live_in("中央社 CNA 即時新聞", "utf-8", "header"),
        "live",
        "different",
    ),
    "http://en.itar-tass.com/economy/750855": (
        redirect_to("https://tass.com/economy/750855", 308),
        "moved",
        "same",
    ),
    "http://www.chinatimes.com/newspapers/20140928000712-260301": (
        status(403, {"x-datadome": "protected"}),
        "blocked",
        "unknown",
    ),
    "http://www.foxnews.com/opinion/2014/09/10/russia-china-axis-and-its-threat-to-west/": (
        live(" | Fox News"),
        "live",
        "same",
    ),
    "http://thediplomat.com/2014/07/the-geopolitics-of-sino-russian-rapprochement/": (
        same_path(),
        "redirected",
        "same",
    ),
    "http://online.wsj.com/news/articles/SB10001424052702304908304579563930004679204": (
        live(" - WSJ"),
        "live",
        "same",
    ),
}


@pytest.fixture
def sample_web(web: SimWeb) -> SimWeb:
    """The simulated web serving every cited URL of the sample paper per SCENARIOS."""
    links = collect_links([parse(PAPER)])
    assert sorted(link.url for link in links) == sorted(SCENARIOS)
    for link in links:
        setup, _, _ = SCENARIOS[link.url]
        setup(web, link.url, link.titles[0])
    return web


def test_every_link_gets_its_status_and_title_match(sample_web: SimWeb, tmp_path: Path) -> None:
    """Statuses and title matches of all 44 links; broken ones make the exit code 1."""
    state = tmp_path / "state.sqlite3"
    result = cli(
        "verify",
        str(PAPER),
        "--format",
        "json",
        "--state",
        str(state),
        "--retries",
        "1",
        "--timeout",
        "10",
        "--no-archive",
    )
    assert result.code == 1, result.stderr
    links = {link["url"]: link for link in result.json()["links"]}
    got = {url: (link["status"], link["title_match"]) for url, link in links.items()}
    expected = {url: (status, match) for url, (_, status, match) in SCENARIOS.items()}
    assert got == expected
    assert links[
        "http://www.whitehouse.gov/blog/2014/05/28/america-must-always-lead-president-obama-addresses-west-point-graduates"
    ]["footnotes"] == [1, 14]
    assert sample_web.count("www.kremlin.ru") == 2  # the 429 was retried once


def test_warm_rerun_sends_requests_only_for_unsettled_links(
    sample_web: SimWeb, tmp_path: Path
) -> None:
    """A second run within the TTL reuses every successful result from the state."""
    state = tmp_path / "state.sqlite3"
    args = (
        "verify",
        str(PAPER),
        "--format",
        "json",
        "--state",
        str(state),
        "--retries",
        "0",
        "--timeout",
        "10",
        "--no-archive",
    )
    first = cli(*args).json()["links"]
    reusable = {
        link["url"]
        for link in first
        if link["status"] in ("live", "redirected", "moved", "soft_404")
    }
    sample_web.reset_stats()
    second = cli(*args).json()["links"]
    asked = {path for _, _, path in sample_web.requests}
    assert all(
        link["reason"].endswith("(cached result)") for link in second if link["url"] in reusable
    )
    assert len(sample_web.requests) < len(first) - len(reusable) + 10
    assert not any(url.split("/", 3)[-1] in asked for url in reusable if "#" not in url)
