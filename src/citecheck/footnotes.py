"""Find footnotes in decoded text and repair what page breaks did to them.

Four text conventions are recognised:

* PDF-converted Markdown, where markers are ``<sup>N</sup>`` and footnote blocks sit at
  page ends (usually after ``---``);
* Pandoc / GFM footnotes, ``[^id]: text`` with indented continuation paragraphs;
* plain text with a notes section (``Notes`` / ``注釋`` / ``Примечания`` …) whose items are
  numbered ``1.``, ``[1]``, ``1)`` or ``①``;
* notes marked at the start of a line by ``①`` (mainland Chinese journals), Unicode
  superscripts ``¹`` or Pandoc's ``^1^``, the same marks standing in the body text; such
  notes are often numbered afresh on each page.

Every convention is tried and the one that finds the most notes wins (ties go to the
earlier one), so a bibliography after page-marked notes does not hide them. One pass over
the lines first notes where each starts (its first non-space character): a convention none
of whose blocks can start on any line is not tried, and each looks only at the lines that
can start its blocks.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from citecheck.models import Footnote

_SUP_DEF = re.compile(r"^\s*<sup>\s*(\d{1,5})\s*</sup>(\s*)(.*)$")
_SUP_ANY = re.compile(r"<sup>\s*\d{1,5}\s*</sup>")
_PAGE_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_RULE_STARTS = "-*_"
_PAGE_NUMBER = re.compile(r"^\s*[-—–·]?\s*\d{1,4}\s*[-—–·]?\s*$")
# Lines that PDF sources print on every page and converters keep: page numbers ("— 12 —",
# "· 57 ·", "Page 3 of 30"), JSTOR's download stamp, CNKI's copyright line.
_PAGE_DEBRIS = re.compile(
    r"^\s*(?:[-—–·]?\s*\d{1,4}\s*[-—–·]?|Page\s+\d+\s+of\s+\d+|This content downloaded from\b.*|"
    r"All use subject to\b.*|\(C\)\s*1994-20\d\d China Academic Journal\b.*)\s*$",
    re.IGNORECASE,
)
# The text formats that ``fix`` can write archive links into.
TEXT_FORMATS = ("markdown-sup", "pandoc", "plain-notes", "page-marks")
_PANDOC_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s?(.*)$")
_PANDOC_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_NOTES_WORDS = (
    "notes?|endnotes|footnotes|references|bibliography|"
    "注|註|注释|注釋|註釋|註解|注解|附注|附註|参考文献|參考文獻|"
    "примечания|сноски|список литературы"
)
_NOTES_HEADING = re.compile(
    rf"^\s*(?:#{{1,6}}\s*)?(?:\*\*)?(?:{_NOTES_WORDS})\s*[:：]?(?:\*\*)?\s*$", re.IGNORECASE
)
# The first non-space character of a heading: "#", "*" or a word's first letter, in any
# case as the heading pattern takes it (it matches a word letter by letter, so the first
# letter of any match is matched by the word's first letter under the same flags).
_HEADING_START = re.compile(
    "|".join(["#", r"\*", *{word[0] for word in _NOTES_WORDS.split("|")}]), re.IGNORECASE
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# "1. Note", "[1] Note", "1) Note", "① Note" — but not "20.09.2019)." wrapped from a note.
_PLAIN_ITEM = re.compile(rf"^\s*(?:\[(\d{{1,4}})\]|(\d{{1,4}})[.)](?=\s)|([{_CIRCLED}]))\s*(.+)$")
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
    label: str | None = None  # the mark as printed, when it is not the note's number


def find_footnotes(text: str) -> tuple[Footnote, ...]:
    """All footnotes in ``text``, numbered as in the document, with repaired text."""
    return find_footnotes_with_style(text)[1]


def find_footnotes_with_style(text: str) -> tuple[str, tuple[Footnote, ...]]:
    """(convention, footnotes): the convention that finds the most footnotes in ``text``.

    The convention is ``markdown-sup``, ``pandoc``, ``plain-notes`` or ``page-marks``
    (ties go to the earlier one); ``none`` when no convention finds any footnote.
    """
    doc = _Lines.of(text)
    finders = (
        ("markdown-sup", "<sup>", _sup_footnotes),
        ("pandoc", "[^", _pandoc_footnotes),
        ("plain-notes", "", _plain_footnotes),
        ("page-marks", "", _page_mark_footnotes),
    )
    best: tuple[str, tuple[Footnote, ...]] = ("none", ())
    for style, needed, finder in finders:
        if needed not in text:  # a convention whose mark the text never uses finds nothing
            continue
        notes = finder(doc)
        if len(notes) > len(best[1]):
            best = (style, notes)
    return best


@dataclass(frozen=True, slots=True)
class _Lines:
    """A document's lines, and in one string each line's first non-space character (a
    space for a blank line)."""

    lines: list[str]
    heads: str
    starts: frozenset[str]  # every line's first character, for "can any line start …"

    @classmethod
    def of(cls, text: str) -> _Lines:
        lines = text.splitlines()
        # lstrip strips what the patterns' leading \s* takes (str.isspace), so a pattern
        # that needs a character after \s* can match only where it is the line's first
        heads = "".join([(line.lstrip() or " ")[0] for line in lines])
        return cls(lines, heads, frozenset(heads))

    def starting_with(self, char: str) -> Iterator[int]:
        """The indices of the lines whose first non-space character is ``char``."""
        i = self.heads.find(char)
        while i >= 0:
            yield i
            i = self.heads.find(char, i + 1)


# --- <sup>N</sup> (PDF-converted Markdown) ---------------------------------------------


def _paragraph(
    lines: list[str], start: int, starts_block: Callable[[str], bool] | None = None
) -> tuple[str, int]:
    """The paragraph starting at ``start`` and the index after it (page debris skipped)."""
    first = lines[start].strip()
    i = start + 1
    if _ends_paragraph(lines, start):
        return first, i  # one line, the commonest paragraph: nothing to join
    starts_block = starts_block or _starts_block
    parts = [first]
    while i < len(lines) and lines[i].strip() and not starts_block(lines[i]):
        if not _PAGE_DEBRIS.match(lines[i]):
            parts.append(lines[i].strip())
        i += 1
    return join_fragments(parts), i


def _ends_paragraph(lines: list[str], index: int) -> bool:
    """Whether the line at ``index`` is the last of its paragraph (a blank line follows)."""
    return index + 1 == len(lines) or not lines[index + 1].strip()


def _sup_definition(line: str) -> re.Match[str] | None:
    """The match of a line that starts with ``<sup>N</sup>``; the test for ``<sup>`` skips
    the pattern on the many lines that cannot match it."""
    return _SUP_DEF.match(line) if "<sup>" in line else None


def _starts_block(line: str) -> bool:
    return bool(_sup_definition(line) or _PAGE_RULE.match(line) or line.lstrip().startswith("#"))


def _definition_score(gap: str, rest: str, after_block: bool) -> int:
    """How much a line-initial ``<sup>N</sup>`` looks like a definition, not a body marker.

    Definitions are followed by a space (``gap``), hold no other markers, and sit in a
    block after a page rule or after another definition (``after_block``); body text that
    happens to start a line (after a page break) fails these tests.
    """
    score = (1 if gap else 0) + (1 if after_block else 0)
    if "<sup>" in rest and _SUP_ANY.search(rest):
        score -= 2
    return score


def _sup_scan(doc: _Lines) -> tuple[list[_Definition], list[int]]:
    """One pass over the lines: the candidate definitions, and where the page rules are."""
    lines = doc.lines
    candidates: list[_Definition] = []
    rules: list[int] = []
    after_block = True  # the last non-blank line is a page rule or a definition, or none
    for i, head in enumerate(doc.heads):
        m = _SUP_DEF.match(lines[i]) if head == "<" else None
        if m is None:
            if head != " ":  # blank lines do not change what the last line was
                after_block = head in _RULE_STARTS and bool(_PAGE_RULE.match(lines[i]))
                if after_block:
                    rules.append(i)
            continue
        number, gap, rest = m.groups()
        score = _definition_score(gap, rest, after_block)
        after_block = True
        if score >= 1:
            text = _definition_text(lines, i, rest.rstrip())
            candidates.append(_Definition(int(number), i + 1, text, score))
    return candidates, rules


def _definition_text(lines: list[str], index: int, rest: str) -> str:
    """The text of the definition on line ``index``, whose mark is followed by ``rest``
    (stripped) on that line.

    The paragraph starts with the stripped line, which ends with ``rest``; what comes
    before ``rest`` is the mark and the space after it (all of it, also the space that
    joins an empty rest to the next line, as ``_SUP_DEF`` takes it).
    """
    if _ends_paragraph(lines, index):
        return rest  # the paragraph is the stripped line
    text, _ = _paragraph(lines, index)
    return text[len(lines[index].strip()) - len(rest) :].lstrip()


def _sup_definitions(candidates: list[_Definition]) -> list[_Definition]:
    """The definitions among ``candidates``, in line order."""
    numbers = [d.number for d in candidates]
    if _numbered_per_page(numbers):
        return _renumbered(candidates)
    if len(set(numbers)) == len(numbers):
        return candidates  # no number given twice: every candidate stands
    found: dict[int, _Definition] = {}
    for definition in candidates:
        previous = found.get(definition.number)
        if previous is None or definition.score >= previous.score:
            found[definition.number] = definition
    return sorted(found.values(), key=lambda d: d.line)


def _numbered_per_page(numbers: list[int]) -> bool:
    """Whether note numbers start again at 1 on later pages (1 2 1 2 3 …)."""
    return numbers.count(1) > 1 and all(b in (a + 1, 1) for a, b in itertools.pairwise(numbers))


def _renumbered(definitions: list[_Definition]) -> list[_Definition]:
    """Notes numbered per page, numbered through the document (each note's number on its
    page kept as its label)."""
    return [
        _Definition(index, d.line, d.text, d.score, label=str(d.number))
        for index, d in enumerate(definitions, start=1)
    ]


def _continuations(lines: list[str], rules: list[int]) -> Iterator[tuple[int, str]]:
    """(line index, text) of paragraphs after a page rule that continue the last footnote.

    A footnote cut by a page break resumes at the top of the next page's footnote block:
    a paragraph right after the rule (``rules`` holds their indices) that is not itself a
    definition, followed by one.
    """
    for i in rules:
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines) or _starts_block(lines[j]):
            continue
        text, after = _paragraph(lines, j)
        k = after
        while k < len(lines) and not lines[k].strip():
            k += 1
        if k < len(lines) and _sup_definition(lines[k]):
            yield j, text


def _sup_footnotes(doc: _Lines) -> tuple[Footnote, ...]:
    candidates, rules = _sup_scan(doc)
    definitions = _sup_definitions(candidates)
    if not definitions:
        return ()
    starts = [d.line - 1 for d in definitions]  # in order: definitions are in line order
    for index, tail in _continuations(doc.lines, rules):
        before = bisect.bisect_left(starts, index)  # how many definitions start above
        if before:
            last = definitions[before - 1]
            last.text = join_continuation(last.text, tail)
    return tuple(Footnote(d.number, d.line, d.text, label=d.label) for d in definitions)


def join_fragments(parts: list[str]) -> str:
    """Join the lines of one paragraph, without a space between CJK characters."""
    pieces: list[str] = []
    tail = ""  # the end of the text joined so far: all that the next join looks at
    for part in parts:
        separator = _separator(tail, part) if tail else ""
        pieces += (separator, part)
        tail = (tail + separator + part)[-_JOIN_CONTEXT:]
    return "".join(pieces)


def _join(left: str, right: str) -> str:
    return left + _separator(left[-_JOIN_CONTEXT:], right) + right


def _separator(left: str, right: str) -> str:
    """What goes between two lines of a paragraph: nothing inside CJK text or a cut URL."""
    if _is_cjk(left[-1:]) or _is_cjk(right[:1]) or left.endswith(("/", "-")):
        return ""
    if _URL_REST.match(right) and _url_cut(left):
        return ""  # a URL wrapped at the line end: no space was ever in it
    return " "


def _url_cut(text: str) -> bool:
    """Whether ``text`` ends in a URL that the line end cut: inside an open ``<…`` wrapper,
    or ending where no URL ends (``…?id=``)."""
    text = text.removesuffix("\n")  # a pattern's "$" would match before a final newline
    bracket = max(text.rfind("<"), text.rfind(">"))  # an open wrapper's "<" is the last one
    if bracket >= 0 and text[bracket] == "<" and _OPEN_URL.match(text, bracket + 1):
        return True
    if text[-1:] not in _URL_CANNOT_END:
        return False
    words = text.rsplit(None, 1)
    return bool(words and _SCHEME.search(words[-1]))


_OPEN_URL = re.compile(r"\s*(?:https?|ftp)://[^\s<>]*\Z")
_SCHEME = re.compile(r"(?:https?|ftp)://")
_URL_CANNOT_END = tuple("=&?_.%#~+")
_URL_REST = re.compile(r"[\w\-#%/.?=&~+:;@!$'*,]")
# How much of the text before a line break decides the join: more than any real URL
# (servers refuse request lines of a few kB), and a bound that keeps a paragraph of
# thousands of lines linear to join.
_JOIN_CONTEXT = 4096


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


def _pandoc_footnotes(doc: _Lines) -> tuple[Footnote, ...]:
    lines = doc.lines
    bodies: dict[str, tuple[int, list[str]]] = {}
    order: dict[str, None] = {}  # labels in order of first reference (a dict: fast lookups)
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
        order.update(dict.fromkeys(_PANDOC_REF.findall(line)))
    order.update(dict.fromkeys(bodies))  # notes never referenced come last
    notes = []
    for number, label in enumerate((lb for lb in order if lb in bodies), start=1):
        line_no, parts = bodies[label]
        paragraphs = "\n".join(parts).strip().split("\n\n")
        text = "\n\n".join(join_fragments(p.split("\n")) for p in paragraphs)
        notes.append(Footnote(number, line_no, text, label=label))
    return tuple(notes)


# --- plain text with a notes section ----------------------------------------------------


def _plain_footnotes(doc: _Lines) -> tuple[Footnote, ...]:
    lines = doc.lines
    start = _notes_heading(doc)
    if start is None:
        return ()
    notes: list[Footnote] = []
    i = start + 1
    while i < len(lines):
        if notes and _NOTES_HEADING.match(lines[i]):
            break  # "注释" then "参考文献": the bibliography after the notes is not notes
        m = _PLAIN_ITEM.match(lines[i])
        last = notes[-1].number if notes else 0
        if not m or not _next_item(_item_number(m), last):
            i += 1  # prose, or a number out of sequence ("2011. С. 112." wrapped alone)
            continue
        number = _item_number(m)
        parts = [m.group(4).strip()]
        i += 1
        while i < len(lines) and lines[i].strip() and not _item_starts(lines[i], number):
            parts.append(lines[i].strip())
            i += 1
        notes.append(Footnote(number, i - len(parts) + 1, join_fragments(parts)))
    return tuple(notes)


def _notes_heading(doc: _Lines) -> int | None:
    """The index of the first line that heads a notes section, if any; only lines whose
    first character can start a heading are tried."""
    found = (_first_heading(doc, char) for char in doc.starts if _HEADING_START.match(char))
    return min((i for i in found if i is not None), default=None)


def _first_heading(doc: _Lines, char: str) -> int | None:
    """The index of the first heading line that starts with ``char``, if any."""
    lines = (i for i in doc.starting_with(char) if _NOTES_HEADING.match(doc.lines[i]))
    return next(lines, None)


def _next_item(number: int, last: int) -> bool:
    """Whether ``number`` can follow note ``last`` (notes may skip a few numbers)."""
    return last < number <= last + 10


def _item_starts(line: str, last: int) -> bool:
    m = _PLAIN_ITEM.match(line)
    return bool(m and _next_item(_item_number(m), last))


def _item_number(m: re.Match[str]) -> int:
    if m.group(3):
        return _CIRCLED.index(m.group(3)) + 1
    return int(m.group(1) or m.group(2))


# --- ①, ¹ and ^1^ marks at the start of a line ---------------------------------------

_CIRCLED_ALL = (
    _CIRCLED
    + "".join(chr(c) for c in range(0x3251, 0x3260))  # ㉑ … ㉟
    + "".join(chr(c) for c in range(0x32B1, 0x32C0))  # ㊱ … ㊿
)
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS, "0123456789")


@dataclass(frozen=True, slots=True)
class _MarkStyle:
    """One way of marking notes: the mark at the start of a definition, and anywhere."""

    definition: re.Pattern[str]  # groups: the mark, the note's text
    mark: re.Pattern[str]
    value: Callable[[str], int]
    starts: frozenset[str]  # the characters a definition can start with


_MARK_STYLES = (
    _MarkStyle(
        re.compile(rf"^\s*([{_CIRCLED_ALL}])\s*(\S.*)$"),
        re.compile(f"[{_CIRCLED_ALL}]"),
        lambda mark: _CIRCLED_ALL.index(mark) + 1,
        frozenset(_CIRCLED_ALL),
    ),
    _MarkStyle(
        re.compile(rf"^\s*([{_SUPERSCRIPTS}]{{1,3}})\s*(\S.*)$"),
        re.compile(f"[{_SUPERSCRIPTS}]+"),
        lambda mark: int(mark.translate(_FROM_SUPERSCRIPT)),
        frozenset(_SUPERSCRIPTS),
    ),
    _MarkStyle(
        re.compile(r"^\s*\^(\d{1,4})\^\s*(\S.*)$"),
        re.compile(r"\^\d{1,4}\^"),
        lambda mark: int(mark.strip("^")),
        frozenset("^"),
    ),
)
# "参见本文第 57 页注②", "同④，第 90 页": a note that points at another note holds its mark.
_CROSS_REFERENCE = re.compile(r"(?:同|见|見|注|註|notes?|примечание)\s*\S{1,3}", re.IGNORECASE)
# A note that ends without closing punctuation was cut by the page break.
_CLOSING = "。．.!?！？)）]」』》〉>\"”'’"


def _page_mark_footnotes(doc: _Lines) -> tuple[Footnote, ...]:
    # a style finds notes only from definitions, which start lines with its mark
    found = [
        _marked_notes(doc.lines, style)
        for style in _MARK_STYLES
        if not style.starts.isdisjoint(doc.starts)
    ]
    return max(found, key=len, default=())


def _marked_notes(lines: list[str], style: _MarkStyle) -> tuple[Footnote, ...]:
    """Notes whose definitions start with ``style``'s mark, which also stands in the body.

    A line that holds a second mark is body text (or a list), not a definition; a
    paragraph with no mark just before the next page's notes continues the note that the
    page break cut.
    """

    def is_definition(line: str) -> bool:
        m = style.definition.match(line)
        return bool(m and not style.mark.search(_CROSS_REFERENCE.sub("", m.group(2))))

    definitions: list[_Definition] = []
    in_body = False
    leads_into_notes = _LeadsIntoNotes(lines, is_definition)
    i = 0
    while i < len(lines):
        line = lines[i]
        m = style.definition.match(line)
        if not is_definition(line) or m is None:
            in_body = in_body or bool(style.mark.search(line))
            if definitions and _continues_note(line, definitions[-1]) and leads_into_notes(i):
                text, i = _paragraph(lines, i, is_definition)
                definitions[-1].text = join_continuation(definitions[-1].text, text)
                continue
            i += 1
            continue
        text, after = _paragraph(lines, i, is_definition)
        body = style.definition.sub(r"\2", text, count=1)
        definitions.append(_Definition(style.value(m.group(1)), i + 1, body, 1, m.group(1)))
        i = after
    if not in_body:  # marks only at line starts: a numbered list, not notes
        return ()
    numbers = [d.number for d in definitions]
    if _numbered_per_page(numbers):
        definitions = [
            _Definition(n, d.line, d.text, 1, d.label) for n, d in enumerate(definitions, 1)
        ]
    elif any(b <= a for a, b in itertools.pairwise(numbers)):
        return ()  # neither one sequence nor one per page: not notes
    return tuple(Footnote(d.number, d.line, d.text, label=d.label) for d in definitions)


def _continues_note(line: str, last: _Definition) -> bool:
    """Whether ``line`` can be the tail of ``last``, cut by a page break: the note ends
    unfinished, and the line is neither blank nor page debris. (The tail must also lead
    straight into the next page's notes: ``_LeadsIntoNotes``.)"""
    return bool(line.strip()) and not _PAGE_DEBRIS.match(line) and not _finished(last.text)


def _finished(text: str) -> bool:
    """Whether ``text`` ends with closing punctuation (then trailing space, if any)."""
    end = text.rstrip()[-1:]  # rstrip copies nothing from a text that ends unspaced
    return bool(end) and end in _CLOSING


@dataclass(slots=True)
class _LeadsIntoNotes:
    """Whether the paragraph holding a line leads straight into a note definition.

    All the lines of a paragraph share the answer, so it is found once per paragraph:
    asked line after line, a long body paragraph is read once, not once per line.
    """

    lines: list[str]
    is_definition: Callable[[str], bool]
    end: int = 0  # where the paragraph last looked at ends
    answer: bool = False

    def __call__(self, index: int) -> bool:
        if index >= self.end:  # asked in line order: a line before ``end`` is in that paragraph
            _, self.end = _paragraph(self.lines, index, self.is_definition)
            after = self.end
            while after < len(self.lines) and not self.lines[after].strip():
                after += 1
            self.answer = after < len(self.lines) and self.is_definition(self.lines[after])
        return self.answer
