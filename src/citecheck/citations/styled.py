"""The fields a bracket-free citation style states (GOST, GB/T 7714, unmarked references).

Each of those readers fills one ``StyledFields``; ``parse`` turns it into a ``Citation``
the same way for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from citecheck.citations.patterns import dashed
from citecheck.models import DateParts, Name

__all__ = ["StyledFields", "dashed"]


@dataclass
class StyledFields:
    """What a note in a bracket-free style states (empty where it says nothing)."""

    type: str | None = None  # when the style names it (GB/T 7714's [J], [M], …)
    authors: tuple[Name, ...] = ()
    et_al: bool = False
    editors: tuple[Name, ...] = ()
    title: str | None = None
    container: str | None = None
    issued: tuple[DateParts, ...] = ()
    accessed: tuple[DateParts, ...] = ()
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    publisher: str | None = None
    place: str | None = None
    short: bool = False  # a short form ("Kotkin (1995), p. 60") that names its work only
    language: str | None = None  # when the style implies it (Japanese notes: "ja")
