"""DOCX reader: footnotes (word/footnotes.xml) and endnotes (word/endnotes.xml).

Notes are numbered in the order the body references them, as Word displays them. A
note's ``line`` is the 1-based paragraph of the body that references it: ``Document.text``
holds the body with one paragraph per line, so line numbers point into it. Hyperlinks
whose visible text is not their address get the address appended, so no URL is lost.
Python's expat refuses entity-expansion bombs, so untrusted files are safe to parse.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from citecheck.errors import InputError
from citecheck.models import Document, Footnote

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_BODY = "word/document.xml"
_PARTS = {"footnote": "word/footnotes.xml", "endnote": "word/endnotes.xml"}
_MAX_PART_BYTES = 50 * 1024 * 1024  # a zip bomb is refused, not inflated


@dataclass(frozen=True, slots=True)
class _Reference:
    kind: str  # "footnote" or "endnote"
    note_id: str
    paragraph: int  # 1-based


def read_docx(path: Path) -> Document:
    """The footnotes and endnotes of the DOCX file at ``path``."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _read_archive(archive, str(path))
    except zipfile.BadZipFile as exc:
        raise InputError(str(path), "is not a DOCX file (not a ZIP archive)") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc


def _read_archive(archive: zipfile.ZipFile, path: str) -> Document:
    names = set(archive.namelist())
    if _BODY not in names:
        raise InputError(path, f"is a ZIP archive but not a Word document (no {_BODY})")
    body = _xml(archive, _BODY, path)
    paragraphs, references = _body_paragraphs(body)
    texts = {
        kind: _note_texts(archive, part, path) for kind, part in _PARTS.items() if part in names
    }
    notes: list[Footnote] = []
    endnotes = 0
    for ref in references:
        text = texts.get(ref.kind, {}).get(ref.note_id)
        if text is None:
            continue
        label = None
        if ref.kind == "endnote":
            endnotes += 1
            label = f"endnote {endnotes}"
        notes.append(Footnote(len(notes) + 1, ref.paragraph, text, label=label))
    return Document(path, "docx", "utf-8", tuple(notes), "\n".join(paragraphs))


def _xml(archive: zipfile.ZipFile, part: str, path: str) -> ElementTree.Element:
    if archive.getinfo(part).file_size > _MAX_PART_BYTES:
        raise InputError(path, f"has an implausibly large {part}; refusing to inflate it")
    try:
        return ElementTree.fromstring(archive.read(part))
    except ElementTree.ParseError as exc:
        raise InputError(path, f"has a damaged {part} ({exc})") from exc


def _body_paragraphs(body: ElementTree.Element) -> tuple[list[str], list[_Reference]]:
    """Body paragraphs as text, and every note reference with its paragraph number."""
    paragraphs: list[str] = []
    references: list[_Reference] = []
    for number, paragraph in enumerate(body.iter(f"{_W}p"), start=1):
        paragraphs.append("".join(t.text or "" for t in paragraph.iter(f"{_W}t")))
        for element in paragraph.iter():
            if element.tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
                kind = "footnote" if element.tag.endswith("footnoteReference") else "endnote"
                references.append(_Reference(kind, element.get(f"{_W}id", ""), number))
    return paragraphs, references


def _note_texts(archive: zipfile.ZipFile, part: str, path: str) -> dict[str, str]:
    """Note id → its text, paragraphs joined as one note, hyperlink targets kept."""
    root = _xml(archive, part, path)
    targets = _relationship_targets(archive, part, path)
    texts = {}
    for note in root:
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        lines = [_paragraph_text(p, targets) for p in note.iter(f"{_W}p")]
        text = " ".join(line.strip() for line in lines if line.strip())
        texts[note.get(f"{_W}id", "")] = text
    return texts


def _relationship_targets(archive: zipfile.ZipFile, part: str, path: str) -> dict[str, str]:
    folder, _, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels"
    if rels not in archive.namelist():
        return {}
    root = _xml(archive, rels, path)
    return {r.get("Id", ""): r.get("Target", "") for r in root.iter(f"{_REL}Relationship")}


def _paragraph_text(paragraph: ElementTree.Element, targets: dict[str, str]) -> str:
    parts: list[str] = []
    for child in paragraph:
        if child.tag == f"{_W}hyperlink":
            parts.append(_hyperlink_text(child, targets))
        else:
            parts.append(_run_text(child))
    return "".join(parts)


def _hyperlink_text(link: ElementTree.Element, targets: dict[str, str]) -> str:
    shown = _run_text(link)
    target = targets.get(link.get(f"{_R}id", ""), "")
    if target and target not in shown:
        return f"{shown} <{target}>" if shown else f"<{target}>"
    return shown


def _run_text(element: ElementTree.Element) -> str:
    """Visible text of runs: text, tabs and breaks; field instructions skipped."""
    out = []
    for node in element.iter():
        if node.tag == f"{_W}t":
            out.append(node.text or "")
        elif node.tag == f"{_W}tab":
            out.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            out.append(" ")
    return "".join(out)
