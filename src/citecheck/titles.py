"""Page titles: read them from HTML bytes, compare them with the cited title.

Decoding follows the browser's order: the HTTP header's charset, then a ``<meta>``
declaration, then detection. Declared Chinese legacy charsets are widened to their
supersets (GB2312/GBK → GB18030, Big5 → Big5-HKSCS), as browsers do, because servers
routinely declare the narrow one and send characters of the wide one.

Comparison normalises both titles (NFKC, case, punctuation, white space), tries the page
title with and without its site-name part (" | Reuters", "_中国政府网"), and converts both
to one Chinese script with OpenCC, so a page now shown in the other script is not a
false alarm while a page that says something else is caught.
"""

from __future__ import annotations

import html
import re
import unicodedata
from difflib import SequenceMatcher

from citecheck.citations.lang import converter
from citecheck.status import TitleMatch

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_WIDER = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "iso-8859-1": "windows-1252",
    "latin-1": "windows-1252",
    "ascii": "windows-1252",
    "us-ascii": "windows-1252",
}
# Separators between an article title and the site's name in <title>.
_SITE_SEPARATORS = re.compile(r"\s+[|｜\-–—·•:：»]\s+|\s*[|｜_]\s*|\s*--\s*|\s+::\s+")
_PUNCT = re.compile(r"[\W_]+")
# Titles of error pages (soft-404s), in the languages of the papers we check.
NOT_FOUND_TITLES = re.compile(
    r"\b404\b|not\s+found|page\s+(?:does\s+not|doesn't)\s+exist|no\s+longer\s+available|"
    r"找不到|页面不存在|頁面不存在|网页不存在|網頁不存在|页面没有找到|頁面沒有找到|無法找到|"
    r"страница\s+не\s+найдена|ошибка\s+404|не\s+найдено",
    re.IGNORECASE,
)
_PARTIAL_RATIO = 0.8


def declared_charset(content_type: str | None, body: bytes) -> str | None:
    """The charset the server declared: in the Content-Type header, else in a <meta> tag."""
    if content_type:
        header = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
        if header:
            return header.group(1).lower()
    meta = _META_CHARSET.search(body[:4096])
    return meta.group(1).decode("ascii", "replace").lower() if meta else None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """HTML bytes as text: declared charset (widened), else UTF-8, else detection."""
    charset = declared_charset(content_type, body)
    candidates = [_WIDER.get(charset, charset)] if charset else []
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    return str(best) if best is not None else body.decode("utf-8", "replace")


_TITLE_TAG = re.compile(r"<title[^>]*>([^<]*)</title\s*>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)


def extract_title(body: bytes, content_type: str | None = None) -> str | None:
    """The page's title: ``<title>``, else ``og:title``, else the first ``<h1>``.

    A plain ``<title>`` in the head is read directly (most pages); anything else goes
    through BeautifulSoup, which copes with whatever markup the page has.
    """
    if not body:
        return None
    text = decode_html(body, content_type)
    head = _HEAD_END.split(text, maxsplit=1)[0]
    plain = _TITLE_TAG.search(head)
    if plain:
        title = _tidy(html.unescape(plain.group(1)[: TITLE_LIMIT * 8]))
        if title:
            return title
    from bs4 import BeautifulSoup  # imported lazily: only verification needs it

    soup = BeautifulSoup(text, "html.parser")
    candidates = []
    if soup.title and soup.title.string:
        candidates.append(soup.title.string)
    og = soup.find("meta", attrs={"property": "og:title"})
    if og is not None and og.get("content"):
        candidates.append(str(og.get("content")))
    h1 = soup.find("h1")
    if h1 is not None:
        candidates.append(h1.get_text(" "))
    for candidate in candidates:
        text = _tidy(candidate)
        if text:
            return text
    return None


TITLE_LIMIT = 300
"""Characters of a page title kept: real titles are far shorter, and a title is copied
into reports, annotations and the tracking issue (a page may send a megabyte of it)."""


def _tidy(title: str) -> str:
    """The title on one line, cut to ``TITLE_LIMIT`` characters."""
    title = " ".join(title[: TITLE_LIMIT * 8].split())
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…"


def normalize(title: str) -> str:
    """NFKC, case-folded, without punctuation or white space."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", title).casefold())


def title_variants(page_title: str) -> list[str]:
    """The page title whole and without its site-name parts, normalised, longest first."""
    parts = [p for p in _SITE_SEPARATORS.split(page_title) if p.strip()]
    variants = {normalize(page_title)}
    variants.update(normalize(p) for p in parts)
    if len(parts) > 2:
        variants.add(normalize(" ".join(parts[:-1])))  # drop a trailing site name only
    return sorted((v for v in variants if v), key=len, reverse=True)


def _scripts(text: str) -> set[str]:
    """``text`` in Simplified by the mainland, Taiwan and Hong Kong conversions."""
    return {converter(config).convert(text) for config in ("t2s", "tw2s", "hk2s")}


def compare_titles(cited: str | None, page: str | None) -> TitleMatch:
    """How the live page's title relates to the cited title."""
    if not cited or not page:
        return TitleMatch.UNKNOWN
    wanted = normalize(cited)
    if not wanted:
        return TitleMatch.UNKNOWN
    variants = title_variants(page)
    if wanted in variants:
        return TitleMatch.SAME
    wanted_scripts = _scripts(wanted)
    for variant in variants:
        if wanted_scripts & _scripts(variant):
            return TitleMatch.SAME_AFTER_NORMALIZATION
    simplified = converter("t2s").convert(wanted)
    for variant in variants:
        other = converter("t2s").convert(variant)
        if _similar(simplified, other):
            return TitleMatch.PARTIAL
    return TitleMatch.DIFFERENT


def _similar(a: str, b: str) -> bool:
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 4 and shorter in longer:
        return True
    return SequenceMatcher(None, a, b).ratio() >= _PARTIAL_RATIO


def looks_not_found(title: str | None) -> bool:
    """Whether a page title says the page does not exist (a soft-404 served with 200)."""
    return bool(title and NOT_FOUND_TITLES.search(title))
