"""The speed work changes no byte of parse output (issue 13).

``data/parse-snapshot/guo-huang-2014.json`` is ``citecheck parse --format json`` of the
sample paper as main wrote it at commit ae33c57, before the parser's speed work; the
digest below is that commit's JSON of a 3,000-note synthetic book (too large to commit).
Both were written once and are compared byte for byte. A deliberate change to what is
parsed updates them in the same commit, saying so (the sample's accuracy itself is judged
against the hand-made gold by tests/test_sample_paper.py, not here).
"""

from __future__ import annotations

import difflib
import hashlib
import sys
from dataclasses import replace

from citecheck.api import parse, parse_text
from citecheck.citations.parse import parse_citations
from citecheck.export.parse_json import render
from evalkit import ROOT, SAMPLE

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import book

SNAPSHOT = ROOT / "tests" / "data" / "parse-snapshot" / "guo-huang-2014.json"
# sha256 of render(parse_text(book(3000, seed=99), name="book")) at ae33c57.
BOOK_DIGEST = "38ffe06859eb273e760c6fea3771b4f0b1236c27c4951fc6cbe5ba00561bcbda"


def test_sample_paper_json_is_unchanged() -> None:
    parse_citations.cache_clear()
    document = replace(parse(SAMPLE), path="references/guo-huang-2014.md")
    now, before = render(document), SNAPSHOT.read_text("utf-8")
    diff = "\n".join(difflib.unified_diff(before.splitlines(), now.splitlines(), lineterm=""))
    assert now == before, diff[:3000]


def test_synthetic_book_json_is_unchanged() -> None:
    parse_citations.cache_clear()
    rendered = render(parse_text(book(3000, seed=99), name="book"))
    assert hashlib.sha256(rendered.encode("utf-8")).hexdigest() == BOOK_DIGEST
