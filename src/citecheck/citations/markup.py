"""Markup in a footnote's text: clean it, then protect the spans that commas must not split.

A citation is split on commas, semicolons and full stops, but titles ("Title, with a
comma"), URLs and dates ("May 28, 2014") contain them. Each such span is replaced by a
placeholder made of private-use characters, so the later stages can split freely and
look the span up again.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from citecheck.doi import doi_from_url, find_dois
from citecheck.links import FoundUrl, find_urls, normalize_links, unescape_markdown
from citecheck.models import Citation, Name

_OPEN, _CLOSE = "\ue000", "\ue001"
PLACEHOLDER = re.compile(f"{_OPEN}([A-Z])(\\d+){_CLOSE}")
# For patterns in other modules, which never spell the private-use characters themselves:
PLACEHOLDER_START, PLACEHOLDER_END = _OPEN, _CLOSE  # in lookarounds: (?<=…), (?=…)
PLACEHOLDER_EDGES = _OPEN + _CLOSE  # in character classes: [^…] stays outside placeholders
IMPRINT_MARK = "\ue002"
"""Where a publication parenthesis stood once read (``fields``): an unmarked title ends there."""

_TAG_START = re.compile(r"</?[a-zA-Z]")
_ITALIC_OPENING = re.compile(r"<(i|em)>", re.IGNORECASE)
_ITALIC_CLOSING = {"i": re.compile(r"</i>", re.IGNORECASE), "em": re.compile(r"</em>", re.I)}
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")


class SpanKind(StrEnum):
    """What a protected span is; the value is its placeholder letter."""

    QUOTED = "Q"  # “…”, "…", «…»: an article title in Western styles
    ANGLE = "A"  # 〈…〉: an article or chapter title in Chinese styles
    BOOK = "B"  # 《…》: a book, journal or newspaper title in Chinese styles
    ITALIC = "I"  # *…*: a book, journal or site title in Western styles
    URL = "U"
    DOI = "D"  # a DOI in any written form (resolver URL, "doi:", bare): not a link to check


_IDENTIFIERS = frozenset({SpanKind.URL, SpanKind.DOI})  # spans that are not titles

_QUOTE_PAIRS = [
    (SpanKind.QUOTED, "“", "”"),
    (SpanKind.QUOTED, "«", "»"),
    (SpanKind.QUOTED, "„", "“"),
    (SpanKind.ANGLE, "〈", "〉"),
    (SpanKind.ANGLE, "＜", "＞"),
    (SpanKind.BOOK, "《", "》"),
]
_MAY_NAME_DOI = re.compile(r"doi|%", re.IGNORECASE)


def _may_name_doi(url: str) -> bool:
    """Whether ``url`` may name a DOI resolver: "doi" in any case, or percent-encoded.
    ("do" lower-cased is checked first: only "D" and "O" lower-case to "d" and "o".)"""
    return ("%" in url or "do" in url.lower()) and bool(_MAY_NAME_DOI.search(url))


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_URL_WRAPPER_TAG = re.compile(r"<+\s*(?:https?|ftp)://", re.IGNORECASE)
# A "<" that opens no URL wrapper (<https://…>, <<…>>), so may open HTML. A note whose
# every "<" opens a URL wrapper (most notes that have any) skips the HTML steps of
# ``clean``: none of them would change it (italic and <br> tags open "<i", "<e", "<b";
# ``_strip_tags`` keeps URL wrappers and a "<" that opens no tag).
_HTML_OPENING = re.compile(r"<(?!<|\s*(?:https?|ftp)://)", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")
# A straight double quote ("Title,") opens after a space, a bracket or the start;
# apostrophes (Doesn't) are never quote marks here.
_ASCII_QUOTE = re.compile(r'(?:(?<=^)|(?<=[\s(（,，:：]))"([^"]+)"')
# *Title* or _Title_. The opening mark is matched before the look-behind that checks the
# character before it ((?<![\w*]\*) after a "*" is (?<![\w*]) before it): a pattern that
# opens with a literal is searched for that character alone, not tried at every position.
_ITALIC = re.compile(
    r"\*(?<![\w*]\*)(?!\s)([^*]+?)(?<!\s)\*(?![\w*])|_(?<![\w*]_)(?!\s)([^_]+?)(?<!\s)_(?!\w)"
)
_WHITE = re.compile(r"\s+")
# 'Title' in straight single quotes around Chinese or Japanese text (Korean journals'
# reference style); in English text a straight single quote is usually an apostrophe.
# (The CJK character is looked for ahead: as ``[^']*CJK[^']*`` the pattern backtracks
# quadratically when no closing quote comes.)
_CJK_SINGLE_QUOTE = re.compile(
    r"(?:(?<=^)|(?<=[\s(（,，:：]))'(?=[^'\n]*?[\u3040-\u30ff\u4e00-\u9fff])([^'\n]*)'"
)


def placeholder_pattern(*kinds: str) -> str:
    """Regex source of a placeholder of one of ``kinds`` (SpanKind values), any kind if none."""
    letters = "".join(kinds) or "A-Z"
    return f"{_OPEN}[{letters}]\\d+{_CLOSE}"


def has_placeholder(text: str, *kinds: str) -> bool:
    """Whether ``text`` holds a placeholder of one of ``kinds`` (SpanKind values)."""
    return any(map(text.__contains__, map(_OPEN.__add__, kinds)))


def inside_placeholder(text: str, index: int) -> bool:
    """Whether ``index`` of ``text`` falls inside a placeholder."""
    return text.rfind(_OPEN, 0, index) > text.rfind(_CLOSE, 0, index)


@dataclass(frozen=True, slots=True)
class Span:
    """A protected span: its kind and its text (without the brackets)."""

    kind: SpanKind
    text: str
    problem: str | None = None
    marks: tuple[str, str] | None = None  # the quote marks it stood in, to put back as read


_READABLE_FORMS = {
    SpanKind.QUOTED: "“{}”",
    SpanKind.ANGLE: "〈{}〉",
    SpanKind.BOOK: "《{}》",
    SpanKind.ITALIC: "{}",
}


def _readable(span: Span) -> str:
    """A span as readable text, brackets included (what ``Protected.restore`` puts back)."""
    if span.kind is SpanKind.URL:
        return f"<{span.text}>"
    if span.marks:
        return f"{span.marks[0]}{span.text}{span.marks[1]}"
    return _READABLE_FORMS[span.kind].format(span.text)


@dataclass(slots=True)
class Protected:
    """A footnote text with its titles and URLs replaced by placeholders.

    Spans are stored through ``add`` only, which also keeps each one's readable form.
    """

    text: str
    spans: list[Span] = field(default_factory=list)
    readable: list[str] = field(default_factory=list, init=False)
    """Each span as ``restore`` puts it back, computed once when it is added."""

    def spans_in(self, segment: str) -> list[Span]:
        """The title spans (not URLs) whose placeholders stand in ``segment``."""
        if _OPEN not in segment:  # the common case, checked without the pattern
            return []
        found = [self.span(m) for m in PLACEHOLDER.finditer(segment)]
        return [span for span in found if span.kind not in _IDENTIFIERS]

    def add(self, span: Span) -> str:
        """Store ``span`` and return its placeholder."""
        self.spans.append(span)
        self.readable.append(_readable(span))
        return f"{_OPEN}{span.kind}{len(self.spans) - 1}{_CLOSE}"  # (a StrEnum: its value)

    def span(self, placeholder_match: re.Match[str]) -> Span:
        """The span a placeholder match stands for."""
        return self.spans[int(placeholder_match.group(2))]

    def span_of(self, placeholder: str) -> Span:
        """The span a placeholder (as ``add`` returned it) stands for."""
        return self.spans[int(placeholder[2:-1])]  # opening mark, kind letter, index, closing

    def restore(self, text: str) -> str:
        """``text`` with every placeholder put back as readable text (brackets included)."""
        if _OPEN not in text:
            return text
        readable = self.readable
        return PLACEHOLDER.sub(lambda m: readable[int(m.group(2))], text)


def without_placeholders(citation: Citation, protected: Protected) -> Citation:
    """``citation`` with any placeholder that a reader left in a field put back as text.

    Readers restore the spans they use; this is the guarantee that no placeholder
    character reaches output even when one does not (``<url> <url> op. cit.``).
    """
    texts = (
        citation.title,
        citation.container_title,
        citation.publisher,
        citation.publisher_place,
        citation.page,
        citation.volume,
        citation.issue,
    )
    names = citation.authors + citation.editors
    name_parts = [part for name in names for part in (name.family, name.given, name.literal)]
    if _OPEN not in "".join(filter(None, (*texts, *name_parts))):
        return citation

    def restored(text: str | None) -> str | None:
        return single_spaced(protected.restore(text)).strip() if text else text

    def restored_name(name: Name) -> Name:
        return Name(restored(name.family), restored(name.given), restored(name.literal))

    return replace(
        citation,
        title=restored(citation.title),
        container_title=restored(citation.container_title),
        publisher=restored(citation.publisher),
        publisher_place=restored(citation.publisher_place),
        page=restored(citation.page),
        volume=restored(citation.volume),
        issue=restored(citation.issue),
        authors=tuple(map(restored_name, citation.authors)),
        editors=tuple(map(restored_name, citation.editors)),
    )


def clean(text: str) -> str:
    """Footnote text with HTML and Markdown markup reduced to ``*italic*`` and ``<url>``."""
    if _OPEN in text or _CLOSE in text:  # the text's own would pass for placeholders
        text = text.replace(_OPEN, "").replace(_CLOSE, "")
    # Each step is skipped when its trigger character is absent: most notes have no HTML.
    if "](" in text or "href" in text:
        text = normalize_links(text)
    if "<" in text and _HTML_OPENING.search(text):
        text = _italic_tags(text)
        text = _BR.sub(" ", text)
        text = _strip_tags(text)
    if "&" in text:
        text = html.unescape(text)
    if "**" in text or "__" in text:
        text = _BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    if "  " in text or "\t" in text:  # else the clean-up would change nothing
        text = _SPACES.sub(" ", text)
    return text.strip()


def _italic_tags(text: str) -> str:
    """``<i>…</i>`` and ``<em>…</em>`` as ``*…*`` (the first closing after each opening).

    Searched by hand: a pattern would rescan the rest of the text from each unclosed
    opening (quadratic); here a kind whose closing is missing is not looked for again.
    """
    pieces: list[str] = []
    done = 0
    closed = dict.fromkeys(_ITALIC_CLOSING, True)
    for opening in _ITALIC_OPENING.finditer(text):
        kind = opening.group(1).lower()
        if opening.start() < done or not closed[kind]:
            continue
        closing = _ITALIC_CLOSING[kind].search(text, opening.end())
        if closing is None:
            closed[kind] = False  # none after any later opening of this kind either
            continue
        pieces += (text[done : opening.start()], "*", text[opening.end() : closing.start()], "*")
        done = closing.end()
    return "".join(pieces) + text[done:] if pieces else text


def _strip_tags(text: str) -> str:
    """``text`` without HTML tags, except the ``<https://…>`` wrappers of URLs.

    A tag runs from ``<`` to the first ``>``; once no ``>`` follows, no later tag can
    close, so the scan stops (a pattern would rescan the rest from every ``<``).
    """
    pieces: list[str] = []
    done = 0
    while (start := text.find("<", done)) >= 0:
        end = text.find(">", start)
        if end < 0:
            break
        if not _TAG_START.match(text, start):
            pieces.append(text[done : start + 1])
            done = start + 1
            continue
        tag = text[start : end + 1]
        pieces += (text[done:start], tag if _URL_WRAPPER_TAG.match(tag) else "")
        done = end + 1
    return "".join(pieces) + text[done:] if pieces else text


def protect(text: str) -> Protected:
    """Replace URLs, then quoted and italic titles, by placeholders."""
    out = Protected(text)
    if "://" in text or "www." in text:
        text = _protect_urls(out, text)
    if "10." in text:
        text = _protect_dois(out, text)
    if "\\" in text:
        text = unescape_markdown(text)
    text = _protect_quotes(out, text)
    if '"' in text:
        text = _ASCII_QUOTE.sub(
            lambda m: out.add(Span(SpanKind.QUOTED, _strip_title(m.group(1)), marks=('"', '"'))),
            text,
        )
    if "'" in text:
        text = _CJK_SINGLE_QUOTE.sub(
            lambda m: out.add(Span(SpanKind.QUOTED, _strip_title(m.group(1)), marks=("'", "'"))),
            text,
        )
    if "*" in text or "_" in text:
        text = _ITALIC.sub(
            lambda m: out.add(Span(SpanKind.ITALIC, _strip_title(m.group(1) or m.group(2)))), text
        )
    out.text = text
    return out


def _protect_urls(out: Protected, text: str) -> str:
    urls: list[FoundUrl] = find_urls(text)
    pieces, last = [], 0
    for found in urls:
        start, end = found.start, found.end
        # A URL bracketed as 〈<…>〉 or <…>〉: swallow the outer CJK bracket too.
        if start > 0 and text[start - 1] in "〈<" and end < len(text) and text[end] in "〉>":
            start, end = start - 1, end + 1
        elif end < len(text) and text[end] == "〉" and "〈" not in text[last:start]:
            end += 1
        pieces.append(text[last:start])
        # (Only a URL naming a resolver, perhaps percent-encoded, can hold a DOI.)
        doi = doi_from_url(found.url) if _may_name_doi(found.url) else None
        if doi is not None:  # https://doi.org/…: the identifier, resolved by its registry
            lead = found.url.removesuffix(doi) if found.url.endswith(doi) else "https://doi.org/"
            pieces.append(out.add(Span(SpanKind.DOI, doi, marks=(f"<{lead}", ">"))))
        else:
            pieces.append(out.add(Span(SpanKind.URL, found.url, found.problem)))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _protect_dois(out: Protected, text: str) -> str:
    """``doi:10.…``, ``DOI：10.…`` and bare ``10.1234/…`` replaced by DOI placeholders."""
    pieces, last = [], 0
    for found in find_dois(text):
        pieces.append(text[last : found.start])
        pieces.append(out.add(Span(SpanKind.DOI, found.doi, marks=(found.lead, ""))))
        last = found.end
    pieces.append(text[last:])
    return "".join(pieces)


# 「Title」 is an article title in Taiwanese notes when a 《container》 follows it, perhaps
# after its editors (「篇名」，包宗和主編，《書名》); elsewhere corner brackets quote a term
# (所謂「走出去戰略」) and stay text.
_CORNER_TITLE = re.compile(
    f"「([^「」]{{2,120}})」(?=\\s*[，,、]\\s*(?:[^，,「」{_OPEN}]{{1,20}}?(?:主編|主编)\\s*[，,：:]?\\s*)?{_OPEN}B)"
)


def _protect_quotes(out: Protected, text: str) -> str:
    text = _protect_pairs(out, text)
    if "「" in text:
        text = _CORNER_TITLE.sub(
            lambda m: out.add(Span(SpanKind.ANGLE, _strip_title(m.group(1)), marks=("「", "」"))),
            text,
        )
    return text


def _protect_pairs(out: Protected, text: str) -> str:
    # Inner quotes are protected first (《“天下”概念》); a title keeps them as text.
    for kind, opening, closing in _QUOTE_PAIRS:
        if opening in text:
            text = _protect_pair(out, text, kind, opening, closing)
    return text


def _protect_pair(out: Protected, text: str, kind: SpanKind, opening: str, closing: str) -> str:
    """Each ``opening``…``closing`` span (leftmost opening to the first closing after it)
    replaced by a placeholder. Found with ``str.find``: a pattern would rescan the rest of
    the text from every unclosed opening (quadratic)."""
    pieces: list[str] = []
    done = 0
    while (start := text.find(opening, done)) >= 0:
        end = text.find(closing, start + 1)
        if end < 0:
            break  # no closing after this opening, so none after any later one either
        inner = text[start + 1 : end]
        if _OPEN in inner:
            inner = out.restore(inner)
        pieces += (
            text[done:start],
            out.add(Span(kind, _strip_title(inner), marks=(opening, closing))),
        )
        done = end + 1
    return "".join(pieces) + text[done:] if pieces else text


def _strip_title(title: str) -> str:
    """A title without the punctuation that Chicago style puts inside the quotes."""
    return single_spaced(title).strip().rstrip(",，.;；:：").strip()


def single_spaced(text: str) -> str:
    """``text`` with each run of white space as one space."""
    # Printable text holds no white space but " " (tabs, line breaks and the other spaces
    # are not printable), so without "  " the pattern would change nothing.
    if "  " not in text and text.isprintable():
        return text
    return _WHITE.sub(" ", text)
