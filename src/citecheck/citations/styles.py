"""The registry of citation styles read by a style reader of their own.

Each style is one entry: its name, the cheap strings one of which must occur for it to
apply (a pre-filter before any pattern runs), its detector, its reader and example notes.
``detect`` is the one place that decides a note's style, for splitting (``split``) and
for reading (``parse``). The order is data: the first style whose detector claims a note
reads it; the test matrix (tests/test_styles.py) checks that every example is claimed by
its own style and by no other, so the order matters only for notes outside the examples.

Notes with marked titles (《》, “”, *italics*) that no entry claims are read by the
general reader (``fields``). Adding a style is one module and one line below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from citecheck.citations import author_date, bluebook, gbt7714, gost, japanese, legal, plain_cjk
from citecheck.citations.styled import StyledFields


@dataclass(frozen=True, slots=True)
class Style:
    """One citation style: how to recognise a note in it and how to read it."""

    name: str
    needles: tuple[str, ...]
    """At least one occurs in every note of the style; an empty tuple means no pre-filter."""
    detect: Callable[[str], bool]
    read: Callable[[str], StyledFields]
    examples: tuple[str, ...]
    untitled_only: bool = False
    """The style marks no title: a note with a marked title is not in it."""

    def claims(self, text: str, titled: bool = False) -> bool:
        """Whether a note's plain text (relation word removed) is in this style."""
        if self.untitled_only and titled:
            return False
        if self.needles and not any(map(text.__contains__, self.needles)):
            return False
        return self.detect(text)


STYLES: tuple[Style, ...] = (
    Style("gost", (), gost.looks_gost, gost.read_gost, gost.EXAMPLES),
    Style("gbt7714", ("[", "［"), gbt7714.looks_gbt, gbt7714.read_gbt, gbt7714.EXAMPLES),
    Style("bluebook", ("(", "-", ", 1", ", 2"), bluebook.looks_bluebook, bluebook.read_bluebook,
          bluebook.EXAMPLES),
    Style("japanese", ("『", "「"), japanese.looks_japanese, japanese.read_japanese,
          japanese.EXAMPLES, untitled_only=True),
    Style("legal_case", ("法院",), legal.looks_legal_case, legal.read_legal_case, legal.EXAMPLES,
          untitled_only=True),
    Style("plain_cjk", plain_cjk.NEEDLES, plain_cjk.looks_plain_cjk, plain_cjk.read_plain_cjk,
          plain_cjk.EXAMPLES, untitled_only=True),
    Style("author_date", (), author_date.looks_author_date_note, author_date.read_author_date,
          author_date.EXAMPLES, untitled_only=True),
)  # fmt: skip


# The styles a note may be in, by whether it has a marked title (the order kept).
_CANDIDATES = {False: STYLES, True: tuple(s for s in STYLES if not s.untitled_only)}


def detect(text: str, titled: bool = False) -> Style | None:
    """The style of a note's plain text (relation word removed), or None for notes the
    general reader reads. ``titled``: the note has a marked title (《》, “”, italics)."""
    for style in _CANDIDATES[titled]:
        if style.claims(text, titled):
            return style
    return None
