"""DOCX reader: footnotes (word/footnotes.xml) and endnotes (word/endnotes.xml).

Notes are numbered in the order the body references them, as Word displays them. A
Word file has no source lines, so a note's ``line`` is None (``Document.text`` holds the
body, one paragraph per line). Each note is written out the way the Markdown path
writes one, so that Word notes parse like the same notes in Markdown:

* a hyperlink's target wins over its visible text (a relationship target or a
  ``HYPERLINK`` field): a visible URL is replaced by the exact target, and a link shown
  as words keeps the words and gains ``<target>``;
* italics (``w:i``) and small capitals (``w:smallCaps``, book titles in legal style),
  set on the run or by its character style, become ``*…*`` title marks.

The parts are read through ``read.package``: bounded inflation, streaming XML, no DOCTYPE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from citecheck.errors import InputError
from citecheck.models import Document, Footnote
from citecheck.read.package import Package, open_package
from citecheck.read.runs import Segment, paragraph_text, web_target

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
BODY = "word/document.xml"
NOTE_PARTS = {"footnote": "word/footnotes.xml", "endnote": "word/endnotes.xml"}
_STYLES = "word/styles.xml"
_SPECIAL_NOTES = ("separator", "continuationSeparator", "continuationNotice")
_OFF = ("0", "false", "off", "none")
_FIELD_LINK = re.compile(r'^\s*HYPERLINK\s+((?:\\\w\s+)*)"?([^"\s]+)', re.IGNORECASE)


@dataclass(slots=True)
class WordNote:
    """One footnote or endnote: its id and its paragraphs of segments."""

    kind: str
    note_id: str
    paragraphs: list[list[Segment]] = field(default_factory=list)
    end_offset: int = -1  # byte offset of the note's end tag


@dataclass(frozen=True, slots=True)
class _Reference:
    kind: str  # "footnote" or "endnote"
    note_id: str
    paragraph: int  # 1-based


def read_docx(path: Path) -> Document:
    """The footnotes and endnotes of the DOCX file at ``path``."""
    with open_package(path, "DOCX") as package:
        return _read_package(package)


def _read_package(package: Package) -> Document:
    if not package.has(BODY):
        raise InputError(package.path, f"is a ZIP archive but not a Word document (no {BODY})")
    body = _Body()
    package.stream(BODY, body)
    italic_styles = _italic_styles(package)
    texts = {
        kind: {note.note_id: note_text(note) for note in word_notes(package, kind, italic_styles)}
        for kind in NOTE_PARTS
    }
    notes: list[Footnote] = []
    endnotes = 0
    for ref in body.references:
        text = texts[ref.kind].get(ref.note_id)
        if text is None:
            continue
        label = None
        if ref.kind == "endnote":
            endnotes += 1
            label = f"endnote {endnotes}"
        notes.append(Footnote(len(notes) + 1, None, text, label=label))
    return Document(package.path, "docx", "utf-8", tuple(notes), "\n".join(body.paragraphs))


def word_notes(
    package: Package, kind: str, italic_styles: frozenset[str] | None = None
) -> list[WordNote]:
    """The notes of ``kind`` ("footnote" or "endnote"), separators left out."""
    part = NOTE_PARTS[kind]
    if not package.has(part):
        return []
    if italic_styles is None:
        italic_styles = _italic_styles(package)
    collector = _Notes(kind, relationship_targets(package, part), italic_styles)
    package.stream(part, collector)
    return collector.notes


def note_text(note: WordNote) -> str:
    """A note's text as Markdown would hold it: paragraphs joined, links and titles marked."""
    texts = (paragraph_text(p).strip() for p in note.paragraphs)
    return " ".join(text for text in texts if text)


def relationship_targets(package: Package, part: str) -> dict[str, str]:
    """Relationship id → external web address, from the part's ``_rels`` file."""
    folder, _, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels"
    if not package.has(rels):
        return {}
    collector = _Relationships()
    package.stream(rels, collector)
    return collector.targets


def _italic_styles(package: Package) -> frozenset[str]:
    if not package.has(_STYLES):
        return frozenset()
    collector = _Styles()
    package.stream(_STYLES, collector)
    return frozenset(collector.italic)


def _switched_on(attributes: dict[str, str]) -> bool:
    return attributes.get(f"{W}val", "true").lower() not in _OFF


class _Relationships:
    def __init__(self) -> None:
        self.targets: dict[str, str] = {}

    def start(self, name: str, attributes: dict[str, str], offset: int) -> None:
        if name == f"{_REL}Relationship" and attributes.get("TargetMode") == "External":
            target = web_target(attributes.get("Target", ""))
            if target:
                self.targets[attributes.get("Id", "")] = target

    def end(self, name: str, offset: int) -> None:
        pass

    def text(self, data: str) -> None:
        pass


class _Styles:
    """Character styles that set italics or small capitals (Emphasis, Book Title …)."""

    def __init__(self) -> None:
        self.italic: set[str] = set()
        self._style: str | None = None

    def start(self, name: str, attributes: dict[str, str], offset: int) -> None:
        if name == f"{W}style":
            character = attributes.get(f"{W}type") == "character"
            self._style = attributes.get(f"{W}styleId") if character else None
        elif self._style and name in (f"{W}i", f"{W}smallCaps") and _switched_on(attributes):
            self.italic.add(self._style)

    def end(self, name: str, offset: int) -> None:
        if name == f"{W}style":
            self._style = None

    def text(self, data: str) -> None:
        pass


class _Body:
    """Body paragraphs as text, and every note reference with its paragraph number."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.references: list[_Reference] = []
        self._open: list[int] = []  # indexes of the paragraphs being read (nested in tables)
        self._in_text = False

    def start(self, name: str, attributes: dict[str, str], offset: int) -> None:
        if name == f"{W}p":
            self.paragraphs.append("")
            self._open.append(len(self.paragraphs) - 1)
        elif name == f"{W}t":
            self._in_text = True
        elif name in (f"{W}footnoteReference", f"{W}endnoteReference"):
            kind = "footnote" if name.endswith("footnoteReference") else "endnote"
            paragraph = self._open[-1] + 1 if self._open else len(self.paragraphs)
            self.references.append(_Reference(kind, attributes.get(f"{W}id", ""), paragraph))

    def end(self, name: str, offset: int) -> None:
        if name == f"{W}p" and self._open:
            self._open.pop()
        elif name == f"{W}t":
            self._in_text = False

    def text(self, data: str) -> None:
        if self._in_text and self._open:
            self.paragraphs[self._open[-1]] += data


@dataclass(slots=True)
class _Field:
    instruction: str = ""
    target: str | None = None
    showing: bool = False  # past the separator: the field's visible result


class _Notes:
    """Collects the notes of one part as paragraphs of segments (see ``Segment``)."""

    def __init__(self, kind: str, targets: dict[str, str], italic_styles: frozenset[str]) -> None:
        self.notes: list[WordNote] = []
        self._kind = kind
        self._targets = targets
        self._italic_styles = italic_styles
        self._note: WordNote | None = None
        self._stack: list[str] = []
        self._links: list[str | None] = []  # open w:hyperlink / w:fldSimple targets
        self._fields: list[_Field] = []  # open complex fields (fldChar begin … end)
        self._run: list[Segment] = []
        self._run_start = -1
        self._italic = False
        self._capture: str | None = None  # "t" while in w:t, "instr" while in w:instrText

    def start(self, name: str, attributes: dict[str, str], offset: int) -> None:
        parent = self._stack[-1] if self._stack else ""
        self._stack.append(name)
        if name == f"{W}{self._kind}" and len(self._stack) == 2:
            special = attributes.get(f"{W}type") in _SPECIAL_NOTES
            self._note = None if special else WordNote(self._kind, attributes.get(f"{W}id", ""))
        elif self._note is None:
            return
        elif name == f"{W}p":
            self._note.paragraphs.append([])
        elif name == f"{W}r":
            self._run, self._run_start, self._italic = [], offset, False
        elif parent == f"{W}rPr" and self._stack[-3:-2] == [f"{W}r"]:
            self._run_property(name, attributes)
        else:
            self._content(name, attributes)

    def _run_property(self, name: str, attributes: dict[str, str]) -> None:
        if name in (f"{W}i", f"{W}smallCaps"):
            self._italic = _switched_on(attributes)
        elif name == f"{W}rStyle" and attributes.get(f"{W}val") in self._italic_styles:
            self._italic = True

    def _content(self, name: str, attributes: dict[str, str]) -> None:
        if name == f"{W}t":
            self._capture = "t"
            self._add("")
        elif name == f"{W}instrText" and self._fields:
            self._capture = "instr"
        elif name == f"{W}tab":
            self._add("\t")
        elif name in (f"{W}br", f"{W}cr"):
            self._add(" ")
        elif name == f"{W}noBreakHyphen":
            self._add("-")
        elif name == f"{W}hyperlink":
            self._links.append(self._targets.get(attributes.get(f"{R}id", "")))
        elif name == f"{W}fldSimple":
            self._links.append(_field_target(attributes.get(f"{W}instr", "")))
        elif name == f"{W}fldChar":
            self._field_char(attributes.get(f"{W}fldCharType", ""))

    def _field_char(self, kind: str) -> None:
        if kind == "begin":
            self._fields.append(_Field())
        elif kind == "separate" and self._fields:
            current = self._fields[-1]
            current.target, current.showing = _field_target(current.instruction), True
        elif kind == "end" and self._fields:
            self._fields.pop()

    def _add(self, text: str) -> None:
        if self._note is None or not self._note.paragraphs:
            return
        segment = Segment(text, self._italic, self._current_target(), self._run_start)
        self._note.paragraphs[-1].append(segment)
        self._run.append(segment)

    def _current_target(self) -> str | None:
        for target in reversed(self._links):
            if target:
                return target
        for current in reversed(self._fields):
            if current.showing and current.target:
                return current.target
        return None

    def end(self, name: str, offset: int) -> None:
        self._stack.pop()
        if self._note is None:
            return
        if name in (f"{W}t", f"{W}instrText"):
            self._capture = None
        elif name == f"{W}r":
            for segment in self._run:
                segment.run_end = offset
            self._run = []
        elif name in (f"{W}hyperlink", f"{W}fldSimple") and self._links:
            self._links.pop()
        elif name == f"{W}{self._kind}" and len(self._stack) == 1:
            self._note.end_offset = offset
            self.notes.append(self._note)
            self._note = None

    def text(self, data: str) -> None:
        if self._capture == "t" and self._run:
            self._run[-1].text += data
        elif self._capture == "instr" and self._fields:
            self._fields[-1].instruction += data


def _field_target(instruction: str) -> str | None:
    """The web address of a ``HYPERLINK "…"`` field; None for other fields and anchors."""
    found = _FIELD_LINK.match(instruction)
    if found is None or "\\l" in found.group(1).lower():
        return None
    return web_target(found.group(2))
