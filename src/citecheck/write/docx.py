"""Write archive links into a DOCX: real hyperlinks in the notes, nothing else touched.

Only the notes parts (``word/footnotes.xml``, ``word/endnotes.xml``) and their
relationships change; every other member of the package is copied as it was. Each
archive link is inserted into the XML as new runs right after the cited hyperlink (and
after the bracket that closes it, ``<…>``, which is split off its run when needed):
the note's phrase, then a ``w:hyperlink`` to the snapshot with a new relationship.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from citecheck.errors import InputError
from citecheck.models import Document, Footnote
from citecheck.read.docx import NOTE_PARTS, note_order, word_notes
from citecheck.read.package import Package, open_package
from citecheck.read.runs import Segment
from citecheck.write import Change, phrase_for
from citecheck.write.notes import after_url, language_of, notes_diff

_W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_LINK_TYPE = f"{_R_NS}/hyperlink"
_CLOSERS = {"<": ">", "〈": "〉", "(": ")", "[": "]", "〈<": ">〉", "<<": ">>"}
# A run holding one piece of text: split in two to put the archive link after its bracket.
_SIMPLE_RUN = re.compile(
    rb"^(<w:r\b[^>]*>)\s*(<w:rPr>.*?</w:rPr>)?\s*<w:t\b[^>]*>([^<]*)</w:t>\s*</w:r>$", re.S
)


@dataclass(frozen=True, slots=True)
class _Insert:
    offset: int  # where in the part
    xml: bytes
    replace_to: int  # bytes [offset, replace_to) are replaced (a split run), else == offset


def change(
    document: Document, snapshots: Mapping[str, str], dois: Mapping[tuple[int, str], str]
) -> Change:
    """The DOCX ``document`` with an archive hyperlink after each cited URL in ``snapshots``."""
    path = Path(document.path)
    with open_package(path, "DOCX") as package:
        order = note_order(package)
        numbers = {key: n for n, key in enumerate(order, start=1)}
        parts: dict[str, bytes] = {}
        before: dict[int, str] = {}
        after: dict[int, str] = {}
        for kind, part in NOTE_PARTS.items():
            if not package.has(part):
                continue
            edited = _edit_part(package, kind, part, document, numbers, snapshots, before, after)
            if edited is not None:
                parts.update(edited)
        content = rebuilt(package, parts) if parts else path.read_bytes()
    added = len(_inserted(before, after, snapshots))
    return Change(content, added, notes_diff(document.path, before, after))


def _inserted(
    before: dict[int, str], after: dict[int, str], snapshots: Mapping[str, str]
) -> list[tuple[int, str]]:
    return [
        (n, snap)
        for n in after
        for snap in set(snapshots.values())
        if after[n].count(snap) > before[n].count(snap)
    ]


def _edit_part(
    package: Package,
    kind: str,
    part: str,
    document: Document,
    numbers: dict[tuple[str, str], int],
    snapshots: Mapping[str, str],
    before: dict[int, str],
    after: dict[int, str],
) -> dict[str, bytes] | None:
    data = package.read(part)
    root_tag = data[: data.find(b">", data.find(b"<w:")) + 1] if b"<w:" in data else b""
    if _W_NS not in root_tag:
        raise InputError(document.path, f"{part} does not use the usual w: prefix; not edited")
    footnotes = {note.number: note for note in document.footnotes}
    inserts: list[_Insert] = []
    links: list[str] = []
    for note in word_notes(package, kind):
        number = numbers.get((kind, note.note_id))
        footnote = footnotes.get(number) if number else None
        if footnote is None or number is None:
            continue
        for url, snapshot in _wanted(footnote, snapshots):
            insert = _insertion(data, note.paragraphs, url, snapshot, footnote, len(links))
            if insert is None:
                continue
            inserts.append(insert)
            links.append(snapshot)
            before.setdefault(number, footnote.text)
            phrase = phrase_for(language_of(footnote, url))
            after[number] = after_url(after.get(number, footnote.text), url, snapshot, phrase)
    if not inserts:
        return None
    declares_r = f'xmlns:r="{_R_NS}"'.encode() in root_tag
    body = _apply(data, inserts, declares_r)
    rels_name = f"word/_rels/{part.rpartition('/')[2]}.rels"
    rels = _with_relationships(package.read(rels_name) if package.has(rels_name) else None, links)
    return {part: body, rels_name: rels}


def _wanted(footnote: Footnote, snapshots: Mapping[str, str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for citation in footnote.citations:
        url = citation.url
        if not url or url not in snapshots or citation.archive_url:
            continue
        if snapshots[url] in footnote.text or (url, snapshots[url]) in out:
            continue
        out.append((url, snapshots[url]))
    return out


def _insertion(
    data: bytes,
    paragraphs: list[list[Segment]],
    url: str,
    snapshot: str,
    footnote: Footnote,
    index: int,
) -> _Insert | None:
    for segments in paragraphs:
        found = [i for i, s in enumerate(segments) if s.target == url]
        if not found:
            found = [i for i, s in enumerate(segments) if url in s.text]
        if not found:
            continue
        last = found[-1]
        first = found[0]
        opening = _opening(segments[first - 1].text if first > 0 else "")
        closing = _CLOSERS.get(opening, "")
        offset = _after_link(data, segments[last].run_end)
        new = _link_runs(phrase_for(language_of(footnote, url)), opening, snapshot, closing, index)
        following = segments[last + 1] if last + 1 < len(segments) else None
        if closing and following is not None and following.text.startswith(closing):
            return _split_after(data, following, closing, new) or _Insert(offset, new, offset)
        return _Insert(offset, new, offset)
    return None


def _opening(text: str) -> str:
    for opening in ("〈<", "<<", "<", "〈", "(", "["):
        if text.endswith(opening):
            return opening
    return ""


def _tag_end(data: bytes, offset: int) -> int:
    return data.index(b">", offset) + 1


def _after_link(data: bytes, run_end: int) -> int:
    """After the run at ``run_end``, the hyperlink or field that holds it, if any."""
    offset = _tag_end(data, run_end)
    rest = data[offset : offset + 400]
    if rest.lstrip().startswith(b"</w:hyperlink"):
        return _tag_end(data, offset)
    end_field = re.match(rb'\s*<w:r\b[^>]*>(?:(?!</w:r>).)*?fldCharType="end"', rest, re.S)
    if end_field:  # a HYPERLINK field: the archive link goes after its end mark
        return _tag_end(data, data.index(b"</w:r>", offset))
    return offset


def _split_after(data: bytes, run: Segment, closing: str, new: bytes) -> _Insert | None:
    start, end = run.run_start, _tag_end(data, run.run_end)
    found = _SIMPLE_RUN.match(data[start:end])
    if found is None:
        return None
    head, props, text = found.group(1), found.group(2) or b"", found.group(3)
    raw_closing = escape(closing).encode()
    if not text.startswith(raw_closing):
        return None
    rest = text[len(raw_closing) :]
    first = head + props + b'<w:t xml:space="preserve">' + raw_closing + b"</w:t></w:r>"
    second = head + props + b'<w:t xml:space="preserve">' + rest + b"</w:t></w:r>" if rest else b""
    return _Insert(start, first + new + second, end)


def _link_runs(phrase: str, opening: str, snapshot: str, closing: str, index: int) -> bytes:
    def run(text: str, props: str = "") -> str:
        return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'

    link_props = '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'
    xml = run(phrase + opening)
    xml += f'<w:hyperlink r:id="{_rid(index)}" w:history="1">{run(snapshot, link_props)}'
    xml += "</w:hyperlink>"
    if closing:
        xml += run(closing)
    return xml.encode()


def _rid(index: int) -> str:
    return f"rIdCitecheckArchive{index + 1}"


def _apply(data: bytes, inserts: list[_Insert], declares_r: bool) -> bytes:
    for insert in sorted(inserts, key=lambda i: i.offset, reverse=True):
        xml = insert.xml
        if not declares_r:
            xml = xml.replace(b"<w:hyperlink ", f'<w:hyperlink xmlns:r="{_R_NS}" '.encode())
        data = data[: insert.offset] + xml + data[insert.replace_to :]
    return data


def _with_relationships(rels: bytes | None, links: list[str]) -> bytes:
    items = "".join(
        f'<Relationship Id="{_rid(i)}" Type="{_LINK_TYPE}" '
        f'Target="{escape(link, {chr(34): "&quot;"})}" TargetMode="External"/>'
        for i, link in enumerate(links)
    ).encode()
    if rels is None:
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        return f'{head}<Relationships xmlns="{_PKG_NS}">'.encode() + items + b"</Relationships>"
    end = rels.rindex(b"</Relationships>")
    return rels[:end] + items + rels[end:]


def rebuilt(package: Package, parts: dict[str, bytes]) -> bytes:
    """The package with ``parts`` replaced (or added); every other member copied as it was."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as rebuilt:
        for info in package.archive.infolist():
            if info.filename in parts:
                rebuilt.writestr(info, parts.pop(info.filename))
                continue
            with package.archive.open(info) as source, rebuilt.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
        for name, data in parts.items():  # a relationships part the notes did not have
            rebuilt.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
