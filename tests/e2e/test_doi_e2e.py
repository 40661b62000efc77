"""DOIs end to end: the real CLI against a fake doi.org, Crossref and DataCite.

The paper (tests/data/doi-paper.md) cites DOIs in every written form, in English and
Chinese notes, and each case the registries must tell apart: a Traditional-script title
against a Simplified record, a typo, another paper's DOI, a retraction (from Retraction
Watch), an expression of concern, a correction only, a DataCite DOI, a publisher that
answers bots 403, and three DOI-less articles (two with one strong match, one whose best
match is another paper).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clirun import cli
from fakedoi import FakeDoi, Work, update
from simweb import SimWeb

PAPER = Path(__file__).resolve().parent.parent / "data" / "doi-paper.md"
MAILTO = "editor@example.org"
PUBLISHER = "https://www.publisher-with-bot-wall.com/article/S0140673613612345"


def register(fake: FakeDoi) -> None:
    """The registries' side of the paper: what each DOI is registered as."""
    crossref = [
        (
            "10.5555/jpr.2014.001",
            "Power Transition and War",
            2014,
            [("John", "Smith")],
            "Journal of Peace Research",
        ),
        (
            "10.5555/io.2014.002",
            "The Logic of Alliances",
            2014,
            [("Anna", "Berg")],
            "International Organization",
        ),
        (
            "10.5555/as.2014.003",
            "Hedging in Southeast Asia",
            2014,
            [("Peter", "Lee")],
            "Asian Survey",
        ),
        (
            "10.5555/isq.2014.004",
            "Trade and Conflict",
            2014,
            [("Maria", "Costa")],
            "International Studies Quarterly",
        ),
        ("10.5555/gjzz.2014.005", "东亚安全架构", 2014, [("明", "李")], "国际政治研究"),
        ("10.5555/wtyyj.2014.006", "兩岸關係的未來", 2014, [("", "林宗達")], "問題與研究"),
        # a Simplified record of a title cited in Traditional script
        ("10.5555/zgdlyj.2014.008", "中国崛起与权力转移", 2014, [("玉山", "吴")], "中国大陆研究"),
        # the typo of note 9 (…0099) is not registered; this is the real DOI
        (
            "10.5555/ss.2014.009",
            "Deterrence Revisited",
            2014,
            [("Tom", "Novak")],
            "Security Studies",
        ),
        # note 10 copied the DOI of this other paper
        (
            "10.5555/pa.2014.010",
            "Climate Finance in Africa",
            2019,
            [("Chidi", "Okafor")],
            "Energy Policy",
        ),
        (
            "10.5555/wp.2014.015",
            "Arms Races and Uncertainty",
            2014,
            [("Emma", "Reyes")],
            "World Politics",
        ),
        # DOI-less notes 16 and 17 have one strong match each; note 18's best is another paper
        (
            "10.5555/is.2014.016",
            "Alliance Politics in East Asia",
            2014,
            [("Mary", "Major")],
            "International Security",
        ),
        (
            "10.5555/surv.2014.017",
            "Nuclear Proliferation after the Cold War",
            2014,
            [("David", "Ong")],
            "Survival",
        ),
        (
            "10.5555/cs.2015.900",
            "Energy Security in China",
            2015,
            [("Wei", "Zhang")],
            "China Quarterly",
        ),
    ]
    for doi, title, year, authors, container in crossref:
        fake.add(
            Work(
                doi,
                "Crossref",
                title,
                year,
                authors,
                container,
                landing=f"https://pub.example.com/{doi}",
            )
        )
    fake.add(
        Work(
            "10.1016/S0140-6736(13)61234-5",
            "Crossref",
            "Global Health and Security",
            2014,
            [("Richard", "Horton")],
            "The Lancet",
            landing=PUBLISHER,
        )
    )
    fake.add(
        Work(
            "10.5555/sci.2011.011",
            "Crossref",
            "Coping with Chaos: Stereotyping and Discrimination",
            2011,
            [("Diederik", "Stapel")],
            "Science",
            updated_by=[
                update(
                    "retraction", "10.5555/sci.2011.retraction", (2011, 12, 2), "retraction-watch"
                )
            ],
        )
    )
    fake.add(
        Work(
            "10.5555/jcr.2014.012",
            "Crossref",
            "Sanctions and Compliance",
            2014,
            [("Ivan", "Petrov")],
            "Journal of Conflict Resolution",
            updated_by=[
                update("expression_of_concern", "10.5555/jcr.2014.eoc", (2016, 5, 1), "publisher")
            ],
        )
    )
    fake.add(
        Work(
            "10.5555/psq.2014.013",
            "Crossref",
            "Public Opinion and Foreign Policy",
            2014,
            [("Sara", "Kim")],
            "Political Science Quarterly",
            updated_by=[
                update("correction", "10.5555/psq.2014.erratum", (2015, 1, 10), "publisher")
            ],
        )
    )
    fake.add(
        Work(
            "10.5281/zenodo.14014",
            "DataCite",
            "Conflict Events Dataset",
            2014,
            [("Jonas", "Weber")],
            None,
            landing="https://zenodo.example.org/record/14014",
            kind="dataset",
        )
    )


@pytest.fixture
def registries(web: SimWeb) -> FakeDoi:
    """The fake registries, and a publisher that answers bots with a 403 challenge."""
    fake = FakeDoi(web)
    register(fake)
    web.html(PUBLISHER, "Just a moment...", status=403, headers={"cf-mitigated": "challenge"})
    return fake


def verify(tmp_path: Path, *extra: str) -> Any:
    return cli(
        "verify",
        str(PAPER),
        "-f",
        "json",
        "--state",
        str(tmp_path / "state.db"),
        "--retries",
        "0",
        *extra,
    )


EXPECTED = {
    "10.5555/jpr.2014.001": "ok",  # https://doi.org/
    "10.5555/io.2014.002": "ok",  # http://dx.doi.org/
    "10.5555/as.2014.003": "ok",  # doi:
    "10.5555/isq.2014.004": "ok",  # DOI:
    "10.5555/gjzz.2014.005": "ok",  # bare, in a Simplified Chinese note
    "10.5555/wtyyj.2014.006": "ok",  # DOI： after a Taiwanese note's full stop
    "10.1016/S0140-6736(13)61234-5": "ok",  # parenthesised suffix, then a period; 403 publisher
    "10.5555/zgdlyj.2014.008": "ok",  # Traditional title, Simplified record
    "10.5555/ss.2014.0099": "not_found",  # typo
    "10.5555/pa.2014.010": "mismatch",  # another paper's DOI
    "10.5555/sci.2011.011": "ok",  # registered to the work, but retracted
    "10.5555/jcr.2014.012": "ok",  # expression of concern
    "10.5555/psq.2014.013": "ok",  # correction only
    "10.5281/zenodo.14014": "ok",  # DataCite, unknown to Crossref
    "10.5555/wp.2014.015": "ok",
}


def test_every_doi_gets_its_verdict(registries: FakeDoi, web: SimWeb, tmp_path: Path) -> None:
    """Each DOI's status, notices and suggestions as written by hand for the paper."""
    run = verify(tmp_path, "--mailto", MAILTO)
    assert run.code == 1, run.stderr
    report = run.json()
    dois = {d["doi"]: d for d in report["dois"] if d["doi"]}
    assert {doi: d["status"] for doi, d in dois.items()} == EXPECTED
    # no DOI keeps trailing punctuation, and none is a link to check
    assert all(not doi.endswith((".", "。", ",", ")", ">")) for doi in dois)
    assert report["links"] == []
    assert web.count("www.publisher-with-bot-wall.com") == 0
    # which fields differ for the copied DOI
    assert dois["10.5555/pa.2014.010"]["differences"] == ["title", "year", "author", "container"]
    assert dois["10.5555/pa.2014.010"]["broken"] is True
    assert dois["10.5555/pa.2014.010"]["registered"]["title"] == "Climate Finance in Africa"
    assert dois["10.5555/ss.2014.0099"]["broken"] is True
    # notices: retraction from Retraction Watch and EoC fail; a correction does not
    retraction = dois["10.5555/sci.2011.011"]["notices"]
    assert retraction == [
        {
            "type": "retraction",
            "doi": "10.5555/sci.2011.retraction",
            "date": "2011-12-02",
            "source": "retraction-watch",
            "label": "Retraction",
            "fails": True,
        }
    ]
    assert dois["10.5555/sci.2011.011"]["broken"] is True
    assert dois["10.5555/jcr.2014.012"]["notices"][0]["type"] == "expression_of_concern"
    assert dois["10.5555/jcr.2014.012"]["broken"] is True
    assert dois["10.5555/psq.2014.013"]["notices"][0]["type"] == "correction"
    assert dois["10.5555/psq.2014.013"]["broken"] is False
    # DataCite and the Simplified record
    assert dois["10.5281/zenodo.14014"]["registered"]["agency"] == "datacite"
    assert dois["10.5555/zgdlyj.2014.008"]["differences"] == []
    # suggestions: the two strong matches, nothing for the third
    suggested = {d["footnotes"][0]: d["suggested_doi"] for d in report["dois"] if d["doi"] is None}
    assert suggested == {16: "10.5555/is.2014.016", 17: "10.5555/surv.2014.017"}
    # politeness: no 429 provoked, the contact address on every Crossref call
    assert registries.too_many == 0
    crossref_calls = [c for c in registries.calls if c.service in ("crossref", "search")]
    assert crossref_calls
    assert all(c.query.get("mailto") == MAILTO for c in crossref_calls)
    assert registries.count("datacite") == 1


def test_a_warm_rerun_makes_no_crossref_calls(registries: FakeDoi, tmp_path: Path) -> None:
    """The second run answers every DOI and suggestion from the state."""
    first = verify(tmp_path)
    before = registries.count("crossref") + registries.count("search")
    second = verify(tmp_path)
    assert before > 0
    assert registries.count("crossref") + registries.count("search") == before
    assert [d["status"] for d in second.json()["dois"]] == [
        d["status"] for d in first.json()["dois"]
    ]


def test_offline_no_doi_is_not_found(registries: FakeDoi, web: SimWeb, tmp_path: Path) -> None:
    """With the network down every DOI is unknown and the run says offline (exit 3)."""
    web.offline = True
    run = verify(tmp_path)
    assert run.code == 3
    statuses = {d["status"] for d in run.json()["dois"]}
    assert statuses == {"unknown"}


def test_an_agency_down_is_unknown_not_not_found(registries: FakeDoi, tmp_path: Path) -> None:
    """Crossref answering 503: its DOIs are unknown, never not_found."""
    registries.down.add("crossref")
    report = verify(tmp_path).json()
    dois = {d["doi"]: d["status"] for d in report["dois"] if d["doi"]}
    assert dois["10.5555/jpr.2014.001"] == "unknown"
    assert dois["10.5555/ss.2014.0099"] == "not_found"  # the DOI system itself says so
    assert dois["10.5281/zenodo.14014"] == "ok"


def test_a_correction_alone_passes_unless_configured(registries: FakeDoi, tmp_path: Path) -> None:
    """A paper whose only flagged DOI is corrected exits 0; fail_on_correction makes it 1."""
    paper = tmp_path / "corrected.md"
    lines = PAPER.read_text("utf-8").splitlines()
    note = next(line for line in lines if line.startswith("<sup>13</sup>"))
    paper.write_text("Claim.<sup>13</sup>\n\n" + note + "\n", encoding="utf-8")
    state = str(tmp_path / "s.db")
    assert cli("verify", str(paper), "--state", state, "--no-archive").code == 0
    config = tmp_path / "citecheck.toml"
    config.write_text("fail_on_correction = true\n", encoding="utf-8")
    run = cli("verify", str(paper), "--state", state, "--config", str(config), "-f", "json")
    assert run.code == 1
    assert run.json()["dois"][0]["notices"][0]["fails"] is True


def test_reports_put_retractions_first(registries: FakeDoi, tmp_path: Path) -> None:
    """Markdown (the job summary) opens with the retracted and flagged works; GitHub
    annotations give errors at their lines."""
    markdown = verify(tmp_path, "-f", "markdown").stdout
    assert markdown.index("Retracted or flagged works cited") < markdown.index("### ")
    assert "10.5555/sci.2011.011 (footnote 11): retraction 10.5555/sci.2011.retraction" in markdown
    github = cli("verify", str(PAPER), "-f", "github", "--state", str(tmp_path / "state.db")).stdout
    first = github.splitlines()[0]
    assert first.startswith("::error file=")
    assert "retraction" in first
    assert any("line=" in line and "mismatch" in line for line in github.splitlines())
    text = cli("verify", str(PAPER), "--state", str(tmp_path / "state.db")).stdout
    assert "not_found" in text
    assert "10.5555/ss.2014.0099" in text


def test_fix_add_doi_writes_the_suggested_dois_only(registries: FakeDoi, tmp_path: Path) -> None:
    """``fix --add-doi --write`` puts each suggestion before its note's full stop; the
    note whose best match is another paper is left alone; the parser reads them back."""
    paper = tmp_path / "paper.md"
    paper.write_text(PAPER.read_text("utf-8"), encoding="utf-8")
    state = str(tmp_path / "s.db")
    dry = cli("fix", str(paper), "--add-doi", "--state", state)
    assert "+<sup>16</sup> Mary Major" in dry.stdout
    assert paper.read_text("utf-8") == PAPER.read_text("utf-8")
    run = cli("fix", str(paper), "--add-doi", "--write", "--state", state)
    assert run.code == 0, run.stderr
    lines = paper.read_text("utf-8").splitlines()
    note = {
        int(line[5:7]): line for line in lines if line.startswith(("<sup>16", "<sup>17", "<sup>18"))
    }
    assert note[16].endswith("(2014): 7-47, https://doi.org/10.5555/is.2014.016.")
    assert note[17].endswith("(2014): 91-110, https://doi.org/10.5555/surv.2014.017.")
    assert note[18].endswith("(2014): 600-620.")
    reparsed = cli("parse", str(paper), "-f", "json").json()
    dois = {n["number"]: n["citations"][0].get("DOI") for n in reparsed["footnotes"]}
    assert (dois[16], dois[17], dois[18]) == ("10.5555/is.2014.016", "10.5555/surv.2014.017", None)
