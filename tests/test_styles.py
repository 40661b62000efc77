"""The style registry: every example note is claimed by its own style and no other.

The order of ``STYLES`` decides only notes outside these examples; a new style whose
detector also claims another style's example fails here, whatever its place in the list.
"""

from __future__ import annotations

import pytest

from citecheck.citations.styles import STYLES, detect

EXAMPLES = [(style.name, example) for style in STYLES for example in style.examples]


@pytest.mark.parametrize(("name", "example"), EXAMPLES)
def test_each_example_is_claimed_by_its_style_alone(name: str, example: str) -> None:
    claimed = [style.name for style in STYLES if style.claims(example)]
    assert claimed == [name]


def test_every_style_has_examples_and_a_unique_name() -> None:
    names = [style.name for style in STYLES]
    assert len(set(names)) == len(names)
    assert all(len(style.examples) >= 2 for style in STYLES)


def test_a_style_that_marks_no_title_does_not_claim_a_titled_note() -> None:
    note = "外務省「日中関係（基礎データ）」、<https://www.mofa.go.jp/>"
    style = detect(note)
    assert style is not None
    assert style.name == "japanese"
    assert detect(note, titled=True) is None


def test_chicago_notes_are_left_to_the_general_reader() -> None:
    """Quoted titles and imprints with a colon are Chicago, not Bluebook."""
    assert detect('Kent E. Calder, "China and Japan," Foreign Affairs 85, no. 2 (2006)') is None
    assert detect("John Smith, The Rise of China (New York: Norton, 2010), 45") is None
    gbt = detect("刘春, 舞蹈新媒体初探[J]. 北京舞蹈学院学报, 2005.")
    assert gbt is not None
    assert gbt.name == "gbt7714"
