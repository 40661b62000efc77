"""Write small PDFs by hand for reader tests: text lines in the standard fonts, rules,
link annotations, an image-only page, and page trees of any shape (for bombs).

Text uses Helvetica / Helvetica-Oblique (WinAnsi), so only Latin text is possible; the
CJK and Cyrillic cases are covered by the producer-made fixtures in references/formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    """Text set in one size, raised by ``rise`` points, italic or not."""

    text: str
    size: float = 12.0
    rise: float = 0.0
    italic: bool = False


@dataclass
class Page:
    """A page: text lines at (x, y), horizontal rules (x, y, width) and URI links."""

    lines: list[tuple[float, float, list[Run]]] = field(default_factory=list)
    rules: list[tuple[float, float, float]] = field(default_factory=list)
    links: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)

    def text(self, x: float, y: float, *runs: Run | str) -> Page:
        self.lines.append((x, y, [Run(r) if isinstance(r, str) else r for r in runs]))
        return self


def sup(text: str, size: float = 7.0) -> Run:
    """A raised note marker."""
    return Run(text, size, rise=size * 0.6)


def _string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content(page: Page) -> bytes:
    out = bytearray()
    for x, y, runs in page.lines:
        out += b"BT %.2f %.2f Td " % (x, y)
        for run in runs:
            font = b"/F2" if run.italic else b"/F1"
            out += b"%s %.2f Tf %.2f Ts %s Tj " % (font, run.size, run.rise, _string(run.text))
        out += b"ET\n"
    for x, y, width in page.rules:
        out += b"%.2f %.2f %.2f 0.5 re f\n" % (x, y, width)
    return bytes(out)


def assemble(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (object 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_pdf(pages: list[Page], width: float = 612, height: float = 792) -> bytes:
    """A text PDF of ``pages``."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Oblique /Encoding /WinAnsiEncoding >>"
    )
    kids = []
    for page in pages:
        content = _content(page)
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        annots = b" ".join(
            b"<< /Type /Annot /Subtype /Link /Border [0 0 0] /Rect [%.2f %.2f %.2f %.2f] "
            b"/A << /S /URI /URI %s >> >>" % (*rect, _string(uri))
            for rect, uri in page.links
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.0f %.0f] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Annots [%s] >>"
            % (width, height, len(objects), annots)
        )
        kids.append(len(objects))
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    return assemble(objects)


def image_only_pdf(pages: int = 2) -> bytes:
    """A 'scanned' PDF: each page one grey image, no text at all."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    pixels = bytes(range(0, 256, 4)) * 64  # 64x64 grey
    objects.append(
        b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream"
    )
    content = b"q 612 0 0 792 0 0 cm /Im0 Do Q"
    kids = []
    for _ in range(pages):
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /XObject << /Im0 3 0 R >> >> >>" % len(objects)
        )
        kids.append(len(objects))
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    return assemble(objects)


def page_tree_bomb(fan_out: int, depth: int) -> bytes:
    """A page tree ``depth`` levels deep whose every node lists one child ``fan_out``
    times: fan_out ** depth pages claimed by a file of a few kilobytes."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        kids = b" ".join([b"%d 0 R" % (3 + level)] * fan_out)
        objects.append(
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, fan_out ** (depth - level))
        )
    objects.append(b"<< /Type /Page /MediaBox [0 0 612 792] >>")
    return assemble(objects)
