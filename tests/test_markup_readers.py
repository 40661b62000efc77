"""The HTML, LaTeX and ODT readers on the markup each publisher or producer uses."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from citecheck.api import parse
from citecheck.errors import NoFootnotesError, UnsupportedFormatError
from citecheck.read import read


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _notes(path: Path) -> list[tuple[int | None, str]]:
    return [(n.line, n.text) for n in read(path).footnotes]


# --- HTML ---------------------------------------------------------------------------


def test_html_wordpress_sup_links_and_back_links(tmp_path: Path) -> None:
    """<sup><a href="#fn1">: the note's text, its href kept, the back-link dropped."""
    page = _write(
        tmp_path / "wp.html",
        """<html><body>
<p>Claim.<sup><a href="#fn1" id="r1">1</a></sup> Another.<sup><a href="#fn2">2</a></sup></p>
<ol class="footnotes">
<li id="fn1">Jane Roe, <em>Sea Power</em> (London: Verso, 2010), 4. <a href="#r1">↩</a></li>
<li id="fn2">“Report,” <i>Site</i>, 2019,
<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1…</a>.</li>
</ol></body></html>""",
    )
    assert _notes(page) == [
        (4, "Jane Roe, *Sea Power* (London: Verso, 2010), 4."),
        (5, "“Report,” *Site*, 2019, https://example.org/a?b=1&c=2."),
    ]


def test_html_ojs_footnote_ref_class_and_div_notes(tmp_path: Path) -> None:
    """a.footnote-ref pointing at <div id=…> notes; a link shown as words gains <href>."""
    page = _write(
        tmp_path / "ojs.html",
        """<p>Text<a class="footnote-ref" href="#n7">7</a>.</p>
<div class="notes"><div id="n7"><p>See the <a href="https://example.org/r">report</a>,
<span style="font-variant: small-caps">Law Review</span>.</p></div></div>""",
    )
    assert _notes(page) == [(2, "See the report <https://example.org/r>, *Law Review*.")]


def test_html_word_export_named_anchors(tmp_path: Path) -> None:
    """Word's HTML export: <a name="_ftn1"> inside the note's paragraph, [1] marks dropped."""
    page = _write(
        tmp_path / "word.html",
        """<p>Body<a href="#_ftn1" name="_ftnref1"><sup>[1]</sup></a></p>
<div id="ftn1"><p class="MsoFootnoteText"><a href="#_ftnref1" name="_ftn1">[1]</a>
林宗達，〈美國對臺軍售〉，《全球政治評論》，2011 年。</p></div>""",
    )
    assert _notes(page) == [(2, "林宗達，〈美國對臺軍售〉，《全球政治評論》，2011 年。")]


def test_html_aside_notes_without_references(tmp_path: Path) -> None:
    """EPUB-style <aside> notes are read even when no reference points at them."""
    page = _write(
        tmp_path / "aside.html",
        '<p>Body.</p>\n<aside id="note-a">Лукин А. В. Россия и Китай. М.: Наука, 2012.</aside>',
    )
    assert _notes(page) == [(2, "Лукин А. В. Россия и Китай. М.: Наука, 2012.")]


def test_html_without_notes_says_so(tmp_path: Path) -> None:
    """A page without footnote markup is a document without footnotes."""
    page = _write(tmp_path / "plain.html", "<p>Nothing cited <a href='#top'>here</a>.</p>")
    with pytest.raises(NoFootnotesError):
        read(page)


# --- LaTeX --------------------------------------------------------------------------

_PAPER = r"""\documentclass{article}
\usepackage{hyperref} % \footnote{not a note: a comment in the preamble}
\addbibresource{refs.bib}
\begin{document}
Claim.\footnote{Jane Roe, \emph{Sea {Power} at \{Work\}} (London: Verso, 2010), p.~4.}
Web.\footnote{``Report,'' \textit{Site}, 2019, % a comment
  \textless{}\url{https://example.org/a?b=1\&c=50\%25}\textgreater.}
Words.\footnote[9]{See the \href{https://example.org/r}{report} --- {\em Law Review}.}
Cited.\footnote{\cite[45]{lin2011}; \autocite{missing}.}
\end{document}
"""

_BIB = """@book{lin2011,
  author = {{林宗達}},
  title = {國際關係理論概要},
  publisher = {晶典文化},
  address = {台北},
  year = {2011},
  langid = {chinese}
}
"""


def test_latex_notes_links_titles_comments_and_lines(tmp_path: Path) -> None:
    """Nested braces, comments, \\url escapes, \\href words, {\\em}: text and lines as written."""
    tex = _write(tmp_path / "paper.tex", _PAPER)
    _write(tmp_path / "refs.bib", _BIB)
    notes = _notes(tex)
    assert notes[:3] == [
        (5, "Jane Roe, *Sea Power at {Work}* (London: Verso, 2010), p. 4."),
        (6, "“Report,” *Site*, 2019, <https://example.org/a?b=1&c=50%25>."),
        (8, "See the report <https://example.org/r> — *Law Review*."),
    ]
    assert notes[3][0] == 9


def test_latex_cite_keys_resolve_against_the_bib_beside_the_file(tmp_path: Path) -> None:
    """\\cite[45]{lin2011} becomes the entry's citation with page 45; unknown keys stay keys."""
    tex = _write(tmp_path / "paper.tex", _PAPER)
    _write(tmp_path / "refs.bib", _BIB)
    note = parse(tex).footnotes[3]
    assert note.text == "林宗達，《國際關係理論概要》（台北：晶典文化，2011 年），頁 45。; missing."
    first = note.citations[0]
    assert (first.title, first.publisher, first.page) == ("國際關係理論概要", "晶典文化", "45")


def test_latex_bib_elsewhere_is_not_read(tmp_path: Path) -> None:
    """A .bib named with a path outside the document's folder is not opened."""
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "refs.bib", _BIB)
    tex = _write(tmp_path / "sub" / "paper.tex", _PAPER.replace("{refs.bib}", "{../refs.bib}"))
    assert read(tex).footnotes[3].text == "lin2011; missing."


# --- ODT ----------------------------------------------------------------------------

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"'
)


def _odt(path: Path, notes: str, styles: str = "") -> Path:
    content = (
        f"<office:document-content {_NS}><office:automatic-styles>"
        '<style:style style:name="T1" style:family="text" style:parent-style-name="Emph"/>'
        "</office:automatic-styles><office:body><office:text>"
        f"<text:p>Body{notes}</text:p></office:text></office:body></office:document-content>"
    )
    common = (
        f"<office:document-styles {_NS}><office:styles>"
        '<style:style style:name="Emph" style:family="text">'
        '<style:text-properties fo:font-style="italic"/></style:style>'
        f"{styles}</office:styles></office:document-styles>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
        archive.writestr("styles.xml", common)
    return path


def test_odt_notes_links_and_inherited_italics(tmp_path: Path) -> None:
    """text:note foot- and endnotes: xlink:href wins, a style inheriting italics marks titles."""
    note = (
        '<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1'
        "</text:note-citation><text:note-body><text:p>Jane Roe,<text:s/>"
        '<text:span text:style-name="T1">Sea Power</text:span>, 2010, &lt;'
        '<text:a xlink:type="simple" xlink:href="https://example.org/x?d=1%202">'
        "https://example.org/x?d=1 2</text:a>&gt;.</text:p></text:note-body></text:note>"
        '<text:note text:id="n2" text:note-class="endnote"><text:note-citation>i'
        "</text:note-citation><text:note-body><text:p>First;</text:p><text:p>second.</text:p>"
        "</text:note-body></text:note>"
    )
    document = read(_odt(tmp_path / "paper.odt", note))
    assert [(n.number, n.line, n.label, n.text) for n in document.footnotes] == [
        (1, None, None, "Jane Roe, *Sea Power*, 2010, <https://example.org/x?d=1%202>."),
        (2, None, "endnote 1", "First; second."),
    ]


def test_odt_without_content_is_refused(tmp_path: Path) -> None:
    """A ZIP without content.xml is not an ODT."""
    path = tmp_path / "empty.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "x")
    with pytest.raises(Exception, match=r"not an ODT \(content\.xml missing\)"):
        read(path)


@pytest.mark.parametrize(("name", "what"), [("old.doc", "binary Word"), ("letter.rtf", "RTF")])
def test_unsupported_formats_say_how_to_convert(tmp_path: Path, name: str, what: str) -> None:
    """.doc and .rtf are named as such, with the soffice command that converts them."""
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0 binary")
    with pytest.raises(UnsupportedFormatError, match=what) as caught:
        read(path)
    assert f"soffice --headless --convert-to docx {name}" in str(caught.value)
