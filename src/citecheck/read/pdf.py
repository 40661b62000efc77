"""PDF reader (text-layer PDFs): footnotes found from the page layout.

pypdfium2 (PDFium; Apache-2.0/BSD-3) gives every character with its box, baseline, font
size and font flags, and the page's link annotations and drawn rules. From these:

* characters become lines by baseline (a raised marker stays on its line);
* a page's footnote block is what lies under the footnote rule (a short horizontal rule
  near the foot of the page), else the run of lines at the foot set smaller than the
  body text; page numbers, running heads and stamps (lines repeated on many pages,
  or matching the usual page debris) are dropped first;
* a note starts with a marker — a raised or smaller digit, ``①``, or the next note's
  number followed by a space or a full stop — and a block that starts without one
  continues the previous page's last note;
* wrapped lines are joined without a space between CJK characters, a line-end hyphen
  is kept only where the word has one elsewhere in the document or the next part is
  capitalised, and italic runs become ``*…*`` title marks as in Markdown;
* a link annotation's URI replaces the visible URL it covers (it is exact even where
  the line end cut the URL); without annotations the text's URLs go through the same
  repair rules as Markdown.

A note's ``line`` is None and its ``page`` is the page it starts on. Bad files
(scanned, encrypted, truncated, damaged, too many pages) raise InputError with one
clear reason, in bounded time: pages are counted before any is read.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from citecheck.errors import InputError, NoFootnotesError
from citecheck.footnotes import join_fragments
from citecheck.models import Document, Footnote

MAX_PAGES = 3000
MAX_BYTES = 200 * 1024 * 1024
_TAIL_BYTES = 4096  # %%EOF must be near the end of a complete PDF
_MIN_TEXT_CHARS = 20  # fewer on every page together: no text layer
_SMALLER = 0.92  # a note line is set at most this fraction of the body size
_RAISED = 0.15  # a marker's baseline is at least this fraction of the size above
_ITALIC_FLAG = 1 << 6  # PDF font descriptor flag "Italic"
_ITALIC_NAME = re.compile(rb"Italic|Oblique|-It\b", re.IGNORECASE)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_LINE_END_HYPHENS = {"\x02", "\ufffe", "\u00ad"}  # how PDFium reports a hyphen at a break
_DEBRIS = re.compile(
    r"^\s*(?:[-—–·]?\s*\d{1,4}\s*[-—–·]?|Page\s+\d+\s+of\s+\d+|This content downloaded from\b.*|"
    r"All use subject to\b.*|\(C\)\s*1994-20\d\d China Academic Journal\b.*)\s*$",
    re.IGNORECASE,
)
_PLAIN_MARKER = re.compile(r"^(\d{1,4})(?:[.)]\s*|\s+)(?=\S)")
_URL_START = re.compile(r"(?:https?|ftp)://|www\.", re.IGNORECASE)
_OPENING = tuple("<([{〈《「『“‘")


@dataclass(slots=True)
class _Char:
    text: str
    left: float
    right: float
    baseline: float
    size: float
    italic: bool
    uri: str | None = None


@dataclass(slots=True)
class _Line:
    chars: list[_Char]
    page: int
    baseline: float = 0.0
    size: float = 0.0

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars).strip()

    @property
    def left(self) -> float:
        return min(c.left for c in self.chars)

    def settle(self) -> None:
        """Baseline and size from the line's most common full-size characters."""
        visible = [c for c in self.chars if not c.text.isspace()] or self.chars
        sizes = Counter(round(c.size, 1) for c in visible)
        self.size = max(sizes, key=lambda s: (sizes[s], s))
        full = [c for c in visible if round(c.size, 1) == self.size]
        self.baseline = Counter(round(c.baseline, 1) for c in full).most_common(1)[0][0]

    def is_raised(self, char: _Char) -> bool:
        """A marker glyph: set smaller than the line and above its baseline."""
        return char.size <= self.size * 0.85 and char.baseline - self.baseline >= (
            _RAISED * self.size
        )


@dataclass(slots=True)
class _Note:
    number: int
    page: int
    label: str | None
    glyphs: list[_Char] = field(default_factory=list)


def read_pdf(path: Path) -> Document:
    """The footnotes of the text-layer PDF at ``path``."""
    document = _open(path)
    try:
        pages = [_page_lines(document, index) for index in range(len(document))]
    except pdfium.PdfiumError as exc:
        raise InputError(str(path), f"is a damaged PDF ({_pdfium_reason(exc)})") from exc
    finally:
        document.close()
    if sum(len(line.text) for lines in pages for line in lines) < _MIN_TEXT_CHARS:
        raise InputError(
            str(path),
            "has no text layer (a scanned PDF?); run OCR first, e.g. "
            "`ocrmypdf -l chi_tra+eng in.pdf out.pdf`, and read the result",
        )
    pages = _without_debris(pages)
    notes = _notes(pages)
    if not notes:
        raise NoFootnotesError(
            str(path),
            "no footnotes found (looked for numbered notes under a footnote rule or in "
            "smaller type at the foot of the pages)",
        )
    vocabulary = _vocabulary(pages)
    footnotes = tuple(
        Footnote(n.number, None, _render(n.glyphs, vocabulary), label=n.label, page=n.page + 1)
        for n in notes
    )
    text = "\n".join(line.text for lines in pages for line in lines)
    return Document(str(path), "pdf", "utf-8", footnotes, text)


# --- opening, with bounded work for bad files --------------------------------------------


def _open(path: Path) -> pdfium.PdfDocument:
    where = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
            handle.seek(max(0, size - _TAIL_BYTES))
            tail = handle.read()
    except OSError as exc:
        raise InputError(where, f"cannot be read ({exc.strerror or exc})") from exc
    if b"%PDF-" not in head:
        raise InputError(where, "is not a PDF (no %PDF- header)")
    if size > MAX_BYTES:
        raise InputError(where, f"is larger than {MAX_BYTES // (1024 * 1024)} MB; not read")
    if b"%%EOF" not in tail:
        raise InputError(where, "is a truncated PDF (no end-of-file marker); get a complete copy")
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(
                where, "is an encrypted PDF (password-protected); save an unprotected copy"
            ) from exc
        raise InputError(where, f"is a damaged PDF ({_pdfium_reason(exc)})") from exc
    pages = len(document)
    if pages > MAX_PAGES:
        document.close()
        raise InputError(where, f"claims {pages} pages, more than {MAX_PAGES}; not read")
    if pages == 0:
        document.close()
        raise InputError(where, "is a PDF without pages")
    return document


def _pdfium_reason(error: pdfium.PdfiumError) -> str:
    """PDFium's own words: "Failed to load document (PDFium: Data format error)." → the
    part in brackets."""
    found = re.search(r"\(PDFium: ([^)]*)\)", str(error))
    return f"PDFium: {found.group(1).lower()}" if found else str(error).rstrip(".")


# --- characters and lines ----------------------------------------------------------------


def _page_lines(document: pdfium.PdfDocument, index: int) -> list[_Line]:
    """The page's text lines, top to bottom, with the block under a footnote rule marked."""
    page = document[index]
    try:
        links = _link_rects(document, page)
        textpage = page.get_textpage()
        try:
            chars = list(_chars(textpage, links))
        finally:
            textpage.close()
        rule = _footnote_rule(page)
    finally:
        page.close()
    lines = _group_lines(chars, index)
    if rule is not None:
        for line in lines:
            if line.baseline < rule:
                line.page = -index - 1  # negative: under this page's footnote rule
    return lines


def _link_rects(
    document: pdfium.PdfDocument, page: pdfium.PdfPage
) -> list[tuple[float, float, float, float, str]]:
    """(left, bottom, right, top, URI) of every URI link annotation on the page."""
    found = []
    position = ctypes.c_int(0)
    link = pdfium_c.FPDF_LINK()
    while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        length = pdfium_c.FPDFAction_GetURIPath(document.raw, action, None, 0)
        buffer = ctypes.create_string_buffer(length)
        pdfium_c.FPDFAction_GetURIPath(document.raw, action, buffer, length)
        uri = buffer.value.decode("utf-8", "replace").strip()
        rect = pdfium_c.FS_RECTF()
        if uri and pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            found.append((rect.left, rect.bottom, rect.right, rect.top, uri))
    return found


def _chars(
    textpage: pdfium.PdfTextPage, links: list[tuple[float, float, float, float, str]]
) -> Iterator[_Char]:
    raw = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    flags = ctypes.c_int()
    name = ctypes.create_string_buffer(128)
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        text = chr(code) if 0 < code < 0x110000 else ""
        if text in ("\r", "\n", "") or (pdfium_c.FPDFText_IsGenerated(raw, i) and text != " "):
            continue
        pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
        pdfium_c.FPDFText_GetCharOrigin(raw, i, x, y)
        pdfium_c.FPDFText_GetFontInfo(raw, i, name, len(name), ctypes.byref(flags))
        size = pdfium_c.FPDFText_GetFontSize(raw, i)
        middle_x, middle_y = (left.value + right.value) / 2, y.value + size * 0.3
        uri = (
            next(
                (u for lx, by, rx, ty, u in links if lx <= middle_x <= rx and by <= middle_y <= ty),
                None,
            )
            if links
            else None
        )
        italic = bool(flags.value & _ITALIC_FLAG) or bool(_ITALIC_NAME.search(name.value))
        yield _Char(text, left.value, max(right.value, left.value), y.value, size, italic, uri)


def _group_lines(chars: list[_Char], page: int) -> list[_Line]:
    """Characters in content order into lines: a new line where the baseline jumps or the
    text runs back to the left; a raised marker shares the line it is set in."""
    lines: list[_Line] = []
    current: list[_Char] = []
    base = size = 0.0
    for char in chars:
        if char.text == " " and not current:
            continue
        if current and char.text != " ":
            jump = abs(char.baseline - base) > 0.6 * max(size, char.size)
            back = char.left < current[-1].left - max(size, char.size)
            if jump or back:
                lines.append(_Line(current, page))
                current = []
        if not current or char.size > size:
            base, size = char.baseline, char.size
        current.append(char)
    if current:
        lines.append(_Line(current, page))
    for line in lines:
        line.settle()
    lines = [line for line in lines if line.text]
    lines.sort(key=lambda line: -line.baseline)
    return lines


def _footnote_rule(page: pdfium.PdfPage) -> float | None:
    """The height of the page's footnote rule: the lowest short, thin horizontal path
    (at most 60% of the page width, a separator, not a table border or head rule)."""
    width = page.get_width()
    rules = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom <= 2.0 and 30.0 <= right - left <= 0.6 * width:
            rules.append(bottom)
    return min(rules) if rules else None


# --- what is not text: page numbers, running heads, stamps ---------------------------------


def _without_debris(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop page numbers and stamps, and lines at a page's top or foot that recur on many
    pages (running heads and feet, digits aside)."""
    edges: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        for key in {_edge_key(lines[i]) for i in _edge_indices(lines)}:
            edges[key] += 1
    threshold = max(3, len(pages) // 3)
    repeated = {key for key, count in edges.items() if count >= threshold}
    cleaned = []
    for lines in pages:
        edge = _edge_indices(lines)
        cleaned.append(
            [
                line
                for i, line in enumerate(lines)
                if not _DEBRIS.match(line.text) and not (i in edge and _edge_key(line) in repeated)
            ]
        )
    return cleaned


def _edge_indices(lines: list[_Line]) -> set[int]:
    """The first two and last two lines of a page, where heads and feet are set."""
    return {i for i in (0, 1, len(lines) - 2, len(lines) - 1) if 0 <= i < len(lines)}


def _edge_key(line: _Line) -> tuple[str, int]:
    """A running head or foot: the same words (page numbers aside) at the same height."""
    return re.sub(r"[\d\s]+", "", line.text), round(line.baseline / 3)


# --- footnote blocks and notes -------------------------------------------------------------


def _body_size(pages: list[list[_Line]]) -> float:
    """The size body text is set in: the largest that sets a fifth of the text above the
    footnote rules (notes may outweigh the body on note-heavy pages; headings are few)."""
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            if line.page >= 0:
                sizes[line.size] += len(line.text)
    total = sum(sizes.values())
    common = [size for size in sorted(sizes, reverse=True) if sizes[size] >= 0.2 * total]
    return common[0] if common else 0.0


def _footnote_block(lines: list[_Line], body: float) -> list[_Line]:
    """The page's footnote lines: under its rule, else the smaller-set lines at its foot."""
    under_rule = [line for line in lines if line.page < 0]
    if under_rule:
        return under_rule
    block: list[_Line] = []
    for line in reversed(lines):
        if line.size > body * _SMALLER:
            break
        block.append(line)
    return block[::-1]


def _notes(pages: list[list[_Line]]) -> list[_Note]:
    body = _body_size(pages)
    notes: list[_Note] = []
    for index, lines in enumerate(pages):
        block = _footnote_block(lines, body)
        in_block = {id(line) for line in block}
        restarts = 1 in _body_markers([line for line in lines if id(line) not in in_block])
        first_on_page = True
        for line in block:
            marker = _marker(line, notes, restarts and first_on_page)
            if marker is not None:
                number, label, rest = marker
                notes.append(_Note(number, index, label, rest))
                first_on_page = False
            elif notes:
                notes[-1].glyphs += [_BREAK, *line.chars]
    return _renumbered(notes)


_BREAK = _Char("\n", 0.0, 0.0, 0.0, 0.0, False)


def _body_markers(lines: list[_Line]) -> set[int]:
    """The numbers of the raised note markers in body lines."""
    found: set[int] = set()
    for line in lines:
        digits = ""
        for char in [*line.chars, _BREAK]:
            if char.text.isdigit() and line.is_raised(char):
                digits += char.text
            elif digits:
                found.add(int(digits))
                digits = ""
    return found


def _marker(
    line: _Line, notes: list[_Note], may_restart: bool
) -> tuple[int, str | None, list[_Char]] | None:
    """(number, label, the line without its marker) where the line starts a note: the
    next number, or 1 again on a page whose body has a raised 1 (numbered per page)."""
    chars = line.chars
    expected = notes[-1].number + 1 if notes else 1
    if chars[0].text in _CIRCLED:
        return _CIRCLED.index(chars[0].text) + 1, chars[0].text, _strip(chars[1:])
    raised = 0
    while raised < len(chars) and (
        (chars[raised].text.isdigit() and line.is_raised(chars[raised]))
        or chars[raised].text in "⁰¹²³⁴⁵⁶⁷⁸⁹"
    ):
        raised += 1
    if raised:
        number = int("".join(c.text for c in chars[:raised]).translate(_SUPERSCRIPT_DIGITS))
        if number == expected or (number == 1 and may_restart):
            return number, None, _strip(chars[raised:])
        return None
    plain = _PLAIN_MARKER.match("".join(c.text for c in chars))
    if plain and (int(plain.group(1)) == expected or (plain.group(1) == "1" and may_restart)):
        return int(plain.group(1)), None, _strip(chars[plain.end() :])
    return None


def _strip(chars: list[_Char]) -> list[_Char]:
    start = 0
    while start < len(chars) and chars[start].text.isspace():
        start += 1
    return chars[start:]


def _renumbered(notes: list[_Note]) -> list[_Note]:
    """Notes numbered afresh on each page (1 2 1 2 3 …) are numbered through the
    document, keeping the printed number as the label."""
    numbers = [n.number for n in notes]
    if numbers.count(1) <= 1:
        return notes
    for index, note in enumerate(notes, start=1):
        note.label = note.label or str(note.number)
        note.number = index
    return notes


# --- a note's text ---------------------------------------------------------------------------


def _vocabulary(pages: list[list[_Line]]) -> set[str]:
    """Every Latin/Cyrillic word of the document, to tell a real hyphen from a break."""
    words: set[str] = set()
    for lines in pages:
        for line in lines:
            words.update(w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", line.text))
    return words


def _render(glyphs: list[_Char], vocabulary: set[str]) -> str:
    """The note's text: lines joined, link text replaced by its URI, italics as ``*…*``."""
    pieces: list[tuple[str, bool, str | None]] = []  # (text, italic, uri) per run
    for char in glyphs:
        text = "-" if char.text in _LINE_END_HYPHENS else char.text
        joinable = pieces and "\n" not in (text, pieces[-1][0])
        if joinable and pieces[-1][1:] == (char.italic, char.uri):
            pieces[-1] = (pieces[-1][0] + text, char.italic, char.uri)
        else:
            pieces.append((text, char.italic, char.uri))
    runs = _links_exact(pieces)
    lines: list[str] = []
    current = ""
    for text, italic, _ in runs:
        if text == "\n":
            lines.append(current)
            current = ""
            continue
        current += _italic(text) if italic else text
    lines.append(current)
    text = _join_lines([line.strip() for line in lines if line.strip()], vocabulary)
    return re.sub(r"\*(\s*)\*", r"\1", text)  # one italic run cut by a line end


def _italic(text: str) -> str:
    stripped = text.strip()
    if not stripped or not re.search(r"\w", stripped):
        return text
    start = text.index(stripped)
    return f"{text[:start]}*{stripped}*{text[start + len(stripped) :]}"


def _links_exact(
    runs: list[tuple[str, bool, str | None]],
) -> list[tuple[str, bool, str | None]]:
    """Runs of one link annotation (across line breaks) become its exact URI when their
    text is a URL; other link text keeps its words and gains the URI after it."""
    out: list[tuple[str, bool, str | None]] = []
    i = 0
    while i < len(runs):
        uri = runs[i][2]
        if uri is None:
            out.append(runs[i])
            i += 1
            continue
        j = i
        while j < len(runs) and (
            runs[j][2] == uri
            or (runs[j][0] == "\n" and j + 1 < len(runs) and runs[j + 1][2] == uri)
        ):
            j += 1
        visible = "".join(r[0] for r in runs[i:j] if r[0] != "\n").strip()
        start = _URL_START.search(visible)
        if start or not visible:
            prefix = visible[: start.start()] if start else ""
            shown = re.sub(r"\s+", "", visible[len(prefix) :])
            suffix = shown[len(uri) :] if shown.startswith(uri) else ""
            out.append((prefix + uri + suffix, False, uri))
        else:
            out += [(r[0], r[1], None) for r in runs[i:j] if r[0] != "\n"]
            out.append((f" <{uri}>", False, uri))
        i = j
    return out


def _join_lines(lines: list[str], vocabulary: set[str]) -> str:
    if not lines:
        return ""
    text = lines[0]
    for line in lines[1:]:
        text = _join_hyphen(text, line, vocabulary)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _join_hyphen(left: str, right: str, vocabulary: set[str]) -> str:
    """Join two wrapped lines; a line-end hyphen inside a word stays only if it is real."""
    word_end = re.search(r"([^\W\d_]+)-\**$", left)
    word_start = re.match(r"\**([^\W\d_]+)", right)
    if word_end and word_start and not re.search(r"(?:https?|ftp)://\S*$", left):
        head, tail = word_end.group(1), word_start.group(1)
        joined, hyphened = (head + tail).lower(), f"{head}-{tail}".lower()
        real = hyphened in vocabulary or (joined not in vocabulary and not tail[0].islower())
        if not real:
            cut = left.rstrip("*")
            stars = left[len(cut) :]
            return cut[:-1] + stars + right if not stars else cut[:-1] + right
        return left + right
    if left.endswith(_OPENING):
        return left + right
    return join_fragments([left, right])
