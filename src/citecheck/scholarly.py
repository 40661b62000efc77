"""The DOI registries: the only module that asks the DOI system, Crossref and DataCite.

Documented APIs only, and never a publisher's landing page:

* the DOI system: the registration-agency lookup ``GET https://doi.org/ra/{doi}``
  (``[{"DOI": …, "RA": "Crossref"}]``, or ``[{"DOI": …, "status": "DOI does not exist"}]``)
  says whether a DOI exists and who registered it; the handle API
  ``GET https://doi.org/api/handles/{doi}`` (``responseCode`` 1 = found, 100 = handle not
  found, with HTTP 404) answers when the lookup cannot;
* Crossref's REST API ``GET https://api.crossref.org/works/{doi}`` (``{"status": "ok",
  "message": {…}}``; a 404 with the text "Resource not found."): title as a list,
  ``issued.date-parts``, ``author``, ``container-title`` as a list, and ``updated-by``
  entries (``type``, ``DOI``, ``source`` such as "retraction-watch", ``updated``); and
  ``/works?query.bibliographic=…`` for finding a DOI-less work;
* DataCite's REST API ``GET https://api.datacite.org/dois/{doi}`` (JSON:API:
  ``{"data": {"attributes": {"titles": [{"title"}], "creators", "publicationYear",
  "container"}}}``);
* for other agencies (mEDRA, JaLC, CNKI, …) content negotiation for CSL-JSON at
  ``https://doi.org/{doi}`` (``Accept: application/vnd.citationstyles.csl+json``).

Every request goes through the project's ``Client``. Crossref is asked politely: with a
contact address (``mailto``: its "polite pool"), never more than its published limits
(public: 5 requests/s, one at a time; polite: 10 requests/s, three at a time), lowered
further when its ``X-Rate-Limit-Limit`` / ``X-Rate-Limit-Interval`` headers say so, and
after a 429 nothing more until its ``Retry-After`` has passed.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlencode

from citecheck.client import Client, Fetch, parse_retry_after
from citecheck.status import Notice, NoticeKind, RegisteredWork

DOI_SYSTEM = "https://doi.org"
CROSSREF = "https://api.crossref.org"
DATACITE = "https://api.datacite.org"
CSL_JSON = "application/vnd.citationstyles.csl+json"
JSON = "application/json"
CONTACT_VARIABLE = "CITECHECK_CONTACT_EMAIL"

# Crossref's published limits (2025): the public pool 5 requests/s, one at a time; the
# polite pool (a mailto given) 10 requests/s, three at a time. Advertised headers may
# only lower them.
PUBLIC_LIMIT, PUBLIC_CONCURRENCY = 5, 1  # requests per second, at a time
POLITE_LIMIT, POLITE_CONCURRENCY = 10, 3
_DEFAULT_PAUSE = 60.0  # after a 429 without Retry-After
# The DOI system's proxy publishes no limit; a few lookups at a time is polite.
DOI_SYSTEM_CONCURRENCY = 4

# Crossref update types, grouped (Crossmark's list); others (addendum, new_version) are
# not notices a reader must see.
_NOTICE_KINDS = {
    "retraction": NoticeKind.RETRACTION,
    "partial_retraction": NoticeKind.RETRACTION,
    "withdrawal": NoticeKind.WITHDRAWAL,
    "removal": NoticeKind.WITHDRAWAL,
    "expression_of_concern": NoticeKind.EXPRESSION_OF_CONCERN,
    "correction": NoticeKind.CORRECTION,
    "corrigendum": NoticeKind.CORRECTION,
    "erratum": NoticeKind.CORRECTION,
}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


class Outcome(StrEnum):
    """What the registries said about one DOI."""

    FOUND = "found"
    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"  # no answer that says either: offline, agency down


@dataclass(frozen=True, slots=True)
class Lookup:
    """The outcome of looking one DOI up, with the record when there is one."""

    outcome: Outcome
    record: RegisteredWork | None = None
    detail: str = ""
    agency: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One hit of a bibliographic search, with the search engine's relevance score."""

    record: RegisteredWork
    score: float


class RateGate:
    """At most ``limit`` requests in any ``period`` seconds as the server counts them,
    ``concurrency`` at a time, and nothing during a pause (after a 429). Thread-safe.

    Starts are spaced evenly (``period / limit``), and a request starts only ``period``
    after the request ``limit`` places before it has been answered: the server saw that
    one arrive before its answer left and sees this one arrive after it starts, so no
    window of ``period`` seconds ever holds more than ``limit`` arrivals, whatever the
    network's jitter.
    """

    def __init__(
        self,
        limit: int,
        period: float,
        concurrency: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit = limit
        self.period = period
        self.ceiling = limit / period  # the published rate: advertised headers only lower it
        self._slots = threading.BoundedSemaphore(concurrency)
        self._cond = threading.Condition()
        self._issued = 0
        self._answered: dict[int, float] = {}
        self._next = 0.0
        self._mine = threading.local()
        self._clock = clock
        self._sleep = sleep

    @property
    def rate(self) -> float:
        """Requests per second at most."""
        return self.limit / self.period

    def __enter__(self) -> RateGate:
        self._slots.acquire()
        with self._cond:
            index = self._issued
            self._issued += 1
            earlier = index - self.limit
            while earlier >= 0 and earlier not in self._answered:
                self._cond.wait()
            window = self._answered.pop(earlier, float("-inf")) + self.period
            now = self._clock()
            start = max(now, self._next, window)
            self._next = start + self.period / self.limit
        self._mine.index = index
        if start > now:
            self._sleep(start - now)
        return self

    def __exit__(self, *exc: object) -> None:
        with self._cond:
            self._answered[self._mine.index] = self._clock()
            self._cond.notify_all()
        self._slots.release()

    def advertised(self, limit: str | None, interval: str | None) -> None:
        """Lower the pace to what ``X-Rate-Limit-Limit`` per ``X-Rate-Limit-Interval`` allow."""
        seconds = _seconds(interval)
        if not limit or not limit.strip().isdigit() or seconds is None or seconds <= 0:
            return
        with self._cond:
            if int(limit) > 0 and int(limit) / seconds <= self.ceiling:
                self.limit, self.period = int(limit), seconds

    def pause(self, seconds: float) -> None:
        """Start nothing for ``seconds`` (a 429's Retry-After)."""
        with self._cond:
            self._next = max(self._next, self._clock() + seconds)


def _seconds(interval: str | None) -> float | None:
    """``"1s"`` → 1.0, ``"60s"`` → 60.0, ``"1m"`` → 60.0."""
    if not interval:
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*", interval)
    if m is None:
        return None
    unit = {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[m.group(2)]
    return float(m.group(1)) * unit


class Registry:
    """The DOI system, Crossref and DataCite, asked through ``client``. Thread-safe."""

    def __init__(
        self,
        client: Client,
        *,
        mailto: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.mailto = mailto or None
        limit, concurrency = (
            (POLITE_LIMIT, POLITE_CONCURRENCY)
            if self.mailto
            else (PUBLIC_LIMIT, PUBLIC_CONCURRENCY)
        )
        self.crossref_gate = RateGate(limit, 1.0, concurrency, clock, sleep)
        self._doi_system = threading.BoundedSemaphore(DOI_SYSTEM_CONCURRENCY)
        self._count_lock = threading.Lock()
        self.crossref_calls = 0
        self.rate_limited = 0  # 429s received from Crossref (a polite client gets none)

    # -- the DOI system ------------------------------------------------------------------

    def agency(self, doi: str) -> Lookup:
        """Whether ``doi`` exists and who registered it (RA lookup, else the handle API)."""
        with self._doi_system:
            fetch = self.client.fetch(f"{DOI_SYSTEM}/ra/{_path(doi)}", accept=JSON)
        data = _json(fetch) if fetch.status == 200 else None
        if isinstance(data, list) and data and isinstance(data[0], dict):
            entry = data[0]
            if entry.get("RA"):
                return Lookup(Outcome.FOUND, agency=str(entry["RA"]))
            status = str(entry.get("status", ""))
            if status in ("DOI does not exist", "Invalid DOI"):
                return Lookup(Outcome.NOT_FOUND, detail=f"the DOI system: {status}")
        return self._handle(doi)

    def _handle(self, doi: str) -> Lookup:
        """Existence from the handle API, when the agency lookup could not say."""
        with self._doi_system:
            fetch = self.client.fetch(f"{DOI_SYSTEM}/api/handles/{_path(doi)}", accept=JSON)
        data = _json(fetch)
        code = data.get("responseCode") if isinstance(data, dict) else None
        if code == 1:
            return Lookup(Outcome.FOUND, agency="unknown")
        if code == 100 and fetch.status == 404:
            return Lookup(Outcome.NOT_FOUND, detail="the DOI system: handle not found")
        return Lookup(Outcome.UNAVAILABLE, detail=_unavailable("the DOI system", fetch))

    # -- records ---------------------------------------------------------------------------

    def lookup(self, doi: str) -> Lookup:
        """The registered record of ``doi`` from its agency, or why there is none."""
        found = self.agency(doi)
        if found.outcome is not Outcome.FOUND:
            return found
        agency = (found.agency or "").lower()
        if agency == "crossref":
            result = self.crossref_work(doi)
            if result.outcome is not Outcome.NOT_FOUND:
                return result
            # registered, not yet in the REST API (records appear minutes after deposit)
        if agency == "datacite":
            result = self.datacite_doi(doi)
            if result.outcome is Outcome.FOUND:
                return result
        return self.content_negotiation(doi, found.agency or "unknown")

    def crossref_work(self, doi: str) -> Lookup:
        """``GET /works/{doi}``: the record and its notices (``updated-by``)."""
        fetch = self._crossref(f"{CROSSREF}/works/{_path(doi)}", {})
        if fetch.status == 404:
            return Lookup(Outcome.NOT_FOUND, detail="Crossref: Resource not found.")
        data = _json(fetch) if fetch.status == 200 else None
        message = data.get("message") if isinstance(data, dict) else None
        if not isinstance(message, dict):
            return Lookup(Outcome.UNAVAILABLE, detail=_unavailable("Crossref", fetch))
        return Lookup(Outcome.FOUND, crossref_record(message, doi), agency="crossref")

    def datacite_doi(self, doi: str) -> Lookup:
        """``GET /dois/{doi}`` of DataCite's REST API (JSON:API)."""
        fetch = self.client.fetch(
            f"{DATACITE}/dois/{_path(doi)}", accept="application/vnd.api+json"
        )
        if fetch.status == 404:
            return Lookup(Outcome.NOT_FOUND, detail="DataCite: the resource does not exist")
        data = _json(fetch) if fetch.status == 200 else None
        attributes = data.get("data", {}).get("attributes") if isinstance(data, dict) else None
        if not isinstance(attributes, dict):
            return Lookup(Outcome.UNAVAILABLE, detail=_unavailable("DataCite", fetch))
        return Lookup(Outcome.FOUND, datacite_record(attributes, doi), agency="datacite")

    def content_negotiation(self, doi: str, agency: str) -> Lookup:
        """CSL-JSON from the agency through ``https://doi.org/{doi}`` content negotiation.

        A DOI the DOI system knows but whose agency offers no CSL-JSON is registered with
        no record to compare: the landing page it may redirect to is never read.
        """
        with self._doi_system:
            fetch = self.client.fetch(f"{DOI_SYSTEM}/{_path(doi)}", accept=CSL_JSON)
        data = _json(fetch) if fetch.status == 200 else None
        if isinstance(data, dict) and (data.get("title") or data.get("DOI")):
            return Lookup(Outcome.FOUND, csl_record(data, doi, agency), agency=agency)
        return Lookup(
            Outcome.FOUND,
            RegisteredWork(doi, agency.lower()),
            detail=f"registered with {agency}; no CSL-JSON record to compare",
            agency=agency,
        )

    # -- search ----------------------------------------------------------------------------

    def search(
        self,
        *,
        title: str,
        author: str | None = None,
        year: int | None = None,
        container: str | None = None,
        rows: int = 5,
    ) -> list[Candidate] | None:
        """Crossref's best matches for a citation (``query.bibliographic``); None when
        Crossref could not be asked."""
        words = " ".join(str(part) for part in (title, author, container, year) if part)
        params = {"query.bibliographic": words, "rows": str(rows)}
        fetch = self._crossref(f"{CROSSREF}/works", params)
        data = _json(fetch) if fetch.status == 200 else None
        message = data.get("message") if isinstance(data, dict) else None
        if not isinstance(message, dict):
            return None
        items = message.get("items") or []
        return [
            Candidate(crossref_record(item, str(item.get("DOI", ""))), float(item.get("score", 0)))
            for item in items
            if isinstance(item, dict) and item.get("DOI")
        ]

    def _crossref(self, url: str, params: dict[str, str]) -> Fetch:
        """One polite Crossref call: the contact address, the rate gate, 429 obeyed."""
        if self.mailto:
            params = {**params, "mailto": self.mailto}
        full = f"{url}?{urlencode(params)}" if params else url
        with self.crossref_gate:
            with self._count_lock:
                self.crossref_calls += 1
            fetch = self.client.fetch(full, accept=JSON)
        headers = fetch.headers
        self.crossref_gate.advertised(
            headers.get("x-rate-limit-limit"), headers.get("x-rate-limit-interval")
        )
        if fetch.status == 429:
            with self._count_lock:
                self.rate_limited += 1
            retry = parse_retry_after(headers.get("retry-after"))
            self.crossref_gate.pause(retry if retry is not None else _DEFAULT_PAUSE)
        return fetch


# -- response shapes ---------------------------------------------------------------------


def crossref_record(message: dict[str, Any], doi: str) -> RegisteredWork:
    """A RegisteredWork from a Crossref work (the ``message`` of ``/works/{doi}``)."""
    authors = [a for a in message.get("author") or [] if isinstance(a, dict)]
    return RegisteredWork(
        doi=str(message.get("DOI") or doi),
        agency="crossref",
        title=_full_title(_first(message.get("title")), _first(message.get("subtitle"))),
        year=_year(message.get("issued")) or _year(message.get("published")),
        authors=tuple(_display(a.get("given"), a.get("family"), a.get("name")) for a in authors),
        families=tuple(_family(a.get("given"), a.get("family"), a.get("name")) for a in authors),
        container=_first(message.get("container-title")),
        type=_text(message.get("type")),
        notices=crossref_notices(message),
        notice_of=crossref_notices(message, "update-to"),
    )


def crossref_notices(message: dict[str, Any], key: str = "updated-by") -> tuple[Notice, ...]:
    """The retractions, withdrawals, expressions of concern and corrections in ``updated-by``
    (publishers' and Retraction Watch's alike), oldest first. With ``key="update-to"``: what
    a notice itself retracts or corrects (its ``DOI`` is the work it updates)."""
    notices = []
    for entry in message.get(key) or []:
        if not isinstance(entry, dict):
            continue
        kind = _NOTICE_KINDS.get(str(entry.get("type", "")).lower().replace("-", "_"))
        if kind is None:
            continue
        notices.append(
            Notice(
                kind=kind,
                doi=_text(entry.get("DOI")),
                date=_iso_date(entry.get("updated")),
                source=_text(entry.get("source")),
                label=_text(entry.get("label")),
            )
        )
    unique = list(dict.fromkeys(notices))
    return tuple(sorted(unique, key=lambda n: n.date or ""))


def datacite_record(attributes: dict[str, Any], doi: str) -> RegisteredWork:
    """A RegisteredWork from DataCite's ``data.attributes``."""
    titles = [t for t in attributes.get("titles") or [] if isinstance(t, dict)]
    main = next((t for t in titles if not t.get("titleType")), titles[0] if titles else {})
    creators = [c for c in attributes.get("creators") or [] if isinstance(c, dict)]
    container = attributes.get("container")
    types = attributes.get("types")
    return RegisteredWork(
        doi=str(attributes.get("doi") or doi),
        agency="datacite",
        title=_text(main.get("title")),
        year=_int(attributes.get("publicationYear")),
        authors=tuple(
            _display(c.get("givenName"), c.get("familyName"), c.get("name")) for c in creators
        ),
        families=tuple(
            _family(c.get("givenName"), c.get("familyName"), c.get("name")) for c in creators
        ),
        container=_text(container.get("title")) if isinstance(container, dict) else None,
        type=_text(types.get("resourceTypeGeneral")) if isinstance(types, dict) else None,
    )


def csl_record(item: dict[str, Any], doi: str, agency: str) -> RegisteredWork:
    """A RegisteredWork from a CSL-JSON item (content negotiation)."""
    authors = [a for a in item.get("author") or [] if isinstance(a, dict)]
    title = item.get("title")
    container = item.get("container-title")
    return RegisteredWork(
        doi=str(item.get("DOI") or doi),
        agency=agency.lower(),
        title=_first(title) if isinstance(title, list) else _text(title),
        year=_year(item.get("issued")),
        authors=tuple(_display(a.get("given"), a.get("family"), a.get("literal")) for a in authors),
        families=tuple(_family(a.get("given"), a.get("family"), a.get("literal")) for a in authors),
        container=_first(container) if isinstance(container, list) else _text(container),
        type=_text(item.get("type")),
    )


def record_to_json(record: RegisteredWork) -> str:
    """The record as JSON text, for the state file."""
    data = {
        "doi": record.doi,
        "agency": record.agency,
        "title": record.title,
        "year": record.year,
        "authors": list(record.authors),
        "families": list(record.families),
        "container": record.container,
        "type": record.type,
        "notices": [_notice_json(n) for n in record.notices],
        "notice_of": [_notice_json(n) for n in record.notice_of],
    }
    return json.dumps(data, ensure_ascii=False)


def record_from_json(text: str) -> RegisteredWork:
    """A record back from ``record_to_json``."""
    data = json.loads(text)
    return RegisteredWork(
        doi=data["doi"],
        agency=data["agency"],
        title=data.get("title"),
        year=data.get("year"),
        authors=tuple(data.get("authors", ())),
        families=tuple(data.get("families", ())),
        container=data.get("container"),
        type=data.get("type"),
        notices=tuple(_notice_from_json(n) for n in data.get("notices", ())),
        notice_of=tuple(_notice_from_json(n) for n in data.get("notice_of", ())),
    )


def _notice_json(notice: Notice) -> dict[str, Any]:
    return {
        "kind": notice.kind.value,
        "doi": notice.doi,
        "date": notice.date,
        "source": notice.source,
        "label": notice.label,
    }


def _notice_from_json(data: dict[str, Any]) -> Notice:
    return Notice(
        NoticeKind(data["kind"]),
        data.get("doi"),
        data.get("date"),
        data.get("source"),
        data.get("label"),
    )


def _path(doi: str) -> str:
    """The DOI encoded for a URL path: '/' kept, everything unsafe (#, ?, ;, <>) escaped."""
    return quote(doi, safe="/()")


def _json(fetch: Fetch) -> Any:
    if not fetch.body:
        return None
    try:
        return json.loads(fetch.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _unavailable(service: str, fetch: Fetch) -> str:
    if fetch.status is None:
        return f"{service} could not be reached ({fetch.detail or fetch.failure})"
    return f"{service} answered HTTP {fetch.status}"


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        return next((str(v).strip() for v in value if str(v).strip()), None)
    return _text(value)


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _int(value: Any) -> int | None:
    try:
        return int(str(value)[:4])
    except (TypeError, ValueError):
        return None


def _full_title(title: str | None, subtitle: str | None) -> str | None:
    """ "Title: Subtitle" as the work is cited whole (the title alone still matches)."""
    if title and subtitle and subtitle.casefold() not in title.casefold():
        return f"{title}: {subtitle}"
    return title


def _year(date: Any) -> int | None:
    """The year of a Crossref/CSL date (``{"date-parts": [[2014, 5, 2]]}``)."""
    parts = _date_parts(date)
    return _int(parts[0]) if parts else None


def _date_parts(date: Any) -> list[Any] | None:
    """The first ``date-parts`` entry of a Crossref/CSL date, if it has one."""
    if not isinstance(date, dict):
        return None
    parts = date.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        return parts[0]
    return None


def _iso_date(date: Any) -> str | None:
    """``{"date-parts": [[2020, 1, 31]]}`` → "2020-01-31" (as precise as given)."""
    parts = _date_parts(date)
    if parts:
        try:
            numbers = [int(p) for p in parts if p is not None]
        except (TypeError, ValueError):
            return None
        return "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(numbers)) or None
    stamp = date.get("date-time") if isinstance(date, dict) else None
    return str(stamp)[:10] if stamp else None


def _display(given: Any, family: Any, whole: Any) -> str:
    given_text, family_text = _text(given) or "", _text(family) or ""
    if not family_text:
        return _text(whole) or given_text
    if _CJK.search(family_text):
        return f"{family_text}{given_text}"  # 吳玉山: family first, no space
    return f"{given_text} {family_text}".strip()


def _family(given: Any, family: Any, whole: Any) -> str:
    """The family name to compare; a CJK name whole (family and given together)."""
    family_text = _text(family) or ""
    if family_text and _CJK.search(family_text):
        return f"{family_text}{_text(given) or ''}"
    if family_text:
        return family_text
    name = _text(whole) or ""
    if _CJK.search(name):
        return name.replace(" ", "")
    if "," in name:  # DataCite "Smith, John"
        return name.split(",", 1)[0].strip()
    return name.split()[-1] if name.split() else ""
