"""Tests of the fake Internet Archive served on the simulated web."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from fakearchive import BLOCKED_SITE_ERROR, Call, FakeArchive, normalize_url, surt
from simweb import SimWeb

CDX = "https://web.archive.org/cdx/search/cdx"
AVAILABLE = "https://archive.org/wayback/available"
SAVE = "https://web.archive.org/save"
AUTH = {"Authorization": "LOW test-access:test-secret", "Accept": "application/json"}
HEADER = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimWeb]:
    """A running simulated web with the DNS patch active."""
    with SimWeb() as sim:
        sim.patch_dns(monkeypatch)
        yield sim


@pytest.fixture
def archive(web: SimWeb) -> FakeArchive:
    """A fake archive with a few captures of example.com pages."""
    fake = FakeArchive(web)
    fake.add("https://www.example.com/a", "20200101000000", title="A 2020")
    fake.add("https://www.example.com/a", "20210601120000", title="A 2021")
    fake.add("http://example.com/a/", "20220101000000", status=404)
    fake.add("https://example.com/a", "20230101000000", status=301, mimetype="unk")
    fake.add("https://example.com/a/b", "20200505000000", title="B")
    fake.add("https://example.com/ab", "20200606000000", mimetype="application/pdf")
    fake.add("https://other.org/x", "20200101000000")
    return fake


def cdx(**params: Any) -> requests.Response:
    """GET the CDX endpoint with ``params``."""
    return requests.get(CDX, params=params, timeout=5)


def column(rows: list[list[str]], name: str) -> list[str]:
    """The values of one field in JSON CDX rows (header row excluded)."""
    i = HEADER.index(name)
    return [r[i] for r in rows[1:]]


def poll(job_id: str) -> dict[str, Any]:
    """Poll the SPN2 status of ``job_id`` once."""
    r = requests.get(f"{SAVE}/status/{job_id}", headers=AUTH, timeout=5)
    assert r.status_code == 200
    result: dict[str, Any] = r.json()
    return result


def test_normalize_and_surt() -> None:
    """URLs normalise without scheme, www and trailing slash; urlkeys are SURT-like."""
    assert normalize_url("https://WWW.Example.com/a/") == "example.com/a"
    assert normalize_url("example.com/a?x=1") == "example.com/a?x=1"
    assert surt("https://www.Example.com/A/b?Q=1") == "com,example)/a/b?q=1"
    assert surt("http://sub.example.co.uk") == "uk,co,example,sub)/"


def test_cdx_json_shape(archive: FakeArchive) -> None:
    """JSON output has the header row then string rows for the exact (normalised) URL."""
    r = cdx(url="example.com/a", output="json")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    rows = r.json()
    assert rows[0] == HEADER
    assert column(rows, "timestamp") == [
        "20200101000000",
        "20210601120000",
        "20220101000000",
        "20230101000000",
    ]
    assert all(isinstance(v, str) for row in rows for v in row)
    first = dict(zip(HEADER, rows[1], strict=True))
    assert first["urlkey"] == "com,example)/a"
    assert first["original"] == "https://www.example.com/a"
    assert first["statuscode"] == "200"
    assert first["mimetype"] == "text/html"
    assert len(first["digest"]) == 32
    assert first["length"].isdigit()


def test_cdx_closest_filter_limit(archive: FakeArchive) -> None:
    """sort=closest orders by distance from `closest`; filters and limit apply."""
    rows = cdx(url="example.com/a", output="json", closest="20211231", sort="closest").json()
    assert column(rows, "timestamp") == [
        "20220101000000",
        "20210601120000",
        "20230101000000",
        "20200101000000",
    ]
    rows = cdx(
        url="example.com/a",
        output="json",
        closest="20211231",
        sort="closest",
        filter="statuscode:200",
        limit="1",
    ).json()
    assert column(rows, "timestamp") == ["20210601120000"]
    params = [
        ("url", "example.com/a"),
        ("output", "json"),
        ("filter", "statuscode:[23]0[01]"),
        ("filter", "!mimetype:unk"),
    ]
    rows = requests.get(CDX, params=params, timeout=5).json()
    assert column(rows, "timestamp") == ["20200101000000", "20210601120000"]


def test_cdx_reverse_range_negative_limit_fl(archive: FakeArchive) -> None:
    """sort=reverse, from/to prefixes, negative limit and fl behave like the real CDX."""
    rows = cdx(url="example.com/a", output="json", sort="reverse").json()
    assert column(rows, "timestamp")[0] == "20230101000000"
    rows = cdx(url="example.com/a", output="json", **{"from": "2021", "to": "2022"}).json()
    assert column(rows, "timestamp") == ["20210601120000", "20220101000000"]
    rows = cdx(url="example.com/a", output="json", limit="-1").json()
    assert column(rows, "timestamp") == ["20230101000000"]
    rows = cdx(url="example.com/a", output="json", fl="timestamp,statuscode", limit="1").json()
    assert rows == [["timestamp", "statuscode"], ["20200101000000", "200"]]


def test_cdx_empty_json(archive: FakeArchive) -> None:
    """A query without results answers exactly `[]` in JSON and an empty body in text."""
    r = cdx(url="nothing.example/page", output="json")
    assert (r.status_code, r.text) == (200, "[]")
    r = cdx(url="nothing.example/page")
    assert (r.status_code, r.text) == (200, "")


def test_cdx_prefix_match(archive: FakeArchive) -> None:
    """matchType=prefix matches every capture whose normalised URL starts with the prefix."""
    rows = cdx(url="example.com/a", matchType="prefix", output="json").json()
    assert sorted(set(column(rows, "original"))) == [
        "http://example.com/a/",
        "https://example.com/a",
        "https://example.com/a/b",
        "https://example.com/ab",
        "https://www.example.com/a",
    ]
    rows = cdx(url="example.com/a/*", output="json").json()
    assert column(rows, "original") == ["http://example.com/a/", "https://example.com/a/b"]
    rows = cdx(url="example.com", matchType="prefix", output="json").json()
    assert len(rows) == 7


def test_cdx_text_output(archive: FakeArchive) -> None:
    """Text output has one space-separated line per capture and no header."""
    r = cdx(url="example.com/a/b")
    assert r.headers["Content-Type"] == "text/plain"
    lines = r.text.splitlines()
    assert len(lines) == 1
    fields = lines[0].split(" ")
    assert fields[0] == "com,example)/a/b"
    assert fields[1:5] == ["20200505000000", "https://example.com/a/b", "text/html", "200"]


def test_cdx_excluded_site(archive: FakeArchive) -> None:
    """An excluded site answers 403 with the Blocked Site Error runtime header."""
    archive.exclude("https://example.com/")
    r = cdx(url="example.com/a", output="json")
    assert r.status_code == 403
    assert r.headers["X-Archive-Wayback-Runtime-Error"] == BLOCKED_SITE_ERROR
    assert BLOCKED_SITE_ERROR in r.text
    r = requests.get(AVAILABLE, params={"url": "example.com/a"}, timeout=5)
    assert r.json() == {"url": "example.com/a", "archived_snapshots": {}}
    assert cdx(url="other.org/x", output="json").status_code == 200


def test_availability_closest(archive: FakeArchive) -> None:
    """The availability API returns the 2xx capture closest to `timestamp`."""
    r = requests.get(AVAILABLE, params={"url": "example.com/a", "timestamp": "20211225"}, timeout=5)
    assert r.json() == {
        "url": "example.com/a",
        "archived_snapshots": {
            "closest": {
                "status": "200",
                "available": True,
                "url": "http://web.archive.org/web/20210601120000/https://www.example.com/a",
                "timestamp": "20210601120000",
            }
        },
    }
    r = requests.get(AVAILABLE, params={"url": "example.com/a"}, timeout=5)
    assert r.json()["archived_snapshots"]["closest"]["timestamp"] == "20210601120000"


def test_availability_none(archive: FakeArchive) -> None:
    """The availability API answers `{}` snapshots for an unarchived URL."""
    r = requests.get(AVAILABLE, params={"url": "nope.example/x", "timestamp": "2020"}, timeout=5)
    assert r.json() == {"url": "nope.example/x", "archived_snapshots": {}}


def test_snapshot_pages(archive: FakeArchive) -> None:
    """Snapshot pages are served for existing captures (also over http) and 404 otherwise."""
    r = requests.get("https://web.archive.org/web/20200101000000/https://www.example.com/a")
    assert r.status_code == 200
    assert "<title>A 2020</title>" in r.text
    assert "Memento-Datetime" in r.headers
    r = requests.get("http://web.archive.org/web/20200505000000/https://example.com/a/b")
    assert (r.status_code, "<title>B</title>" in r.text) == (200, True)
    r = requests.get("https://web.archive.org/web/20200101000000id_/https://other.org/x")
    assert r.status_code == 200
    r = requests.get("https://web.archive.org/web/19990101000000/https://www.example.com/a")
    assert r.status_code == 404
    assert archive.count("snapshot") == 4


def test_spn2_unauthorized(archive: FakeArchive) -> None:
    """SPN2 without or with wrong credentials answers 401 error:unauthorized."""
    for headers in ({}, {"Authorization": "LOW test-access:wrong"}):
        r = requests.post(SAVE, data={"url": "https://new.example/"}, headers=headers, timeout=5)
        assert r.status_code == 401
        assert r.json()["status_ext"] == "error:unauthorized"
    r = requests.get(f"{SAVE}/status/spn2-x", timeout=5)
    assert r.status_code == 401


def test_spn2_success_flow(archive: FakeArchive) -> None:
    """A save goes pending then success, and the CDX finds the new capture afterwards."""
    assert cdx(url="new.example/page", output="json").text == "[]"
    r = requests.post(
        SAVE, data={"url": "https://new.example/page", "capture_all": "1"}, headers=AUTH, timeout=5
    )
    assert r.status_code == 200
    job = r.json()
    assert job["url"] == "https://new.example/page"
    assert job["job_id"].startswith("spn2-")
    assert poll(job["job_id"]) == {"status": "pending", "job_id": job["job_id"], "resources": []}
    done = poll(job["job_id"])
    assert done["status"] == "success"
    assert done["original_url"] == "https://new.example/page"
    assert len(done["timestamp"]) == 14
    assert done["timestamp"].isdigit()
    rows = cdx(url="new.example/page", output="json").json()
    assert column(rows, "timestamp") == [done["timestamp"]]
    assert poll(job["job_id"]) == done  # further polls repeat the outcome
    assert len(archive.captures("https://new.example/page")) == 1
    r = requests.get(f"{SAVE}/status/spn2-unknown", headers=AUTH, timeout=5)
    assert r.status_code == 404


def test_spn2_error_flow(archive: FakeArchive) -> None:
    """With save_outcome="error" the job ends in error:not-found and adds no capture."""
    archive.save_outcome = "error"
    job = requests.post(SAVE, data={"url": "https://gone.example/"}, headers=AUTH, timeout=5)
    job_id = job.json()["job_id"]
    assert poll(job_id)["status"] == "pending"
    assert poll(job_id) == {
        "status": "error",
        "job_id": job_id,
        "status_ext": "error:not-found",
        "message": "Server returned 404",
    }
    assert cdx(url="gone.example/", output="json").text == "[]"


def test_spn2_refuse(archive: FakeArchive) -> None:
    """With save_outcome="refuse" the POST itself answers 200 with error:user-session-limit."""
    archive.save_outcome = "refuse"
    r = requests.post(SAVE, data={"url": "https://x.example/"}, headers=AUTH, timeout=5)
    assert r.status_code == 200
    body = r.json()
    assert (body["status"], body["status_ext"]) == ("error", "error:user-session-limit")
    assert "job_id" not in body


def test_rate_limit_429(archive: FakeArchive) -> None:
    """In 429 mode every endpoint answers 429 with Retry-After: 60, and calls are recorded."""
    archive.rate_limit_429 = True
    responses = [
        cdx(url="example.com/a", output="json"),
        requests.get(AVAILABLE, params={"url": "example.com/a"}, timeout=5),
        requests.get("https://web.archive.org/web/20200101000000/https://www.example.com/a"),
        requests.post(SAVE, data={"url": "https://x.example/"}, headers=AUTH, timeout=5),
        requests.get(f"{SAVE}/status/spn2-x", headers=AUTH, timeout=5),
    ]
    assert [r.status_code for r in responses] == [429] * 5
    assert all(r.headers["Retry-After"] == "60" for r in responses)
    assert [c.kind for c in archive.calls] == ["cdx", "availability", "snapshot", "save", "status"]
    assert archive.count() == 5
    assert archive.count("cdx") == 1


def test_calls_recorded(archive: FakeArchive) -> None:
    """Each call keeps its kind, method, path and request headers."""
    requests.post(SAVE, data={"url": "https://x.example/"}, headers=AUTH, timeout=5)
    (call,) = archive.calls
    assert (call.kind, call.method, call.path) == ("save", "POST", "/save")
    assert call.headers["Authorization"] == AUTH["Authorization"]


def test_max_calls_per_window(archive: FakeArchive) -> None:
    """max_calls_per_window finds the densest sliding window of the chosen kinds."""
    for _ in range(3):
        cdx(url="example.com/a")
    assert archive.max_calls_per_window({"cdx"}) == 3
    assert archive.max_calls_per_window({"cdx"}, window=0.0) == 0
    times = [0.0, 10.0, 59.9, 60.0, 61.0, 200.0]
    kinds = ["cdx", "cdx", "availability", "cdx", "save", "cdx"]
    archive.reset_calls()
    archive._calls.extend(Call(k, t, "/", {}) for k, t in zip(kinds, times, strict=True))
    assert archive.max_calls_per_window({"cdx"}) == 2
    assert archive.max_calls_per_window({"cdx", "availability"}) == 3
    assert archive.max_calls_per_window({"cdx", "availability", "save"}) == 4
    assert archive.max_calls_per_window({"cdx"}, window=1000.0) == 4
    assert archive.max_calls_per_window({"status"}) == 0


def test_max_concurrent(archive: FakeArchive) -> None:
    """max_concurrent is 1 for serial requests and rises when requests overlap."""
    archive.delay = 0.2
    cdx(url="example.com/a")
    cdx(url="example.com/a")
    assert archive.max_concurrent == 1
    threads = [threading.Thread(target=cdx, kwargs={"url": "example.com/a"}) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert archive.max_concurrent >= 2


def test_waybackpy_cdx_compatibility(archive: FakeArchive) -> None:
    """waybackpy's CDX client (own session, REQUESTS_CA_BUNDLE trust) parses the fake's output."""
    from waybackpy import WaybackMachineCDXServerAPI

    api = WaybackMachineCDXServerAPI(url="example.com/a", match_type="prefix", user_agent="t")
    snaps = list(api.snapshots())
    got = sorted((s.original, s.timestamp, s.statuscode) for s in snaps)
    assert got == [
        ("http://example.com/a/", "20220101000000", "404"),
        ("https://example.com/a", "20230101000000", "301"),
        ("https://example.com/a/b", "20200505000000", "200"),
        ("https://example.com/ab", "20200606000000", "200"),
        ("https://www.example.com/a", "20200101000000", "200"),
        ("https://www.example.com/a", "20210601120000", "200"),
    ]
    assert archive.calls[-1].headers["User-Agent"] == "t"
    near = WaybackMachineCDXServerAPI(
        url="example.com/a", user_agent="t", filters=["statuscode:200"]
    ).near(year=2021, month=12)
    assert near.timestamp == "20210601120000"
    assert (
        near.archive_url == "https://web.archive.org/web/20210601120000/https://www.example.com/a"
    )


def test_waybackpy_availability_compatibility(archive: FakeArchive) -> None:
    """waybackpy's availability client finds the closest capture on the fake."""
    from waybackpy import WaybackMachineAvailabilityAPI

    api = WaybackMachineAvailabilityAPI("https://example.com/a", user_agent="t")
    api.near(year=2021, month=12, day=25)
    assert api.timestamp().year == 2021
    assert api.archive_url == "https://web.archive.org/web/20210601120000/https://www.example.com/a"
    assert archive.count("availability") >= 1


def test_waybackpy_blocked_site(archive: FakeArchive) -> None:
    """waybackpy recognises the fake's excluded-site answer as BlockedSiteError."""
    from waybackpy import WaybackMachineCDXServerAPI
    from waybackpy.exceptions import BlockedSiteError

    archive.exclude("example.com")
    with pytest.raises(BlockedSiteError):
        list(WaybackMachineCDXServerAPI(url="example.com/a", user_agent="t").snapshots())
