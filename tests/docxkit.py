"""Build small, valid DOCX files with footnotes and endnotes, as Word lays them out.

Used by the tests and to regenerate ``references/sample.docx``:
``python tests/docxkit.py references/sample.docx``.
"""

from __future__ import annotations

import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
LINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


@dataclass
class Note:
    """A note: paragraphs of runs; a run is text, or (shown text, hyperlink target)."""

    paragraphs: list[list[str | tuple[str, str]]]
    kind: str = "footnote"


@dataclass
class Paper:
    """Body paragraphs; a paragraph's items are text or a Note referenced at that point."""

    paragraphs: list[list[str | Note]] = field(default_factory=list)


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _note_part(kind: str, notes: list[Note], links: list[str]) -> str:
    body = [
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p/></w:{kind}>',
    ]
    for number, note in enumerate(notes, start=1):
        paragraphs = []
        for paragraph in note.paragraphs:
            runs = [f"<w:r><w:{kind}Ref/></w:r>"] if not paragraphs else []
            for item in paragraph:
                if isinstance(item, tuple):
                    links.append(item[1])
                    runs.append(
                        f'<w:hyperlink r:id="rId{len(links)}">{_run(item[0])}</w:hyperlink>'
                    )
                else:
                    runs.append(_run(item))
            paragraphs.append("<w:p>" + "".join(runs) + "</w:p>")
        body.append(f'<w:{kind} w:id="{number}">{"".join(paragraphs)}</w:{kind}>')
    root = f'<w:{kind}s xmlns:w="{W}" xmlns:r="{R}">'
    return f"{XML_DECLARATION}{root}{''.join(body)}</w:{kind}s>"


def _rels(links: list[str]) -> str:
    items = "".join(
        f'<Relationship Id="rId{i}" Type="{LINK}" Target="{escape(t)}" TargetMode="External"/>'
        for i, t in enumerate(links, start=1)
    )
    return f'{XML_DECLARATION}<Relationships xmlns="{PKG}">{items}</Relationships>'


def build_docx(path: Path, paper: Paper) -> Path:
    """Write ``paper`` as a DOCX file at ``path``."""
    notes: dict[str, list[Note]] = {"footnote": [], "endnote": []}
    body = []
    for paragraph in paper.paragraphs:
        runs = []
        for item in paragraph:
            if isinstance(item, Note):
                notes[item.kind].append(item)
                number = len(notes[item.kind])
                runs.append(f'<w:r><w:{item.kind}Reference w:id="{number}"/></w:r>')
            else:
                runs.append(_run(item))
        body.append("<w:p>" + "".join(runs) + "</w:p>")
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:r="{R}">'
        f"<w:body>{''.join(body)}</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", document)
        for kind, kind_notes in notes.items():
            if kind_notes:
                links: list[str] = []
                archive.writestr(f"word/{kind}s.xml", _note_part(kind, kind_notes, links))
                archive.writestr(f"word/_rels/{kind}s.xml.rels", _rels(links))
    return path


def build_raw_docx(
    path: Path, notes: list[str], links: dict[str, str] | None = None, styles: str = ""
) -> Path:
    """A DOCX whose body references one footnote per item of ``notes``, each item being the
    raw WordprocessingML inside that ``<w:footnote>``; ``links`` maps relationship ids to
    external targets; ``styles`` is the inside of ``word/styles.xml`` when given."""
    refs = "".join(
        f'<w:p><w:r><w:t>Claim {n}.</w:t></w:r><w:r><w:footnoteReference w:id="{n}"/></w:r></w:p>'
        for n in range(1, len(notes) + 1)
    )
    document = (
        f'{XML_DECLARATION}<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{refs}</w:body>'
        "</w:document>"
    )
    body = "".join(f'<w:footnote w:id="{n}">{xml}</w:footnote>' for n, xml in enumerate(notes, 1))
    footnotes = f'{XML_DECLARATION}<w:footnotes xmlns:w="{W}" xmlns:r="{R}">{body}</w:footnotes>'
    rels = "".join(
        f'<Relationship Id="{rid}" Type="{LINK}" Target="{escape(target, {chr(34): "&quot;"})}" '
        'TargetMode="External"/>'
        for rid, target in (links or {}).items()
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/footnotes.xml", footnotes)
        archive.writestr(
            "word/_rels/footnotes.xml.rels",
            f'{XML_DECLARATION}<Relationships xmlns="{PKG}">{rels}</Relationships>',
        )
        if styles:
            archive.writestr(
                "word/styles.xml", f'{XML_DECLARATION}<w:styles xmlns:w="{W}">{styles}</w:styles>'
            )
    return path


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)

SAMPLE = Paper(
    [
        ["A sample paper in DOCX with footnotes and an endnote."],
        [
            "兩岸關係的研究常引用官方網站。",
            Note([["林宗達，〈美國對臺軍售〉，《全球政治評論》，第36期（2011年10月），頁45-62。"]]),
        ],
        [
            "English sources are cited too.",
            Note(
                [
                    [
                        'Michael Martina, "China Says Ready to Talk," ',
                        (
                            "Reuters",
                            "https://www.reuters.com/article/us-china-talks-idUSBRE9720A020130803",
                        ),
                        ", August 3, 2013.",
                    ]
                ]
            ),
        ],
        [
            "Russian ones as well.",
            Note(
                [
                    ["Лукин А. В. Россия и Китай // Россия в глобальной политике. 2012. № 3."],
                    [
                        "URL: https://globalaffairs.ru/articles/rossiya-i-kitaj/ "
                        "(дата обращения: 12.05.2014)."
                    ],
                ],
                kind="endnote",
            ),
        ],
    ]
)


if __name__ == "__main__":
    print(build_docx(Path(sys.argv[1]), SAMPLE))
