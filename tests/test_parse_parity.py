"""The parallel parse gives byte-for-byte the JSON of the single-process parse (issue 13).

The speed work moves computing between processes (the child computes identity keys and
sends compact results back) and around the parent's chunk size; none of that may change
a byte of output. Compared on the sample paper, the reference documents, the held-out
eval-data notes and a synthetic book, with every document split across processes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import citecheck.parallel
from citecheck.api import parse, parse_text
from citecheck.citations.parse import parse_citations
from citecheck.export.parse_json import render
from evalkit import EVAL_DATA, ROOT, SAMPLE, SHARED, preview_footnotes

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import book


def _documents() -> dict[str, str]:
    """name → rendered JSON of each document of the comparison."""
    out = {path.name: render(parse(path)) for path in _reference_files()}
    out["synthetic book"] = render(parse_text(book(300, seed=3), name="book"))
    if SHARED.exists():
        for style in ("bdclntu", "wep"):
            index = EVAL_DATA / f"zotero-chinese-styles_{style}_index.md"
            out[style] = render(parse_text(preview_footnotes(index), name=style))
    return out


def _reference_files() -> list[Path]:
    files = [SAMPLE, *sorted((ROOT / "references").glob("sample*"))]
    return [f for f in files if f.suffix in {".md", ".txt", ".docx"}]


def test_parallel_parse_is_byte_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every document parsed in several processes renders exactly as parsed in one."""
    if not citecheck.parallel._can_fork():
        pytest.skip("this platform or process cannot fork")
    monkeypatch.setattr(citecheck.parallel, "MIN_ITEMS_PER_PROCESS", sys.maxsize)
    parse_citations.cache_clear()
    single = _documents()
    # Every document with two notes or more is split across three processes.
    monkeypatch.setattr(citecheck.parallel, "MIN_ITEMS_PER_PROCESS", 1)
    monkeypatch.setattr(citecheck.parallel.os, "cpu_count", lambda: 3)
    parse_citations.cache_clear()  # the parent must parse its part again, not look it up
    parallel = _documents()
    assert sorted(parallel) == sorted(single)
    assert len(single) >= 5
    for name, text in single.items():
        assert parallel[name] == text, name
    assert single[SAMPLE.name].count('"number": ') == 48  # the sample paper's 48 notes


def test_render_writes_a_lone_surrogate_as_json_does() -> None:
    """Text orjson refuses (a lone surrogate from undecodable input) is still rendered."""
    from citecheck.models import Document, Footnote

    document = Document("x.md", "pandoc", "utf-8", (Footnote(1, 3, "bad \udc80 byte"),))
    assert '"text": "bad \udc80 byte"' in render(document)
    assert render(document).startswith('{\n  "document": "x.md",\n  "footnotes": [\n')
