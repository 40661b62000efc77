"""DOI syntax: find DOIs in every written form, with the right end, and compare them.

A DOI is written as a resolver URL (``https://doi.org/…``, ``http://dx.doi.org/…``), with a
label (``doi:10.…``, ``DOI: 10.…``, ``DOI：10.…`` in Chinese notes) or bare (``10.1234/…``).
Its suffix may contain almost any printable character, parentheses included
(``10.1016/S0140-6736(97)11096-0``) and, in old SICI DOIs, angle brackets; what follows it
in a sentence (``.``, ``。``, ``,``, a closing bracket that it did not open) is not part of
it. DOIs are case-insensitive (ISO 26324): ``doi_key`` is the form to compare.

Pure functions; no network (``scholarly.py`` resolves DOIs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

# Prefix "10." + registrant code (4-9 digits, optionally dotted sub-codes) + "/" + suffix.
# The suffix is printable ASCII without white space or double quotes; CJK punctuation and
# ideographs end it (Chinese notes run on without a space: "DOI：10.1/abc。").
_SUFFIX = r"[!#-~]+"
_PREFIX = r"10\.\d{4,9}(?:\.\d+)*/"
_RESOLVER = r"(?:https?://)?(?:dx\.)?doi\.org/"
_LABEL = r"\bdoi\s*[:：]?\s*"
DOI_IN_TEXT = re.compile(
    rf"(?:(?P<lead>{_RESOLVER}|{_LABEL})|(?<![\w./-]))(?P<doi>{_PREFIX}{_SUFFIX})",
    re.IGNORECASE,
)
_RESOLVER_URL = re.compile(rf"^{_RESOLVER}(?P<doi>{_PREFIX}.+)$", re.IGNORECASE)
_VALID = re.compile(rf"^{_PREFIX}{_SUFFIX}$", re.IGNORECASE)
# Characters that end a sentence after a DOI rather than belong to it.
_TRAILING = ".,;:!?'*"
_PAIRS = {")": "(", "]": "[", ">": "<", "}": "{"}


@dataclass(frozen=True, slots=True)
class FoundDoi:
    """A DOI found in text: where its written form (label or resolver included) stood."""

    start: int
    end: int
    doi: str
    lead: str  # what was written before the DOI itself: "https://doi.org/", "DOI: ", ""


def trim(candidate: str) -> str:
    """``candidate`` without the punctuation of the sentence around it.

    Trailing full stops, commas and the like go; a closing bracket goes only when the DOI
    did not open it (``(97)`` stays in ``10.1016/S0140-6736(97)11096-0``).
    """
    doi = candidate
    while doi:
        last = doi[-1]
        unopened = last in _PAIRS and doi.count(_PAIRS[last]) < doi.count(last)
        if last not in _TRAILING and not unopened:
            break
        doi = doi[:-1]
    return doi


def find_dois(text: str) -> list[FoundDoi]:
    """Every DOI written in ``text``, in order (resolver URLs, labelled and bare forms)."""
    found = []
    for m in DOI_IN_TEXT.finditer(text):
        doi = trim(m.group("doi"))
        if not is_doi(doi):
            continue
        start = m.start("lead") if m.group("lead") else m.start("doi")
        found.append(FoundDoi(start, m.start("doi") + len(doi), doi, m.group("lead") or ""))
    return found


def doi_from_url(url: str) -> str | None:
    """The DOI a resolver URL (``https://doi.org/10.…``, ``dx.doi.org``) names, else None."""
    m = _RESOLVER_URL.match(unquote(url.strip()))
    if m is None:
        return None
    doi = trim(m.group("doi").split("#", 1)[0])
    return doi if is_doi(doi) else None


def is_doi(text: str) -> bool:
    """Whether ``text`` is a syntactically valid DOI (``10.<registrant>/<suffix>``)."""
    return bool(_VALID.match(text)) and len(text.split("/", 1)[1]) > 0


def doi_key(doi: str) -> str:
    """The DOI in the form to compare: DOIs are case-insensitive (ASCII case)."""
    return doi.strip().lower()


def doi_url(doi: str) -> str:
    """The DOI as an https://doi.org/ link (for readers, never fetched by the link checker)."""
    return f"https://doi.org/{doi}"
