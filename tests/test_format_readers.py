"""ODT, HTML and LaTeX readers (and DOCX) on papers made by real producers, scored by the judge.

The sample paper as pandoc and LibreOffice wrote it (``references/formats``) against its
gold; a short paper of our own that the readers were not developed on
(``tests/data/unseen-water``: zh-Hans, zh-Hant, en, ru notes; DOCX/LaTeX/HTML by pandoc,
ODT and a second HTML by LibreOffice) against its hand-made gold.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evalkit import FORMATS, SAMPLE_GOLD, SHARED, UNSEEN_WATER, score_file

pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="../shared is not beside the checkout")


@pytest.mark.parametrize(
    ("name", "least_f1"),
    [
        ("guo-huang-2014.docx", 0.99),
        ("guo-huang-2014.odt", 0.97),
        ("guo-huang-2014.html", 0.97),
        ("guo-huang-2014.tex", 0.97),
    ],
)
def test_sample_paper_in_each_format(name: str, least_f1: float, tmp_path: Path) -> None:
    """The sample as DOCX/ODT/HTML/LaTeX: 48/48 notes, 44/44 URLs exactly, F1 at the bar."""
    scores = score_file(FORMATS / name, SAMPLE_GOLD, tmp_path)
    assert (scores["gold"], scores["found"]) == (48, 48), scores["out"]
    assert scores["urls"] == (44, 44), scores["out"]
    assert scores["f1"] >= least_f1, scores["out"]


@pytest.mark.parametrize(
    "name",
    ["paper.docx", "paper.odt", "paper.pandoc.html", "paper.libreoffice.html", "paper.tex"],
)
def test_unseen_paper_in_each_format(name: str, tmp_path: Path) -> None:
    """Our own short zh/en/ru paper, never tuned on: 10/10 notes, 3/3 URLs, F1 ≥ 0.97."""
    scores = score_file(UNSEEN_WATER / name, UNSEEN_WATER / "paper.gold.json", tmp_path)
    assert (scores["gold"], scores["found"]) == (10, 10), scores["out"]
    assert scores["urls"] == (3, 3), scores["out"]
    assert scores["f1"] >= 0.97, scores["out"]
