"""``fix`` on the sample paper as Word writes it: dry run, then --write, on the simulated web."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from test_archive_e2e import archived_web  # noqa: F401  # the fixture, shared

from citecheck.api import parse
from clirun import cli
from fakearchive import FakeArchive
from simweb import SimWeb

DOCX = Path(__file__).resolve().parents[2] / "references" / "formats" / "guo-huang-2014.docx"


def test_fix_write_docx_round_trip(
    archived_web: tuple[SimWeb, FakeArchive, dict[str, str]],  # noqa: F811
    tmp_path: Path,
) -> None:
    """Dry run changes nothing; --write adds archive hyperlinks to exactly the broken or
    changed sources, keeps the .bak, changes only the notes parts; python-docx opens it and
    citecheck reads the same citations back, plus their archive URLs."""
    _, _, expected = archived_web
    copy = tmp_path / "paper.docx"
    shutil.copy(DOCX, copy)
    state = ("--state", str(tmp_path / "s.db"), "--retries", "0")
    dry = cli("fix", str(copy), *state)
    assert dry.code == 0, dry.stderr
    assert dry.stdout.startswith(f"--- a/{copy}")
    assert copy.read_bytes() == DOCX.read_bytes()
    done = cli("fix", str(copy), "--write", *state)
    assert done.code == 0, done.stderr
    assert (tmp_path / "paper.docx.bak").read_bytes() == DOCX.read_bytes()
    with zipfile.ZipFile(DOCX) as old, zipfile.ZipFile(copy) as new:
        changed = {n for n in old.namelist() if old.read(n) != new.read(n)}
    assert changed == {"word/footnotes.xml", "word/_rels/footnotes.xml.rels"}
    before, after = parse(DOCX), parse(copy)
    keys = [(c.title, c.url, c.issued, c.authors) for c in before.citations]
    assert [(c.title, c.url, c.issued, c.authors) for c in after.citations] == keys
    annotated = {c.url: c.archive_url for c in after.citations if c.archive_url}
    assert set(annotated) == set(expected)
    for url, archive_url in annotated.items():
        assert archive_url == f"https://web.archive.org/web/{expected[url]}/{url}"
    docx = pytest.importorskip("docx")
    assert docx.Document(str(copy)).paragraphs
