r"""LaTeX reader: ``\footnote{…}`` notes, with their source lines.

Notes are ``\footnote``, ``\footnotetext`` and ``\endnote`` arguments in the document
body, braces matched (nested groups, ``\{`` escapes); comments are dropped (a ``%``
inside ``\url``/``\href`` is part of the address). Each note is turned into the text
the Markdown path reads (see ``read.runs``): ``\url{…}`` and ``\href{…}{…}`` give their
exact address, ``\emph``/``\textit``/``\textsc`` (and ``{\em …}``) become ``*…*`` titles,
TeX quotes, dashes, ties and accents become characters, other commands keep their text.
``\cite`` keys are resolved against the ``.bib`` files named by ``\bibliography`` or
``\addbibresource`` beside the document, written out as a note citing that entry. A
note's ``line`` is the line of its ``\footnote``.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from citecheck.models import Citation, Document, Footnote
from citecheck.read.runs import Segment, paragraph_text, web_target

_NOTE_COMMANDS = re.compile(r"\\(footnote|footnotetext|endnote)(?![A-Za-z@])")
_BEGIN_DOCUMENT = re.compile(r"\\begin\s*\{document\}")
_BIB_FILES = re.compile(r"\\(?:bibliography|addbibresource)\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}")
_ITALIC = {"emph", "textit", "textsl", "textsc", "mkbibemph", "mkbibitalic", "citetitle"}
_ITALIC_SWITCHES = {"em", "it", "itshape", "sl", "slshape", "sc", "scshape"}
_DROPPED = {
    "label", "index", "hspace", "vspace", "ref", "pageref", "eqref", "color", "setlength",
    "addcontentsline", "footnotemark", "hypertarget", "phantomsection", "protect",
}  # fmt: skip
_CITES = re.compile(
    r"(?:[Cc]ite[pt]?|[Pp]arencite|[Aa]utocite|[Ff]ootcite|[Tt]extcite|[Ss]martcite)"
)
_SYMBOLS = {
    "textless": "<", "textgreater": ">", "&": "&", "%": "%", "_": "_", "#": "#", "$": "$",
    "{": "{", "}": "}", "textasciitilde": "~", "ldots": "…", "dots": "…", "textendash": "–",
    "textemdash": "—", "S": "§", "textquotedblleft": "“", "textquotedblright": "”",
    "textquoteleft": "‘", "textquoteright": "’", " ": " ", ",": " ", "\\": " ",
    "newline": " ", "linebreak": " ", "slash": "/", "-": "", "/": "", "@": "", "par": "\n\n",
    "textbackslash": "\\", "textbar": "|", "quad": " ", "qquad": " ", "nobreakspace": " ",
    "LaTeX": "LaTeX", "TeX": "TeX", "textperiodcentered": "·", "guillemotleft": "«",
    "guillemotright": "»", "textellipsis": "…",
}  # fmt: skip
_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
}  # fmt: skip
_LIGATURES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("`", "‘"), ("~", " "))
_URL_ESCAPE = re.compile(r"\\([%#&_~$])")
# xeCJK's ``space`` option prints a space (or line end) between CJK characters as a space.
_CJK_SPACES = re.compile(
    r"\\PassOptionsToPackage\{[^}]*\bspace\b[^}]*\}\{xeCJK\}"
    r"|\\usepackage\[[^\]]*\bspace\b[^\]]*\]\{xeCJK\}"
)


def read_latex(path: Path, text: str, encoding: str) -> Document:
    """The footnotes of the LaTeX document at ``path`` (its decoded ``text``)."""
    source = strip_comments(text)
    bibliography = _bibliography(path, source)
    starts = [0] + [m.end() for m in re.finditer("\n", source)]
    begin = _BEGIN_DOCUMENT.search(source)
    notes: list[Footnote] = []
    position = begin.end() if begin else 0
    while found := _NOTE_COMMANDS.search(source, position):
        argument = note_argument(source, found.end())
        if argument is None:
            position = found.end()
            continue
        content, position = argument
        body = note_text(content, bibliography, cjk_spaces=bool(_CJK_SPACES.search(source)))
        if body:
            line = bisect.bisect_right(starts, found.start())
            notes.append(Footnote(len(notes) + 1, line, body))
    return Document(str(path), "latex", encoding, tuple(notes), text)


_JOINED = "\ue010\n"  # where a comment joined two lines: no space, but still a new line


def strip_comments(text: str) -> str:
    """``text`` without ``%`` comments, ``\\url``/``\\href`` addresses intact; lines are kept
    (a comment's line end becomes ``_JOINED``, which ``note_text`` drops)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            url = re.match(r"\\(?:url|href)\s*\{", text[i : i + 12])
            if url:
                end = _group_end(text, i + url.end() - 1)
                out.append(text[i:end])
                i = end
                continue
            out.append(text[i : i + 2])
            i += 2
        elif ch == "%":
            newline = text.find("\n", i)
            if newline < 0:
                break
            out.append(_JOINED)  # the comment and its line end go; the line count stays
            i = newline + 1
            while i < len(text) and text[i] in " \t":
                i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def note_argument(source: str, index: int) -> tuple[str, int] | None:
    """The braced argument after a note command at ``index`` (an optional ``[n]`` skipped)
    and the index after it; None when the command has no argument."""
    i = _skip_spaces(source, index)
    if source.startswith("[", i):
        close = source.find("]", i)
        i = _skip_spaces(source, close + 1) if close >= 0 else i
    if not source.startswith("{", i):
        return None
    end = _group_end(source, i)
    return source[i + 1 : end - 1], end


def note_text(
    content: str, bibliography: dict[str, Citation] | None = None, *, cjk_spaces: bool = False
) -> str:
    """A note's LaTeX as the text the Markdown path reads."""
    converter = _Converter(bibliography or {})
    converter.convert(content.replace(_JOINED, ""), italic=False, target=None)
    texts = (_join_lines(paragraph_text(p), cjk_spaces) for p in converter.paragraphs)
    return " ".join(t for t in texts if t)


def _skip_spaces(source: str, i: int) -> int:
    while i < len(source) and source[i] in " \t\n":
        i += 1
    return i


def _group_end(source: str, start: int) -> int:
    """The index after the ``}`` that closes the ``{`` at ``start`` (escapes skipped)."""
    depth = 0
    i = start
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(source)


def _join_lines(text: str, cjk_spaces: bool = False) -> str:
    """Source lines joined as TeX joins them: a space, none between CJK characters (unless
    xeCJK keeps spaces there)."""
    parts = [line.strip() for line in text.split("\n")]
    out = ""
    for part in (p for p in parts if p):
        cjk = not cjk_spaces and _is_cjk(out[-1:]) and _is_cjk(part[:1])
        out = f"{out}{part}" if not out or cjk else f"{out} {part}"
    return re.sub(r"[ \t]{2,}", " ", out).strip()


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u2e80" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or ch >= "\uff00")


@dataclass
class _Converter:
    bibliography: dict[str, Citation]
    paragraphs: list[list[Segment]] = field(default_factory=lambda: [[]])

    def add(self, text: str, italic: bool, target: str | None) -> None:
        if "\n\n" in text:
            head, _, tail = text.partition("\n\n")
            self.add(head, italic, target)
            self.paragraphs.append([])
            self.add(tail.lstrip("\n"), italic, target)
        elif text:
            self.paragraphs[-1].append(Segment(text, italic, target, 0))

    def convert(self, src: str, *, italic: bool, target: str | None) -> None:
        i = 0
        plain: list[str] = []
        while i < len(src):
            ch = src[i]
            if ch in "\\{}$":
                self.add(_ligatures("".join(plain)), italic, target)
                plain = []
                i = self._special(src, i, italic=italic, target=target)
            else:
                plain.append(ch)
                i += 1
        self.add(_ligatures("".join(plain)), italic, target)

    def _special(self, src: str, i: int, *, italic: bool, target: str | None) -> int:
        ch = src[i]
        if ch == "{":
            end = _group_end(src, i)
            inner = src[i + 1 : end - 1]
            switch = re.match(r"\s*\\([A-Za-z]+)(?![A-Za-z])\s*", inner)
            if switch and switch.group(1) in _ITALIC_SWITCHES:
                self.convert(inner[switch.end() :], italic=True, target=target)
            else:
                self.convert(inner, italic=italic, target=target)
            return end
        if ch in "}$":
            return i + 1
        return self._command(src, i, italic=italic, target=target)

    def _command(self, src: str, i: int, *, italic: bool, target: str | None) -> int:
        name_match = re.match(r"\\([A-Za-z@]+\*?|.)", src[i:])
        if name_match is None:
            return i + 1
        name = name_match.group(1).rstrip("*")
        after = i + name_match.end()
        if name in _ACCENTS:
            return self._accent(src, after, _ACCENTS.get(name, ""), italic, target)
        if name.isalpha():
            after = _skip_spaces(src, after) if not src.startswith("{", after) else after
        if name in _SYMBOLS:
            self.add(_SYMBOLS[name], italic, target)
            return _skip_empty_group(src, after)
        if name in ("url", "nolinkurl"):
            arg, end = _argument(src, after)
            self.add(_url(arg), italic, web_target(_url(arg)))
            return end
        if name == "href":
            address, end = _argument(src, after)
            shown, end = _argument(src, end)
            self.convert(shown, italic=italic, target=web_target(_url(address)))
            return end
        if _CITES.fullmatch(name):
            return self._cite(src, after)
        if name in _DROPPED:
            end = _skip_optional(src, after)
            return _argument(src, end)[1] if src.startswith("{", end) else end
        end = _skip_optional(src, after)
        while src.startswith("{", end):  # other commands: their arguments' text
            arg, end = _argument(src, end)
            self.convert(arg, italic=italic or name in _ITALIC, target=target)
        return end

    def _accent(self, src: str, i: int, mark: str, italic: bool, target: str | None) -> int:
        if src.startswith("{", i):
            letter, end = _argument(src, i)
        else:
            letter, end = src[i : i + 1], i + 1
        letter = letter.lstrip("\\")
        self.add(unicodedata.normalize("NFC", letter + mark), italic, target)
        return end

    def _cite(self, src: str, i: int) -> int:
        notes: list[str] = []
        while src.startswith("[", i):
            close = src.find("]", i)
            notes.append(src[i + 1 : close] if close > 0 else "")
            i = close + 1 if close > 0 else i + 1
        keys, end = _argument(src, i)
        postnote = notes[-1] if notes else ""
        texts = [
            cite_text(self.bibliography[key.strip()], postnote)
            if key.strip() in self.bibliography
            else key.strip()
            for key in keys.split(",")
        ]
        self.add("; ".join(texts), False, None)
        return end


def _argument(src: str, i: int) -> tuple[str, int]:
    i = _skip_spaces(src, i)
    if not src.startswith("{", i):
        return src[i : i + 1], i + 1
    end = _group_end(src, i)
    return src[i + 1 : end - 1], end


def _skip_optional(src: str, i: int) -> int:
    while src.startswith("[", i):
        close = src.find("]", i)
        i = close + 1 if close > 0 else i + 1
    return i


def _skip_empty_group(src: str, i: int) -> int:
    return i + 2 if src.startswith("{}", i) else i


def _url(argument: str) -> str:
    return _URL_ESCAPE.sub(r"\1", argument.strip())


def _ligatures(text: str) -> str:
    for tex, char in _LIGATURES:
        text = text.replace(tex, char)
    return text


def _bibliography(path: Path, source: str) -> dict[str, Citation]:
    """Citation key → entry of the .bib files the document names, when beside it."""
    from citecheck.errors import InputError
    from citecheck.read.bib import read_bib
    from citecheck.read.encoding import decode_bytes

    entries: dict[str, Citation] = {}
    for found in _BIB_FILES.finditer(source):
        for name in found.group(1).split(","):
            bib = path.parent / name.strip()
            bib = bib if bib.suffix == ".bib" else bib.with_name(bib.name + ".bib")
            if bib.parent.resolve() != path.parent.resolve() or not bib.is_file():
                continue  # only a bibliography beside the document is read
            try:
                text, encoding = decode_bytes(bib.read_bytes(), str(bib))
                document = read_bib(bib, text, encoding)
            except (InputError, OSError):
                continue
            for note in document.footnotes:
                if note.label and note.citations:
                    entries[note.label] = note.citations[0]
    return entries


def cite_text(citation: Citation, postnote: str = "") -> str:
    """A bibliography entry written as a note would cite it (Chinese or Western style)."""
    if (citation.language or "").startswith("zh"):
        return _chinese_cite(citation, postnote)
    authors = " and ".join(a.display() for a in citation.authors)
    year = str(citation.issued[0][0]) if citation.issued else ""
    parts = [authors] if authors else []
    if citation.container_title:
        parts.append(f"“{citation.title},” *{citation.container_title}*")
        details = " ".join(
            p
            for p in (
                citation.volume or "",
                f"no. {citation.issue}" if citation.issue else "",
                f"({year})" if year else "",
            )
            if p
        )
        text = ", ".join(parts) + (f" {details}" if details else "")
        text += f": {citation.page}" if citation.page else ""
    else:
        imprint = ": ".join(p for p in (citation.publisher_place, citation.publisher) if p)
        imprint = ", ".join(p for p in (imprint, year) if p)
        parts.append(f"*{citation.title}*" + (f" ({imprint})" if imprint else ""))
        text = ", ".join(parts)
    if postnote:
        text += f", {postnote}"
    if citation.url:
        text += f", <{citation.url}>"
    return text + "."


def _chinese_cite(citation: Citation, postnote: str) -> str:
    authors = "、".join(a.display() for a in citation.authors)
    year = f"{citation.issued[0][0]} 年" if citation.issued else ""
    parts = [authors] if authors else []
    if citation.container_title:
        parts += [f"〈{citation.title}〉", f"《{citation.container_title}》"]
        if citation.volume:
            parts.append(f"第 {citation.volume} 卷")
        if citation.issue:
            parts.append(f"第 {citation.issue} 期")
        parts.append(year)
        if citation.page:
            parts.append(f"頁 {citation.page}")
    else:
        imprint = "：".join(p for p in (citation.publisher_place, citation.publisher) if p)
        imprint = "，".join(p for p in (imprint, year) if p)
        parts.append(f"《{citation.title}》" + (f"（{imprint}）" if imprint else ""))
    if postnote:
        parts.append(f"頁 {postnote}" if postnote[:1].isdigit() else postnote)
    if citation.url:
        parts.append(f"<{citation.url}>")
    return "，".join(p for p in parts if p) + "。"
