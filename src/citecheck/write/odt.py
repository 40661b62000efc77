"""Write archive links into an ODT: a ``text:a`` after each cited link, in content.xml only.

Every other member of the package (the uncompressed ``mimetype`` first) is copied as it
was. The link goes right after the cited ``text:a`` and the bracket that closes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from citecheck.models import Document, Footnote
from citecheck.read.odt import CONTENT, odt_notes
from citecheck.read.package import open_package
from citecheck.read.runs import Segment
from citecheck.write import Change, phrase_for
from citecheck.write.docx import rebuilt
from citecheck.write.notes import after_url, language_of, notes_diff, wrapper_of


def change(
    document: Document, snapshots: Mapping[str, str], dois: Mapping[tuple[int, str], str]
) -> Change:
    """The ODT ``document`` with an archive link after each cited URL in ``snapshots``."""
    path = Path(document.path)
    with open_package(path, "ODT") as package:
        data = package.read(CONTENT)
        inserts: list[tuple[int, bytes]] = []
        before: dict[int, str] = {}
        after: dict[int, str] = {}
        for note, footnote in zip(odt_notes(package), document.footnotes, strict=False):
            for url, snapshot in _wanted(footnote, snapshots):
                phrase = phrase_for(language_of(footnote, url))
                offset = _offset(data, note.paragraphs, url)
                if offset is None:
                    continue
                opening, closing = wrapper_of(footnote.text, url)
                offset = _after_closing(data, offset, closing)
                inserts.append((offset, _link(phrase, opening, snapshot, closing)))
                before.setdefault(footnote.number, footnote.text)
                after[footnote.number] = after_url(
                    after.get(footnote.number, footnote.text), url, snapshot, phrase
                )
        for offset, xml in sorted(inserts, reverse=True):
            data = data[:offset] + xml + data[offset:]
        content = rebuilt(package, {CONTENT: data}) if inserts else path.read_bytes()
    return Change(content, len(inserts), notes_diff(document.path, before, after))


def _link(phrase: str, opening: str, snapshot: str, closing: str) -> bytes:
    href = escape(snapshot, {'"': "&quot;"})
    link = f'<text:a xlink:type="simple" xlink:href="{href}">{escape(snapshot)}</text:a>'
    return f"{escape(phrase + opening)}{link}{escape(closing)}".encode()


def _wanted(footnote: Footnote, snapshots: Mapping[str, str]) -> list[tuple[str, str]]:
    urls = dict.fromkeys(
        c.url for c in footnote.citations if c.url and c.url in snapshots and not c.archive_url
    )
    return [(url, snapshots[url]) for url in urls if snapshots[url] not in footnote.text]


def _offset(data: bytes, paragraphs: list[list[Segment]], url: str) -> int | None:
    """Just after the ``</text:a>`` of the link to ``url`` (or after the text holding it)."""
    for segments in paragraphs:
        linked = [s for s in segments if s.target == url]
        if linked:
            return data.index(b"</text:a>", linked[-1].run_end) + len(b"</text:a>")
        shown = [s for s in segments if url in s.text]
        if shown:
            return shown[-1].run_end
    return None


def _after_closing(data: bytes, offset: int, closing: str) -> int:
    raw = escape(closing).encode()
    return offset + len(raw) if closing and data.startswith(raw, offset) else offset
