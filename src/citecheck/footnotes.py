"""Find footnotes in decoded text and repair what page breaks did to them.

Three text conventions are recognised, tried in this order:

* PDF-converted Markdown, where markers are ``<sup>N</sup>`` and footnote blocks sit at
  page ends (usually after ``---``);
* Pandoc / GFM footnotes, ``[^id]: text`` with indented continuation paragraphs;
* plain text with a notes section (``Notes`` / ``注釋`` / ``Примечания`` …) whose items are
  numbered ``1.``, ``[1]``, ``1)`` or ``①``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from citecheck.models import Footnote

_SUP_DEF = re.compile(r"^\s*<sup>\s*(\d{1,5})\s*</sup>(\s*)(.*)$")
_SUP_ANY = re.compile(r"<sup>\s*\d{1,5}\s*</sup>")
_PAGE_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_PAGE_NUMBER = re.compile(r"^\s*[-—–]?\s*\d{1,4}\s*[-—–]?\s*$")
_PANDOC_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s?(.*)$")
_PANDOC_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_NOTES_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*)?(?:notes?|endnotes|footnotes|references|bibliography|"
    r"注|註|注释|注釋|註釋|註解|注解|附注|附註|参考文献|參考文獻|"
    r"примечания|сноски|список литературы)\s*[:：]?(?:\*\*)?\s*$",
    re.IGNORECASE,
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PLAIN_ITEM = re.compile(rf"^\s*(?:\[(\d{{1,4}})\]|(\d{{1,4}})[.)]|([{_CIRCLED}]))\s*(.+)$")
# A page-break continuation that starts with the tail of a URL (``VCKDsvmSzxV>, …``).
_URL_TAIL = re.compile(r"^([\w\-#%/.?=&~+:;@!$'()*,]+?)(>{1,2}|〉)")
_OPEN_URL_END = re.compile(r"((?:https?|ftp)://[^\s<>]*?)(>{1,2}|〉)\s*[.,;。，；]?\s*$")
_LATIN_WORD_END = re.compile(r"[A-Za-zА-Яа-яЁё]\**$")


@dataclass(slots=True)
class _Definition:
    number: int
    line: int
    text: str
    score: int


def find_footnotes(text: str) -> tuple[Footnote, ...]:
    """All footnotes in ``text``, numbered as in the document, with repaired text."""
    return find_footnotes_with_style(text)[1]


def find_footnotes_with_style(text: str) -> tuple[str, tuple[Footnote, ...]]:
    """(convention, footnotes): the first convention that finds footnotes in ``text``.

    The convention is ``markdown-sup``, ``pandoc`` or ``plain-notes``; ``none`` when no
    convention finds any footnote.
    """
    lines = text.splitlines()
    finders = (
        ("markdown-sup", _sup_footnotes),
        ("pandoc", _pandoc_footnotes),
        ("plain-notes", _plain_footnotes),
    )
    for style, finder in finders:
        notes = finder(lines)
        if notes:
            return style, notes
    return "none", ()


# --- <sup>N</sup> (PDF-converted Markdown) ---------------------------------------------


def _paragraph(lines: list[str], start: int) -> tuple[str, int]:
    """The paragraph starting at ``start`` and the index after it (page numbers skipped)."""
    parts = [lines[start].strip()]
    i = start + 1
    while i < len(lines) and lines[i].strip() and not _starts_block(lines[i]):
        if not _PAGE_NUMBER.match(lines[i]):
            parts.append(lines[i].strip())
        i += 1
    return join_fragments(parts), i


def _starts_block(line: str) -> bool:
    return bool(_SUP_DEF.match(line) or _PAGE_RULE.match(line) or line.lstrip().startswith("#"))


def _definition_score(lines: list[str], index: int, gap: str, rest: str) -> int:
    """How much a line-initial ``<sup>N</sup>`` looks like a definition, not a body marker.

    Definitions are followed by a space, hold no other markers, and sit in a block after
    a page rule or after another definition; body text that happens to start a line
    (after a page break) fails these tests.
    """
    score = 1 if gap else 0
    if _SUP_ANY.search(rest):
        score -= 2
    prev = index - 1
    while prev >= 0 and not lines[prev].strip():
        prev -= 1
    if prev < 0 or _PAGE_RULE.match(lines[prev]) or _SUP_DEF.match(lines[prev]):
        score += 1
    return score


def _sup_definitions(lines: list[str]) -> list[_Definition]:
    found: dict[int, _Definition] = {}
    for i, line in enumerate(lines):
        m = _SUP_DEF.match(line)
        if not m:
            continue
        number, gap, rest = int(m.group(1)), m.group(2), m.group(3)
        score = _definition_score(lines, i, gap, rest)
        if score < 1:
            continue
        text, _ = _paragraph(lines, i)
        text = _SUP_DEF.sub(r"\3", text, count=1)
        previous = found.get(number)
        if previous is None or score >= previous.score:
            found[number] = _Definition(number, i + 1, text, score)
    return sorted(found.values(), key=lambda d: d.line)


def _continuations(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(line index, text) of paragraphs after a page rule that continue the last footnote.

    A footnote cut by a page break resumes at the top of the next page's footnote block:
    a paragraph right after the rule that is not itself a definition, followed by one.
    """
    for i, line in enumerate(lines):
        if not _PAGE_RULE.match(line):
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines) or _starts_block(lines[j]):
            continue
        text, after = _paragraph(lines, j)
        k = after
        while k < len(lines) and not lines[k].strip():
            k += 1
        if k < len(lines) and _SUP_DEF.match(lines[k]):
            yield j, text


def _sup_footnotes(lines: list[str]) -> tuple[Footnote, ...]:
    definitions = _sup_definitions(lines)
    if not definitions:
        return ()
    for index, tail in _continuations(lines):
        before = [d for d in definitions if d.line - 1 < index]
        if before:
            last = before[-1]
            last.text = join_continuation(last.text, tail)
    return tuple(Footnote(d.number, d.line, d.text) for d in definitions)


def join_fragments(parts: list[str]) -> str:
    """Join the lines of one paragraph, without a space between CJK characters."""
    out = ""
    for part in parts:
        out = _join(out, part) if out else part
    return out


def _join(left: str, right: str) -> str:
    if _is_cjk(left[-1:]) or _is_cjk(right[:1]) or left.endswith(("/", "-")):
        return left + right
    return f"{left} {right}"


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u2e80" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or ch >= "\uff00")


def join_continuation(head: str, tail: str) -> str:
    """Rejoin a footnote with its continuation on the next page.

    Three cuts are common in PDF conversions: inside a URL (the tail starts with the
    URL's remainder and its closing bracket), inside a word (the tail starts in lower
    case, so no space; an emphasis closed before the cut moves after the word), and
    between words or CJK characters.
    """
    url_tail = _URL_TAIL.match(tail)
    open_url = _OPEN_URL_END.search(head)
    if url_tail and open_url and not re.search(r"\s", url_tail.group(1)):
        head = head[: open_url.start(2)].rstrip() + url_tail.group(1) + open_url.group(2)
        return head + tail[url_tail.end() :]
    if tail[:1].islower() and _LATIN_WORD_END.search(head):
        stars = len(head) - len(head.rstrip("*"))
        word_end = re.match(r"[\w'’-]+", tail)
        cut = word_end.end() if word_end else 0
        return head.rstrip("*") + tail[:cut] + "*" * stars + tail[cut:]
    return _join(head, tail)


# --- Pandoc / GFM ---------------------------------------------------------------------


def _pandoc_footnotes(lines: list[str]) -> tuple[Footnote, ...]:
    bodies: dict[str, tuple[int, list[str]]] = {}
    order: list[str] = []
    current: str | None = None
    for i, line in enumerate(lines):
        m = _PANDOC_DEF.match(line)
        if m:
            current = m.group(1)
            bodies[current] = (i + 1, [m.group(2).strip()])
            continue
        if current is not None and (line.startswith(("    ", "\t")) or not line.strip()):
            bodies[current][1].append(line.strip())
            continue
        current = None
        order.extend(ref for ref in _PANDOC_REF.findall(line) if ref not in order)
    order.extend(label for label in bodies if label not in order)
    notes = []
    for number, label in enumerate((lb for lb in order if lb in bodies), start=1):
        line_no, parts = bodies[label]
        paragraphs = "\n".join(parts).strip().split("\n\n")
        text = "\n\n".join(join_fragments(p.split("\n")) for p in paragraphs)
        notes.append(Footnote(number, line_no, text, label=label))
    return tuple(notes)


# --- plain text with a notes section ----------------------------------------------------


def _plain_footnotes(lines: list[str]) -> tuple[Footnote, ...]:
    start = next((i for i, line in enumerate(lines) if _NOTES_HEADING.match(line)), None)
    if start is None:
        return ()
    notes: list[Footnote] = []
    i = start + 1
    while i < len(lines):
        m = _PLAIN_ITEM.match(lines[i])
        if not m:
            i += 1
            continue
        number = _item_number(m)
        parts = [m.group(4).strip()]
        i += 1
        while i < len(lines) and lines[i].strip() and not _PLAIN_ITEM.match(lines[i]):
            parts.append(lines[i].strip())
            i += 1
        notes.append(Footnote(number, i - len(parts) + 1, join_fragments(parts)))
    return tuple(notes)


def _item_number(m: re.Match[str]) -> int:
    if m.group(3):
        return _CIRCLED.index(m.group(3)) + 1
    return int(m.group(1) or m.group(2))
