"""What every writer shares: the note text as it will read, and the preview of the change."""

from __future__ import annotations

import difflib

from citecheck.models import Footnote

_WRAPPERS = (("〈<", ">〉"), ("<<", ">>"), ("<", ">"), ("〈", "〉"), ("(", ")"))


def language_of(footnote: Footnote, url: str) -> str | None:
    """The language of the citation that cites ``url`` in ``footnote``."""
    for citation in footnote.citations:
        if citation.url == url:
            return citation.language
    return footnote.citations[0].language if footnote.citations else None


def wrapper_of(text: str, url: str) -> tuple[str, str]:
    """The brackets the author put around ``url`` in ``text`` (``<``/``>``, …), or none."""
    start = text.find(url)
    if start < 0:
        return "", ""
    end = start + len(url)
    for opening, closing in _WRAPPERS:
        if text[:start].endswith(opening) and text[end:].startswith(closing):
            return opening, closing
    return "", ""


def after_url(text: str, url: str, snapshot: str, phrase: str) -> str:
    """The note's ``text`` with the archive link after ``url`` and its closing bracket."""
    start = text.find(url)
    if start < 0:
        return text
    opening, closing = wrapper_of(text, url)
    end = start + len(url) + len(closing)
    return text[:end] + f"{phrase}{opening}{snapshot}{closing}" + text[end:]


def notes_diff(path: str, before: dict[int, str], after: dict[int, str]) -> str:
    """A unified diff of the changed notes, one line per note, for ``--dry-run``."""
    old = [f"note {n}: {before[n]}\n" for n in sorted(after)]
    new = [f"note {n}: {after[n]}\n" for n in sorted(after)]
    return "".join(difflib.unified_diff(old, new, fromfile=f"a/{path}", tofile=f"b/{path}"))
