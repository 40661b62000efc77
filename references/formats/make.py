#!/usr/bin/env python3
"""Make the sample paper in the formats real producers write (run from the repo root).

usage: .venv/bin/python references/formats/make.py

Needs pandoc, LibreOffice (soffice), xelatex with xeCJK and the Noto CJK fonts; the
tests only read what this script wrote, so they need none of these tools.

1. ``guo-huang-2014.pandoc.md``: a clean Pandoc-Markdown source rebuilt from the
   PDF-converted ``references/guo-huang-2014.md``: body text with ``[^n]`` markers, every
   note as a real footnote (found by citecheck's own footnote finder), italics ``*…*``,
   〈〉《》 marks kept and every URL a link; page rules, page numbers and the notes'
   page-break splits are gone.
2. pandoc → ``.docx``, ``.odt``, ``.html`` (standalone, footnotes section) and ``.tex``
   (standalone, ``\\footnote``, ``\\url``/``\\href``, ``\\emph``, xeCJK + Noto CJK);
   LibreOffice headless ``.docx`` → ``.libreoffice.pdf``; xelatex ``.tex`` → ``.xelatex.pdf``.
3. The same for ``unseen.pandoc.md``, a short paper written by hand (not from the sample)
   whose expected notes the tests state by hand.
4. ``encrypted.pdf``: a one-page text PDF encrypted by mutool (AES-256, user password
   ``reader``), for the reader's refusal of password-protected files.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from citecheck.footnotes import _continuations, _paragraph, find_footnotes

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "guo-huang-2014.md"
CJK_FONT = "Noto Serif CJK TC"
LATIN_FONT = "DejaVu Serif"  # has Cyrillic, unlike Latin Modern
_SUP = re.compile(r"<sup>\s*(\d{1,4})\s*</sup>")
_PAGE_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_PAGE_NUMBER = re.compile(r"^\s*[-—–·]?\s*\d{1,4}\s*[-—–·]?\s*$")
_MD_LINK = re.compile(r"\[[^\]]*\]\(((?:https?|ftp)://[^)\s]+)\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+)>")
_SENTENCE_END = tuple("。！？」』）)：:.!?”\"*>》〉")


def note_markdown(text: str) -> str:
    """A note's text as Pandoc Markdown: each URL an autolink, stray < > made literal."""
    urls: list[str] = []

    def hold(match: re.Match[str]) -> str:
        urls.append(match.group(1))
        return f"\x00{len(urls) - 1}\x00"

    text = _MD_LINK.sub(hold, text)
    text = _AUTOLINK.sub(hold, text)
    text = text.replace("<", "\\<").replace(">", "\\>")
    return re.sub("\x00(\\d+)\x00", lambda m: f"<{urls[int(m.group(1))]}>", text)


def note_lines(lines: list[str], starts: list[int]) -> set[int]:
    """Indices of the lines that hold notes: each definition's and continuation's paragraph."""
    taken: set[int] = set()
    firsts = [start - 1 for start in starts]
    firsts += [index for index, _ in _continuations(lines)]
    for first in firsts:
        _, after = _paragraph(lines, first)
        taken.update(range(first, after))
    return taken


def body_paragraphs(lines: list[str], taken: set[int]) -> list[str]:
    """Body paragraphs with ``[^n]`` markers, rejoined where a page break cut them."""
    paragraphs: list[str] = []
    current: list[str] = []
    for index, line in enumerate([*lines, ""]):
        if index in taken or _PAGE_RULE.match(line) or _PAGE_NUMBER.match(line):
            continue
        if line.strip():
            current.append(line.rstrip())
            continue
        if current:
            paragraphs.append("\n".join(current))
            current = []
    joined: list[str] = []
    for paragraph in paragraphs:
        previous = joined[-1] if joined else ""
        if previous and not previous.startswith("#") and not paragraph.startswith("#") and (
            not previous.rstrip().endswith(_SENTENCE_END)
        ):
            glue = " " if re.search(r"[A-Za-z,]$", previous) else ""
            joined[-1] = previous + glue + paragraph
        else:
            joined.append(paragraph)
    return [_SUP.sub(lambda m: f"[^{m.group(1)}]", p) for p in joined]


def pandoc_source(sample: Path) -> str:
    text = sample.read_text("utf-8")
    lines = text.splitlines()
    notes = find_footnotes(text)
    body = body_paragraphs(lines, note_lines(lines, [n.line for n in notes]))
    referenced = {int(n) for n in re.findall(r"\[\^(\d+)\]", "\n".join(body))}
    assert referenced == {n.number for n in notes}, referenced ^ {n.number for n in notes}
    defined = [f"[^{n.number}]: {note_markdown(n.text)}" for n in notes]
    header = ""
    return header + "\n\n".join(body) + "\n\n" + "\n\n".join(defined) + "\n"


def reference_docx(target: Path) -> None:
    """Pandoc's reference.docx with real fonts named, so LibreOffice embeds two fonts
    (one Latin with Cyrillic, one CJK) instead of falling back to several."""
    default = subprocess.run(
        ["pandoc", "--print-default-data-file", "reference.docx"], check=True, capture_output=True
    ).stdout
    fonts = (
        f'<w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" '
        f'w:eastAsia="{CJK_FONT}" w:cs="{LATIN_FONT}" />'
    )
    source = target.with_suffix(".default.docx")
    source.write_bytes(default)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/styles.xml":
                text = re.sub(r"<w:rFonts [^>]*Theme[^>]*/>", fonts, data.decode("utf-8"))
                data = text.replace('w:eastAsia="en-US"', 'w:eastAsia="zh-TW"').encode("utf-8")
            new.writestr(item, data)
    source.unlink()


def run(*command: str, cwd: Path = HERE) -> None:
    print("+", " ".join(command), file=sys.stderr)
    subprocess.run(command, check=True, cwd=cwd, stdout=subprocess.DEVNULL)


def produce(stem: str, paper: str) -> None:
    """Every format from ``{stem}.pandoc.md``, written beside it (LaTeX on ``paper``)."""
    source = f"{stem}.pandoc.md"
    with tempfile.TemporaryDirectory() as scratch:
        reference = Path(scratch) / "reference.docx"
        reference_docx(reference)
        run("pandoc", source, "--reference-doc", str(reference), "-o", f"{stem}.docx")
    run("pandoc", source, "-o", f"{stem}.odt")
    run("pandoc", source, "--standalone", "--metadata", f"title={stem}", "-o", f"{stem}.html")
    run(
        "pandoc", source, "--standalone", "--pdf-engine=xelatex",
        "-V", f"CJKmainfont={CJK_FONT}", "-V", f"mainfont={LATIN_FONT}",
        "-V", f"geometry:{paper},margin=20mm", "-o", f"{stem}.tex",
    )
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copy(HERE / f"{stem}.docx", work / "paper.docx")
        run("soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work),
            str(work / "paper.docx"), cwd=work)
        shutil.copy(work / "paper.pdf", HERE / f"{stem}.libreoffice.pdf")
        shutil.copy(HERE / f"{stem}.tex", work / "paper.tex")
        for _ in range(2):  # twice, so footnote marks and page layout settle
            run("xelatex", "-interaction=nonstopmode", "-halt-on-error", "paper.tex", cwd=work)
        shutil.copy(work / "paper.pdf", HERE / f"{stem}.xelatex.pdf")


def encrypted_pdf(target: Path) -> None:
    """A one-page text PDF (note text and a marker), encrypted with a user password."""
    content = b"BT /F1 12 Tf 72 700 Td (A body line.) Tj /F1 7 Tf 4 Ts (1) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    with tempfile.TemporaryDirectory() as scratch:
        plain = Path(scratch) / "plain.pdf"
        plain.write_bytes(bytes(out))
        run("mutool", "clean", "-E", "aes-256", "-U", "reader", "-O", "owner", str(plain),
            str(target))


def main() -> None:
    (HERE / "guo-huang-2014.pandoc.md").write_text(pandoc_source(SAMPLE), "utf-8")
    produce("guo-huang-2014", "a4paper")
    produce("unseen", "a5paper")  # a second layout: small pages, notes on every page
    encrypted_pdf(HERE / "encrypted.pdf")


if __name__ == "__main__":
    main()
