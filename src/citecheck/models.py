"""Typed data models shared by every pipeline stage.

Frozen, slotted dataclasses with no I/O. Citation fields follow CSL-JSON so that the
JSON contract and the CSL-JSON export are a direct mapping (see ``export/csljson.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter

DateParts = tuple[int, ...]
"""One CSL date: (year,), (year, month) or (year, month, day)."""


class Relation(StrEnum):
    """How a citation relates to the claim its footnote supports."""

    SOURCE = "source"
    CITED_IN = "cited-in"  # 轉引自 / 转引自 / cited in / цит. по
    SEE_ALSO = "see-also"  # 參見 / 参见 / see / см.


class CitationKind(StrEnum):
    """Whether a citation is written in full or refers back to an earlier one."""

    FULL = "full"
    SHORT = "short"  # "Author, Short Title, 12"
    IBID = "ibid"  # ibid. / 同上 / 同前註 / 前引 / Там же


@dataclass(frozen=True, slots=True)
class Name:
    """A personal or organisational name in CSL form."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None

    def display(self) -> str:
        """The name as a reader would write it."""
        if self.literal:
            return self.literal
        return " ".join(part for part in (self.given, self.family) if part)

    def __reduce__(self) -> tuple[type[Name], tuple[str | None, str | None, str | None]]:
        # Pickled as its constructor's arguments: a parsing process sends its citations
        # back, and dataclasses' frozen-slots __setstate__ costs several times more.
        return Name, (self.family, self.given, self.literal)


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited work inside a footnote, with CSL-JSON shaped fields."""

    raw: str
    type: str = "document"
    kind: CitationKind = CitationKind.FULL
    relation: Relation = Relation.SOURCE
    authors: tuple[Name, ...] = ()
    et_al: bool = False
    editors: tuple[Name, ...] = ()
    title: str | None = None
    container_title: str | None = None
    issued: tuple[DateParts, ...] = ()
    accessed: tuple[DateParts, ...] = ()
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    publisher: str | None = None
    publisher_place: str | None = None
    url: str | None = None
    url_problem: str | None = None
    archive_url: str | None = None
    """A web-archive copy of ``url`` given beside it (``Wayback Machine 存檔：<…>``)."""
    language: str | None = None
    work_id: str = ""
    refers_to: str | None = None
    """The note a back-reference names, as printed: ``3`` for 同註 3 or "supra note 3",
    ``④`` for 同④. None for a full citation and for one that means the work just cited
    (同上, Ibid., Id.). Parsed data for resolving, not part of the JSON contract."""
    doi: str | None = None
    """The DOI as written (``10.1016/S0140-6736(97)11096-0``), from any written form."""

    def with_work_id(self, work_id: str) -> Citation:
        """This citation with ``work_id``: ``dataclasses.replace`` in half the time (it runs
        once per citation of a book)."""
        values = list(_citation_values(self))
        values[_WORK_ID] = work_id
        return Citation(*values)

    def __reduce__(self) -> tuple[Callable[..., Citation], tuple[object, ...]]:
        # Pickled as its constructor's arguments (see Name.__reduce__).
        return Citation, _citation_values(self)


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote: its number, where its definition starts, its repaired text.

    ``line`` is the 1-based source line in text formats and None where the source has no
    lines (PDF, DOCX, ODT); ``page`` is the 1-based page a PDF note starts on.
    """

    number: int
    line: int | None
    text: str
    citations: tuple[Citation, ...] = ()
    label: str | None = None
    page: int | None = None

    def with_citations(self, citations: tuple[Citation, ...]) -> Footnote:
        """This footnote with ``citations``: ``dataclasses.replace`` in half the time
        (it runs twice per note of a book: once parsed, once resolved)."""
        values = list(_footnote_values(self))
        values[_CITATIONS] = citations
        return Footnote(*values)

    def location(self) -> str:
        """Where a reader finds the note: ``line 12``, ``page 3`` or ``note 5``."""
        if self.line is not None:
            return f"line {self.line}"
        if self.page is not None:
            return f"page {self.page}"
        return f"note {self.number}"


_citation_values = attrgetter(*(f.name for f in fields(Citation)))
_WORK_ID = [f.name for f in fields(Citation)].index("work_id")
_footnote_values = attrgetter(*(f.name for f in fields(Footnote)))
_CITATIONS = [f.name for f in fields(Footnote)].index("citations")


@dataclass(frozen=True, slots=True)
class Document:
    """A read document: where it came from and its footnotes."""

    path: str
    format: str
    encoding: str
    footnotes: tuple[Footnote, ...] = ()
    text: str = field(default="", repr=False)
    pre_parsed: bool = False
    """True when the source was a bibliography (.bib, CSL-JSON): citations came structured."""

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every citation of every footnote, in document order."""
        return tuple(c for f in self.footnotes for c in f.citations)
