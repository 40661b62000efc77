"""Where each export puts what the parse found: one decision shared by every format.

The parse keeps what a note says where the note says it (a CRS report's issuer is the
``container-title`` of its citation, as the gold data scores it). Reference managers and
citation styles want the same facts in other slots, and every export (BibTeX, CSL-JSON, RIS)
must agree, or a work renders differently depending on which file a scholar imported:

- a report's issuer is its publisher (BibTeX ``institution``, CSL ``publisher``, RIS ``PB``)
  and the kind of report its genre (``type``, ``genre``, ``M3``): "Congressional Research
  Service Report for Congress" is issuer "Congressional Research Service" + genre "Report for
  Congress";
- a web page's site is its publisher-like owner (BibTeX ``organization``, which biblatex prints
  for ``@online`` and pandoc reads as publisher; CSL ``publisher``, which pandoc's and
  citeproc-js's Chicago and GB/T styles all print, while GB/T 7714 leaves a web page's
  ``container-title`` out by design).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.models import Citation

# The kind of document that closes an issuer's name: "… Service Report for Congress",
# "… Institute Working Paper", "…研究所研究報告", "… Центра доклад".
_GENRE = re.compile(
    r"(?:\b(?:CRS\s+)?(?:(?:Technical|Research|Annual|Special|Staff|Policy|Briefing|Country)\s+)?"
    r"(?:Report|Working\s+Paper|Discussion\s+Paper|Policy\s+Brief|Issue\s+Brief|Brief(?:ing)?|"
    r"White\s+Paper|Memorandum|Occasional\s+Paper)\b.*"
    r"|(?:研究|調查|调查|年度|專題|专题)?(?:報告|报告|白皮書|白皮书)(?:書|书)?$"
    r"|\b(?:доклад|отч[её]т|аналитическая\s+записка)\b.*)",
    re.IGNORECASE,
)
# A series rather than a genre: "SFB-Governance Working Paper Series".
_SERIES = re.compile(r"\bseries\b|叢書|丛书|系列|серия", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ReportIssuer:
    """A report's issuing body, its kind, and the series it belongs to (each may be absent)."""

    issuer: str | None
    genre: str | None
    series: str | None


def report_issuer(citation: Citation) -> ReportIssuer:
    """Split a report's container/publisher into issuer, genre and series."""
    container = citation.container_title
    if container and _SERIES.search(container):
        return ReportIssuer(citation.publisher, None, container)
    if not container:
        return ReportIssuer(citation.publisher, None, None)
    issuer, genre = split_genre(container)
    if citation.publisher:
        # The issuer was stated as publisher ("Washington, DC: CRS"); the container names
        # the kind of report, or failing that the series it came out in.
        if genre and not issuer:
            return ReportIssuer(citation.publisher, genre, None)
        return ReportIssuer(citation.publisher, genre, None if genre else container)
    return ReportIssuer(issuer or None, genre, None)


def split_genre(text: str) -> tuple[str, str | None]:
    """("Congressional Research Service", "Report for Congress") from their concatenation."""
    match = _GENRE.search(text)
    if match is None:
        return text, None
    issuer = text[: match.start()].strip(" ,:;，：")
    genre = match.group(0).strip(" ,:;，：")
    return issuer, genre or None


# A volume that prints the papers, as against the meeting where they were read.
_PROCEEDINGS = re.compile(
    r"proceedings|transactions|papers of|論文集|论文集|文集|彙編|汇编|материалы|сборник|труды",
    re.IGNORECASE,
)


def conference_name(citation: Citation) -> str | None:
    """The meeting a conference paper was presented at, when its container names one.

    A note that only says "paper presented at the Annual Meeting of …" gives the meeting and
    no proceedings: CSL gets it as ``event-title`` as well as ``container-title`` (which
    Chicago and GB/T print as "In …" / "[C]//…"); a proceedings volume is no event.
    """
    if citation.type != "paper-conference" or not citation.container_title:
        return None
    if _PROCEEDINGS.search(citation.container_title):
        return None
    return citation.container_title


# The degree a thesis was written for, as the note names it.
_DOCTORAL = re.compile(r"博士|Ph\.?\s?D|doctoral|dissertation|докторск", re.IGNORECASE)
_MASTERS = re.compile(r"碩士|硕士|master|M\.\s?A\.|M\.\s?Phil|магистерск", re.IGNORECASE)
# biblatex's localisation keys for `type`, and the words pandoc and biblatex print for them.
THESIS_GENRES = {"phdthesis": "PhD thesis", "mathesis": "Master’s thesis"}


def thesis_degree(citation: Citation) -> str | None:
    """``phdthesis`` or ``mathesis`` when the note says which degree a thesis was for."""
    if citation.type != "thesis":
        return None
    if _DOCTORAL.search(citation.raw):
        return "phdthesis"
    if _MASTERS.search(citation.raw):
        return "mathesis"
    return None


def site_name(citation: Citation) -> str | None:
    """The site that published a web page (its ``container-title`` in the parse)."""
    if citation.type not in ("webpage", "post", "post-weblog"):
        return None
    return citation.container_title or citation.publisher
