"""A fake DOI system, Crossref and DataCite on the simulated web of ``simweb``.

``FakeDoi(web)`` registers ``doi.org``, ``api.crossref.org`` and ``api.datacite.org`` and
answers with the real services' response shapes:

* ``GET https://doi.org/ra/{doi}``: ``[{"DOI": doi, "RA": "Crossref"}]``, or
  ``[{"DOI": doi, "status": "DOI does not exist"}]``;
* ``GET https://doi.org/api/handles/{doi}``: ``{"responseCode": 1, "handle": doi,
  "values": [...]}``, or HTTP 404 ``{"responseCode": 100, "handle": doi}``;
* ``GET https://doi.org/{doi}``: with ``Accept: application/vnd.citationstyles.csl+json``
  the CSL-JSON record, else a 302 to the publisher's landing page;
* ``GET https://api.crossref.org/works/{doi}``: ``{"status": "ok", "message-type": "work",
  "message-version": "1.0.0", "message": {...}}`` with ``title`` a list,
  ``issued.date-parts``, ``author``, ``container-title``, ``updated-by``; unknown DOIs
  get 404 with the text ``Resource not found.``;
* ``GET https://api.crossref.org/works?query.bibliographic=…&rows=N``: a ``work-list``
  message with scored ``items``;
* ``GET https://api.datacite.org/dois/{doi}``: JSON:API ``{"data": {"id", "type": "dois",
  "attributes": {...}}}``; unknown DOIs get 404 ``{"errors": [{"status": "404", "title":
  "The resource you are looking for doesn't exist."}]}``.

Crossref answers with ``X-Rate-Limit-Limit`` / ``X-Rate-Limit-Interval`` and enforces them:
more than ``limit`` requests in any ``interval`` window, or more than ``concurrency`` at
once, get 429 with ``Retry-After``. Every call is recorded (``calls``) with its time and
query, so tests can count Crossref calls, 429s and the ``mailto`` sent.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from simweb import SimHandler, SimWeb

DOI_HOST = "doi.org"
CROSSREF_HOST = "api.crossref.org"
DATACITE_HOST = "api.datacite.org"
CSL_JSON = "application/vnd.citationstyles.csl+json"
_TOO_MANY = (
    b"<html><body><h1>429 Too Many Requests</h1>\n"
    b"You have sent too many requests in a given amount of time.\n</body></html>"
)


@dataclass
class Call:
    """One request to a fake service."""

    service: str  # "ra", "handle", "resolve", "crossref", "search", "datacite"
    at: float
    path: str
    query: dict[str, str]
    status: int = 0


@dataclass
class Work:
    """One registered DOI: its agency, its metadata and where it resolves."""

    doi: str
    agency: str  # "Crossref", "DataCite", "mEDRA", …
    title: str
    year: int
    authors: list[tuple[str, str]]  # (given, family); a CJK name as ("", "吳玉山")
    container: str | None = None
    landing: str = ""
    updated_by: list[dict[str, Any]] = field(default_factory=list)
    kind: str = "journal-article"


_JSON = "application/json; charset=utf-8"


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def update(kind: str, notice_doi: str, day: tuple[int, int, int], source: str) -> dict[str, Any]:
    """An ``updated-by`` entry as Crossref writes it (``source``: publisher, retraction-watch)."""
    label = kind.replace("_", " ").capitalize()
    return {
        "updated": {
            "date-parts": [list(day)],
            "date-time": f"{day[0]:04d}-{day[1]:02d}-{day[2]:02d}T00:00:00Z",
            "timestamp": 0,
        },
        "DOI": notice_doi,
        "type": kind,
        "source": source,
        "label": label,
        "record-id": "1",
    }


class FakeDoi:
    """doi.org, Crossref and DataCite, with their real response shapes and limits."""

    def __init__(
        self, web: SimWeb, *, limit: int = 10, interval: float = 1.0, concurrency: int = 3
    ) -> None:
        self.web = web
        self.works: dict[str, Work] = {}
        self.calls: list[Call] = []
        self.limit = limit
        self.interval = interval
        self.concurrency = concurrency
        self.down: set[str] = set()  # services answering 503 ("crossref", "ra", …)
        self._lock = threading.Lock()
        self._recent: deque[float] = deque()
        self._in_flight = 0
        self.refused = {"rate": 0, "concurrency": 0}  # why 429s were sent
        web._add_prefix("https", DOI_HOST, "/", self._doi_org)
        web._add_prefix("https", CROSSREF_HOST, "/", self._crossref)
        web._add_prefix("https", DATACITE_HOST, "/", self._datacite)

    # -- registry --------------------------------------------------------------------

    def add(self, work: Work) -> Work:
        """Register ``work`` (its DOI case-insensitively)."""
        self.works[work.doi.lower()] = work
        return work

    def get(self, doi: str) -> Work | None:
        return self.works.get(unquote(doi).lower())

    # -- observation -----------------------------------------------------------------

    def count(self, service: str) -> int:
        """How many calls ``service`` received."""
        return sum(1 for c in self.calls if c.service == service)

    @property
    def too_many(self) -> int:
        """How many 429s Crossref sent."""
        return sum(1 for c in self.calls if c.status == 429)

    def _record(self, service: str, h: SimHandler) -> Call:
        parts = urlsplit(h.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        call = Call(service, time.monotonic(), parts.path, query)
        with self._lock:
            self.calls.append(call)
        return call

    @staticmethod
    def _json(h: SimHandler, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        h.send(status, _json_bytes(data), {"Content-Type": _JSON, **(headers or {})})

    # -- doi.org -----------------------------------------------------------------------

    def _doi_org(self, h: SimHandler) -> None:
        path = urlsplit(h.path).path
        if path.startswith("/ra/"):
            call = self._record("ra", h)
            doi = unquote(path[len("/ra/") :])
            if "ra" in self.down:
                call.status = 503
                h.send(503, b"Service Unavailable", {"Content-Type": "text/plain"})
                return
            work = self.get(doi)
            entry = (
                {"DOI": doi, "RA": work.agency}
                if work
                else {"DOI": doi, "status": "DOI does not exist"}
            )
            call.status = 200
            self._json(h, 200, [entry])
            return
        if path.startswith("/api/handles/"):
            call = self._record("handle", h)
            doi = unquote(path[len("/api/handles/") :])
            work = self.get(doi)
            if work is None:
                call.status = 404
                self._json(h, 404, {"responseCode": 100, "handle": doi})
                return
            call.status = 200
            values = [
                {"index": 1, "type": "URL", "data": {"format": "string", "value": work.landing}}
            ]
            self._json(h, 200, {"responseCode": 1, "handle": doi, "values": values})
            return
        call = self._record("resolve", h)
        work = self.get(path.lstrip("/"))
        if work is None:
            call.status = 404
            h.send(
                404,
                b"<html><title>Error: DOI Not Found</title></html>",
                {"Content-Type": "text/html"},
            )
            return
        if CSL_JSON in h.headers.get("Accept", ""):
            call.status = 200
            h.send(200, json.dumps(self.csl(work)).encode(), {"Content-Type": CSL_JSON})
            return
        call.status = 302
        h.send(302, b"", {"Location": work.landing})

    def csl(self, work: Work) -> dict[str, Any]:
        """The CSL-JSON record content negotiation returns."""
        item: dict[str, Any] = {
            "DOI": work.doi,
            "type": "article-journal",
            "title": work.title,
            "issued": {"date-parts": [[work.year]]},
            "author": [self._csl_name(g, f) for g, f in work.authors],
        }
        if work.container:
            item["container-title"] = work.container
        return item

    @staticmethod
    def _csl_name(given: str, family: str) -> dict[str, str]:
        return {"family": family, "given": given} if given else {"literal": family}

    # -- Crossref ----------------------------------------------------------------------

    def _crossref(self, h: SimHandler) -> None:
        path = urlsplit(h.path).path
        service = "search" if path.rstrip("/") == "/works" else "crossref"
        call = self._record(service, h)
        headers = {
            "X-Rate-Limit-Limit": str(self.limit),
            "X-Rate-Limit-Interval": f"{self.interval:g}s",
        }
        if not self._admit(call.at):
            call.status = 429
            h.send(
                429,
                _TOO_MANY,
                {**headers, "Retry-After": "1", "Content-Type": "text/html"},
            )
            return
        status, body, content_type = self._crossref_answer(service, path, call.query)
        call.status = status
        # The request stops counting as in flight before its answer is written: a client may
        # send its next request the moment it has read this one, as it would with Crossref.
        with self._lock:
            self._in_flight -= 1
        h.send(status, body, {**headers, "Content-Type": content_type})

    def _crossref_answer(
        self, service: str, path: str, query: dict[str, str]
    ) -> tuple[int, bytes, str]:
        """Status, body and media type of an admitted Crossref request."""
        if "crossref" in self.down:
            return 503, b"Service Unavailable", "text/plain"
        if service == "search":
            return 200, _json_bytes(self._search(query)), _JSON
        work = self.get(path[len("/works/") :])
        if work is None or work.agency != "Crossref":
            return 404, b"Resource not found.", "text/plain"
        envelope = {
            "status": "ok",
            "message-type": "work",
            "message-version": "1.0.0",
            "message": self.message(work),
        }
        return 200, _json_bytes(envelope), _JSON

    def _admit(self, now: float) -> bool:
        """Count the request against the window and the concurrency limit."""
        with self._lock:
            while self._recent and now - self._recent[0] >= self.interval:
                self._recent.popleft()
            if len(self._recent) >= self.limit:
                self.refused["rate"] += 1
                return False
            if self._in_flight >= self.concurrency:
                self.refused["concurrency"] += 1
                return False
            self._recent.append(now)
            self._in_flight += 1
            return True

    def message(self, work: Work, score: float | None = None) -> dict[str, Any]:
        """A Crossref work as ``/works/{doi}`` returns it in ``message``."""
        item: dict[str, Any] = {
            "DOI": work.doi,
            "type": work.kind,
            "title": [work.title],
            "issued": {"date-parts": [[work.year]]},
            "published": {"date-parts": [[work.year]]},
            "author": [
                {
                    "given": g,
                    "family": f,
                    "sequence": "first" if i == 0 else "additional",
                    "affiliation": [],
                }
                if g
                else {"name": f, "sequence": "first" if i == 0 else "additional", "affiliation": []}
                for i, (g, f) in enumerate(work.authors)
            ],
            "container-title": [work.container] if work.container else [],
            "publisher": "Fake Publisher",
            "URL": f"https://doi.org/{work.doi}",
            "source": "Crossref",
        }
        if work.updated_by:
            item["updated-by"] = work.updated_by
        if score is not None:
            item["score"] = score
        return item

    def _search(self, query: dict[str, str]) -> dict[str, Any]:
        words = _words(query.get("query.bibliographic", ""))
        rows = int(query.get("rows", "20"))
        scored = []
        for work in self.works.values():
            if work.agency != "Crossref":
                continue
            names = " ".join(f for _, f in work.authors)
            mine = _words(f"{work.title} {names} {work.container or ''} {work.year}")
            overlap = len(words & mine)
            if overlap:
                scored.append((round(100.0 * overlap / max(len(mine), 1), 3), work))
        scored.sort(key=lambda pair: -pair[0])
        items = [self.message(work, score) for score, work in scored[:rows]]
        return {
            "status": "ok",
            "message-type": "work-list",
            "message-version": "1.0.0",
            "message": {
                "facets": {},
                "total-results": len(scored),
                "items": items,
                "items-per-page": rows,
                "query": {"start-index": 0, "search-terms": None},
            },
        }

    # -- DataCite ----------------------------------------------------------------------

    def _datacite(self, h: SimHandler) -> None:
        call = self._record("datacite", h)
        path = urlsplit(h.path).path
        work = self.get(path[len("/dois/") :]) if path.startswith("/dois/") else None
        if work is None or work.agency != "DataCite":
            call.status = 404
            self._json(
                h,
                404,
                {
                    "errors": [
                        {
                            "status": "404",
                            "title": "The resource you are looking for doesn't exist.",
                        }
                    ]
                },
            )
            return
        call.status = 200
        attributes = {
            "doi": work.doi.lower(),
            "titles": [{"title": work.title}],
            "creators": [
                {
                    "name": f"{f}, {g}" if g else f,
                    "nameType": "Personal",
                    "givenName": g,
                    "familyName": f,
                    "affiliation": [],
                    "nameIdentifiers": [],
                }
                for g, f in work.authors
            ],
            "publisher": "Zenodo",
            "publicationYear": work.year,
            "types": {"resourceTypeGeneral": "Dataset", "citeproc": "dataset", "bibtex": "misc"},
            "container": {},
            "url": work.landing,
            "state": "findable",
        }
        self._json(
            h,
            200,
            {
                "data": {
                    "id": work.doi.lower(),
                    "type": "dois",
                    "attributes": attributes,
                    "relationships": {},
                }
            },
            {"Content-Type": "application/vnd.api+json"},
        )


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 1}
