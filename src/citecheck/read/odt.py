"""ODT reader: ``text:note`` footnotes and endnotes of an OpenDocument text (content.xml).

Notes are numbered in document order, footnotes and endnotes together (endnotes are
labelled ``endnote N``); an ODT file has no source lines, so ``line`` is None. The
note's text is written out as the Markdown path holds it (see ``read.runs``): a
``text:a`` link's ``xlink:href`` wins over its visible text, and spans whose style is
italic or small capitals (``fo:font-style``, ``fo:font-variant``, inherited through
``style:parent-style-name``, from automatic or common styles) become ``*…*`` titles.

The parts are read through ``read.package``: bounded inflation, streaming XML, no DOCTYPE.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from citecheck.errors import InputError
from citecheck.models import Document, Footnote
from citecheck.read.package import Package, open_package
from citecheck.read.runs import Segment, paragraph_text, web_target

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
_XLINK = "{http://www.w3.org/1999/xlink}"
CONTENT = "content.xml"
_STYLES = "styles.xml"
_PARAGRAPHS = (f"{TEXT}p", f"{TEXT}h")


@dataclass(slots=True)
class OdtNote:
    """One note: its class (footnote/endnote), id, and paragraphs of segments."""

    kind: str
    note_id: str
    paragraphs: list[list[Segment]] = field(default_factory=list)
    body_end: int = -1  # byte offset of the note body's end tag


def read_odt(path: Path) -> Document:
    """The footnotes and endnotes of the ODT file at ``path``."""
    with open_package(path, "ODT") as package:
        if not package.has(CONTENT):
            raise InputError(package.path, f"is a ZIP archive but not an ODT ({CONTENT} missing)")
        notes = odt_notes(package)
    footnotes: list[Footnote] = []
    endnotes = 0
    for note in notes:
        text = " ".join(t for t in (paragraph_text(p).strip() for p in note.paragraphs) if t)
        label = None
        if note.kind == "endnote":
            endnotes += 1
            label = f"endnote {endnotes}"
        footnotes.append(Footnote(len(footnotes) + 1, None, text, label=label))
    return Document(str(path), "odt", "utf-8", tuple(footnotes))


def odt_notes(package: Package) -> list[OdtNote]:
    """Every note of the document's content, in document order."""
    styles = _StyleTable()
    if package.has(_STYLES):
        package.stream(_STYLES, styles)
    collector = _Notes(styles)
    package.stream(CONTENT, collector)
    return collector.notes


class _StyleTable:
    """Text styles, with whether each sets italics or small capitals (parents followed)."""

    def __init__(self) -> None:
        self._own: dict[str, bool] = {}
        self._parent: dict[str, str] = {}
        self._current: str | None = None

    def italic(self, name: str) -> bool:
        seen: set[str] = set()
        while name and name not in seen:
            seen.add(name)
            if self._sets_italic(name):
                return True
            name = self._parent_of(name)
        return False

    def _sets_italic(self, name: str) -> bool:
        return self._own.get(name, False)

    def _parent_of(self, name: str) -> str:
        return self._parent.get(name, "")

    def start(self, name: str, attributes: dict[str, str], offset: int) -> None:
        if name == f"{STYLE}style":
            self._current = attributes.get(f"{STYLE}name")
            parent = attributes.get(f"{STYLE}parent-style-name")
            if self._current and parent:
                self._parent[self._current] = parent
        elif name == f"{STYLE}text-properties" and self._current:
            style = attributes.get(f"{_FO}font-style", "")
            variant = attributes.get(f"{_FO}font-variant", "")
            if style in ("italic", "oblique") or variant == "small-caps":
                self._own[self._current] = True

    def end(self, name: str, offset: int) -> None:
        if name == f"{STYLE}style":
            self._current = None

    def text(self, data: str) -> None:
        pass


class _Notes(_StyleTable):
    """Collects notes as paragraphs of segments; reads automatic styles on the way."""

    def __init__(self, common: _StyleTable) -> None:
        super().__init__()
        self._common = common
        self.notes: list[OdtNote] = []
        self._note: OdtNote | None = None
        self._in_body = False
        self._skip = 0  # depth inside text:note-citation (the printed mark, not text)
        self._spans: list[bool] = []  # italic of each open span / paragraph
        self._links: list[str | None] = []
        self._last_tag = -1

    def _sets_italic(self, name: str) -> bool:  # automatic styles, then common ones
        return super()._sets_italic(name) or self._common._sets_italic(name)

    def _parent_of(self, name: str) -> str:
        return super()._parent_of(name) or self._common._parent_of(name)

    def start(self, name: str, attributes: dict[str, str], offset: int) -> None:
        self._last_tag = offset
        if self._note is None:
            if name == f"{TEXT}note":
                kind = attributes.get(f"{TEXT}note-class", "footnote")
                self._note = OdtNote(kind, attributes.get(f"{TEXT}id", ""))
            else:
                super().start(name, attributes, offset)
            return
        if name == f"{TEXT}note-citation":
            self._skip += 1
        elif name == f"{TEXT}note-body":
            self._in_body = True
        elif not self._in_body:
            return
        elif name in _PARAGRAPHS or name == f"{TEXT}span":
            if name in _PARAGRAPHS:
                self._note.paragraphs.append([])
            inherited = bool(self._spans and self._spans[-1])
            style = attributes.get(f"{TEXT}style-name", "")
            self._spans.append(inherited or self.italic(style))
        elif name == f"{TEXT}a":
            self._links.append(web_target(attributes.get(f"{_XLINK}href", "")))
        elif name == f"{TEXT}s":
            self._add(" " * int(attributes.get(f"{TEXT}c", "1") or 1), offset)
        elif name == f"{TEXT}tab":
            self._add("\t", offset)
        elif name == f"{TEXT}line-break":
            self._add(" ", offset)

    def end(self, name: str, offset: int) -> None:
        self._close_text(offset)
        self._last_tag = offset
        if self._note is None:
            super().end(name, offset)
        elif name == f"{TEXT}note-citation":
            self._skip -= 1
        elif name == f"{TEXT}note-body":
            self._in_body = False
            self._note.body_end = offset
        elif name == f"{TEXT}note":
            self.notes.append(self._note)
            self._note = None
        elif name in _PARAGRAPHS or name == f"{TEXT}span":
            if self._spans:
                self._spans.pop()
        elif name == f"{TEXT}a" and self._links:
            self._links.pop()

    def text(self, data: str) -> None:
        if self._note is not None and self._in_body and not self._skip:
            self._add(data, self._last_tag)

    def _add(self, data: str, offset: int) -> None:
        if self._note is None or not self._note.paragraphs:
            return
        italic = bool(self._spans and self._spans[-1])
        target = next((t for t in reversed(self._links) if t), None)
        self._note.paragraphs[-1].append(Segment(data, italic, target, offset))

    def _close_text(self, offset: int) -> None:
        """The segment just read ends where this tag starts (writers insert there)."""
        if self._note is not None and self._note.paragraphs and self._note.paragraphs[-1]:
            last = self._note.paragraphs[-1][-1]
            if last.run_end < 0:
                last.run_end = offset
