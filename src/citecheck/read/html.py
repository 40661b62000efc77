"""HTML reader: footnotes as Pandoc, WordPress, OJS and similar publishers mark them up.

Notes are found from the body's note references, in the order they appear: an internal
link that is a footnote reference (``a.footnote-ref``, ``role="doc-noteref"``, or a link
inside or around ``<sup>``, as ``<sup><a href="#fn1">1</a></sup>``). Each points at its
note: an element with that id (``li#fn1`` in Pandoc's ``section.footnotes``, an
``aside``, a ``div``) or a named anchor whose paragraph holds the note (Word's HTML
export). Pages without such references fall back to the usual note containers
(``section.footnotes li``, ``li[id^=fn]``, ``aside`` notes).

A note's text is written out as the Markdown path holds it (see ``read.runs``): links
give their ``href`` (which wins over a visible URL), ``<em>``/``<i>``/``<cite>`` and
small capitals become ``*…*`` titles, back-links and the printed mark are dropped. A
note's ``line`` is the source line where its definition starts.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from citecheck.models import Document, Footnote
from citecheck.read.runs import Segment, paragraph_text, web_target

_ITALIC_TAGS = {"em", "i", "cite", "var", "dfn"}
_BLOCKS = {"p", "div", "li", "blockquote", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"script", "style", "template", "noscript", "head"}
_SMALL_CAPS = re.compile(r"font-variant\s*:\s*small-caps|font-style\s*:\s*italic", re.I)
_MARKER = re.compile(r"^\s*(?:\[\s*\d{1,4}\s*\]|\d{1,4}[.)]?|[↩↑^]|↩︎)\s*$")
_LEADING_MARK = re.compile(r"^\s*(?:\[\s*\d{1,4}\s*\]|\d{1,4}\s*[.)])\s+")
_NOTE_CONTAINERS = (
    "section.footnotes li",
    "div.footnotes li",
    "ol.footnotes li",
    "li[id^=fn]",
    "aside[id]",
    "div.footnote[id]",
)
_WHITESPACE = re.compile(r"\s+")


def read_html(path: Path, text: str, encoding: str) -> Document:
    """The footnotes of the HTML document at ``path`` (its decoded ``text``)."""
    soup = BeautifulSoup(text, "html.parser")
    for element in soup.find_all(_SKIPPED):
        element.decompose()
    definitions = _referenced_notes(soup) or _contained_notes(soup)
    notes: list[Footnote] = []
    for number, element in enumerate(definitions, start=1):
        body = _note_text(element)
        if body:
            notes.append(Footnote(len(notes) + 1, element.sourceline, body, label=str(number)))
    return Document(str(path), "html", encoding, tuple(notes), text)


def _referenced_notes(soup: BeautifulSoup) -> list[Tag]:
    """The notes the body's footnote references point at, in reference order."""
    found: list[Tag] = []
    for link in soup.find_all("a", href=True):
        href = str(link["href"])
        if not href.startswith("#") or len(href) < 2 or not _is_note_reference(link):
            continue
        target = _note_element(soup, href[1:])
        if target is not None and target not in found and not _inside(link, target):
            found.append(target)
    return found


def _is_note_reference(link: Tag) -> bool:
    classes = _classes(link)
    if "footnote-ref" in classes or link.get("role") == "doc-noteref":
        return True
    if "footnote-back" in classes or link.get("role") == "doc-backlink":
        return False
    raised = link.find_parent("sup") is not None or link.find("sup") is not None
    return raised and bool(_MARKER.match(link.get_text()))


def _note_element(soup: BeautifulSoup, anchor: str) -> Tag | None:
    target = soup.find(id=anchor) or soup.find("a", attrs={"name": anchor})
    if not isinstance(target, Tag):
        return None
    if target.name in ("a", "span", "sup") and len(target.get_text().strip()) <= 6:
        block = target.find_parent(_BLOCKS)  # a named anchor: its paragraph is the note
        return block if isinstance(block, Tag) else None
    return target


def _inside(element: Tag, container: Tag) -> bool:
    return any(parent is container for parent in element.parents)


def _contained_notes(soup: BeautifulSoup) -> list[Tag]:
    for selector in _NOTE_CONTAINERS:
        found = [t for t in soup.select(selector) if isinstance(t, Tag)]
        if found:
            return found
    return []


def _note_text(element: Tag) -> str:
    paragraphs: list[list[Segment]] = [[]]
    _walk(element, paragraphs, italic=False, target=None)
    texts = (_WHITESPACE.sub(" ", paragraph_text(p)).strip() for p in paragraphs)
    text = " ".join(t for t in texts if t)
    return _LEADING_MARK.sub("", text, count=1)


def _walk(node: Tag, paragraphs: list[list[Segment]], *, italic: bool, target: str | None) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment or CDATA
                paragraphs[-1].append(Segment(str(child), italic, target, 0))
            continue
        if not isinstance(child, Tag) or _is_back_link(child):
            continue
        if child.name in _BLOCKS and paragraphs[-1]:
            paragraphs.append([])
        if child.name == "br":
            paragraphs[-1].append(Segment(" ", italic, target, 0))
        link = web_target(str(child["href"])) if child.name == "a" and child.get("href") else None
        _walk(
            child,
            paragraphs,
            italic=italic or _is_italic(child),
            target=link or target,
        )


def _is_back_link(tag: Tag) -> bool:
    if tag.name not in ("a", "sup"):
        return False
    classes = _classes(tag)
    if "footnote-back" in classes or tag.get("role") == "doc-backlink":
        return True
    href = str(tag.get("href") or "")
    internal = tag.name == "a" and href.startswith("#")
    return (internal or tag.name == "sup") and bool(_MARKER.match(tag.get_text()))


def _is_italic(tag: Tag) -> bool:
    if tag.name in _ITALIC_TAGS:
        return True
    classes = _classes(tag)
    return "smallcaps" in classes or bool(_SMALL_CAPS.search(str(tag.get("style") or "")))


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class")
    if isinstance(value, str):
        return value.split()
    return [str(c) for c in value or []]
