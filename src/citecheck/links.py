"""URL extraction and repair.

Footnotes from PDF conversions wrap URLs in every bracket a typesetter owns
(``<…>``, ``<<…>>``, ``〈<…>〉``, ``[url](url)``), escape them for Markdown (``\\_``)
and break them across lines. This module turns each into the URL its site needs, and
flags (never drops) URLs that are malformed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from citecheck.models import Citation, DateParts, Document

# A Markdown link whose target is a URL: the target is what the author linked to; the
# visible text is often a damaged copy of it (escapes, spaces from line wrapping).
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*((?:https?|ftp)://[^)\s]+|www\.[^)\s]+)\s*\)")
_HTML_LINK = re.compile(r"<a\s[^>]*href=\"([^\"]+)\"[^>]*>.*?</a>", re.IGNORECASE | re.DOTALL)
# Inside an angle-bracket wrapper, a URL may be broken across lines. The URL runs to the
# first closing mark (">" or "〉"; its first character may be anything but "<" and ">"),
# white space before the mark left out. Written greedily, not as ``[^<>]+?`` before
# ``\s*(?:>|〉)``, which tries the closing at every character; opening with "<" rather
# than ``<{1,2}`` lets the engine search for that character.
_WRAPPED = re.compile(r"<<?\s*((?:https?|ftp)://[^<>](?:[^<>〉]*[^<>〉\s])?)\s*(?:>>?|〉)")
_URL_START = re.compile(r"(?:https?|ftp)://|(?<![\w.@/])www\.", re.IGNORECASE)
# Characters that end a bare URL: white space, brackets that wrap URLs, CJK punctuation.
_URL_END = re.compile(r"[\s<>\"“”‘’〈〉《》「」『』（）【】，。；、！？]")
_TRAILING = ".,;:!?'*"
# Only from the first backslash of a run: tried at every backslash of a long run, ``\\+``
# would rescan the run each time (quadratic).
_MARKDOWN_ESCAPE = re.compile(r"(?<!\\)\\+([_*\[\]()#~`$&%-])")
_ASCII_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_LINE_BREAK = re.compile(r"\s*\n\s*")
_WHITE = re.compile(r"\s+")
_HOST = re.compile(r"^[\w.-]+(?::\d+)?$", re.UNICODE)
# A URL that passes every check of ``url_problem`` by its shape alone: a lower-case http(s)
# or ftp scheme, a dotted ASCII host (so no "@", no brackets), perhaps a port, and after a
# "/", "?" or "#" no white space or control character. Its groups are urlsplit's host, path
# and query of such a URL (resolve.url_key splits it with them).
PLAIN_URL = re.compile(
    r"(?:https?|ftp)://(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?::[0-9]+)?"
    r"(?P<path>/[^?#\s\x00-\x20\x7f]*)?(?:\?(?P<query>[^#\s\x00-\x20\x7f]*))?"
    r"(?:#[^\s\x00-\x20\x7f]*)?"
)


@dataclass(frozen=True, slots=True)
class FoundUrl:
    """A URL found in text: where it stood, what it is, what is wrong with it."""

    start: int
    end: int
    url: str
    problem: str | None = None


def unescape_markdown(text: str) -> str:
    r"""Undo Markdown backslash escapes (``\_``, ``\\_``, ``\$``) that PDF converters add."""
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


def normalize_links(text: str) -> str:
    """Rewrite Markdown and HTML links as ``<target>`` so one scanner finds every URL."""
    text = _HTML_LINK.sub(lambda m: f"<{m.group(1)}>", text)
    return _MD_LINK.sub(lambda m: f"<{m.group(2)}>", text)


def find_urls(text: str) -> list[FoundUrl]:
    """Every URL in ``text`` (already passed through :func:`normalize_links`), in order."""
    found: list[FoundUrl] = []
    for m in _WRAPPED.finditer(text):
        url, problem = repair_url(m.group(1))
        found.append(FoundUrl(m.start(), m.end(), url, problem))
    if found and _all_wrapped(text, found):
        return found
    wrapped = iter(found[:])
    next_wrapped = next(wrapped, None)
    taken_until = 0  # the end of the last URL found: a URL start before it is inside a URL
    for m in _URL_START.finditer(text):
        while next_wrapped is not None and next_wrapped.start <= m.start():
            taken_until = max(taken_until, next_wrapped.end)
            next_wrapped = next(wrapped, None)
        if m.start() < taken_until:
            continue  # inside a URL already found (an archived URL holds the original one)
        end = _bare_url_end(text, m.start())
        url, problem = repair_url(text[m.start() : end])
        found.append(FoundUrl(m.start(), end, url, problem))
        taken_until = end
    found.sort(key=lambda f: f.start)
    return found


def _all_wrapped(text: str, wrapped: list[FoundUrl]) -> bool:
    """Whether no bare URL can start outside the ``wrapped`` ones: the text between them
    holds no "://" and no "www." (the case-blind scan for bare URLs is then skipped; it
    skips any URL start inside a wrapped URL anyway). A URL start found in the text between
    them lies wholly there: a wrapped URL opens with "<", which no URL start contains.
    The pieces are joined by a line break, across which neither "://" nor "www." reads;
    "www." is looked for case-blind (lower-casing makes no other character a "w")."""
    ends = [0] + [f.end for f in wrapped]
    starts = [f.start for f in wrapped] + [len(text)]
    between = "\n".join(text[end:start] for end, start in zip(ends, starts, strict=True))
    return "://" not in between and "www." not in between.lower()


def _bare_url_end(text: str, start: int) -> int:
    stop = _URL_END.search(text, start)
    end = stop.start() if stop else len(text)
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    # A closing parenthesis belongs to the URL only when the URL opened one.
    if end > start and text[end - 1] == ")":
        surplus = text.count(")", start, end) - text.count("(", start, end)
        while end > start and text[end - 1] == ")" and surplus > 0:
            end -= 1
            surplus -= 1
    return end


def repair_url(candidate: str) -> tuple[str, str | None]:
    """Return (url, problem): the URL its site needs, and what was wrong if it stays malformed.

    Line breaks inside a wrapped URL come from typesetting and are removed; Markdown
    escapes are undone; other white space is percent-encoded and flagged, because it was
    most likely a damaged character, not part of the address.
    """
    url = candidate.strip()
    if "\n" in url:
        url = _LINE_BREAK.sub("", url)
    if "\\" in url:
        url = unescape_markdown(url)
    url = url.rstrip(_TRAILING)
    if url[:4].lower() == "www.":
        url = "http://" + url
    if PLAIN_URL.fullmatch(url):
        return url, None  # no white space in it, and well formed (see url_problem)
    problem = None
    if _WHITE.search(url):
        problem = "white space inside the URL (damaged in conversion?)"
        url = _WHITE.sub(lambda m: quote(m.group(0)), url)
    return url, problem or url_problem(url)


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be requested as it stands, or None when it is well formed."""
    if PLAIN_URL.fullmatch(url):
        return None  # the common case, answered without splitting the URL
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"unparseable URL ({exc})"
    if parts.scheme.lower() not in {"http", "https", "ftp"}:
        return "no http(s) scheme"
    host = parts.hostname or ""
    if not host:
        return "no host name"
    if not _HOST.match(parts.netloc.rsplit("@", 1)[-1]) or "." not in host:
        return f"malformed host name {host!r}"
    if _ASCII_CONTROL.search(url):
        return "control characters in the URL"
    return None


def request_url(url: str) -> str:
    """The URL percent-encoded for the wire: IDNA host, UTF-8 percent-encoded path and query."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    with contextlib.suppress(UnicodeError):  # an undecodable host stays as written
        host = host.encode("idna").decode("ascii")
    netloc = host + (f":{parts.port}" if parts.port else "")
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    safe = "/%:@!$&'()*+,;=-._~"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe + "?"),
            quote(parts.fragment, safe=safe + "?"),
        )
    )


@dataclass(frozen=True, slots=True)
class Citing:
    """Where a URL is cited: document, footnote number, 1-based line of the footnote
    (None where the format has no lines) and, for a PDF, the page the note starts on."""

    document: str
    footnote: int
    line: int | None
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A cited URL with every place citing it and what the citations say it is."""

    url: str
    problem: str | None = None
    titles: tuple[str, ...] = ()
    dates: tuple[DateParts, ...] = ()
    """Accessed dates of the citations, else their issued dates (for archive lookups)."""
    cited: tuple[Citing, ...] = ()

    @property
    def request_url(self) -> str:
        """The URL percent-encoded for the wire."""
        return request_url(self.url)


def collect_links(documents: Iterable[Document]) -> list[Link]:
    """One Link per distinct cited URL across ``documents``, in order of first citation."""
    found: dict[str, dict[str, list[Any]]] = {}
    problems: dict[str, str | None] = {}
    for document in documents:
        for note in document.footnotes:
            for citation in note.citations:
                if not citation.url:
                    continue
                entry = found.setdefault(citation.url, {"titles": [], "dates": [], "cited": []})
                problems.setdefault(citation.url, citation.url_problem or url_problem(citation.url))
                for title in _cited_titles(citation):
                    if title not in entry["titles"]:
                        entry["titles"].append(title)
                date = (citation.accessed or citation.issued or (None,))[0]
                if date and date not in entry["dates"]:
                    entry["dates"].append(date)
                citing = Citing(document.path, note.number, note.line, note.page)
                if citing not in entry["cited"]:
                    entry["cited"].append(citing)
    return [
        Link(url, problems[url], tuple(e["titles"]), tuple(e["dates"]), tuple(e["cited"]))
        for url, e in found.items()
    ]


def _cited_titles(citation: Citation) -> list[str]:
    """Titles the page may show: the work's title; for a cited site root, the site's name."""
    titles = [t for t in (citation.title,) if t]
    site_root = urlsplit(citation.url or "").path.strip("/") == ""
    if site_root or not titles:
        titles += [t for t in (citation.container_title,) if t]
        titles += [a.literal for a in citation.authors if a.literal]
    return titles
