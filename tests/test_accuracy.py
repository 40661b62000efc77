"""Parsing accuracy against hand-made gold: the sample paper and the held-out Chinese notes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from citecheck.api import parse, parse_text
from citecheck.export.parse_json import parse_report
from evalkit import (
    EVAL_DATA,
    SAMPLE,
    SAMPLE_GOLD,
    SHARED,
    cli_parse_json,
    field_f1,
    gold_for_style,
    preview_footnotes,
    run_scorer,
)

pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="../shared is not beside the checkout")


def _score_lines(tmp_path: Path) -> str:
    return run_scorer(SAMPLE_GOLD, cli_parse_json(SAMPLE, tmp_path))


def test_sample_paper_scores_against_its_gold(tmp_path: Path) -> None:
    """The CLI's JSON for the sample paper: 48/48 notes and lines, 54/54 citations, F1 ≥ 0.97."""
    out = _score_lines(tmp_path)
    assert "footnotes: gold 48, found 48, precision 1.000, recall 1.000, line right 48/48" in out
    assert "citations: gold 54, matched 54, spurious 0" in out
    f1 = float(re.search(r"field F1 = ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    assert f1 >= 0.97, out


def test_same_work_groups_share_ids_and_only_they_do() -> None:
    """Citations in one gold same_work group share an id; different works never do."""
    gold = json.loads(SAMPLE_GOLD.read_text("utf-8"))
    document = parse(SAMPLE)
    ids = {(n.number, i): c.work_id for n in document.footnotes for i, c in enumerate(n.citations)}
    grouped: set[tuple[int, int]] = set()
    for group in gold["same_work"]:
        members = [tuple(m) for m in group]
        assert len({ids[m] for m in members}) == 1, members  # type: ignore[index]
        grouped.update(members)  # type: ignore[arg-type]
    group_ids = [ids[tuple(g[0])] for g in gold["same_work"]]  # type: ignore[index]
    singles = [work_id for place, work_id in ids.items() if place not in grouped]
    assert len(set(singles)) == len(singles)
    assert not set(singles) & set(group_ids)
    assert len(set(ids.values())) == 48


@pytest.mark.parametrize("style", ["bdclntu", "wep"])
def test_held_out_chinese_footnotes_field_f1(style: str) -> None:
    """The zotero-chinese style previews parse with field F1 ≥ 0.90 against their CSL items."""
    index = EVAL_DATA / f"zotero-chinese-styles_{style}_index.md"
    document = parse_text(preview_footnotes(index), name=index.name)
    gold: list[dict[str, Any]] = gold_for_style(style)
    assert len(document.footnotes) == len(gold)
    scores = field_f1(gold, parse_report(document))
    assert scores["f1"] >= 0.90, scores


def test_held_out_grobid_chinese_references_titles_and_journals() -> None:
    """GROBID's 61 Chinese reference strings (TEI gold): titles and journals mostly right.

    Korean journals' reference lists, many without 《》 or 〈〉; some gold labels are noisy
    (the README names one), so the bar is 80% exact titles and 70% exact journals.
    """
    tei = {"t": "http://www.tei-c.org/ns/1.0"}
    root = ElementTree.parse(EVAL_DATA / "grobid_kisti_test_zh.tei.xml").getroot()
    titles = journals = with_journal = 0
    references = root.findall(".//t:bibl", tei)
    for bibl in references:
        text = re.sub(r"\s+", " ", "".join(bibl.itertext())).strip()
        gold_title = bibl.find("t:title[@level='a']", tei)
        gold_journal = bibl.find("t:title[@level='j']", tei)
        cited = parse_text(f"x<sup>1</sup>\n\n<sup>1</sup> {text}\n").citations
        first = cited[0] if cited else None
        if first and gold_title is not None and first.title == "".join(gold_title.itertext()):
            titles += 1
        if gold_journal is not None:
            with_journal += 1
            journal = "".join(gold_journal.itertext()).strip()
            journals += bool(first and first.container_title == journal)
    assert len(references) == 61
    assert titles >= 0.8 * len(references), titles
    assert journals >= 0.7 * with_journal, journals
