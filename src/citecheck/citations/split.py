"""Split one footnote's protected text into the segments that each cite one work.

A footnote may hold several works and prose around them. Works are separated by
semicolons, by a CJK full stop, or by the comma after a URL that closes one work when
another title follows. Prose segments (no title, no URL, no back-reference) are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from citecheck.citations import patterns
from citecheck.citations.markup import (
    PLACEHOLDER,
    Protected,
    SpanKind,
    has_placeholder,
    placeholder_pattern,
)
from citecheck.citations.markup import (
    PLACEHOLDER_EDGES as EDGES,
)
from citecheck.citations.markup import (
    PLACEHOLDER_END as END,
)
from citecheck.citations.markup import (
    PLACEHOLDER_START as START,
)
from citecheck.citations.names import looks_like_names
from citecheck.citations.patterns import CIRCLED, HAN
from citecheck.citations.styles import detect


@dataclass(frozen=True, slots=True)
class Prefiltered:
    """A case-blind pattern of words, with needles: one of them stands in the lower-cased
    text of every match, so a text whose lower-cased form holds none is answered without
    running the pattern. (The needles' letters are ones that re.IGNORECASE matches only to
    their own two cases, unlike i, k, s or т; tests/test_prefilters.py checks both.)"""

    pattern: re.Pattern[str]
    needles: tuple[str, ...]

    def _may_match(self, text: str) -> bool:
        lowered = text.lower()
        return any(map(lowered.__contains__, self.needles))

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.match(text, pos) if self._may_match(text) else None

    def split(self, text: str) -> list[str]:
        return self.pattern.split(text) if self._may_match(text) else [text]


def _first_letters(*words: str) -> str:
    """A look-ahead for a case-blind alternation of ``words``: it turns a position away at
    once unless one of the words' first characters stands there, before every word is
    tried. (With re.IGNORECASE the class matches exactly what those characters match.)"""
    return f"(?=[{re.escape(''.join(sorted({word[0] for word in words})))}])"


_SEMICOLON = re.compile(r"\s*[;；]\s*")
_CJK_STOP = re.compile(r"。\s*")
_AFTER_URL = re.compile(rf"({placeholder_pattern('U', 'D')})\s*[,，.]\s+(?=\S)")
# English notes: "..., 33. Smith, *Book* ..." — a full stop after a page number, a closing
# bracket or a URL, followed by a capital or a title, starts another work.
# (The look-behind follows the "." so that the pattern opens with a literal, searched fast.)
_EN_STOP = re.compile(rf"\.(?<=[\d)）{END}]\.)\s+(?=[A-ZА-Я{START}“\"{HAN}])")
# A back-reference: to the work just cited (同上, 同書, Ibid., Id., Там же), to the work of a
# numbered note (同註 3, 同④, 前掲注(4), supra note 3), or op. cit. without an author.
BACK_REFERENCE = re.compile(
    rf"^{_first_letters(*patterns.words(patterns.IBID_WORDS), '同', '前掲', 'Op', 'Указ', 'supra')}"
    rf"(?:{patterns.IBID}|同[註注]\s*\d+|同[註注]?\s*[{CIRCLED}]|前掲[註注]\s*[(（]?\s*\d+|"
    r"Op\.\s*cit|Указ\.\s*соч|supra\s+(?:note|n\.)\s*\d+)",
    re.IGNORECASE,
)
# "Лукин А. В. Указ. соч. С. 60.", "Smith, op. cit., 45", "Lo, supra note 2, at 140",
# "添谷、前掲書、52頁": an author's work cited before.
OP_CIT = Prefiltered(
    re.compile(
        rf"^(?P<author>[^{EDGES},，:：]{{2,60}}?)\s*[,，:：、]?\s*"
        rf"{_first_letters(*patterns.words(patterns.OP_CIT_WORDS))}(?:{patterns.OP_CIT})",
        re.IGNORECASE,
    ),
    needles=("前", "op.", "upra", "указ"),
)

# The note a back-reference names: 同註 3, 同④, 前引註 12, 前掲注(4), supra note 3.
NOTE_REFERENCE = re.compile(
    rf"(?:^(?:同[註注]?|前引[註注]|前掲[註注]\s*[(（]?)\s*|\bsupra\s+(?:note|n\.)\s*)(?P<note>\d+|[{CIRCLED}])",
    re.IGNORECASE,
)
_TITLE_KINDS = {SpanKind.QUOTED, SpanKind.ANGLE, SpanKind.BOOK, SpanKind.ITALIC}
# A publication parenthesis: "(New York: Norton, 2010)", "（台北：五南，2006）".
_IMPRINT = re.compile(
    rf"[(（](?:[A-ZА-ЯЁ][\w.\s,-]{{1,40}}|[{HAN}]{{2,8}})\s*[:：]\s*"
    rf"[A-ZА-ЯЁ{HAN}][^()（）]{{0,80}}?[,，]\s*\d{{4}}\s*(?:年)?[)）]"
)


def split_citations(protected: Protected) -> list[str]:
    """The segments of ``protected.text`` that cite a work, in order."""
    segments = [protected.text]
    for splitter in (
        _split_semicolons,
        _split_cited_in,
        _split_cjk_stops,
        _split_after_urls,
        _split_en_stops,
    ):
        segments = [part for segment in segments for part in splitter(segment, protected)]
    return [
        s
        for s in (seg.strip(" ,，.。") for seg in segments)
        if is_citation(s, protected) or _quoted_source(s, protected)
    ]


# "…, quoted in Pannier, …", "…，转引自王缉思：《…》": a second work the first is cited through.
_CITED_IN_INSIDE = Prefiltered(
    re.compile(rf"\s*[,，]\s*(?=(?:{patterns.CITED_IN}))", re.IGNORECASE),
    needles=("引自", "ted", "ц"),
)


def _split_cited_in(segment: str, _: Protected) -> list[str]:
    return _CITED_IN_INSIDE.split(segment)


def _quoted_source(segment: str, protected: Protected) -> bool:
    """The work before "quoted in" / 转引自 is cited even without marked title: "Henry
    Kissinger, On China, New York: Penguin Press, 2011, p. 210，转引自…"."""
    at = protected.text.find(segment)
    if at < 0 or not _CITED_IN_INSIDE.match(protected.text, at + len(segment)):
        return False
    head, comma, _ = strip_relation(segment).partition(",")
    return bool(comma) and looks_like_names(head)


# An imprint of two publishers: "Place: Publisher; Place: Publisher, Year".
_PLACE = r"[A-Z][\w.]*(?:,?\s[A-Z][\w.]*){0,3}"
_PLACE_PUBLISHER_END = re.compile(rf"(?:^|[.．]\s)\s*{_PLACE}\s*:\s*[A-Z][^:;,.]+$")
_PLACE_START = re.compile(rf"{_PLACE}\s*:\s*[A-Z]")


def _split_semicolons(segment: str, _: Protected) -> list[str]:
    """Split at semicolons outside brackets ("(London: Chatham House; Washington: …)")."""
    if ";" not in segment and "；" not in segment:
        return [segment]  # the common case, checked without the pattern
    parts, last = [], 0
    for m in _SEMICOLON.finditer(segment):
        before = segment[last : m.start()]
        if before.count("(") + before.count("（") > before.count(")") + before.count("）"):
            continue
        if _PLACE_PUBLISHER_END.search(before) and _PLACE_START.match(segment, m.end()):
            continue  # "London: Chatham House; Washington, D.C.: Brookings": one imprint
        parts.append(before)
        last = m.end()
    parts.append(segment[last:])
    return parts


def _split_cjk_stops(segment: str, protected: Protected) -> list[str]:
    if "。" not in segment:
        return [segment]  # the common case, checked without the pattern
    parts: list[str] = []
    for part in _CJK_STOP.split(segment):
        if parts and _same_work(parts[-1], part, protected):
            parts[-1] = f"{parts[-1]}，{part}"
        else:
            parts.append(part)
    return parts


# "趙春山（2012）" — the head of an author-date reference, which 。 separates from its title.
_AUTHOR_DATE_HEAD = re.compile(rf"[^{EDGES}。]{{1,40}}?[(（]\d{{4}}[a-z]?[)）]")
_ARTICLE_TITLE_END = re.compile(f"{placeholder_pattern('Q', 'A')}$")
_CONTAINER_START = re.compile(f"^{placeholder_pattern('B')}")


def _same_work(before: str, after: str, protected: Protected) -> bool:
    """Whether a CJK full stop separates elements of one reference (APA-like notes:
    "作者（年）。〈篇名〉。《刊名》，卷(期)，頁。") rather than two works."""
    if _AUTHOR_DATE_HEAD.fullmatch(before.strip()):
        return True
    before = before.strip()
    return bool(
        _ARTICLE_TITLE_END.search(before)
        and _CONTAINER_START.match(after.strip())
        and not any(protected.span(m).kind is SpanKind.BOOK for m in PLACEHOLDER.finditer(before))
    )


def _split_after_urls(segment: str, protected: Protected) -> list[str]:
    if not has_placeholder(segment, SpanKind.URL, SpanKind.DOI):
        return [segment]  # no URL to split after, checked without the pattern
    parts, last = [], 0
    for m in _AFTER_URL.finditer(segment):
        rest = segment[m.end() :]
        if _has_title(rest, protected):
            parts.append(segment[last : m.end(1)])
            last = m.end()
    parts.append(segment[last:])
    return parts


def _split_en_stops(segment: str, protected: Protected) -> list[str]:
    if "." not in segment:
        return [segment]  # Chinese notes stop with "。": checked without the pattern
    parts, last = [], 0
    for m in _EN_STOP.finditer(segment):
        left, right = segment[last : m.start()], segment[m.end() :]
        if _has_title(left, protected) and (
            _has_title(right, protected) or BACK_REFERENCE.match(right)
        ):
            parts.append(left)
            last = m.end()
    parts.append(segment[last:])
    return parts


def _has_title(text: str, protected: Protected) -> bool:
    if not has_placeholder(text, *_TITLE_KINDS):
        return False  # checked without the pattern
    return any(protected.span(m).kind in _TITLE_KINDS for m in PLACEHOLDER.finditer(text))


_SENTENCE_STOP = re.compile(r"[。！？]")


def is_citation(segment: str, protected: Protected) -> bool:
    """A segment cites a work when it has a URL, a back-reference, or a title near its start.

    A title deep inside a long sentence ("…在《人民幣國際化報告》中宣示…") is prose that
    mentions a work, not a citation of it.
    """
    if not segment:
        return False
    # A URL or a title near the start decides most segments, so they are looked at first:
    # a back-reference (looked for next) would make the segment a citation all the same.
    first = None
    for m in PLACEHOLDER.finditer(segment):
        kind = protected.span(m).kind
        if kind is SpanKind.URL or kind is SpanKind.DOI:
            return True
        if first is None and kind in _TITLE_KINDS:
            first = m
    prose_lead = False
    if first is not None:
        lead = strip_relation(segment[: first.start()])
        prose_lead = bool(_SENTENCE_STOP.search(lead))
        if not prose_lead and (len(lead) <= 60 or (len(lead) <= 600 and _author_list(lead))):
            return True
    bare = strip_relation(segment)
    if BACK_REFERENCE.match(bare) or OP_CIT.match(bare):
        return True
    if prose_lead:
        return False
    # Styles that mark no title (GOST, GB/T 7714, notes whose italics were lost) and
    # styles read from their plain text (Bluebook, Japanese).
    plain = strip_relation(protected.restore(segment))
    if detect(plain, titled=first is not None) is not None:
        return True
    imprint = _IMPRINT.search(plain)
    # "John Smith, The Rise of China (New York: Norton, 2010), 45." from a DOCX or a
    # plain-text file, where the italics that marked the title are gone.
    return bool(imprint and imprint.start() <= 250 and first is None)


_CONNECTORS = {
    "and",
    "&",
    "et",
    "al.",
    "al",
    "eds.",
    "ed.",
    "eds",
    "of",
    "the",
    "de",
    "van",
    "von",
    "der",
    "da",
    "la",
    "le",
    "du",
    "di",
    "members",
    "и",
    "др.",
}


def _author_list(text: str) -> bool:
    """A long lead that is a list of many authors ("A. B. Smith, C. Jones, …, and X. Lee")."""
    words = [w for w in re.split(r"[\s,;]+", text.strip(" ,，:：")) if w]
    if len(words) < 4:
        return False
    named = sum(1 for w in words if w[0].isupper() or w.lower() in _CONNECTORS)
    listed = text.count(",") >= 2 or text.strip().endswith((",", "，", ":", "："))
    return named >= 0.85 * len(words) and listed


_RELATION_FIRST = _first_letters(
    *"另又亦並并可", *patterns.words(patterns.SEE_WORDS), *patterns.words(patterns.CITED_IN_WORDS)
)
RELATION_PREFIX = re.compile(
    rf"^{_RELATION_FIRST}(?:(?P<see>(?:另|又|亦|並|并)?可?(?:{patterns.SEE}))|(?P<cited>{patterns.CITED_IN}))"
    r"\s*[:：]?",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)  # asked of each segment twice: when it is kept, and when it is read
def strip_relation(text: str) -> str:
    """``text`` without a leading relation word (See, 參見, 轉引自, Цит. по:), and without
    the prose that may lead into it ("On late-Soviet radio, see …")."""
    text = text.strip()
    lead_in = LEAD_IN.match(text)
    if lead_in:
        text = text[lead_in.end() :]
    relation = RELATION_PREFIX.match(text)  # anchored at the start: one match at most
    return (text[relation.end() :] if relation else text).strip()


# "关于联盟理论的综述，参见…" / "On the gas deal, see …": prose before a relation word.
# (Possessive: the prose holds no comma, so giving back characters can never find one.)
# (Not Prefiltered: anchored and possessive, the pattern costs less than lower-casing.)
LEAD_IN = re.compile(
    rf"^[^{EDGES}，,]{{2,100}}+[，,]\s*(?=(?:另|又|亦)?(?:參見|参见|參閱|参阅)|see\s|cf\.)",
    re.IGNORECASE,
)
