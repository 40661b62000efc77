"""Footnote → citations: the entry point of the citation stage.

``parse_footnote`` cleans the footnote's markup, protects titles and URLs, splits the
text into one segment per cited work, reads each segment's fields, and decides the CSL
type and language. Same-work identity across footnotes is the next stage (``resolve``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from citecheck.citations.fields import Fields, read_common_fields, read_fields
from citecheck.citations.lang import detect_language
from citecheck.citations.legal import is_statute
from citecheck.citations.markup import (
    PLACEHOLDER,
    Protected,
    SpanKind,
    clean,
    protect,
    without_placeholders,
)
from citecheck.citations.names import looks_like_names, parse_names
from citecheck.citations.patterns import HAN
from citecheck.citations.shapes import read_shape, shape_fields
from citecheck.citations.split import BACK_REFERENCE, OP_CIT, split_citations, strip_relation
from citecheck.citations.styled import StyledFields
from citecheck.citations.styles import detect
from citecheck.models import Citation, CitationKind, Footnote, Name

# Periodicals that publish news (for CSL "article-newspaper" / BibTeX entrysubtype).
_NEWS = re.compile(
    r"報|报|新聞|新闻|日報|時報|晚報|网|網|社$|通訊社|電子報|\b(?:times|news|post|journal|"
    r"guardian|reuters?|herald|tribune|telegraph|gazette|daily|weekly|tass|itar|bbc|cnn|cbs|"
    r"nbc|abc|fox|ria|interfax|xinhua|rt|diplomat|economist|independent|observer|"
    r"известия|газета|ведомости|коммерсантъ?|новости|вестник)\b",
    re.IGNORECASE,
)
# "外交部网站": a website that says it is one (an office's site, not a news portal).
_WEBSITE = re.compile(r"(?:網站|网站|官網|官网|入口網|门户网)$")
# "UN Doc. A/48/344" is a document symbol of an intergovernmental body: a report.
_REPORT = re.compile(
    r"\breport\b|working paper|\bdoc(?:ument)?\.?\s+[A-Z]+/\d|"
    r"白皮書|白皮书|報告|报告|доклад|отчёт|отчет",
    re.I,
)


# A word every _REPORT phrase holds, looked for in the case-folded text before the
# case-blind pattern runs (none holds an "i": "İ" folds to two characters).
_REPORT_WORDS = ("report", "paper", "doc", "白皮書", "白皮书", "報告", "报告", "доклад", "отч")


def _names_report(text: str) -> bool:
    folded = text.casefold()
    return any(map(folded.__contains__, _REPORT_WORDS)) and _REPORT.search(text) is not None


# "…: Annual Report to Congress (Washington, DC: …)": a published report, not a book.
# (A Chinese title ending in 报告 is often a speech printed as a book, so it does not count.)
_REPORT_TITLE = re.compile(r"\breport\b|白皮書|白皮书|доклад", re.I)


def parse_footnote(footnote: Footnote) -> Footnote:
    """``footnote`` with its citations parsed from its text."""
    return replace(footnote, citations=parse_citations(footnote.text))


@lru_cache(maxsize=4096)
def parse_citations(text: str) -> tuple[Citation, ...]:
    """Every citation in one footnote's text, in order.

    Cached: the same note text (同上, Ibid., a work cited again word for word) parses to
    the same immutable citations.
    """
    protected = protect(clean(text))
    shaped = read_shape(protected)
    if shaped is not None:  # one work in a common shape: its fields read in one match
        segment, fields = shaped
        raw = protected.restore(segment).strip()
        return (without_placeholders(_citation(segment, protected, raw, fields), protected),)
    citations: list[Citation] = []
    for segment in split_citations(protected):
        rest, doi = _take_doi(segment, protected)
        if doi and citations and not rest.strip(_DOI_LEFTOVER):
            # "…，頁 1-20。DOI：10.…。": the DOI after the full stop is the last work's
            if citations[-1].doi is None:
                citations[-1] = replace(citations[-1], doi=doi)
            continue
        citation = _citation(rest, protected, protected.restore(segment).strip())
        citations.append(replace(citation, doi=doi) if doi else citation)
    # A reader may leave a placeholder in a field; none may reach output.
    return tuple(without_placeholders(c, protected) for c in citations)


_DOI_LEFTOVER = " .,;:。，；：、"
# "DOI:" / "doi：" / "Available at" left before a DOI that was taken out.
_DOI_LABEL = re.compile(r"[\s,，;；.。]*(?:\bdoi\s*[:：]?\s*)?$", re.IGNORECASE)


def _take_doi(segment: str, protected: Protected) -> tuple[str, str | None]:
    """``segment`` without its DOIs (and their labels), and the first DOI it wrote."""
    doi = None
    pieces, last = [], 0
    for m in PLACEHOLDER.finditer(segment):
        span = protected.span(m)
        if span.kind is not SpanKind.DOI:
            continue
        doi = doi or span.text
        pieces.append(_DOI_LABEL.sub("", segment[last : m.start()]))
        last = m.end()
    if doi is None:
        return segment, None
    pieces.append(segment[last:])
    return "".join(pieces), doi


def _citation(
    segment: str, protected: Protected, raw: str, fields: Fields | None = None
) -> Citation:
    """The citation in ``segment``; ``fields``, when given, are the general reader's
    fields of it, already read (``shapes.read_shape``). A segment in a common shape is
    read in one match (``shapes``), any other by the general reader."""
    bare = strip_relation(raw)  # "См.: Лукин А. В. …": the style shows after the word
    if not BACK_REFERENCE.match(raw) and not OP_CIT.match(bare):
        # (A shape always holds a marked title.)
        titled = fields is not None or bool(protected.spans_in(segment))
        style = detect(bare, titled=titled)
        if style is not None:
            return _styled_citation(segment, protected, raw, style.read)
    f = fields or shape_fields(segment, protected) or read_fields(segment, protected)
    _newspaper_issue(f)
    authors, et_al, authors_edited = _authors(f.author_text)
    editors: tuple[Name, ...] = ()
    if authors_edited:  # "张蕴岭主编：《书名》": the names before the title are editors
        authors, editors = (), authors
    if f.editor_text:
        editors = _authors(f.editor_text)[0] or editors
    title = f.title
    kind = _kind(f)
    language = (
        detect_language(title or "", f"{title or ''}{f.container or ''}", raw)
        if (title or f.container)
        else detect_language(raw)
    )
    return Citation(
        raw=raw,
        type="legislation"
        if is_statute(title, raw)
        else _self_published(_csl_type(f), authors, f.publisher),
        kind=kind,
        relation=f.relation,
        authors=authors,
        editors=editors,
        et_al=et_al,
        title=title,
        container_title=f.container,
        issued=f.issued,
        accessed=f.accessed,
        volume=f.volume,
        issue=f.issue,
        page=f.page,
        publisher=f.publisher,
        publisher_place=f.place,
        url=f.url,
        url_problem=f.url_problem,
        archive_url=f.archive_url,
        language=language,
        refers_to=f.refers_to,
    )


def _newspaper_issue(f: Fields) -> None:
    """《中央日報》，民國 38 年 5 月 20 日，第 1 版: a newspaper's issue cited without an
    article title — the 《》 name is the container, not the title."""
    day_precise = bool(f.issued and len(f.issued[0]) == 3)
    if (
        f.title_kind is SpanKind.BOOK
        and f.title
        and not (f.container or f.author_text or f.publisher or f.url)
        and day_precise
        and _NEWS.search(f.title)
    ):
        f.container, f.container_kind, f.title = f.title, SpanKind.BOOK, None


def _styled_citation(
    segment: str, protected: Protected, raw: str, reader: Callable[[str], StyledFields]
) -> Citation:
    """A note in a bracket-free style (GOST, GB/T 7714, unmarked): ``reader`` reads its
    bibliographic part; relation, URL and accessed date come from the common reader."""
    f, rest = read_common_fields(segment, protected)
    g = reader(rest)
    stated = g.issued or g.publisher or g.container or g.volume or g.issue or f.url
    # "Лукин А. В. Поворот к Азии... С. 78": author, short title, page — a short form
    short = g.short or (not stated and bool(g.title and g.authors))
    return Citation(
        raw=raw,
        type=_self_published(g.type or _styled_type(g, bool(f.url)), g.authors, g.publisher),
        kind=CitationKind.SHORT if short else CitationKind.FULL,
        relation=f.relation,
        authors=g.authors,
        editors=g.editors,
        et_al=g.et_al,
        title=g.title,
        container_title=g.container,
        issued=g.issued,
        accessed=f.accessed or g.accessed,
        volume=g.volume,
        issue=g.issue,
        page=g.page,
        publisher=g.publisher,
        publisher_place=g.place,
        url=f.url,
        url_problem=f.url_problem,
        archive_url=f.archive_url,
        language=g.language
        or detect_language(g.title or raw, f"{g.title or ''}{g.container or ''}", raw),
    )


def _self_published(kind: str, authors: tuple[Name, ...], publisher: str | None) -> str:
    """A "book" that a body writes and publishes itself is its report: "International
    Energy Agency, World Energy Outlook 2020, Paris: IEA, 2020" (as Bluebook reads a body's
    work). The body is the one author; the publisher is its name or its initials."""
    if kind != "book" or not publisher or len(authors) != 1 or not authors[0].literal:
        return kind
    body = authors[0].literal
    return "report" if _same_body(body, publisher.strip()) else kind


# The words an acronym skips: "Center for Strategic and International Studies" is CSIS.
_MINOR_WORDS = frozenset(("of", "for", "and", "on", "the", "in", "&"))


def _same_body(body: str, publisher: str) -> bool:
    """Whether ``publisher`` is ``body`` by name or by its initials (IEA, CSIS; EIA for
    "U.S. Energy Information Administration", whose country prefix it may leave out)."""
    if publisher.casefold() == body.casefold():
        return True
    acronym = publisher.replace(".", "")
    if not (acronym.isascii() and acronym.isalpha() and acronym.isupper() and len(acronym) >= 2):
        return False
    words = [w for w in re.split(r"[\s-]+", body) if w and w.lower() not in _MINOR_WORDS]
    initials = "".join(w[0] for w in words if w[0].isalpha()).upper()
    return initials == acronym or (len(acronym) >= 3 and initials.endswith(acronym))


def _styled_type(g: StyledFields, has_url: bool) -> str:
    """The CSL type of a bracket-free note that does not name its own."""
    if g.container:
        if g.volume or g.issue:
            return "article-journal"
        if _NEWS.search(g.container):
            return "article-newspaper"
        if has_url:  # an online source that names no periodical: a site's page
            return "webpage"
        day_precise = any(len(d) == 3 for d in g.issued)
        return "article-newspaper" if day_precise else "article-journal"
    if g.publisher:
        return "book"
    return "webpage" if has_url else "document"


# "Joseph S. Nye, Jr.": a generational suffix, not another author (CSL keeps no suffix here).
_SUFFIX = re.compile(r",?\s+(?:Jr|Sr)\.|,\s*(?:II|III|IV)\b(?=\s*(?:,|$))")


# "[美]约瑟夫·奈", "〔英〕巴里·布赞": the author's country, before a translated author's name.
_NATIONALITY = re.compile(rf"(?:^|(?<=[、，,;；\s]))[\[［〔【(（]\s*[{HAN}]{{1,4}}\s*[\]］〕】)）]")
# "季辛吉（Henry Kissinger）著": a translated author's name in the original, after the name.
_ORIGINAL_NAME = re.compile(rf"(?<=[{HAN}·])\s*[(（][A-Za-z][A-Za-z .'’-]*[)）]")
# "…; and Michael S. Chase et al., *Title*": the last work of a list opens with "and".
_LEADING_AND = re.compile(r"^(?:and|и|以及|及)\s+", re.IGNORECASE)
_OPENING_BRACKET = re.compile(r"[(（\[［〔【]")
# "吳玉山（2015）" once the year is read: the empty brackets of an author-date note.
_EMPTY_BRACKETS = re.compile(r"[(（]\s*[)）]")


@lru_cache(maxsize=4096)
def _authors(text: str) -> tuple[tuple[Name, ...], bool, bool]:
    """The names in an author text, whether "et al." ends it, whether they are editors.

    Cached: papers cite the same authors again and again, and the result is immutable.
    """
    if _OPENING_BRACKET.search(text):
        text = _EMPTY_BRACKETS.sub("", _NATIONALITY.sub("", _ORIGINAL_NAME.sub("", text)))
    text = _LEADING_AND.sub("", text)
    text = _SUFFIX.sub("", text).strip(" ,，:：")
    text = _without_roles(text)
    if not text or not looks_like_names(text):
        return (), False, False
    return parse_names(text)


def _without_roles(text: str) -> str:
    # "汉斯·摩根索著，杨岐鸣等译" lists a translator after the author: keep the author only.
    if "譯" not in text and "译" not in text:
        return text
    # Only after the last comma can the translator stand (matched from there, not searched
    # for: a search would rescan to the end from every character of a comma-free text).
    last_comma = max(text.rfind("，"), text.rfind(","), 0)
    return text[:last_comma] if _TRANSLATOR.match(text, last_comma) else text


_TRANSLATOR = re.compile(r"[，,]?[^，,]*[譯译]\s*$")


def _kind(f: Fields) -> CitationKind:
    if f.back_reference:
        return CitationKind.IBID
    if f.op_cit:
        return CitationKind.SHORT
    bare = not (f.url or f.issued or f.publisher or f.container or f.volume or f.issue)
    if bare and f.title and f.author_text:
        return CitationKind.SHORT
    return CitationKind.FULL


def _csl_type(f: Fields) -> str:
    """The CSL type from the fields a citation states (see the module docstring)."""
    if f.genre_hint in ("thesis", "paper-conference"):
        return f.genre_hint
    in_edited_book = f.in_volume and bool(f.publisher)  # 载…主编：《…发展报告》: a chapter
    if not in_edited_book and _names_report(" ".join(filter(None, [f.container, *f.leftovers]))):
        return "report"
    if f.publisher and not f.container and f.title and _REPORT_TITLE.search(f.title):
        return "report"
    if f.url and not (f.place and f.publisher):  # a book's imprint outweighs its URL
        return _online_type(f)
    if f.publisher or f.place:
        scholarly_title = f.title_kind in (SpanKind.ANGLE, SpanKind.QUOTED)
        return "chapter" if f.container and (scholarly_title or f.in_volume) else "book"
    if f.container:
        if f.volume or f.issue or (f.page and "-" in f.page):
            return "article-journal"
        day_precise = bool(f.issued and len(f.issued[0]) == 3)
        return (
            "article-newspaper" if day_precise or _NEWS.search(f.container) else ("article-journal")
        )
    return "book"


def _online_type(f: Fields) -> str:
    if f.container and (f.volume or f.issue):
        return "article-journal"
    if f.container and _NEWS.search(f.container) and not _WEBSITE.search(f.container):
        return "article-newspaper"
    return "webpage"
