"""Helpers for table-driven citation tests."""

from __future__ import annotations

from typing import Any

from citecheck.citations.parse import parse_citations
from citecheck.models import Citation


def one_citation(text: str) -> Citation:
    """The single citation that ``text`` (one footnote) holds."""
    citations = parse_citations(text)
    assert len(citations) == 1, citations
    return citations[0]


def assert_fields(text: str, expected: dict[str, Any]) -> None:
    """``text`` parses to one citation whose named fields equal ``expected``."""
    citation = one_citation(text)
    for name, value in expected.items():
        assert getattr(citation, name) == value, name
