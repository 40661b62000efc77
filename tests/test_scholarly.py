"""The DOI registries adapter (responses-faked HTTP) and the matching rules."""

from __future__ import annotations

import json

import pytest
import responses

from citecheck.client import Client
from citecheck.config import Settings
from citecheck.doicheck import CitedWork, best_suggestion, compare, verdict
from citecheck.scholarly import (
    Candidate,
    Outcome,
    RateGate,
    Registry,
    crossref_notices,
    crossref_record,
    datacite_record,
)
from citecheck.status import DoiStatus, NoticeKind, RegisteredWork

DOI = "10.5555/abc.1"
WORK = {
    "DOI": DOI,
    "type": "journal-article",
    "title": ["Power Transition"],
    "subtitle": ["Theory and Evidence"],
    "issued": {"date-parts": [[2014, 5]]},
    "author": [{"given": "玉山", "family": "吳"}, {"given": "John", "family": "Smith"}],
    "container-title": ["Journal of Peace Research"],
    "updated-by": [
        {
            "updated": {"date-parts": [[2020, 1, 2]]},
            "DOI": "10.5555/notice.1",
            "type": "retraction",
            "source": "retraction-watch",
            "label": "Retraction",
        },
        {"updated": {"date-parts": [[2019, 3]]}, "DOI": "10.5555/new", "type": "new_version"},
    ],
}


def client() -> Client:
    return Client(Settings(retries=0, probe_hosts=()))


def test_a_crossref_work_is_read_from_its_message() -> None:
    """Title with subtitle, year from issued, CJK author whole, container, notices."""
    record = crossref_record(WORK, DOI)
    assert record.title == "Power Transition: Theory and Evidence"
    assert record.year == 2014
    assert record.authors == ("吳玉山", "John Smith")
    assert record.families == ("吳玉山", "Smith")
    assert record.container == "Journal of Peace Research"
    assert [(n.kind, n.doi, n.date, n.source) for n in record.notices] == [
        (NoticeKind.RETRACTION, "10.5555/notice.1", "2020-01-02", "retraction-watch")
    ]


def test_update_types_are_grouped_and_others_ignored() -> None:
    """erratum is a correction, removal a withdrawal; new_version is no notice."""
    message = {
        "updated-by": [
            {"type": "erratum", "DOI": "10.1/e", "updated": {"date-parts": [[2015, 1, 1]]}},
            {"type": "removal", "DOI": "10.1/r", "updated": {"date-parts": [[2016]]}},
            {"type": "expression_of_concern", "DOI": "10.1/c"},
            {"type": "addendum", "DOI": "10.1/a"},
        ]
    }
    kinds = {n.doi: n.kind for n in crossref_notices(message)}
    assert kinds == {
        "10.1/e": NoticeKind.CORRECTION,
        "10.1/r": NoticeKind.WITHDRAWAL,
        "10.1/c": NoticeKind.EXPRESSION_OF_CONCERN,
    }


def test_a_datacite_record_is_read_from_json_api_attributes() -> None:
    """titles[0].title, creators' family names, publicationYear."""
    record = datacite_record(
        {
            "doi": "10.5281/zenodo.1",
            "titles": [{"title": "Dataset"}, {"title": "Sub", "titleType": "Subtitle"}],
            "creators": [{"name": "Weber, Jonas", "givenName": "Jonas", "familyName": "Weber"}],
            "publicationYear": 2014,
            "types": {"resourceTypeGeneral": "Dataset"},
        },
        "10.5281/zenodo.1",
    )
    assert (record.title, record.year, record.families, record.type) == (
        "Dataset",
        2014,
        ("Weber",),
        "Dataset",
    )


@responses.activate
def test_a_crossref_doi_is_looked_up_with_the_contact_address() -> None:
    """RA lookup, then Crossref's /works with mailto; the record is found."""
    responses.get(f"https://doi.org/ra/{DOI}", json=[{"DOI": DOI, "RA": "Crossref"}])
    works = responses.get(
        f"https://api.crossref.org/works/{DOI}",
        json={"status": "ok", "message-type": "work", "message": WORK},
        headers={"X-Rate-Limit-Limit": "10", "X-Rate-Limit-Interval": "1s"},
    )
    registry = Registry(client(), mailto="me@example.org")
    lookup = registry.lookup(DOI)
    assert lookup.outcome is Outcome.FOUND
    assert lookup.record is not None
    assert lookup.record.title == "Power Transition: Theory and Evidence"
    assert works.call_count == 1
    assert "mailto=me%40example.org" in (responses.calls[1].request.url or "")
    assert registry.crossref_calls == 1


@responses.activate
def test_a_doi_that_does_not_exist_asks_no_agency() -> None:
    """The DOI system's "DOI does not exist" is not_found; Crossref is never asked."""
    responses.get(f"https://doi.org/ra/{DOI}", json=[{"DOI": DOI, "status": "DOI does not exist"}])
    lookup = Registry(client()).lookup(DOI)
    assert lookup.outcome is Outcome.NOT_FOUND
    assert len(responses.calls) == 1


@responses.activate
def test_the_handle_api_answers_when_the_agency_lookup_cannot() -> None:
    """RA lookup down: the handle API's responseCode 100 (HTTP 404) is not_found."""
    responses.get(f"https://doi.org/ra/{DOI}", status=503)
    responses.get(
        f"https://doi.org/api/handles/{DOI}", status=404, json={"responseCode": 100, "handle": DOI}
    )
    assert Registry(client()).lookup(DOI).outcome is Outcome.NOT_FOUND


@responses.activate
def test_other_agencies_are_read_by_content_negotiation() -> None:
    """An mEDRA DOI: CSL-JSON from https://doi.org/DOI with the CSL Accept header."""
    responses.get(f"https://doi.org/ra/{DOI}", json=[{"DOI": DOI, "RA": "mEDRA"}])
    csl = responses.get(
        f"https://doi.org/{DOI}",
        json={"DOI": DOI, "title": "Titolo", "issued": {"date-parts": [[2010]]}},
        content_type="application/vnd.citationstyles.csl+json",
    )
    lookup = Registry(client()).lookup(DOI)
    assert lookup.record is not None
    assert (lookup.record.title, lookup.record.agency) == ("Titolo", "medra")
    assert csl.calls[0].request.headers["Accept"] == "application/vnd.citationstyles.csl+json"


@responses.activate
def test_crossref_down_is_unavailable_and_a_429_pauses_it() -> None:
    """A 503 says nothing (unavailable); a 429 pauses Crossref for its Retry-After."""
    responses.get(f"https://doi.org/ra/{DOI}", json=[{"DOI": DOI, "RA": "Crossref"}])
    responses.get(f"https://api.crossref.org/works/{DOI}", status=429, headers={"Retry-After": "7"})
    sleeps: list[float] = []
    now = [100.0]
    registry = Registry(client(), clock=lambda: now[0], sleep=sleeps.append)
    assert registry.lookup(DOI).outcome is Outcome.UNAVAILABLE
    assert registry.rate_limited == 1
    with registry.crossref_gate:
        pass
    assert sleeps == [7.0]


def test_the_gate_spaces_requests_and_waits_for_the_window() -> None:
    """10/s: starts 0.1 s apart; the 11th waits 1 s after the 1st was answered."""
    now = [0.0]
    starts: list[float] = []

    def sleep(seconds: float) -> None:
        now[0] += seconds

    gate = RateGate(10, 1.0, 3, clock=lambda: now[0], sleep=sleep)
    for _ in range(11):
        with gate:
            starts.append(round(now[0], 3))
            now[0] += 0.05  # the answer takes 50 ms
    assert starts[:3] == [0.0, 0.1, 0.2]
    assert starts[10] == pytest.approx(1.05)  # the 1st was answered at 0.05


def test_advertised_limits_only_lower_the_pace() -> None:
    """X-Rate-Limit headers lower the rate; a higher advertised rate is not believed."""
    gate = RateGate(10, 1.0, 3)
    gate.advertised("50", "1s")
    assert gate.rate == 10
    gate.advertised("5", "1s")
    assert gate.rate == 5


RECORD = RegisteredWork(
    DOI,
    "crossref",
    title="中国崛起与权力转移: 理论",
    year=2015,
    families=("吴玉山",),
    container="中国大陆研究",
)


@pytest.mark.parametrize(
    ("work", "differences", "status"),
    [
        # Traditional title and author against a Simplified record, one year earlier
        (CitedWork("中國崛起與權力轉移", 2014, "吳玉山", "中國大陸研究"), (), DoiStatus.OK),
        # another paper: the title differs (a Latin name against a CJK one is not compared)
        (CitedWork("Climate Finance", 2015, "Okafor", None), ("title",), DoiStatus.MISMATCH),
        # a transliterated author is not compared; two years off is a difference
        (CitedWork("中國崛起與權力轉移", 2012, "Wu", None), ("year",), DoiStatus.OK),
        # year and container both off: two differences make a mismatch
        (
            CitedWork("中國崛起與權力轉移", 2010, "吳玉山", "Energy Policy"),
            ("year", "container"),
            DoiStatus.MISMATCH,
        ),
    ],
)
def test_records_are_compared_with_citations(
    work: CitedWork, differences: tuple[str, ...], status: DoiStatus
) -> None:
    """Which fields differ, and the verdict they make."""
    assert compare(work, RECORD) == differences
    assert verdict(differences) is status


def _hit(doi: str, title: str, score: float, family: str = "Major") -> Candidate:
    return Candidate(RegisteredWork(doi, "crossref", title, 2014, (family,), (family,)), score)


def test_a_suggestion_needs_the_same_title_author_year_and_a_clear_lead() -> None:
    """Only a top hit that is the cited work and scores 1.3x the next is suggested."""
    work = CitedWork("Alliance Politics in East Asia", 2014, "Major", "International Security")
    good = _hit("10.1/a", "Alliance Politics in East Asia", 90.0)
    assert best_suggestion(work, [good, _hit("10.1/b", "Alliances", 30.0)]) == "10.1/a"
    assert best_suggestion(work, [good, _hit("10.1/b", "Alliance Politics", 80.0)]) is None
    other = _hit("10.1/c", "Alliance Politics in West Africa", 95.0)
    assert best_suggestion(work, [other]) is None
    assert best_suggestion(work, [_hit("10.1/d", work.title or "", 90.0, "Minor")]) is None


def test_record_json_round_trip() -> None:
    """The state keeps a record as JSON text and reads it back equal."""
    from citecheck.scholarly import record_from_json, record_to_json

    record = crossref_record(WORK, DOI)
    assert record_from_json(record_to_json(record)) == record
    assert json.loads(record_to_json(record))["notices"][0]["source"] == "retraction-watch"


def test_a_notice_says_what_it_updates() -> None:
    """A retraction notice's ``update-to`` names the work it retracts."""
    notice = {
        "DOI": "10.5555/notice.1",
        "title": ["Retraction"],
        "update-to": [
            {"DOI": DOI, "type": "retraction", "updated": {"date-parts": [[2020, 1, 2]]}}
        ],
    }
    record = crossref_record(notice, "10.5555/notice.1")
    assert [(n.kind, n.doi) for n in record.notice_of] == [(NoticeKind.RETRACTION, DOI)]
    assert record.notices == ()


@responses.activate
def test_a_crossref_doi_missing_from_the_rest_api_is_not_called_not_found() -> None:
    """RA says Crossref but /works answers 404 (just deposited): content negotiation reads
    it; the DOI is never not_found while the DOI system knows it."""
    responses.get(f"https://doi.org/ra/{DOI}", json=[{"DOI": DOI, "RA": "Crossref"}])
    responses.get(f"https://api.crossref.org/works/{DOI}", status=404, body="Resource not found.")
    responses.get(f"https://doi.org/{DOI}", json={"DOI": DOI, "title": "Fresh"})
    lookup = Registry(client()).lookup(DOI)
    assert lookup.outcome is Outcome.FOUND
    assert lookup.record is not None
    assert lookup.record.title == "Fresh"
