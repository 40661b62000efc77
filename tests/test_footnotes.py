"""Footnote discovery and page-break repair on real and synthetic documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.footnotes import find_footnotes, join_continuation

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "references" / "guo-huang-2014.md"


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not beside the checkout")
def test_sample_paper_footnotes_and_lines_match_gold() -> None:
    """All 48 footnotes of the sample paper are found on the gold's definition lines."""
    gold = json.loads((SHARED / "corpus" / "guo-huang-2014.gold.json").read_text("utf-8"))
    notes = find_footnotes(SAMPLE.read_text("utf-8"))
    assert [(n.number, n.line) for n in notes] == [
        (f["number"], f["line"]) for f in gold["footnotes"]
    ]


def test_word_cut_by_page_break_is_rejoined_inside_emphasis() -> None:
    """'*Reuter*' + 's, August 3' becomes '*Reuters*, August 3' (word cut by a page break)."""
    assert join_continuation("“Title,” *Reuter*", "s, August 3, 2014.") == (
        "“Title,” *Reuters*, August 3, 2014."
    )


def test_url_tail_on_next_page_is_put_back_into_the_url() -> None:
    """A URL's tail at the top of the next page returns inside the URL's brackets."""
    joined = join_continuation("A, <<http://x.ru/a/3195#>>.", "VCKDsvm>, Б, “Т,” *K*")
    assert joined.startswith("A, <<http://x.ru/a/3195#VCKDsvm>>")
    assert joined.endswith(", Б, “Т,” *K*")


def test_body_marker_at_line_start_is_not_a_definition() -> None:
    """A body line that starts with a marker (after a page break) is not taken as the note."""
    text = "\n".join(
        [
            "Body text.<sup>1</sup>",
            "",
            "---",
            "",
            "<sup>1</sup> Note one.",
            "",
            "<sup>2</sup>continued body text with a marker.<sup>3</sup>",
            "",
            "---",
            "",
            "<sup>2</sup> Note two.",
            "",
            "<sup>3</sup> Note three.",
        ]
    )
    notes = find_footnotes(text)
    assert [(n.number, n.line, n.text) for n in notes] == [
        (1, 5, "Note one."),
        (2, 11, "Note two."),
        (3, 13, "Note three."),
    ]


def test_pandoc_footnotes_numbered_by_reference_order_with_paragraphs() -> None:
    """Pandoc notes are numbered in order of reference and keep indented paragraphs."""
    text = (
        "A claim.[^b] Another.[^a]\n\n[^a]: First def.\n\n"
        "[^b]: Second def,\n    wrapped.\n\n    Para two.\n"
    )
    notes = find_footnotes(text)
    assert [(n.number, n.label, n.line) for n in notes] == [(1, "b", 5), (2, "a", 3)]
    assert notes[0].text == "Second def, wrapped.\n\nPara two."


def test_plain_text_notes_section() -> None:
    """A plain-text notes section with '注釋' heading and numbered items is read."""
    text = (
        "正文。1\n\n註釋\n1. 林宗達，《國際關係理論概要》（台北：晶典文化，2011年）。\n"
        "[2] Second note\n   wrapped.\n"
    )
    notes = find_footnotes(text)
    assert [(n.number, n.line) for n in notes] == [(1, 4), (2, 5)]
    assert notes[1].text == "Second note wrapped."


def test_a_wrapped_line_that_starts_with_a_number_is_not_a_note() -> None:
    text = (
        "Notes\n\n"
        "1. Габуев А. Друзья поневоле // Московский центр Карнеги. URL: https://carnegie.ru/x "
        "(дата обращения:\n"
        "   20.09.2019).\n"
        "2. Гудков Л. Д. Абортивная модернизация. М.: РОССПЭН,\n"
        "2011. С. 112.\n"
        "3. Там же.\n"
    )
    notes = find_footnotes(text)
    assert [n.number for n in notes] == [1, 2, 3]
    assert notes[0].text.endswith("(дата обращения: 20.09.2019).")
    assert notes[1].text.endswith("М.: РОССПЭН, 2011. С. 112.")
