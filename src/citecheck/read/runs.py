"""Runs of formatted note text (DOCX, ODT) written out as Markdown would hold them.

Office formats store a note as runs: text with properties (italic, small capitals) and
hyperlinks. ``paragraph_text`` turns them into the text the Markdown path reads, so a
note parses the same whichever format it came in:

* a hyperlink's target wins over its visible text: a visible URL is replaced by the
  exact target (a URL shown with spaces is not cut), a link shown as words keeps the
  words and gains ``<target>``;
* italic or small-capital runs become ``*…*``, the Markdown title mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

_WEB_URL = re.compile(r"(?:https?|ftp)://|www\.", re.IGNORECASE)
_URL_TAIL = " \t>〉)]}.,;。，；"


@dataclass(slots=True)
class Segment:
    """A piece of visible note text, with where its run sits in the part (for writers)."""

    text: str
    italic: bool
    target: str | None  # the hyperlink this text is shown for, if any
    run_start: int  # byte offset of the run's start tag in the XML part
    run_end: int = -1  # byte offset of the run's end tag in the XML part


def paragraph_text(segments: list[Segment]) -> str:
    """One paragraph's text: italic runs as ``*…*``, hyperlinks resolved to their targets."""
    return "".join(piece for piece, _ in paragraph_pieces(segments))


def paragraph_pieces(segments: list[Segment]) -> list[tuple[str, int]]:
    """The paragraph's text in pieces, each with the index of the last segment it covers."""
    pieces: list[tuple[str, int]] = []
    i = 0
    while i < len(segments):
        j = i + 1
        key = (segments[i].target, segments[i].italic)
        while j < len(segments) and (segments[j].target, segments[j].italic) == key:
            j += 1
        if segments[i].target is not None:
            while j < len(segments) and segments[j].target == segments[i].target:
                j += 1
        pieces.append((_group_text(segments[i:j]), j - 1))
        i = j
    return pieces


def _group_text(group: list[Segment]) -> str:
    target = group[0].target
    if target is None:
        return _marked("".join(s.text for s in group), italic=group[0].italic)
    shown = "".join(s.text for s in group)
    found = _WEB_URL.search(shown)
    if found:  # the visible URL gives way to the exact target
        tail = len(shown[found.start() :].rstrip(_URL_TAIL))
        return shown[: found.start()] + target + shown[found.start() + tail :]
    words = "".join(_marked(s.text, italic=s.italic) for s in group)
    if not words.strip():
        return f"<{target}>"
    return f"{words.rstrip()} <{target}>{words[len(words.rstrip()) :]}"


def _marked(text: str, *, italic: bool) -> str:
    """``text`` as an italic title mark, its surrounding spaces kept outside the stars."""
    core = text.strip()
    if not italic or not any(ch.isalnum() for ch in core):
        return text
    start = text.index(core)
    return f"{text[:start]}*{core}*{text[start + len(core) :]}"


def web_target(target: str) -> str | None:
    """An external web address as citecheck keeps it (spaces encoded), or None."""
    target = target.strip()
    if not _WEB_URL.match(target):
        return None
    return re.sub(r"\s", lambda m: quote(m.group()), target)
